"""What every training scenario shares: a campaign that knows its own right answers.

A scenario is a small generated campaign whose breaches are planted in exact numbers by knobs a
trainer can turn (how many consents are missing, how strong the bias, how small a segment). Its
right answers are known by construction, so the self-checks of :mod:`ethicskit.training.feedback`
never ask the checks under audit what the answer is; the tests compare the two.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from ethicskit.campaign import Campaign, from_frame
from ethicskit.errors import InputError

#: Reference date of every scenario, so dates in the guide and the notebooks match.
AS_OF = dt.date(2026, 11, 29)


class KnobError(InputError):
    """A knob of a training scenario has a value the scenario cannot honour."""


@dataclass
class TrainingCampaign(Campaign):
    """A :class:`~ethicskit.campaign.Campaign` with its answers known by construction.

    ``answers``: exercise id -> the right answer; ``expected``: check id -> ``{"status",
    "value", "affected_rows"}`` the suite's check must report; ``knobs``: the knob values used.
    """

    answers: dict = field(default_factory=dict)
    expected: dict = field(default_factory=dict)
    knobs: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)


def build(frame: pd.DataFrame, config: dict, *, name: str, answers: dict, expected: dict,
          knobs: dict, tables: dict | None = None, inventory=None) -> TrainingCampaign:
    """Parse ``frame`` like a campaign file and attach what is known about it."""
    campaign = from_frame(frame, {"name": name, **config}, as_of=AS_OF,
                          source=f"<training scenario: {name}>")
    values = {f.name: getattr(campaign, f.name) for f in fields(Campaign)}
    out = TrainingCampaign(**values, answers=answers, expected=expected, knobs=knobs,
                           tables=tables or {})
    if inventory is not None:
        out.inventory = inventory  # overrides the cached property: no file needed
    return out


def knob_int(name: str, value, *, low: int = 0, high: int | None = None) -> int:
    """``value`` as a whole number in ``[low, high]``, else :class:`KnobError` naming the knob."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) and not (
            isinstance(value, float) and float(value).is_integer()):
        raise KnobError(f"knob {name}: expected a whole number, got {value!r}")
    value = int(value)
    if value < low or (high is not None and value > high):
        span = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise KnobError(f"knob {name}: {value} is out of range; use a number {span}")
    return value


def _friendly_number(name: str, value):
    """``0,4`` typed without quotes (the tuple ``(0, 4)``), ``"0,4"``, ``"0.4"`` or ``"40%"``
    -> 0.4, saying so in one line; anything else unchanged."""
    import re

    if (isinstance(value, tuple) and len(value) == 2
            and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v >= 0
                    for v in value)):
        read = float(f"{value[0]}.{value[1]}")
        print(f"knob {name}: read {value[0]},{value[1]} as {read:g} (in Python, write {read:g})")
        return read
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        m = re.fullmatch(r"([-+]?\d+(?:[.,]\d+)?)(%?)", text)
        if m:
            read = float(m.group(1).replace(",", "."))
            return read / 100 if m.group(2) else read
    return value


def knob_float(name: str, value, *, low: float = 0.0, high: float = 1.0) -> float:
    """``value`` as a number in ``[low, high]``, else :class:`KnobError` naming the knob.

    A decimal comma (``0,4``, also unquoted) and a percentage (``"40%"``) are read as 0.4."""
    value = _friendly_number(name, value)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise KnobError(f"knob {name}: expected a number like 0.4, got {value!r}")
    value = float(value)
    if not low <= value <= high:
        raise KnobError(f"knob {name}: {value:g} is out of range; use a number between {low:g} "
                        f"and {high:g}")
    return value


def ids(prefix: str, n: int) -> np.ndarray:
    """``n`` pseudonymous customer ids ``<prefix>0001`` ...: the only way people are named."""
    width = max(4, len(str(n)))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def ts(days_before: np.ndarray | int) -> pd.Series | pd.Timestamp:
    """UTC midnight timestamps ``days_before`` whole days before :data:`AS_OF`."""
    base = pd.Timestamp(AS_OF, tz="UTC")
    if np.isscalar(days_before):
        return base - pd.Timedelta(days=int(days_before))
    return pd.Series(base - pd.to_timedelta(np.asarray(days_before, dtype="int64"), unit="D"))


def outcome(count: int, threshold: int = 0, *, warn: bool = False) -> dict:
    """The expected ``status/value/affected_rows`` of a count-type check."""
    status = ("warn" if warn else "fail") if count > threshold else "pass"
    return {"status": status, "value": count, "affected_rows": count}


def wilson(selected: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson 95% score interval of ``selected / n`` (written out, not taken from the suite).

    ``(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)``.
    """
    if n == 0:
        return (0.0, 1.0)
    p = selected / n
    centre = p + z * z / (2 * n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denom = 1 + z * z / n
    return (float((centre - half) / denom), float((centre + half) / denom))
