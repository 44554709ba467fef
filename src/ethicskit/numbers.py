"""Numbers as people read them and as the record stores them: formatted once, here (a leaf module).

- :func:`fmt_number` is how every page, card, table and notebook shows a number: thousand
  separators (``5,000``), rates rounded for display (``0.612``), yes/no for booleans, a dash for
  a missing value, and never a negative zero (``-0.0`` and ``-0.0004`` show as ``0``).
- :func:`fmt_value` adds the unit of a check's value and threshold (``0.84 rate ratio``,
  ``12 people``, ``1 person``, ``0.8 to 1.25 rate ratio``).
- :func:`json_number` is how every number leaves for JSON (``findings/``, ``summary.json``):
  exact values rounded to 12 significant digits, so ``0.9999999999999999`` is stored as ``1.0``,
  and no ``-0.0``.

The unit of a check's value and threshold (one unit for both) is its registry row's ``unit``
(:func:`ethicskit.registry.unit_of`); this module only formats.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

import numpy as np

#: Significant digits an exact value keeps in JSON.
JSON_DIGITS = 12

#: The singular of a unit, for a value of exactly 1 ("1 person", "1 contact").
SINGULAR = {"people": "person", "contacts": "contact", "columns": "column",
            "criteria": "criterion", "features": "feature", "items": "item",
            "distinct values": "distinct value", "days": "day", "years": "year",
            "people per class": "person per class", "kinds of data": "kind of data",
            "standard deviations": "standard deviation", "segments": "segment"}


def _is_missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return isinstance(x, Real) and math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def fmt_number(x: Any, *, digits: int | None = None) -> str:
    """A number as shown to a reader.

    Parameters
    ----------
    x : number, bool, None or any value
        Integers get thousand separators; floats are rounded for display: 3 decimals below 100,
        1 below 1,000 and none from 1,000 up, trailing zeros dropped (``0.8``, ``0.612``,
        ``12.5``, ``5,000``). Booleans are ``yes``/``no``; None and NaN are ``—``; infinity is
        ``∞``. Any other value is returned as text.
    digits : int, optional
        Fixed decimals instead (trailing zeros kept, for columns of a table).

    Returns
    -------
    str
        Never a negative zero: whatever rounds to zero shows as ``0``.
    """
    if isinstance(x, (bool, np.bool_)):
        return "yes" if x else "no"
    if _is_missing(x):
        return "—"
    if isinstance(x, Integral):
        return f"{int(x):,}"
    if not isinstance(x, Real):
        return str(x)
    x = float(x)
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if digits is not None:
        text = f"{x:,.{digits}f}"
    else:
        size = abs(x)
        places = 3 if size < 100 else 1 if size < 1000 else 0
        text = f"{x:,.{places}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").strip("0.,") == "":  # rounds to zero: no sign
        text = text.lstrip("-")
    return text


def _unit_for(number: Any, unit: str | None) -> str:
    if not unit:
        return ""
    if isinstance(number, Real) and not isinstance(number, bool) and not _is_missing(number) \
            and float(number) == 1:
        return " " + SINGULAR.get(unit, unit)
    return " " + unit


def fmt_value(value: Any, unit: str | None = None) -> str:
    """A check's value or threshold with its unit.

    Parameters
    ----------
    value : number, mapping of threshold names to numbers, or None
        A mapping of one threshold shows its number; a band (``ratio_min``, ``ratio_max``)
        shows ``low to high``; other mappings list ``name value`` pairs.
    unit : str, optional
        The unit (:func:`ethicskit.registry.unit_of`); singular for exactly 1 (``1 person``).

    Returns
    -------
    str
        ``0.84 rate ratio``, ``12 people``, ``0.8 to 1.25 rate ratio``, or ``—`` for no value
        (never followed by a unit).
    """
    if isinstance(value, dict):
        items = [(k, v) for k, v in value.items() if not _is_missing(v)]
        if not items:
            return "—"
        if len(items) == 1:
            return fmt_value(items[0][1], unit)
        if len(items) == 2 and items[0][0].endswith("_min") and items[1][0].endswith("_max"):
            low, high = items[0][1], items[1][1]
            return f"{fmt_number(low)} to {fmt_number(high)}" + _unit_for(None, unit)
        return ", ".join(f"{k.replace('_', ' ')} {fmt_number(v)}" for k, v in items) \
            + _unit_for(None, unit)
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt_value(v, unit) for v in value) if value else "—"
    if _is_missing(value):
        return "—"
    text = fmt_number(value)
    if isinstance(value, (bool, np.bool_, str)):
        return text
    return text + _unit_for(value, unit)


def json_number(x: Any) -> Any:
    """A number as it is written to JSON.

    Parameters
    ----------
    x : number
        Floats are rounded to 12 significant digits (``0.9999999999999999`` -> ``1.0``); a
        negative zero becomes ``0.0``; NaN and infinity become None (JSON has neither).
        Integers and booleans are kept as they are (plain Python types).

    Returns
    -------
    int, float, bool or None
    """
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, Integral):
        return int(x)
    if x is None:
        return None
    value = float(x)
    if math.isnan(value) or math.isinf(value):
        return None
    value = float(f"{value:.{JSON_DIGITS}g}")
    return 0.0 if value == 0 else value
