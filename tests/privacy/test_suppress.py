"""The suppression list: one line per person and check, every id exactly as in the data
(identifier-shaped ids masked), with the row that finds the person."""

import csv
import datetime as dt
import io

from ethicskit import record
from ethicskit.privacy import checks, reduce, suppression_list

AS_OF = dt.date(2026, 11, 29)


def days_ago(n):
    return (AS_OF - dt.timedelta(days=n)).isoformat()


def campaign(make_campaign):
    return make_campaign({
        "customer_id": ["ok", "=HYPERLINK(1)", "+1", "-2", "@x", "both"],
        "targeted": [True, True, True, True, True, True],
        "channel": ["email", "email", "sms", "email", "email", "email"],
        "consent_email": [True, False, True, True, True, True],
        "consent_sms": [True, True, True, True, True, True],
        "contact_ts": [days_ago(1), days_ago(1), days_ago(1), days_ago(1), days_ago(1),
                       days_ago(1)],
        "optout_ts": [None, None, None, days_ago(5), None, days_ago(3)],
        "erasure_request_ts": [None, None, None, None, days_ago(31), days_ago(40)],
        "country": ["GB", "GB", "GB", "GB", "DE", "DE"],
        "age": [30, 30, 12, 30, 30, 30],
    })
    # "=HYPERLINK(1)": email without consent; "+1": 12 in GB (under 13) without parental
    # consent; "-2": contacted 4 days after opting out; "@x": erasure 31 days in DE (> 30);
    # "both": contacted after opting out AND erasure overdue -> two lines


def test_lines_per_check(make_campaign):
    table = suppression_list(campaign(make_campaign))
    lines = sorted(zip(table["customer_id"], table["check_id"]))
    assert lines == sorted([
        ("=HYPERLINK(1)", "privacy.consent_missing"),
        ("-2", "privacy.contact_after_optout"),
        ("both", "privacy.contact_after_optout"),
        ("@x", "privacy.erasure_overdue"),
        ("both", "privacy.erasure_overdue"),
        ("+1", "privacy.minors_profiled"),
    ])
    reasons = dict(zip(zip(table["customer_id"], table["check_id"]), table["reason"]))
    assert reasons[("+1", "privacy.minors_profiled")] == (
        "aged 12 in GB, under the digital consent age 13, without parental consent")
    assert reasons[("=HYPERLINK(1)", "privacy.consent_missing")] == (
        "targeted by email without consent in consent_email (opt-in needed in GB)")
    assert reasons[("@x", "privacy.erasure_overdue")] == (
        "erasure requested 31 days ago; deadline 30 days in DE")


def suppress_csv(c) -> bytes:
    """What ``ethicskit run`` writes as ``suppress.csv`` for ``c``."""
    return checks.files(reduce(c), {})["suppress.csv"]


def test_written_file_keeps_every_id_exact(make_campaign, tmp_path):
    folder = record.write(record.compute(campaign(make_campaign), areas=["privacy"]), tmp_path)
    path = folder / "suppress.csv"
    assert path.read_bytes() == suppress_csv(campaign(make_campaign))
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["customer_id", "check_id", "reason", "row"]
    ids = {r[0] for r in rows[1:]}
    assert {"=HYPERLINK(1)", "+1", "-2", "@x", "both"} == ids, "no prefix: the ids must match"
    for row in rows[1:]:  # ours are never formula-like
        assert not row[1].startswith(("=", "+", "-", "@")), row
        assert not row[2].startswith(("=", "+", "-", "@")), row


def test_file_bytes_quote_every_field_one_line_per_person_and_check(make_campaign):
    data = suppress_csv(campaign(make_campaign))
    assert data.startswith(b'"customer_id","check_id","reason","row"\n')
    assert b"\r" not in data and data.endswith(b"\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert len(rows) == 1 + 6
    assert data.count(b'"privacy.contact_after_optout"') == 2
    assert (b'"-2","privacy.contact_after_optout","contacted after opting out (4 whole days '
            b'later; grace 0 days in GB)","4"\n') in data
    assert b'"=HYPERLINK(1)","privacy.consent_missing",' in data


def test_summary_counts_lines_and_people_per_check(make_campaign):
    t = checks.tables(reduce(campaign(make_campaign)), {})
    by_check = t["suppression_summary"]
    assert by_check.to_dict("list") == {
        "check": ["privacy.consent_missing", "privacy.contact_after_optout",
                  "privacy.erasure_overdue", "privacy.minors_profiled"],
        "people": [1, 2, 2, 1], "lines": [1, 2, 2, 1]}
    # six lines, five people: "both" is on two checks
    assert t["suppression_total"].to_dict("list") == {"lines": [6], "people": [5]}


def test_empty_list_when_columns_absent(make_campaign, tmp_path):
    c = make_campaign({"customer_id": ["a"], "segment": ["s"]})
    assert len(suppression_list(c)) == 0
    assert suppress_csv(c) == b'"customer_id","check_id","reason","row"\n'
    folder = record.write(record.compute(c, areas=["privacy"]), tmp_path)
    path = folder / "suppress.csv"
    assert path.read_text(encoding="utf-8").strip() == '"customer_id","check_id","reason","row"'
    t = checks.tables(reduce(c), {})
    assert t["suppression_summary"].empty
    assert t["suppression_total"].to_dict("list") == {"lines": [0], "people": [0]}


def test_ids_that_look_like_numbers_or_formulas_are_written_exactly(make_campaign):
    """``-0042`` stays ``-0042`` (not ``'-0042``, not ``-42``); quotes inside are doubled."""
    ids = ["-0042", "0042", "+44 20", '=A1"x', "-1+1", "@home"]
    c = make_campaign({"customer_id": ids, "targeted": [True] * 6, "channel": ["email"] * 6,
                       "consent_email": [False] * 6})
    data = suppress_csv(c)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert [r[0] for r in rows[1:]] == ids
    assert b'"-0042","privacy.consent_missing"' in data
    assert b'"=A1""x","privacy.consent_missing"' in data
    assert [r[3] for r in rows[1:]] == ["1", "2", "3", "4", "5", "6"]


def test_identifier_shaped_ids_are_masked_and_found_by_row(make_campaign):
    """An id that is an e-mail address or a formatted phone number is personal data: it is
    masked like every identifier in an output, and ``row`` (1-based) finds the person."""
    ids = ["anna.berg@example.com", "+44 7700 900123", "10000001", "c-7"]
    c = make_campaign({"customer_id": ids, "targeted": [True] * 4, "channel": ["email"] * 4,
                       "consent_email": [False, False, False, True]})
    data = suppress_csv(c)
    assert b"anna.berg" not in data and b"7700 900" not in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert [(r[0] == ids[int(r[3]) - 1], r[3]) for r in rows[1:]] == [
        (False, "1"), (False, "2"), (True, "3")]  # a plain numeric key stays as it is
    assert rows[1][0].endswith("@example.com") or "***" in rows[1][0]
    assert rows[2][0].startswith("+44") and "*" in rows[2][0]


def test_rows_count_in_the_dataset_after_weight_0_rows_are_left_out(make_campaign):
    c = make_campaign({"customer_id": ["a", "b", "c"], "weight": [2, 0, 1],
                       "targeted": [True] * 3, "channel": ["email"] * 3,
                       "consent_email": [False] * 3})
    rows = list(csv.reader(io.StringIO(suppress_csv(c).decode("utf-8"))))
    assert [(r[0], r[3]) for r in rows[1:]] == [("a", "1"), ("c", "3")]


def test_the_list_follows_the_rules_of_each_jurisdiction(make_campaign):
    c = make_campaign({
        "customer_id": ["us_mail", "fr_mail", "gb_soft", "fr_dnc", "us_optout", "ca_optout",
                        "us_erasure", "gb_ext", "is_child", "none_child"],
        "targeted": [True] * 10,
        "country": ["US", "FR", "GB", "FR", "US", "CA", "US", "GB", "IS", None],
        "channel": ["email", "email", "email", "phone", "post", "post", "post", "post",
                    "post", "post"],
        "consent_email": [False, False, False, None, None, None, None, None, None, None],
        "consent_phone": [None, None, None, False, None, None, None, None, None, None],
        "existing_customer": [None, None, True, None, None, None, None, None, None, None],
        "soft_optin_offered": [None, None, True, None, None, None, None, None, None, None],
        "do_not_call": [None, None, None, True, None, None, None, None, None, None],
        # Friday 27 Nov 2026 -> 10 business days: Friday 11 Dec; the US contact on Monday
        # 14 Dec is late, the CA one on Friday 11 Dec is not
        "optout_ts": [None, None, None, None, "2026-11-27", "2026-11-27", None, None, None,
                      None],
        "contact_ts": [None, None, None, None, "2026-12-14", "2026-12-11", None, None, None,
                       None],
        "erasure_request_ts": [None] * 6 + [days_ago(46), days_ago(89), None, None],
        "erasure_extended": [None] * 7 + [True, None, None],
        "age": [30] * 8 + [12, 14],
    }, as_of="2026-12-20")
    table = suppression_list(c)
    lines = list(zip(table["customer_id"], table["check_id"], table["reason"]))
    as_of = dt.date(2026, 12, 20)
    erasure_age = (as_of - (AS_OF - dt.timedelta(days=46))).days
    assert lines == [
        # us_mail: US email is opt-out; gb_soft: soft opt-in -> not listed
        ("fr_mail", "privacy.consent_missing",
         "targeted by email without consent in consent_email (opt-in needed in FR)"),
        ("fr_dnc", "privacy.consent_missing",
         "called on a do-not-call number without consent in consent_phone (FR)"),
        ("us_optout", "privacy.contact_after_optout",
         "contacted after opting out (17 whole days later; grace 10 business days in US)"),
        ("us_erasure", "privacy.erasure_overdue",
         f"erasure requested {erasure_age} days ago; deadline 45 days in US"),
        # gb_ext: 89 + 21 = 110 days against 30 + 60 = 90 -> overdue
        ("gb_ext", "privacy.erasure_overdue",
         "erasure requested 110 days ago; deadline 90 days in GB"),
        ("is_child", "privacy.minors_profiled",
         "aged 12 in IS, under the digital consent age 13, without parental consent"),
        ("none_child", "privacy.minors_profiled",
         "aged 14 in EU (default_jurisdiction), under the digital consent age 16, "
         "without parental consent"),
    ]
