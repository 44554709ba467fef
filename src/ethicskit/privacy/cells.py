"""The privacy area from an engine's cells: one group of the dataset per group of checks.

:func:`ethicskit.privacy.checks.reduce` of a compressed campaign returns a
:class:`PrivacyCells`: a router whose :meth:`~PrivacyCells.for_check` gives each check the
:class:`~ethicskit.privacy.reduction.PrivacyReduction` built by the one ``reduce`` from a group
campaign (:meth:`ethicskit.compressed.Cells.group`) holding exactly what that check reads. A
group's cells weigh the rows they stand for, so every count is the rows path's count
(docs/checks.md, Weights); evidence comes from the cells' first rows.

A column is grouped by what the checks read of it, never by more, so that the cells stay few
whatever the number of rows. Timestamps are read by the engine as nanoseconds since
1970-01-01 00:00 UTC (``u``; a timestamp without a zone is UTC, as the rows path reads it) and
replaced by a *representative* timestamp ``R`` that gives every finding the same value:

- **whole days to as_of** (``erasure_request_ts``, ``collected_ts``): with ``A`` the start of
  as_of (00:00 UTC) and ``D`` one day, ``R = u + ((A - u) mod D)``. Then ``A - R`` is
  ``(A - u) - ((A - u) mod D) = D * floor((A - u) / D)``: ``floor((A - R) / D)`` equals
  ``floor((A - u) / D)``, the whole days :func:`ethicskit.privacy._common.whole_days` gives,
  and ``R`` is null exactly where ``u`` is.
- **retention limits** (``collected_ts`` with an inventory): the rows are grouped by how many
  of the declared ``retention_days`` their age exceeds, each cell holding ``R`` of its
  earliest value (:func:`over_limits_sql`): the comparisons with every limit, presence and
  the oldest age are those of the rows, and the cells do not grow with the dates.
- **consent before contact** (``consent_ts``, ``contact_ts``): the check reads whether each is
  set and, when both are, whether ``consent_ts > contact_ts``. ``contact_ts`` becomes day
  ``B`` (00:00) where set; ``consent_ts`` day ``B + 1`` where it is later than the contact,
  else day ``B``: presence and the comparison are those of the row.
- **contact after the opt-out** (``optout_ts``, ``contact_ts``, both set): with the UTC days
  ``do``, ``dc`` and the times of day ``to``, ``tc`` (``0 <= t < D``), the check reads
  (a) for a grace of ``N`` whole calendar days ``contact > optout + N D``, i.e.
  ``(dc - do - N) D + (tc - to) > 0``: since ``|tc - to| < D`` this is ``dc - do > N``, or
  ``dc - do = N`` and ``tc > to``; (b) for ``N`` business days, ``dc >
  busday_offset(do, N, roll="forward")`` (Monday to Friday, no holidays), which depends only
  on ``do``'s weekday and on ``dc - do`` (the week calendar repeats every 7 days); (c) the
  reason's whole days of delay ``floor((contact - optout) / D) = dc - do - [tc < to]``. So
  ``optout`` becomes day ``B + weekday(do)`` at 12:00 and ``contact`` the day ``dc - do``
  later at 12:00, 11:00 or 13:00 as ``tc`` is before, equal to or after ``to``
  (``B`` = 2001-01-01, a Monday): (a), (b) and (c) are unchanged. The pack's calendar graces
  must be whole days for (a); with a fractional one the timestamps are grouped as they are.
  Where only one is set, it becomes a constant (only presence is read).

Other columns are grouped by presence (:meth:`ethicskit.compressed.Cells.presence`: the
column's first value where it holds one) when only presence is read (special-category columns
and the columns retention is declared for, the identifier scan's candidates), or as they are.
A column the engine does not read as a timestamp, or one the config recodes (``values:``,
``date_format:``), is grouped as it is: exact, with more cells. Sub-microsecond parts of a
timestamp are not read by the engine.

The quasi-identifiers' classes are cells too, unless they are many (:data:`MANY_CLASSES`,
e.g. postcode x birth date x gender, nearly a class per person): then the engine numbers each
quasi-identifier's typed values, counts the classes per distinct (size, l) and finds the
evidence itself (:func:`counted_classes`), so no class travels.

The suppression list is written from each check's flagged cells: its reasons depend only on
the cell's values, its lines are the cells' rows in row order, check after check, as
:func:`ethicskit.privacy.suppress.suppression_table` orders them. One scan joins the rows to
every check's flagged cells and streams the flagged rows, a million at a time
(:func:`_flagged_rows`); their lines and people per check are counted from them. The
anonymise trade-off (``anonymise:``) is searched on one group of cells, the
quasi-identifiers and the sensitive attribute weighing their rows
(:meth:`PrivacyCells.tradeoff`, :func:`ethicskit.anonymise.extract.tradeoff_from_cells`).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
from typing import Any

import numpy as np
import pandas as pd

from ethicskit.masking import safe_id, safe_ids
from ethicskit.privacy import suppress as S
from ethicskit.privacy.consent import CONSENT_COLUMNS
from ethicskit.privacy.reduction import reduce as reduce_rows

#: Nanoseconds in a day and an hour.
DAY, HOUR = 86_400_000_000_000, 3_600_000_000_000
#: The representative days: 2001-01-01 (a Monday), as days since 1970-01-01.
BASE = 11_323
#: The check ids each group of checks answers, in the registry's order.
GROUPS = {
    "consent": ("privacy.consent_missing", "privacy.consent_after_contact"),
    "optout": ("privacy.contact_after_optout",),
    "erasure": ("privacy.erasure_overdue",),
    "identifiers": ("privacy.direct_identifiers",),
    "classes": ("privacy.k_anonymity", "privacy.l_diversity"),
    "special": ("privacy.special_category_data",),
    "minors": ("privacy.minors_profiled",),
    "retention": ("privacy.retention_exceeded",),
    "tracking": ("privacy.tracking_consent", "privacy.tcf_consent",
                 "privacy.optout_signal_ignored"),
}
GROUP_OF = {check: name for name, checks in GROUPS.items() for check in checks}
#: The costly parts of the reduction each group computes (:data:`reduction.PARTS`).
PARTS = {"identifiers": {"identifiers"}, "classes": {"classes"}, "tracking": {"tracking"}}
#: The group of each check the suppression list reads, in the list's order.
SUPPRESSED = (("privacy.consent_missing", "consent"), ("privacy.contact_after_optout", "optout"),
              ("privacy.erasure_overdue", "erasure"), ("privacy.minors_profiled", "minors"))
#: The groups made from one group of the engine (:meth:`PrivacyCells.wide`): they read mostly
#: presence, and with every column's presence beside them the same cells give the census
#: (:meth:`ethicskit.compressed.Cells.census`). Measured on ten million rows of the sample
#: campaign: 5.8 s for the one group (307 cells) against 15.6 s for the census and the three.
WIDE = ("identifiers", "special", "retention")
#: Above this many classes the quasi-identifiers' cells keep no ids (asked lazily).
EVIDENCE_CELLS = 100_000
#: Above this many cells of the quasi-identifiers (and the sensitive attribute), the classes
#: are counted by the engine (:func:`counted_classes`): no cell travels.
MANY_CLASSES = 1_000_000

_names = itertools.count()


class PrivacyCells:
    """The privacy reduction of a compressed campaign: per group of checks (:data:`GROUPS`)
    the :class:`~ethicskit.privacy.reduction.PrivacyReduction` of that group's cells, built
    on first use (:meth:`part`); :meth:`for_check` is what the registry asks
    (:func:`ethicskit.registry.part_for`)."""

    def __init__(self, campaign) -> None:
        self.campaign = campaign
        self.cells = campaign.cells
        self.schema = campaign.cells.schema
        self._parts: dict[str, Any] = {}
        self._groups: dict[str, Any] = {}  # the group campaigns the parts were reduced from
        self._counts: dict[tuple, int] = {}  # distinct cells per tuple of columns
        self._suppression = None

    def for_check(self, check_id: str):
        """The reduction the metric of ``check_id`` reads."""
        return self.part(GROUP_OF.get(check_id, "consent"))

    def part(self, name: str):
        """The reduction of the group ``name`` (built once)."""
        evidence = True
        if name not in self._parts and name == "classes":
            columns, _, _ = group_spec(self.cells, name)
            n = self.distinct(columns) if columns else 1
            if n > MANY_CLASSES:
                self._parts[name] = counted_classes(self)
            evidence = n <= EVIDENCE_CELLS  # else ids are asked of the engine when shown
        if name not in self._parts:
            group = self._groups[name] = self.group(name, evidence=evidence)
            r = reduce_rows(group, parts=PARTS.get(name, ()))
            self._parts[name] = _in_schema_order(r, self.schema, name)
        return self._parts[name]

    def group(self, name: str, *, evidence: bool = True):
        """The group campaign of ``name``: the columns and the SQL of :func:`group_spec`,
        with or without each cell's first places (:meth:`ethicskit.compressed.Cells.group`);
        a group of :data:`WIDE` is merged from the cells of :meth:`wide`."""
        columns, exprs = group_spec(self.cells, name)[:2]
        within = self.wide() if name in WIDE else None
        return self.cells.group(columns, exprs=exprs, evidence=evidence, within=within)

    def wide(self):
        """One group of the columns of every :data:`WIDE` group, each grouped as its group
        groups it, and of every other column's presence but the id's (whose cells the typing
        would read as duplicate ids); built once. Where two groups group a column differently
        the first group's way is kept: a group reading only the presence of a column kept as
        it is takes its bit from the cells (:meth:`ethicskit.compressed.Cells.group`), any
        other difference makes that group ask the engine."""
        if "wide" not in self._parts:
            columns: list[str] = []
            exprs: dict = {}
            for name in WIDE:
                plain, sql = group_spec(self.cells, name)[:2]
                for c, e in sql.items():
                    if c not in exprs and c not in columns:
                        exprs[c] = e
                columns += [c for c in plain if c not in exprs and c not in columns]
            ident = self.schema.mapping.get("customer_id", "customer_id")  # typed as an id
            rest = [c for c in self.schema.dataset_columns
                    if c not in exprs and c not in columns and c != ident]
            exprs.update(self.cells.presence(rest))
            self._parts["wide"] = self.cells.group(columns, exprs=exprs, evidence=True)
        return self._parts["wide"]

    def tradeoff(self):
        """The ``anonymise_tradeoff`` table from the cells (None without ``anonymise:`` or
        without a quasi-identifier to generalise), built once
        (:func:`ethicskit.privacy.reduction._tradeoff`)."""
        if "tradeoff" not in self._parts:
            from ethicskit.anonymise.extract import cell_columns
            from ethicskit.privacy.reduction import _tradeoff

            table = None
            if self.schema.config.anonymise is not None:
                columns, exprs = cell_columns(self.cells)
                n = self.distinct([c for c in columns if c not in exprs])
                if n > MANY_CLASSES:  # nearly a cell per person: the search would hold them all
                    self.campaign.notes.append(
                        f"The anonymise trade-off was not computed: its quasi-identifiers give "
                        f"{n:,} distinct combinations, more than the {MANY_CLASSES:,} a run "
                        f"from the engine's cells searches; --engine pandas computes it from "
                        f"the rows.")
                else:  # the classes' cells, when they are the same columns: no query
                    table = _tradeoff(self.campaign, within=self._groups.get("classes"))
            self._parts["tradeoff"] = table
        return self._parts["tradeoff"]

    def distinct(self, columns: list[str]) -> int:
        """How many cells the dataset's ``columns`` (with its weight) give (:func:`_distinct`),
        asked once per set of columns: the classes and the trade-off ask of the same."""
        key = tuple(dict.fromkeys(columns))
        if key not in self._counts:
            self._counts[key] = _distinct(self.cells, list(key))
        return self._counts[key]

    def suppression(self):
        """``(bytes of suppress.csv, by_check, total)`` (:func:`suppression_from_cells`)."""
        if self._suppression is None:
            self._suppression = suppression_from_cells(self)
        return self._suppression


# ------------------------------------------------------------------ the groups
def _own(cells, logical: str) -> str | None:
    """The dataset column of the logical (or dataset) name, if the dataset has it."""
    name = cells.schema.mapping.get(logical, logical)
    return name if name in cells.schema.dataset_columns else None


def _sources(cells, logical) -> list[str]:
    """The dataset columns the frame columns ``logical`` are typed from (those it has)."""
    return cells.sources_of(list(logical))


def _q(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def timelike(cells, column: str | None) -> bool:
    """Whether the engine reads ``column`` as a date or timestamp the contract types as it is
    (no ``values:``, no ``date_format:``): only then may it be replaced by a representative."""
    from ethicskit.cellsql import NANOS

    if column is None:
        return False
    config = cells.schema.config
    logical = {v: k for k, v in cells.schema.mapping.items()}.get(column, column)
    if column in config.values or logical in config.values or config.date_format:
        return False
    return (cells.kinds or {}).get(column) in ("DATE", NANOS)


def nanos(cells, column: str) -> str:
    """SQL (DuckDB's dialect) of ``column`` as nanoseconds since 1970-01-01 00:00 UTC (Spark
    reads timestamps to the microsecond, and a Parquet nanosecond timestamp as that long)."""
    from ethicskit.cellsql import NANOS

    c = _q(column)
    if cells.engine.dialect != "spark":
        return f"epoch_ns({c})"
    if (cells.kinds or {}).get(column) == NANOS:
        return f"CAST({c} AS BIGINT)"
    return f"(unix_micros(CAST({c} AS TIMESTAMPTZ)) * 1000)"  # Spark's TIMESTAMP


def stamp(cells, ns: str, column: str, types: dict[str, str]) -> str:
    """SQL of the timestamp ``ns`` nanoseconds after 1970-01-01 00:00 UTC, typed as
    ``column`` (a date for a date column). Every representative is a whole microsecond
    where Spark reads it."""
    from ethicskit.cellsql import NANOS

    kind = types.get(column, "TIMESTAMP")
    if cells.engine.dialect == "spark":  # the DuckDB-dialect names of Spark's types
        kind = {"timestamp": "TIMESTAMPTZ", "timestamp_ntz": "TIMESTAMP"}.get(kind, kind)
    if (cells.kinds or {}).get(column) == NANOS:
        kind = "TIMESTAMPTZ" if cells.engine.dialect == "spark" else "TIMESTAMP"
    made = (f"timestamp_micros(({ns}) // 1000)" if cells.engine.dialect == "spark"
            else f"make_timestamp_ns(CAST({ns} AS BIGINT))")
    return f"CAST({made} AS {kind})"


def _mod(x: str, m: int) -> str:
    return f"(((({x}) % {m}) + {m}) % {m})"


def _start(cells) -> int:
    """``A``: the start of as_of (00:00 UTC), in nanoseconds since 1970-01-01."""
    return int((dt.datetime.combine(cells.as_of, dt.time()) - dt.datetime(1970, 1, 1))
               // dt.timedelta(microseconds=1)) * 1000


def whole_days_sql(cells, column: str, types) -> str:
    """``column`` replaced by ``R = u + ((A - u) mod D)``: the same whole days to as_of."""
    a, u = _start(cells), nanos(cells, column)
    rep = f"({u}) + " + _mod(f"{a} - ({u})", DAY)
    return (f"CASE WHEN {_q(column)} IS NULL THEN NULL ELSE "
            f"{stamp(cells, rep, column, types)} END")


def over_limits_sql(cells, column: str, limits, types):
    """``column`` grouped by how many of the whole-day ``limits`` its age to as_of exceeds,
    each cell holding the least representative (:func:`whole_days_sql`) of its rows
    (:class:`ethicskit.cellspec.Spread`). For a limit of ``d`` whole days (the inventory's
    ``retention_days`` are), ``floor((A - u) / D) > d`` holds exactly when ``A - u >= (d + 1)
    D``, i.e. ``u <= A - (d + 1) D``. Every row of a cell is on the same side of every limit;
    ``R`` grows with ``u`` (it is the least time at or after ``u`` that is ``A`` less whole
    days), so the least is that of the earliest value, whose age is the cell's greatest: the
    retention check reads of ``collected_ts`` only those comparisons, whether it is set and the
    oldest age over the limits. The engine finds each cell's earliest value and computes ``R``
    of it alone (``then``): measured on ten million rows, the presence group took 4.4 s with
    ``R`` of every row and 3.3 s so."""
    from ethicskit.cellspec import Spread

    a, u = _start(cells), nanos(cells, column)
    over = " + ".join(f"CASE WHEN ({u}) <= {a - (int(d) + 1) * DAY} THEN 1 ELSE 0 END"
                      for d in sorted({int(x) for x in limits})) or "0"
    return Spread(f"CASE WHEN {_q(column)} IS NULL THEN NULL ELSE {over} END", _q(column),
                  then=whole_days_sql(cells, column, types))


def consent_late_sql(cells, consent: str, contact: str, types) -> dict[str, str]:
    """``consent_ts`` and ``contact_ts`` replaced by days ``B`` / ``B + 1``: presence and
    ``consent_ts > contact_ts`` kept."""
    b0, b1 = BASE * DAY, (BASE + 1) * DAY
    late = f"({nanos(cells, consent)}) > ({nanos(cells, contact)})"
    return {
        contact: f"CASE WHEN {_q(contact)} IS NULL THEN NULL ELSE "
                 f"{stamp(cells, str(b0), contact, types)} END",
        consent: f"CASE WHEN {_q(consent)} IS NULL THEN NULL WHEN {_q(contact)} IS NULL "
                 f"THEN {stamp(cells, str(b0), consent, types)} WHEN {late} THEN "
                 f"{stamp(cells, str(b1), consent, types)} ELSE "
                 f"{stamp(cells, str(b0), consent, types)} END"}


def optout_sql(cells, optout: str, contact: str, types) -> dict[str, str]:
    """``optout_ts`` and ``contact_ts`` replaced by the representatives of the module
    docstring: weekday of the opt-out's UTC day, days between the UTC days, order of the
    times of day."""
    uo, uc = nanos(cells, optout), nanos(cells, contact)
    do = f"((({uo}) - {_mod(uo, DAY)}) // {DAY})"
    dc = f"((({uc}) - {_mod(uc, DAY)}) // {DAY})"
    order = f"sign({_mod(uc, DAY)} - {_mod(uo, DAY)})"
    start = f"({BASE} + " + _mod(do + " + 3", 7) + ")"  # 1970-01-01 was a Thursday (3)
    noon = BASE * DAY + 12 * HOUR
    both = f"{_q(optout)} IS NOT NULL AND {_q(contact)} IS NOT NULL"
    o_rep = f"{start} * {DAY} + {12 * HOUR}"
    c_rep = f"({start} + {dc} - {do}) * {DAY} + {12 * HOUR} + CAST({order} AS BIGINT) * {HOUR}"
    return {
        optout: f"CASE WHEN {_q(optout)} IS NULL THEN NULL WHEN {both} THEN "
                f"{stamp(cells, o_rep, optout, types)} ELSE "
                f"{stamp(cells, str(noon), optout, types)} END",
        contact: f"CASE WHEN {_q(contact)} IS NULL THEN NULL WHEN {both} THEN "
                 f"{stamp(cells, c_rep, contact, types)} ELSE "
                 f"{stamp(cells, str(noon), contact, types)} END"}


def _whole_graces(cells) -> bool:
    """Whether every calendar opt-out grace of the pack in force is whole days."""
    from ethicskit.rulepack import load

    pack = load(cells.schema.config.rules)
    for key in pack.raw["jurisdictions"]:
        grace = pack.entry(key).get("optout_grace") or {}
        days = grace.get("days", 0)
        if not grace.get("business") and float(days) != int(float(days)):
            return False
    return True


def group_spec(cells, name: str) -> tuple[list[str], dict[str, str], bool]:
    """``(columns, exprs, evidence)`` of the group ``name`` (:meth:`Cells.group`): the
    dataset columns grouped as they are, those replaced by SQL (module docstring), and
    whether the cells keep their first ids (always here: :meth:`PrivacyCells.part` counts
    the classes' cells first and keeps none above :data:`EVIDENCE_CELLS`)."""
    from ethicskit.privacy.anonymity import quasi_identifiers, sensitive_attribute
    from ethicskit.privacy.exposure import DIRECT_IDENTIFIERS, special_columns
    from ethicskit.privacy.reduction import _retention_columns

    schema = cells.schema
    where = ["country", "region"]
    columns: list[str] = []
    exprs: dict[str, str] = {}
    evidence = True
    types = None

    def type_of():
        nonlocal types
        if types is None:
            types = cells.type_names()
        return types

    if name == "consent":
        columns = _sources(cells, ["targeted", "channel", *CONSENT_COLUMNS, *where,
                                   "existing_customer", "soft_optin_offered",
                                   "business_contact", "do_not_call"])
        consent, contact = _own(cells, "consent_ts"), _own(cells, "contact_ts")
        if contact is not None and consent is not None:
            if timelike(cells, consent) and timelike(cells, contact):
                exprs.update(consent_late_sql(cells, consent, contact, type_of()))
            else:
                columns += [consent, contact]
        elif contact is not None:  # the funnel reads whether it is set
            exprs.update(cells.presence([contact]))
            columns += [contact] if contact not in exprs else []
    elif name == "optout":
        columns = _sources(cells, where)
        optout, contact = _own(cells, "optout_ts"), _own(cells, "contact_ts")
        if optout is not None and contact is not None:
            if timelike(cells, optout) and timelike(cells, contact) and _whole_graces(cells):
                exprs.update(optout_sql(cells, optout, contact, type_of()))
            else:
                columns += [optout, contact]
    elif name == "erasure":
        columns = _sources(cells, ["erasure_extended", *where])
        erasure = _own(cells, "erasure_request_ts")
        if erasure is not None:
            if timelike(cells, erasure):
                exprs[erasure] = whole_days_sql(cells, erasure, type_of())
            else:
                columns.append(erasure)
    elif name == "retention":
        collected = _own(cells, "collected_ts")
        inventory, declared = _retention_columns(schema)
        ident = schema.mapping.get("customer_id", "customer_id")
        held = [c for c, _, _ in declared if c in schema.dataset_columns
                and c not in (collected, ident)]  # an id is never null: added back after
        exprs.update(cells.presence(held))
        columns = [c for c in held if c not in exprs]
        if collected is not None:
            if timelike(cells, collected) and inventory:  # compared with the declared limits
                exprs[collected] = over_limits_sql(cells, collected,
                                                   [d for _, d, _ in declared], type_of())
            elif timelike(cells, collected):
                exprs[collected] = whole_days_sql(cells, collected, type_of())
            else:
                columns.append(collected)
    elif name == "minors":
        columns = _sources(cells, ["age", "targeted", *where, "parental_consent"])
    elif name == "special":
        present = _sources(cells, special_columns(schema))
        exprs.update(cells.presence(present))
        columns = [c for c in present if c not in exprs]
        columns += _sources(cells, ["explicit_consent_sensitive"])
    elif name == "identifiers":
        own = set(schema.dataset_columns)
        candidates = [c for c in schema.df.columns
                      if c != "customer_id" and schema.display_name(c) in own  # not derived
                      and not pd.api.types.is_bool_dtype(schema.df[c].dtype)
                      and not pd.api.types.is_datetime64_any_dtype(schema.df[c].dtype)]
        present = _sources(cells, list(dict.fromkeys(candidates + list(DIRECT_IDENTIFIERS))))
        present = [c for c in present if c in schema.dataset_columns]
        exprs.update(cells.presence(present))
        columns = [c for c in present if c not in exprs]
    elif name == "classes":
        qis = quasi_identifiers(schema)
        own = set(schema.dataset_columns)
        birth = _own(cells, "birth_date")
        for qi in qis:
            if qi == "birth_date" or (qi in ("age", "age_band") and cells.age is None
                                      and _own(cells, qi) is None and birth is not None):
                columns.append(birth)  # grouped on its value: its date is the class
            else:
                columns += cells.sources_of([qi])
        sensitive = sensitive_attribute(schema)
        if sensitive is not None:
            columns += cells.sources_of([sensitive])
        columns = [c for c in dict.fromkeys(columns) if c in own or c == cells.age]
    elif name == "tracking":
        columns = _sources(cells, ["targeted", "channel", "tracking_consent", "tc_string",
                                   "gpc", "sale_optout", "shared_with_platform", *where])
    else:
        raise KeyError(f"no privacy group {name!r}")
    columns = [c for c in dict.fromkeys(columns) if c not in exprs]
    return columns, exprs, evidence


def _distinct(cells, columns: list[str]) -> int:
    """How many cells the dataset's ``columns`` (with its weight) give."""
    keys = list(dict.fromkeys(columns + [c for c in (cells.weight, cells.selected) if c]))
    if not keys:
        return 1
    from ethicskit.cellsql import quoted as _quoted

    by = ", ".join(_quoted(cells.engine, c) for c in keys)
    sql = f"SELECT count(*) AS n FROM (SELECT {by} FROM {cells.source.location} GROUP BY {by}) t"
    return int(cells.engine.arrow(sql).column(0)[0].as_py())


def _in_schema_order(r, schema, name: str):
    """``r`` with the lists the rows path orders by the frame's columns (declared retention
    columns, special columns found by name) in the order of the dataset's frame."""
    order = {schema.display_name(c): i for i, c in enumerate(schema.df.columns)}

    def key(item):
        return order.get(item[0], len(order))

    if name == "retention":
        from ethicskit.privacy.reduction import _retention_columns

        ident = schema.mapping.get("customer_id", "customer_id")
        held = list(r.retention_columns)
        for column, days, _ in _retention_columns(schema)[1]:
            if column == ident and all(c != ident for c, _, _ in held):
                held.append((column, days, np.ones(r.rows, dtype=bool)))  # never null
        return dataclasses.replace(r, retention_columns=tuple(sorted(held, key=key)))
    if name == "special" and schema.config.special_category_columns is None:
        return dataclasses.replace(r, special=tuple(sorted(r.special, key=key)),
                                   special_other=tuple(sorted(r.special_other, key=key)))
    if name == "identifiers":
        scans = tuple(sorted(r.identifier_scans, key=lambda s: order.get(s.name, len(order))))
        return dataclasses.replace(r, identifier_scans=scans)
    return r


# ------------------------------------------------------------------ classes counted by the engine
def _codes_of(cells, source: str, frame_column: str):
    """``(Arrow table, key SQL)``: each distinct value of the dataset's ``source``
    with the code of its typed ``frame_column`` (``birth_date`` on its date; -1 for null),
    numbered in order of first appearance as :func:`anonymity.class_codes` numbers them.
    Values that type the same share a code, so grouping by codes is grouping the typed
    frame."""
    import pyarrow as pa

    from ethicskit.privacy.anonymity import DATE_COLUMNS

    g = cells.group([source], evidence=False)
    values = g.df[frame_column]
    if frame_column in DATE_COLUMNS and pd.api.types.is_datetime64_any_dtype(values):
        values = values.dt.normalize()
    codes = np.asarray(pd.factorize(values, use_na_sentinel=True)[0], dtype=np.int64)
    return (g.cells.keys.select(["__k0"]).append_column("code", pa.array(codes)),
            g.cells.key_sql[0])


def counted_classes(router: PrivacyCells):
    """The reduction of ``privacy.k_anonymity`` and ``privacy.l_diversity`` when the classes
    are too many to travel (:data:`MANY_CLASSES`): the engine numbers each quasi-identifier's
    typed values (:func:`_codes_of`), groups the rows of weight above 0 by those codes (a
    class, as :func:`anonymity.class_codes` makes it), sums each class's people and counts
    its distinct non-null sensitive codes (its l), and returns the classes per distinct
    ``(size, l)``; evidence is the first ids of the rows in classes below a limit, in row
    order, asked when a metric needs it."""
    from ethicskit.cellsql import quoted as _quoted
    from ethicskit.engine.engines import POSITION
    from ethicskit.privacy.anonymity import quasi_identifiers, sensitive_attribute

    cells, schema = router.cells, router.schema
    eng = cells.engine
    qis = quasi_identifiers(schema)
    sensitive = sensitive_attribute(schema)
    birth = _own(cells, "birth_date")
    same = "<=>" if eng.dialect == "spark" else "IS NOT DISTINCT FROM"
    wanted = [(qi, birth if qi == "birth_date" or (
        qi in ("age", "age_band") and cells.age is None and _own(cells, qi) is None
        and birth is not None) else cells.sources_of([qi])[0]) for qi in qis]
    if sensitive is not None:
        wanted.append((sensitive, cells.sources_of([sensitive])[0]))
    tables = {}
    joins, codes = [], []
    for i, (frame_column, source) in enumerate(wanted):
        table, key = _codes_of(cells, source, frame_column)
        name = f"ek_codes_{next(_names)}"
        tables[name] = table
        joins.append(f"LEFT JOIN (SELECT DISTINCT __k0, code FROM {name}) m{i} "
                         f"ON ({key.replace(_quoted(eng, source), 's.' + _quoted(eng, source))}) "
                     f"{same} m{i}.__k0")
        codes.append(f"m{i}.code")
    q = codes[:len(qis)]
    sens = codes[len(qis)] if sensitive is not None else "-1"
    w = f"s.{_quoted(eng, cells.weight)}" if cells.weight else "1"
    qs = ", ".join(f"{c} AS q{i}" for i, c in enumerate(q))
    by = ", ".join(f"q{i}" for i in range(len(q)))
    rows = (f"SELECT s.{POSITION} AS pos, {cells.id_text()} AS id, {w} AS w, {qs}, "
            f"{sens} AS sv FROM {cells.source.location} s {' '.join(joins)} WHERE {w} > 0")
    # l in two steps (the people per class and sensitive value, then per class), not a
    # distinct count per class, which keeps a set of values for every class
    classes = (f"SELECT {by}, sum(s) AS size, count(CASE WHEN sv >= 0 THEN 1 END) AS l FROM "
               f"(SELECT {by}, sv, sum(w) AS s FROM r GROUP BY {by}, sv) v GROUP BY {by}")

    def ask(sql: str):
        for name, table in tables.items():
            eng.register(name, table)
        try:
            return eng.arrow(f"WITH r AS ({rows}), c AS ({classes}) {sql}")
        finally:
            for name in tables:
                eng.unregister(name)

    hist = ask("SELECT size, l, count(*) AS classes FROM c GROUP BY size, l "
               "ORDER BY size, l").to_pandas()
    hist = hist.astype({"size": "int64", "l": "int64", "classes": "int64"})

    def class_ids(kind: str, limit) -> list[str]:
        """The first ids of the rows in classes whose size (``k``) or l (``l``) is below
        ``limit``, in row order."""
        on = " AND ".join(f"r.q{i} = c.q{i}" for i in range(len(q)))
        what = "c.size" if kind == "k" else "c.l"
        found = ask(f"SELECT r.id FROM r JOIN c ON {on} WHERE {what} < {float(limit)!r} "
                    f"ORDER BY r.pos LIMIT 10").column(0)
        return [safe_id(v) for v in found.to_pylist()]

    base = reduce_rows(cells.group([], evidence=True), parts=())
    return dataclasses.replace(
        base, qi_configured=schema.config.quasi_identifiers is not None,
        qi_names=tuple(schema.display_name(c) for c in qis),
        class_of_row=np.zeros(base.rows, dtype=np.int64),
        class_size=np.zeros(0, dtype=np.int64) if qis else None,
        sensitive_config=schema.config.sensitive_attribute or None,
        sensitive_name=None if sensitive is None else schema.display_name(sensitive),
        class_hist=hist, class_ids=class_ids)


# ------------------------------------------------------------------ the suppression list
def _flagged(router: PrivacyCells):
    """Per check of the list (:data:`SUPPRESSED`) with flagged cells: ``(check_id, part,
    cell numbers, reason per cell)``."""
    out = []
    for check_id, name in SUPPRESSED:
        r = router.part(name)
        masks = S.suppression_masks(r)
        mask = masks.get(check_id)
        if mask is None or not mask.any():
            continue
        frame = r.evidence.df
        numbers = frame["__ek_cell"].to_numpy(dtype=np.int64)[mask]
        reasons = S._reasons(r, check_id, mask).astype(str).to_numpy(dtype=object)
        out.append((check_id, r.evidence.cells, numbers, dict(zip(numbers.tolist(), reasons))))
    return out


def _flagged_rows(router: PrivacyCells, flagged, *, size: int = 1_000_000):
    """Every row of a flagged cell, in row order, as DataFrames of at most ``size`` rows:
    ``row`` (1 = the first data row), ``customer_id`` (text, unmasked) and per check ``i`` of
    ``flagged`` its cell ``c{i}`` (NULL where the check does not flag the row). One scan: the
    source joined to each check's flagged cells (:meth:`~ethicskit.compressed.Cells.keyed`);
    measured on ten million rows, one query where the counts and the lines took eight."""
    from ethicskit.engine.engines import POSITION

    cells = router.cells
    eng = cells.engine
    names, joins, picks = [], [], []
    try:
        for i, (_, part, numbers, _) in enumerate(flagged):
            name, on = part.keyed(numbers, alias=f"k{i}")
            names.append(name)
            joins.append(f"LEFT JOIN {name} k{i} ON {on}")
            picks.append(f"k{i}.__ek_cell AS c{i}")
        held = " OR ".join(f"k{i}.__ek_cell IS NOT NULL" for i in range(len(flagged)))
        sql = (f"SELECT s.{POSITION} + 1 AS row, {cells.id_text()} AS customer_id, "
               f"{', '.join(picks)} FROM {cells.source.location} s {' '.join(joins)} "
               f"WHERE {held} ORDER BY s.{POSITION}")
        for batch in eng.batches(sql, size=size):
            yield batch.to_pandas()
    finally:
        for name in names:
            eng.unregister(name)


def suppression_from_cells(router: PrivacyCells) -> tuple[bytes, pd.DataFrame, pd.DataFrame]:
    """``(suppress.csv, by_check, total)`` from the flagged cells: the same bytes as
    :func:`suppress.suppression_csv` of the rows' table, and its lines and people (distinct
    ``customer_id`` as text) per check and in all, as :func:`suppress.suppression_summary`
    counts them. The flagged rows come in row order, a million at a time
    (:func:`_flagged_rows`); the lines are written check by check, each check's rows in row
    order (the file's bytes are held whole, as :func:`ethicskit.privacy.checks.files`
    returns them)."""
    flagged = _flagged(router)
    if not flagged:
        by_check, total = S.summary_frames({}, people=0)
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in S.COLUMNS})
        return S.suppression_csv(empty), by_check, total
    lines: list[list[pd.DataFrame]] = [[] for _ in flagged]
    people: list[set] = [set() for _ in flagged]
    for frame in _flagged_rows(router, flagged):
        for i, (check_id, _, _, reasons) in enumerate(flagged):
            mine = frame[frame[f"c{i}"].notna()]
            if not len(mine):
                continue
            lines[i].append(pd.DataFrame({
                "customer_id": safe_ids(mine["customer_id"].astype(str)),
                "check_id": check_id,
                "reason": mine[f"c{i}"].astype("int64").map(reasons).astype(str),
                "row": mine["row"].astype("int64").astype(str)}))
            people[i].update(mine["customer_id"].dropna().astype(str))
    by_check, total = S.summary_frames(
        {check_id: (len(people[i]), sum(len(f) for f in lines[i]))
         for i, (check_id, _, _, _) in enumerate(flagged) if lines[i]},
        people=len(set().union(*people)))
    out = io.StringIO()
    header = True
    for frame in (f for frames in lines for f in frames):
        frame.to_csv(out, index=False, header=header, quoting=csv.QUOTE_ALL,
                     lineterminator="\n")
        header = False
    return out.getvalue().encode("utf-8"), by_check, total
