"""Tables behind the targeting plots: counts only, never a person's values.

Each function takes the campaign (and a threshold where one matters) and returns a small frame of
counts; :mod:`ethicskit.plots.targeting` draws them. A function returns ``None`` when the data
lack its columns.
"""

from __future__ import annotations

import pandas as pd

from ethicskit.targeting.audience import contact_distribution, segment_sizes  # noqa: F401
from ethicskit.targeting.lexicon import CATEGORIES
from ethicskit.targeting.products import AGE_RESTRICTED, HIGH_RISK


def sensitive_category_rows(finding) -> pd.DataFrame:
    """Targeted rows per sensitive category (all nine, zeros included), from the finding."""
    counts = (finding.details or {}).get("categories", {}) if finding is not None else {}
    return pd.DataFrame({"category": list(CATEGORIES),
                         "rows": [int(counts.get(c, 0)) for c in CATEGORIES]})


def _targeted_products(campaign) -> pd.Series | None:
    if "product_category" not in campaign.df.columns:
        return None
    product = campaign.df["product_category"]
    return product[campaign.targeted & product.notna()].astype(str)


def product_by_vulnerability(campaign) -> pd.DataFrame | None:
    """Targeted rows per product (rows) and vulnerability (columns ``no flag``, ``flagged``)."""
    product = _targeted_products(campaign)
    if product is None or "vulnerability_flags" not in campaign.df.columns:
        return None
    flags = campaign.df.loc[product.index, "vulnerability_flags"].fillna("").astype(str)
    flagged = (flags.str.strip() != "").map({True: "flagged", False: "no flag"})
    table = pd.crosstab(product, flagged).reindex(columns=["no flag", "flagged"], fill_value=0)
    return _order(table)


def product_by_age(campaign) -> pd.DataFrame | None:
    """Targeted rows per product (rows) and age band (columns, youngest first; ``unknown``)."""
    product = _targeted_products(campaign)
    if product is None or "age_band" not in campaign.df.columns:
        return None
    band = campaign.df.loc[product.index, "age_band"]
    order = [str(b) for b in band.dropna().unique()]
    order.sort(key=lambda b: float(str(b).split("-")[0].rstrip("+")) if str(b)[:1].isdigit()
               else float("inf"))
    band = band.astype(object).where(band.notna(), "unknown").astype(str)
    columns = order + (["unknown"] if (band == "unknown").any() else [])
    table = pd.crosstab(product, band).reindex(columns=columns, fill_value=0)
    return _order(table)


def _order(table: pd.DataFrame) -> pd.DataFrame:
    """High-risk and age-restricted products first, then the rest alphabetically."""
    risky = [p for p in (*HIGH_RISK, *AGE_RESTRICTED) if p in table.index]
    risky = list(dict.fromkeys(risky))
    rest = sorted(p for p in table.index if p not in risky)
    table = table.loc[risky + rest]
    table.index.name, table.columns.name = "product", None
    return table


def lexicon_table(campaign, *, examples: int = 8) -> pd.DataFrame:
    """The sensitive lexicon in force: per category, how many entries and a few of them."""
    from ethicskit.targeting.lexicon import lexicon_for

    lexicon = lexicon_for(campaign)
    rows = []
    for category in CATEGORIES:
        entries = lexicon.entries(category)
        rows.append({"category": category, "entries": len(entries),
                     "for example": ", ".join(entries[:examples])})
    return pd.DataFrame(rows).set_index("category")


def sensitive_token_table(finding) -> pd.DataFrame | None:
    """The criteria, traits and segments that matched a sensitive category, with their rows."""
    tokens = (finding.details or {}).get("tokens") if finding is not None else None
    if not tokens:
        return None
    table = pd.DataFrame(tokens)[["token", "category", "rows"]]
    table["category"] = table["category"].str.replace("_", " ")
    return table.rename(columns={"rows": "targeted people without consent"})
