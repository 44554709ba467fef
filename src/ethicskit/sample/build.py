"""The sample campaign made and written: the population (:mod:`.base`), the decision
(:mod:`.plant_bias`), the fields that follow it, then the privacy, targeting and transparency
planters on rows reserved for each, and the expected results they count."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ethicskit.sample import plant_bias, plant_privacy, plant_targeting, plant_transparency
from ethicskit.sample.base import (SampleCampaign, as_boolean, base_population,
                                   fill_after_decision, make_slots)
from ethicskit.sample.config import sample_config, sample_inventory


def generate(*, rows: int = 5000, seed: int = 7, count_expected: bool = True) -> SampleCampaign:
    """Build the sample campaign. Deterministic for a given ``rows`` and ``seed``.

    ``count_expected=False`` skips the planters' final counts (plain, deliberately simple code
    that is slow on millions of rows); the data is the same either way.
    """
    if rows < 1000:
        raise ValueError("the sample campaign needs at least 1,000 rows")
    rng = np.random.default_rng(seed)
    df = base_population(rows, rng)
    expected: dict[str, dict] = {}
    expected.update(plant_bias.decide(df, rng))
    df = fill_after_decision(df, rng)
    as_boolean(df)
    # plain Python strings while planting (setting a few values of an Arrow-backed string column
    # copies the whole column each time)
    text = [c for c in df.columns if pd.api.types.is_string_dtype(df[c])]
    for column in text:
        df[column] = df[column].astype(object)
    slots = make_slots(rows, rng)
    config = sample_config()
    inventory = sample_inventory()
    constructed: dict[str, dict] = {}
    edges: list[dict] = []
    constructed.update(plant_privacy.plant(df, rng, slots["privacy"], config=config,
                                           edges=edges))
    constructed.update(plant_targeting.plant(df, rng, slots["targeting"], config=config,
                                             edges=edges))
    constructed.update(plant_transparency.plant(df, rng, slots["transparency"], config=config,
                                                inventory=inventory))
    expected.update(constructed)
    # every result is recounted last, on the final data, with plain code independent of the
    # package's checks (the construction and the recount must agree: tests/sample)
    if count_expected:
        for planter in (plant_privacy, plant_targeting, plant_transparency, plant_bias):
            expected.update(planter.expect(df, config, inventory=inventory))
    return SampleCampaign(df=df, config=config, inventory=inventory, expected=expected, seed=seed,
                          constructed=constructed, edges=edges)


def _csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for column in out.columns:
        s = out[column]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[column] = s.dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


#: Rows per part of a sample written as a folder: each part is made and written alone, so the
#: memory a sample of any size needs is that of one part (about 1 GB).
PART_ROWS = 500_000


def is_folder_target(out: str | Path) -> bool:
    """Whether ``out`` names a folder of Parquet parts: a name ending in ``/`` or without a
    ``.csv``/``.parquet`` suffix, or an existing folder."""
    text = str(out)
    return (text.endswith(("/", "\\")) or Path(text).is_dir()
            or Path(text).suffix.lower() not in (".csv", ".parquet", ".gz"))


def part_sizes(rows: int, *, part_rows: int = PART_ROWS) -> list[int]:
    """``rows`` split into parts of at most ``part_rows``, as equal as can be (each at least
    1,000 rows, the smallest sample campaign)."""
    if rows < 1000:
        raise ValueError("the sample campaign needs at least 1,000 rows")
    count = max(1, -(-rows // part_rows))
    while count > 1 and rows // count < 1000:
        count -= 1
    base, extra = divmod(rows, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def write_sample_parts(out: str | Path, *, rows: int, seed: int = 7, with_config: bool = True,
                       part_rows: int = PART_ROWS, log=None) -> dict:
    """Write a sample of ``rows`` people as a folder of Parquet parts (``part-00000.parquet``...),
    each part made alone (the sample campaign of its size, seed ``seed + i``) and written before
    the next is made: memory stays that of one part whatever ``rows`` is. Customer ids run on
    across parts (``C000000001``...), so each is unique. The config and inventory go beside the
    folder (``<name>.yaml``, ``<name>.inventory.yaml``, ``dataset: <name>``); no expected results
    are written (they are counted on the whole table, which is never held). Returns
    ``{"rows", "parts", "columns"}``."""
    import yaml

    out = Path(out)
    sizes = part_sizes(rows, part_rows=part_rows)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.parquet"):
        old.unlink()
    width = max(6, len(str(rows)))
    start, columns, config, inventory = 0, 0, None, None
    for i, n in enumerate(sizes):
        sample = generate(rows=n, seed=seed + i, count_expected=False)
        ids = np.arange(start + 1, start + n + 1).astype(str)
        sample.df["customer_id"] = np.char.add("C", np.char.zfill(ids, width))
        tmp = out / f".part-{i:05d}.parquet.tmp"
        sample.df.to_parquet(tmp, index=False)
        tmp.replace(out / f"part-{i:05d}.parquet")
        start += n
        columns, config, inventory = sample.df.shape[1], sample.config, sample.inventory
        del sample
        if log is not None:
            log(f"part {i + 1} of {len(sizes)}: {start:,} of {rows:,} rows")
    if with_config:
        name = out.name
        config = dict(config, dataset=name, inventory=f"{name}.inventory.yaml")
        (out.parent / f"{name}.yaml").write_text(yaml.safe_dump(config, sort_keys=False),
                                                 encoding="utf-8")
        (out.parent / f"{name}.inventory.yaml").write_text(
            yaml.safe_dump(inventory, sort_keys=False), encoding="utf-8")
    return {"rows": rows, "parts": len(sizes), "columns": columns}


def write_sample(out: str | Path, *, rows: int = 5000, seed: int = 7,
                 with_config: bool = True, count_expected: bool = True) -> SampleCampaign:
    """Write the sample as CSV (or Parquet for a ``.parquet`` name), with its config and inventory
    beside it (``<stem>.yaml``, ``<stem>.inventory.yaml``) and the expected results
    (``<stem>.expected.json``). A folder is written by :func:`write_sample_parts`."""
    import json

    import yaml

    sample = generate(rows=rows, seed=seed, count_expected=count_expected)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".parquet":
        sample.df.to_parquet(out, index=False)
    else:
        _csv_frame(sample.df).to_csv(out, index=False)
    if with_config:
        config = dict(sample.config, dataset=out.name, inventory=f"{out.stem}.inventory.yaml")
        (out.parent / f"{out.stem}.yaml").write_text(yaml.safe_dump(config, sort_keys=False),
                                                      encoding="utf-8")
        (out.parent / f"{out.stem}.inventory.yaml").write_text(
            yaml.safe_dump(sample.inventory, sort_keys=False), encoding="utf-8")
        (out.parent / f"{out.stem}.expected.json").write_text(
            json.dumps(sample.expected, indent=2, sort_keys=True), encoding="utf-8")
    return sample
