"""Transparency checks: the declared data inventory compared with the data and its use.

A dataset column is *declared* when the inventory names it by the dataset's own name or by its
logical name. Derived columns (``age``, ``age_band``) and a row-number key are not dataset columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.findings import Finding
from ethicskit.inventory import REQUIRED_FIELDS
from ethicskit.registry import finding, not_evaluated

NO_INVENTORY = ("Not evaluated: the config names no data inventory (`inventory:`), so there is "
                "nothing declared to compare the data with.")


def _names(campaign, dataset_column: str) -> tuple[str, ...]:
    frame = campaign.frame_column(dataset_column)
    return (dataset_column, frame) if frame != dataset_column else (dataset_column,)


def undeclared_columns(campaign) -> Finding:
    """Dataset columns the inventory does not declare.

    ``value`` = number of dataset columns with no inventory entry under their own or their logical
    name. Rule: GDPR Art. 5(1)(c) (data minimisation), 13 and 30 (records of processing): data
    you cannot account for is data you should not hold. Fails if any.
    """
    check = "transparency.undeclared_columns"
    inventory = campaign.inventory
    if inventory is None:
        return not_evaluated(check, NO_INVENTORY, missing=["inventory"])
    missing = [c for c in campaign.dataset_columns
               if inventory.entry_for(*_names(campaign, c)) is None]
    n = len(campaign.dataset_columns)
    if missing:
        shown = ", ".join(missing[:8]) + (" and more" if len(missing) > 8 else "")
        message = (f"{len(missing)} of {n} dataset columns are not declared in the data "
                   f"inventory: {shown}.")
    else:
        message = f"All {n} dataset columns are declared in the data inventory."
    return finding(check, status="fail" if missing else "pass", value=len(missing), threshold=0,
                   affected_rows=None, message=message,
                   details={"columns": missing, "declared": len(inventory.columns)})


def _criteria_keys(campaign) -> tuple[np.ndarray, list[set[str]]]:
    """Per distinct ``targeting_criteria`` value, the keys of its tokens (the part before the
    first ``:``, trimmed); with the row codes of :meth:`Campaign.value_tokens`."""
    codes, per_value = campaign.value_tokens("targeting_criteria")
    distinct = pd.Series(sorted({t for ts in per_value for t in ts}), dtype="str")
    keys = dict(zip(distinct.tolist(),
                    distinct.str.split(":", n=1).str[0].str.strip().tolist()))
    return codes, [{keys[t] for t in ts} for ts in per_value]


def excluded_data_used(campaign) -> Finding:
    """Columns declared as excluded that the model or the targeting uses all the same.

    A declared column is excluded when ``in_model: false`` or ``use: audit_only``. It is *used*
    when it is among the model features (config ``model_features``; without it, every unmapped
    column, as for ``bias.proxy_features``) or when a ``targeting_criteria`` token's key is its
    dataset or logical name (case-insensitive). ``value`` = number of such columns;
    ``affected_rows`` = rows whose targeting criteria use one of them. Rule: GDPR Art. 5(1)(b),
    purpose limitation. Fails if any.
    """
    check = "transparency.excluded_data_used"
    inventory = campaign.inventory
    if inventory is None:
        return not_evaluated(check, NO_INVENTORY, missing=["inventory"])
    excluded = inventory.excluded()
    features = set(campaign.model_features)
    value_keys = None
    if "targeting_criteria" in campaign.df.columns:
        codes, value_keys = _criteria_keys(campaign)
    used, rows_mask = [], np.zeros(len(campaign.df), dtype=bool)
    for name, why in excluded.items():
        frame = campaign.resolve(name)
        aliases = {name.lower()}
        if frame:
            aliases |= {frame.lower(), campaign.display_name(frame).lower()}
        where = []
        if frame and frame in features:
            where.append("model_features")
        if value_keys is not None:
            hit = [v for v, keys in enumerate(value_keys) if keys & aliases]
            if hit:
                where.append("targeting_criteria")
                rows_mask |= np.isin(codes, hit)
        if where:
            used.append({"column": name, "declared": why,
                         "reason": inventory.columns[name].get("reason"), "used_in": where})
    affected = int(rows_mask.sum())
    if used:
        parts = "; ".join(f"{u['column']} ({u['declared']}) in {' and '.join(u['used_in'])}"
                          for u in used)
        message = (f"{len(used)} column(s) declared as excluded are used: {parts}. "
                   f"{affected:,} rows were selected with such a criterion.")
    else:
        message = (f"None of the {len(excluded)} columns declared as excluded appears in the "
                   f"model features or the targeting criteria.")
    if campaign.config.model_features is None:
        message += (" The config lists no `model_features`, so every column outside the data "
                    "contract counts as a model feature.")
    return finding(check, status="fail" if used else "pass", value=len(used), threshold=0,
                   affected_rows=affected, message=message,
                   details={"columns": used, "excluded": sorted(excluded)})


def inventory_completeness(campaign) -> Finding:
    """Declared columns whose entry lacks any of the seven fields of DATA.md section 3.

    ``value`` = number of such entries (a field that is missing, null or blank is missing).
    Rule: Model Cards (Mitchell et al. 2019) and Datasheets for Datasets (Gebru et al. 2021):
    a declaration without purpose, basis or retention cannot be checked. Warns if any.
    """
    check = "transparency.inventory_completeness"
    inventory = campaign.inventory
    if inventory is None:
        return not_evaluated(check, NO_INVENTORY, missing=["inventory"])
    incomplete = []
    for name, entry in inventory.columns.items():
        missing = [f for f in REQUIRED_FIELDS
                   if entry.get(f) is None or (isinstance(entry.get(f), str)
                                               and not entry[f].strip())]
        if missing:
            incomplete.append({"column": name, "missing": missing})
    if incomplete:
        shown = "; ".join(f"{e['column']} lacks {', '.join(e['missing'])}"
                          for e in incomplete[:6])
        message = (f"{len(incomplete)} of {len(inventory.columns)} declared columns are "
                   f"incomplete: {shown}.")
    else:
        message = f"All {len(inventory.columns)} declared columns have all seven fields."
    return finding(check, status="warn" if incomplete else "pass", value=len(incomplete),
                   threshold=0, affected_rows=None, message=message,
                   details={"columns": incomplete})


def notice(campaign) -> Finding:
    """Build the customer notice and the internal data sheet (written by the notebook).

    Status ``info``: the notice is reported without judgement; a person reviews it. Rule: GDPR
    Art. 13 and 14 (information to the data subject), DSA Art. 26(1)(d) (meaningful information
    about the main parameters used to target an ad).
    """
    from ethicskit.notice import build_notice

    check = "transparency.notice"
    inventory = campaign.inventory
    if inventory is None:
        return not_evaluated(check, NO_INVENTORY, missing=["inventory"])
    content = build_notice(campaign, inventory)
    message = (f"Customer notice written: {len(content['used'])} kinds of data used for "
               f"personalisation, {len(content['excluded'])} excluded, with rights and "
               f"retention. Review it with legal before publishing.")
    return finding(check, status="info", value=len(content["used"]), affected_rows=None,
                   message=message,
                   details={"used": [u["column"] for u in content["used"]],
                            "excluded": [e["column"] for e in content["excluded"]],
                            "files": ["notice.md", "notice.html", "datasheet.html"]})


# ---------------------------------------------------------------- notebook helpers
def inventory_table(campaign):
    """The inventory against the data as a table (no data values), or None without one."""
    import pandas as pd

    from ethicskit.notice import datasheet_rows

    if campaign.inventory is None:
        return None
    return pd.DataFrame(datasheet_rows(campaign, campaign.inventory))


def notice_markdown(campaign) -> str:
    """The customer notice as Markdown, or ``""`` without an inventory."""
    from ethicskit.notice import build_notice, render_notice

    if campaign.inventory is None:
        return ""
    return render_notice(build_notice(campaign, campaign.inventory))[0]


def write_files(campaign, findings, output_dir) -> list:
    """Write notice.md, notice.html and datasheet.html into ``output_dir`` (if set)."""
    from ethicskit.notice import write_notice_files

    if not output_dir or campaign.inventory is None:
        return []
    return write_notice_files(campaign, campaign.inventory,
                              [f for f in findings if f.area == "transparency"], output_dir)
