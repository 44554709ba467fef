"""Masks show the kind of a value, never the value."""

import pytest

from ethicskit import masking


@pytest.mark.parametrize("value, kind, expected", [
    ("john.doe@example.com", "email", "j***@e***.com"),
    ("a@b.co.uk", "email", "a***@b***.uk"),
    ("+44 7700 900123", "phone", "+44 ******* 23"),
    ("(0151) 496-0000", "phone", "******* 00"),
    ("4111 1111 1111 1111", "card", "**** 11"),
    ("DE89 3704 0044 0532 0130 00", "iban", "DE** **** 00"),
    ("192.168.1.10", "ip", "192.***.***.***"),
    ("2001:db8::1", "ip", "2001:****"),
    ("123-45-6789", "ssn", "***-**-**89"),
    ("Anna Smith", None, "A***"),
    ("12 High Street", None, "1***"),
])
def test_mask(value, kind, expected):
    assert masking.mask(value, kind) == expected


@pytest.mark.parametrize("value", ["john.doe@example.com", "+44 7700 900123",
                                   "4111 1111 1111 1111", "123-45-6789", "Anna Smith"])
def test_mask_detects_kind_and_hides_value(value):
    masked = masking.mask(value)
    assert value not in masked
    # no run of more than two of the original's digits or letters survives in order
    core = "".join(ch for ch in value if ch.isalnum())
    assert core[2:] not in "".join(ch for ch in masked if ch.isalnum())


def test_mask_none_and_nan():
    assert masking.mask(None) is None
    assert masking.mask(float("nan")) is None


def test_mask_values_list():
    assert masking.mask_values(["a@b.co", "x@y.org"], "email") == ["a***@b***.co", "x***@y***.org"]


@pytest.mark.parametrize("key, expected", [
    ("C000123", "C000123"),
    ("10000001", "10000001"),          # a plain numeric key is not a phone number
    ("jane@example.com", "j***@e***.com"),
    ("+44 7700 900123", "+44 ******* 23"),
])
def test_safe_id(key, expected):
    assert masking.safe_id(key) == expected


@pytest.mark.parametrize("value", ["a@" + "a." * 5_000_000 + "!", "1-" * 5_000_000 + "x",
                                   "+1" + " " * 10_000_000])
def test_masking_huge_values_is_linear(value):
    assert masking.mask(value) == value[:1] + masking.STARS
    assert masking.safe_id(value) == value[:1] + masking.STARS
    assert len(masking.mask_values([value] * 3)) == 3


def test_huge_segment_value_in_a_campaign_finishes():
    from ethicskit.campaign import from_frame
    from ethicskit.privacy.exposure import scan_identifiers

    big = "ab@" * 3_400_000  # 10 MB
    frame = __import__("pandas").DataFrame({"customer_id": [str(i) for i in range(20)],
                                            "segment": [big] + ["x@y.com"] * 19})
    campaign = from_frame(frame)
    count, found = scan_identifiers(campaign)
    assert count == 1 and found[0].column == "segment" and found[0].share == 0.95
