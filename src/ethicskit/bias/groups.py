"""Groups of the bias checks: which attributes, how values become group labels, the decision.

Rules (docs/checks.md, bias):

* The protected attributes are the config's ``protected_attributes`` (a logical or a dataset
  name each), else those of ``gender, age_band, ethnicity, marital_status, has_children,
  disability`` present. An attribute the data lack is skipped with a note. Findings name an
  attribute as the config writes it.
* A group is one value of an attribute, as text: a missing value is the group ``(missing)``;
  whole numbers stored as floats are written without ``.0`` and booleans as ``true``/``false``,
  so that labels read as the dataset's own values.
* The decision is the config's ``decision`` column (default ``targeted``), coerced with the data
  contract's bool words; a null decision counts as *not selected* (the person was not put in
  the audience). A column that is not bool-like is an input error naming it. Aggregated data
  (a ``weight`` per row) may name ``selected_count`` instead: a row then stands for
  ``selected_count`` people with the decision and ``weight - selected_count`` without it
  (:func:`splits_decision`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ethicskit.encoding import factorize
from ethicskit.errors import InputError
from ethicskit.masking import safe_labels
from ethicskit.schema import FALSE_WORDS, TRUE_WORDS

MISSING = "(missing)"


@dataclass(frozen=True)
class Attribute:
    """A protected attribute: ``name`` as the config writes it, ``column`` in the frame."""

    name: str
    column: str


def attributes(campaign) -> tuple[list[Attribute], list[str]]:
    """The protected attributes present in the data, and a note for each one skipped."""
    config_names = campaign.config.protected_attributes
    if config_names is None:
        from ethicskit.config import DEFAULT_PROTECTED

        config_names = [a for a in DEFAULT_PROTECTED if a in campaign.df.columns]
    out: list[Attribute] = []
    notes: list[str] = []
    seen: set[str] = set()
    for name in config_names:
        column = campaign.resolve(name)
        if column is None:
            notes.append(f"The protected attribute {name!r} is not in the dataset; it was skipped.")
            continue
        if column in seen:
            continue
        seen.add(column)
        out.append(Attribute(str(name), column))
    return out, notes


def _row_labels(s: pd.Series) -> pd.Series:
    """Group label of every value of ``s`` (text; ``(missing)`` for null), value by value."""
    missing = s.isna().to_numpy()
    if pd.api.types.is_bool_dtype(s.dtype):
        text = s.map({True: "true", False: "false"}, na_action="ignore")
    elif pd.api.types.is_float_dtype(s.dtype):
        values = s.to_numpy(dtype="float64", na_value=np.nan)
        whole = np.isfinite(values) & (values == np.round(values))
        if whole[~missing].all():
            text = pd.Series(values, index=s.index).round().astype("Int64").astype("string")
        else:
            text = s.astype("string")
    elif pd.api.types.is_datetime64_any_dtype(s.dtype):
        text = s.dt.strftime("%Y-%m-%d").astype("string")
    else:
        text = s.astype("string")
    out = np.array(text.astype(object).to_numpy(), dtype=object, copy=True)
    out[missing] = MISSING
    return pd.Series(out, index=s.index, dtype=object)


def label_codes(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """``(codes, names)``: the distinct group labels of ``series`` in order of first appearance,
    and the index into them of every row's label (see :func:`labels`).

    Typed columns are labelled once per distinct value (``pd.factorize``) and the labels taken
    back to the rows by code; a column of mixed Python objects is labelled value by value.
    """
    s = series
    if s.dtype == object:
        codes, names = pd.factorize(_row_labels(s))
        return np.asarray(codes, dtype=np.int64), list(names)
    if isinstance(s.dtype, pd.CategoricalDtype):  # the codes are there: not hashed again
        codes, found = factorize(s)
        uniques = pd.Series(found, dtype=s.cat.categories.dtype)
    else:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        codes = np.asarray(codes, dtype=np.int64)
    names_u = _row_labels(pd.Series(uniques)).tolist()
    nulls = np.flatnonzero(codes < 0)
    if len(nulls):  # (missing) comes where its first row comes among the first appearances
        first = int(nulls[0])
        before = int(codes[:first].max()) + 1 if first else 0
        names_u.insert(before, MISSING)
        events = names_u
        index_of_code = np.r_[np.arange(before), np.arange(before + 1, len(names_u)), before]
    else:
        events = names_u
        index_of_code = np.arange(len(names_u))
    names = list(dict.fromkeys(events))
    position = {name: i for i, name in enumerate(names)}
    table = np.array([position[e] for e in events], dtype=np.int64)[index_of_code]
    if len(table) == 0:
        return np.zeros(len(codes), dtype=np.int64), names
    return table[codes], names  # code -1 takes the last entry: (missing)


def labels(series: pd.Series) -> pd.Series:
    """Group label of every row: the value as text, ``(missing)`` for null."""
    codes, names = label_codes(series)
    out = np.array(names + [None], dtype=object)[:-1][codes]
    return pd.Series(out, index=series.index, dtype=object)


def natural_codes(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """``(codes, categories)``: the group labels of ``series`` in natural order
    (:func:`sort_key`, ``(missing)`` last) and every row's index into them, as int32.

    The same as :func:`label_codes` renumbered into :func:`categories` order. A categorical
    column is labelled per category and its codes taken through one lookup table.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        cat = np.asarray(series.cat.codes)
        names_c = _row_labels(pd.Series(series.cat.categories)).tolist()
        seen = np.bincount(cat.astype(np.int64) + 1, minlength=len(names_c) + 1) > 0
        present = [name for name, here in zip(names_c, seen[1:]) if here]
        ordered = sorted(set(present) | ({MISSING} if seen[0] else set()), key=sort_key)
        position = {name: i for i, name in enumerate(ordered)}
        table = np.array([position.get(name, -1) for name in names_c]
                         + [position.get(MISSING, -1)], dtype=np.int32)  # last: code -1
        return table[cat], ordered
    label_of_row, names = label_codes(series)
    ordered = sorted(names, key=sort_key)
    position = {name: i for i, name in enumerate(ordered)}
    remap = np.array([position[name] for name in names] + [-1], dtype=np.int32)
    return remap[label_of_row], ordered


_LEADING = re.compile(r"^\s*(-?\d+(?:\.\d+)?)")


def codes_in(series: pd.Series, categories: list[str], *, attribute: str) -> np.ndarray:
    """:func:`natural_codes` of ``series`` (cells of a compressed campaign) into the campaign's
    ``categories`` (masked labels): the same rows give the same groups, in the same order, so
    any other groups are an error."""
    codes, names = natural_codes(series)
    if safe_labels(names) != categories:
        raise InputError(f"the engine's cells give attribute {attribute!r} other groups than "
                         f"the campaign's")
    return codes


def sort_key(label: str):
    """Natural order of group labels: numbers by value (``5-9`` before ``10-14``), then text;
    ``(missing)`` last."""
    if label == MISSING:
        return (2, 0.0, label)
    m = _LEADING.match(label)
    if m:
        return (0, float(m.group(1)), label)
    return (1, 0.0, label)


def categories(values: pd.Series) -> list[str]:
    """The distinct labels of ``values`` in natural order."""
    return sorted(pd.unique(values).tolist(), key=sort_key)


def match_label(value, known) -> str | None:
    """The label in ``known`` that a config value names (``True`` matches ``yes``/``true``...)."""
    known = list(known)
    if value is None:
        return MISSING if MISSING in known else None
    if isinstance(value, bool):
        words = TRUE_WORDS if value else FALSE_WORDS
        for label in known:
            if str(label).strip().lower() in words:
                return label
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text in known:
        return text
    lowered = {str(k).strip().lower(): k for k in known}
    return lowered.get(text.strip().lower())


def configured_reference(campaign, attribute: Attribute):
    """The config's ``reference_groups`` value for ``attribute`` (keys may be any of its names),
    or ``None`` when it names none."""
    for key, value in (campaign.config.reference_groups or {}).items():
        if key == attribute.name or campaign.resolve(str(key)) == attribute.column:
            return value
    return None


def as_bool(campaign, column: str) -> tuple[np.ndarray, int]:
    """``column`` as a bool array (null = False) and the number of nulls.

    A column that is not typed bool is parsed with the contract's words (``yes``/``no``,
    ``1``/``0``...); anything else raises :class:`~ethicskit.errors.DataError` naming it.
    """
    values, null = bool_and_nulls(campaign, column)
    return values, int(null.sum())


def bool_and_nulls(campaign, column: str) -> tuple[np.ndarray, np.ndarray]:
    """``column`` as a bool array (null = False) and the mask of its nulls (see
    :func:`as_bool`): with weights, the nulls are counted as the people of those rows."""
    from ethicskit.data import parse_bool

    s = campaign.df[column]
    if not pd.api.types.is_bool_dtype(s.dtype):
        s = parse_bool(s, column=campaign.display_name(column), path=campaign.source, csv=False)
    s = s.astype("boolean")
    return s.fillna(False).to_numpy(dtype=bool), s.isna().to_numpy(dtype=bool)


#: the column that holds, per aggregated row, how many of its ``weight`` people had the decision
SELECTED_COUNT = "selected_count"


def decision_column(campaign) -> str | None:
    """The frame column of the audited decision, or ``None`` when the data lack it."""
    column = campaign.decision
    return column if column is not None and column in campaign.df.columns else None


def splits_decision(campaign, column: str | None) -> bool:
    """The decision is a count per row (``decision: selected_count`` with a ``weight``): each
    row stands for ``selected_count`` people with the decision and ``weight - selected_count``
    without it, as if it were two rows."""
    return (column == SELECTED_COUNT and SELECTED_COUNT in campaign.df.columns
            and "weight" in campaign.df.columns)


def outcome_codes(campaign) -> np.ndarray | None:
    """``outcome`` as 1 (true), 0 (false), -1 (unknown); ``None`` without an outcome column."""
    if "outcome" not in campaign.df.columns:
        return None
    s = campaign.df["outcome"]
    if not pd.api.types.is_bool_dtype(s.dtype):
        from ethicskit.data import parse_bool

        s = parse_bool(s, column=campaign.display_name("outcome"), path=campaign.source,
                       csv=False)
    s = s.astype("boolean")
    out = np.where(s.fillna(False).to_numpy(dtype=bool), 1, 0).astype(np.int8)
    out[s.isna().to_numpy()] = -1
    return out
