"""What the data exposes: direct identifiers, and special-category data held without consent.

The columns are decided and scanned once, in the reduction (:func:`scan_identifiers`,
:func:`special_columns`); the metrics apply the threshold and count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ethicskit.check import Measure
from ethicskit.encoding import is_text
from ethicskit.masking import mask, safe_label
from ethicskit import identifiers as ids
from ethicskit.schema import CATEGORY, DIRECT_IDENTIFIERS, LIST, LOGICAL_TYPES, STRING

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.privacy.reduction import PrivacyReduction

#: Words that mark a special-category column by its name (GDPR Art. 9(1)).
SPECIAL_WORDS = ("health", "medical", "diagnosis", "condition", "ethnic", "race", "religio",
                 "faith", "politic", "sexual", "orientation", "union", "genetic", "biometric",
                 "disability")
#: Columns that record consent about special categories rather than hold them.
_NOT_SPECIAL = ("customer_id", "explicit_consent_sensitive")


def _derived(campaign) -> set[str]:
    """Columns the loader derived (not in the dataset): ``age_band``, ``age`` from birth_date."""
    own = getattr(campaign, "dataset_columns", None) or []
    derived = set()
    if "age_band" in campaign.df.columns and (not own or "age_band" not in own):
        derived.add("age_band")
    return derived


def candidate_columns(campaign) -> list[str]:
    """Columns checked for identifiers: every text column except ``customer_id``, and every
    whole-number column that is not a logical column (a CSV column of digits, such as phone
    or card numbers without separators, is read as numbers). For a compressed campaign
    (``campaign.cells``) the engine says which columns those are (:func:`engine_profile`)."""
    if getattr(campaign, "cells", None) is not None:
        return _engine_candidates(campaign.cells)
    out = []
    skip = {"customer_id"} | _derived(campaign)
    for column in campaign.df.columns:
        if column in skip:
            continue
        s = campaign.df[column]
        if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_datetime64_any_dtype(s.dtype):
            continue
        if is_text(s.dtype):
            out.append(column)
        elif column not in LOGICAL_TYPES and (
                pd.api.types.is_integer_dtype(s.dtype)
                or (pd.api.types.is_float_dtype(s.dtype) and _whole_numbers(s))):
            out.append(column)
    return out


def _whole_numbers(s: pd.Series) -> bool:
    """Every non-null value is a whole number, and there is one: the first thousand values
    are looked at first, as a column of amounts shows its fractions there."""
    values = s.to_numpy(dtype="float64", na_value=np.nan)
    for part in (values[:1000], values):
        part = part[~np.isnan(part)]
        if (part % 1 != 0).any():
            return False
    return bool((~np.isnan(values)).any())


@dataclass(frozen=True)
class IdentifierScan:
    """One candidate column's sample, matched once: its best identifier type and that type's
    share of the sample, its first non-null value (masked before it is shown) and which rows
    hold a value."""

    column: str  # the frame's name
    name: str  # the dataset's own name
    best_type: str
    share: float
    first: Any
    present: np.ndarray

    def kind(self, identifier_share: float) -> str | None:
        """The column's identifier type when its share reaches ``identifier_share``."""
        return self.best_type if self.share >= identifier_share else None


def weighted_shares(sample: pd.Series, people: np.ndarray) -> pd.Series:
    """:func:`ids.type_shares` of ``sample`` with each value counted ``people`` times (its
    row's weight), as in the data expanded row by row."""
    codes, distinct = pd.factorize(sample)
    per_value = np.bincount(codes, weights=np.asarray(people, dtype=np.float64),
                            minlength=len(distinct))
    text = ids._text(pd.Series(distinct))
    if text.empty:
        return pd.Series(np.nan, index=list(ids.TYPES))
    weight = per_value[text.index.to_numpy()]
    matched = ids.match_types(text)
    shares = (matched.to_numpy(dtype=float) * weight[:, None]).sum(axis=0) / weight.sum()
    return pd.Series(shares, index=list(ids.TYPES))


def scan_identifiers(campaign, *, candidates: list[str] | None = None,
                     weights: np.ndarray | None = None
                     ) -> tuple[int, tuple[IdentifierScan, ...]]:
    """``(checked, scans)``: the number of candidate columns (default :func:`candidate_columns`)
    and the scan of each whose sample is not empty. One sample per column, matched once
    (:func:`ids.classify`'s rule); the share a column needs is the metric's. With
    ``weights`` (people per row), each sampled value counts as many times as its row's
    people (:func:`weighted_shares`).

    The sample of a column is the values of the (up to) :data:`ids.SAMPLE_SIZE` rows holding
    one with the smallest ``md5('<seed>:<customer_id>')`` (:func:`ids.hash_order`, seed
    :data:`ids.SAMPLE_SEED`; the row number as the rows are numbered when the dataset has no
    ``customer_id``). A compressed campaign (``campaign.cells``: a group whose candidate
    columns are grouped by presence) has its samples drawn by the engine, the same rows
    (:func:`engine_profile`); its frame gives which cells hold a value, ``weights`` being the
    cells' (each sampled value then counts its own row's weight, when the dataset has one)."""
    candidates = candidate_columns(campaign) if candidates is None else candidates
    if getattr(campaign, "cells", None) is not None:
        return len(candidates), _engine_scans(campaign, candidates)
    out = []
    order = (ids.hash_order(campaign.df["customer_id"].to_numpy(dtype=object))
             if candidates else None)
    for column in candidates:
        values = campaign.df[column]
        sample = ids.hash_sample(values, order, size=ids.SAMPLE_SIZE)
        if sample.empty:
            continue
        if weights is None:
            shares = ids.type_shares(sample)
        else:
            where = values.index.get_indexer(sample.index)
            shares = weighted_shares(sample, weights[where])
        best = ids.best_type(shares)
        present = values.notna().to_numpy(dtype=bool)
        first = values.iloc[int(np.argmax(present))] if present.any() else None
        out.append(IdentifierScan(column, campaign.display_name(column), best,
                                  float(shares[best]), first, present))
    return len(candidates), tuple(out)


#: Whitespace the engine trims (ASCII) when it tells numbers from words; the typing trims
#: Unicode whitespace (:func:`ethicskit.data.strip_text`).
_WS = "'\t\n\x0b\x0c\r '"  # the characters themselves, in a SQL string literal
#: The sample's rows are first looked for below a hash cut expected to hold this many times
#: the sample's size (of the dataset's rows), then below wider cuts where too few were found.
_SPARE = 8
_PROFILES: dict = {}


@dataclass
class _Column:
    """What the engine said so far of one dataset column that may be a candidate: ``kind``
    (``NUMBER`` or ``OTHER``, as the engine reads it), ``typing`` (``list``, ``logical``,
    ``number`` or ``text``: how the contract types it), ``integer`` (an integer column),
    ``held`` (rows of positive weight holding a value, as the engine sees a value), and once
    asked ``nulls_all`` (rows of any weight without a value), ``words_all`` (values that are no
    number), ``fractions`` (numbers of positive weight with a fraction); the raw
    ``(value, weight)`` pairs of the sample (``fraction``: the hash cut they are looked for
    below; ``done`` once found) and the raw first value (``first_at``: its position), whether
    the typing reads the column as numbers (``numeric``)."""

    name: str
    kind: str
    typing: str
    integer: bool
    held: int = 0
    nulls_all: int | None = None
    words_all: int | None = None
    fractions: int | None = None
    sample: list | None = None
    fraction: float = 1.0
    done: bool = False
    first: Any = None
    first_at: int | None = None  # the position of the first row holding a value
    first_known: bool = False  # ``first`` is the value there
    first_pending: bool = False  # the value there was blank: the next position is asked
    numeric: bool | None = None


def _q(name: str) -> str:
    """``name`` quoted as a column of DuckDB's dialect."""
    return '"' + str(name).replace('"', '""') + '"'


def _kept(c: _Column) -> str:
    """SQL (DuckDB's dialect): the row has positive weight and the engine sees a value (not
    null, a number not NaN; every row for a list, whose null is the empty list)."""
    q = _q(c.name)
    if c.typing == "list":
        held = "TRUE"
    elif c.kind == "NUMBER" and not c.integer:
        held = f"({q} IS NOT NULL AND NOT isnan(CAST({q} AS DOUBLE)))"
    else:
        held = f"{q} IS NOT NULL"
    return f"{held} AND __ek_w > 0"


def _from_census(cells, columns: list[_Column]) -> dict[int, tuple[int, int, int | None]]:
    """Column number -> ``(held, first_at, nulls_all)`` from the census the cells already hold
    (:meth:`ethicskit.compressed.Cells.census`: each column's present rows and first present
    place, as the presence group gave them), for the columns whose presence condition is the
    one :func:`_kept` asks, without a weight (a dataset with ``weight`` is scanned):

    - ``IS NOT NULL`` (an integer, a dictionary column), ``IS NOT NULL AND NOT isnan`` (a
      floating-point number) or ``TRUE`` (a list): held and the first place are the scan's;
      ``nulls_all``, for an integer, is the rows less those held (``None``: not read);
    - a text's (a blank is no value): the first place is that of the first value that is not
      blank, which is where the scan's first value lands once the blanks before it are
      passed (:func:`_first`); held counts no blanks, so it is at most the scan's and the hash
      cut taken from it at least as wide (:func:`engine_profile` stays exact).

    A column that holds no present value, or that the census does not know, is scanned."""
    if cells.weight or cells.engine.dialect == "spark":
        return {}
    present = cells.conditions()
    out = {}
    for i, c in enumerate(columns):
        known, place = cells.firsts.get(c.name), cells.first_places.get(c.name)
        if known is None or place is None or not known[1]:
            continue
        q, held = _q(c.name), int(known[1])
        condition = present.get(c.name, "")
        if condition == f"{q} IS NOT NULL" and (c.kind != "NUMBER" or c.integer):
            out[i] = (held, int(place), int(cells.rows) - held if c.kind == "NUMBER" else None)
        elif condition == f"{q} IS NOT NULL AND NOT isnan({q})" and c.kind == "NUMBER" \
                and not c.integer:
            out[i] = (held, int(place), None)
        elif condition.startswith("CASE WHEN") and c.kind == "OTHER":
            out[i] = (held, int(place), None)
        elif condition == "TRUE" and c.typing == "list":  # every row: the empty list too
            out[i] = (held, int(place), None)
    return out


def _number(c: _Column) -> str:
    q = _q(c.name)
    return (f"CAST({q} AS DOUBLE)" if c.kind == "NUMBER" else
            f"TRY_CAST(trim(CAST({q} AS VARCHAR), {_WS}) AS DOUBLE)")


def _columns(cells) -> list[_Column]:
    """The dataset's columns that may be candidates, each with how the contract types it."""
    schema, kinds = cells.schema, cells.kinds or {}
    logical = {source: name for name, source in schema.mapping.items()}
    out = []
    for c in schema.dataset_columns:
        if kinds.get(c) not in ("NUMBER", "OTHER") or c in (cells.weight, cells.selected):
            continue
        name = logical.get(c)
        if name == "customer_id" or (name is not None and LOGICAL_TYPES[name] not in
                                     (STRING, CATEGORY, LIST)):
            continue  # never a candidate: the id, a logical number
        frame = name or (f"{c}_original" if c in LOGICAL_TYPES else c)
        dtype = schema.df[frame].dtype if frame in schema.df.columns else None
        values = name in schema.config.values or c in schema.config.values
        typing = ("list" if LOGICAL_TYPES.get(name) == LIST else
                  "logical" if name is not None or values else
                  "number" if kinds[c] == "NUMBER" else "text")
        out.append(_Column(c, kinds[c], typing, dtype is not None
                           and pd.api.types.is_integer_dtype(dtype)))
    return out


def engine_profile(cells, *, size: int | None = None) -> dict[str, _Column]:
    """What :func:`candidate_columns` decides on and each column's sample, asked of the engine,
    for every dataset column that may be a candidate: the (up to) ``size`` rows of positive
    weight whose value the typing keeps with the smallest ``md5('<seed>:' || id)`` (ties: the
    id; ``id`` the ``customer_id`` as text, trimmed of spaces; the row number ``__ek_row + 1``
    when the dataset has none, as the rows are numbered), their weights, and the first value
    (by position).

    A first scan counts each column's rows of positive weight holding a value (``held``) and
    finds the first of them (:func:`ethicskit.engine.sample.counts`), for the columns the
    census of the presence group does not answer already (:func:`_from_census`: most, when
    the privacy area's presence group was made first); a second returns the rows
    below a hash cut expected to hold :data:`_SPARE` times ``size`` of each column's values,
    and the first rows (:func:`ethicskit.engine.sample.smallest`). Where at least ``size``
    values are below the cut they are the ``size`` smallest of all, as every row above it has a
    larger hash; else (chance, or values the typing drops: blanks) the cut is widened, up to the
    whole column. Whether a text column is read as numbers, and whether numbers are whole, is
    asked (a further count) only where the sample leaves it open: one word in the sample makes
    a text column text, one fraction a numeric column no candidate. Kept for the source's next
    groups."""
    from ethicskit.engine import sample as S

    size = ids.SAMPLE_SIZE if size is None else int(size)
    key_of = (id(cells.engine), cells.source.location, size)
    if key_of in _PROFILES:
        return _PROFILES[key_of]
    schema, columns = cells.schema, _columns(cells)
    ident = schema.mapping.get("customer_id", "customer_id")
    key = ("CAST(__ek_row + 1 AS VARCHAR)" if schema.keyed_by_row else
           f"trim(CAST({_q(ident)} AS VARCHAR))")
    weight = None
    if cells.weight:
        w = _q(cells.weight)
        weight = (f"CAST({w} AS DOUBLE)" if (cells.kinds or {}).get(cells.weight) == "NUMBER"
                  else f"TRY_CAST(trim(CAST({w} AS VARCHAR), {_WS}) AS DOUBLE)")
    known = _from_census(cells, columns)
    for i, (held, first_at, nulls) in known.items():
        c = columns[i]
        c.held, c.first_at, c.nulls_all = held, first_at, nulls
        c.fraction = S.quantized(_SPARE * size / max(held, 1))
    counted = False
    while True:
        conditions, firsts = {}, {}
        for i, c in enumerate(columns):
            kept, number = _kept(c), _number(c)
            if not counted and i not in known:
                conditions[f"h{i}"] = kept
                if c.kind == "NUMBER":
                    conditions[f"n{i}"] = f"{_q(c.name)} IS NULL"
                firsts[f"f{i}"] = kept
            elif c.first_pending:  # the first value was blank: the next row holding one
                firsts[f"f{i}"] = f"{kept} AND __ek_row > {c.first_at}"
            if c.done and c.numeric is None and c.typing == "text":
                text = f"trim(CAST({_q(c.name)} AS VARCHAR), {_WS})"
                value = f"{_q(c.name)} IS NOT NULL AND {text} <> ''"
                conditions[f"w{i}"] = f"{value} AND ({number} IS NULL OR isnan({number}))"
                conditions[f"z{i}"] = f"NOT ({value})"
                conditions[f"x{i}"] = f"{kept} AND {number} % 1 <> 0"
            elif (c.done and c.fractions is None and c.typing == "number" and not c.integer
                  and c.sample):
                conditions[f"x{i}"] = f"{kept} AND {number} % 1 <> 0"
        counted = True
        if conditions or firsts:
            n, first = S.counts(cells.engine, cells.source.location, conditions,
                                weight=weight, firsts=firsts)
            for i, c in enumerate(columns):
                if f"h{i}" in n:
                    c.held = n[f"h{i}"]
                    if c.held == 0:
                        c.sample, c.done, c.numeric = [], True, c.typing != "text" or None
                    c.fraction = S.quantized(_SPARE * size / max(c.held, 1))
                if f"n{i}" in n:
                    c.nulls_all = n[f"n{i}"]
                if f"w{i}" in n:
                    c.words_all, c.nulls_all = n[f"w{i}"], n[f"z{i}"]
                    c.numeric = c.words_all == 0 and int(cells.rows or 0) > c.nulls_all
                if f"x{i}" in n:
                    c.fractions = n[f"x{i}"]
                if f"f{i}" in first:
                    c.first_at, c.first_pending = first[f"f{i}"], False
        lists = {f"s{i}": S.Smallest(_q(c.name), _kept(c), c.fraction, 1 << 60)
                 for i, c in enumerate(columns) if not c.done}
        wanted = {c.first_at for c in columns
                  if c.first_at is not None and not c.first_known and not c.first_pending}
        if not lists and not wanted:
            if conditions or firsts:
                continue  # the counts may leave more to ask
            break
        every = {f"v{i}": S.Smallest(_q(c.name), "FALSE", 0.0, 0)
                 for i, c in enumerate(columns)}
        got, at = S.smallest(cells.engine, cells.source.location, {**every, **lists},
                             key=key, seed=ids.SAMPLE_SEED, weight=weight, rows=wanted)
        for i, c in enumerate(columns):
            if f"s{i}" in lists:
                _settle(c, got[f"s{i}"], cells, size=size)
            if c.first_at in at and not c.first_known and not c.first_pending:
                _first(c, at[c.first_at][f"v{i}"])
    out = {c.name: c for c in columns}
    while len(_PROFILES) >= 8:
        _PROFILES.pop(next(iter(_PROFILES)))
    _PROFILES[key_of] = out
    return out


def _first(c: _Column, raw) -> None:
    """Keep ``raw`` (the value at ``c.first_at``) as the column's first value, unless the
    typing leaves a text null (a blank): then the next row holding a value is asked."""
    c.first_known = True
    if c.typing in ("text", "logical") and raw is not None:
        from ethicskit import data as D

        if pd.isna(D.strip_text(pd.Series([raw], dtype=object)).iloc[0]):
            c.first_known, c.first_pending = False, True
            return
    c.first = raw


def _settle(c: _Column, raw: list, cells, *, size: int) -> None:
    """Take the engine's ``raw`` pairs of ``c`` (every kept row below its cut, in hash order):
    the sample is exact when ``size`` values the typing keeps are among them, or when the cut
    takes the whole column; else the cut is widened for the next scan. One word in a text
    column's sample makes it text, one fraction in a numeric one makes it no candidate."""
    from ethicskit.engine import sample as S

    upto = 0
    while True:  # typed a part at a time: the first ``size`` kept values are enough
        upto = min(len(raw), max(2 * upto, size + size // 4))
        typed = _typed_values(cells, c, [v for v, _ in raw[:upto]], numeric=False)
        keep = typed.notna().to_numpy(dtype=bool)
        if keep.sum() >= size or upto == len(raw):
            break
    if keep.sum() < size and c.fraction < 1:
        c.fraction = S.quantized(c.fraction * 4)
        return
    c.sample, c.done = [p for p, k in zip(raw[:upto], keep) if k][:size], True
    if c.typing == "text":
        numbers = pd.to_numeric(typed[keep], errors="coerce")
        if not c.sample or numbers.isna().any():
            c.numeric = False
    elif c.typing == "number" and not c.integer and c.sample:
        values = np.asarray([v for v, _ in c.sample], dtype=np.float64)
        if (values % 1 != 0).any():  # one fraction: not all whole (the count is not asked)
            c.fractions = int(np.count_nonzero(values % 1 != 0))


def _engine_candidates(cells) -> list[str]:
    """:func:`candidate_columns` of the whole dataset, decided from :func:`engine_profile`:
    text columns (logical, or of the dataset's own and not all numbers), and numeric columns
    of the dataset's own (read as numbers, or text all numbers) whose values of positive
    weight are whole numbers, one at least (an integer column without nulls always is)."""
    schema = cells.schema
    profiles = engine_profile(cells, size=ids.SAMPLE_SIZE)
    out = []
    skip = {"customer_id"} | _derived(schema)
    for column in schema.df.columns:
        s = schema.df[column]
        if column in skip or pd.api.types.is_bool_dtype(s.dtype) or \
                pd.api.types.is_datetime64_any_dtype(s.dtype):
            continue
        if column in LOGICAL_TYPES:
            if is_text(s.dtype):
                out.append(column)
            continue
        p = profiles.get(_dataset_column(cells, column))
        if p is None:
            continue
        if p.typing in ("text", "logical") and not p.numeric:
            if is_text(s.dtype) or p.typing == "text":
                out.append(column)  # text (or a column without any value)
        elif p.kind == "NUMBER" and p.integer and p.nulls_all == 0:
            out.append(column)  # integers without a null stay integers
        elif p.held > 0 and not p.fractions:
            out.append(column)
    return out


def _dataset_column(cells, column: str) -> str | None:
    sources = cells.sources_of([column])
    return sources[0] if sources else None


def _typed_values(cells, c: _Column, raw: list, *, numeric: bool | None = None) -> pd.Series:
    """``raw`` values of dataset column ``c`` typed as the rows are (the data contract's
    typing, value by value), as the rows' dtype: the whole-column decision of
    :func:`ethicskit.data._plain` (numbers or text) is the engine's (``c.numeric``, or
    ``numeric``)."""
    from ethicskit import data as D
    from ethicskit.campaign import prepare
    from ethicskit.cellsql import partial as _partial

    schema = cells.schema
    numeric = c.numeric if numeric is None else numeric
    series = pd.Series(raw, dtype=object, name=c.name)
    if c.typing == "number":
        integer = c.integer and c.nulls_all == 0
        return pd.Series(series.to_numpy(), dtype="int64" if integer else "float64")
    if c.typing == "text":
        text = D.strip_text(series)
        if not numeric:
            return text
        numbers = pd.to_numeric(text, errors="coerce")
        return numbers.astype("float64") if c.nulls_all else numbers
    frame = pd.DataFrame({c.name: series})
    df, mapping, _ = prepare(frame, _partial(schema.config, [c.name]), as_of=cells.as_of,
                             path=schema.source, csv=False)
    column = next((k for k, v in mapping.items() if v == c.name), c.name)
    column = column if column in df.columns else f"{c.name}_original"
    return df[column].reset_index(drop=True)


def _engine_scans(campaign, candidates: list[str]) -> tuple[IdentifierScan, ...]:
    """The scans of a compressed campaign: each candidate's sample drawn by the engine and
    typed (:func:`engine_profile`, :func:`_typed_values`); which cells hold a value from the
    frame (grouped by presence); the first value the engine's."""
    cells = campaign.cells
    profiles = engine_profile(cells, size=ids.SAMPLE_SIZE)
    out = []
    for column in candidates:
        p = profiles[_dataset_column(cells, column)]
        values = campaign.df[column]
        present = values.notna().to_numpy(dtype=bool)
        if not p.sample:
            continue
        sample = _typed_values(cells, p, [v for v, _ in p.sample])
        people = np.asarray([w for _, w in p.sample], dtype=np.float64)
        firsts = _typed_values(cells, p, [p.first])
        first = firsts.iloc[0] if firsts.notna().iloc[0] else None
        shares = (ids.type_shares(sample) if cells.weight is None
                  else weighted_shares(sample, people))
        best = ids.best_type(shares)
        out.append(IdentifierScan(column, campaign.display_name(column), best,
                                  float(shares[best]), first, present))
    return tuple(out)


def mapped_identifiers(campaign) -> tuple[tuple[str, str, str, Any, np.ndarray], ...]:
    """The frame columns that are a direct-identifier logical column (``email``, ``phone``,
    ``full_name``, ``street_address``, ``ip_address``: mapped by the config, or a dataset column
    of exactly that name), as ``(column, dataset name, type, first value, rows with a
    value)``."""
    out = []
    for column in DIRECT_IDENTIFIERS:
        if column not in campaign.df.columns:
            continue
        values = campaign.df[column]
        present = values.notna().to_numpy(dtype=bool)
        first = values.iloc[int(np.argmax(present))] if present.any() else None
        out.append((column, campaign.display_name(column), column, first, present))
    return tuple(out)


#: How a mapped identifier column's example is masked (the kinds of :func:`mask`).
_MASK_KIND = {"email": "email", "phone": "phone", "ip_address": "ip"}


def direct_identifiers(r: "PrivacyReduction", *, identifier_share) -> Measure:
    """``privacy.direct_identifiers``: columns holding emails, phones, names, addresses, cards,
    IBANs, IPs, SSNs.

    Rule: a column is an identifier column when it is mapped to a direct-identifier logical
    name (``email``, ``phone``, ``full_name``, ``street_address``, ``ip_address``; type = that
    name, share 1.0), or when at least ``identifier_share`` of a sample of up to 1,000 of its
    non-null values (those of the rows with the smallest ``md5('0:<customer_id>')``, the row
    number standing for a missing id: the same rows on every engine) match one type of
    :mod:`ethicskit.identifiers`; hashes never match, and a date is never a phone.
    ``value`` = number of identifier columns, ``threshold`` = 0; ``affected_rows`` = rows with a
    non-null value in any of them. Warns if ``value > 0``. ``details.columns``: ``{column,
    type, share}`` (the dataset's own column name; ``example`` is masked).
    """
    if not r.identifier_candidates and not r.identifier_mapped:
        return Measure.not_evaluated("no_text", missing=["a string column"])
    mapped = {column for column, *_ in r.identifier_mapped}
    columns = [{"column": safe_label(name), "type": kind, "share": 1.0,
                "example": None if first is None else mask(first, _MASK_KIND.get(kind, "text"))}
               for _, name, kind, first, _ in r.identifier_mapped]
    scans = [s for s in r.identifier_scans if s.column not in mapped]
    found = [s for s in scans if s.kind(identifier_share) is not None]
    near = [s for s in scans if s.kind(identifier_share) is None and s.share > 0]
    columns += [{"column": safe_label(s.name), "type": s.best_type, "share": round(s.share, 4),
                 "example": None if s.first is None else mask(s.first, s.best_type)}
                for s in found]
    affected = np.zeros(r.rows, dtype=bool)
    for *_, present in r.identifier_mapped:
        affected |= present
    for s in found:
        affected |= s.present
    n_cols, n = len(columns), r.count(affected)
    checked = r.identifier_candidates
    return Measure(value=n_cols, affected_rows=n,
                   facts={"columns": columns, "n_rows": r.count(np.ones(r.rows, dtype=bool)),
                          "checked": checked},
                   details={"columns": columns, "identifier_share": identifier_share,
                            "checked_columns": checked, "mapped_columns": len(mapped),
                            "below_share": [{"column": safe_label(s.name),
                                             "type": s.best_type if s.share > 0 else None,
                                             "share": round(s.share, 4)} for s in near],
                            "customer_ids": r.ids(affected)})


def special_columns(campaign) -> list[str]:
    """Frame columns of special-category data: the config's ``special_category_columns``, else
    columns whose name (logical or the dataset's own) contains a word of
    :data:`SPECIAL_WORDS`."""
    named = campaign.config.special_category_columns
    if named is not None:
        return campaign.resolve_all(named)
    out = []
    for column in campaign.df.columns:
        if column in _NOT_SPECIAL:
            continue
        names = f"{column} {campaign.display_name(column)}".lower()
        if any(word in names for word in SPECIAL_WORDS):
            out.append(column)
    return out


def special_category_data(r: "PrivacyReduction") -> Measure:
    """``privacy.special_category_data``: health, ethnicity, beliefs... held without explicit
    consent.

    Rule: ``affected = sum(held & ~explicit_consent_sensitive)`` with ``held`` = a non-null value
    in any special-category column and a null or absent consent = not true; columns the
    inventory declares with an ``art9_condition`` other than ``explicit_consent`` (e.g.
    ``bias_monitoring``) are not in ``held``: their rows without explicit consent are
    ``details.other_condition_rows``. Fails if ``affected > 0``; ``value`` = the count,
    ``threshold`` = 0. ``details.columns``: the columns judged on explicit consent (dataset
    names); ``details.other_condition_columns``: ``{column, art9_condition, rows}``.
    """
    if not r.special and not r.special_other:
        return Measure.not_evaluated("no_columns", missing=["special_category_columns"],
                                     configured=r.special_configured)
    held = np.zeros(r.rows, dtype=bool)
    for _, has in r.special:
        held |= has
    breach = held & ~r.explicit_consent
    other = np.zeros(r.rows, dtype=bool)
    for _, _, has in r.special_other:
        other |= has
    other &= ~r.explicit_consent
    n, n_held = r.count(breach), r.count(held)
    names = [name for name, _ in r.special]
    per_column = [{"column": name, "rows": r.count(has),
                   "without_consent": r.count(has & breach)} for name, has in r.special]
    others = [{"column": name, "art9_condition": condition,
               "rows": r.count(has & ~r.explicit_consent)}
              for name, condition, has in r.special_other]
    return Measure(value=n, affected_rows=n,
                   facts={"names": names, "n_held": n_held,
                          "has_consent_column": r.has_explicit_consent,
                          "other_names": [o["column"] for o in others],
                          "n_other": r.count(other)},
                   details={"columns": names, "rows_with_values": n_held,
                            "by_column": per_column, "other_condition_rows": r.count(other),
                            "other_condition_columns": others,
                            "customer_ids": r.ids(breach)})
