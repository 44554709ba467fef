"""The targeting area from an engine's cells (a compressed campaign, :mod:`ethicskit.compressed`).

One grouping of every column the targeting checks read multiplies their values into millions of
cells (2,193,125 on ten million rows of the sample campaign), so the checks are split into
:data:`GROUPS`, each asked of the engine as its own cells (:meth:`ethicskit.compressed.Cells.group`)
holding exactly what its checks and tables read; each group's campaign gives a
:class:`~ethicskit.targeting.reduction.TargetingReduction` by the very :func:`reduce` of the rows
(:mod:`ethicskit.targeting.reduction`). Every metric is a sum of people over rows with some
property of the columns its group holds, and a group's cells are a partition of the rows by those
columns, each weighing the rows (times their weight) it stands for, so each count is the rows'
count (docs/checks.md, Weights). Cells come in the order of their first row, so "the first row
with a property" (the order of the jurisdictions as first met, a finding's first ids) is that of
the rows.

Where a check reads only a property of a column, the cells hold one representative value per
class of values instead of the column (:func:`representatives`): the ``channel`` as whether it is
one of the pack's platform channels, and, for the minors' profiling ads, ``targeting_criteria``
and ``inferred_segments`` as whether they hold a token. Why each keeps every finding: the
reduction reads ``channel`` only as ``platform`` (its value, trimmed and lower-cased, is one of the
pack's ``platform_channels``; whether the dataset has the column comes from the dataset's
columns, not the cells); the minors' profiling check reads the two token columns only as
``profiled`` (a value holds a token) and reads nothing else of them. A representative is a value of
the dataset of the same class (null or not, and the property of its typed value), so every mask
the reduction builds is the same on each cell. Every other column is grouped whole: the tables
show contact counts, ages and depths, and the sensitive checks list the tokens.

:func:`reduce` returns a :class:`TargetingParts` (a router: :meth:`TargetingParts.for_check`),
:func:`tables` the area's tables from it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Mapping

import numpy as np
import pandas as pd

from ethicskit.privacy._common import with_people
from ethicskit.targeting.reduction import TargetingReduction
from ethicskit.targeting.reduction import reduce as reduce_rows
from ethicskit.targeting.tokens import split_values

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.campaign import Campaign

#: Group -> (the frame columns its cells hold, the checks that read it). The channel is grouped
#: as whether it is a platform channel (``SHRUNK``); no group multiplies the ages with the
#: tokens' values, nor the contact counts with more than the products' few columns (914 cells on
#: ten million rows of the sample campaign; one query fewer).
GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "audience": (("targeted", "targeting_criteria", "inferred_segments", "segment",
                  "explicit_consent_sensitive", "channel", "country", "region"),
                 ("targeting.sensitive_interests", "targeting.hardship_targeting",
                  "targeting.micro_segments", "targeting.personalization_depth")),
    "opportunity": (("targeted", "product_category", "targeting_criteria", "country", "region"),
                    ("targeting.protected_criteria_in_opportunity_ads",)),
    "ages": (("targeted", "age", "age_band", "product_category"),
             ("targeting.minors_restricted_products",)),
    "offers": (("targeted", "product_category", "vulnerability_flags", "automated_decision",
                "human_review", "contact_count"),
               ("targeting.vulnerable_high_risk", "targeting.automated_significant_decisions",
                "targeting.contact_pressure")),
    "profiling": (("targeted", "age", "country", "region", "channel", "targeting_criteria",
                   "inferred_segments", "parental_consent"),
                  ("targeting.minors_profiling_ads",)),
}
#: Group -> the frame columns its cells hold as a class of values only (:func:`representatives`;
#: the property of each column is in :func:`reduce`).
SHRUNK: dict[str, tuple[str, ...]] = {
    "audience": ("channel",),
    "profiling": ("channel", "targeting_criteria", "inferred_segments"),
}


def _platform(pack) -> Callable[[pd.Series], np.ndarray]:
    """Per typed channel value: is it one of the pack's platform channels, as
    :func:`ethicskit.targeting.reduction.reduce` decides it (text, trimmed, lower case)."""
    channels = list(pack.platform_channels)

    def on_platform(values: pd.Series) -> np.ndarray:
        return (pd.Series(values, dtype=object).astype(str).str.strip().str.lower()
                .isin(channels).to_numpy(dtype=bool))

    return on_platform


def _has_tokens(values: pd.Series) -> np.ndarray:
    """Per typed value of a ``;``-list column: does it hold a token (the reduction's
    ``profiled``)."""
    return np.array([bool(ts) for ts in split_values(list(values))], dtype=bool)


def _literal(value) -> str | None:
    """``value`` (as the engine read it) as a DuckDB literal, or None when it has no simple
    one."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return None


def representatives(cells, props: Mapping[str, Callable[[pd.Series], np.ndarray]]
                    ) -> dict[str, str | None]:
    """Per dataset column of ``props``, the SQL (DuckDB's dialect) of one representative of
    each class of its values, the classes being (typed value is null, the column's property of
    the typed value); None for a column left whole.

    The engine gives the columns' distinct values as read and as typed by the contract (one
    :meth:`ethicskit.compressed.Cells.group` of them all: typing is value by value, so a value
    types the same in any cell); each value read is replaced by the first value read of its
    class (a null stays null). The representative types to a value of the same class, so every
    check that reads no more of the column than its class gives the same finding. A column is
    left whole when a value has no plain literal, or when no two values share a class.
    """
    columns = list(props)
    if not columns:
        return {}
    probe = cells.group(columns, evidence=False)
    return {column: _case(column, probe.cells.keys.column(i).to_pylist(),
                          probe.df.get(probe.frame_column(column)), props[column])
            for i, column in enumerate(columns)}


def _case(column: str, raw: list, typed: pd.Series | None, prop) -> str | None:
    """The CASE of :func:`representatives` for one column: ``raw`` its values as read and
    ``typed`` as typed, cell by cell."""
    if typed is None or not raw:
        return None
    key = list(zip(typed.isna().to_numpy(dtype=bool).tolist(),
                   np.asarray(prop(typed), dtype=bool).tolist()))
    classes: dict[tuple, dict] = {}
    for value, k in zip(raw, key):
        if value is None:
            continue
        if _literal(value) is None:
            return None
        classes.setdefault(k, {})[value] = None
    if len(classes) == sum(len(m) for m in classes.values()):
        return None  # every value is a class of its own: nothing to shrink
    quoted = '"' + column.replace('"', '""') + '"'
    ordered = sorted((list(m) for m in classes.values()), key=len)
    whens = [f"WHEN {quoted} IN ({', '.join(_literal(v) for v in members)}) "
             f"THEN {_literal(members[0])}" for members in ordered[:-1]]
    return (f"CASE WHEN {quoted} IS NULL THEN NULL {' '.join(whens)} "
            f"ELSE {_literal(ordered[-1][0])} END")


@dataclass(frozen=True)
class TargetingParts:
    """The targeting reduction of a compressed campaign, one per group of checks: ``parts``
    (group -> reduction) and ``checks`` (check id -> its group); :meth:`for_check` is what the
    registry asks (:func:`ethicskit.registry.part_for`)."""

    parts: Mapping[str, TargetingReduction]
    checks: Mapping[str, str]

    def for_check(self, check_id: str) -> TargetingReduction:
        """The reduction of the group ``check_id`` reads."""
        return self.parts[self.checks[check_id]]


def reduce(campaign: "Campaign") -> TargetingParts:
    """The targeting reduction of a compressed campaign (``campaign.cells``): per group of
    :data:`GROUPS`, the engine's cells of the dataset columns its frame columns come from
    (:meth:`ethicskit.compressed.Cells.sources_of`; ages from the engine's column when it
    computes them), shrunk where :data:`SHRUNK` says, reduced by the rows' :func:`reduce`, with
    the dataset's columns (for the messages' "the dataset has no ... column"), ``repeats`` and
    the cells' evidence."""
    from ethicskit.rulepack import load

    cells = campaign.cells
    schema = cells.schema
    pack = load(schema.config.rules)
    props = {"channel": _platform(pack), "targeting_criteria": _has_tokens,
             "inferred_segments": _has_tokens}
    shrunk = {source[0]: props[logical] for logical in dict.fromkeys(
                  c for names in SHRUNK.values() for c in names)
              for source in [cells.sources_of([logical])] if source}
    known = representatives(cells, shrunk)
    parts: dict[str, TargetingReduction] = {}
    checks: dict[str, str] = {}
    for name, (frame_columns, ids) in GROUPS.items():
        columns = cells.sources_of(list(frame_columns))
        exprs = {}
        for logical in SHRUNK.get(name, ()):
            source = cells.sources_of([logical])
            if source and source[0] in columns and known.get(source[0]) is not None:
                exprs[source[0]] = known[source[0]]
        group = cells.group([c for c in columns if c not in exprs], exprs=exprs)
        kept, _ = with_people(group)
        red = reduce_rows(kept)
        parts[name] = dataclasses.replace(red, columns=frozenset(schema.df.columns),
                                          repeats=bool(group.repeats), evidence=kept.ids)
        checks.update(dict.fromkeys(ids, name))
    return TargetingParts(parts=parts, checks=checks)


def tables(parts: TargetingParts, findings) -> dict[str, pd.DataFrame]:
    """The area's tables (:func:`ethicskit.targeting.tables.tables`), each from the group whose
    cells hold its columns: segments and depth from ``audience``, contacts and product by
    vulnerability from ``offers``, product by age from ``ages``; those of the
    findings and the lexicon as the rows' (in the same order)."""
    from ethicskit.targeting import tables as T

    audience = parts.parts["audience"]
    out = T.tables(audience, findings)
    extra = {"contacts": (parts.parts["offers"], "contacts"),
             "product_by_vulnerability": (parts.parts["offers"], "product_by_vulnerability"),
             "product_by_age": (parts.parts["ages"], "product_by_age")}
    for name in extra:
        out.pop(name, None)
    for name, (red, key) in extra.items():
        found = T.tables(red, findings).get(key)
        if found is not None:
            out[name] = found
    order = ["columns", "lexicon", "sensitive_categories", "sensitive_tokens",
             "hardship_tokens", "by_jurisdiction", "segments", "contacts", "depth",
             "product_by_vulnerability", "product_by_age"]
    return {k: out[k] for k in sorted(out, key=lambda k: order.index(k) if k in order
                                      else len(order))}
