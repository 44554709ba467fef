"""``ethicskit init-config DATASET``: a config template with a guessed column mapping.

The guess is a starting point for a person to review: exact logical names map themselves,
common synonyms (``dob``, ``sex``, ``zip``, ``cust_id``...) and close spellings are proposed, and
everything else is left as a commented model feature.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ethicskit.data import read_table
from ethicskit.schema import LOGICAL_TYPES

SYNONYMS = {
    "customer_id": ("id", "cust_id", "cust_no", "customer", "client_id", "user_id", "member_id"),
    "email": ("mail", "e_mail", "email_address"),
    "phone": ("telephone", "mobile", "phone_number", "msisdn", "cell"),
    "full_name": ("name", "customer_name"),
    "street_address": ("address", "street"),
    "birth_date": ("dob", "date_of_birth", "birthday", "birthdate"),
    "gender": ("sex",),
    "marital_status": ("marital", "civil_status"),
    "postcode": ("zip", "zipcode", "zip_code", "postal_code", "plz"),
    "contact_count": ("campaign", "contacts", "n_contacts", "times_contacted"),
    "channel": ("contact", "contact_channel", "medium"),
    "targeted": ("selected", "in_audience", "audience"),
    "outcome": ("converted", "response", "responded", "y"),
    "offer_value": ("discount", "price", "offer"),
}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def guess_mapping(columns) -> dict[str, str]:
    """logical name -> dataset column, for the columns that look like a logical one."""
    mapping: dict[str, str] = {}
    normed = {_norm(c): c for c in columns}
    for logical in LOGICAL_TYPES:
        if logical in columns:
            continue
        candidates = [normed[s] for s in (logical, *SYNONYMS.get(logical, ())) if s in normed]
        if not candidates:
            close = difflib.get_close_matches(logical, list(normed), n=1, cutoff=0.85)
            candidates = [normed[c] for c in close]
        if candidates and candidates[0] not in mapping.values() and candidates[0] not in LOGICAL_TYPES:
            mapping[logical] = candidates[0]
    return mapping


def config_template(dataset: str | Path) -> str:
    """A commented YAML config for ``dataset`` (read once to learn its columns)."""
    frame, _, _ = read_table(dataset)
    columns = [str(c) for c in frame.columns]
    mapping = guess_mapping(columns)
    taken = set(mapping.values()) | {c for c in columns if c in LOGICAL_TYPES}
    features = [c for c in columns if c not in taken]
    present = set(mapping) | {c for c in columns if c in LOGICAL_TYPES}
    protected = [a for a in ("gender", "ethnicity", "marital_status", "has_children",
                             "disability") if a in present]
    if "age" in present or "birth_date" in present:
        protected.insert(1, "age_band")
    lines = [
        f"# ethicskit campaign config for {Path(dataset).name} (generated; review every line)",
        "name: My campaign",
        f"dataset: {Path(dataset).name}",
        "# as_of: 2026-11-29          # reference date; default today",
        "columns:                     # logical name -> this dataset's column (guessed)",
    ]
    lines += [f"  {k}: {v}" for k, v in mapping.items()] or ["  {}"]
    if not mapping:
        lines[-1] = "columns: {}"
    lines += [
        f"protected_attributes: [{', '.join(protected)}]",
        "decision: targeted            # the column whose rate is audited",
        f"model_features: [{', '.join(features)}]",
        "# inventory: inventory.yaml   # the data inventory (see templates/inventory.yaml)",
        "thresholds: {}                # any threshold of `ethicskit checks` by name",
    ]
    return "\n".join(lines) + "\n"
