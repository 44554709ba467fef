"""Reading a campaign file and typing its columns by the data contract (DATA.md section 1).

Reading is done once: :func:`read_table` gives the raw table as strings (CSV) or typed (Parquet),
:func:`prepare` maps names, recodes values, parses bool/date/datetime/list/number columns and
derives ``age``, ``age_band`` and a row-number ``customer_id`` where needed. Every problem is a
:class:`~ethicskit.errors.DataError` naming the file, column and rows.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ethicskit.errors import ConfigError, DataError
from ethicskit.schema import (BOOL, DATE, DATETIME, DERIVED, FALSE_WORDS, INTEGER, LIST,
                              LOGICAL_TYPES, NUMBER, TRUE_WORDS)

DELIMITERS = (",", ";", "\t", "|")
_BOOL_MAP = {**{w: True for w in TRUE_WORDS}, **{w: False for w in FALSE_WORDS}}


def _rows_text(index, *, csv: bool) -> str:
    rows = [int(i) + 1 for i in index[:5]]
    text = ", ".join(f"row {r} (line {r + 1})" if csv else f"row {r}" for r in rows)
    return text


def detect_delimiter(header: str, *, path: str = "") -> str:
    """The delimiter of a CSV header line: the most frequent of ``, ; tab |`` outside quotes."""
    unquoted = "".join(header.split('"')[::2])
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise DataError(f"{path}: cannot find the delimiter in the header line (tried , ; tab |)"
                        f"; is this a CSV file?")
    return best


def read_table(path: str | Path, *, encoding: str = "utf-8") -> tuple[pd.DataFrame, str, bool]:
    """Read a CSV or Parquet file. Returns (frame, sha256 of the file, is_csv).

    CSV columns are returned as strings (empty is null) for typed parsing by :func:`prepare`.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: dataset file not found")
    if path.is_dir():
        raise DataError(f"{path}: is a folder, expected a CSV or Parquet file")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if raw[:2] == b"\x1f\x8b":  # gzip-compressed CSV (e.g. ``.csv.gz``)
        import gzip

        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise DataError(f"{path}: cannot decompress gzip file: {exc}") from None
    if not raw.strip():
        raise DataError(f"{path}: the file is empty")
    if raw[:4] == b"PAR1":
        try:
            frame = pd.read_parquet(io.BytesIO(raw))
        except Exception as exc:  # noqa: BLE001 - any reader failure is the file's fault
            raise DataError(f"{path}: cannot read Parquet: {exc}") from None
        if frame.columns.duplicated().any():
            dup = frame.columns[frame.columns.duplicated()][0]
            raise DataError(f"{path}: column {dup!r} appears more than once")
        if frame.empty:
            raise DataError(f"{path}: the dataset has no rows")
        return frame, digest, False
    return _read_csv(raw, path, encoding), digest, True


def _read_csv(raw: bytes, path: Path, encoding: str) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        text_head = raw[:65536].decode(encoding, errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start < 65530 or len(raw) <= 65536:
            line = raw[:exc.start].count(b"\n") + 1
            raise DataError(f"{path}: line {line} is not valid {encoding} (byte {exc.start}); "
                            f"set `encoding:` in the config (for example latin-1)") from None
        text_head = raw[:exc.start].decode(encoding)
    except LookupError:
        raise ConfigError(f"encoding: unknown encoding {encoding!r}") from None
    text_head = text_head.lstrip("\ufeff")
    header = text_head.splitlines()[0] if text_head else ""
    sep = detect_delimiter(header, path=str(path))
    names = [n.strip().strip('"').strip() for n in header.split(sep)] if '"' not in header else None
    if names is None:
        import csv

        names = [n.strip() for n in next(csv.reader([header], delimiter=sep))]
    dups = sorted({n for n in names if names.count(n) > 1})
    if dups:
        raise DataError(f"{path}: column {dups[0]!r} appears more than once in the header")
    if any(n == "" for n in names):
        raise DataError(f"{path}: column {names.index('') + 1} of the header has no name")
    if len(text_head.splitlines()) < 2 and len(raw) <= 65536:
        raise DataError(f"{path}: the file has a header but no rows")
    pa_encoding = "utf8" if encoding.lower().replace("-", "") in ("utf8", "utf8sig") else encoding

    def read(newlines_in_values: bool):
        return pacsv.read_csv(
            io.BytesIO(raw),
            read_options=pacsv.ReadOptions(encoding=pa_encoding, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=sep,
                                             newlines_in_values=newlines_in_values),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=True,
                null_values=[""], quoted_strings_can_be_null=True),
        )

    try:
        try:
            # fast, parallel parse; a quoted value holding a line break makes it fail, and
            # the slower parse that allows them is tried
            table = read(False)
        except pa.ArrowInvalid:
            table = read(True)
    except pa.ArrowInvalid as exc:
        msg = str(exc).splitlines()[0]
        if "UTF8" in msg.upper() or "utf-8" in msg.lower():
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as uexc:
                line = raw[:uexc.start].count(b"\n") + 1
                raise DataError(f"{path}: line {line} is not valid UTF-8 (byte {uexc.start}); set"
                                f" `encoding:` in the config (for example latin-1)") from None
        raise DataError(f"{path}: cannot parse as CSV with delimiter {sep!r}: {msg}") from None
    table = table.rename_columns([n.strip() for n in table.column_names])
    if table.num_rows == 0:
        raise DataError(f"{path}: the file has a header but no rows")
    return table.to_pandas()


def closest_columns(name: str, columns) -> str:
    close = difflib.get_close_matches(name, [str(c) for c in columns], n=3, cutoff=0.5)
    return f"; closest: {', '.join(close)}" if close else ""


def parse_bool(s: pd.Series, *, column: str, path: str, csv: bool) -> pd.Series:
    """true/false, yes/no, y/n, t/f, 1/0 in any case; empty is null; anything else an error."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("boolean")
    if pd.api.types.is_numeric_dtype(s.dtype) and s.dropna().isin([0, 1]).all():
        return s.astype("Int64").astype("boolean")
    text = strip_text(s, case="lower")
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    mapped = np.array([_BOOL_MAP.get(u) for u in uniques] + [None], dtype=object)
    out = pd.Series(mapped[codes], index=s.index)  # code -1 takes the trailing None
    bad = text.notna() & out.isna()
    if bad.any():
        idx = np.flatnonzero(bad.to_numpy())
        values = ", ".join(repr(str(v)) for v in s.iloc[idx[:5]])
        raise DataError(f"{path}: column {column!r} is bool but holds {values} at "
                        f"{_rows_text(idx, csv=csv)}")
    return out.astype("boolean")


def parse_datetime(s: pd.Series, *, column: str, path: str, csv: bool,
                   date_format: str | None = None) -> pd.Series:
    """ISO 8601 (or ``date_format``); datetimes without a zone are UTC."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        out = s
    else:
        text = s.astype("string").str.strip()
        text = text.mask(text == "")
        fmt = date_format or "ISO8601"
        out = pd.to_datetime(text, format=fmt, errors="coerce", utc=True)
        bad = text.notna() & out.isna()
        if bad.any():
            idx = np.flatnonzero(bad.to_numpy())
            values = ", ".join(repr(str(v)) for v in s.iloc[idx[:5]])
            expect = f"format {date_format!r}" if date_format else "ISO 8601 (YYYY-MM-DD)"
            raise DataError(f"{path}: column {column!r} holds dates that are not {expect}: "
                            f"{values} at {_rows_text(idx, csv=csv)}")
    if out.dt.tz is None:
        out = out.dt.tz_localize("UTC")
    else:
        out = out.dt.tz_convert("UTC")
    return out.astype("datetime64[ns, UTC]")


def parse_number(s: pd.Series, *, column: str, path: str, csv: bool,
                 integer: bool = False) -> pd.Series:
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        out = s.astype("float64")
    else:
        text = s.astype("string").str.strip()
        text = text.mask(text == "")
        out = pd.to_numeric(text, errors="coerce").astype("float64")
        bad = text.notna() & out.isna()
        if bad.any():
            idx = np.flatnonzero(bad.to_numpy())
            values = ", ".join(repr(str(v)) for v in s.iloc[idx[:5]])
            raise DataError(f"{path}: column {column!r} should hold numbers but holds {values} "
                            f"at {_rows_text(idx, csv=csv)}")
    if integer:
        frac = out.notna() & (out != np.floor(out))
        if frac.any():
            idx = np.flatnonzero(frac.to_numpy())
            raise DataError(f"{path}: column {column!r} should hold whole numbers; "
                            f"{_rows_text(idx, csv=csv)} do not")
        return out.astype("Int64")
    return out


def by_unique(s: pd.Series, fn) -> pd.Series:
    """Apply the vectorised ``fn`` to the distinct values of ``s`` only, then expand.

    Campaign columns repeat few values (segments, channels, criteria): transforming the distinct
    values and taking them back by code is exact and many times faster than on every row.
    """
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    done = fn(pd.Series(uniques, dtype=object))
    out = np.asarray(done.astype(object), dtype=object)
    result = np.full(len(s), None, dtype=object)
    has = codes >= 0
    result[has] = out[codes[has]]
    return pd.Series(result, index=s.index, dtype=object)


def _norm_list(text: pd.Series) -> pd.Series:
    text = text.astype("string").fillna("").str.lower()
    text = text.str.replace(r"\s*;\s*", ";", regex=True).str.strip()
    return text.str.replace(r";{2,}", ";", regex=True).str.strip(";")


def parse_list(s: pd.Series) -> pd.Series:
    """``;``-separated tokens, trimmed and lower-cased, joined by ``;``; empty is ``""``."""
    return by_unique(s, _norm_list).fillna("").astype("str")


def strip_text(s: pd.Series, *, case: str | None = None) -> pd.Series:
    """Strings stripped (optionally lower/upper-cased); empty becomes null.

    Done by Arrow's string kernels on the whole column at once; the result is pandas' Arrow-backed
    ``str`` dtype (missing values are NaN), several times leaner than Python objects.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if s.dtype == object:
        s = s.where(s.isna(), s.astype(str))
    arr = pa.array(s, type=pa.string(), from_pandas=True)
    arr = pc.utf8_trim_whitespace(arr)
    if case == "lower":
        arr = pc.utf8_lower(arr)
    elif case == "upper":
        arr = pc.utf8_upper(arr)
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    return pd.Series(arr.to_pandas(), index=s.index).astype("str")


def _plain(s: pd.Series) -> pd.Series:
    """A non-logical column: numbers where every value is a number, else stripped strings."""
    if not (pd.api.types.is_string_dtype(s.dtype) or s.dtype == object):
        return s
    text = strip_text(s)
    present = text.dropna()
    if present.empty:
        return text
    head = pd.to_numeric(present.head(1000), errors="coerce")
    if head.isna().any():  # a value of the first thousand is not a number: a text column
        return text
    num = pd.to_numeric(text, errors="coerce")
    if (num.notna() == text.notna()).all():
        return num
    return text


def age_at(birth: pd.Series, as_of: dt.date) -> pd.Series:
    """Whole years from ``birth`` to ``as_of``: year difference less one before the birthday."""
    years = as_of.year - birth.dt.year
    before = (birth.dt.month > as_of.month) | (
        (birth.dt.month == as_of.month) & (birth.dt.day > as_of.day))
    return (years - before.astype("Int64")).astype("Int64")


def band_labels(bands) -> list[str]:
    """``[0, 18, 25, ..., 65, 200]`` -> ``["0-17", "18-24", ..., "65+"]``."""
    labels = [f"{int(a)}-{int(b) - 1}" for a, b in zip(bands[:-2], bands[1:-1])]
    return labels + [f"{int(bands[-2])}+"]


def age_bands(age: pd.Series, bands) -> pd.Series:
    """Age band of each age: ``[a, b)`` labelled ``a-(b-1)``, the last ``a+``; else null."""
    cut = pd.cut(age.astype("float64"), bins=list(bands), right=False, labels=band_labels(bands))
    return cut.astype("str").where(cut.notna())
