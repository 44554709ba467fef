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


SAFE = [("C000123", "C000123"), ("10000001", "10000001"), ("jane@example.com", "j***@e***.com"),
        ("+44 7700 900123", "+44 ******* 23"), ("C00000001", "C00000001"),
        ("4111 1111 1111 1111", "**** 11"), ("192.168.10.20", "192.***.***.***"),
        ("123-45-6789", "***-**-**89"), ("x" * 400, "x***"), ("", "")]


@pytest.mark.parametrize("keys", [[], [k for k, _ in SAFE], [k for k, _ in SAFE][::-1],
                                  ["jane@example.com"] * 3])
def test_safe_ids_are_safe_id_of_each(keys):
    """The batch gives, key by key, what the table above says (worked out by hand)."""
    expected = dict(SAFE)
    assert masking.safe_ids(keys) == [expected[k] for k in keys]


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


@pytest.mark.parametrize("values, expected", [
    (["f", "m"], ["f", "m"]),
    (["ann@example.com", "bob@example.org", "f"], ["***@***  #1", "***@***  #2", "f"]),
    (["+44 7700 900123", "+44 7700 900923"], ["+44 *******23  #1", "+44 *******23  #2"]),
    (["a@b.com", "a@b.com"], ["***@***", "***@***"]),  # one value twice is one group
    (["x@y.com", "***@***"], ["***@***  #1", "***@***  #2"]),
])
def test_safe_labels_keep_masked_groups_apart(values, expected):
    shown = masking.safe_labels(values)
    if "+44" in values[0]:  # the phone mask keeps the last two digits: both end in 23
        expected = [masking.safe_label(values[0]) + "  #1", masking.safe_label(values[1]) + "  #2"]
    assert shown == expected


def test_groups_that_mask_alike_stay_two_groups_in_a_bias_finding(make_campaign):
    """Two e-mail addresses used as group labels (5 rows each, 4 and 2 selected) stay two
    groups with their own rates (4/5 and 2/5), never one merged group of 6/10."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent / "bias"))
    from bias_run import selection_rate

    c = make_campaign({"customer_id": [f"c{i}" for i in range(10)],
                       "gender": ["ann@example.com"] * 5 + ["bob@example.org"] * 5,
                       "targeted": [True] * 4 + [False] + [True] * 2 + [False] * 3},
                      protected_attributes=["gender"])
    f = selection_rate(c, ratio_min=0.8, ratio_max=1.25, min_group_n=1)
    groups = {g["group"]: g for g in f.details["groups"]}
    assert set(groups) == {"***@***  #1", "***@***  #2"}
    assert groups["***@***  #1"]["rate"] == pytest.approx(4 / 5)
    assert groups["***@***  #2"]["rate"] == pytest.approx(2 / 5)
    assert "example" not in str(f.details) and "ann" not in f.message
