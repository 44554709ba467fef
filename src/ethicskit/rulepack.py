"""The rule pack: the legal parameters of the checks per jurisdiction, as data (a leaf module).

The default pack is ``templates/rules.yaml`` (the package reads its identical copy,
``ethicskit/data/rules.yaml``). Every value carries its legal reference (``ref``) and the date
it was last reviewed (``reviewed``). A campaign config overrides any value under ``rules:``::

    rules: {US: {optout_grace: {days: 5, business: true}}, US-VA: {optout_signal: {honour: true}}}

An entry inherits what it does not set: a member state's entry (``parent: EU``) from ``EU``, a
region's entry (``US-CA``) from its country's entry. :meth:`RulePack.entry` gives an entry with
everything inherited; :meth:`RulePack.find` is the lookup of docs/data.md ("which rules a row
follows"): region, else country (``UK`` read as ``GB``), else the EU entry for an EU/EEA
country, else None (the caller falls back to ``default_jurisdiction``).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

import yaml

from ethicskit.errors import ConfigError
from ethicskit.errors import did_you_mean as _closest

#: The parameters of an entry: name -> {field: (kind, choices or range)}. ``ref`` and
#: ``reviewed`` are allowed in every parameter.
CHANNELS = ("email", "sms", "phone", "post", "display", "social", "push")
BASES = ("opt_in", "opt_out", "none")
_CONSENT_FIELDS = {"basis": ("choice", BASES), "soft_optin": ("bool", None),
                   "b2b": ("bool", None)}
PARAMETERS: dict[str, dict[str, tuple[str, Any]]] = {
    "optout_grace": {"days": ("int", (0, 3650)), "business": ("bool", None)},
    "erasure": {"days": ("int", (0, 3650)), "extension": ("int", (0, 3650))},
    "digital_consent_age": {"age": ("int", (0, 130))},
    "minors_profiling_ads": {"banned": ("bool", None), "under": ("int", (0, 130))},
    "sensitive_ads": {"platform_ban": ("bool", None)},
    "tracking_consent": {"required": ("bool", None)},
    "opportunity_ads": {"law": ("bool", None)},
    "optout_signal": {"honour": ("bool", None)},
}
_NOTE_FIELDS = ("ref", "reviewed")
_ENTRY_KEYS = ("name", "parent", "consent", *PARAMETERS)
_TOP_KEYS = ("version", "reviewed", "eu_eea", "aliases", "platform_channels", "jurisdictions",
             "opportunity_criteria")
OPPORTUNITY_CATEGORIES = ("housing", "credit", "employment")
_CODE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


def default_text() -> str:
    """The text of the default pack (the package's copy of ``templates/rules.yaml``)."""
    return resources.files("ethicskit").joinpath("data/rules.yaml").read_text(encoding="utf-8")


#: Values of a parsed pack that are never changed in place: shared, not copied.
_ATOMS = (str, int, float, bool, type(None), dt.date)


def _copy(value: Any) -> Any:
    """A deep copy of plain YAML data (mappings, lists, text, numbers, dates): the same result
    as :func:`copy.deepcopy` for them, many times faster; anything else goes to deepcopy."""
    if isinstance(value, _ATOMS):
        return value
    if type(value) is dict:
        return {k: _copy(v) for k, v in value.items()}
    if type(value) is list:
        return [_copy(v) for v in value]
    return copy.deepcopy(value)


def _merge(base: dict, over: Mapping) -> dict:
    """``base`` with ``over`` merged in (mappings merged key by key, anything else replaced),
    as a new tree: neither argument is changed nor shared with the result."""
    # key order as deepcopy(base) then assignment gives: base's keys first, new keys after
    out = {k: (None if k in over else _copy(v)) for k, v in base.items()}
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            out[key] = _merge(base[key], value)
        else:
            out[key] = _copy(value)
    return out


@dataclass(frozen=True)
class RulePack:
    """A validated rule pack (the default with a config's overrides applied).

    ``raw`` is the pack as written (entries with only what they set); ``overridden`` lists the
    dotted paths the config changed, for ``ethicskit rules`` and the report.
    """

    raw: Mapping[str, Any]
    overridden: tuple[str, ...] = ()

    @property
    def eu_eea(self) -> frozenset:
        return frozenset(self.raw["eu_eea"])

    @property
    def platform_channels(self) -> tuple[str, ...]:
        return tuple(self.raw["platform_channels"])

    @property
    def keys(self) -> tuple[str, ...]:
        """Every entry of the pack, in the file's order."""
        return tuple(self.raw["jurisdictions"])

    def parent_of(self, key: str) -> str | None:
        """The entry ``key`` inherits from: its ``parent``, a region's country (or ``EU`` for a
        region of a member state without an entry of its own), else None."""
        entry = self.raw["jurisdictions"][key]
        if entry.get("parent"):
            return entry["parent"]
        if "-" in key:
            country = key.split("-", 1)[0]
            if country in self.raw["jurisdictions"]:
                return country
            if country in self.eu_eea:
                return "EU"
        return None

    def chain(self, key: str) -> list[str]:
        """``key`` and the entries it inherits from, most general first (``EU, DE``)."""
        out, seen = [], set()
        while key is not None and key not in seen:
            seen.add(key)
            out.append(key)
            key = self.parent_of(key)
        return out[::-1]

    def entry(self, key: str) -> dict:
        """Entry ``key`` with every inherited value filled in."""
        merged: dict = {}
        for k in self.chain(key):
            merged = _merge(merged, {n: v for n, v in self.raw["jurisdictions"][k].items()
                                     if n != "parent"})
        merged["key"] = key
        return merged

    def root(self, key: str) -> str:
        """The most general entry ``key`` inherits from (``EU``, ``GB``, ``US``, ``CA``)."""
        return self.chain(key)[0]

    def find(self, country: Any, region: Any = None) -> str | None:
        """The entry a person in ``country`` (ISO 3166-1) and ``region`` (ISO 3166-2) follows,
        or None when the pack knows neither (the caller uses ``default_jurisdiction``)."""
        entries = self.raw["jurisdictions"]
        if isinstance(region, str) and region.strip():
            code = region.strip().upper()
            head, sep, tail = code.partition("-")
            code = self.raw["aliases"].get(head, head) + sep + tail
            if code in entries:
                return code
        if isinstance(country, str) and country.strip():
            code = country.strip().upper()
            code = self.raw["aliases"].get(code, code)
            if code in entries:
                return code
            if code in self.eu_eea:
                return "EU"
        return None

    def value(self, key: str, parameter: str, field: str) -> Any:
        """One value of an entry, inherited where the entry does not set it."""
        return self.entry(key)[parameter][field]

    def reference(self, key: str, parameter: str, channel: str | None = None) -> str:
        """The legal reference of a parameter (of a channel's consent rule)."""
        item = self.entry(key)[parameter]
        return (item[channel] if channel else item).get("ref", "")

    def criteria(self, category: str) -> tuple[str, ...]:
        """The targeting keys opportunity ads of ``category`` may not use."""
        return tuple(self.raw["opportunity_criteria"][category]["keys"])


def _check_field(kind: str, spec: Any, value: Any, where: str) -> Any:
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
    elif kind == "int":
        low, high = spec
        if (isinstance(value, bool) or not isinstance(value, (int, float))
                or not float(value).is_integer() or not low <= value <= high):
            raise ConfigError(f"{where}: expected a whole number in [{low}, {high}], "
                              f"got {value!r}")
        value = int(value)
    elif kind == "choice":
        if value not in spec:
            raise ConfigError(f"{where}: expected one of {', '.join(spec)}, got {value!r}"
                              f"{_closest(value, spec) if isinstance(value, str) else ''}")
    return value


def _check_note(name: str, value: Any, where: str) -> Any:
    if name == "ref":
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: expected the legal reference as text, got {value!r}")
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            pass
    if not isinstance(value, dt.date):
        raise ConfigError(f"{where}: expected a date YYYY-MM-DD, got {value!r}")
    return value.isoformat()


def _check_fields(fields: Mapping[str, tuple[str, Any]], value: Any, where: str) -> dict:
    """One parameter's mapping of fields (``days``, ``basis``...), each of its kind, plus
    ``ref`` and ``reviewed``; an unknown field names the closest."""
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a mapping of {', '.join(fields)}, got {value!r}")
    out = {}
    for field, item in value.items():
        here = f"{where}.{field}"
        if field in _NOTE_FIELDS:
            out[field] = _check_note(field, item, here)
        elif field in fields:
            out[field] = _check_field(*fields[field], item, here)
        else:
            raise ConfigError(f"{here}: unknown field"
                              f"{_closest(field, (*fields, *_NOTE_FIELDS))}")
    return out


def _check_consent(value: Any, where: str) -> dict:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a mapping channel -> rule, got {value!r}")
    out = {}
    for channel, rule in value.items():
        here = f"{where}.{channel}"
        if channel not in CHANNELS:
            raise ConfigError(f"{here}: unknown channel{_closest(channel, CHANNELS)}")
        out[channel] = _check_fields(_CONSENT_FIELDS, rule, here)
    return out


def _check_entry(key: str, entry: Any, where: str) -> dict:
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{where}: expected a mapping of rule parameters, got {entry!r}")
    out = {}
    for name, value in entry.items():
        here = f"{where}.{name}"
        if name == "consent":
            out[name] = _check_consent(value, here)
        elif name in PARAMETERS:
            out[name] = _check_fields(PARAMETERS[name], value, here)
        elif name in ("name", "parent"):
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{here}: expected text, got {value!r}")
            out[name] = value.strip().upper() if name == "parent" else value
        else:
            raise ConfigError(f"{here}: unknown rule parameter{_closest(name, _ENTRY_KEYS)}")
    return out


def _code(key: Any, where: str) -> str:
    if isinstance(key, bool):
        raise ConfigError(f"{where}: YAML read {key!r} here; write a country code such as "
                          f"Norway's in quotes (\"NO\")")
    code = str(key).strip().upper()
    if code == "UK":
        code = "GB"
    if not _CODE.match(code):
        raise ConfigError(f"{where}: {key!r} is not a jurisdiction (EU, an ISO 3166-1 country "
                          f"code such as GB, or an ISO 3166-2 region such as US-CA)")
    return code


def _paths(tree: Mapping, prefix: str) -> list[str]:
    out = []
    for key, value in tree.items():
        path = f"{prefix}.{key}"
        out.extend(_paths(value, path) if isinstance(value, Mapping) else [path])
    return out


def _complete(pack: dict, where: str) -> None:
    """Every entry, with what it inherits, sets every field of every parameter; a parent
    exists; a region's country is known."""
    view = RulePack(pack)
    for key in pack["jurisdictions"]:
        parent = pack["jurisdictions"][key].get("parent")
        if parent and parent not in pack["jurisdictions"]:
            raise ConfigError(f"{where}{key}.parent: no entry {parent!r} in the rule pack"
                              f"{_closest(parent, pack['jurisdictions'])}")
        if "-" in key and view.parent_of(key) is None:
            raise ConfigError(f"{where}{key}: the rule pack has no entry for its country "
                              f"{key.split('-')[0]!r} (add one with parent: EU, GB, US or CA)")
        entry = view.entry(key)
        for name, fields in PARAMETERS.items():
            missing = [f for f in fields if f not in entry.get(name, {})]
            if missing:
                raise ConfigError(f"{where}{key}.{name}: the entry sets no "
                                  f"{', '.join(missing)} and inherits none (a new entry "
                                  f"needs parent: EU, GB, US or CA)")
        for channel in CHANNELS:
            missing = [f for f in _CONSENT_FIELDS if f not in entry.get("consent", {})
                       .get(channel, {})]
            if missing:
                raise ConfigError(f"{where}{key}.consent.{channel}: the entry sets no "
                                  f"{', '.join(missing)} and inherits none")


def validate_overrides(raw: Any, *, where: str = "") -> dict:
    """A config's ``rules:`` block, checked against the pack's parameters: every key known
    (a misspelling names the closest), every value of its kind. Returns it normalised
    (jurisdiction codes upper-case)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}rules: expected a mapping jurisdiction -> parameters, "
                          f"got {raw!r}")
    out: dict = {}
    for key, entry in raw.items():
        if key == "opportunity_criteria":
            out[key] = _check_criteria(entry, f"{where}rules.{key}")
            continue
        if key in ("eu_eea", "aliases", "platform_channels", "version", "reviewed"):
            raise ConfigError(f"{where}rules.{key}: is part of the pack's structure and cannot "
                              f"be overridden from a config; edit templates/rules.yaml")
        code = _code(key, f"{where}rules.{key}")
        out[code] = _check_entry(code, entry, f"{where}rules.{code}")
    pack = _merge(_default_raw(), {"jurisdictions": {k: v for k, v in out.items()
                                                     if k != "opportunity_criteria"}})
    if "opportunity_criteria" in out:
        pack["opportunity_criteria"] = _merge(pack["opportunity_criteria"],
                                              out["opportunity_criteria"])
    _complete(pack, f"{where}rules.")
    return out


def _check_criteria(value: Any, where: str) -> dict:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a mapping product category -> {{keys: [...]}}")
    out = {}
    for category, item in value.items():
        here = f"{where}.{category}"
        if category not in OPPORTUNITY_CATEGORIES:
            raise ConfigError(f"{here}: unknown category"
                              f"{_closest(category, OPPORTUNITY_CATEGORIES)}")
        if not isinstance(item, Mapping):
            raise ConfigError(f"{here}: expected a mapping {{keys: [...], ref: ...}}")
        checked = {}
        for field, v in item.items():
            if field == "keys":
                if not isinstance(v, list) or not all(isinstance(k, str) and k for k in v):
                    raise ConfigError(f"{here}.keys: expected a list of targeting keys")
                checked[field] = [k.strip().lower() for k in v]
            elif field in _NOTE_FIELDS:
                checked[field] = _check_note(field, v, f"{here}.{field}")
            else:
                raise ConfigError(f"{here}.{field}: unknown field"
                                  f"{_closest(field, ('keys', *_NOTE_FIELDS))}")
        out[category] = checked
    return out


def parse(text: str, *, where: str = "rules.yaml") -> dict:
    """A whole pack from its YAML text, validated (the default pack, or an edited copy)."""
    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: not valid YAML ({exc})") from None
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: expected a mapping")
    for key in raw:
        if key not in _TOP_KEYS:
            raise ConfigError(f"{where}: {key}: unknown key{_closest(key, _TOP_KEYS)}")
    for key in _TOP_KEYS:
        if key not in raw:
            raise ConfigError(f"{where}: {key}: missing")
    pack = dict(raw)
    pack["eu_eea"] = [str(c).upper() for c in raw["eu_eea"]]
    pack["aliases"] = {str(k).upper(): str(v).upper() for k, v in raw["aliases"].items()}
    pack["jurisdictions"] = {_code(k, f"{where}: {k}"): _check_entry(k, v, f"{where}: {k}")
                             for k, v in raw["jurisdictions"].items()}
    pack["opportunity_criteria"] = _check_criteria(raw["opportunity_criteria"],
                                                   f"{where}: opportunity_criteria")
    for category in OPPORTUNITY_CATEGORIES:
        if category not in pack["opportunity_criteria"]:
            raise ConfigError(f"{where}: opportunity_criteria.{category}: missing")
    _complete(pack, f"{where}: ")
    return pack


@lru_cache(maxsize=4)
def _parsed(text: str, where: str) -> dict:
    """:func:`parse` of ``text``, kept per text (a pure function of a string: the module's one
    cache, documented here). Parsing and validating the default pack takes ~0.1 s, and a run
    loads the pack several times (the config, each area, the record); callers get a copy
    (:func:`_default_raw`), never this tree."""
    return parse(text, where=where)


def _default_raw() -> dict:
    """The default pack as a new tree of plain data (the caller may change it)."""
    return _copy(_parsed(default_text(), "ethicskit/data/rules.yaml"))


def load(overrides: Mapping | None = None) -> RulePack:
    """The pack in force: the default with ``overrides`` (a validated ``rules:`` block) merged
    in. The package's file is read each call, so an edited pack is seen at once; its parse is
    kept per text (:func:`_parsed`)."""
    pack = _default_raw()
    overrides = dict(overrides or {})
    criteria = overrides.pop("opportunity_criteria", None)
    pack["jurisdictions"] = _merge(pack["jurisdictions"], overrides)
    if criteria:
        pack["opportunity_criteria"] = _merge(pack["opportunity_criteria"], criteria)
    paths = _paths(overrides, "rules") + (_paths(criteria, "rules.opportunity_criteria")
                                          if criteria else [])
    return RulePack(pack, tuple(paths))
