"""Masking of direct identifiers for evidence: enough to recognise the kind, never the value.

``j***@e***.com`` for an email, ``+44 ******* 23`` for a phone number, ``**** 34`` for a card,
``DE** **** 00`` for an IBAN, ``192.***.***.***`` for an IPv4 address, ``***-**-**89`` for a US
SSN, and the first character followed by ``***`` for anything else (a name, an address). The
number of stars is fixed so that a mask does not reveal the length of what it hides.

Detecting the kind of a value (:func:`mask` without ``kind``, :func:`safe_id`) skips values longer
than :data:`ethicskit.identifiers.MAX_VALUE_LENGTH` (320 characters): they are no
identifier, so the work per value is bounded whatever its size; each mask is one linear pass.
"""

from __future__ import annotations

import re
from typing import Iterable

from ethicskit.identifiers import MAX_VALUE_LENGTH, identify, kinds

STARS = "***"


def mask_email(value: str) -> str:
    """``john.doe@example.com`` -> ``j***@e***.com``."""
    local, _, domain = str(value).strip().rpartition("@")
    if not local:
        return mask_text(value)
    labels = domain.split(".")
    tld = labels[-1] if len(labels) > 1 else ""
    head = domain[:1] + STARS
    return f"{local[:1]}{STARS}@{head}" + (f".{tld}" if tld else "")


def mask_phone(value: str) -> str:
    """``+44 7700 900123`` -> ``+44 ******* 23``: the country code after ``+`` and the last
    two digits stay."""
    text = str(value).strip()
    digits = re.sub(r"\D", "", text)
    if len(digits) < 4:
        return STARS
    prefix = ""
    m = re.match(r"\+\s*(\d{1,3})[\s\-(]", text)
    if m:
        prefix = f"+{m.group(1)} "
    return f"{prefix}******* {digits[-2:]}"


def mask_digits(value: str) -> str:
    """A card or any other number: ``4111 1111 1111 1111`` -> ``**** 11``."""
    digits = re.sub(r"\D", "", str(value))
    return f"**** {digits[-2:]}" if len(digits) >= 4 else STARS


def mask_iban(value: str) -> str:
    """``DE89 3704 0044 0532 0130 00`` -> ``DE** **** 00``."""
    text = re.sub(r"\s", "", str(value)).upper()
    return f"{text[:2]}** **** {text[-2:]}" if len(text) >= 6 else STARS


def mask_ip(value: str) -> str:
    """``192.168.1.10`` -> ``192.***.***.***``; ``2001:db8::1`` -> ``2001:****``."""
    text = str(value).strip()
    if "." in text and ":" not in text:
        return text.split(".", 1)[0] + ".***.***.***"
    return text.split(":", 1)[0] + ":****"


def mask_ssn(value: str) -> str:
    """``123-45-6789`` -> ``***-**-**89``."""
    digits = re.sub(r"\D", "", str(value))
    return f"***-**-**{digits[-2:]}" if len(digits) >= 4 else STARS


def mask_text(value: str) -> str:
    """Anything else (a name, an address): the first character and ``***``."""
    text = str(value).strip()
    return f"{text[:1]}{STARS}" if text else STARS


_BY_TYPE = {"email": mask_email, "phone": mask_phone, "card": mask_digits, "iban": mask_iban,
            "ip": mask_ip, "ssn": mask_ssn}


def mask(value, kind: str | None = None) -> str | None:
    """Mask one value; ``kind`` is an identifier type of :mod:`ethicskit.identifiers`,
    detected from the value when not given. None stays None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if kind is None:
        kind = identify(str(value))
    return _BY_TYPE.get(kind or "", mask_text)(str(value))


def mask_values(values: Iterable, kind: str | None = None) -> list[str | None]:
    """Mask a handful of values (evidence); for whole columns mask only what is shown."""
    return [mask(v, kind) for v in values]


def safe_id(value) -> str:
    """A ``customer_id`` for evidence: as it is, unless it looks like an identifier (an email,
    or a formatted phone number, card, IBAN, SSN or IP address used as a key), then masked.
    Plain numbers stay: a numeric key such as ``10000001`` is not a phone number."""
    return safe_ids([value])[0]


def safe_ids(values: Iterable) -> list[str]:
    """:func:`safe_id` of each of ``values``, the identifier types of all the values that need
    them matched at once (:func:`ethicskit.identifiers.kinds`): a suppression list of a
    million lines is masked in one pass, not a million. A value longer than
    ``MAX_VALUE_LENGTH`` is never an identifier (shown shortened, not scanned); one of digits
    only, or without ``@`` and with fewer than 7 digits, is shown as it is."""
    text = [str(v) for v in values]
    asked = [i for i, t in enumerate(text) if len(t) <= MAX_VALUE_LENGTH and not (
        t.isdigit() or ("@" not in t and sum(ch.isdigit() for ch in t) < 7))]
    found = kinds([text[i] for i in asked])
    out = [mask_text(t) if len(t) > MAX_VALUE_LENGTH else t for t in text]
    for i, kind in zip(asked, found):
        if kind is not None:
            out[i] = mask(text[i], kind)
    return out


# ------------------------------------------------------------- one policy for shown data values
_EMBEDDED_EMAIL = re.compile(r"[^\s;:@]+@[^\s;:@]+\.[^\W\d_]{2,}")
_EMBEDDED_NUMBER = re.compile(r"\+?\d[\d\s\-().]{5,}\d")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]*)?")
_CUT = "…"
#: An e-mail address shown in an output, whole or inside a text (the form segment names had).
EMAIL_MASK = "***@***"


def _number(m: re.Match) -> str:
    found = m.group()
    if sum(ch.isdigit() for ch in found) < 7 or _ISO_DATE.fullmatch(found.strip()):
        return found  # a short number, a date
    return "***"


def safe_label(value) -> str:
    """Any value from the data shown in an output (a group label, a segment name, a targeting
    token, a channel, a column name), as text: masked when it looks like an identifier.

    An e-mail address, whole or inside a longer text, becomes ``***@***``. A value that as a
    whole is a phone number, payment card, IBAN, SSN or IP address (the patterns of
    :mod:`ethicskit.identifiers`) is masked by its kind (:func:`mask`, digits replaced:
    ``+44 ******* 23``, ``**** 11``). Inside a longer text a run of 7 or more digits (a phone,
    card or account number, an IP address; not a date) becomes ``***``. Anything else is
    returned unchanged. A value longer than
    :data:`~ethicskit.identifiers.MAX_VALUE_LENGTH` is cut to that length (and ``…``)
    before it is scanned, so the work per value is bounded."""
    if value is None:
        return "None"
    text = str(value)
    cut = len(text) > MAX_VALUE_LENGTH
    if cut:
        text = text[:MAX_VALUE_LENGTH]
    elif ("@" in text or sum(ch.isdigit() for ch in text) >= 7):
        kind = identify(text.strip())
        if kind == "email":
            return EMAIL_MASK
        if kind is not None:
            return mask(text, kind)
    if "@" in text:
        text = _EMBEDDED_EMAIL.sub(EMAIL_MASK, text)
    text = _EMBEDDED_NUMBER.sub(_number, text)
    return text + _CUT if cut else text


def safe_labels(values: Iterable) -> list[str]:
    """:func:`safe_label` of each of ``values`` (the distinct labels of one list: the groups of
    an attribute, the segments of a campaign), kept distinct: when masking makes two different
    values look the same (two e-mail addresses both become ``***@***``), each is numbered in
    the order it first appears (``***@***  #1``, ``***@***  #2``), so no two groups merge in a
    table or a finding's details. A value masking leaves unique is returned as
    :func:`safe_label` gives it."""
    values = list(values)
    shown = [safe_label(v) for v in values]
    owners: dict[str, list[str]] = {}
    for value, label in zip(values, shown):
        seen = owners.setdefault(label, [])
        if str(value) not in seen:
            seen.append(str(value))
    taken = set(shown)
    out = []
    for value, label in zip(values, shown):
        same = owners[label]
        if len(same) == 1:
            out.append(label)
            continue
        numbered = f"{label}  #{same.index(str(value)) + 1}"
        while numbered in taken and numbered not in out:  # never another group's own label
            numbered += "'"
        out.append(numbered)
    return out
