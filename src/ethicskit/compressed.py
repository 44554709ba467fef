"""A campaign reduced by an engine to its distinct rows: the bias area out of core.

Every bias metric counts people per cell of a few columns, and every count of a campaign whose
rows stand for several people (a ``weight``) is exactly that of the rows repeated
(docs/checks.md, Weights). So DuckDB or Spark groups the source by the columns the bias area
reads (its protected attributes, decision, prediction, outcome, ``targeted``, ``offer_value``,
``product_category``, ``weight``, ``selected_count``) and returns one row per distinct
combination with its number of rows ``n``; that frame is typed by the one typing of the data
contract (:func:`ethicskit.campaign.prepare`, value by value: the same values give the same
types) and each row weighs ``n`` times its own weight. The proxy check reads every feature
against the attributes: each feature is grouped with the attributes' columns alone, in a query
of its own, so a continuous feature never multiplies the cells of the others.

What would multiply the cells is computed by the engine: ages from a ``birth_date`` it reads as
a date, the offers' sums per cell (and each attribute's offer distribution from cells of its
own), and the quantile bins of a numeric feature. Only cells travel: ten million rows of the
sample campaign give 67,273 bias cells, whatever the number of rows, and a feature's cells are
those of its bins (docs/engines.md).

:func:`eligible` says when a run may use it (the bias area alone, a Parquet or table source on
DuckDB or Spark, no ``derive:``); :func:`open_compressed` builds the campaign.
"""

from __future__ import annotations

import datetime as dt
import dataclasses
import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ethicskit import data as D
from ethicskit.cellspec import FIRST, PLACES, ROWS
from ethicskit.cellsql import NANOS, categorical_columns, present_sql
from ethicskit.cellsql import partial as _partial
from ethicskit.cellsql import quoted as _quoted
from ethicskit.config import DEFAULT_PROTECTED, Config, load_config, parse_date
from ethicskit.errors import DataError, InputError
from ethicskit.schema import LOGICAL_TYPES


def cell_areas() -> tuple[str, ...]:
    """The areas whose reduction can be built from a compressed campaign: those whose module
    says ``FROM_CELLS = True`` (its ``reduce`` asks the campaign's :class:`Cells` for what it
    reads) and, for an area that judges the earlier areas' findings (``USES_FINDINGS``), whose
    earlier areas all do, in the suite's order."""
    from ethicskit import registry

    out: list[str] = []
    for area, module in registry.AREA_MODULES.items():
        earlier = list(registry.AREA_MODULES)[:list(registry.AREA_MODULES).index(area)]
        # an area that judges the findings before it needs those areas on cells too
        if getattr(module, "FROM_CELLS", False) and (
                not getattr(module, "USES_FINDINGS", False) or all(e in out for e in earlier)):
            out.append(area)
    return tuple(out)


#: A group of at most this many cells is kept for later groups to be merged from
#: (:meth:`Cells.group`).
KEPT_CELLS = 100_000


@dataclass(frozen=True)
class Made:
    """A group made so far: its columns (:class:`ethicskit.cellspec.Spec`) and the engine's
    table of its cells (keys, rows, first row, places), as a later group is merged from them
    (:meth:`Cells.group`). It holds no engine: the connection is not kept alive by it."""

    spec: Any
    found: Any


#: The logical columns the bias area reads besides its protected attributes.
BIAS_READS = ("targeted", "prediction", "outcome", "offer_value", "product_category", "weight",
              "selected_count")


def eligible(dataset: str, *, engine: str, areas, config: Config) -> str | None:
    """None when a run of ``areas`` on ``dataset`` may be computed from a compressed campaign,
    else the reason it may not: only the bias area, only DuckDB or Spark, not a CSV file of this
    machine (it is read by the contract's CSV reader), no ``derive:``."""
    if engine not in ("duckdb", "spark"):
        return "the pandas engine reads the rows"
    supported = cell_areas()
    if set(areas) - set(supported):
        return (f"only the {', '.join(supported)} area{'s' if len(supported) > 1 else ''} "
                f"{'are' if len(supported) > 1 else 'is'} computed from cells so far")
    if D.local_csv(dataset):
        return "a CSV file is read by the contract's CSV reader"
    if D.duckdb_source(dataset) is not None and engine == "spark":
        return "Spark cannot read a DuckDB table"
    if config.derive:
        return "derive: is computed on the rows"
    return None


#: The column the engine computes a row's age in (from ``birth_date``, at the run's as_of).
AGE = "__ek_age"
#: The per-cell sums of the offers the engine computes (``bias.offer_value_disparity``).
OFFER_SUMS = ("offer_n", "offer_sum", "offer_sq")


@dataclass(frozen=True)
class Cells:
    """What a compressed campaign keeps of its source, to ask it for more cells.

    ``source`` is the dataset as the engine reads it, with :data:`AGE` beside its columns when
    the engine computes ages (``age`` names that column then); ``schema`` the typed campaign of
    no rows (every column of the dataset); ``weight`` and ``selected`` the dataset's own
    ``weight`` and ``selected_count`` columns; ``offers`` the SQL of the offer that counts
    (targeted, a finite number) and of the row's weight, when the engine sums the offers, and
    ``shift`` the mean offer the sums are centred on."""

    engine: Any
    source: Any
    schema: Any
    as_of: dt.date
    weight: str | None
    selected: str | None
    age: str | None = None
    offers: tuple[str, str, str] | None = None  # (condition, offer value, weight) in SQL
    shift: float = 0.0
    keep: Any = None  # the opened views ``source`` reads, open while it lives
    kinds: Any = None  # dataset column -> BOOLEAN, NUMBER, DATE or OTHER, as the engine reads it
    rows: int | None = None  # the dataset's rows
    keys: Any = None  # a group's cells: the Arrow table of their keys (__k0, __k1, ...)
    key_sql: tuple = ()  # and each key's SQL over a row of ``source``
    #: the number of cells of every query made so far (shared by the copies of this Cells)
    tally: list = dataclasses.field(default_factory=list)
    #: each dataset column's first present value as text and its present rows
    #: (:meth:`census`), found once for every column by one scan and shared by the copies
    firsts: dict = dataclasses.field(default_factory=dict)
    #: the view of the dataset with each row's place (:data:`~ethicskit.engine.engines.POSITION`)
    placed: str | None = None
    spec: Any = None  # a group's columns (:class:`ethicskit.cellspec.Spec`)
    found: Any = None  # and the engine's table of its cells (keys, rows, first row, places)
    #: column of ``source`` -> the engine's name of its type (DuckDB's, or Spark's simple
    #: string), read once when the campaign is opened (:func:`engine_types`)
    types: Any = None
    #: dataset column -> its presence condition (:meth:`conditions`), made once at opening
    present: Any = None
    #: the place of each dataset column's first present value (:meth:`census`), where the
    #: engine reads rows at places (DuckDB); shared by the copies
    first_places: dict = dataclasses.field(default_factory=dict)
    #: ``(column, type)`` -> the census's first value of the column cast to the type, as a
    #: one-value Arrow array (:meth:`_unpacked`); shared by the copies
    literals: dict = dataclasses.field(default_factory=dict)
    #: the groups made so far (:class:`Made`: each one's ``spec`` and ``found``, of at most
    #: :data:`KEPT_CELLS` cells): a later group they hold is merged from one (:meth:`group`);
    #: shared by the copies
    made: list = dataclasses.field(default_factory=list)

    @property
    def asked(self) -> int:
        """The cells the engine returned so far, summed over every query."""
        return int(sum(self.tally))

    def close(self) -> None:
        """Drop the views the cells were asked of (the engine's session stays)."""
        for opened in reversed(self.keep or ()):
            opened.__exit__(None, None, None)

    def sources_of(self, frame_columns: list[str]) -> list[str]:
        """The dataset columns the campaign's frame columns are typed from (``age_band`` from
        ``age``, ``age`` from ``birth_date`` or the engine's :data:`AGE`), each once."""
        mapping, known = self.schema.mapping, self.schema.dataset_columns
        out: list[str] = []
        for column in frame_columns:
            for logical in _sources(column, mapping):
                if logical == "birth_date" and self.age:
                    source = self.age
                else:
                    source = mapping.get(logical, logical)
                    if source.endswith("_original") and source not in known:
                        source = source[:-len("_original")]
                    if source not in known:
                        continue
                if source not in out:
                    out.append(source)
        return out

    def query(self, columns: list[str], *, offers: bool = False, source=None) -> pd.DataFrame:
        """The group counts of the dataset's ``columns`` (and its weight), untyped: one row per
        distinct combination with its rows ``n`` (and with ``offers`` the cell's
        :data:`OFFER_SUMS`, centred on ``shift``)."""
        from ethicskit.engine.reduce import group_sums

        by = list(dict.fromkeys(columns + [c for c in (self.weight, self.selected) if c]))
        late = [c for c in by if (self.kinds or {}).get(c) == NANOS]
        if late:
            raise InputError(f"{self.schema.source}: column {late[0]!r} holds Parquet "
                             f"nanosecond timestamps, which Spark reads as numbers; audit it "
                             f"with --engine duckdb")
        values = {}
        if offers and self.offers:
            cond, value, weight = self.offers
            centred = f"({value} - CAST('{self.shift!r}' AS DOUBLE))"
            values = {"offer_n": f"CASE WHEN {cond} THEN {weight} ELSE 0 END",
                      "offer_sum": f"CASE WHEN {cond} THEN {weight} * {centred} ELSE 0.0 END",
                      "offer_sq": f"CASE WHEN {cond} THEN {weight} * {centred} * {centred} "
                                  f"ELSE 0.0 END"}
        return group_sums(self.source if source is None else source, by=by, values=values,
                          engine=self.engine)

    def binned(self, column: str, edges, by: list[str], *, name: str) -> pd.DataFrame:
        """The typed cells of ``by`` and the bin of the dataset's numeric ``column`` (as
        ``name``): bin ``i`` holds ``edges[i] < v <= edges[i + 1]``, the lowest edge in bin
        0, null for no value (or NaN)."""
        from ethicskit.engine.source import Source

        v = _quoted(self.engine, column)
        when = " ".join(f"WHEN {v} <= CAST('{float(e)!r}' AS DOUBLE) THEN {i}"
                        for i, e in enumerate(edges[1:]))
        view = f"ek_binned_{next(_views)}"
        with self.engine.view(self.source) as base:
            self.engine.execute(f"CREATE OR REPLACE TEMPORARY VIEW {view} AS SELECT *, "
                                f"CASE {when} ELSE NULL END AS {_quoted(self.engine, name)} "
                                f"FROM {base}")
            try:
                frame = self.of([name] + by, source=Source("table", view))
            finally:
                self.engine.execute(f"DROP VIEW IF EXISTS {view}")
        return frame

    def group(self, columns: list[str], *, exprs: dict | None = None, evidence: bool = True,
              within=None):
        """A compressed campaign of the dataset's ``columns``: one row per distinct combination
        (with the dataset's weight and ``selected_count``), typed by the contract, each
        weighing the rows it stands for (as :func:`open_compressed`).

        Parameters
        ----------
        columns
            Dataset columns grouped as they are.
        exprs
            Dataset column -> a SQL expression over the row (DuckDB's dialect, columns quoted
            ``"name"``) grouped in the column's place: the frame holds the expression's value
            under the column's name, typed as the column. An area writes here what it needs of
            a column and no more (a timestamp's whole days, whether it is null), so that its
            cells stay few. A :class:`~ethicskit.cellspec.Present` (:meth:`presence`) is
            grouped as one bit of a number; a :class:`~ethicskit.cellspec.Spread` by its
            ``key``, the cell holding the least ``least`` of its rows.
        evidence
            Keep per cell the places of its first rows (:mod:`ethicskit.evidence`), so that
            :meth:`ethicskit.campaign.Campaign.ids` gives the rows' evidence, reading the ids
            of the rows it shows alone (on DuckDB; on Spark, and without ``evidence``, the ids
            are asked of the engine when a finding shows them: the same ids).
        within
            A group campaign (of this method) whose every column is grouped as here, and with
            the places of its first rows where ``evidence`` asks for them: the cells are its
            cells merged (:func:`ethicskit.cellspec.narrowed`), with no query. Without it, the
            fewest cells of such a group made before (``made``) are merged. Otherwise
            (another grouping, no places) the engine is asked.

        Returns
        -------
        Campaign
            Its frame's rows are the cells in the order of their first row (the first row of
            the dataset with a property is in the first cell with it), with ``__ek_cell`` (the
            cell's number, for :meth:`members`) and, with ``evidence``, the places; its
            ``cells`` knows the cells' keys (:meth:`members`) and their table (``within``).
            A group that holds every column's presence answers :meth:`census` too.
        """
        from ethicskit import cellspec as G
        from ethicskit import evidence as E
        from ethicskit.campaign import Campaign
        from ethicskit.engine import sql as S
        from ethicskit.engine.engines import POSITION

        eng = self.engine
        # Spark keeps no ids per cell: a top ten per group there is a list of every row
        # shuffled across the session (at 10M rows minutes per group); a finding's ten ids
        # are asked when it shows them instead (one query each, :meth:`first_ids`)
        evidence = evidence and eng.dialect != "spark"
        spec = G.spec_of(columns, exprs, weight=self.weight, selected=self.selected)
        late = [c for c in spec.names if (self.kinds or {}).get(c) == NANOS
                and c not in spec.exprs]
        if late:
            raise InputError(f"{self.schema.source}: column {late[0]!r} holds Parquet "
                             f"nanosecond timestamps, which Spark reads as numbers; audit it "
                             f"with --engine duckdb")
        raw_keys = spec.key_sql()
        for c in spec.grouped:  # an area's own SQL reads the row alone
            e = spec.exprs.get(c)
            if e is not None:
                S.expression(e.key if isinstance(e, G.Spread) else e, what=f"the cells of {c!r}")
        keys = [_quoted(eng, c) if spec.exprs.get(c) is None else
                S.render(S.sqlglot.parse_one(k, read="duckdb"), eng.dialect)
                for c, k in zip(spec.grouped, raw_keys)]
        keys += [S.render(S.sqlglot.parse_one(k, read="duckdb"), eng.dialect)
                 for k in raw_keys[len(spec.grouped):]]
        finer = within.cells if within is not None else self._finer(spec, evidence=evidence)
        if (finer is not None and finer.spec is not None and spec.within(finer.spec)
                and (not evidence or G.PLACES in finer.found.column_names)):
            bits = self._conditions_on(finer, {c: spec.exprs[c].condition
                                               for c in spec.derived(finer.spec)})
            table = G.narrowed(finer.found, finer.spec, spec, limit=E.LIMIT, bits=bits)
            if not evidence and G.PLACES in table.column_names:
                table = table.drop_columns([G.PLACES])
        else:
            select = [f"{k} AS {_quoted(eng, f'__k{i}')}" for i, k in enumerate(keys)]
            least = [S.render(S.sqlglot.parse_one(spec.exprs[c].least, read="duckdb"),
                              eng.dialect) for c in spec.spread]
            select += [f"min({e}) AS {_quoted(eng, f'__a{i}')}" for i, e in enumerate(least)]
            select += [f"count(*) AS {ROWS}", f"min({POSITION}) AS {FIRST}"]
            if evidence:  # the places of the cell's first rows; their ids are read when shown
                select.append(f"arg_min({POSITION}, {POSITION}, {E.LIMIT}) AS {PLACES}")
            sql = f"SELECT {', '.join(select)} FROM {self.source.location}"
            if keys:
                sql += f" GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}"
            sql = self._then(sql, spec, keys=len(keys), evidence=evidence)
            table = eng.arrow(sql + f" ORDER BY {FIRST}")
            self._census_from(table, spec)
        key_table = table.select([f"__k{i}" for i in range(len(keys))])
        if evidence:
            places = _places(table.column(PLACES))
        first = table.column(FIRST).to_numpy()
        values = self._unpacked(table, spec)
        values.update({c: table.column(f"__a{i}") for i, c in enumerate(spec.spread)})
        arrays = [values[c] if c in values else table.column(f"__k{spec.grouped.index(c)}")
                  for c in spec.names] + [table.column(ROWS)]
        raw = pa.Table.from_arrays([a.combine_chunks() if hasattr(a, "combine_chunks") else a
                                    for a in arrays],
                                   names=[f"__x{i}" for i in range(len(arrays))]).to_pandas()
        raw.columns = list(spec.names) + [ROWS]
        df, _, info = _typed(raw, self, path=self.schema.source, first=first)
        self.tally.append(len(df))
        if "customer_id" not in spec.names:  # the typing numbers rows without one: no id here
            df = df.drop(columns=["customer_id"], errors="ignore")
        df["__ek_cell"] = np.arange(len(df), dtype=np.int64)
        if evidence:
            df[E.ROWS] = pd.Series(places, index=df.index, dtype=object)
        part = dataclasses.replace(self, keys=key_table, key_sql=tuple(keys), spec=spec,
                                   found=table)
        if table.num_rows <= KEPT_CELLS:
            self.made.append(Made(spec, table))
        schema = self.schema
        return Campaign(df=df, config=schema.config, as_of=self.as_of, source=schema.source,
                        sha256=schema.sha256, source_columns=schema.source_columns,
                        mapping=schema.mapping, keyed_by_row=schema.keyed_by_row,
                        dataset_columns=schema.dataset_columns, notes=info.get("notes", []),
                        inventory=schema.inventory, engine=eng.name, repeats=self.weight is None,
                        row_total=self.rows, cells=part)

    def _finer(self, spec, *, evidence: bool):
        """Of the groups made so far (``made``), the one with the fewest cells that groups every
        column of ``spec`` as it does (:meth:`ethicskit.cellspec.Spec.within`) and, for
        ``evidence``, keeps its cells' places; None when none does."""
        fit = [m for m in self.made if spec.within(m.spec)
               and (not evidence or PLACES in m.found.column_names)]
        return min(fit, key=lambda m: m.found.num_rows) if fit else None

    def _then(self, sql: str, spec, *, keys: int, evidence: bool) -> str:
        """``sql`` (the group's query) with each :class:`~ethicskit.cellspec.Spread`'s
        ``then`` applied to its cells' least values, in an outer query over the cells."""
        from ethicskit.engine import sql as S

        eng = self.engine
        thens = {i: spec.exprs[c] for i, c in enumerate(spec.spread) if spec.exprs[c].then}
        if not thens:
            return sql
        select = [_quoted(eng, f"__k{j}") for j in range(keys)]
        for i, c in enumerate(spec.spread):
            name = _quoted(eng, f"__a{i}")
            if i not in thens:
                select.append(name)
                continue
            tree = S.sqlglot.parse_one(thens[i].then, read="duckdb").transform(
                lambda node, c=c, i=i: S.sqlglot.exp.column(f"__a{i}", quoted=True)
                if isinstance(node, S.sqlglot.exp.Column) and node.name == c else node)
            select.append(f"{S.render(tree, eng.dialect)} AS {name}")
        select += [ROWS, FIRST] + ([PLACES] if evidence else [])
        return f"SELECT {', '.join(select)} FROM ({sql}) AS __ek_cells"

    def _conditions_on(self, finer, conditions: dict[str, str]) -> dict:
        """Each of ``conditions`` (column -> SQL over that column) on the cells of the group
        ``finer``, which groups the column as it is: one query of the engine over the cells'
        keys (a boolean array per column, in the cells' order)."""
        if not conditions:
            return {}
        from ethicskit.engine import sql as S

        eng, spec = self.engine, finer.spec
        keys = pa.table({c: finer.found.column(f"__k{spec.grouped.index(c)}")
                         for c in conditions})
        keys = keys.append_column("__ek_i", pa.array(np.arange(keys.num_rows)))
        name = f"ek_cells_{next(_views)}"
        eng.register(name, keys)
        try:
            rendered = [S.render(S.sqlglot.parse_one(cond, read="duckdb"), eng.dialect)
                        for cond in conditions.values()]
            select = ", ".join(f"COALESCE({cond}, FALSE) AS {_quoted(eng, f'__b{i}')}"
                               for i, cond in enumerate(rendered))
            got = eng.arrow(f"SELECT {select} FROM {name} ORDER BY __ek_i")
        finally:
            eng.unregister(name)
        return {c: got.column(i).to_numpy(zero_copy_only=False).astype(bool)
                for i, c in enumerate(conditions)}

    def _unpacked(self, table, spec) -> dict:
        """The :class:`~ethicskit.cellspec.Present` columns of a group's cells from their bits:
        each holds the column's first present value (:meth:`census`, as the engine types it:
        one query for every value) where its bit is set, else NULL."""
        from ethicskit.engine import sql as S

        packed = spec.packed
        if not packed:
            return {}
        census = self.census()
        asked = [(c, spec.exprs[c].kind) for c in packed
                 if (c, spec.exprs[c].kind) not in self.literals]
        literals = []
        for i, (c, kind) in enumerate(asked):
            value = census[c][0]
            if value is not None and (self.kinds or {}).get(c) == NANOS:  # Spark: a long
                value = pd.Timestamp(int(value), unit="ns", tz="UTC").isoformat()  # (to the µs)
            text = "NULL" if value is None else S.render(S.sqlglot.exp.Literal.string(value),
                                                         "duckdb")
            cast = S.sqlglot.parse_one(f"CAST({text} AS {kind})", read="duckdb")
            literals.append(f"{S.render(cast, self.engine.dialect)} AS "
                            f"{_quoted(self.engine, f'__v{i}')}")
        if literals:  # one query for the values no group has cast yet
            literal = self.engine.arrow("SELECT " + ", ".join(literals))
            self.literals.update({asked[i]: literal.column(i).combine_chunks()
                                  for i in range(len(asked))})
        out = {}
        for c in packed:
            key, bit = spec.bit(c)
            numbers = table.column(f"__k{key}").to_numpy().astype(np.int64)
            on = ((numbers >> bit) & 1).astype(bool)
            take = pa.array(np.zeros(len(on), dtype=np.int64), mask=~on)
            out[c] = self.literals[(c, spec.exprs[c].kind)].take(take)
        return out

    def _census_from(self, table, spec) -> None:
        """Fill :meth:`census` from a group's cells for the columns whose presence it holds
        (by the same conditions) and :meth:`census` does not know yet, when the engine reads
        rows at places (DuckDB): a column's present rows are those of the cells whose bit is
        set, its first place the least first row of those cells."""
        from ethicskit import cellspec as G

        if self.engine.dialect == "spark" or not spec.packed:
            return
        conditions = {c: cond for c, cond in self.conditions().items()
                      if c not in self.firsts and isinstance(spec.exprs.get(c), G.Present)
                      and spec.exprs[c].condition == cond}
        if not conditions:
            return
        rows = table.column(ROWS).to_numpy().astype(np.int64)
        first = table.column(FIRST).to_numpy().astype(np.int64)
        counts, places = {}, {}
        for c in conditions:
            key, bit = spec.bit(c)
            held = ((table.column(f"__k{key}").to_numpy().astype(np.int64) >> bit) & 1) == 1
            counts[c] = int(rows[held].sum())
            places[c] = int(first[held].min()) if held.any() else None
        self._fill_census(places, counts)

    def _ident(self, *, alias: str = "") -> str:
        """SQL of a row's ``customer_id``: the dataset's column, or for a dataset without one
        (keyed by row) the row's number, 1 for the first, as the typing numbers them."""
        from ethicskit.engine.engines import POSITION

        if self.schema.keyed_by_row:
            return f"({alias}{POSITION} + 1)"
        return alias + _quoted(self.engine, self.schema.mapping.get("customer_id",
                                                                    "customer_id"))

    def id_text(self, *, alias: str = "s.") -> str:
        """SQL of a row's ``customer_id`` as text (the row's table called ``alias``), as
        :meth:`_ident` gives it."""
        text = "STRING" if self.engine.dialect == "spark" else "VARCHAR"
        return f"CAST({self._ident(alias=alias)} AS {text})"

    def keyed(self, cells, *, alias: str = "k") -> tuple[str, str]:
        """``(name, condition)``: the keys of the cells numbered ``cells`` (with
        ``__ek_cell``), registered on the engine as ``name``, and the condition that joins a
        row of the source (``s``) to its cell's keys (called ``alias``) by the group's key SQL,
        NULL matching NULL. The caller unregisters ``name``."""
        if self.keys is None:
            raise ValueError("keyed: these cells were not made by Cells.group")
        eng = self.engine
        chosen = np.unique(np.asarray(cells, dtype=np.int64))
        keys = self.keys.take(pa.array(chosen)).append_column("__ek_cell", pa.array(chosen))
        name = f"ek_keys_{next(_views)}"
        eng.register(name, keys)
        same = "<=>" if eng.dialect == "spark" else "IS NOT DISTINCT FROM"
        on = " AND ".join(f"({k}) {same} {alias}.{_quoted(eng, f'__k{i}')}"
                          for i, k in enumerate(self.key_sql)) or "TRUE"
        return name, on

    def joined(self, cells, *, select: str) -> tuple[str, str]:
        """``(name, SQL)``: ``select`` over the rows of the cells numbered ``cells`` (``s`` a
        row of the source, ``k`` its cell's keys with ``__ek_cell``, :meth:`keyed`). The
        caller unregisters ``name``."""
        name, on = self.keyed(cells)
        return name, f"SELECT {select} FROM {self.source.location} s JOIN {name} k ON {on}"

    def members(self, cells, *, size: int = 1_000_000, limit: int | None = None):
        """The rows of the cells numbered ``cells`` (``__ek_cell`` of a :meth:`group`
        campaign), streamed in row order as DataFrames of at most ``size`` rows: ``cell``,
        ``customer_id`` (as text, unmasked) and ``row`` (1 = the first data row). Only these
        three columns of those rows leave the engine (:meth:`joined`)."""
        from ethicskit.engine.engines import POSITION

        if not len(np.asarray(cells)):
            return
        name, sql = self.joined(cells, select=f"k.__ek_cell AS cell, {self.id_text()} AS "
                                              f"customer_id, s.{POSITION} + 1 AS row")
        sql += f" ORDER BY s.{POSITION}" + ("" if limit is None else f" LIMIT {int(limit)}")
        try:
            for batch in self.engine.batches(sql, size=size):
                yield batch.to_pandas()
        finally:
            self.engine.unregister(name)

    def timestamp(self, column: str) -> str:
        """SQL (DuckDB's dialect, for :meth:`group`'s ``exprs``) of the dataset's ``column`` as
        a timestamp: the column itself, or, for a Parquet nanosecond timestamp Spark reads as a
        number (:data:`NANOS`), that number made a timestamp to the microsecond (a comparison
        of two instants less than a microsecond apart may then read them as equal)."""
        if (self.kinds or {}).get(column) == NANOS:
            return f'make_timestamp(CAST("{column}" // 1000 AS BIGINT))'
        return f'"{column}"'

    def type_names(self) -> dict[str, str]:
        """Column of ``source`` -> the engine's name of its type (:func:`engine_types`), as
        read when the campaign was opened."""
        if self.types is not None:
            return dict(self.types)
        return engine_types(self.engine, self.source.location)

    def conditions(self) -> dict[str, str]:
        """Dataset column -> the condition (DuckDB's dialect) that holds where the typing leaves
        its value present (:func:`present_sql`, with the column's type as the engine reads it),
        for every column of the source: made once when the campaign is opened (``present``)."""
        if self.present is not None:
            return dict(self.present)
        eng, view = self.engine, self.source.location
        arrow = {f.name: f.type for f in eng.arrow(f"SELECT * FROM {view} LIMIT 0").schema}
        categorical = categorical_columns(self)
        formats = self.schema.config.date_format
        dated = set(formats) if isinstance(formats, dict) else set()
        out = {}
        for c in [c for c in self.schema.dataset_columns if c in arrow]:
            frame = self.schema.frame_column(c)
            out[c] = present_sql(c, arrow[c], logical=frame if frame in LOGICAL_TYPES else None,
                                 categorical=c in categorical, dated=c in dated)
        return out

    def census(self) -> dict[str, tuple[str | None, int]]:
        """Dataset column -> ``(first present value as text, present rows)``: in row order,
        the first value the typing leaves present (:meth:`conditions`; None when the column
        holds none) and the number of rows where it does. One scan answers every column not
        known yet, on the first call; a group of some columns' presence answers those columns
        first (:meth:`group`); the copies of this Cells share the answer (``firsts``).

        Each condition is computed once per row, in a projection the aggregates read. On
        DuckDB the scan finds each column's first place (``min(CASE WHEN present THEN row
        END)``) and the values at those places are then read alone
        (:meth:`ethicskit.engine.engines.DuckDBEngine.at`); on Spark it finds the values
        (``min_by``). Measured on ten million rows of the sample campaign (55 columns): 5.2 s,
        against 8.1 s with ``min_by`` and 9.1 s with the conditions inside the aggregates."""
        from ethicskit.engine import sql as S
        from ethicskit.engine.engines import POSITION

        conditions = {c: cond for c, cond in self.conditions().items() if c not in self.firsts}
        if conditions:
            eng = self.engine
            text = "STRING" if eng.dialect == "spark" else "VARCHAR"
            local = eng.dialect != "spark"  # the first places, then their values
            inner, outer = [f"{POSITION} AS __ek_p"], []
            for i, (c, cond) in enumerate(conditions.items()):
                condition = S.render(S.expression(cond, what=f"presence of {c!r}"), eng.dialect)
                inner.append(f"({condition}) AS __p{i}")
                if local:
                    outer.append(f"min(CASE WHEN __p{i} THEN __ek_p END) AS __f{i}")
                else:
                    inner.append(f"{_quoted(eng, c)} AS __c{i}")
                    outer.append(f"CAST(min_by(__c{i}, CASE WHEN __p{i} THEN __ek_p END) AS "
                                 f"{text}) AS __f{i}")
                outer.append(f"count(CASE WHEN __p{i} THEN 1 END) AS __n{i}")
            found = eng.arrow(f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} "
                              f"FROM {self.source.location}) t").to_pylist()[0]
            if local:  # the values at the first places: one read of each place's row
                self._fill_census({c: found[f"__f{i}"] for i, c in enumerate(conditions)},
                                  {c: int(found[f"__n{i}"]) for i, c in enumerate(conditions)})
            else:
                self.firsts.update({c: (found[f"__f{i}"], int(found[f"__n{i}"]))
                                    for i, c in enumerate(conditions)})
        return self.firsts

    def _fill_census(self, places: dict, counts: dict) -> None:
        """:meth:`census` from each column's first present place and present rows: the values
        at those places are read from the rows there (one read per distinct place)."""
        at: dict[int, list[str]] = {}
        for c, place in places.items():
            if place is not None:
                at.setdefault(int(place), []).append(c)
        firsts = dict.fromkeys(places)
        self.first_places.update(places)
        for place, names in at.items():
            row = self.engine.at(self.placed, [place], "[" + ", ".join(
                f"CAST({_quoted(self.engine, c)} AS VARCHAR)" for c in names) + "]")[0]
            firsts.update(dict(zip(names, row)))
        self.firsts.update({c: (firsts[c], int(counts[c])) for c in places})

    def presence(self, columns) -> dict:
        """For :meth:`group`'s ``exprs``: each dataset column of ``columns`` grouped by whether
        the typing leaves a value there (:func:`present_sql`: a blank text is no value), the
        cells holding the column's first present value (in row order, :meth:`census`, in the
        column's own type) where it does, else NULL (a Parquet nanosecond timestamp Spark reads
        as a number becomes a timestamp, to the microsecond). A check that reads only whether a
        column holds a value, or the column's first value, reads the same from these cells;
        the column's other values do not multiply the cells. A column of a nested type (a
        list, a map, a struct) is left out (grouped as it is). Each is a
        :class:`~ethicskit.cellspec.Present`, which :meth:`group` groups as one bit of a
        number."""
        from ethicskit.cellspec import Present

        columns = [c for c in dict.fromkeys(columns)]
        if not columns:
            return {}
        types = self.type_names()
        conditions = self.conditions()
        out = {}
        for c in columns:
            kind = types.get(c, "")
            if not kind or any(k in kind.upper() for k in ("STRUCT", "MAP", "[]", "ARRAY<")):
                continue  # a nested type: kept as it is
            if (self.kinds or {}).get(c) == NANOS:  # Spark reads these as longs: a timestamp
                kind = "TIMESTAMP"
            out[c] = Present(conditions[c], kind)
        return out

    def ids_at(self, places) -> list[str]:
        """The ``customer_id`` values (as text, unmasked; '' for none) of the dataset's rows at
        ``places`` (0 = the first row), in their order: a dataset without ids numbers its rows
        from 1, as the typing does; else the engine reads those rows alone
        (:meth:`ethicskit.engine.engines.DuckDBEngine.at`)."""
        if self.schema.keyed_by_row:
            return [str(int(p) + 1) for p in places]
        values = self.engine.at(self.placed, places,
                                f"COALESCE(CAST({self._ident()} AS VARCHAR), '')")
        return ["" if v is None else str(v) for v in values]

    def first_ids(self, cells, *, limit: int = 10) -> list[str]:
        """The ``customer_id`` values (as text, unmasked) of the first ``limit`` rows of the
        cells numbered ``cells``, in row order: asked of the engine, for a :meth:`group` made
        without ``evidence`` (too many cells to keep ids for each)."""
        out: list[str] = []
        for frame in self.members(cells, size=limit, limit=limit):
            out += frame["customer_id"].tolist()
        return out[:limit]

    def of(self, columns: list[str], *, source=None) -> pd.DataFrame:
        """The distinct rows of the dataset's ``columns`` (and its weight), typed, each with
        ``weight``: the rows it stands for times their own weight."""
        frame = _typed(self.query(columns, source=source), self, path=self.schema.source)[0]
        self.tally.append(len(frame))
        return frame


def _places(rows) -> list:
    """Per cell, the places of its first rows (ascending), from the engine's lists ``rows``."""
    lists = rows.combine_chunks()
    offsets = lists.offsets.to_numpy()
    places = lists.flatten().to_numpy(zero_copy_only=False).astype(np.int64)
    return [places[a:b] for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist())]


def _typed(cells: pd.DataFrame, spec: Cells, *, path: str, first=None
           ) -> tuple[pd.DataFrame, dict, dict]:
    """``cells`` (dataset columns, ``n`` and any :data:`OFFER_SUMS`) typed by the contract,
    with ``weight`` = ``n`` times the row's own weight (and ``selected_count`` = ``n`` times
    its own); the offer sums are kept as they are (they are sums over the cell's rows)."""
    from ethicskit.campaign import prepare

    rows = cells.pop(ROWS).to_numpy(dtype=np.int64)
    sums = {name: cells.pop(name) for name in OFFER_SUMS if name in cells.columns}
    if spec.age and spec.age in cells.columns:
        cells = cells.rename(columns={spec.age: "age"})
    info: dict = {}
    numbers = (np.full(len(cells), -1, dtype=np.int64) if first is None
               else np.asarray(first) + 1)
    with D.numbered_rows(numbers):  # an input error names the dataset's row, not the cell's
        df, mapping, _ = prepare(cells.reset_index(drop=True),
                                 _partial(spec.schema.config, cells.columns),
                                 as_of=spec.as_of, path=path, csv=False, info=info,
                                 rows=rows)
    if spec.weight is not None:
        df["weight"] = df["weight"].to_numpy(dtype=np.int64) * rows
    else:
        df["weight"] = rows
    if "selected_count" in df.columns:
        df["selected_count"] = df["selected_count"].to_numpy(dtype=np.int64) * rows
    for name, values in sums.items():
        df[f"__{name}"] = values.to_numpy()
    return df, mapping, info


def bias_columns(schema, *, offers: bool = True) -> list[str]:
    """The frame columns the bias area reads, but its features: the protected attributes, the
    decision, the reference groups' and population shares' attributes, and
    :data:`BIAS_READS`, those in the dataset (without ``offers``, not ``offer_value``: the
    engine sums the offers per cell)."""
    config = schema.config
    names = list(config.protected_attributes if config.protected_attributes is not None
                 else [a for a in DEFAULT_PROTECTED if a in schema.df.columns])
    names += list(config.reference_groups) + list(config.population_shares)
    names += [config.decision] + list(BIAS_READS)
    columns = [schema.resolve(name) for name in names
               if offers or schema.resolve(name) != "offer_value"]
    return list(dict.fromkeys(c for c in columns if c is not None))


def _sources(column: str, mapping: dict[str, str]) -> list[str]:
    """The frame columns ``column`` is computed from: ``age_band`` from ``age``, ``age`` from
    ``birth_date`` when the dataset has no column of its own."""
    if column == "age_band" and "age_band" not in mapping:
        return _sources("age", mapping)
    if column == "age" and "age" not in mapping:
        return ["birth_date"]
    return [column]


def open_compressed(dataset: str, *, config_path: str | None = None, as_of=None,
                    engine: str, spark_master: str | None = None, areas=("bias",)):
    """The campaign of ``dataset`` compressed by ``engine`` for the bias area: its frame holds
    one row per distinct combination of the columns :func:`bias_columns` names, weighing the
    rows it stands for; ``rows`` is the dataset's number of rows; ``cells`` asks the engine for
    the cells of a feature (the proxy check). Config errors are those of the whole dataset
    (every column the config names is looked for in the dataset's schema)."""
    from ethicskit.campaign import Campaign, _check_config_columns, prepare
    from ethicskit.engine.load import reader_engine, spark_settings
    from ethicskit.engine.source import source_of

    config = load_config(config_path) if config_path else Config()
    day = (parse_date(as_of, key="as_of") if as_of else
           config.as_of or dt.datetime.now(dt.timezone.utc).date())
    config.as_of = day
    source = source_of(dataset, engine=engine)
    master, settings = spark_settings(config.spark, spark_master)
    eng = reader_engine(engine, spark_master=master, spark_config=settings)
    try:
        with eng.view(source) as view:
            schema_table = eng.arrow(f"SELECT * FROM {view} LIMIT 0")
    except (DataError, InputError):
        raise
    except Exception as exc:  # noqa: BLE001 - the engine's own errors are long: the first line
        from ethicskit.engine.load import first_line

        raise DataError(f"{dataset}: {engine} cannot read the dataset: {first_line(exc)}") \
            from None
    kinds = _kinds(schema_table)
    empty = schema_table.to_pandas()
    names = [str(c) for c in empty.columns]
    if ROWS in names:
        raise InputError(f"{dataset}: a column named {ROWS!r} clashes with the cells' count; "
                         f"use --engine pandas")
    D.check_header(names, path=dataset)
    schema_df, mapping, keyed = prepare(empty, config, as_of=day, path=dataset, csv=False)
    schema = Campaign(df=schema_df, config=config, as_of=day, source=dataset, sha256="",
                      source_columns=len(names), mapping=mapping, keyed_by_row=keyed,
                      dataset_columns=names)
    _check_config_columns(schema)
    weight, selected = mapping.get("weight"), mapping.get("selected_count")
    if engine == "spark":
        _refuse_nanoseconds(source, kinds)
    from ethicskit.engine.source import Source

    placed = eng.view(source, positions=True)  # open for the campaign's life
    base = Source("table", placed.__enter__())
    view, age, aged = _with_age(eng, base, schema, kinds, day)
    rows = int(eng.arrow(f"SELECT count(*) AS n FROM {base.location}").column(0)[0].as_py())
    if not rows:
        placed.__exit__(None, None, None)
        raise DataError(f"{dataset}: the dataset has no rows")
    cells = Cells(eng, view, schema, day, weight, selected, age=age,
                  keep=tuple(v for v in (placed, aged) if v is not None), kinds=kinds, rows=rows,
                  placed=base.location)
    schema = dataclasses.replace(schema, sha256=D.source_digest(source))
    cells = dataclasses.replace(cells, schema=schema, types=engine_types(eng, view.location))
    cells = dataclasses.replace(cells, present=cells.conditions())
    if {"bias", "transparency"} & set(areas):  # the notice and model card read bias findings
        offers = _offer_sql(schema, kinds, weight)
        if offers is not None:
            cells = dataclasses.replace(cells, offers=offers)
            cells = dataclasses.replace(cells, shift=_shift(cells))
        columns = [c for c in cells.sources_of(bias_columns(schema, offers=offers is None))
                   if c not in (weight, selected)]
        df = _typed(cells.query(columns, offers=True), cells, path=dataset)[0]
        cells.tally.append(len(df))
    else:
        df = schema.df.assign(weight=pd.Series(dtype="int64"))
    return Campaign(df=df, config=config, as_of=day, source=dataset,
                    sha256=schema.sha256, source_columns=len(names),
                    mapping=mapping, keyed_by_row=keyed, dataset_columns=names,
                    notes=_notes(cells), inventory=schema.inventory, engine=engine,
                    repeats=weight is None, row_total=rows, cells=cells)


def _notes(cells: Cells) -> list[str]:
    """What the typing says of the whole dataset (the report's notes): countries that are not
    ISO codes (with their rows), birth dates given as whole years. Both come from the cells of
    ``country`` and of a ``birth_date`` the engine does not read as a date (a date is no whole
    year), whatever the areas read."""
    schema = cells.schema
    columns = []
    for logical in ("country", "birth_date"):
        name = schema.mapping.get(logical, logical)
        if name in schema.dataset_columns and not (logical == "birth_date" and
                                                   (cells.kinds or {}).get(name) == "DATE"):
            columns.append(name)
    return list(cells.group(columns, evidence=False).notes) if columns else []


def engine_types(eng, view: str) -> dict[str, str]:
    """Column of ``view`` -> the engine's name of its type: DuckDB's (``VARCHAR``,
    ``TIMESTAMP WITH TIME ZONE``, ``VARCHAR[]``, ...) or Spark's simple string
    (``string``, ``array<string>``, ...)."""
    if eng.dialect == "spark":
        return {f.name: f.dataType.simpleString() for f in eng.session.table(view).schema.fields}
    rel = eng.con.sql(f"SELECT * FROM {view} LIMIT 0")
    return {name: str(t) for name, t in zip(rel.columns, rel.types)}


def _kinds(table) -> dict[str, str]:
    """Column -> how the engine reads it (``table``: its Arrow schema): ``BOOLEAN``,
    ``NUMBER``, ``DATE`` (a date or a timestamp) or ``OTHER``."""

    out = {}
    for field in table.schema:
        t = field.type
        out[field.name] = ("BOOLEAN" if pa.types.is_boolean(t) else
                           "NUMBER" if pa.types.is_integer(t) or pa.types.is_floating(t)
                           or pa.types.is_decimal(t) else
                           "DATE" if pa.types.is_date(t) or pa.types.is_timestamp(t) else
                           "OTHER")
    return out


def _refuse_nanoseconds(source, kinds: dict[str, str]) -> None:
    """Mark as :data:`NANOS` the columns of a Parquet source that hold nanosecond timestamps
    Spark reads as longs (SPARK_DEFAULTS): cells of them cannot be typed, and asking for them
    is an input error (:meth:`Cells.query`)."""

    from ethicskit.engine.load import parquet_schema

    schema = parquet_schema(source.location) if source.kind == "parquet" else None
    if schema is None:
        return
    late = [f.name for f in schema if pa.types.is_timestamp(f.type) and f.type.unit == "ns"
            and kinds.get(f.name) == "NUMBER"]
    if late:
        kinds.update({name: NANOS for name in late})


_views = itertools.count()


def _with_age(eng, source, schema, kinds: dict[str, str], day: dt.date):
    """``(source, age column, opened view)``: when the dataset's ages come from a
    ``birth_date`` the engine reads as a date (no ``age`` or ``age_band`` of its own, no
    ``values:`` or ``date_format:`` for it), a view of the source with :data:`AGE` beside its
    columns, ``age_at`` of the data contract in SQL: whole years from the birth date to as_of,
    one less before the birthday. Birth dates after as_of or before the contract's first year
    are an input error here, as when the rows are typed. Else the source itself and None. The
    view the new one reads stays open until :meth:`Cells.close`."""
    from ethicskit.engine import sql as S
    from ethicskit.engine.source import Source

    mapping, config = schema.mapping, schema.config
    birth = mapping.get("birth_date")
    if (birth is None or "age" in mapping or "age_band" in mapping
            or kinds.get(birth) != "DATE" or "age" in schema.dataset_columns
            or birth in config.values or "birth_date" in config.values
            or config.date_format):
        return source, None, None
    b = f'"{birth}"'
    age = (f"{day.year} - year({b}) - CASE WHEN month({b}) > {day.month} OR "
           f"(month({b}) = {day.month} AND day({b}) > {day.day}) THEN 1 ELSE 0 END")
    tree = S.expression(age, what="age")
    name = f"ek_aged_{next(_views)}"
    opened = eng.view(source)  # kept open for the campaign's life (the engine's session)
    view = opened.__enter__()
    eng.execute(f"CREATE OR REPLACE TEMPORARY VIEW {name} AS SELECT *, "
                f"{S.render(tree, eng.dialect)} AS {_quoted(eng, AGE)} FROM {view}")
    late, early = eng.arrow(S.render(S.sqlglot.parse_one(
        f"SELECT count(CASE WHEN {b} > DATE '{day.isoformat()}' THEN 1 END), "
        f"count(CASE WHEN {b} < DATE '{D.MIN_BIRTH_YEAR}-01-01' THEN 1 END) FROM {view}",
        read="duckdb"), eng.dialect)).to_pylist()[0].values()
    for n, problem in ((late, f"birth dates after as_of ({day.isoformat()})"),
                       (early, f"birth dates before {D.MIN_BIRTH_YEAR}")):
        if n:
            raise DataError(f"{schema.source}: column {birth!r} holds {problem} in {n:,} "
                            f"row{'s' if n != 1 else ''} (--engine pandas names them)")
    return Source("table", name), AGE, opened


def _offer_sql(schema, kinds: dict[str, str], weight: str | None):
    """``(condition, value, weight)`` in SQL when the engine can sum the offers itself: an
    ``offer_value`` it reads as a number and a ``targeted`` it reads as a boolean (or none:
    every row targeted), neither recoded by ``values:``, and a decision that is not
    ``selected_count`` (which splits each row). Else None: the offers are cells' values."""
    mapping, config = schema.mapping, schema.config
    offer, targeted = mapping.get("offer_value"), mapping.get("targeted")
    if (offer is None or kinds.get(offer) != "NUMBER" or schema.resolve(config.decision) ==
            "selected_count" or any(k in config.values for k in
                                    ("offer_value", "targeted", offer, targeted))):
        return None
    if targeted is not None and kinds.get(targeted) != "BOOLEAN":
        return None
    o = f'CAST("{offer}" AS DOUBLE)'
    finite = f"{o} IS NOT NULL AND NOT isnan({o}) AND abs({o}) < CAST('inf' AS DOUBLE)"
    cond = finite if targeted is None else f'"{targeted}" IS TRUE AND {finite}'
    return cond, o, (f'"{weight}"' if weight else "1")


def _shift(cells: Cells) -> float:
    """The mean offer of the offers that count (weighted), as the rows' reduction centres on:
    ``sum(w * offer) / sum(w)``."""
    from ethicskit.engine.reduce import group_sums

    cond, value, weight = cells.offers
    total = group_sums(cells.source, by=[], engine=cells.engine, values={
        "s": f"CASE WHEN {cond} THEN {weight} * {value} ELSE 0.0 END",
        "w": f"CASE WHEN {cond} THEN {weight} ELSE 0 END"})
    w = float(total["w"].iloc[0]) if len(total) else 0.0
    return float(total["s"].iloc[0]) / w if w else 0.0


#: From this many bytes of Parquet (or a DuckDB database), ``--engine auto`` computes a run of
#: the bias area alone from DuckDB's cells. Measured on the sample campaign (one run each, the
#: whole ``ethicskit run --only bias``): 5,000 rows 9.2 s from the rows against 12.1 s from the
#: cells; 200,000 rows (8 MB) 9.2-11.7 s against 10.4-11.5 s; 1M rows (42 MB) 14.3 s, 1.06 GB
#: against 10.4 s, 0.48 GB; 10M rows 45.7 s, 7.3 GB against 18.7 s, 0.48 GB.
AUTO_CELLS_BYTES = 32 * 2 ** 20


def _large(dataset: str) -> bool:
    """Whether ``dataset`` is Parquet (a file, folder or glob) or a DuckDB database of at least
    :data:`AUTO_CELLS_BYTES` on this machine."""
    from pathlib import Path

    try:
        db = D.duckdb_source(dataset)
        if db is not None:
            return db[0].stat().st_size >= AUTO_CELLS_BYTES
        parts = D.parquet_parts(dataset)
        files = parts if parts is not None else [Path(dataset)]
        if parts is None and (D.local_csv(dataset) or not Path(dataset).is_file()):
            return False
        return sum(p.stat().st_size for p in files) >= AUTO_CELLS_BYTES
    except (OSError, DataError):  # the reader says what is wrong
        return False


#: A whole run from the rows holds about this many bytes per dataset row at its peak, all its
#: processes together (benchmarks/SCALE.md: 7.25 GB for ten million rows of the sample
#: campaign on pandas, 1.05 GB for one million).
ROWS_PEAK_BYTES = 750


def _rows_fit(dataset: str) -> bool:
    """Whether a run of ``dataset`` from its rows fits in half of this machine's memory
    (:data:`ROWS_PEAK_BYTES` per row, the rows counted from the Parquet files' footers); True
    when they cannot be counted here (a CSV, a remote path: the reader says what is wrong)."""
    import os

    import pyarrow.parquet as pq

    try:
        parts = D.parquet_parts(dataset)
        if parts is None and not (str(dataset).endswith((".parquet", ".pq"))):
            return True
        files = parts if parts is not None else [dataset]
        rows = sum(pq.ParquetFile(str(p)).metadata.num_rows for p in files)
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except Exception:  # noqa: BLE001 - a file that cannot be read here: the reader says why
        return True
    return rows * ROWS_PEAK_BYTES <= total // 2


def open_for(areas, dataset: str | None = None, *, config_path: str | None = None, as_of=None,
             engine: str | None = None, spark_master: str | None = None):
    """The campaign a run of ``areas`` computes its record from: compressed by the engine when
    :func:`eligible` allows it, else the rows (:func:`ethicskit.campaign.open_campaign`). With
    ``auto`` (the default), a Parquet dataset whose run from the rows would not fit in half of
    this machine's memory (:func:`_rows_fit`), and a bias-only run of one of
    :data:`AUTO_CELLS_BYTES` or more, are computed from DuckDB's cells; other runs from the
    rows, which is faster while they fit (benchmarks/SCALE.md)."""
    from ethicskit.campaign import open_campaign
    from ethicskit.engine.load import choose
    from ethicskit.paths import SAMPLE_CONFIG

    if not dataset and not config_path:  # the bundled sample, as open_campaign reads it
        config_path = SAMPLE_CONFIG
    config = load_config(config_path) if config_path else Config()
    named = dataset or config.dataset
    if named:
        asked = engine or config.engine
        reader = choose(str(named), asked)
        if asked == "auto" and reader == "pandas" and (
                (set(areas) == {"bias"} and _large(str(named))) or not _rows_fit(str(named))):
            reader = "duckdb"  # the bias cells are faster there; the rows would not fit
        if eligible(str(named), engine=reader, areas=areas, config=config) is None:
            return open_compressed(str(named), config_path=config_path, as_of=as_of,
                                   engine=reader, spark_master=spark_master, areas=areas)
    return open_campaign(dataset, config_path=config_path, as_of=as_of, engine=engine,
                         spark_master=spark_master)
