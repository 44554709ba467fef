"""Which rules each row follows: the rule-pack entry of every row, decided once per distinct
``(country, region)`` pair, and the per-jurisdiction tables of the findings that use the pack.

The lookup is that of docs/data.md: ``region`` when the pack has an entry for it, else
``country`` (compared upper-case, ``UK`` read as ``GB``): its own entry, else ``EU`` for an
EU/EEA country; else the config's ``default_jurisdiction``. Rows judged by the default are the
*fallback rows*: every finding that uses the pack counts them (``details.fallback_rows``) and
its message says how many.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np
import pandas as pd

from ethicskit.counts import cell_key, decode, group_sums
from ethicskit.rulepack import RulePack, load

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.campaign import Campaign


#: The sentence every message of a check that uses the pack ends with (a template of
#: :mod:`ethicskit.messages`; facts ``fallback_rows`` and ``default_jurisdiction``, as given by
#: :meth:`Jurisdictions.facts`).
FALLBACK_NOTE = ("{% if fallback_rows %} {{ fallback_rows | rows }} had no country or region "
                 "that the rule pack knows and {{ fallback_rows | verb('was', 'were') }} "
                 "judged by the rules of {{ default_jurisdiction }} (default_jurisdiction)."
                 "{% endif %}")


@dataclass(frozen=True)
class Jurisdictions:
    """The rule-pack entry of every row.

    ``keys`` are the entries in use; ``codes[i]`` indexes ``keys`` for row ``i``; ``fallback``
    marks the rows that follow ``default_jurisdiction`` because the pack knows neither their
    region nor their country (or they have none). ``entries`` holds each entry in use (and
    the default), every inherited value filled in (:meth:`RulePack.entry`), merged once by
    :func:`assign`: an explicit table, read by :meth:`entry` and :meth:`per_row`.
    """

    pack: RulePack
    default: str
    keys: tuple[str, ...]
    codes: np.ndarray
    fallback: np.ndarray
    entries: Mapping[str, dict] = field(default_factory=dict)

    def entry(self, key: str) -> dict:
        """Entry ``key`` with every inherited value filled in: from :attr:`entries` when it is
        in use, else merged from the pack (read only: do not change it)."""
        found = self.entries.get(key)
        return found if found is not None else self.pack.entry(key)

    @property
    def rows(self) -> int:
        return len(self.codes)

    @property
    def fallback_rows(self) -> int:
        return int(self.fallback.sum())

    def per_row(self, parameter: str, field: str, *, channel: str | None = None) -> np.ndarray:
        """A parameter's value for every row (an object array of the pack's values), looked
        up once per entry in use: ``consent.<channel>.<field>`` when ``channel`` is given."""
        return self._take(self.values(parameter, field, channel=channel), object)

    def values(self, parameter: str, field: str, *, channel: str | None = None) -> np.ndarray:
        """The parameter's value of each entry in use: an object array indexed like ``keys``
        (``per_row`` is ``values(...)[codes]``)."""
        values = []
        for key in self.keys:
            entry = self.entry(key)
            item = entry[parameter][channel] if channel else entry[parameter]
            values.append(item[field])
        table = np.empty(len(values), dtype=object)
        table[:] = values
        return table

    def _take(self, table: np.ndarray, dtype) -> np.ndarray:
        """``table`` (one value per entry in use) converted to ``dtype`` once, then taken to
        every row by code: the same as converting the rows' values, without a Python object
        per row."""
        return table.astype(dtype)[self.codes] if len(self.codes) else np.empty(0, dtype=dtype)

    def mask(self, parameter: str, field: str, *, channel: str | None = None) -> np.ndarray:
        """Rows whose parameter value is true (a bool parameter such as
        ``minors_profiling_ads.banned``)."""
        return self._take(self.values(parameter, field, channel=channel), bool)

    def number(self, parameter: str, field: str) -> np.ndarray:
        """A numeric parameter (days, ages) for every row, as float64."""
        return self._take(self.values(parameter, field), "float64")

    def table(self, base: np.ndarray, affected: np.ndarray, *,
              extra: Mapping[str, np.ndarray] | None = None,
              weights: np.ndarray | None = None) -> list[dict]:
        """``details.by_jurisdiction``: per entry in use (in the pack's order) with at least
        one row of ``base``, ``{jurisdiction, judged, affected, fallback, <extra>...}``:
        people of ``base`` judged by it, those of them in ``affected``, how many of them
        were judged by the default, and the sum of each extra mask over ``base``. With
        ``weights`` (people per row, :attr:`ethicskit.campaign.Campaign.weights`) every count is
        a sum of weights; without, a count of rows."""
        values = {"judged": np.asarray(base, dtype=bool),
                  "affected": np.asarray(base, dtype=bool) & np.asarray(affected, dtype=bool),
                  "fallback": np.asarray(base, dtype=bool) & self.fallback}
        for name, mask in (extra or {}).items():
            values[name] = np.asarray(base, dtype=bool) & np.asarray(mask, dtype=bool)
        if not self.rows:
            return []
        cells = group_sums({"code": self.codes}, {"code": len(self.keys)}, values=values,
                           weights=weights)
        order = {k: i for i, k in enumerate(self.pack.keys)}
        out = []
        for row in cells.to_dict("records"):
            if row["judged"] <= 0:
                continue
            key = self.keys[int(row["code"])]
            out.append({"jurisdiction": key, **{n: int(row[n]) for n in values}})
        return sorted(out, key=lambda r: (order.get(r["jurisdiction"], len(order)),
                                          r["jurisdiction"]))

    def details(self, base: np.ndarray, affected: np.ndarray, *,
                weights: np.ndarray | None = None, **extra) -> dict:
        """``{by_jurisdiction, fallback_rows, default_jurisdiction}`` for a finding's
        ``details``: the table of :meth:`table` and the fallback rows among ``base`` (sums of
        ``weights`` when given)."""
        return {"by_jurisdiction": self.table(base, affected, extra=extra, weights=weights),
                "fallback_rows": self._fallback_count(base, weights),
                "default_jurisdiction": self.default}

    def facts(self, base: np.ndarray, *, weights: np.ndarray | None = None) -> dict:
        """The facts :data:`FALLBACK_NOTE` uses, for the rows of ``base`` (people with
        ``weights``)."""
        return {"fallback_rows": self._fallback_count(base, weights),
                "default_jurisdiction": self.default}

    def _fallback_count(self, base: np.ndarray, weights: np.ndarray | None) -> int:
        mask = np.asarray(base, dtype=bool) & self.fallback
        if weights is None:
            return int(mask.sum())
        return int(np.asarray(weights, dtype=np.int64)[mask].sum())


def _codes(campaign: "Campaign", column: str) -> tuple[np.ndarray, np.ndarray] | None:
    if column not in campaign.df.columns:
        return None
    return campaign.codes(column)


def assign(campaign: "Campaign", pack: RulePack | None = None) -> Jurisdictions:
    """The rule-pack entry of every row of ``campaign`` (the pack in force for its config
    when ``pack`` is None)."""
    config = campaign.config
    pack = pack if pack is not None else load(config.rules)
    default = config.default_jurisdiction
    n = len(campaign.df)
    country = _codes(campaign, "country")
    region = _codes(campaign, "region")
    c_codes = country[0] if country else np.full(n, -1, dtype=np.int64)
    r_codes = region[0] if region else np.full(n, -1, dtype=np.int64)
    c_values = list(country[1]) if country else []
    r_values = list(region[1]) if region else []
    # one integer per (country, region) pair (the mixed-radix key of the group counts, a
    # missing value as code 0), its distinct values in order of first appearance: each pair is
    # looked up once, and the result taken back to the rows by code
    sizes = (len(c_values) + 1, len(r_values) + 1)
    pair = cell_key([np.asarray(c_codes, dtype=np.int64) + 1,
                     np.asarray(r_codes, dtype=np.int64) + 1], sizes)
    pair_codes, pairs = pd.factorize(pair)
    keys: list[str] = []
    index: dict[str, int] = {}
    lookup = np.zeros(len(pairs), dtype=np.int64)
    back = np.zeros(len(pairs), dtype=bool)
    for i, (c, r) in enumerate(zip(*(part.tolist() for part in decode(pairs, sizes)))):
        c, r = c - 1, r - 1
        found = pack.find(c_values[c] if c >= 0 else None, r_values[r] if r >= 0 else None)
        key = found if found is not None else default
        if key not in index:
            index[key] = len(keys)
            keys.append(key)
        lookup[i], back[i] = index[key], found is None
    if n:
        codes, fallback = lookup[pair_codes], back[pair_codes]
    else:
        codes, fallback = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    known = pack.raw["jurisdictions"]
    entries = {k: pack.entry(k) for k in dict.fromkeys([*keys, default]) if k in known}
    return Jurisdictions(pack, default, tuple(keys), codes, fallback, entries)


def describe(pack: RulePack, *, country: str | None = None) -> list[dict[str, Any]]:
    """The pack in force as rows ``{jurisdiction, parameter, value, ref, reviewed,
    overridden}`` for ``ethicskit rules``; with ``country``, only the entry a person there
    follows (its region entries too), every value inherited."""
    if country:
        head = country.strip().upper()
        found = pack.find(head, head if "-" in head else None)
        if found is None:
            return []
        wanted = [found] + [k for k in pack.keys if "-" not in head
                            and k.startswith(head + "-")]
    else:
        wanted = list(pack.keys)
    changed = set(pack.overridden)
    out = []
    for key in wanted:
        entry = pack.entry(key) if country else pack.raw["jurisdictions"][key]
        for name, item in entry.items():
            if name in ("key", "name", "parent"):
                continue
            subs = item.items() if name == "consent" else [(None, item)]
            for channel, fields in subs:
                label = f"{name}.{channel}" if channel else name
                value = ", ".join(f"{f}={v}" for f, v in fields.items()
                                  if f not in ("ref", "reviewed"))
                over = any(p.startswith(f"rules.{key}.{label}") for p in changed)
                out.append({"jurisdiction": key, "parameter": label, "value": value,
                            "ref": fields.get("ref", ""),
                            "reviewed": str(fields.get("reviewed", "")), "overridden": over})
        if "parent" in pack.raw["jurisdictions"][key] and not country:
            out.append({"jurisdiction": key, "parameter": "parent",
                        "value": pack.raw["jurisdictions"][key]["parent"], "ref": "",
                        "reviewed": "", "overridden": False})
    return out
