"""A loaded, validated campaign: the typed frame under logical names, its config and metadata.

:func:`open_campaign` is the one way in, for the runner and for a notebook run on its own:
it reads the dataset once, maps and types it (:mod:`ethicskit.data`) and validates it. The
checks never read it directly: each area builds its reduction from it once
(:mod:`ethicskit.record`), and no copy of its rows is written anywhere.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ethicskit import data as D
from ethicskit.config import Config, load_config, parse_date, validate
from ethicskit.encoding import encode_text, factorize
from ethicskit.errors import ConfigError, DataError
from ethicskit.memory import release as release_memory
from ethicskit.paths import PACKAGE_DATA, SAMPLE_CONFIG  # noqa: F401 - also named here
from ethicskit.schema import (BOOL, CATEGORY, DATE, DATETIME, INTEGER, LIST, LOGICAL_TYPES,
                              NUMBER, STRING)


@dataclass
class Campaign:
    """A campaign ready for the checks.

    ``df`` holds mapped columns under their logical names (typed), derived ``age`` and
    ``age_band``, and every other dataset column under its own name.
    """

    df: pd.DataFrame
    config: Config
    as_of: dt.date
    source: str
    sha256: str
    source_columns: int
    mapping: dict[str, str] = field(default_factory=dict)  # logical -> dataset column
    keyed_by_row: bool = False
    dataset_columns: list[str] = field(default_factory=list)  # the dataset's own names, in order
    inventory: object = None  # the data inventory the config names (ethicskit.inventory), or None
    #: Sentences the report shows about how the data were read (a whole-year birth date read
    #: as 1 July, a logical column computed by ``derive:``, country values not ISO codes).
    notes: list[str] = field(default_factory=list)
    #: ``country`` values that are not ISO 3166-1 alpha-2 codes: masked value -> rows.
    unknown_countries: dict[str, int] = field(default_factory=dict)
    #: Logical columns computed by the config's ``derive:``: logical name -> expression.
    derived: dict[str, str] = field(default_factory=dict)
    #: Who read the rows (:func:`ethicskit.data.reader_of`): pandas (Arrow), duckdb or spark.
    engine: str = "pandas"
    #: A compressed campaign (:mod:`ethicskit.compressed`): each row of ``df`` is a distinct
    #: combination of the columns an area reads and ``weight`` the rows it stands for (times
    #: their own weight); ``repeats`` when the dataset has no weight of its own (the counts are
    #: then rows, as without compression), ``row_total`` the dataset's rows, ``cells`` what
    #: asks the engine for more cells (:class:`ethicskit.compressed.Cells`).
    repeats: bool = False
    row_total: int | None = None
    cells: object = None

    # ------------------------------------------------------------------ columns
    def has(self, *columns: str) -> bool:
        return all(c in self.df.columns for c in columns)

    def resolve(self, name: str) -> str | None:
        """The frame's column for a config name (logical or the dataset's own), else None."""
        if name in self.df.columns:
            return name
        reverse = {v: k for k, v in self.mapping.items()}
        return reverse.get(name) if reverse.get(name) in self.df.columns else None

    def resolve_all(self, names) -> list[str]:
        """Frame columns of config names, in order, each once; names not in the data dropped."""
        out: list[str] = []
        for name in names:
            column = self.resolve(name)
            if column is not None and column not in out:
                out.append(column)
        return out

    def display_name(self, column: str) -> str:
        """How the dataset itself names ``column``."""
        return self.mapping.get(column, column)

    @property
    def logical_columns(self) -> list[str]:
        return [c for c in self.df.columns if c in LOGICAL_TYPES or c == "age_band"]

    @property
    def unmapped_columns(self) -> list[str]:
        """Dataset columns that are not a logical column: candidate model features."""
        return [c for c in self.df.columns if c not in LOGICAL_TYPES and c != "age_band"]

    def frame_column(self, dataset_column: str) -> str:
        """The frame's column for one of the dataset's own column names."""
        reverse = {v: k for k, v in self.mapping.items()}
        if dataset_column in reverse:
            return reverse[dataset_column]
        if dataset_column in LOGICAL_TYPES and f"{dataset_column}_original" in self.df.columns:
            return f"{dataset_column}_original"
        return dataset_column

    @property
    def rows(self) -> int:
        """The dataset's rows (of a compressed campaign too)."""
        return len(self.df) if self.row_total is None else self.row_total

    # ------------------------------------------------------------------ weights
    @property
    def weighted(self) -> bool:
        """True when the dataset has a ``weight`` column: a row stands for ``weight`` people."""
        return "weight" in self.df.columns and not self.repeats

    @property
    def has_weights(self) -> bool:
        """True when counts are sums of :attr:`weights`: the dataset's ``weight``, or the rows a
        compressed campaign's row stands for."""
        return "weight" in self.df.columns

    @property
    def weights(self) -> np.ndarray:
        """How many people each row stands for (int64): its ``weight``, else 1. Every count of
        people is the sum of these over the rows concerned (docs/checks.md, Weights)."""
        if "weight" in self.df.columns:
            return self.df["weight"].to_numpy(dtype=np.int64)
        return np.ones(len(self.df), dtype=np.int64)

    # ------------------------------------------------------------------ targeting
    @property
    def targeted(self) -> pd.Series:
        """Targeted rows; every row where the dataset has no ``targeted`` column."""
        if "targeted" in self.df.columns:
            return self.df["targeted"].fillna(False).astype(bool)
        return pd.Series(True, index=self.df.index)

    @property
    def targeted_note(self) -> str:
        """Sentence to append to messages when every row counts as targeted."""
        if "targeted" in self.df.columns:
            return ""
        return " The dataset has no `targeted` column, so every row counts as targeted."

    def is_true(self, column: str) -> pd.Series:
        """``column`` is true; null and absent count as not true."""
        if column not in self.df.columns:
            return pd.Series(False, index=self.df.index)
        return self.df[column].fillna(False).astype(bool)

    def codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """``column`` dictionary-encoded once: ``(codes, uniques)``, code -1 for a null.

        Campaign columns repeat few values (channels, countries, segments, criteria): a check
        works on the distinct values and takes the result back to the rows by code, which is
        exact and many times faster than a string operation on every row. Not cached: a
        reduction calls it once per column and keeps the result.
        """
        return factorize(self.df[column])

    def isin(self, column: str, values) -> pd.Series:
        """``df[column].isin(values)`` decided once per distinct value (null is never in)."""
        codes, uniques = self.codes(column)
        hit = pd.Series(uniques, dtype=object).isin(list(values)).to_numpy(dtype=bool)
        return pd.Series(np.append(hit, False)[codes], index=self.df.index)

    def value_tokens(self, column: str) -> tuple[np.ndarray, list[list[str]]]:
        """The ``;`` list of ``column`` split once per distinct value: ``(codes, tokens)``, where
        ``tokens[code]`` lists the tokens of that value in order (empty tokens dropped) and a
        null row has code -1 (no tokens). The same tokens as :meth:`tokens`, without one row
        per token."""
        codes, uniques = self.codes(column)
        s = pd.Series(uniques, dtype=object).fillna("").astype(str)
        exploded = s.str.split(";").explode()
        kept = exploded[exploded.astype(str) != ""].astype(str)
        per_value: list[list[str]] = [[] for _ in range(len(uniques))]
        for position, token in zip(kept.index.to_numpy(), kept.tolist()):
            per_value[position].append(token)
        return codes, per_value

    def tokens(self, column: str) -> pd.Series:
        """The ``;`` list of ``column`` exploded once: one row per token, index = row index."""
        codes, per_value = self.value_tokens(column)
        return expand_tokens(self.df.index, codes, per_value, name=column, dtype="str")

    def ids(self, mask: pd.Series, *, limit: int = 10) -> list[str]:
        """Up to ``limit`` ``customer_id`` values of the rows in ``mask``: the only evidence a
        finding shows. A key that looks like an identifier (an email or phone number used as the
        key) is masked (:func:`ethicskit.masking.safe_id`). For a compressed campaign, the first
        rows of the cells in ``mask`` (:func:`ethicskit.evidence.first_ids`)."""
        from ethicskit.evidence import first_ids

        return first_ids(self.df, mask, limit=limit, cells=self.cells)

    @property
    def protected_attributes(self) -> list[str]:
        """Frame columns of the config's protected attributes (default: those present)."""
        if self.config.protected_attributes is not None:
            return [self.resolve(a) for a in self.config.protected_attributes]
        from ethicskit.config import DEFAULT_PROTECTED

        return [a for a in DEFAULT_PROTECTED if a in self.df.columns]

    @property
    def model_features(self) -> list[str]:
        """Frame columns of the config's ``model_features``; default: the unmapped columns."""
        if self.config.model_features is not None:
            return [self.resolve(f) for f in self.config.model_features]
        return self.unmapped_columns

    @property
    def decision(self) -> str | None:
        return self.resolve(self.config.decision)

    def meta(self) -> dict:
        """The ``dataset`` object of summary.json."""
        return {"path": self.source, "rows": self.rows, "columns": self.source_columns,
                "sha256": self.sha256}


def expand_tokens(index: pd.Index, codes: np.ndarray, per_value: list[list[str]], *,
                  name: str, dtype) -> pd.Series:
    """One entry per token of every row (rows in order, tokens in order), index = row labels,
    from the per-value tokens of :meth:`Campaign.value_tokens` (code -1: no tokens)."""
    lengths = np.array([len(t) for t in per_value], dtype=np.int64)
    flat = np.array([t for ts in per_value for t in ts] + [None], dtype=object)[:-1]
    offsets = np.zeros(len(per_value), dtype=np.int64)
    if len(per_value) > 1:
        offsets[1:] = np.cumsum(lengths)[:-1]
    rows = np.flatnonzero(codes >= 0)
    value = codes[rows]
    counts = lengths[value]
    ends = np.cumsum(counts)
    starts = np.repeat(offsets[value] - (ends - counts), counts) + np.arange(int(ends[-1]) if
                                                                            len(ends) else 0)
    return pd.Series(flat[starts], index=index[np.repeat(rows, counts)], name=name, dtype=dtype)


#: Logical columns holding a decision or its evaluation: not yes/no-like is an input error
#: that points to ``values:`` and ``derive:``.
DECISION_COLUMNS = ("targeted", "prediction", "outcome")


def prepare(raw: pd.DataFrame, config: Config, *, as_of: dt.date, path: str,
            csv: bool, info: dict | None = None, rows=None
            ) -> tuple[pd.DataFrame, dict[str, str], bool]:
    """Map, derive, recode and type ``raw`` by the contract. Returns (frame, mapping,
    keyed_by_row); ``info``, when given, receives ``notes`` and ``unknown_countries``
    (counted in dataset rows: ``rows`` per row of ``raw`` for a compressed campaign's cells)."""
    from ethicskit import derive as derive_mod

    info = {} if info is None else info
    notes: list[str] = info.setdefault("notes", [])
    where = f"{config.path}: " if config.path else ""
    columns = list(raw.columns)
    derived_names = dict(config.derive)
    mapping: dict[str, str] = {}
    for logical, source in config.columns.items():
        if logical not in LOGICAL_TYPES:
            raise ConfigError(f"{where}columns.{logical}: not a logical column of the data "
                              f"contract{D.closest_columns(logical, LOGICAL_TYPES)}")
        if source not in columns:
            raise ConfigError(f"{where}columns.{logical}: the dataset {path} has no column "
                              f"{source!r}{D.closest_columns(source, columns)}")
        mapping[logical] = source
    for logical in LOGICAL_TYPES:
        if (logical not in mapping and logical in columns and logical not in mapping.values()
                and logical not in derived_names):
            mapping[logical] = logical
    taken = set(mapping.values())
    rename = {src: logical for logical, src in mapping.items()}
    # a dataset column that has a logical name but was mapped elsewhere (or is computed by
    # derive:) keeps a suffixed name
    clash = {c: f"{c}_original" for c in columns
             if (c in LOGICAL_TYPES or c in derived_names) and c not in taken}
    if csv and derived_names:  # expressions read the columns as the strings of the file
        raw = raw.assign(**{c: D.expand_text(raw[c]) for c in raw.columns
                            if isinstance(raw[c].dtype, pd.CategoricalDtype)})
    computed = derive_mod.evaluate(raw, derived_names, kinds=LOGICAL_TYPES, where=where,
                                   csv=csv)
    df = raw.rename(columns={**clash, **rename})
    del raw  # the caller may have handed over its only reference: free columns as they go
    for logical, values in computed.items():
        df[logical] = values
        notes.append(f"`{logical}` is computed from the dataset by derive: "
                     f"{derived_names[logical]}")
    del computed

    for column, recode in config.values.items():
        target = column if column in df.columns else rename.get(column)
        if target is None or target not in df.columns:
            raise ConfigError(f"{where}values.{column}: the dataset has no column {column!r}"
                              f"{D.closest_columns(column, df.columns)}")
        as_text = (D.expand_text(df[target]) if csv else df[target]).astype("string")
        keys = {str(k): ("true" if v is True else "false" if v is False else str(v))
                for k, v in recode.items()}
        df[target] = as_text.replace(keys).astype(object).where(as_text.notna(), None)

    formats = _date_formats(config, df, mapping, rename, where)
    decision = _decision_logical(config, df, rename)
    for logical in [c for c in LOGICAL_TYPES if c in df.columns]:
        try:
            kind = LOGICAL_TYPES[logical]
            name = mapping.get(logical, logical)
            s = df[logical]
            if csv and kind != BOOL:  # parse_bool reads a compact column as it is
                s = D.expand_text(s)
            if kind == BOOL:
                role = f"derive.{logical}" if logical in derived_names else logical
                advice = (D.decision_advice(name, logical,
                                            expression=derived_names.get(logical))
                          if logical in DECISION_COLUMNS or logical == decision
                          or logical in derived_names else None)
                df[logical] = D.parse_bool(s, column=name, path=path, csv=csv, role=role,
                                           advice=advice)
            elif (logical == "birth_date" and formats.get(logical, "%Y") == "%Y"
                  and D.whole_years(s)):
                df[logical] = D.parse_years(s, column=name, path=path, csv=csv)
                notes.append(f"Birth dates in column {name!r} are whole years: each is read "
                             f"as 1 July of that year, so an age can be one year off.")
            elif kind in (DATE, DATETIME):
                fmt = formats.get(logical, _global(config))
                df[logical] = D.parse_datetime(s, column=name, path=path, csv=csv,
                                               date_format=fmt,
                                               personal=logical == "birth_date")
            elif kind in (INTEGER, NUMBER):
                df[logical] = D.parse_number(s, column=name, path=path, csv=csv,
                                             integer=kind == INTEGER)
            elif kind == LIST:
                df[logical] = D.parse_list(s)
            elif kind in (STRING, CATEGORY):
                case = ("lower" if logical in ("channel", "product_category") else
                        "upper" if logical in ("country", "region") else None)
                df[logical] = D.strip_text(s, case=case)
        except DataError as exc:
            if logical not in derived_names or kind == BOOL:
                raise
            raise DataError(f"{exc} (derive.{logical}: expression "
                            f"{json.dumps(derived_names[logical])})") from None
        del s  # the raw column is now free: its memory goes back (a fraction of the peak)
        if logical != "customer_id":  # held once per value now, not at the end (the peak)
            df[logical] = encode_text(df[logical])
        release_memory()
    for column in df.columns:
        if column not in LOGICAL_TYPES:
            own = D.expand_text(df[column]) if csv else df[column]
            if column in formats:  # a date column of the dataset's own, with its format
                df[column] = D.parse_datetime(own, column=column, path=path, csv=csv,
                                              date_format=formats[column])
            else:
                df[column] = D._plain(own)
            del own
            df[column] = encode_text(df[column])
            release_memory()
    if decision is not None and decision not in LOGICAL_TYPES:
        # the config's decision: is a column of the dataset's own; it must be yes/no-like too
        D.parse_bool(df[decision], column=decision, path=path, csv=csv, role="decision",
                     advice=D.decision_advice(decision, "decision"))
    elif (decision is not None and LOGICAL_TYPES[decision] != BOOL
          and decision != "selected_count"):
        D.parse_bool(df[decision], column=mapping.get(decision, decision), path=path, csv=csv,
                     role="decision", advice=D.decision_advice(
                         mapping.get(decision, decision), "decision"))
    if "country" in df.columns:
        unknown = D.unknown_countries(df["country"], rows=rows)
        info["unknown_countries"] = unknown
        if unknown:
            shown = ", ".join(f"{v!r} ({n:,} row{'s' if n != 1 else ''})"
                              for v, n in list(unknown.items())[:5])
            more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            notes.append(f"Column {mapping.get('country', 'country')!r} holds values that are "
                         f"not ISO 3166-1 alpha-2 country codes: {shown}{more}; the rule pack "
                         f"does not know them, so those rows count as having no known "
                         f"country.")

    keyed_by_row = "customer_id" not in df.columns
    if keyed_by_row:
        df.insert(0, "customer_id", np.arange(1, len(df) + 1).astype(str))
    else:
        ids = df["customer_id"]
        if ids.isna().any():
            idx = np.flatnonzero(ids.isna().to_numpy())
            raise DataError(f"{path}: column {mapping['customer_id']!r} (customer_id) is empty "
                            f"at {D._rows_text(idx, csv=csv)}")
        dup = None if _all_distinct(ids) else ids.duplicated(keep=False)
        if dup is not None and dup.any():
            first = ids[dup].iloc[0]
            idx = np.flatnonzero((ids == first).to_numpy())
            raise DataError(f"{path}: duplicate customer_id {first!r} at "
                            f"{D._rows_text(idx, csv=csv)} ({int(ids.duplicated().sum())} "
                            f"duplicates in all)")

    _check_weights(df, mapping, path=path, csv=csv)
    if "birth_date" in df.columns:
        birth = df["birth_date"].dt.tz_convert(None)
        D._refuse_rows((birth > pd.Timestamp(as_of)).fillna(False).to_numpy(dtype=bool),
                       path=path, csv=csv, problem=f"column {mapping['birth_date']!r} holds "
                       f"birth dates after as_of ({as_of.isoformat()})")
        D._refuse_rows((birth < pd.Timestamp(D.MIN_BIRTH_YEAR, 1, 1)).fillna(False)
                       .to_numpy(dtype=bool), path=path, csv=csv,
                       problem=f"column {mapping['birth_date']!r} holds birth dates before "
                               f"{D.MIN_BIRTH_YEAR}")
        df["age"] = D.age_at(df["birth_date"], as_of)
    if "age" in df.columns:
        ages = df["age"]
        name = mapping.get("age", mapping.get("birth_date", "age"))
        D._refuse_rows(((ages < 0) | (ages > D.MAX_AGE)).fillna(False).to_numpy(dtype=bool),
                       path=path, csv=csv,
                       problem=f"column {name!r} holds ages below 0 or above {D.MAX_AGE}")
    if "age" in df.columns and "age_band" not in df.columns:
        df["age_band"] = D.age_bands(df["age"], config.age_bands)
    for column in df.columns:  # repeated text held once per value (encoding.encode_text)
        if column != "customer_id":
            df[column] = encode_text(df[column])
    return df, mapping, keyed_by_row


def _all_distinct(ids: pd.Series) -> bool:
    """Whether the (non-null) ``customer_id`` values are all different, counted inside Arrow
    for a text column (no Python string per row); False when that cannot be said cheaply (the
    caller then looks for the duplicates themselves)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(ids.dtype, pd.StringDtype):
        return False
    try:
        arr = pa.array(ids, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return False
    return pc.count_distinct(arr, mode="only_valid").as_py() == len(ids)


def _global(config: Config) -> str | None:
    """The one ``date_format`` for every date column, or None (ISO 8601 / per column)."""
    return config.date_format if isinstance(config.date_format, str) else None


def _date_formats(config: Config, df: pd.DataFrame, mapping: dict[str, str],
                  rename: dict[str, str], where: str) -> dict[str, str]:
    """``date_format:`` as a mapping frame column -> format. A key may name a logical column or
    the dataset's own; it must be a column of the data, and a logical one must be a date."""
    if not isinstance(config.date_format, dict):
        return {}
    out: dict[str, str] = {}
    for key, fmt in config.date_format.items():
        target = key if key in df.columns else rename.get(key)
        if target is None or target not in df.columns:
            raise ConfigError(f"{where}date_format.{key}: the dataset has no column {key!r}"
                              f"{D.closest_columns(key, list(df.columns))}")
        kind = LOGICAL_TYPES.get(target)
        if target in LOGICAL_TYPES and kind not in (DATE, DATETIME):
            raise ConfigError(f"{where}date_format.{key}: column {key!r} is read as "
                              f"{target} ({kind}), not a date")
        out[target] = fmt
    return out


def _decision_logical(config: Config, df: pd.DataFrame, rename: dict[str, str]) -> str | None:
    """The frame column the config's ``decision:`` names, when the data have it."""
    name = config.decision
    if name in df.columns:
        return name
    target = rename.get(name)
    return target if target in df.columns else None


def _check_weights(df: pd.DataFrame, mapping: dict[str, str], *, path: str, csv: bool) -> None:
    """``weight`` and ``selected_count``: whole numbers of 0 or more, never empty;
    ``selected_count`` at most ``weight`` and only with it (docs/data.md)."""
    if "selected_count" in df.columns and "weight" not in df.columns:
        raise DataError(f"{path}: column {mapping['selected_count']!r} (selected_count) needs a "
                        f"weight column: how many people each row stands for")
    for logical in ("weight", "selected_count"):
        if logical not in df.columns:
            continue
        name = mapping.get(logical, logical)
        values = df[logical]
        D._refuse_rows(values.isna().to_numpy(dtype=bool), path=path, csv=csv,
                       problem=f"column {name!r} ({logical}) is empty")
        D._refuse_rows((values < 0).fillna(False).to_numpy(dtype=bool), path=path, csv=csv,
                       problem=f"column {name!r} ({logical}) is negative")
        df[logical] = values.astype("int64")
    if "selected_count" in df.columns:
        D._refuse_rows((df["selected_count"] > df["weight"]).to_numpy(dtype=bool), path=path,
                       csv=csv, problem=f"column {mapping['selected_count']!r} (selected_count) "
                       f"is larger than {mapping['weight']!r} (weight)")


def _check_config_columns(campaign: Campaign) -> None:
    """Every column the config names must exist (logical or the dataset's own name)."""
    config = campaign.config
    where = f"{config.path}: " if config.path else ""
    named: list[tuple[str, str]] = []
    for key in ("protected_attributes", "quasi_identifiers", "model_features",
                "special_category_columns"):
        named += [(f"{key}[{i}]", c) for i, c in enumerate(getattr(config, key) or [])]
    for key in ("sensitive_attribute",):
        if getattr(config, key):
            named.append((key, getattr(config, key)))
    named += [(f"reference_groups.{k}", k) for k in config.reference_groups]
    named += [(f"population_shares.{k}", k) for k in config.population_shares]
    if config.decision != "targeted":
        named.append(("decision", config.decision))
    for key, column in named:
        if campaign.resolve(column) is None:
            raise ConfigError(f"{where}{key}: the dataset has no column {column!r}"
                              f"{D.closest_columns(column, campaign.df.columns)}")
    # files the config names are read now, so a mistake in them stops the run before it starts
    if config.inventory:
        from ethicskit.inventory import load_inventory

        campaign.inventory = load_inventory(config.inventory)
    if config.sensitive_lexicon:
        from ethicskit.targeting.lexicon import load_lexicon

        load_lexicon(config.sensitive_lexicon)


def from_frame(frame: pd.DataFrame, config: Config | dict | None = None, *,
               as_of: str | dt.date = "2026-11-29", source: str = "<frame>") -> Campaign:
    """A campaign from an in-memory frame (tests, training exercises); parsed like a file.

    ``frame`` uses dataset column names and may hold strings or typed values; ``config`` is a
    :class:`Config` or the YAML mapping of docs/data.md, the config.
    """
    if not isinstance(config, Config):
        config = validate(config or {})
    day = parse_date(as_of, key="as_of") if not isinstance(as_of, dt.date) else as_of
    config.as_of = day
    D.check_header(frame.columns, path=source)
    info: dict = {}
    df, mapping, keyed = prepare(frame.reset_index(drop=True), config, as_of=day, path=source,
                                 csv=False, info=info)
    campaign = Campaign(df=df, config=config, as_of=day, source=source, sha256="",
                        source_columns=frame.shape[1], mapping=mapping, keyed_by_row=keyed,
                        dataset_columns=[str(c) for c in frame.columns], notes=info["notes"],
                        unknown_countries=info.get("unknown_countries", {}),
                        derived=dict(config.derive))
    _check_config_columns(campaign)
    return campaign


def open_campaign(dataset_path: str | Path | None = None, *, config_path: str | Path | None = None,
                  as_of: str | dt.date | None = None, engine: str | None = None,
                  spark_master: str | None = None) -> Campaign:
    """Load, map, type and validate a campaign.

    Parameters
    ----------
    dataset_path
        CSV or Parquet file; empty uses the config's ``dataset``, and with neither, the bundled
        sample campaign.
    config_path
        The campaign config; empty with no dataset means the bundled sample's config.
    as_of
        Reference date; default the config's ``as_of``, else today (UTC).
    engine
        Who reads the rows (:mod:`ethicskit.engine.load`): ``auto``, ``pandas``, ``duckdb`` or
        ``spark``; default the config's ``engine:``, else ``auto``.
    spark_master
        Spark's master URL with the ``spark`` engine; default the config's ``spark.master``,
        else ``local[*]``.
    """
    from ethicskit.engine.load import choose, spark_settings

    if not dataset_path and not config_path:
        config_path = SAMPLE_CONFIG
    config = load_config(config_path) if config_path else Config()
    if dataset_path:
        dataset = str(dataset_path)
    elif config.dataset:
        dataset = config.dataset
    else:
        raise ConfigError(f"{config.path}: no dataset given and the config names none")
    day = (parse_date(as_of, key="as_of") if as_of else
           config.as_of or dt.datetime.now(dt.timezone.utc).date())
    config.as_of = day
    reader = choose(dataset, engine or config.engine)
    master, settings = spark_settings(config.spark, spark_master)
    raw, digest, csv = D.read_table(dataset, encoding=config.encoding, compact=True,
                                    engine=reader, spark_master=master, spark_config=settings)
    n_columns, names = raw.shape[1], [str(c) for c in raw.columns]
    box = [raw]
    del raw  # prepare holds the only reference, so each raw column is freed once typed
    info: dict = {}
    df, mapping, keyed = prepare(box.pop(), config, as_of=day, path=dataset, csv=csv, info=info)
    release_memory(trim=True)
    campaign = Campaign(df=df, config=config, as_of=day, source=dataset, sha256=digest,
                        source_columns=n_columns, mapping=mapping, keyed_by_row=keyed,
                        dataset_columns=names, notes=info["notes"],
                        unknown_countries=info.get("unknown_countries", {}),
                        derived=dict(config.derive), engine=D.reader_of(dataset, reader))
    _check_config_columns(campaign)
    return campaign
