"""Fuzzing the loader and the checks: any CSV text either loads and is audited (no check ends in
``error``) or is an InputError, never a crash."""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ethicskit import record  # noqa: E402
from ethicskit.campaign import open_campaign  # noqa: E402
from ethicskit.errors import InputError  # noqa: E402

COLUMNS = ["customer_id", "targeted", "birth_date", "age", "contact_ts", "offer_value",
           "contact_count", "segment", "email", "channel", "consent_email", "x", ""]
CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "yes", "no", "2000-01-31", "9999-12-31", "0001-01-01", "2025/03/27",
                     "20250327", "-1", "131", "1e400", "99999999999999999999999", "nan",
                     '"a,b"', '"', "a@b.co", "+44 7700 900123", ";", "\t"]),
    st.integers().map(str), st.floats().map(str))
ROWS = st.lists(st.lists(CELLS, min_size=1, max_size=6), min_size=0, max_size=6)
HEADERS = st.lists(st.one_of(st.sampled_from(COLUMNS), st.text(max_size=8)), min_size=1,
                   max_size=6)


@pytest.mark.slow
@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=HEADERS, rows=ROWS, sep=st.sampled_from([",", ";", "\t", "|"]))
def test_random_csv_loads_or_is_an_input_error(tmp_path, header, rows, sep):
    text = "\n".join(sep.join(line) for line in [header, *rows])
    path = tmp_path / "fuzz.csv"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        campaign = open_campaign(path, config_path=None, as_of="2026-11-29")
    except InputError as exc:
        assert str(exc) and len(str(exc).splitlines()) <= 2
        return
    rec = record.compute(campaign)
    broken = [(f.check_id, f.message) for f in rec.findings if f.status == "error"]
    assert not broken


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_random_bytes_load_or_are_an_input_error(tmp_path, data):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    try:
        open_campaign(path, config_path=None, as_of="2026-11-29")
    except InputError:
        pass
