"""The suppression list: people who must not be contacted, and why, as an exact CSV.

One line per (person, check) for the row masks of ``privacy.consent_missing``,
``privacy.contact_after_optout``, ``privacy.erasure_overdue`` and ``privacy.minors_profiled``
(a person who breaches two checks has two lines), by the rules of each person's jurisdiction
(the rule pack in force in the run). Columns: ``customer_id,check_id,reason,row``. Reasons are
plain sentences without any identifier; ``row`` is the person's row in the dataset as loaded
(1 = the first data row, the numbering of input errors). Every field is double-quoted and
written exactly as it is: a ``customer_id`` such as ``-0042`` or ``=1`` stays that id (a prefix
would make it an id the CRM does not know, and the person would not be suppressed). The one
exception is an id that is itself personal data (an e-mail address, a formatted phone, card,
IBAN, SSN or IP address used as a key): like every identifier in an output it is masked
(:func:`ethicskit.masking.safe_id`), and ``row`` is how to find that person. Check ids and
reasons are ours and never start like a formula; a spreadsheet must import the file with the
``customer_id`` column as text (docs/data.md). ``ethicskit run`` writes it as ``suppress.csv``
(:func:`suppression_csv`).
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ethicskit.masking import safe_ids
from ethicskit.privacy.consent import (CONSENT_COLUMNS, CONSENT_OF, NO_CHANNEL_CONSENT,
                                       grace_of, optout_rows)
from ethicskit.privacy.rights import erasure_rows, minors_rows

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.privacy.reduction import PrivacyReduction

COLUMNS = ("customer_id", "check_id", "reason", "row")
FILE_NAME = "suppress.csv"


def suppression_masks(r: "PrivacyReduction") -> dict[str, np.ndarray]:
    """The rows each of the four checks puts on the list, by check id, in the list's order;
    a check whose columns are absent is left out. The rules are those of the checks: the
    rule-pack entry of each row decides its consent basis, grace, deadline and age."""
    out = {}
    if any(c in r.columns for c in CONSENT_COLUMNS):
        out["privacy.consent_missing"] = r.consent_breach
    if r.optout_both is not None:
        out["privacy.contact_after_optout"] = optout_rows(r)
    if r.erasure_open is not None:
        out["privacy.erasure_overdue"] = erasure_rows(r)[0]
    if r.age is not None and "country" in r.columns:
        out["privacy.minors_profiled"] = minors_rows(r)[0]
    return out


def _text(values) -> pd.Series:
    return pd.Series(values).reset_index(drop=True).astype(str)


def _reasons(r: "PrivacyReduction", check_id: str, rows: np.ndarray) -> pd.Series:
    keys = r.jurisdiction_of_rows()[rows]
    where = _text(np.where(r.j.fallback[rows], keys + " (default_jurisdiction)", keys))
    if check_id == "privacy.consent_missing":
        dnc = _text(r.dnc_breach[rows]) == "True"
        if not r.has_channel:
            name = r.name(NO_CHANNEL_CONSENT)
            opt = pd.Series(f"targeted without consent in {name}", index=range(rows.sum()))
        else:
            values = np.asarray(list(r.channel_values) + [None], dtype=object)
            channel = pd.Series(values[r.channel_codes[rows]], dtype=object)
            column = channel.map({k: r.name(v) for k, v in CONSENT_OF.items() if v})
            opt = ("targeted by " + channel.astype(str) + " without consent in "
                   + column.astype(str))
        opt = opt + " (opt-in needed in " + where + ")"
        call = ("called on a do-not-call number without consent in "
                + r.name("consent_phone") + " (" + where + ")")
        return pd.Series(np.where(dnc, call, opt), dtype=object)
    if check_id == "privacy.contact_after_optout":
        days, business = grace_of(r)
        late = _text(r.optout_delay[rows].dt.days)
        unit = np.where(business[rows], "business days", "days")
        grace = _text(days[rows].astype("int64"))
        grace = grace + " " + pd.Series(unit, dtype=object)
        return ("contacted after opting out (" + late + " whole days later; grace " + grace
                + " in " + where + ")")
    if check_id == "privacy.erasure_overdue":
        _, deadline = erasure_rows(r)
        return ("erasure requested " + _text(r.erasure_age[rows]) + " days ago; deadline "
                + _text(deadline[rows].astype("int64")) + " days in " + where)
    _, _, limit = minors_rows(r)
    return ("aged " + _text(r.age[rows]) + " in " + where
            + ", under the digital consent age " + _text(limit[rows].astype("int64"))
            + ", without parental consent")


def suppression_table(r: "PrivacyReduction") -> pd.DataFrame:
    """The suppression list as a frame ``customer_id, check_id, reason, row``, ordered by
    check then by row. Identifier-shaped ids are masked (module docstring); ``row`` is the
    1-based row of the dataset as loaded. Checks whose columns are absent add nothing."""
    parts = []
    for check_id, rows in suppression_masks(r).items():
        if not rows.any():
            continue
        ids = r.customer_id[rows]
        parts.append(pd.DataFrame({
            "customer_id": safe_ids(ids.astype(str)),
            "check_id": check_id, "reason": _reasons(r, check_id, rows).astype(str),
            "row": (np.asarray(ids.index, dtype=np.int64) + 1).astype(str)}))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    return pd.concat(parts, ignore_index=True)[list(COLUMNS)]


def suppression_list(campaign) -> pd.DataFrame:
    """:func:`suppression_table` of a campaign (its privacy reduction built here)."""
    from ethicskit.privacy.reduction import reduce

    return suppression_table(reduce(campaign))


def suppression_csv(table: pd.DataFrame) -> bytes:
    """The bytes of ``suppress.csv``: UTF-8, every field double-quoted and unchanged (ids
    exactly as in the dataset), ``\\n`` line ends; only the header when the list is empty."""
    text = table.astype(str) if len(table) else table
    return text.to_csv(index=False, quoting=csv.QUOTE_ALL, lineterminator="\n").encode("utf-8")


def suppression_summary(r: "PrivacyReduction") -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(by_check, total)``: lines and people (distinct ``customer_id``) per check with lines,
    by check id; and the whole list's lines and people (one row). No ids."""
    masks = {k: m for k, m in suppression_masks(r).items() if m.any()}
    ids = {k: r.customer_id[m].astype(str) for k, m in masks.items()}
    every = pd.concat(list(ids.values()), ignore_index=True) if ids else pd.Series(dtype=str)
    return summary_frames({k: (int(v.nunique()), int(len(v))) for k, v in ids.items()},
                          people=int(every.nunique()))


def summary_frames(counts: dict[str, tuple[int, int]], *, people: int
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(by_check, total)`` as the record keeps them, from ``counts`` (check id -> (people,
    lines), the checks with lines) and the whole list's ``people``: one row per check by id,
    and one row of the lines (their sum) and people in all."""
    checks = sorted(counts)
    by_check = pd.DataFrame({"check": pd.Series(checks, dtype="str"),
                             "people": [int(counts[k][0]) for k in checks],
                             "lines": [int(counts[k][1]) for k in checks]},
                            ).astype({"people": "int64", "lines": "int64"})
    total = pd.DataFrame({"lines": [int(sum(n for _, n in counts.values()))],
                          "people": [int(people)]})
    return by_check, total
