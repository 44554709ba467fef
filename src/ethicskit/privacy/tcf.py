"""IAB Europe Transparency and Consent Framework (TCF) v2 TC strings: a strict decoder of the
core segment and a small encoder (a leaf module).

Why our own code: the Python packages on PyPI (``iab-tcf`` 0.2.2, 2022, and its fork
``iab-tcf-bitarray`` 0.2.3, 2024) are not maintained for TCF v2.2, and they decode a truncated
or malformed string as a valid one: a bit read past the end of the data counts as 1, so the
two-character string ``CA`` decodes as consent to all 24 purposes. A consent audit must never
read a broken string as consent, so this module reads the core segment to the IAB Tech Lab
specification ("Consent string and vendor list formats v2", section "The Core String") and
refuses a string whose fields do not fit, as the IAB's reference decoders do (iabtcf-es,
iabtcf-java: a field cut short is a decoding error).

A TC string is segments joined by ``.``; only the core segment (the first) is read. It is
base64url without padding; its bits, big-endian, left to right, are:

======================  =====  =====================================================
Version                 6      2 for TCF v2 (1 is the retired v1 format: refused)
Created, LastUpdated    36 36  deciseconds since the epoch
CmpId, CmpVersion       12 12
ConsentScreen           6
ConsentLanguage         12     two letters, 6 bits each, A = 0
VendorListVersion       12
TcfPolicyVersion        6      4 since TCF v2.2 (a lower one is out of date)
IsServiceSpecific       1
UseNonStandardTexts     1
SpecialFeatureOptIns    12     bit i = special feature i
PurposesConsent         24     bit i = purpose i (1 = consent)
PurposesLITransparency  24
PurposeOneTreatment     1
PublisherCC             12     two letters
vendor consents         16 + 1 + ...  MaxVendorId, IsRangeEncoding, then a bit field of
                                      MaxVendorId bits, or NumEntries (12) ranges, each
                                      IsARange (1), StartOrOnlyVendorId (16), [EndVendorId
                                      (16)]
vendor legitimate int.  same layout
NumPubRestrictions      12     then per entry PurposeId (6), RestrictionType (2),
                               NumEntries (12) ranges as above
======================  =====  =====================================================

:func:`decode` returns a :class:`TCString`, or None when the text is not a TCF v2 core
segment: empty, not base64url, version other than 2, or too short for its own fields. It is
cached: a campaign repeats a few strings many times, and each distinct string is decoded once.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

#: The base64url alphabet (``-`` and ``_``); padding ``=`` is tolerated at the end.
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")
#: A core segment longer than this is refused unread (a full bit field for every vendor id
#: 1..65535 needs about 11,000 characters; this bounds the work per value).
MAX_CORE_LENGTH = 40_000
#: The TcfPolicyVersion of TCF v2.2: strings created after 30 September 2023 with a lower
#: one are invalid under the specification (they still decode).
POLICY_V2_2 = 4
#: Purposes whose consent personalised advertising needs under TCF v2.2: store and/or access
#: information on a device (1), create profiles for personalised advertising (3), use
#: profiles to select personalised advertising (4).
AD_PURPOSES = (1, 3, 4)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Restriction:
    """A publisher restriction: ``purpose`` restricted with ``type`` (0 not allowed, 1 require
    consent, 2 require legitimate interest) for ``vendors``."""

    purpose: int
    type: int
    vendors: frozenset


@dataclass(frozen=True)
class TCString:
    """The core segment of a TCF v2 TC string, decoded.

    Sets hold the ids whose bit is 1: ``purposes_consent`` (purposes 1-24 with consent),
    ``vendor_consents`` (vendor ids with consent), and so on. ``policy_version`` is the
    TcfPolicyVersion field (4 = TCF v2.2).
    """

    version: int
    created: dt.datetime
    last_updated: dt.datetime
    cmp_id: int
    cmp_version: int
    consent_screen: int
    consent_language: str
    vendor_list_version: int
    policy_version: int
    is_service_specific: bool
    use_non_standard_texts: bool
    special_feature_optins: frozenset
    purposes_consent: frozenset
    purposes_li_transparency: frozenset
    purpose_one_treatment: bool
    publisher_cc: str
    max_vendor_id: int
    vendor_consents: frozenset
    max_vendor_li_id: int
    vendor_legitimate_interests: frozenset
    publisher_restrictions: tuple[Restriction, ...] = ()

    def purpose(self, purpose_id: int) -> bool:
        """Consent to purpose ``purpose_id``."""
        return purpose_id in self.purposes_consent

    def vendor(self, vendor_id: int) -> bool:
        """Consent to vendor ``vendor_id``."""
        return vendor_id in self.vendor_consents

    def missing_purposes(self, purposes: Iterable[int] = AD_PURPOSES) -> tuple[int, ...]:
        """Those of ``purposes`` without consent, in order."""
        return tuple(p for p in purposes if p not in self.purposes_consent)


class _Short(Exception):
    """A field runs past the end of the data."""


class _Bits:
    """Sequential reads from a string of '0'/'1' characters."""

    def __init__(self, bits: str) -> None:
        self.bits = bits
        self.pos = 0

    def take(self, n: int) -> str:
        end = self.pos + n
        if end > len(self.bits):
            raise _Short(f"needs {end} bits, has {len(self.bits)}")
        out = self.bits[self.pos:end]
        self.pos = end
        return out

    def int(self, n: int) -> int:
        return int(self.take(n), 2)

    def bool(self) -> bool:
        return self.take(1) == "1"

    def letters(self, count: int = 2) -> str:
        return "".join(chr(ord("A") + self.int(6)) for _ in range(count))

    def time(self) -> dt.datetime:
        return _EPOCH + dt.timedelta(milliseconds=100 * self.int(36))

    def field(self, n: int) -> frozenset:
        """A bit field of ``n`` bits: the 1-based positions of its ones."""
        chunk = self.take(n)
        return frozenset(i + 1 for i, ch in enumerate(chunk) if ch == "1")

    def ranges(self, entries: int) -> frozenset:
        """``entries`` range entries (IsARange, StartOrOnlyVendorId, [EndVendorId]); a range
        whose end is below its start holds no id, as in the IAB's reference decoder."""
        ids: set[int] = set()
        for _ in range(entries):
            is_range = self.bool()
            start = self.int(16)
            end = self.int(16) if is_range else start
            ids.update(range(start, end + 1))
        return frozenset(ids)

    def vendors(self) -> tuple[int, frozenset]:
        """A vendor section: MaxVendorId, IsRangeEncoding, then the bit field or the ranges."""
        max_id = self.int(16)
        if self.bool():
            return max_id, self.ranges(self.int(12))
        return max_id, self.field(max_id)


def _bits_of(segment: str) -> str | None:
    if not segment or len(segment) > MAX_CORE_LENGTH or not _BASE64URL.match(segment):
        return None
    text = segment.rstrip("=")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return "".join(f"{b:08b}" for b in data)


@lru_cache(maxsize=1024)
def _decode(core: str) -> TCString | None:
    bits = _bits_of(core)
    if bits is None:
        return None
    r = _Bits(bits)
    try:
        version = r.int(6)
        if version != 2:
            return None
        created, last_updated = r.time(), r.time()
        cmp_id, cmp_version, screen = r.int(12), r.int(12), r.int(6)
        language, list_version, policy = r.letters(), r.int(12), r.int(6)
        service_specific, non_standard = r.bool(), r.bool()
        special, consent, li = r.field(12), r.field(24), r.field(24)
        one_treatment, publisher_cc = r.bool(), r.letters()
        max_vendor, vendors = r.vendors()
        max_li, vendors_li = r.vendors()
        restrictions = []
        for _ in range(r.int(12)):
            purpose, kind = r.int(6), r.int(2)
            restrictions.append(Restriction(purpose, kind, r.ranges(r.int(12))))
    except _Short:
        return None
    return TCString(version=version, created=created, last_updated=last_updated,
                    cmp_id=cmp_id, cmp_version=cmp_version, consent_screen=screen,
                    consent_language=language, vendor_list_version=list_version,
                    policy_version=policy, is_service_specific=service_specific,
                    use_non_standard_texts=non_standard, special_feature_optins=special,
                    purposes_consent=consent, purposes_li_transparency=li,
                    purpose_one_treatment=one_treatment, publisher_cc=publisher_cc,
                    max_vendor_id=max_vendor, vendor_consents=vendors,
                    max_vendor_li_id=max_li, vendor_legitimate_interests=vendors_li,
                    publisher_restrictions=tuple(restrictions))


def core_segment(tc: object) -> str | None:
    """The core segment of a TC string (the text before the first ``.``, trimmed), or None
    for anything but a non-empty string."""
    if not isinstance(tc, str):
        return None
    core = tc.strip().split(".", 1)[0]
    return core or None


def decode(tc: object) -> TCString | None:
    """The core segment of the TC string ``tc``, decoded; None when it cannot be decoded as a
    TCF v2 core segment (not a string, empty, not base64url, a version other than 2, such as
    a TCF v1 consent string, or fields cut short). The segments after the first ``.``
    (disclosed vendors, publisher TC) are not read. Each distinct core segment is decoded once
    (cached)."""
    core = core_segment(tc)
    return None if core is None else _decode(core)


# ------------------------------------------------------------------ encoding
def _int(value: int, n: int, name: str) -> str:
    value = int(value)
    if not 0 <= value < (1 << n):
        raise ValueError(f"{name} must be in [0, {(1 << n) - 1}], got {value}")
    return format(value, f"0{n}b")


def _letters(text: str, name: str) -> str:
    text = str(text).upper()
    if len(text) != 2 or not all("A" <= ch <= "Z" for ch in text):
        raise ValueError(f"{name} must be two letters, got {text!r}")
    return "".join(_int(ord(ch) - ord("A"), 6, name) for ch in text)


def _field(ids: frozenset, n: int, name: str) -> str:
    bad = [i for i in ids if not 1 <= i <= n]
    if bad:
        raise ValueError(f"{name}: ids must be in [1, {n}], got {sorted(bad)[:5]}")
    return "".join("1" if i in ids else "0" for i in range(1, n + 1))


def _runs(ids: frozenset) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i in sorted(ids):
        if out and i == out[-1][1] + 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def _range_bits(ids: frozenset, name: str) -> str:
    runs = _runs(ids)
    if len(runs) >= 1 << 12:
        raise ValueError(f"{name}: too many ranges ({len(runs)}) for range encoding")
    out = [_int(len(runs), 12, name)]
    for start, end in runs:
        out.append("1" + _int(start, 16, name) + _int(end, 16, name) if end > start
                   else "0" + _int(start, 16, name))
    return "".join(out)


def _vendor_bits(ids: Iterable[int], encoding: str, name: str) -> str:
    ids = frozenset(int(i) for i in ids)
    if any(not 1 <= i <= 65535 for i in ids):
        raise ValueError(f"{name}: vendor ids must be in [1, 65535]")
    max_id = max(ids, default=0)
    head = _int(max_id, 16, name)
    as_field = head + "0" + _field(ids, max_id, name)
    if encoding == "bitfield":
        return as_field
    as_range = head + "1" + _range_bits(ids, name)
    if encoding == "range":
        return as_range
    if encoding != "auto":
        raise ValueError(f"encoding is auto, bitfield or range, not {encoding!r}")
    return as_range if len(as_range) < len(as_field) else as_field


def _deciseconds(when: dt.date | dt.datetime) -> int:
    if isinstance(when, dt.datetime):
        moment = when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
    else:
        moment = dt.datetime(when.year, when.month, when.day, tzinfo=dt.timezone.utc)
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 10 + delta.microseconds // 100_000


def _base64url(bits: str) -> str:
    bits += "0" * (-len(bits) % 8)
    data = int(bits, 2).to_bytes(len(bits) // 8, "big") if bits else b""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


#: The default ``created`` of :func:`encode`: a fixed day, so that encoded strings (and the
#: sample campaign) are the same on every run.
DEFAULT_CREATED = dt.date(2026, 1, 1)


def encode(purposes_consent: Iterable[int], vendor_consents: Iterable[int], *,
           version: int = 2, policy_version: int = 4,
           created: dt.date | dt.datetime = DEFAULT_CREATED,
           last_updated: dt.date | dt.datetime | None = None,
           cmp_id: int = 0, cmp_version: int = 0, consent_screen: int = 0,
           consent_language: str = "EN", vendor_list_version: int = 0,
           is_service_specific: bool = True, use_non_standard_texts: bool = False,
           special_feature_optins: Iterable[int] = (),
           purposes_li_transparency: Iterable[int] = (),
           purpose_one_treatment: bool = False, publisher_cc: str = "AA",
           vendor_legitimate_interests: Iterable[int] = (),
           encoding: str = "auto") -> str:
    """A TC string with one core segment holding these fields (no publisher restrictions).

    ``purposes_consent`` are purpose ids 1-24 with consent, ``vendor_consents`` vendor ids
    1-65535 with consent. ``created`` is a date (midnight UTC, the day-level timestamp the
    TCF v2.2 specification asks for) or a datetime; ``last_updated`` defaults to it. Vendor
    sections use the shorter of a bit field and ranges (``encoding="auto"``), or the one
    named. ``version`` other than 2 writes that number in the Version field (to make a
    string :func:`decode` refuses). The defaults name no CMP (``cmp_id`` 0) and the
    publisher country ``AA`` (unknown)."""
    bits = "".join([
        _int(version, 6, "version"),
        _int(_deciseconds(created), 36, "created"),
        _int(_deciseconds(created if last_updated is None else last_updated), 36,
             "last_updated"),
        _int(cmp_id, 12, "cmp_id"), _int(cmp_version, 12, "cmp_version"),
        _int(consent_screen, 6, "consent_screen"),
        _letters(consent_language, "consent_language"),
        _int(vendor_list_version, 12, "vendor_list_version"),
        _int(policy_version, 6, "policy_version"),
        "1" if is_service_specific else "0", "1" if use_non_standard_texts else "0",
        _field(frozenset(int(i) for i in special_feature_optins), 12,
               "special_feature_optins"),
        _field(frozenset(int(i) for i in purposes_consent), 24, "purposes_consent"),
        _field(frozenset(int(i) for i in purposes_li_transparency), 24,
               "purposes_li_transparency"),
        "1" if purpose_one_treatment else "0",
        _letters(publisher_cc, "publisher_cc"),
        _vendor_bits(vendor_consents, encoding, "vendor_consents"),
        _vendor_bits(vendor_legitimate_interests, encoding, "vendor_legitimate_interests"),
        _int(0, 12, "num_pub_restrictions"),
    ])
    return _base64url(bits)
