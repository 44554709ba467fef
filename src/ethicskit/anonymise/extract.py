"""The anonymised extract of a campaign, and its own audit.

:func:`anonymise` writes a copy of the campaign that can be handed to a data-science team or a
vendor:

1. direct identifiers are left out (:func:`ethicskit.anonymise.scan.identifier_columns`) and
   identifier values in the other text columns blanked;
2. ``customer_id`` is replaced by its keyed HMAC-SHA256 (:mod:`ethicskit.anonymise.pseudonym`)
   and the rows are ordered by it, so the row order says nothing about the input's;
3. the quasi-identifiers are generalised to the levels that :mod:`ethicskit.anonymise.search`
   chose, and the rows of the classes still below ``k_min`` (or ``l_min``) are suppressed;
4. the file is written (CSV or Parquet, by its suffix) to a temporary file in the same folder
   and renamed, so a reader never sees half a file;
5. the written file is read back and audited: k and l over its quasi-identifier columns with a
   plain ``groupby``, and the identifier pattern scan over every column.

Only one column of a person's age is kept: when ``birth_date``, ``age`` or ``age_band`` is a
quasi-identifier, the finest of them is generalised and the others are left out (each would
undo the generalisation of the other). The columns the loader derives (``age``, ``age_band``)
appear only in that case. Every other column passes as it is.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ethicskit.anonymise import hierarchies as H
from ethicskit.anonymise import scan
from ethicskit.anonymise.pseudonym import pseudonymise
from ethicskit.anonymise.search import DEFAULT_MAX_SUPPRESSION, Node, node_table, search
from ethicskit.encoding import is_text
from ethicskit.errors import EthicskitError, InputError

DEFAULT_QUASI_IDENTIFIERS = ("postcode", "birth_date", "age", "gender")
SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
LOSS_MEASURE = "NCP (normalised certainty penalty)"


@dataclass
class Plan:
    """The quasi-identifiers, their hierarchies and the evaluated lattice of one campaign."""

    quasi_identifiers: list[str]
    sensitive: str | None
    hierarchies: list[H.Hierarchy]
    nodes: list[Node]
    best: Node | None
    k_min: int
    l_min: int
    max_suppression: float
    rows: int
    left_out: dict[str, str] = field(default_factory=dict)  # age columns not generalised


def quasi_identifiers(campaign) -> list[str]:
    """Frame columns of the quasi-identifiers: the config's, else those of ``postcode``,
    ``birth_date``, ``age``, ``gender`` present (the rule of ``privacy.k_anonymity``)."""
    named = campaign.config.quasi_identifiers
    if named is None:
        return [c for c in DEFAULT_QUASI_IDENTIFIERS if c in campaign.df.columns]
    return campaign.resolve_all(named)


def options(campaign) -> dict:
    return dict(getattr(campaign.config, "anonymise", None) or {})


def plan(campaign, *, max_suppression: float | None = None,
         weights: np.ndarray | None = None) -> Plan:
    """Build the hierarchies of the campaign's quasi-identifiers and search the lattice.

    ``weights``: when ``campaign`` is a group campaign of an engine's cells
    (:func:`tradeoff_from_cells`), the rows each of its frame rows stands for; the plan is
    then the plan of those rows (:mod:`ethicskit.anonymise.search`), without ``keep``."""
    if campaign.rows == 0:
        raise InputError(f"{campaign.source}: the dataset has no rows to anonymise")
    opts = options(campaign)
    if max_suppression is None:
        max_suppression = opts.get("max_suppression", DEFAULT_MAX_SUPPRESSION)
    if not 0 <= float(max_suppression) < 1:
        raise InputError(f"max suppression must be a share in [0, 1), got {max_suppression!r}")
    k_min = int(campaign.config.threshold("k_min"))
    l_min = int(campaign.config.threshold("l_min"))
    qis = quasi_identifiers(campaign)
    dimension = H.age_dimension(qis)
    left_out = {}
    if dimension is not None:
        for column in H.AGE_FAMILY:
            if column != dimension and column in campaign.df.columns:
                left_out[column] = f"finer than or the same as {campaign.display_name(dimension)}"
        qis = [q for q in qis if q not in H.AGE_FAMILY or q == dimension]
    name = campaign.config.sensitive_attribute
    sensitive = campaign.resolve(name) if name else None
    if sensitive in qis:
        sensitive = None
    hierarchies = H.hierarchies(campaign, qis, k_min=k_min, declared=opts.get("hierarchies"),
                                weights=weights)
    codes = None
    if sensitive is not None:
        codes = np.asarray(pd.factorize(campaign.df[sensitive], use_na_sentinel=True)[0],
                           dtype=np.int64)
    best, nodes = search(hierarchies, n=campaign.rows, k_min=k_min, l_min=l_min,
                         sensitive=codes, max_suppression=float(max_suppression),
                         weights=weights)
    return Plan(quasi_identifiers=qis, sensitive=sensitive, hierarchies=hierarchies,
                nodes=nodes, best=best, k_min=k_min, l_min=l_min,
                max_suppression=float(max_suppression), rows=campaign.rows, left_out=left_out)


def tradeoff(campaign, *, max_suppression: float | None = None) -> pd.DataFrame:
    """The trade-off of generalising against suppressing, one row per lattice node.

    Columns: the level of each quasi-identifier (by the dataset's name), ``node`` (all levels
    in one text), ``height`` (sum of levels), ``k`` (smallest class before suppression),
    ``suppressed`` (rows in classes below ``k_min``, or ``l_min``, left out to reach them) and
    their ``share``, ``k_after`` and ``l_after`` (smallest class and l of the kept rows),
    ``loss`` (NCP, see :mod:`ethicskit.anonymise.search`), ``discernibility``, ``feasible``
    (share at most the maximum suppression) and ``chosen`` (the node :func:`anonymise` uses).
    Ordered by height, then levels.
    """
    p = plan(campaign, max_suppression=max_suppression)
    return _table(campaign, p)


def _table(campaign, p: Plan) -> pd.DataFrame:
    table = node_table(p.hierarchies, p.nodes, n=p.rows, display=campaign.display_name,
                       chosen=p.best.levels if p.best else None)
    table.attrs.update(k_min=p.k_min, l_min=p.l_min, max_suppression=p.max_suppression,
                       sensitive=campaign.display_name(p.sensitive) if p.sensitive else None)
    return table


def cell_columns(cells) -> tuple[list[str], dict[str, str]]:
    """``(columns, exprs)`` of the trade-off's group of cells (:meth:`ethicskit.compressed.
    Cells.group`): the dataset columns the quasi-identifiers and the sensitive attribute are
    typed from, grouped as they are, and the dataset's own ``weight`` and ``selected_count``
    grouped as the constant 1.

    Why every value of the table stays the rows' one: the hierarchies read each
    quasi-identifier's distinct values (as the frame types them) and the rows holding each,
    the search the class of every row and its sensitive value. A cell holds rows of one value
    of every column it is grouped by, so of one typed value of every quasi-identifier (a
    derived ``age``/``age_band`` is a function of the ``birth_date`` or engine age it is
    grouped by) and of the sensitive attribute; its ``weight`` is its rows: the trade-off counts
    rows, not people, so the dataset's weight is replaced by 1 (``weight = 1 * rows``, a weight
    of 0 kept as the row it is) and ``selected_count`` too (not read here, and it would only
    split cells).
    """
    schema = cells.schema
    own = set(schema.dataset_columns)
    qis = quasi_identifiers(schema)
    dimension = H.age_dimension(qis)  # the one age column :func:`plan` generalises
    qis = [q for q in qis if q not in H.AGE_FAMILY or q == dimension]
    birth = schema.mapping.get("birth_date", "birth_date")
    birth = birth if birth in own else None
    columns: list[str] = []
    for qi in qis:
        if qi == "birth_date" and birth is not None:
            columns.append(birth)  # grouped on its value: its date is the level "as is"
        elif (qi in ("age", "age_band") and cells.age is None and birth is not None
              and schema.mapping.get(qi, qi) not in own):
            columns.append(birth)  # the loader derives it from the birth date
        else:
            columns += cells.sources_of([qi])
    name = schema.config.sensitive_attribute
    sensitive = schema.resolve(name) if name else None
    if sensitive is not None:
        columns += cells.sources_of([sensitive])
    columns = [c for c in dict.fromkeys(columns) if c in own or c == cells.age]
    exprs = {c: "1" for c in (cells.weight, cells.selected) if c}
    return [c for c in columns if c not in exprs], exprs


def tradeoff_from_cells(campaign, *, max_suppression: float | None = None,
                        within=None) -> pd.DataFrame:
    """:func:`tradeoff` of a compressed campaign (``campaign.cells``), from one group of the
    engine's cells (:func:`cell_columns`) weighing the rows each stands for: the same table,
    value for value and dtype for dtype (the NCP ``loss`` to the last bits of its float sum).

    The cells hold every distinct value of the quasi-identifiers, in the order of their first
    row, so the hierarchies are the rows' (:func:`ethicskit.anonymise.hierarchies.build`); the
    lattice is searched with the cells' weights (:mod:`ethicskit.anonymise.search`). The cells
    are as many as the distinct (quasi-identifiers, sensitive value) combinations, which do not
    grow with the rows once every combination is seen. ``within``: a group campaign whose
    cells the group may be merged from, without a query (:meth:`ethicskit.compressed.Cells.
    group`; the privacy area's classes, of the same columns)."""
    cells = campaign.cells
    columns, exprs = cell_columns(cells)
    group = cells.group(columns, exprs=exprs, evidence=False, within=within)
    weights = group.df["weight"].to_numpy(dtype=np.int64)
    if int(weights.sum()) != group.rows:
        raise EthicskitError(f"{campaign.source}: the cells stand for {int(weights.sum()):,} "
                             f"rows, not the dataset's {group.rows:,} (a bug)")
    p = plan(group, max_suppression=max_suppression, weights=weights)
    return _table(group, p)


@dataclass
class Report:
    """What :func:`anonymise` did and what the audit of the written extract found. Holds no
    key and no value of the data."""

    out: str
    format: str
    rows_in: int
    rows_out: int
    suppressed: int
    quasi_identifiers: list[str]
    levels: dict[str, str]
    loss: float
    discernibility: float
    k: int
    l: int | None
    k_min: int
    l_min: int
    sensitive: str | None
    max_suppression: float
    dropped: dict[str, str]
    blanked: dict[str, int]
    identifier_columns: list[dict]
    columns: int
    loss_measure: str = LOSS_MEASURE

    @property
    def suppressed_share(self) -> float:
        return self.suppressed / self.rows_in if self.rows_in else 0.0

    def to_dict(self) -> dict:
        out = dict(self.__dict__)
        out["suppressed_share"] = self.suppressed_share
        return out

    def lines(self) -> list[str]:
        """The report in a few lines, for the command line."""
        levels = ", ".join(f"{c}: {v}" for c, v in self.levels.items()) or "none (no " \
            "quasi-identifier)"
        l_text = (f", l = {self.l} (l_min {self.l_min}, {self.sensitive})"
                  if self.sensitive else ", l not measured (no sensitive attribute)")
        found = ", ".join(f"{r['column']} ({r['type']})" for r in self.identifier_columns)
        dropped = ", ".join(f"{c} ({why})" for c, why in self.dropped.items()) or "none"
        lines = [
            f"wrote {self.out}: {self.rows_out:,} of {self.rows_in:,} rows, {self.columns} "
            f"columns ({self.format})",
            f"levels: {levels}",
            f"suppressed: {self.suppressed:,} rows ({self.suppressed_share:.1%}; at most "
            f"{self.max_suppression:.0%})",
            f"loss: NCP {self.loss:.4f} (discernibility {self.discernibility:,.0f})",
            f"extract: k = {self.k} (k_min {self.k_min}){l_text}",
            f"dropped: {dropped}; customer_id replaced by HMAC-SHA256",
            f"identifier columns found in the extract: {found or 'none'}",
        ]
        if self.blanked:
            lines.append("identifier values blanked: " + ", ".join(
                f"{c} ({n:,})" for c, n in self.blanked.items()))
        return lines


def _format(out: Path) -> str:
    fmt = SUFFIXES.get(out.suffix.lower())
    if fmt is None:
        raise InputError(f"{out}: the extract must end in .csv or .parquet")
    return fmt


def write_atomic(frame: pd.DataFrame, out: Path, fmt: str) -> None:
    """Write ``frame`` to a temporary file next to ``out``, then rename it to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    try:
        if fmt == "csv":
            frame.to_csv(temp, index=False)
        else:
            frame.to_parquet(temp, index=False)
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _no_solution(campaign, p: Plan) -> InputError:
    top = max(p.nodes, key=lambda node: node.height)
    need = f"k >= {p.k_min}" + (f" and l >= {p.l_min} ({campaign.display_name(p.sensitive)})"
                                if p.sensitive else "")
    return InputError(f"{campaign.source}: cannot reach {need} with at most "
                      f"{p.max_suppression:.0%} of rows suppressed, even with every "
                      f"quasi-identifier fully generalised ({top.suppressed:,} of {p.rows:,} "
                      f"rows would be suppressed)")


def _name(campaign, column: str) -> str:
    """The extract's name of a frame column: the dataset's own."""
    return scan.dataset_name(campaign, column)


def build_extract(campaign, p: Plan, key: bytes) -> tuple[pd.DataFrame, dict, dict, list]:
    """``(frame, dropped, blanked, qi_names)``: the extract's rows and columns (dataset names)."""
    share = float(campaign.config.threshold("identifier_share"))
    found = scan.identifier_columns(campaign, identifier_share=share)
    dropped = {_name(campaign, c): why for c, why in found.items()}
    skip = set(found)
    for column, why in p.left_out.items():
        if column in campaign.mapping:
            dropped[campaign.display_name(column)] = why
    own = set(campaign.dataset_columns or [])
    derived = {c for c in ("age", "age_band") if c not in campaign.mapping and c not in own}
    keep = p.best.keep
    levels = dict(zip(p.quasi_identifiers, p.best.levels))
    hierarchy = {h.column: h for h in p.hierarchies}
    columns: dict[str, pd.Series] = {}
    blanked: dict[str, int] = {}
    id_name = campaign.display_name("customer_id")
    columns[id_name] = pseudonymise(campaign.df["customer_id"], key)
    qi_names = []
    for column in campaign.df.columns:
        if column == "customer_id" or column in skip or column in p.left_out:
            continue
        if column in derived and column not in levels:
            continue
        name = _name(campaign, column)
        if column in levels:
            columns[name] = hierarchy[column].values(levels[column], index=campaign.df.index)
            qi_names.append(name)
            continue
        s = campaign.df[column]
        if is_text(s.dtype) and column != p.sensitive:
            s, n = scan.scrub(s)
            if n:
                blanked[name] = n
        columns[name] = s
    frame = pd.DataFrame(columns, index=campaign.df.index).loc[keep]
    frame = frame.sort_values(id_name, kind="stable").reset_index(drop=True)
    return frame, dropped, blanked, qi_names


def read_extract(path: str | Path) -> pd.DataFrame:
    """The written extract, read back as it is (CSV: every value as text, empty = missing)."""
    path = Path(path)
    if _format(path) == "csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    return pd.read_parquet(path)


def audit(frame: pd.DataFrame, qi_names: list[str], sensitive: str | None, *,
          identifier_share: float, skip=()) -> dict:
    """k, l and the identifier scan of an extract, with plain pandas.

    k = the smallest ``groupby(qi_names, dropna=False)`` class (the row count without
    quasi-identifiers); l = the smallest number of distinct non-null ``sensitive`` values
    per class (None without a sensitive attribute).
    """
    if not len(frame):
        k, l_value = 0, 0 if sensitive else None
    elif qi_names:
        groups = frame.groupby(qi_names, dropna=False, observed=True)
        k = int(groups.size().min())
        l_value = int(groups[sensitive].nunique().min()) if sensitive else None
    else:
        k = len(frame)
        l_value = int(frame[sensitive].nunique()) if sensitive else None
    found = scan.scan_frame(frame, identifier_share=identifier_share, skip=skip)
    return {"k": k, "l": l_value, "identifier_columns": found}


def anonymise(campaign, *, out: str | Path, key: bytes,
              max_suppression: float | None = None) -> Report:
    """Write the anonymised extract of ``campaign`` to ``out`` (``.csv`` or ``.parquet``).

    Parameters
    ----------
    campaign
        An open :class:`ethicskit.campaign.Campaign`; thresholds ``k_min``, ``l_min`` and
        ``identifier_share`` come from its config, hierarchies and ``max_suppression``
        (default 0.05) from its ``anonymise`` key.
    out
        The extract's path; its suffix picks the format. Written atomically.
    key
        The HMAC key (:func:`ethicskit.anonymise.load_key`); never written.
    max_suppression
        The largest share of rows that may be suppressed; overrides the config.

    Returns
    -------
    Report
        Levels chosen, rows suppressed, loss (NCP and discernibility) and the audit of the
        written file (k, l, identifier columns).

    Raises
    ------
    InputError
        No key, an unknown suffix, no rows, or no node reaching ``k_min``/``l_min`` within
        ``max_suppression``.
    """
    if not key:
        from ethicskit.anonymise.pseudonym import MissingKey

        raise MissingKey("no HMAC key: an empty key cannot pseudonymise")
    out = Path(out)
    fmt = _format(out)
    p = plan(campaign, max_suppression=max_suppression)
    if p.best is None:
        raise _no_solution(campaign, p)
    frame, dropped, blanked, qi_names = build_extract(campaign, p, key)
    write_atomic(frame, out, fmt)
    del frame
    written = read_extract(out)
    id_name = campaign.display_name("customer_id")
    sens_name = campaign.display_name(p.sensitive) if p.sensitive else None
    found = audit(written, qi_names, sens_name,
                  identifier_share=float(campaign.config.threshold("identifier_share")),
                  skip={id_name})
    if found["k"] < p.k_min or (sens_name and found["l"] < p.l_min):
        raise EthicskitError(f"{out}: the written extract has k = {found['k']}, l = "
                             f"{found['l']}, below what the search guaranteed (a bug)")
    levels = {campaign.display_name(h.column): h.names[level]
              for h, level in zip(p.hierarchies, p.best.levels)}
    return Report(out=str(out), format=fmt, rows_in=p.rows, rows_out=len(written),
                  suppressed=p.best.suppressed, quasi_identifiers=qi_names, levels=levels,
                  loss=p.best.loss, discernibility=p.best.discernibility, k=found["k"],
                  l=found["l"], k_min=p.k_min, l_min=p.l_min, sensitive=sens_name,
                  max_suppression=p.max_suppression, dropped=dropped, blanked=blanked,
                  identifier_columns=found["identifier_columns"], columns=written.shape[1])


def export(campaign, out: str | Path, *, max_suppression: float | None = None) -> Report:
    """:func:`anonymise` with the key of :func:`ethicskit.anonymise.load_key` (for
    ``ethicskit run --export FILE``)."""
    from ethicskit.anonymise.pseudonym import load_key

    return anonymise(campaign, out=out, key=load_key(campaign.config),
                     max_suppression=max_suppression)
