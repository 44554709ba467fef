"""Bad input on the command line: exit 2 and one or two lines naming the place, no traceback."""

from __future__ import annotations

import pytest

from ethicskit.cli import main

GOOD = "customer_id,targeted,contact_ts\na,yes,2026-11-01\nb,no,\n"


def case(tmp_path, name):
    """Make the bad input ``name``; return the arguments of ``ethicskit run`` and the place."""
    data = tmp_path / "d.csv"
    data.write_text(GOOD)
    cfg = tmp_path / "c.yaml"
    if name == "missing file":
        return [str(tmp_path / "nope.csv")], "nope.csv"
    if name == "folder":
        return [str(tmp_path)], str(tmp_path)
    if name == "empty file":
        data.write_text("")
        return [str(data)], "empty"
    if name == "header only":
        data.write_text("customer_id,targeted\n")
        return [str(data)], "no rows"
    if name == "no delimiter":
        data.write_text("customer_id targeted\na yes\n")
        return [str(data)], "delimiter"
    if name == "not utf-8":
        data.write_bytes("customer_id,segment\na,caf\xe9\n".encode("latin-1"))
        return [str(data)], "line 2"
    if name == "duplicate id":
        data.write_text("customer_id,targeted\na,yes\na,no\n")
        return [str(data)], "duplicate customer_id 'a'"
    if name == "duplicate column":
        data.write_text("customer_id,targeted,targeted\na,yes,no\n")
        return [str(data)], "'targeted' appears more than once"
    if name == "bool maybe":
        data.write_text("customer_id,targeted\na,maybe\n")
        return [str(data)], "'targeted' is bool but holds 'maybe' at row 1"
    if name == "bad date":
        data.write_text("customer_id,contact_ts\na,yesterday\n")
        return [str(data)], "'contact_ts' holds dates"
    if name == "mapping to missing column":
        cfg.write_text("dataset: d.csv\ncolumns: {targeted: targetted}\n")
        return ["--config", str(cfg)], "columns.targeted"
    if name == "unknown config key":
        cfg.write_text("dataset: d.csv\nprotected: [gender]\n")
        return ["--config", str(cfg)], "protected: unknown config key"
    if name == "misspelt threshold":
        cfg.write_text("dataset: d.csv\nthresholds: {kmin: 3}\n")
        return ["--config", str(cfg)], "thresholds.kmin: unknown threshold (did you mean 'k_min'?)"
    if name == "yaml syntax":
        cfg.write_text("dataset: d.csv\nthresholds: [k_min: 3\n")
        return ["--config", str(cfg)], "YAML syntax error at line"
    if name == "unknown parameter":
        return [str(data), "--only", "transparency", "-p", "colour", "red"], "unknown parameter 'colour'"
    if name == "unknown area":
        return [str(data), "--only", "privacy,ethics"], "--only: unknown area 'ethics'"
    raise AssertionError(name)


CASES = ["missing file", "folder", "empty file", "header only", "no delimiter", "not utf-8",
         "duplicate id", "duplicate column", "bool maybe", "bad date",
         "mapping to missing column", "unknown config key", "misspelt threshold", "yaml syntax",
         "unknown parameter", "unknown area"]


@pytest.mark.parametrize("name", CASES)
def test_bad_input_exits_2_with_a_short_message(tmp_path, capsys, name):
    args, place = case(tmp_path, name)
    out = tmp_path / "reports"
    code = main(["run", *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert place in err
    assert "Traceback" not in err
    assert 1 <= len(err.strip().splitlines()) <= 2
    assert not out.exists() or not any(out.iterdir()), "nothing is written for bad input"


def test_checks_prints_the_catalogue(capsys):
    assert main(["checks"]) == 0
    out = capsys.readouterr().out
    assert "privacy.consent_missing" in out and "29 checks" in out


def test_sample_data_is_deterministic(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["sample-data", "--rows", "1200", "--seed", "3", "--out", str(a)]) == 0
    assert main(["sample-data", "--rows", "1200", "--seed", "3", "--out", str(b), "--no-config"]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert (tmp_path / "a.yaml").exists() and (tmp_path / "a.expected.json").exists()
