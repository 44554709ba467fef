"""The record of a run: every finding, the figure tables and the area files, computed once.

:func:`compute` is the one call that audits a campaign: for each area it builds the area's
reduction, runs every check of the registry on it, and asks the area for the small tables its
figures are drawn from and the files it writes (``suppress.csv``, the notice, the data sheet).
``ethicskit run`` calls it once and :func:`write` stores the result; a notebook run on its own
calls the same :func:`compute`, and a notebook under a run reads the stored record with
:func:`read`. Nothing in a record holds a row of the campaign.

An area module ``ethicskit.<area>.checks`` provides ``CHECKS`` (its registry rows),
``reduce(campaign)``, ``tables(reduction, findings)`` (name -> small DataFrame) and
``files(reduction, findings)`` (file name -> text or bytes); ``findings`` holds the findings of
the run so far, keyed by check id (areas run in the suite's order, transparency last).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from ethicskit.findings import AREAS, Finding, to_jsonable
from ethicskit.thresholds import THRESHOLDS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ethicskit.campaign import Campaign

META_FILE = "record.json"
TABLES = "tables"
FINDINGS = "findings"


@dataclass(frozen=True)
class Record:
    """What a run computed: metadata, findings in registry order, figure tables, area files."""

    meta: Mapping[str, Any]
    findings: tuple[Finding, ...]
    tables: Mapping[str, Mapping[str, "pd.DataFrame"]] = field(default_factory=dict)
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    #: the run folder a stored record was read from (None for a record just computed)
    folder: str | None = None

    @property
    def areas(self) -> list[str]:
        return list(self.meta.get("areas", []))

    def finding(self, check_id: str) -> Finding:
        for f in self.findings:
            if f.check_id == check_id:
                return f
        raise KeyError(f"{check_id}: not in this record (areas: {', '.join(self.areas)})")

    def area_findings(self, area: str) -> dict[str, Finding]:
        """The findings of one area, keyed by check id, in registry order."""
        return {f.check_id: f for f in self.findings if f.area == area}

    def table(self, area: str, name: str) -> "pd.DataFrame":
        try:
            return self.tables[area][name]
        except KeyError:
            raise KeyError(f"no table {area}/{name} in this record") from None

    def threshold(self, name: str) -> Any:
        """The threshold in force in this run (the config's value, else the default)."""
        return self.meta.get("thresholds", {}).get(name, THRESHOLDS[name])


def area_module(area: str):
    """The module holding an area's rows, reduction, tables, files and key figures."""
    from ethicskit import registry

    return registry.AREA_MODULES[area]


def rule_pack_meta(config) -> dict:
    """What ``record.json`` says of the rule pack the run judged by: its version and review date,
    the config's overrides (the values, and their dotted paths) and ``default_jurisdiction``."""
    from ethicskit.rulepack import load

    pack = load(config.rules)
    return {"version": pack.raw["version"], "reviewed": str(pack.raw["reviewed"]),
            "default_jurisdiction": config.default_jurisdiction,
            "overridden": list(pack.overridden), "overrides": to_jsonable(config.rules)}


def compute(campaign: "Campaign", areas=AREAS) -> Record:
    """Audit ``campaign``: every check of ``areas`` (in the suite's order), with their tables and
    files. Reductions are built once per area and dropped when the area is done."""
    from ethicskit import registry
    from ethicskit.executor import run_check

    areas = [a for a in AREAS if a in set(areas)]
    overrides = campaign.config.thresholds
    # the dataset's columns (a compressed campaign's frame holds only those its areas read)
    columns = list((campaign.cells.schema if campaign.cells is not None else campaign).df.columns)
    findings: dict[str, Finding] = {}
    tables: dict[str, dict] = {}
    files: dict[str, str | bytes] = {}
    for area in areas:
        # an area that judges the findings before it gets them; when some of those areas are
        # not part of this run, the registry computes them for it (None)
        earlier = AREAS[:AREAS.index(area)]
        known = findings if all(a in areas for a in earlier) else None
        reduction = registry.reduce(area, campaign, known)
        for row in registry.checks_for(area):
            findings[row.id] = run_check(row, registry.part_for(reduction, row.id),
                                         columns=columns, overrides=overrides)
        module = area_module(area)
        tables[area] = dict(module.tables(reduction, findings))
        files.update(module.files(reduction, findings))
        del reduction
    meta = {"campaign": campaign.config.name, "as_of": campaign.as_of.isoformat(),
            "dataset": campaign.meta(), "engine": campaign.engine,
            **({} if campaign.cells is None else {"cells": campaign.cells.asked}),
            "keyed_by_row": campaign.keyed_by_row,
            "notes": list(getattr(campaign, "notes", []) or []),
            "areas": areas,
            "thresholds": to_jsonable({**THRESHOLDS, **overrides}),
            "rule_pack": rule_pack_meta(campaign.config)}
    return Record(meta=meta, findings=tuple(findings.values()), tables=tables, files=files)


def write(record: Record, folder: str | Path) -> Path:
    """Store ``record`` in a run folder: ``findings/<area>.json``, ``tables/<area>/<name>.parquet``,
    the area files at the top, and ``record.json`` (metadata and the list of tables)."""
    folder = Path(folder)
    (folder / FINDINGS).mkdir(parents=True, exist_ok=True)
    for area in record.areas:
        data = [f.to_dict() for f in record.findings if f.area == area]
        (folder / FINDINGS / f"{area}.json").write_text(
            json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    listed: dict[str, list[str]] = {}
    for area, named in record.tables.items():
        target = folder / TABLES / area
        target.mkdir(parents=True, exist_ok=True)
        for name, frame in named.items():
            frame.to_parquet(target / f"{name}.parquet", index=False)
            listed.setdefault(area, []).append(name)
    for name, content in record.files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    # every number at the JSON edge through ethicskit.numbers.json_number (to_jsonable)
    meta = to_jsonable({**record.meta, "tables": listed, "files": sorted(record.files)})
    (folder / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False),
                                    encoding="utf-8")
    return folder


def read(folder: str | Path, areas=None) -> Record:
    """The record stored in a run folder by :func:`write` (only ``areas`` when given).
    Area files are not read back: they are in the folder for whoever needs them."""
    import pandas as pd

    folder = Path(folder)
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    wanted = [a for a in meta.get("areas", []) if areas is None or a in set(areas)]
    findings = []
    for area in wanted:
        data = json.loads((folder / FINDINGS / f"{area}.json").read_text(encoding="utf-8"))
        findings += [Finding.from_dict(d) for d in data]
    tables = {area: {name: pd.read_parquet(folder / TABLES / area / f"{name}.parquet")
                     for name in meta.get("tables", {}).get(area, [])} for area in wanted}
    return Record(meta={**meta, "areas": wanted}, findings=tuple(findings), tables=tables,
                  folder=str(folder))
