"""What a group of cells is grouped by (:meth:`ethicskit.compressed.Cells.group`), and a group's
cells merged into those of a coarser group without asking the engine again.

A group names dataset columns, each grouped as it is, by SQL over the row (a text), by whether
the typing leaves a value there (:class:`Present`, grouped as one bit of a number) or by a key
whose cell keeps the least of an expression (:class:`Spread`). :class:`Spec` orders them as the
engine's query does: the keys ``__k0, __k1, ...`` of the grouped columns, then one number per
:data:`BITS` present columns, then the least values ``__a0, __a1, ...``.

A group whose every column is grouped alike in a finer group is that group's cells merged
(:func:`narrowed`): the rows of each coarser cell are the rows of the finer cells it gathers, so
its rows are their sum, its first row their least, its first places the least of their places
and a :class:`Spread`'s least value the least of theirs. One scan can so serve several groups
(``ethicskit.privacy.cells``: the identifiers, special-category and retention groups, and the
census of every column, from one group of every column's presence).

Below :mod:`ethicskit.compressed` and the areas' ``cells`` modules; imports nothing of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

#: The conditions of :class:`Present` columns one number of a group holds as bits.
BITS = 62
#: The columns of a group's table holding a cell's rows, its first row and its first places.
ROWS, FIRST, PLACES = "n", "__ek_first", "__ek_places"


@dataclass(frozen=True)
class Present:
    """A column grouped by whether the typing leaves a value there: ``condition`` (SQL of
    DuckDB's dialect over the row) holds where it does. The cells hold the column's first
    present value where it holds, else NULL, as ``kind`` (the engine's type of the column;
    :meth:`ethicskit.compressed.Cells.presence`). Grouping by one integer of 62 such conditions
    costs a fraction of grouping by 62 texts."""

    condition: str
    kind: str


@dataclass(frozen=True)
class Spread:
    """A column grouped by ``key`` (SQL over the row), each cell holding the least ``least``
    (SQL over the row) of its rows: for a check that reads of the column only which side of a
    few limits it falls and its extreme, so that the cells are the limits' intervals, not the
    column's values.

    With ``then`` (SQL over the column, DuckDB's dialect), the cell holds ``then`` of that
    least value, computed on the cells after the rows are grouped, not on every row. ``then``
    must not decrease as the column grows: the least ``then`` of some rows is then ``then`` of
    their least value, so the cells are those of ``least = then`` and merge alike
    (:func:`narrowed` takes the least of the cells' values)."""

    key: str
    least: str
    then: str | None = None


@dataclass(frozen=True)
class Spec:
    """The columns of a group in the engine's order (module docstring)."""

    names: tuple[str, ...]
    exprs: dict = field(default_factory=dict)

    @property
    def packed(self) -> tuple[str, ...]:
        """The :class:`Present` columns, in the order of their bits."""
        return tuple(c for c in self.names if isinstance(self.exprs.get(c), Present))

    @property
    def grouped(self) -> tuple[str, ...]:
        """The columns with a key of their own (``__k0``, ``__k1``, ...)."""
        return tuple(c for c in self.names if not isinstance(self.exprs.get(c), Present))

    @property
    def chunks(self) -> list[tuple[str, ...]]:
        """The present columns of each number, :data:`BITS` to a number."""
        packed = self.packed
        return [packed[j:j + BITS] for j in range(0, len(packed), BITS)]

    @property
    def spread(self) -> tuple[str, ...]:
        """The :class:`Spread` columns (their least values ``__a0``, ``__a1``, ...)."""
        return tuple(c for c in self.grouped if isinstance(self.exprs.get(c), Spread))

    def bit(self, column: str) -> tuple[int, int]:
        """``(key, bit)``: the key ``__k{key}`` and the bit holding the present ``column``."""
        i = self.packed.index(column)
        return len(self.grouped) + i // BITS, i % BITS

    def key_sql(self) -> list[str]:
        """Each key's SQL, DuckDB's dialect: the column, its SQL, a :class:`Spread`'s key, or
        the sum of the present columns' bits."""
        keys = []
        for c in self.grouped:
            e = self.exprs.get(c)
            keys.append('"' + c.replace('"', '""') + '"' if e is None else
                        e.key if isinstance(e, Spread) else e)
        for chunk in self.chunks:
            keys.append(" + ".join(f"CASE WHEN {self.exprs[c].condition} THEN "
                                   f"CAST({1 << b} AS BIGINT) ELSE CAST(0 AS BIGINT) END"
                                   for b, c in enumerate(chunk)))
        return keys

    def within(self, finer: "Spec") -> bool:
        """Whether every column of this group is grouped in ``finer`` as here, or is present
        here and grouped as it is there (its bit is then its condition on ``finer``'s values,
        :meth:`derived`)."""
        return all(c in finer.names and (finer.exprs.get(c) == self.exprs.get(c)
                                         or c in self.derived(finer))
                   for c in self.names)

    def derived(self, finer: "Spec") -> tuple[str, ...]:
        """The present columns of this group that ``finer`` groups as they are."""
        return tuple(c for c in self.packed if c in finer.names and finer.exprs.get(c) is None)


def spec_of(columns, exprs, *, weight: str | None, selected: str | None) -> Spec:
    """The group of ``columns`` (as they are) and ``exprs`` (column -> SQL text,
    :class:`Present` or :class:`Spread`), with the dataset's own ``weight`` and
    ``selected_count`` columns as they are."""
    exprs = dict(exprs or {})
    names = [c for c in dict.fromkeys(list(columns) + [c for c in (weight, selected) if c])
             if c not in exprs] + list(exprs)
    return Spec(tuple(names), exprs)


def narrowed(table: pa.Table, finer: Spec, spec: Spec, *, limit: int,
             bits: dict | None = None) -> pa.Table:
    """The table of ``spec``'s cells (the shape of the engine's answer: keys, least values,
    rows, first row and, when ``table`` has them, the first ``limit`` places, ordered by the
    first row) from ``table``, the cells of the ``finer`` group (``spec.within(finer)``);
    ``bits`` holds, per column of ``spec.derived(finer)``, its condition on each of
    ``table``'s cells (a boolean array)."""
    n = table.num_rows
    cols: dict[str, pa.ChunkedArray | pa.Array] = {}
    for i, c in enumerate(spec.grouped):
        cols[f"__k{i}"] = table.column(f"__k{finer.grouped.index(c)}")
    for j, chunk in enumerate(spec.chunks):
        number = np.zeros(n, dtype=np.int64)
        for b, c in enumerate(chunk):
            if c in (bits or {}):
                held = np.asarray(bits[c], dtype=np.int64)
            else:
                key, at = finer.bit(c)
                held = (table.column(f"__k{key}").to_numpy().astype(np.int64) >> at) & 1
            number |= held << b
        cols[f"__k{len(spec.grouped) + j}"] = pa.array(number)
    keys = list(cols)
    for i, c in enumerate(spec.spread):
        cols[f"__a{i}"] = table.column(f"__a{finer.spread.index(c)}")
    cols[ROWS] = table.column(ROWS)
    cols[FIRST] = table.column(FIRST)
    cols["__ek_i"] = pa.array(np.arange(n, dtype=np.int64))
    merged = pa.table(cols)
    aggregates = [(ROWS, "sum"), (FIRST, "min"), ("__ek_i", "list")]
    aggregates += [(f"__a{i}", "min") for i in range(len(spec.spread))]
    if keys:
        out = merged.group_by(keys, use_threads=False).aggregate(aggregates)
    else:  # one cell of every row
        out = _whole(merged, aggregates)
    out = out.rename_columns([_plain(name) for name in out.column_names])
    order = np.argsort(out.column(FIRST).to_numpy(), kind="stable")
    out = out.take(pa.array(order))
    members = out.column("__ek_i").to_pylist()
    out = out.drop_columns(["__ek_i"])
    if PLACES in table.column_names:
        places = table.column(PLACES).to_pylist()
        lists = [sorted(p for i in rows for p in places[i])[:limit] for rows in members]
        out = out.append_column(PLACES, pa.array(lists, type=pa.list_(pa.int64())))
    return out.select(keys + [f"__a{i}" for i in range(len(spec.spread))] + [ROWS, FIRST] +
                      ([PLACES] if PLACES in out.column_names else []))


def _whole(table: pa.Table, aggregates) -> pa.Table:
    """``aggregates`` of every row of ``table`` as one row (a group of no keys)."""
    import pyarrow.compute as pc

    out = {}
    for name, how in aggregates:
        column = table.column(name)
        if how == "list":
            out[f"{name}_list"] = pa.array([column.to_pylist()])
        else:
            out[f"{name}_{how}"] = pa.array([getattr(pc, how)(column).as_py()],
                                            type=column.type)
    return pa.table(out)


def _plain(name: str) -> str:
    """A column of pyarrow's aggregate (``n_sum``, ``__ek_first_min``) by its own name."""
    for suffix in ("_sum", "_min", "_list"):
        if name.endswith(suffix) and not name.startswith("__k"):
            return name[:-len(suffix)]
    return name
