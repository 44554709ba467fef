"""Direct-identifier patterns, in one place: email, phone, payment card, IBAN, IP address, US SSN.

Every function here works on a whole :class:`pandas.Series` of text at once (regular expressions
through ``Series.str``; the Luhn and mod-97 checksums over numpy digit arrays, looping over digit
positions, never over values). :func:`match_types` says, value by value, which types match;
:func:`classify` picks a column's type from a sample, by the rule of docs/checks.md
(``privacy.direct_identifiers``):

- a column is an identifier column when at least ``share`` (default 0.5) of its sampled non-null
  values match *one* type;
- a hash (hex of 32 characters or more) never matches any type;
- phone: 7-15 digits with an optional leading ``+``, spaces, dashes, dots and brackets; a value
  that parses as a date in ISO (``2026-11-29``, with or without a time), ``DD-MM-YYYY``,
  ``MM-DD-YYYY``, ``DD.MM.YYYY`` or ``YYYY/MM/DD`` form is never a phone number, although its
  digits fit;
- payment card: 13-19 digits (spaces or dashes between groups allowed) passing the Luhn check;
- IBAN: two letters, two check digits and 11-30 letters or digits (spaces allowed) passing the
  ISO 13616 mod-97 check;
- IPv4 (four octets 0-255) or IPv6 (full, compressed or IPv4-mapped forms);
- US SSN: ``###-##-####``.

- any value longer than :data:`MAX_VALUE_LENGTH` (320 characters, the longest possible email
  address) is no identifier of any type and is not matched at all: the patterns then take time
  linear in the size of a column's values, whatever a value holds (a 10 MB text is skipped).

The sample of a column is the values of the (up to) 1,000 rows holding one with the smallest
``md5('<seed>:<customer_id>')`` (:func:`hash_order`, :func:`hash_sample`): every engine draws the
same rows (:func:`ethicskit.engine.sample.smallest`).

A value matching several types (an SSN also fits the phone pattern) counts for each; the column's
type is the one with the largest share, ties going to the more specific type, in the order of
:data:`TYPES`.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

#: Identifier types, most specific first (ties in share go to the first).
TYPES = ("email", "card", "iban", "ssn", "ip", "phone")

#: Values longer than this (characters) are never an identifier (an email address has at most
#: 320: 64 before the ``@`` and 255 after); they are skipped before any pattern is tried.
MAX_VALUE_LENGTH = 320

SAMPLE_SIZE = 1000
SAMPLE_SEED = 0

HASH = r"[0-9A-Fa-f]{32,}"
EMAIL = (r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
         r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
PHONE = r"\+?[0-9 ()\-.]+"
PHONE_DIGITS = (7, 15)
ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[T ].*)?"
#: The date forms that are never a phone number: (pattern with groups, order of the groups as
#: (year, month, day) positions; several orders when the form is ambiguous).
DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?"), ((0, 1, 2),)),  # ISO
    (re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})"), ((2, 1, 0), (2, 0, 1))),  # DD-MM, MM-DD
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), ((2, 1, 0),)),  # DD.MM.YYYY
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), ((0, 1, 2),)),  # YYYY/MM/DD
)
CARD = r"[0-9]+(?:[ \-][0-9]+)*"
CARD_DIGITS = (13, 19)
IBAN = r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}"
SSN = r"\d{3}-\d{2}-\d{4}"
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4 = rf"(?:{_OCTET}\.){{3}}{_OCTET}"
_H = r"[0-9A-Fa-f]{1,4}"
IPV6 = ("(?:"
        rf"(?:{_H}:){{7}}{_H}"
        rf"|(?:{_H}:){{1,7}}:"
        rf"|(?:{_H}:){{1,6}}:{_H}"
        rf"|(?:{_H}:){{1,5}}(?::{_H}){{1,2}}"
        rf"|(?:{_H}:){{1,4}}(?::{_H}){{1,3}}"
        rf"|(?:{_H}:){{1,3}}(?::{_H}){{1,4}}"
        rf"|(?:{_H}:){{1,2}}(?::{_H}){{1,5}}"
        rf"|{_H}:(?::{_H}){{1,6}}"
        rf"|:(?:(?::{_H}){{1,7}}|:)"
        rf"|[Ff][Ee]80:(?::[0-9A-Fa-f]{{0,4}}){{0,4}}%[0-9A-Za-z]+"
        rf"|::(?:[Ff]{{4}}(?::0{{1,4}})?:)?{IPV4}"
        rf"|(?:{_H}:){{1,4}}:{IPV4}"
        ")")


def is_date(value: str) -> bool:
    """``value`` parses as a calendar date in one of :data:`DATE_FORMS` (``31-12-2026``,
    ``12-31-2026``, ``31.12.2026``, ``2026/12/31``, ISO with or without a time)."""
    for pattern, orders in DATE_FORMS:
        m = pattern.fullmatch(value)
        if m is None:
            continue
        parts = [int(g) for g in m.groups()]
        for y, mo, d in orders:
            try:
                dt.date(parts[y], parts[mo], parts[d])
                return True
            except ValueError:
                continue
    return False


def _text(values: pd.Series) -> pd.Series:
    """Non-null values as stripped Python strings (integral floats without ``.0``)."""
    s = values.dropna()
    if pd.api.types.is_float_dtype(s.dtype):
        s = s[np.isfinite(s) & (s == np.floor(s))].astype("int64")
    return s.astype(str).str.strip().astype(object)


def _digits(text: pd.Series) -> pd.Series:
    return text.str.replace(r"\D", "", regex=True)


def luhn_valid(digits: pd.Series) -> pd.Series:
    """Luhn checksum of strings of digits: double every second digit from the right, subtract
    9 from results above 9, and the sum is a multiple of 10. Non-digit or empty strings fail."""
    digits = digits.astype(str)
    out = pd.Series(False, index=digits.index)
    ok = digits.str.fullmatch(r"[0-9]+")
    lengths = digits.str.len()
    for length in sorted(lengths[ok].unique()):
        which = ok & (lengths == length)
        raw = "".join(digits[which]).encode("ascii")
        arr = np.frombuffer(raw, dtype=np.uint8).reshape(-1, int(length)) - ord("0")
        arr = arr[:, ::-1].astype(np.int64)  # rightmost digit first
        doubled = arr[:, 1::2] * 2
        doubled = np.where(doubled > 9, doubled - 9, doubled)
        total = arr[:, 0::2].sum(axis=1) + doubled.sum(axis=1)
        out[which] = total % 10 == 0
    return out


def iban_valid(text: pd.Series) -> pd.Series:
    """ISO 13616 check: move the first four characters to the end, letters to 10..35, and the
    number mod 97 equals 1. Computed digit by digit over a padded character array."""
    s = text.astype(str).str.replace(" ", "", regex=False).str.upper()
    out = pd.Series(False, index=s.index)
    shape = s.str.fullmatch(IBAN)
    if not shape.any():
        return out
    moved = (s[shape].str[4:] + s[shape].str[:4]).tolist()
    width = max(len(v) for v in moved)
    raw = "".join(v.rjust(width, "\0") for v in moved).encode("ascii")
    chars = np.frombuffer(raw, dtype=np.uint8).reshape(-1, width)
    remainder = np.zeros(len(moved), dtype=np.int64)
    for j in range(width):
        c = chars[:, j].astype(np.int64)
        is_digit = (c >= 48) & (c <= 57)
        is_letter = (c >= 65) & (c <= 90)
        remainder = np.where(is_digit, (remainder * 10 + (c - 48)) % 97, remainder)
        remainder = np.where(is_letter, (remainder * 100 + (c - 55)) % 97, remainder)
    out[shape] = remainder == 1
    return out


def match_types(values: pd.Series) -> pd.DataFrame:
    """For each non-null value, which identifier types it matches (one bool column per type).

    Hashes (hex of 32+ characters) match nothing. The index is that of the non-null values.
    Each distinct value is matched once (:func:`_match_values`) and the answer repeated for its
    copies.
    """
    text = _text(values)
    codes, distinct = pd.factorize(text)
    once = _match_values([str(v) for v in distinct])
    return pd.DataFrame(once[codes], index=text.index, columns=list(TYPES))


_RE = {name: re.compile(pattern) for name, pattern in (
    ("hash", HASH), ("email", EMAIL), ("card", CARD), ("ssn", SSN), ("ipv4", IPV4),
    ("ipv6", IPV6), ("phone", PHONE), ("iso_date", ISO_DATE))}
_NON_DIGIT = re.compile(r"\D")
_ASCII_DIGITS = re.compile(r"[0-9]+")
_COLUMN = {name: i for i, name in enumerate(TYPES)}


def _luhn(digits: str) -> bool:
    """:func:`luhn_valid` of one string of digits."""
    if not _ASCII_DIGITS.fullmatch(digits):
        return False
    rightmost_first = [ord(ch) - 48 for ch in reversed(digits)]
    doubled = [2 * d - 9 if 2 * d > 9 else 2 * d for d in rightmost_first[1::2]]
    return (sum(rightmost_first[0::2]) + sum(doubled)) % 10 == 0


def _match_values(values: list[str]) -> np.ndarray:
    """The rules of :func:`match_types` for a list of texts, one value at a time with the same
    regular expressions (``re``, as pandas applies them to Python strings); IBANs through
    :func:`iban_valid`, for the values long enough and holding digits. Returns a bool array of
    shape ``(len(values), len(TYPES))``."""
    out = np.zeros((len(values), len(TYPES)), dtype=bool)
    maybe_iban = []
    for i, v in enumerate(values):
        if len(v) > MAX_VALUE_LENGTH or _RE["hash"].fullmatch(v):
            continue  # too long to be an identifier, or a hash: matches nothing
        digits = _NON_DIGIT.sub("", v)
        n = len(digits)
        row = out[i]
        row[_COLUMN["email"]] = _RE["email"].fullmatch(v) is not None
        row[_COLUMN["card"]] = (_RE["card"].fullmatch(v) is not None
                                and CARD_DIGITS[0] <= n <= CARD_DIGITS[1] and _luhn(digits))
        row[_COLUMN["ssn"]] = _RE["ssn"].fullmatch(v) is not None
        row[_COLUMN["ip"]] = (_RE["ipv4"].fullmatch(v) is not None
                              or _RE["ipv6"].fullmatch(v) is not None)
        row[_COLUMN["phone"]] = (_RE["phone"].fullmatch(v) is not None
                                 and PHONE_DIGITS[0] <= n <= PHONE_DIGITS[1]
                                 and not is_date(v))
        if n >= 2 and len(v) - v.count(" ") >= 15:  # an IBAN has 15+ characters, 2+ digits
            maybe_iban.append(i)
    if maybe_iban:
        valid = iban_valid(pd.Series([values[i] for i in maybe_iban], dtype=object))
        out[maybe_iban, _COLUMN["iban"]] = valid.to_numpy(dtype=bool)
    return out


def sample_values(values: pd.Series, *, size: int = SAMPLE_SIZE,
                  seed: int = SAMPLE_SEED) -> pd.Series:
    """Up to ``size`` non-null values, drawn at random without replacement (numpy generator,
    fixed seed) when there are more, in their original order."""
    categorical = isinstance(values.dtype, pd.CategoricalDtype)
    codes = np.asarray(values.cat.codes) if categorical else None
    positions = np.flatnonzero(codes >= 0 if categorical else values.notna().to_numpy())
    if len(positions) > size:
        positions = np.sort(np.random.default_rng(seed).choice(positions, size, replace=False))
    if categorical:  # the drawn rows' values, looked up in the categories
        picked = np.asarray(values.cat.categories, dtype=object)[codes[positions]]
        return pd.Series(picked, index=values.index[positions], name=values.name, dtype=object)
    return values.iloc[positions]


def hash_digests(keys, *, seed: int = SAMPLE_SEED) -> np.ndarray:
    """The MD5 digest of ``"<seed>:<key>"`` (UTF-8) of each key, as an ``(n, 2)`` array of
    big-endian unsigned 64-bit halves: ordering rows by ``(high, low)`` is ordering them by the
    digest's lowercase hex text, as ``md5(...)`` orders them in DuckDB and Spark. Hashed in
    chunks, so that no list of ten million digests is held at once."""
    import hashlib

    prefix = f"{int(seed)}:"
    keys = list(keys) if not isinstance(keys, (list, np.ndarray, pd.Series)) else keys
    n = len(keys)
    out = np.empty((n, 2), dtype=np.uint64)
    step = 1 << 18
    md5 = hashlib.md5
    for start in range(0, n, step):
        part = keys[start:start + step]
        if isinstance(part, pd.Series):
            part = part.tolist()
        raw = b"".join([md5((prefix + str(k)).encode("utf-8")).digest() for k in part])
        out[start:start + len(part)] = np.frombuffer(raw, dtype=">u8").reshape(-1, 2)
    return out


def hash_order(keys, *, seed: int = SAMPLE_SEED) -> np.ndarray:
    """The positions of ``keys`` in the order of the sample: by ``md5("<seed>:<key>")`` (its
    hex text) ascending, ties (the same key twice) by position."""
    digests = hash_digests(keys, seed=seed)
    high = digests[:, 0].astype(np.uint64)
    order = np.argsort(high, kind="stable")
    if len(order) > 1 and (high[order][1:] == high[order][:-1]).any():  # 64 bits alike
        order = np.lexsort((np.arange(len(digests)), digests[:, 1].astype(np.uint64), high))
    return order


def hash_sample(values: pd.Series, order: np.ndarray, *, size: int = SAMPLE_SIZE
                ) -> pd.Series:
    """The sample of identifier detection: the values of the (up to) ``size`` rows of
    ``values`` that hold a value and come first in ``order`` (:func:`hash_order` of the rows'
    ``customer_id``, or of their row numbers when the dataset has none), in their original
    order. Every engine draws the same rows (:mod:`ethicskit.engine.sample`,
    :func:`ethicskit.engine.sample.smallest`): the ``size`` smallest hashes among the rows with
    a value, whatever the order or partitioning of the rows."""
    categorical = isinstance(values.dtype, pd.CategoricalDtype)
    codes = np.asarray(values.cat.codes) if categorical else None
    present = codes >= 0 if categorical else values.notna().to_numpy()
    picked = np.asarray(order, dtype=np.int64)
    picked = np.sort(picked[present[picked]][:size])
    if categorical:
        chosen = np.asarray(values.cat.categories, dtype=object)[codes[picked]]
        return pd.Series(chosen, index=values.index[picked], name=values.name, dtype=object)
    return values.iloc[picked]


def type_shares(sample: pd.Series) -> pd.Series:
    """The share of ``sample``'s values that match each identifier type (index: :data:`TYPES`);
    0.0 for every type of an empty sample."""
    if sample.empty:
        return pd.Series(0.0, index=list(TYPES))
    # match_types(sample).mean(), worked out on the distinct values weighted by their copies
    codes, distinct = pd.factorize(sample.dropna())
    copies = np.bincount(codes, minlength=len(distinct))
    text = _text(pd.Series(distinct))
    if text.empty:  # no value that is matched (floats with fractions): like an empty mean
        return pd.Series(np.nan, index=list(TYPES))
    weight = copies[text.index.to_numpy()]
    matched = match_types(text)
    shares = (matched.to_numpy(dtype=float) * weight[:, None]).sum(axis=0) / weight.sum()
    return pd.Series(shares, index=list(TYPES))


def best_type(shares: pd.Series) -> str:
    """The type with the largest share (ties: the more specific, earlier in :data:`TYPES`)."""
    return max(TYPES, key=lambda t: (shares[t], -TYPES.index(t)))


def classify(values: pd.Series, *, share: float = 0.5,
             size: int = SAMPLE_SIZE) -> tuple[str | None, float]:
    """The identifier type of a column and the share of its sample that matches it.

    Returns ``(type, share)`` with ``type`` None when no type reaches ``share``; ``share`` is
    then the largest share of any type (0.0 for a column without values).
    """
    sample = sample_values(values, size=size)
    if sample.empty:
        return None, 0.0
    shares = type_shares(sample)
    best = best_type(shares)
    top = float(shares[best])
    return (best if top >= share else None), top


def identify(value: str) -> str | None:
    """The type one value matches (most specific first), else None. For masking single values."""
    return kinds([value])[0]


def kinds(values: list[str]) -> list[str | None]:
    """:func:`identify` of each of ``values``, matched together (:func:`match_types`)."""
    hits = match_types(pd.Series(list(values), dtype=object))
    out: list[str | None] = [None] * len(values)
    matched = hits.to_numpy(dtype=bool)
    for row, position in enumerate(hits.index):
        first = np.flatnonzero(matched[row])
        if first.size:
            out[int(position)] = TYPES[int(first[0])]
    return out
