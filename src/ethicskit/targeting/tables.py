"""Tables behind the targeting notebook's figures: counts only, never a person's values.

Each function takes the targeting reduction (or a finding) and returns a small frame of counts;
:func:`tables` gathers them for the record and :mod:`ethicskit.plots.targeting` draws them. A
function returns ``None`` when the data lack its columns (the table is then left out).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ethicskit.masking import safe_label
from ethicskit.targeting.audience import (contact_distribution, depth_distribution,  # noqa: F401
                                          segment_sizes)
from ethicskit.targeting.lexicon import CATEGORIES, HARDSHIP
from ethicskit.targeting.reduction import AGE_RESTRICTED, HIGH_RISK, TargetingReduction, labels

#: The columns whose presence the plots report (table ``columns``).
INPUT_COLUMNS = ("targeted", "targeting_criteria", "inferred_segments", "segment",
                 "contact_count", "product_category", "vulnerability_flags", "age", "age_band",
                 "automated_decision", "human_review", "explicit_consent_sensitive", "country",
                 "region", "channel", "parental_consent")
#: The checks that follow the rule pack of each row (table ``by_jurisdiction``).
PACK_CHECKS = ("targeting.sensitive_interests", "targeting.protected_criteria_in_opportunity_ads",
               "targeting.minors_profiling_ads")


def _details(finding) -> dict:
    return (finding.details or {}) if finding is not None else {}


def sensitive_category_rows(finding, hardship=None) -> pd.DataFrame:
    """Targeted rows counted per category (all nine, zeros included): the special categories
    from the sensitive-interests finding (``check`` ``sensitive_interests``), financial hardship
    from the hardship finding (``check`` ``hardship_targeting``)."""
    counts = _details(finding).get("categories", {})
    # a row matching two hardship tokens counts once: the finding's affected_rows
    hard_rows = int(hardship.affected_rows or 0) if hardship is not None else 0
    rows = [hard_rows if c == HARDSHIP else int(counts.get(c, 0)) for c in CATEGORIES]
    return pd.DataFrame({"category": list(CATEGORIES), "rows": rows,
                         "check": ["hardship_targeting" if c == HARDSHIP
                                   else "sensitive_interests" for c in CATEGORIES]})


def sensitive_token_table(finding, *, column: str = "targeted people counted"
                          ) -> pd.DataFrame | None:
    """The criteria, traits and segments of a finding's ``details.tokens`` with their rows."""
    tokens = _details(finding).get("tokens")
    if not tokens:
        return None
    table = pd.DataFrame(tokens)[["token", "category", "rows"]]
    table["category"] = table["category"].str.replace("_", " ")
    return table.rename(columns={"rows": column})


def _empty_tokens(column: str) -> pd.DataFrame:
    return pd.DataFrame({"token": pd.Series([], dtype=object),
                         "category": pd.Series([], dtype=object),
                         column: pd.Series([], dtype="int64")})


def jurisdiction_table(findings: Mapping, order=()) -> pd.DataFrame:
    """Per check that follows the rule pack and per jurisdiction: the rows judged, those
    affected and those judged by the default (``check, jurisdiction, judged, affected,
    fallback``), from the findings' ``details.by_jurisdiction``; jurisdictions in ``order``
    (the pack's), then checks in :data:`PACK_CHECKS` order."""
    rows = []
    for check_id in PACK_CHECKS:
        for entry in _details(findings.get(check_id)).get("by_jurisdiction", []):
            rows.append({"check": check_id.split(".", 1)[1],
                         "jurisdiction": str(entry["jurisdiction"]),
                         "judged": int(entry["judged"]), "affected": int(entry["affected"]),
                         "fallback": int(entry["fallback"])})
    if not rows:
        return pd.DataFrame({"check": pd.Series([], dtype=object),
                             "jurisdiction": pd.Series([], dtype=object),
                             **{c: pd.Series([], dtype="int64")
                                for c in ("judged", "affected", "fallback")}})
    rank = {k: i for i, k in enumerate(order)}
    checks = [c.split(".", 1)[1] for c in PACK_CHECKS]
    rows.sort(key=lambda r: (rank.get(r["jurisdiction"], len(rank)), r["jurisdiction"],
                             checks.index(r["check"])))
    return pd.DataFrame(rows)


def lexicon_table(red: TargetingReduction, *, examples: int = 8) -> pd.DataFrame:
    """The sensitive lexicon in force: per category, how many entries and a few of them."""
    rows = []
    for category in CATEGORIES:
        entries = red.lexicon.entries(category)
        rows.append({"category": category, "entries": len(entries),
                     "for example": ", ".join(entries[:examples])})
    return pd.DataFrame(rows).set_index("category")


def _crosstab(product, column, n, columns) -> pd.DataFrame:
    frame = pd.DataFrame({"product": product, "column": column, "n": n})
    if frame.empty:
        empty = pd.DataFrame({c: pd.Series([], dtype="int64") for c in columns},
                             index=pd.Index([], dtype=object, name="product"))
        return _order(empty)
    table = frame.pivot_table(index="product", columns="column", values="n", aggfunc="sum",
                              fill_value=0, observed=True)
    return _order(table.reindex(columns=columns, fill_value=0).astype("int64"))


def product_by_vulnerability(red: TargetingReduction) -> pd.DataFrame | None:
    """Targeted rows per product (rows) and vulnerability (columns ``no flag``, ``flagged``).

    A row is flagged when its ``vulnerability_flags`` text is not blank."""
    cells = red.flag_cells
    if cells is None:
        return None
    code, prod = cells["flags"].to_numpy(), cells["product"].to_numpy()
    keep = (prod < red.product.size) & (cells["targeted"].to_numpy() > 0)
    blank = np.array([str(v).strip() != "" for v in red.flags.uniques] + [False], dtype=bool)
    flagged = np.where(blank[code[keep]], "flagged", "no flag")
    return _crosstab(labels(red.product, prod[keep]).astype(str), flagged,
                     cells["targeted"].to_numpy()[keep], ["no flag", "flagged"])


def product_by_age(red: TargetingReduction) -> pd.DataFrame | None:
    """Targeted rows per product (rows) and age band (columns, youngest first; ``unknown``)."""
    cells = red.band_cells
    if cells is None:
        return None
    prod, band = cells["product"].to_numpy(), cells["band"].to_numpy()
    keep = prod < red.product.size
    prod, band, n = prod[keep], band[keep], cells["n"].to_numpy()[keep]
    known = band < red.age_band.size
    order = [str(b) for b in red.age_band.uniques[np.unique(band[known])]]
    order.sort(key=lambda b: float(str(b).split("-")[0].rstrip("+")) if str(b)[:1].isdigit()
               else float("inf"))
    names = np.array([str(b) for b in labels(red.age_band, band)], dtype=object)
    names[~known] = "unknown"
    columns = order + (["unknown"] if (~known).any() else [])
    return _crosstab(labels(red.product, prod).astype(str), names, n, columns)


def _order(table: pd.DataFrame) -> pd.DataFrame:
    """High-risk and age-restricted products first, then the rest alphabetically."""
    risky = [p for p in (*HIGH_RISK, *AGE_RESTRICTED) if p in table.index]
    risky = list(dict.fromkeys(risky))
    rest = sorted(p for p in table.index if p not in risky)
    table = table.loc[risky + rest]
    table.index.name, table.columns.name = "product", None
    return table


def tables(red: TargetingReduction, findings: Mapping) -> dict[str, pd.DataFrame]:
    """The small tables of the targeting notebook's figures and listings.

    ``columns`` (which input columns the data has), ``lexicon`` (the lexicon in force),
    ``sensitive_categories`` (rows per category, from the sensitive-interests and hardship
    findings), ``sensitive_tokens`` and ``hardship_tokens`` (the matching labels of each),
    ``by_jurisdiction`` (the checks that follow the rule pack, per jurisdiction),
    ``segments`` (targeted people per segment, names masked), ``contacts`` (rows per number of
    contacts), ``depth`` (targeted rows per number of criteria), ``product_by_vulnerability``
    and ``product_by_age`` (targeted rows per product; the product as a column). A table whose
    columns the data lack is left out.
    """
    sensitive = findings.get("targeting.sensitive_interests")
    hardship = findings.get("targeting.hardship_targeting")
    counted = "targeted people counted"
    tokens = sensitive_token_table(sensitive, column=counted)
    hard = sensitive_token_table(hardship, column="targeted people")
    out = {"columns": pd.DataFrame({"column": list(INPUT_COLUMNS),
                                    "present": [red.has(c) for c in INPUT_COLUMNS]}),
           "lexicon": lexicon_table(red).reset_index(),
           "sensitive_categories": sensitive_category_rows(sensitive, hardship),
           "sensitive_tokens": tokens if tokens is not None else _empty_tokens(counted),
           "hardship_tokens": hard if hard is not None else _empty_tokens("targeted people"),
           "by_jurisdiction": jurisdiction_table(findings, red.jurisdictions.pack.keys)}
    if red.segment_cells is not None:
        sizes = segment_sizes(red)[["segment", "targeted_rows"]]
        out["segments"] = sizes.assign(segment=[safe_label(s) for s in sizes["segment"]])
    if red.contact_cells is not None:
        out["contacts"] = contact_distribution(red)
    if red.depth_cells is not None:
        out["depth"] = depth_distribution(red)
    for name, table in (("product_by_vulnerability", product_by_vulnerability(red)),
                        ("product_by_age", product_by_age(red))):
        if table is not None:
            out[name] = table.reset_index()
    return out


__all__ = ["tables", "sensitive_category_rows", "sensitive_token_table", "lexicon_table",
           "jurisdiction_table",
           "product_by_vulnerability", "product_by_age", "segment_sizes",
           "contact_distribution", "depth_distribution"]
