"""Small helpers shared by the targeting metrics: count tables, evidence and message pieces."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.masking import safe_label, safe_labels


def count_table(labels, counts) -> dict[str, int]:
    """``{label: rows}`` summed per label (as text), largest first (ties by label); labels with
    no rows are left out. Labels are shown masked (:func:`ethicskit.masking.safe_labels`):
    two labels that masking makes alike stay two entries."""
    kept = [(str(name), int(n)) for name, n in zip(labels, counts)
            if n and name is not None and not (isinstance(name, float) and np.isnan(name))]
    names = list(dict.fromkeys(k for k, _ in kept))
    shown = dict(zip(names, safe_labels(names)))
    sums: dict[str, int] = {}
    for name, n in kept:
        key = shown[name]
        sums[key] = sums.get(key, 0) + n
    return {k: v for k, v in sorted(sums.items(), key=lambda kv: (-kv[1], kv[0])) if v}


def ranked(counts: dict[str, int]) -> dict[str, int]:
    """``counts`` largest first, ties by key."""
    return {k: n for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}


def label(name: str) -> str:
    """A category or key as a reader says it (``financial_hardship`` -> ``financial hardship``)."""
    return str(name).replace("_", " ")


def first_ids(customer_id: pd.Series | None, mask: np.ndarray, *, limit: int = 10) -> list[str]:
    """Up to ``limit`` ``customer_id`` values of the rows in ``mask`` (row order), masked when
    they look like an identifier (:func:`ethicskit.masking.safe_id`): a finding's only evidence."""
    from ethicskit.masking import safe_id

    if customer_id is None:
        return []
    where = np.flatnonzero(np.asarray(mask, dtype=bool))[:limit]
    return [safe_id(v) for v in customer_id.iloc[where].astype(str)]


#: Campaign metadata (a token, a segment name) as shown: :func:`ethicskit.masking.safe_label`,
#: the one masking policy for data values in outputs (kept under its old name).
safe_text = safe_label


# ---------------------------------------------------------------- message pieces (Jinja2 text)
#: " The dataset has no `targeted` column ..." when every row counts as targeted.
TARGETED_NOTE = ("{% if not has_targeted %} The dataset has no `targeted` column, so every row "
                 "counts as targeted.{% endif %}")
#: ``0.7% of those targeted``: ``affected_rows`` as a share of the targeted rows.
SHARE = ("{% if targeted_total %}{{ '%.1f' | format(100 * affected_rows / targeted_total) }}% "
         "of those targeted{% else %}of no one targeted{% endif %}")


def listing(name: str, *, limit: int = 6) -> str:
    """The template text listing the count table ``name``: ``credit 8, housing 4`` (at most
    ``limit`` entries, then ``and N more``)."""
    return (f"{{% for k, v in ({name}.items() | list)[:{limit}] %}}"
            f"{{{{ k | replace('_', ' ') }}}} {{{{ '{{:,}}'.format(v) }}}}"
            f"{{% if not loop.last %}}, {{% endif %}}{{% endfor %}}"
            f"{{% if {name} | length > {limit} %}} and {{{{ {name} | length - {limit} }}}} more"
            f"{{% endif %}}")


def comma(name: str) -> str:
    """The template text of ``f"{name:,}"``."""
    return f"{{{{ '{{:,}}'.format({name}) }}}}"
