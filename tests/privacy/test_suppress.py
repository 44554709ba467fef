"""The suppression list: one line per person and check, safe to open in a spreadsheet."""

import csv
import datetime as dt

from ethicskit.privacy import suppression_list, write_suppression

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
    assert "email" in reasons[("=HYPERLINK(1)", "privacy.consent_missing")]


def test_written_file_is_formula_safe(make_campaign, tmp_path):
    path = write_suppression(campaign(make_campaign), tmp_path)
    assert path == tmp_path / "suppress.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["customer_id", "check_id", "reason"]
    for row in rows[1:]:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@")), value
    ids = {r[0] for r in rows[1:]}
    assert {"'=HYPERLINK(1)", "'+1", "'-2", "'@x", "both"} == ids


def test_nothing_written_without_output_dir(make_campaign):
    assert write_suppression(campaign(make_campaign), "") is None


def test_empty_list_when_columns_absent(make_campaign, tmp_path):
    c = make_campaign({"customer_id": ["a"], "segment": ["s"]})
    assert len(suppression_list(c)) == 0
    path = write_suppression(c, tmp_path)
    assert path.read_text(encoding="utf-8").strip() == '"customer_id","check_id","reason"'
