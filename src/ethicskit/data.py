"""Reading a campaign file and typing its columns by the data contract (docs/data.md, the dataset).

Reading is done once: :func:`read_table` gives the raw table as strings (CSV) or typed (Parquet),
:func:`prepare` maps names, recodes values, parses bool/date/datetime/list/number columns and
derives ``age``, ``age_band`` and a row-number ``customer_id`` where needed. Every problem is a
:class:`~ethicskit.errors.DataError` naming the file, column and rows.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import difflib
import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ethicskit.errors import ConfigError, DataError
from ethicskit.files import regular_file
from ethicskit.masking import safe_label
from ethicskit.schema import (BOOL, DATE, DATETIME, DERIVED, FALSE_WORDS, INTEGER, LIST,
                              LOGICAL_TYPES, NUMBER, TRUE_WORDS)

DELIMITERS = (",", ";", "\t", "|")

#: The largest decompressed size of a gzip dataset (bytes): 2 GiB. A larger one is refused while
#: it is decompressed (a small "gzip bomb" could otherwise fill the memory).
MAX_GZIP_BYTES = 2 << 30
#: A column name longer than this (bytes of text) is refused: no real header is that long.
MAX_HEADER_NAME = 1024
#: Dates are held as nanosecond timestamps: years outside this range are a data error.
MIN_YEAR, MAX_YEAR = 1678, 2261
#: Birth dates before this year, and ages above :data:`MAX_AGE`, are data errors.
MIN_BIRTH_YEAR, MAX_AGE = 1880, 130
#: An int64 holds integers below 2**63; a larger integer in a number column is a data error.
_INT64_LIMIT = float(2 ** 63)
_ISO_SHAPE = r"\d{4}-\d{2}-\d{2}(?:[T ]|$)"
_BOOL_MAP = {**{w: True for w in TRUE_WORDS}, **{w: False for w in FALSE_WORDS}}


#: While a compressed campaign's cells are typed (:func:`numbered_rows`), the dataset row each
#: cell's first row is (1 = the first data row), or -1 where it is not known: a message names
#: the dataset's rows, not the cells'.
_CELL_ROWS: contextvars.ContextVar = contextvars.ContextVar("cell_rows", default=None)


@contextlib.contextmanager
def numbered_rows(rows):
    """Within: the messages of the typing name ``rows[i]`` for the frame's row ``i`` (the
    first dataset row of cell ``i``; -1 where unknown: the message says the engine's cells hold
    the value and ``--engine pandas`` names its rows)."""
    token = _CELL_ROWS.set(np.asarray(rows, dtype=np.int64))
    try:
        yield
    finally:
        _CELL_ROWS.reset(token)


def _rows_text(index, *, csv: bool) -> str:
    cells = _CELL_ROWS.get()
    if cells is not None:
        rows = list(dict.fromkeys(int(cells[int(i)]) for i in index[:5]))
        if any(r < 0 for r in rows):
            return "some rows (the engine's cells hold the value; --engine pandas names the rows)"
        return ", ".join(f"row {r}" for r in rows)
    rows = [int(i) + 1 for i in index[:5]]
    text = ", ".join(f"row {r} (line {r + 1})" if csv else f"row {r}" for r in rows)
    return text


#: An offending value longer than this is not quoted in a message, only its length.
_QUOTE_MAX = 40


def _shown(value, personal: bool) -> str:
    """A value for a message: quoted when short, else (or when personal) only its length; a
    value that looks like a direct identifier (an email, a phone number...) is quoted masked
    (:func:`ethicskit.masking.safe_label`), as in every other output: error messages reach
    the terminal and CI logs."""
    text = str(value)
    if personal or len(text) > _QUOTE_MAX:
        return f"a value of {len(text):,} characters"
    return repr(safe_label(text))


def _refuse(s: pd.Series, bad: pd.Series, *, path: str, csv: bool, problem: str,
            personal: bool = False, advice=None) -> None:
    """Raise a :class:`DataError` naming the distinct values among the first five offending
    ones of ``s`` and their rows (for a ``personal`` column, such as a birth date, their
    lengths only). ``advice``, a
    function of the first offending value, gives a sentence to append (how to fix it)."""
    if not bad.any():
        return
    idx = np.flatnonzero(bad.to_numpy())
    values = ", ".join(dict.fromkeys(_shown(v, personal) for v in s.iloc[idx[:5]]))
    tail = advice(s.iloc[idx[0]]) if advice is not None else ""
    raise DataError(f"{path}: {problem} {values} at {_rows_text(idx, csv=csv)}{tail}")


def _refuse_rows(bad: np.ndarray, *, path: str, csv: bool, problem: str) -> None:
    """Raise a :class:`DataError` naming up to five rows where ``bad`` holds, not the values
    (they may be personal data)."""
    idx = np.flatnonzero(np.asarray(bad, dtype=bool))
    if len(idx):
        raise DataError(f"{path}: {problem} at {_rows_text(idx, csv=csv)} "
                        f"({len(idx)} rows in all)")


def detect_delimiter(header: str, *, path: str = "") -> str:
    """The delimiter of a CSV header line: the most frequent of ``, ; tab |`` outside quotes."""
    unquoted = "".join(header.split('"')[::2])
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        name = header.strip()
        if name and name.isprintable() and not any(ch.isspace() for ch in name):
            return ","  # one column (a name with spaces may be a file split by spaces)
        raise DataError(f"{path}: cannot find the delimiter in the header line (tried , ; tab |)"
                        f"; is this a CSV file?")
    return best


#: File signatures of formats that are not CSV text (a spreadsheet renamed .csv).
BINARY_SIGNATURES = {b"PK\x03\x04": "a zip archive (an .xlsx or .ods spreadsheet?)",
                     b"\xd0\xcf\x11\xe0": "an .xls spreadsheet", b"%PDF": "a PDF document"}


def binary_kind(head: bytes, encoding: str = "utf-8") -> str | None:
    """What a file that is not CSV text is, from its first bytes (None: it may be text). A NUL
    byte means binary except in the UTF-16 and UTF-32 encodings, where text holds them."""
    for signature, kind in BINARY_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    wide = encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32", "utf16", "utf32"))
    return "a binary file" if not wide and b"\x00" in head[:4096] else None


#: What a dataset can be, for messages.
DATASET_KINDS = ("a CSV or Parquet file, a folder or pattern of Parquet files, or a DuckDB "
                 "table (FILE.duckdb:TABLE)")
_GLOB = set("*?[")


def duckdb_source(path: str | Path) -> tuple[Path, str | None] | None:
    """``(database file, table or None)`` when ``path`` names a DuckDB database
    (``warehouse.duckdb`` or ``warehouse.duckdb:audience``; also ``.ddb``), else None."""
    text = str(path)
    for suffix in (".duckdb", ".ddb"):
        at = text.rfind(suffix)
        if at < 0:
            continue
        end = at + len(suffix)
        rest = text[end:]
        if rest == "":
            return Path(text), None
        if rest.startswith(":") and "/" not in rest:
            return Path(text[:end]), rest[1:] or None
    return None


def parquet_parts(path: str | Path) -> list[Path] | None:
    """The Parquet files of a dataset that is a folder (read recursively, as partitioned data
    is laid out: ``country=FR/part-0.parquet``) or a pattern (``parts/*.parquet``), in name
    order; None when ``path`` is neither (a single file)."""
    import glob

    text = str(path)
    if _GLOB & set(Path(text).name) or any(_GLOB & set(part) for part in Path(text).parts[:-1]):
        found = sorted(Path(p) for p in glob.glob(text, recursive=True))
        if not found:
            raise DataError(f"{path}: no file matches this pattern")
        return found
    if Path(text).is_dir():
        found = sorted(p for p in Path(text).rglob("*") if p.is_file()
                       and not p.name.startswith((".", "_")))
        if not found:
            raise DataError(f"{path}: the folder holds no data file")
        return found
    return None


def read_table(path: str | Path, *, encoding: str = "utf-8", compact: bool = False,
               engine: str = "pandas", spark_master: str | None = None,
               spark_config=None) -> tuple[pd.DataFrame, str, bool]:
    """Read a dataset: a CSV or Parquet file, a folder or pattern of Parquet files (partitioned
    data; a folder's ``key=value`` levels become columns, as Hive and Spark write them), or a
    DuckDB table (``FILE.duckdb:TABLE``). Returns (frame, sha256 of the data, is_csv).

    CSV columns are returned as strings (empty is null) for typed parsing by :func:`prepare`;
    with ``compact``, a CSV column whose first rows repeat their values is returned as a
    pandas ``Categorical`` of the same strings (each distinct string held once: the raw table
    takes a fraction of the memory), which :func:`expand_text` turns back into the strings.
    The sha256 of several files is that of their names and contents in order.

    ``engine`` (:mod:`ethicskit.engine.load`) names who reads the rows: ``pandas`` (Arrow, in
    this process), ``duckdb`` (Parquet and DuckDB tables by DuckDB, a CSV as ``pandas``) or
    ``spark`` (anything Spark can open, catalogue tables too: their sha256 is empty, as Spark
    gives no digest of a table; a CSV file of this machine is read as ``pandas`` reads it). Every
    engine gives the same frame for the same data.
    """
    if engine == "spark" and not local_csv(path):
        return _read_by_spark(str(path), spark_master=spark_master, spark_config=spark_config)
    db = duckdb_source(path)
    if db is not None:
        return _read_duckdb(*db, shown=str(path)), _digest(_checked(db[0]))[0], False
    parts = parquet_parts(path)
    if parts is not None:
        if engine == "duckdb":
            return _read_by_duckdb(path, parts), _digest_parts(path, parts), False
        return _read_parts(Path(path), parts), _digest_parts(path, parts), False
    path = Path(path)
    size = _checked(path).stat().st_size
    try:
        digest, head = _digest(path)
    except OSError as exc:
        raise DataError(f"{path}: cannot read the dataset: {exc.strerror or exc}") from None
    if head[:2] == b"\x1f\x8b":  # gzip-compressed CSV (e.g. ``.csv.gz``): decompressed in memory
        raw = _gunzip(path)
        source, head, size = io.BytesIO(raw), raw[:65536], len(raw)
        del raw
    else:
        source = path  # read by Arrow block by block, never held whole in memory
    if not head.strip() and _blank(source):
        raise DataError(f"{path}: the file is empty")
    if head[:4] == b"PAR1" and engine == "duckdb":
        return _read_by_duckdb(path, [path]), digest, False
    if head[:4] == b"PAR1":
        try:
            # each Arrow column freed as soon as it is converted: the file is not held twice
            frame = pd.read_parquet(source, to_pandas_kwargs={"self_destruct": True,
                                                              "split_blocks": True})
        except Exception as exc:  # noqa: BLE001 - any reader failure is the file's fault
            raise DataError(f"{path}: cannot read Parquet: {exc}") from None
        return _typed(frame, path), digest, False
    return _read_csv(source, head, size, path, encoding, compact=compact), digest, True


def _read_by_duckdb(path, parts: list[Path]) -> pd.DataFrame:
    """The Parquet file, folder or glob ``path`` (its files ``parts``) read by DuckDB."""
    from ethicskit.engine.load import read_rows

    _parquet_only(parts)
    return _typed(read_rows(str(path), engine="duckdb"), path)


def _parquet_only(parts: list[Path]) -> None:
    """Every file of a folder or pattern dataset must be Parquet (a one-line error names the
    first that is not)."""
    for part in parts:
        with open(_checked(part), "rb") as fh:
            if fh.read(4) != b"PAR1":
                raise DataError(f"{part}: not a Parquet file; a folder or pattern dataset "
                                f"holds Parquet files only")


def reader_of(path, engine: str) -> str:
    """Who :func:`read_table` has read ``path``'s rows with under ``engine``: a DuckDB table by
    DuckDB (unless Spark, which refuses it), a CSV file of this machine by Arrow (``pandas``)
    whatever the engine, anything else by ``engine``."""
    if engine != "spark" and duckdb_source(path) is not None:
        return "duckdb"
    if engine != "pandas" and local_csv(path):
        return "pandas"
    return engine


def local_csv(path) -> bool:
    """Whether ``path`` is a file of this machine that is not Parquet (a CSV: read by Arrow's CSV
    reader, with the contract's CSV rules, whatever the engine)."""
    text = str(path)
    if "://" in text or text.startswith("table:") or not Path(text).is_file():
        return False
    with open(text, "rb") as fh:
        return fh.read(4) != b"PAR1"


def _read_by_spark(path: str, *, spark_master, spark_config) -> tuple[pd.DataFrame, str, bool]:
    """``path`` (a catalogue table, or a Parquet or CSV path Spark can open) read by Spark:
    ``(frame, sha256, is_csv)``; the sha256 of local files as :func:`read_table` computes it,
    empty for a table or a remote path."""
    from ethicskit.engine.load import read_rows
    from ethicskit.engine.source import source_of

    source = source_of(path, engine="spark")
    frame = read_rows(path, engine="spark", spark_master=spark_master,
                      spark_config=spark_config)
    digest = source_digest(source)
    if source.kind == "csv":  # a remote CSV: Spark reads every field as text, empty as null
        frame.columns = check_header(frame.columns, path=path)
        if frame.empty:
            raise DataError(f"{path}: the dataset has no rows")
        return frame, digest, True
    return _typed(frame, path), digest, False


def source_digest(source) -> str:
    """The sha256 :func:`read_table` gives an engine's source
    (:class:`ethicskit.engine.source.Source`): that of its local files (a Parquet file, folder
    or glob, a CSV, a DuckDB database), none (``""``) for a catalogue table or a remote path."""
    if source.kind not in ("parquet", "csv", "duckdb") or "://" in source.location:
        return ""
    parts = parquet_parts(source.location) if source.kind == "parquet" else None
    return (_digest_parts(source.location, parts) if parts is not None
            else _digest(_checked(Path(source.location)))[0])


def _checked(path: Path) -> Path:
    """``path`` once it is known to be a regular file we may read (else a one-line error)."""
    regular_file(path, what="dataset file", expected=DATASET_KINDS, error=DataError)
    return Path(path)


def _typed(frame: pd.DataFrame, path) -> pd.DataFrame:
    """A frame read from Parquet or DuckDB, its header and column types checked."""
    frame.columns = check_header(frame.columns, path=str(path))
    for name in frame.columns:
        column = frame[name]
        if column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) in (
                "bytes", "mixed", "unknown-array") and column.map(
                lambda v: isinstance(v, (bytes, bytearray, list, tuple, dict, np.ndarray))
        ).any():
            raise DataError(f"{path}: column {name!r} holds lists, mappings or binary "
                            f"values; expected text, numbers, dates or true/false")
    if frame.empty:
        raise DataError(f"{path}: the dataset has no rows")
    return frame


def _read_parts(path: Path, parts: list[Path]) -> pd.DataFrame:
    """The Parquet files ``parts`` of the dataset ``path`` as one frame, in name order; a
    folder's ``key=value`` levels are columns (Hive partitioning)."""
    import pyarrow.dataset as ds

    _parquet_only(parts)
    try:
        base = str(path) if path.is_dir() else None
        data = ds.dataset([str(p) for p in parts], format="parquet",
                          partitioning="hive", partition_base_dir=base)
        frame = data.to_table().to_pandas(self_destruct=True, split_blocks=True)
    except Exception as exc:  # noqa: BLE001 - any reader failure is the files' fault
        raise DataError(f"{path}: cannot read the Parquet files together: {exc}") from None
    return _typed(frame, path)


def _read_duckdb(db: Path, table: str | None, *, shown: str) -> pd.DataFrame:
    """The table ``table`` of the DuckDB database ``db`` (opened read-only); without a name,
    its only table."""
    import duckdb

    _checked(db)
    try:
        con = duckdb.connect(str(db), read_only=True)
    except Exception as exc:  # noqa: BLE001
        raise DataError(f"{db}: cannot open the DuckDB database: {exc}") from None
    try:
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables order by 1").fetchall()]
        if table is None:
            if len(tables) != 1:
                listed = ", ".join(tables[:10]) or "none"
                raise DataError(f"{db}: name the table as {db.name}:TABLE (tables: {listed})")
            table = tables[0]
        if table not in tables:
            raise DataError(f"{shown}: no table {table!r} in the database (tables: "
                            f"{', '.join(tables[:10]) or 'none'})")
        frame = con.execute(f'select * from "{table}"').df()  # a name from its own list
    finally:
        con.close()
    return _typed(frame, shown)


def _digest_parts(path, parts: list[Path]) -> str:
    """sha256 of the names (relative to the dataset) and the contents of ``parts``."""
    sha = hashlib.sha256()
    root = Path(path) if Path(path).is_dir() else None
    for part in parts:
        name = str(part.relative_to(root)) if root is not None else str(part)
        sha.update(name.encode("utf-8") + b"\0" + _digest(part)[0].encode("ascii") + b"\n")
    return sha.hexdigest()


def _gunzip(path: Path, *, limit: int | None = None, chunk: int = 1 << 24) -> bytes:
    """The decompressed bytes of a gzip file, read block by block and refused as soon as they
    pass ``limit`` (default :data:`MAX_GZIP_BYTES`), before the rest is decompressed."""
    import gzip

    limit = MAX_GZIP_BYTES if limit is None else limit
    out = io.BytesIO()
    total = 0
    try:
        with gzip.open(path, "rb") as f:
            while block := f.read(chunk):
                total += len(block)
                if total > limit:
                    raise DataError(f"{path}: the gzip file decompresses to more than "
                                    f"{_size_text(limit)}; decompress it and check it first")
                out.write(block)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise DataError(f"{path}: cannot decompress gzip file: {exc}") from None
    return out.getvalue()


def _size_text(n: int) -> str:
    return f"{n / (1 << 30):g} GiB" if n >= 1 << 30 else f"{n:,} bytes"


def check_header(names, *, path: str, where: str = "") -> list[str]:
    """Column names stripped of surrounding spaces; a name over :data:`MAX_HEADER_NAME` bytes or
    names that appear more than once (all of them named in one message) are a DataError."""
    names = [str(n).strip() for n in names]
    for i, name in enumerate(names):
        if len(name.encode("utf-8", "surrogatepass")) > MAX_HEADER_NAME:
            raise DataError(f"{path}: column {i + 1} of the header is {len(name):,} characters "
                            f"long (at most {MAX_HEADER_NAME} bytes are accepted)")
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    dups = [n for n, count in seen.items() if count > 1]
    if dups:
        named = ", ".join(repr(safe_label(n)) for n in dups)
        raise DataError(f"{path}: column{'s' if len(dups) > 1 else ''} {named} "
                        f"appear{'' if len(dups) > 1 else 's'} more than once{where}")
    return names


def _digest(path: Path, *, chunk: int = 1 << 24) -> tuple[str, bytes]:
    """sha256 of the file, read in chunks, and its first 64 KiB."""
    sha = hashlib.sha256()
    head = b""
    with open(path, "rb") as f:
        while block := f.read(chunk):
            if not head:
                head = block[:65536]
            sha.update(block)
    return sha.hexdigest(), head


def _blank(source, *, chunk: int = 1 << 24) -> bool:
    """Whether a path or an in-memory file holds only white space, read block by block."""
    if isinstance(source, io.BytesIO):
        return not source.getvalue().strip()
    with open(source, "rb") as f:
        while block := f.read(chunk):
            if block.strip():
                return False
    return True


def _whole(source) -> bytes:
    """All bytes of a path or an in-memory file (small files and error messages only)."""
    if isinstance(source, io.BytesIO):
        return source.getvalue()
    return Path(source).read_bytes()


def _repeated_columns(head: bytes, *, names: list[str], sep: str, encoding: str) -> set[str]:
    """The columns whose values repeat in the first 64 KiB of a CSV (at most half of them
    distinct): read as dictionaries (:func:`read_table` with ``compact``). Empty when that
    part cannot be parsed on its own (the full read then says what is wrong)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    part = head[:head.rfind(b"\n") + 1]
    try:
        probe = pacsv.read_csv(
            io.BytesIO(part), read_options=pacsv.ReadOptions(encoding=encoding),
            parse_options=pacsv.ParseOptions(delimiter=sep),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.large_string() for n in names}, strings_can_be_null=True,
                null_values=[""], quoted_strings_can_be_null=True))
    except Exception:  # noqa: BLE001 - only a probe: the full read reports what is wrong
        return set()
    if probe.num_rows < 20 or probe.column_names != names:
        return set()
    return {n for n in names
            if pc.count_distinct(probe[n], mode="all").as_py() <= probe.num_rows // 2}


def expand_text(s: pd.Series) -> pd.Series:
    """A column of :func:`read_table` with ``compact`` as the strings a plain read gives
    (pandas' ``str``, null as NaN); any other column unchanged."""
    import pyarrow as pa

    if not isinstance(s.dtype, pd.CategoricalDtype):
        return s
    codes = np.asarray(s.cat.codes)
    values = pa.array(np.asarray(s.cat.categories, dtype=object), type=pa.large_string())
    taken = values.take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.array(taken, dtype="str"), index=s.index, name=s.name)


def _read_csv(source, head: bytes, size: int, path: Path, encoding: str, *,
              compact: bool = False) -> pd.DataFrame:
    """Parse a CSV (a path, or the bytes of a decompressed file) as strings; ``head`` is its
    first 64 KiB and ``size`` its length in bytes."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    kind = binary_kind(head, encoding)
    if kind is not None:
        raise DataError(f"{path}: this is {kind}, not CSV text; export the data as CSV or "
                        f"Parquet")
    try:
        text_head = head[:65536].decode(encoding, errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start < 65530 or size <= 65536:
            line = head[:exc.start].count(b"\n") + 1
            raise DataError(f"{path}: line {line} is not valid {encoding} (byte {exc.start}); "
                            f"set `encoding:` in the config (for example latin-1)") from None
        text_head = head[:exc.start].decode(encoding)
    except LookupError:
        raise ConfigError(f"encoding: unknown encoding {encoding!r}") from None
    text_head = text_head.lstrip("\ufeff")
    header = text_head.splitlines()[0] if text_head else ""
    sep = detect_delimiter(header, path=str(path))
    names = [n.strip().strip('"').strip() for n in header.split(sep)] if '"' not in header else None
    if names is None:
        import csv

        names = [n.strip() for n in next(csv.reader([header], delimiter=sep))]
    check_header(names, path=str(path), where=" in the header")
    if any(n == "" for n in names):
        raise DataError(f"{path}: column {names.index('') + 1} of the header has no name")
    if len(text_head.splitlines()) < 2 and size <= 65536:
        raise DataError(f"{path}: the file has a header but no rows")
    pa_encoding = "utf8" if encoding.lower().replace("-", "") in ("utf8", "utf8sig") else encoding
    repeated = (_repeated_columns(head, names=names, sep=sep, encoding=pa_encoding)
                if compact else set())
    # large_string is the type pandas' ``str`` columns hold: the frame then wraps Arrow's
    # buffers as they are, with no copy of the text; a repeated column is read as a
    # dictionary (each distinct string once), turned into a Categorical of the same strings
    types = {n: pa.dictionary(pa.int32(), pa.large_string()) if n in repeated
             else pa.large_string() for n in names}

    def read(newlines_in_values: bool):
        if isinstance(source, io.BytesIO):
            source.seek(0)
        return pacsv.read_csv(
            source if isinstance(source, io.BytesIO) else str(source),
            read_options=pacsv.ReadOptions(encoding=pa_encoding, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=sep,
                                             newlines_in_values=newlines_in_values),
            convert_options=pacsv.ConvertOptions(
                column_types=types, strings_can_be_null=True,
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
            raw = _whole(source)
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


def decision_advice(column: str, role: str | None = None, *, expression: str | None = None):
    """How to fix a decision, prediction or outcome column that is not yes/no-like: the
    sentence :func:`parse_bool` appends (``role`` is the logical name it is read as;
    ``expression``: the ``derive:`` expression that computed it)."""
    import json

    key = role or column

    def advice(value) -> str:
        if expression is not None:
            return (f"; derive.{key} must give true or false (or 1/0) for every row: correct "
                    f"the expression {json.dumps(expression)} (a comparison such as "
                    f"\"Approved_Conversion > 0\")")
        shown = str(value).strip()
        example = (f" (for example values: {{{column}: {{{shown}: no}}}})"
                   if shown and len(shown) <= 20 and safe_label(shown) == shown
                   and shown.replace(" ", "").isalnum() else "")
        target = "targeted" if key == "decision" else key
        then = " and set decision: targeted" if key == "decision" else ""
        return (f"; {key} must be yes/no-like: recode it with `values:`{example} or compute "
                f"it with `derive:` (derive: {{{target}: \"{column} = 'accepted'\"}}{then})")

    return advice


#: A column whose first rows are more distinct than this share is parsed row by row: its
#: values do not repeat, and finding the distinct ones would cost more than it saves.
_DISTINCT_PROBE, _DISTINCT_SHARE = 20_000, 0.5


def _text_column(s: pd.Series) -> bool:
    """Whether ``s`` is a column of pandas strings (a CSV column as read), whose distinct values
    can stand for its rows: equal strings are equal values (unlike Python objects, where
    ``1``, ``1.0`` and ``True`` hash alike)."""
    if isinstance(s.dtype, pd.CategoricalDtype):  # a compact CSV column (read_table)
        return isinstance(s.dtype.categories.dtype, pd.StringDtype)
    return isinstance(s.dtype, pd.StringDtype)


def _repeats(s: pd.Series) -> bool:
    """Whether ``s`` repeats its values enough to parse them once per distinct value."""
    if len(s) <= _DISTINCT_PROBE:
        return True
    return s.iloc[:_DISTINCT_PROBE].nunique() <= _DISTINCT_SHARE * _DISTINCT_PROBE


def distinct(s: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """``(codes, values)``: the distinct values of ``s`` in order of first appearance, then one
    null when ``s`` has any, as a Series of the dtype of ``s`` (of its strings for a compact
    CSV column, :func:`read_table`); ``values.iloc[codes]`` holds the values of ``s``.

    An element-wise parse of ``values`` taken back by :func:`take_back` equals the parse of
    every row (the same set of values decides the same result dtype), many times faster on
    the columns of a campaign, which repeat a few values.
    """
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.intp)
    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):  # a compact CSV column: its strings
        dtype = dtype.categories.dtype
        uniques = np.asarray(uniques, dtype=object)
    values = pd.Series(uniques, dtype=dtype)
    null = codes < 0
    if null.any():
        values = pd.concat([values, pd.Series([None], dtype=dtype)], ignore_index=True)
        codes = np.where(null, len(uniques), codes)
    return codes, values


def take_back(done: pd.Series, codes: np.ndarray, like: pd.Series) -> pd.Series:
    """The per-value result ``done`` (of :func:`distinct`) on every row of ``like``."""
    out = done.take(codes)
    out.index = like.index
    out.name = like.name
    return out


def parse_bool(s: pd.Series, *, column: str, path: str, csv: bool, role: str | None = None,
               advice=None) -> pd.Series:
    """true/false, yes/no, y/n, t/f, 1/0 in any case; empty is null; anything else an error
    (``role``: the logical name the column is read as, named beside it when they differ;
    ``advice``: see :func:`decision_advice`)."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("boolean")
    label = f"{column!r} ({role})" if role and role != column else repr(column)
    if pd.api.types.is_numeric_dtype(s.dtype):  # typed numbers: 1 and 0 only
        _refuse(s, s.notna() & ~s.isin([0, 1]), path=path, csv=csv,
                problem=f"column {label} is bool but holds", advice=advice)
        return s.astype("Int64").astype("boolean")
    if _text_column(s):
        # decided once per distinct value (a bool column holds two or three) and taken back
        codes, values = distinct(s)
        text = strip_text(values, case="lower")
        mapped = [None if pd.isna(t) else _BOOL_MAP.get(t) for t in text.tolist()]
        known = np.array([m is not None for m in mapped] + [False], dtype=bool)
        truth = np.array([m is True for m in mapped] + [False], dtype=bool)
        bad_u = np.append(text.notna().to_numpy(dtype=bool), False) & ~known
        _refuse(s, pd.Series(bad_u[codes], index=s.index), path=path, csv=csv,
                problem=f"column {label} is bool but holds", advice=advice)
        return pd.Series(pd.arrays.BooleanArray(truth[codes], ~known[codes]), index=s.index)
    text = strip_text(s, case="lower")
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    mapped = np.array([_BOOL_MAP.get(u) for u in uniques] + [None], dtype=object)
    out = pd.Series(mapped[codes], index=s.index)  # code -1 takes the trailing None
    _refuse(s, text.notna() & out.isna(), path=path, csv=csv,
            problem=f"column {label} is bool but holds", advice=advice)
    return out.astype("boolean")


def parse_datetime(s: pd.Series, *, column: str, path: str, csv: bool,
                   date_format: str | None = None, personal: bool = False) -> pd.Series:
    """ISO 8601 (or ``date_format``); datetimes without a zone are UTC."""
    fast = _python_dates(s) if date_format is None else None
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        out = s
    elif fast is not None:
        out = fast
    else:
        # parsed once per distinct value (dates repeat) and taken back to the rows by code
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        text_u = pd.Series(uniques, dtype=s.dtype).astype("string").str.strip()
        text_u = text_u.mask(text_u == "")
        fmt = date_format or "ISO8601"
        parse_u = text_u
        if date_format is None:
            # ISO 8601 here is YYYY-MM-DD (then a time); pandas would also take 2025/03/27,
            # 20250327 or 2025, which are refused as not ISO unless ``date_format`` says so
            iso = text_u.str.match(_ISO_SHAPE).fillna(False).astype(bool)
            year = pd.to_numeric(text_u.str[:4].where(iso), errors="coerce")
            far = (iso & ((year < MIN_YEAR) | (year > MAX_YEAR))).to_numpy(dtype=bool)
            if far.any():
                _refuse_rows(np.append(far, False)[codes], path=path, csv=csv,
                             problem=f"column {column!r} holds dates outside the years "
                                     f"{MIN_YEAR}-{MAX_YEAR} (the range ethicskit handles)")
            parse_u = text_u.where(iso)
        out_u = pd.to_datetime(parse_u, format=fmt, errors="coerce", utc=True)
        naive = out_u.dt.tz_convert(None).to_numpy()  # UTC wall times, NaT kept
        out = pd.Series(np.append(naive, np.array(["NaT"], dtype=naive.dtype))[codes],
                        index=s.index, name=s.name).dt.tz_localize("UTC")
        bad_u = (text_u.notna() & out_u.isna()).to_numpy(dtype=bool)
        bad = pd.Series(np.append(bad_u, False)[codes], index=s.index)
        expect = f"format {date_format!r}" if date_format else "ISO 8601 (YYYY-MM-DD)"
        _refuse(s, bad, path=path, csv=csv, personal=personal,
                problem=f"column {column!r} holds dates that are not {expect}:",
                advice=None if date_format or personal else date_advice(column))
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        years = out.dt.year
        far = (years < MIN_YEAR) | (years > MAX_YEAR)
        if far.any():
            _refuse_rows(far.fillna(False).to_numpy(dtype=bool), path=path, csv=csv,
                         problem=f"column {column!r} holds dates outside the years "
                                 f"{MIN_YEAR}-{MAX_YEAR} (the range ethicskit handles)")
    if out.dt.tz is None:
        out = out.dt.tz_localize("UTC")
    else:
        out = out.dt.tz_convert("UTC")
    return out.astype("datetime64[ns, UTC]")


#: Date shapes that are not ISO 8601, and the ``date_format`` that reads each (first match).
_DATE_SHAPES = (
    (r"\d{4}/\d{1,2}/\d{1,2}", "%Y/%m/%d"),
    (r"\d{8}", "%Y%m%d"),
    (r"\d{1,2}\.\d{1,2}\.\d{4}", "%d.%m.%Y"),
    (r"\d{1,2}/\d{1,2}/\d{4}", "%d/%m/%Y (or %m/%d/%Y, as the data are written)"),
    (r"\d{1,2}-\d{1,2}-\d{4}", "%d-%m-%Y"),
)


def date_advice(column: str):
    """The advice appended to a date error of ``column``: the ``date_format`` line that reads
    the first offending value's shape (``20250327`` -> ``'%Y%m%d'``), or what a year alone is."""
    import re

    def advice(value) -> str:
        text = str(value).strip().split("T")[0].split(" ")[0]
        if re.fullmatch(r"\d{4}", text):
            return "; a year alone is not a date"
        for shape, fmt in _DATE_SHAPES:
            if re.fullmatch(shape, text):
                return (f"; if the dates are written as {fmt.split(' ')[0]}, say so in the "
                        f"config: date_format: {{{column}: '{fmt.split(' ')[0]}'}}"
                        + (f" {fmt.split(' ', 1)[1]}" if " " in fmt else ""))
        return ""
    return advice


def _python_dates(s: pd.Series) -> pd.Series | None:
    """A column of Python ``datetime.date`` values (Parquet ``date32`` read by pandas) as
    midnight UTC, converted inside Arrow; None for anything else (parsed as text instead).

    The same as writing each date as ISO 8601 and parsing it; dates far from today (outside
    1678-2261, near the limits of nanosecond timestamps) go the text way."""
    import pyarrow as pa

    if s.dtype != object or s.empty:
        return None
    try:
        arr = pa.array(s, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        return None
    if not pa.types.is_date32(arr.type):
        return None
    days = arr.to_numpy(zero_copy_only=False).astype("datetime64[D]")
    known = ~np.isnat(days)
    if not ((days[known] >= np.datetime64("1678-01-01"))
            & (days[known] <= np.datetime64("2261-12-31"))).all():
        return None
    return pd.Series(days.astype("datetime64[ns]"), index=s.index,
                     name=s.name).dt.tz_localize("UTC")


def whole_years(s: pd.Series) -> bool:
    """Whether every value of ``s`` that is not empty is a four-digit year (``1957``), and
    there is at least one: a year-of-birth column such as ``Year_Birth``."""
    if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_datetime64_any_dtype(s.dtype):
        return False
    if pd.api.types.is_numeric_dtype(s.dtype):
        values = s.dropna().astype("float64")
        return bool(len(values)) and bool(((values == np.floor(values)) & (values >= 1000)
                                           & (values <= 9999)).all())
    if s.dtype == object and _arrow_kind(s) in ("date", "timestamp"):
        return False  # Python dates (Parquet date32): none is written as a year alone
    text = strip_text(s).dropna()
    return bool(len(text)) and bool(text.str.fullmatch(r"[0-9]{4}").all())


def _arrow_kind(s: pd.Series) -> str | None:
    """``"date"`` or ``"timestamp"`` when every value of the object column ``s`` is a Python
    date or datetime (or null), as Arrow reads them; else None."""
    import pyarrow as pa

    try:
        kind = pa.array(s, from_pandas=True).type
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        return None
    if pa.types.is_date(kind):
        return "date"
    return "timestamp" if pa.types.is_timestamp(kind) else None


def parse_years(s: pd.Series, *, column: str, path: str, csv: bool) -> pd.Series:
    """A column of whole years (see :func:`whole_years`) as 1 July of each year, midnight UTC."""
    if pd.api.types.is_numeric_dtype(s.dtype):
        years = s.astype("float64")
    else:
        years = pd.to_numeric(strip_text(s), errors="coerce").astype("float64")
    far = ((years < MIN_YEAR) | (years > MAX_YEAR)).fillna(False).to_numpy(dtype=bool)
    _refuse_rows(far, path=path, csv=csv, problem=f"column {column!r} holds years outside "
                 f"{MIN_YEAR}-{MAX_YEAR} (the range ethicskit handles)")
    text = years.map(lambda y: None if pd.isna(y) else f"{int(y):04d}-07-01")
    out = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    return pd.Series(out, index=s.index, name=s.name).dt.tz_localize("UTC").astype(
        "datetime64[ns, UTC]")


#: ISO 3166-1 alpha-2: the 249 officially assigned codes, and ``UK`` (exceptionally reserved
#: for the United Kingdom and read as ``GB`` by the rule pack).
COUNTRY_CODES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW UK""".split())


def unknown_countries(s: pd.Series, *, rows=None) -> dict[str, int]:
    """Values of a (typed, upper-cased) ``country`` column that are not ISO 3166-1 alpha-2
    codes: masked value -> rows, most rows first (``rows``: the dataset rows each of ``s``'s
    rows stands for, a compressed campaign's cells)."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    held = codes >= 0
    counts = np.bincount(codes[held], minlength=len(uniques),
                         weights=None if rows is None else np.asarray(rows)[held])
    counts = counts.astype(np.int64)
    out: dict[str, int] = {}
    for value, n in sorted(zip(map(str, uniques), counts.tolist()), key=lambda t: (-t[1], t[0])):
        if value not in COUNTRY_CODES:
            label = safe_label(value)
            out[label] = out.get(label, 0) + int(n)
    return out


def parse_number(s: pd.Series, *, column: str, path: str, csv: bool,
                 integer: bool = False) -> pd.Series:
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        out = s.astype("float64")
    else:
        # text parsed once per distinct value when the values repeat (counts, prices)
        codes, values = distinct(s) if _text_column(s) and _repeats(s) else (None, s)
        text = values.astype("string").str.strip()
        text = text.mask(text == "")
        out = pd.to_numeric(text, errors="coerce").astype("float64")
        bad = text.notna() & out.isna()
        whole = text.str.fullmatch(r"[+-]?[0-9]+").fillna(False).astype(bool)
        large = whole & (out.abs() >= _INT64_LIMIT)
        if codes is not None:
            out, bad, large = (take_back(v, codes, s) for v in (out, bad, large))
        _refuse(s, bad, path=path, csv=csv,
                problem=f"column {column!r} should hold numbers but holds")
        _refuse_rows(large.to_numpy(dtype=bool), path=path,
                     csv=csv, problem=f"column {column!r} holds integers too large for "
                                      f"64 bits (more than 19 digits)")
    if integer:
        _refuse_rows((out.notna() & ~np.isfinite(out.fillna(0)) | (out.abs() >= _INT64_LIMIT))
                     .to_numpy(dtype=bool), path=path, csv=csv,
                     problem=f"column {column!r} should hold whole numbers of 64 bits; "
                             f"infinite or too large values")
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


def _take_text(values, codes: np.ndarray, index, *, null=None, name=None) -> pd.Series:
    """``values[code]`` for every row as pandas' Arrow-backed ``str`` (code -1 -> ``null``),
    taken inside Arrow, without one Python object per row."""
    import pyarrow as pa

    table = pa.array(list(values) + [null], type=pa.string())
    taken = table.take(pa.array(np.where(codes < 0, len(values), codes)))
    return pd.Series(pd.array(taken, dtype="str"), index=index, name=name)


def parse_list(s: pd.Series) -> pd.Series:
    """``;``-separated tokens, trimmed and lower-cased, joined by ``;``; empty is ``""``."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    done = _norm_list(pd.Series(uniques, dtype=object)).fillna("")
    return _take_text(done.astype(object).tolist(), np.asarray(codes), s.index, null="")


def strip_text(s: pd.Series, *, case: str | None = None) -> pd.Series:
    """Strings stripped (optionally lower/upper-cased); empty becomes null.

    Done by Arrow's string kernels on the whole column at once; the result is pandas' Arrow-backed
    ``str`` dtype (missing values are NaN), several times leaner than Python objects.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if s.dtype == object or not (pd.api.types.is_string_dtype(s.dtype)):
        # numbers, bools, timestamps (e.g. an int64 customer_id of a Parquet file) become text
        s = s.astype(object)
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
    if _text_column(text) and _repeats(text):  # parsed once per distinct value
        codes, values = distinct(text)
        num_u = pd.to_numeric(values, errors="coerce")
        if (num_u.notna() == values.notna()).all():
            return take_back(num_u, codes, text)
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
    # pd.cut(right=False): band i holds bands[i] <= age < bands[i + 1]; outside or null: null
    bins = np.asarray(list(bands), dtype="float64")
    ages = age.astype("float64").to_numpy(dtype="float64", na_value=np.nan)
    band = np.searchsorted(bins, ages, side="right") - 1
    band[~((band >= 0) & (band < len(bins) - 1)) | np.isnan(ages)] = -1
    return _take_text(band_labels(bands), band, age.index, name=age.name)
