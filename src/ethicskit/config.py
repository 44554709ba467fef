"""The campaign config of docs/data.md, the config, read with a safe YAML loader and validated.

Unknown keys, misspelt threshold names and values of the wrong type are :class:`ConfigError`
naming the key's path (``thresholds.k_mni``) and, for a misspelling, the closest valid name.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ethicskit.errors import ConfigError
from ethicskit.errors import did_you_mean as _closest
from ethicskit import rulepack
from ethicskit.thresholds import MOVED_TO_RULES, THRESHOLDS
from ethicskit.yamlfile import read_yaml

#: key -> (accepted python types, description for messages)
_KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "name": ((str,), "a string"),
    "dataset": ((str,), "a file path"),
    "as_of": ((str, dt.date), "a date YYYY-MM-DD"),
    "columns": ((dict,), "a mapping logical name -> dataset column"),
    "values": ((dict,), "a mapping column -> {dataset value: contract value}"),
    "protected_attributes": ((list,), "a list of column names"),
    "age_bands": ((list,), "a list of increasing ages"),
    "reference_groups": ((dict,), "a mapping attribute -> group"),
    "decision": ((str,), "a column name"),
    "quasi_identifiers": ((list,), "a list of column names"),
    "sensitive_attribute": ((str,), "a column name"),
    "model_features": ((list,), "a list of column names"),
    "special_category_columns": ((list,), "a list of column names"),
    "population_shares": ((dict,), "a mapping attribute -> {group: share}"),
    "inventory": ((str,), "a file path"),
    "thresholds": ((dict,), "a mapping threshold name -> value"),
    "encoding": ((str,), "an encoding name such as latin-1"),
    "date_format": ((str, dict), "a strftime format such as %d/%m/%Y, or a mapping column -> "
                    "format"),
    "derive": ((dict,), "a mapping logical name -> SQL expression over the dataset's columns"),
    "sensitive_lexicon": ((str, dict), "a file path or a mapping category -> words"),
    "anonymise": ((dict,), "a mapping {key_file: PATH, hierarchies: {column: [levels]}, "
                  "max_suppression: share}"),
    "rules": ((dict,), "a mapping jurisdiction -> rule parameters (ethicskit rules)"),
    "default_jurisdiction": ((str,), "a jurisdiction of the rule pack such as EU, GB or US"),
    "decision_domain": ((str,), "one of credit, housing, employment, insurance, general"),
    "decision_favourable": ((bool,), "true or false"),
    "tcf_vendor_id": ((int,), "a TCF vendor id (a whole number from 1)"),
    "controller": ((dict,), "a mapping {name, address, contact, dpo_contact, "
                   "supervisory_authority, ...}"),
    "engine": ((str,), "one of auto, pandas, duckdb, spark"),
    "spark": ((dict,), "a mapping of Spark settings such as spark.master: local[2] or "
              "spark.executor.memory: 8g"),
}
#: What ``engine:`` may name (as :data:`ethicskit.engine.load.CHOICES`; kept here, a leaf).
ENGINE_CHOICES = ("auto", "pandas", "duckdb", "spark")

#: Keys of ``controller:`` (the customer notice, GDPR Art. 13(1)(a)-(b), 13(2)(d)).
CONTROLLER_KEYS = ("name", "address", "contact", "dpo_contact", "representative",
                   "supervisory_authority", "supervisory_authority_contact",
                   "legitimate_interests", "data_required", "website")
DECISION_DOMAINS = ("credit", "housing", "employment", "insurance", "general")
#: Keys whose value is a bool (a bool is refused for every other key).
_BOOL_KEYS = ("decision_favourable",)

#: Keys of ``anonymise:`` (the extract of ``ethicskit anonymise``).
_ANONYMISE_KEYS = ("key_file", "hierarchies", "max_suppression")

DEFAULT_AGE_BANDS = [0, 18, 25, 35, 45, 55, 65, 200]
DEFAULT_PROTECTED = ["gender", "age_band", "ethnicity", "marital_status", "has_children",
                     "disability"]


@dataclass
class Config:
    """A validated campaign config. Paths are absolute (resolved against the config's folder)."""

    name: str = "Unnamed campaign"
    dataset: str | None = None
    as_of: dt.date | None = None
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict] = field(default_factory=dict)
    protected_attributes: list[str] | None = None
    age_bands: list[float] = field(default_factory=lambda: list(DEFAULT_AGE_BANDS))
    reference_groups: dict[str, Any] = field(default_factory=dict)
    decision: str = "targeted"
    quasi_identifiers: list[str] | None = None
    sensitive_attribute: str | None = None
    model_features: list[str] | None = None
    special_category_columns: list[str] | None = None
    population_shares: dict[str, dict] = field(default_factory=dict)
    inventory: str | None = None
    thresholds: dict[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8"
    date_format: str | dict[str, str] | None = None
    derive: dict[str, str] = field(default_factory=dict)
    sensitive_lexicon: str | dict | None = None
    anonymise: dict | None = None
    rules: dict = field(default_factory=dict)
    default_jurisdiction: str = "EU"
    decision_domain: str | None = None
    decision_favourable: bool = True
    tcf_vendor_id: int | None = None
    controller: dict | None = None
    engine: str = "auto"
    spark: dict = field(default_factory=dict)
    path: str | None = None  # the config file itself, when read from one

    def threshold(self, name: str) -> Any:
        """The threshold in force: the config's value, else the default of docs/checks.md."""
        return self.thresholds.get(name, THRESHOLDS[name])

    def to_dict(self) -> dict:
        out = {k: getattr(self, k) for k in _KEYS}
        out["as_of"] = self.as_of.isoformat() if self.as_of else None
        return {k: v for k, v in out.items() if v is not None}


def _where(path: str | None) -> str:
    return f"{path}: " if path else ""


def parse_date(value: Any, *, key: str, where: str = "") -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(f"{where}{key}: {value!r} is not a date (expected YYYY-MM-DD)") from None


#: Allowed range of each threshold: (low, high, low inclusive, whole numbers only).
_RANGES: dict[str, tuple[float, float, bool, bool]] = {
    "retention_days": (0, 1e9, True, False),
    "identifier_share": (0, 1, False, False), "odds_max": (0, 1, False, False),
    "proxy_v": (0, 1, False, False),
    "k_min": (1, 1e9, True, True), "l_min": (1, 1e9, True, True),
    "min_group_n": (1, 1e9, True, True), "min_audience": (0, 1e9, True, True),
    "max_contacts": (0, 1e9, True, True), "max_criteria": (0, 1e9, True, True),
    "ratio_min": (0, 1e9, False, False), "ratio_max": (0, 1e9, False, False),
    "smd_max": (0, 1e9, False, False),
    "minor_age": (0, 130, True, False),
    "tvd_max": (0, 1, False, False),
}


def _range_text(name: str) -> str:
    low, high, inclusive, whole = _RANGES[name]
    kind = "a whole number" if whole else "a number"
    return f"{kind} in {'[' if inclusive else '('}{low:g}, {high:g}]"


def _check_range(name: str, value: Any, key: str, where: str) -> None:
    """A finite number in the threshold's range (:data:`_RANGES`), else a ConfigError."""
    low, high, inclusive, whole = _RANGES[name]
    ok = (isinstance(value, (int, float)) and not isinstance(value, bool)
          and math.isfinite(value) and (value >= low if inclusive else value > low)
          and value <= high and (not whole or float(value).is_integer()))
    if not ok:
        raise ConfigError(f"{where}{key}: expected {_range_text(name)}, got {value!r}")


def _check_thresholds(raw: dict, where: str) -> dict:
    out = {}
    for name, value in raw.items():
        key = f"thresholds.{name}"
        if name in MOVED_TO_RULES:
            raise ConfigError(f"{where}{key}: is a legal parameter now and lives in the rule "
                              f"pack; set it per jurisdiction with {MOVED_TO_RULES[name]} "
                              f"(ethicskit rules lists the values in force)")
        if name not in THRESHOLDS:
            raise ConfigError(f"{where}{key}: unknown threshold{_closest(str(name), THRESHOLDS)}")
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ConfigError(f"{where}{key}: expected a number, got {value!r} "
                              f"({_range_text(name)})")
        _check_range(name, value, key, where)
        out[name] = int(value) if _RANGES[name][3] else value
    lo = out.get("ratio_min", THRESHOLDS["ratio_min"])
    hi = out.get("ratio_max", THRESHOLDS["ratio_max"])
    if not lo < hi:
        raise ConfigError(f"{where}thresholds.ratio_min: must be below thresholds.ratio_max "
                          f"(got {lo!r} and {hi!r})")
    return out


def _check_date_format(fmt: str, where: str, key: str = "date_format") -> None:
    """A strftime pattern that formats a date and parses its own output back."""
    if not isinstance(fmt, str):
        raise ConfigError(f"{where}{key}: expected a strftime format such as %d/%m/%Y, "
                          f"got {fmt!r}")
    sample = dt.datetime(2026, 11, 29, 13, 45, 30, tzinfo=dt.timezone.utc)
    try:
        dt.datetime.strptime(sample.strftime(fmt), fmt)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ConfigError(f"{where}{key}: {fmt!r} is not a strftime pattern that formats "
                          f"and parses a date ({exc})") from None
    if "%" not in fmt:
        raise ConfigError(f"{where}{key}: {fmt!r} has no % directive (expected a "
                          f"strftime pattern such as %d/%m/%Y)")


def _check_date_formats(value: str | dict, where: str) -> str | dict[str, str]:
    """``date_format:``: one format for every date column, or column -> format (a column
    named by its logical or its dataset name; checked against the dataset when it is read)."""
    if isinstance(value, str):
        _check_date_format(value, where)
        return value
    if not value:
        raise ConfigError(f"{where}date_format: expected a format or a mapping column -> "
                          f"format, got an empty mapping")
    out = {}
    for column, fmt in value.items():
        _check_date_format(fmt, where, key=f"date_format.{column}")
        out[str(column)] = fmt
    return out


def _check_derive(raw: dict, columns: dict, where: str) -> dict[str, str]:
    """``derive:``: logical name -> a non-empty SQL expression (text); a logical name computed
    here may not also be mapped by ``columns:``. The expressions are parsed and checked
    against the dataset when it is read (ethicskit.derive)."""
    from ethicskit.schema import DERIVED, LOGICAL_TYPES

    names = list(LOGICAL_TYPES) + list(DERIVED)
    out = {}
    for logical, expression in raw.items():
        key = f"derive.{logical}"
        if logical not in names:
            raise ConfigError(f"{where}{key}: not a logical column of the data contract"
                              f"{_closest(str(logical), names)}")
        if isinstance(expression, bool) or not isinstance(expression, (str, int, float)):
            raise ConfigError(f"{where}{key}: expected an SQL expression (text) such as "
                              f"\"Approved_Conversion > 0\", got {expression!r}")
        expression = str(expression).strip()
        if not expression:
            raise ConfigError(f"{where}{key}: the expression is empty")
        if logical in columns:
            raise ConfigError(f"{where}{key}: {logical} is also mapped by columns.{logical} "
                              f"({columns[logical]!r}); keep one of the two")
        out[str(logical)] = expression
    return out


def _check_anonymise(raw: dict, where: str, base: Path) -> dict:
    """``anonymise: {key_file, hierarchies, max_suppression}``; ``key_file`` resolved against
    the config's folder. A level is ``*``, ``other``, ``year``, ``month``, a positive integer,
    a list of increasing numbers or a mapping value -> group."""
    out = {}
    for name, value in raw.items():
        key = f"anonymise.{name}"
        if name not in _ANONYMISE_KEYS:
            raise ConfigError(f"{where}{key}: unknown key{_closest(str(name), _ANONYMISE_KEYS)}")
        if value is None:
            continue
        if name == "key_file":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where}{key}: expected a file path, got {value!r}")
            out[name] = str((base / value).resolve())
        elif name == "max_suppression":
            if (not isinstance(value, (int, float)) or isinstance(value, bool)
                    or not 0 <= value < 1):
                raise ConfigError(f"{where}{key}: expected a share in [0, 1), got {value!r}")
            out[name] = float(value)
        else:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}{key}: expected a mapping column -> [levels], "
                                  f"got {value!r}")
            for column, levels in value.items():
                here = f"{key}.{column}"
                if not isinstance(levels, list) or not levels:
                    raise ConfigError(f"{where}{here}: expected a list of levels, got "
                                      f"{levels!r}")
                for i, level in enumerate(levels):
                    _check_level(level, f"{where}{here}[{i}]")
            out[name] = {str(c): list(v) for c, v in value.items()}
    return out


def _check_law(kwargs: dict, where: str) -> None:
    """``rules``, ``default_jurisdiction``, ``decision_domain``, ``tcf_vendor_id`` and
    ``controller``: validated against the rule pack and their allowed values, in place."""
    if "rules" in kwargs:
        kwargs["rules"] = rulepack.validate_overrides(kwargs["rules"], where=where)
    if "default_jurisdiction" in kwargs:
        code = kwargs["default_jurisdiction"].strip().upper()
        code = "GB" if code == "UK" else code
        keys = rulepack.load(kwargs.get("rules")).keys
        if code not in keys:
            raise ConfigError(f"{where}default_jurisdiction: {kwargs['default_jurisdiction']!r} "
                              f"is not an entry of the rule pack{_closest(code, keys)} "
                              f"(ethicskit rules lists them)")
        kwargs["default_jurisdiction"] = code
    if "decision_domain" in kwargs:
        domain = kwargs["decision_domain"].strip().lower()
        if domain not in DECISION_DOMAINS:
            raise ConfigError(f"{where}decision_domain: expected one of "
                              f"{', '.join(DECISION_DOMAINS)}, got {kwargs['decision_domain']!r}"
                              f"{_closest(domain, DECISION_DOMAINS)}")
        kwargs["decision_domain"] = domain
    if "tcf_vendor_id" in kwargs and not 1 <= kwargs["tcf_vendor_id"] <= 65535:
        raise ConfigError(f"{where}tcf_vendor_id: expected a TCF vendor id from 1 to 65535, "
                          f"got {kwargs['tcf_vendor_id']!r}")
    if "controller" in kwargs:
        out = {}
        for name, value in kwargs["controller"].items():
            key = f"controller.{name}"
            if name not in CONTROLLER_KEYS:
                raise ConfigError(f"{where}{key}: unknown key{_closest(str(name), CONTROLLER_KEYS)}")
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where}{key}: expected text, got {value!r}")
            out[name] = value.strip()
        kwargs["controller"] = out


def _check_level(level: Any, where: str) -> None:
    words = ("*", "other", "year", "month")
    if isinstance(level, str):
        if level not in words:
            hint = _closest(level, words) or (" (expected '*', 'other', 'year', 'month', a "
                                              "number, a list of bands or a mapping)")
            raise ConfigError(f"{where}: unknown level {level!r}{hint}")
    elif isinstance(level, bool) or (isinstance(level, int) and level <= 0):
        raise ConfigError(f"{where}: expected a positive integer, got {level!r}")
    elif isinstance(level, list):
        if (len(level) < 2 or not all(isinstance(b, (int, float)) and not isinstance(b, bool)
                                      for b in level)
                or any(b2 <= b1 for b1, b2 in zip(level, level[1:]))):
            raise ConfigError(f"{where}: expected at least two increasing numbers, "
                              f"got {level!r}")
    elif isinstance(level, dict):
        for value, group in level.items():
            if isinstance(group, (dict, list)) or group is None:
                raise ConfigError(f"{where}.{value}: expected a group name, got {group!r}")
    elif not isinstance(level, int):
        raise ConfigError(f"{where}: expected a level ('*', 'other', 'year', 'month', a "
                          f"number, a list of bands or a mapping), got {level!r}")


def validate(raw: Any, *, path: str | None = None) -> Config:
    """Validate a parsed YAML document and return a :class:`Config`.

    Relative ``dataset``/``inventory``/``sensitive_lexicon`` paths are resolved against the
    config file's folder.
    """
    where = _where(path)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}the config must be a mapping of keys, got {type(raw).__name__}")
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _KEYS:
            raise ConfigError(f"{where}{key}: unknown config key{_closest(str(key), _KEYS)}")
        if value is None:
            continue
        types, desc = _KEYS[key]
        if not isinstance(value, types) or (isinstance(value, bool) and key not in _BOOL_KEYS):
            raise ConfigError(f"{where}{key}: expected {desc}, got {value!r}")
        kwargs[key] = value
    for key in ("protected_attributes", "quasi_identifiers", "model_features",
                "special_category_columns"):
        for i, item in enumerate(kwargs.get(key, [])):
            if not isinstance(item, str):
                raise ConfigError(f"{where}{key}[{i}]: expected a column name, got {item!r}")
    for logical, column in kwargs.get("columns", {}).items():
        if not isinstance(column, str):
            raise ConfigError(f"{where}columns.{logical}: expected a column name, got {column!r}")
    for column, mapping in kwargs.get("values", {}).items():
        if not isinstance(mapping, dict):
            raise ConfigError(f"{where}values.{column}: expected a mapping, got {mapping!r}")
    bands = kwargs.get("age_bands")
    if bands is not None:
        if (len(bands) < 2 or not all(isinstance(b, (int, float)) and not isinstance(b, bool)
                                      and math.isfinite(b) for b in bands)
                or any(b2 <= b1 for b1, b2 in zip(bands, bands[1:]))):
            raise ConfigError(f"{where}age_bands: expected at least two increasing numbers, "
                              f"got {bands!r}")
        if not all(float(b).is_integer() for b in bands):
            raise ConfigError(f"{where}age_bands: expected whole years (a band [a, b) is "
                              f"labelled a-(b-1)), got {bands!r}")
    for attr, shares in kwargs.get("population_shares", {}).items():
        if not isinstance(shares, dict) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                and 0 < v <= 1
                for v in shares.values()):
            raise ConfigError(f"{where}population_shares.{attr}: expected a mapping "
                              f"group -> share in (0, 1]")
    if "as_of" in kwargs:
        kwargs["as_of"] = parse_date(kwargs["as_of"], key="as_of", where=where)
    if "date_format" in kwargs:
        kwargs["date_format"] = _check_date_formats(kwargs["date_format"], where)
    if "derive" in kwargs:
        kwargs["derive"] = _check_derive(kwargs["derive"], kwargs.get("columns", {}), where)
    kwargs["thresholds"] = _check_thresholds(kwargs.get("thresholds", {}), where)
    if "engine" in kwargs and kwargs["engine"] not in ENGINE_CHOICES:
        raise ConfigError(f"{where}engine: expected one of {', '.join(ENGINE_CHOICES)}, got "
                          f"{kwargs['engine']!r}{_closest(kwargs['engine'], ENGINE_CHOICES)}")
    for name, value in kwargs.get("spark", {}).items():
        if not str(name).startswith("spark.") or isinstance(value, (dict, list)) or value is None:
            raise ConfigError(f"{where}spark.{name}: expected a Spark setting (spark.NAME: "
                              f"value), got {name!r}: {value!r}")
    base = Path(path).resolve().parent if path else Path.cwd()
    for key in ("dataset", "inventory"):
        if key in kwargs and not (key == "dataset" and _names_a_table(kwargs[key])):
            kwargs[key] = str((base / kwargs[key]).resolve())
    if isinstance(kwargs.get("sensitive_lexicon"), str):
        kwargs["sensitive_lexicon"] = str((base / kwargs["sensitive_lexicon"]).resolve())
    if "anonymise" in kwargs:
        kwargs["anonymise"] = _check_anonymise(kwargs["anonymise"], where, base)
    _check_law(kwargs, where)
    return Config(**kwargs, path=str(Path(path).resolve()) if path else None)


def _names_a_table(dataset: str) -> bool:
    """Whether ``dataset:`` names a catalogue table (``table:NAME``) or a remote path
    (``s3a://...``): kept as written, not resolved against the config's folder."""
    return dataset.startswith("table:") or "://" in dataset


def load_config(path: str | Path | None) -> Config:
    """Read and validate a config file; ``None`` gives the defaults of every key."""
    if path is None or str(path) == "":
        return Config()
    path = Path(path)
    raw = read_yaml(path, what="config file")
    return validate(raw, path=str(path))
