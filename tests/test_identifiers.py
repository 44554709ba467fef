"""Identifier patterns: each type against literal values, checksums against a second method."""

import hashlib
import ipaddress

import pandas as pd
import pytest

from ethicskit import identifiers as ids


def types_of(value):
    row = ids.match_types(pd.Series([value], dtype=object)).iloc[0]
    return {t for t in ids.TYPES if row[t]}


@pytest.mark.parametrize("value, expected", [
    ("john.doe@example.com", {"email"}),
    ("a@b.co", {"email"}),
    ("not an email@", set()),
    ("+44 7700 900123", {"phone"}),
    ("(0151) 496-0000", {"phone"}),
    ("123456", set()),                    # 6 digits: too short for a phone
    ("1234567", {"phone"}),               # 7 digits
    ("+1234567890123456", set()),         # 16 digits: too long for a phone, fails Luhn
    ("2026-11-29", set()),                # an ISO date is not a phone number
    ("4111 1111 1111 1111", {"card"}),    # Visa test number, passes Luhn
    ("4111111111111112", set()),          # 16 digits failing Luhn: not a card
    ("DE89 3704 0044 0532 0130 00", {"iban"}),  # the ISO 13616 example
    ("GB82WEST12345698765432", {"iban"}),
    ("GB83WEST12345698765432", set()),    # wrong check digits
    ("192.168.1.10", {"ip", "phone"}),  # dots are allowed in a phone; a tie goes to ip
    ("256.1.1.1", set()),
    ("2001:db8::1", {"ip"}),
    ("::ffff:192.0.2.1", {"ip"}),
    ("123-45-6789", {"ssn", "phone"}),    # an SSN also fits the phone pattern (9 digits)
    ("Anna Smith", set()),
    ("12 High Street", set()),
])
def test_types_of_single_values(value, expected):
    assert types_of(value) == expected


def test_hashes_never_match():
    digest = hashlib.sha256(b"john.doe@example.com").hexdigest()
    md5 = hashlib.md5(b"+44 7700 900123").hexdigest()  # 32 hex characters
    numeric_hash = "1" * 40  # hex of 40 characters, digits only
    assert types_of(digest) == set()
    assert types_of(md5) == set()
    assert types_of(numeric_hash) == set()


def _luhn_reference(number: str) -> bool:
    """Textbook Luhn, one digit at a time, to compare with the vectorised version."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def test_luhn_agrees_with_textbook_version():
    numbers = [str(n) for n in range(4000000000000000, 4000000000000000 + 300)]
    numbers += ["79927398713", "79927398710", "5555555555554444", "378282246310005", "0"]
    got = ids.luhn_valid(pd.Series(numbers))
    assert got.tolist() == [_luhn_reference(n) for n in numbers]


def test_iban_mod97_agrees_with_python_int():
    ibans = ["DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606",
             "NL91ABNA0417164300", "NL92ABNA0417164300", "BE68539007547034", "XX00ABCDEFGHIJKLMNO"]

    def reference(iban):  # the same rule with Python's big integers
        moved = iban[4:] + iban[:4]
        return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1

    assert ids.iban_valid(pd.Series(ibans)).tolist() == [reference(i) for i in ibans]


@pytest.mark.parametrize("value", ["10.0.0.1", "255.255.255.255", "0.0.0.0", "fe80::1",
                                   "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "::1", "::",
                                   "1::", "1:2:3:4:5:6:7::", "12:30", "1.2.3", "1:2:3:4:5:6:7:8:9",
                                   "300.1.1.1", "abcd::12345", "gggg::1"])
def test_ip_pattern_agrees_with_ipaddress_module(value):
    try:
        ipaddress.ip_address(value)
        valid = True
    except ValueError:
        valid = False
    assert ("ip" in types_of(value)) == valid


@pytest.mark.parametrize("emails, others, share, expected", [
    (5, 5, 0.5, "email"),      # 5 of 10 = 0.5: at the share counts
    (4, 6, 0.5, None),         # 40% emails: below the share
    (4, 6, 0.4, "email"),      # a lower share from the config
    (0, 10, 0.5, None),
])
def test_classify_by_share(emails, others, share, expected):
    values = pd.Series([f"p{i}@example.com" for i in range(emails)]
                       + [f"word{i}" for i in range(others)])
    kind, got = ids.classify(values, share=share)
    assert kind == expected
    assert got == pytest.approx(emails / (emails + others))


def test_classify_ignores_nulls_and_prefers_specific_type():
    # six SSNs (each also a phone) and four nulls: share 6/6 for both; ssn is more specific
    values = pd.Series(["123-45-6789"] * 6 + [None] * 4, dtype=object)
    assert ids.classify(values) == ("ssn", 1.0)


def test_sample_is_capped_and_deterministic():
    values = pd.Series(range(5000))
    first, second = ids.sample_values(values), ids.sample_values(values)
    assert len(first) == 1000
    assert first.index.tolist() == second.index.tolist()


def test_numeric_phone_column_is_read_as_text():
    # digits-only phone numbers read from a CSV as floats (a null made them float)
    values = pd.Series([447700900123.0, 447700900124.0, None])
    assert ids.classify(values) == ("phone", 1.0)


def test_identify_single_values():
    assert ids.identify("a@b.co") == "email"
    assert ids.identify("123-45-6789") == "ssn"
    assert ids.identify("hello") is None


@pytest.mark.parametrize("values", [
    ["a@example.com", "a@example.com", "x", None, "+44 20 7946 0958", " a@example.com "],
    [4111111111111111, 4111111111111111, 12, 12, 12],
    [1.5, 2.0, 2.0, 4111111111111111.0],   # fractions are not matched at all
    [1.5, 2.5],
    pd.Categorical(["x@y.org", "x@y.org", "no", None]),
])
def test_type_shares_equal_the_mean_of_the_matches(values):
    sample = pd.Series(values)
    expected = ids.match_types(sample).mean()
    got = ids.type_shares(sample)
    pd.testing.assert_series_equal(got, expected.reindex(got.index), check_names=False,
                                   rtol=1e-12)


# A 10 MB value: the old patterns took seconds on each of these (backtracking over every
# position, and the IBAN check looping over every character); past MAX_VALUE_LENGTH no pattern
# is tried, so each call returns at once. Counted, not timed.
BIG = 10_000_000


@pytest.mark.parametrize("value", [
    "a@" + "a." * (BIG // 2) + "!", "a@a" + "-" * BIG + "!", "1-" * (BIG // 2) + "x",
    "2026-11-29T" + "x" * BIG, "1" * BIG + "x", "ab@" * (BIG // 3),
])
def test_huge_values_match_nothing_in_linear_time(value):
    assert len(value) > ids.MAX_VALUE_LENGTH
    assert types_of(value) == set()
    assert ids.identify(value) is None
    column = pd.Series([value] + ["x@y.com"] * 9, dtype=object)
    assert ids.classify(column) == ("email", 0.9)


def test_values_up_to_the_cap_are_still_matched():
    email = "a" * 64 + "@" + "b" * 250 + ".com"
    assert len(email) <= ids.MAX_VALUE_LENGTH and types_of(email) == {"email"}


@pytest.mark.parametrize("value, expected", [
    ("2026-11-29", set()),              # ISO
    ("2026-11-29T10:00:00", set()),
    ("29-11-2026", set()),              # DD-MM-YYYY
    ("11-29-2026", set()),              # MM-DD-YYYY
    ("29.11.2026", set()),              # DD.MM.YYYY
    ("2026/11/29", set()),              # YYYY/MM/DD
    ("31-12-1999", set()),
    ("12-34-5678", {"phone"}),          # no month 34 or 12/34: not a date, 10 digits
    ("2026-13-45", {"phone"}),          # not a calendar date
    ("030.1234.5678", {"phone"}),       # dots are allowed in a phone number
    ("+49 (30) 1234-5678", {"phone"}),
])
def test_a_date_is_never_a_phone(value, expected):
    assert types_of(value) == expected
    assert ids.is_date(value) == (not expected)


# Phone numbers as people write them in ten countries (national formats of each numbering plan,
# fictional numbers): each is a phone, none a date
@pytest.mark.parametrize("value", [
    "+44 20 7946 0958", "020 7946 0958",        # United Kingdom
    "(212) 555-0123", "+1 212-555-0123",        # United States
    "+49 30 12345678", "030 12345678",          # Germany
    "+33 1 42 68 53 00", "01 42 68 53 00",      # France
    "+34 912 345 678",                          # Spain
    "+39 06 1234 5678",                         # Italy
    "+31 20 123 4567",                          # Netherlands
    "+91 98765 43210",                          # India
    "+81 3-1234-5678",                          # Japan
    "+55 11 91234-5678",                        # Brazil
])
def test_real_phone_formats_of_ten_countries_are_phones(value):
    assert types_of(value) == {"phone"}
    assert not ids.is_date(value)


# ------------------------------------------------------------------ the hash sample
# md5("0:<key>") worked out with hashlib, by hand, for the keys below:
#   a 02766c67...  f 564829cf...  e 5d4fde48...  b 7e616855...  c 8aa575a7...  d a93e33a8...
#   6 466f8862...  1 81c99680...  5 9a1182b1...  3 ac282a7b...  2 d04d9344...  4 e557c653...
@pytest.mark.parametrize("keys, expected", [
    (list("abcdef"), [0, 5, 4, 1, 2, 3]),              # a f e b c d
    (["1", "2", "3", "4", "5", "6"], [5, 0, 4, 2, 1, 3]),  # 6 1 5 3 2 4 (row numbers)
    (["b", "a", "b"], [1, 0, 2]),                      # the same key twice: by position
    ([1, 2, 3], [0, 2, 1]),                            # numbers hash as their text: 1 3 2
])
def test_hash_order_sorts_by_the_md5_of_seed_and_key(keys, expected):
    assert ids.hash_order(keys).tolist() == expected


def test_hash_order_agrees_with_hex_digests_sorted():
    keys = [f"id{i}" for i in range(500)]
    by_hex = sorted(range(500), key=lambda i: hashlib.md5(f"0:{keys[i]}".encode()).hexdigest())
    assert ids.hash_order(keys).tolist() == by_hex


@pytest.mark.parametrize("values, size, expected", [
    # a is null: the first two holding a value in the order a f e b c d are f and e
    ([None, "vb", "vc", "vd", "ve", "vf"], 2, ["ve", "vf"]),
    (["va", "vb", "vc", "vd", "ve", "vf"], 2, ["va", "vf"]),
    (["va", None, None, None, None, None], 3, ["va"]),      # fewer values than the size
    ([None] * 6, 2, []),
])
def test_hash_sample_takes_the_smallest_hashes_holding_a_value(values, size, expected):
    s = pd.Series(values, dtype=object)
    got = ids.hash_sample(s, ids.hash_order(list("abcdef")), size=size)
    assert got.tolist() == expected  # in the rows' own order


def test_hash_sample_of_categories_gives_their_values():
    s = pd.Series(["x", None, "y", "x", "z", "y"], dtype="category")
    got = ids.hash_sample(s, ids.hash_order(list("abcdef")), size=3)
    # order a f e b c d, b null: a (x), f (y), e (z) -> in row order x z y
    assert got.tolist() == ["x", "z", "y"]
