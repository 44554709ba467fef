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


@pytest.mark.slow
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
    assert "privacy.consent_missing" in out and "36 checks" in out


@pytest.mark.slow
def test_sample_data_is_deterministic(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["sample-data", "--rows", "1200", "--seed", "3", "--out", str(a)]) == 0
    assert main(["sample-data", "--rows", "1200", "--seed", "3", "--out", str(b), "--no-config"]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert (tmp_path / "a.yaml").exists() and (tmp_path / "a.expected.json").exists()


# --- every failure is exit 2 and one or two lines (issue 13) -------------------------------

def _boom(exc):
    def raiser(*_args, **_kwargs):
        raise exc
    return raiser


def _data(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD)
    return data


def test_an_unexpected_error_exits_2_without_traceback(tmp_path, capsys, monkeypatch):
    import signal

    out = tmp_path / "reports"
    out.mkdir()
    stale = out / ".building-20260101T000000Z-999999999"  # a pid that cannot be alive
    (stale / "tables").mkdir(parents=True)
    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr("ethicskit.runner.check_notebook_parameters",
                        _boom(RuntimeError("boom \x1b[31mred\x1b[0m\x07")))
    code = main(["run", str(_data(tmp_path)), "--only", "transparency", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("ethicskit: error: unexpected RuntimeError: boom red")
    assert "Traceback" not in err and "--debug" in err
    assert 1 <= len(err.strip().splitlines()) <= 2
    assert "\x1b" not in err and "\x07" not in err
    assert not any(out.iterdir()), "the build folder, the claim and the stale folder are gone"
    assert signal.getsignal(signal.SIGTERM) is before, "the SIGTERM handler is put back"


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback_and_still_exits_2(tmp_path, capsys, monkeypatch, where):
    monkeypatch.setattr("ethicskit.runner.check_notebook_parameters",
                        _boom(RuntimeError("boom")))
    args = ["run", str(_data(tmp_path)), "--only", "transparency", "--out",
            str(tmp_path / "r")]
    argv = ["--debug", *args] if where == "before" else [*args, "--debug"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: boom" in err
    assert err.strip().splitlines()[-2].startswith("ethicskit: error: unexpected RuntimeError")


def test_a_read_only_out_folder_exits_2_with_one_line(tmp_path, capsys, monkeypatch):
    import errno
    import os

    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: make the folder refuse as a read-only one
        real = os.mkdir

        def mkdir(path, *args, **kwargs):
            if str(path).startswith(str(out) + os.sep):
                raise OSError(errno.EROFS, "Read-only file system", str(path))
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, "mkdir", mkdir)
    try:
        code = main(["run", str(_data(tmp_path)), "--only", "transparency", "--out", str(out)])
    finally:
        out.chmod(0o755)
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"ethicskit: error: --out {out}: cannot write the run folder there")
    assert "Traceback" not in err
    assert not any(out.iterdir())


def test_an_os_error_is_said_with_its_file(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("ethicskit.runner.check_notebook_parameters",
                        _boom(OSError(28, "No space left on device", "/full/disk/x")))
    code = main(["run", str(_data(tmp_path)), "--only", "transparency", "--out",
                 str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == "ethicskit: error: No space left on device: /full/disk/x"


def test_ctrl_c_exits_130_with_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("ethicskit.runner.check_notebook_parameters", _boom(KeyboardInterrupt()))
    out = tmp_path / "r"
    assert main(["run", str(_data(tmp_path)), "--only", "transparency", "--out", str(out)]) == 130
    assert capsys.readouterr().err == "ethicskit: interrupted\n"
    assert not out.exists()


def test_control_characters_are_stripped_from_messages(tmp_path, capsys):
    name = "no\x1b[2J\x1b]0;owned\x07pe\x7f\x9b\r.csv"
    code = main(["run", str(tmp_path / name), "--out", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("ethicskit: error:")
    assert "nope" in err
    assert not any(ord(ch) < 0x20 and ch != "\n" or 0x7f <= ord(ch) <= 0x9f for ch in err), err


def test_printable():
    from ethicskit.errors import printable

    assert printable("a\x1b[31mred\x1b[0m b") == "ared b"
    assert printable("title\x1b]0;x\x07 done") == "title done"
    assert printable("line\nbreak\ttab\r") == "line break tab "
    assert printable("bell\x07 del\x7f nul\x00 c1\x9b") == "bell del nul c1"
    assert printable("café — ok") == "café — ok"


@pytest.mark.parametrize("keep", ["0", "-1"])
def test_keep_below_1_is_refused_before_any_work(tmp_path, capsys, keep):
    out = tmp_path / "r"
    assert main(["run", "--only", "transparency", "--out", str(out), "--keep", keep]) == 2
    err = capsys.readouterr().err
    assert err == f"ethicskit: error: --keep: expected 1 or more, got {keep}\n"
    assert not out.exists()


def test_a_parameter_value_with_a_yaml_alias_is_refused(tmp_path, capsys):
    code = main(["run", "--out", str(tmp_path / "r"), "-p", "as_of", "&a [*a, *a]"])
    err = capsys.readouterr().err
    assert code == 2 and "-p as_of: YAML anchors and aliases are not accepted" in err
    assert not (tmp_path / "r").exists()


def test_rules_prints_the_pack_with_references(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("rule pack v2, reviewed 2026-12-01; default_jurisdiction EU")
    assert "optout_grace: days=10, business=True  [CAN-SPAM 15 U.S.C. 7704(a)(4)(A)(i)" in out
    assert "\nUS-CA\n" in out and "opportunity_criteria" in out


def test_rules_for_one_country_inherits_its_values(capsys):
    assert main(["rules", "--country", "is"]) == 0
    out = capsys.readouterr().out
    assert "\nIS\n" in out and "digital_consent_age: age=13  [GDPR Art. 8(1); Act 90/2018" in out
    assert "minors_profiling_ads: banned=True, under=18" in out  # inherited from EU


def test_rules_shows_a_config_override(tmp_path, capsys):
    config = tmp_path / "c.yaml"
    config.write_text("rules: {US: {optout_grace: {days: 5}}}\n", encoding="utf-8")
    assert main(["rules", "--country", "US", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "overridden by" in out and "rules.US.optout_grace.days" in out
    assert "optout_grace: days=5, business=True *" in out


def test_training_is_the_training_packages_command():
    from ethicskit.training import command

    _, commands = _subparsers()
    assert commands["training"].description == command.add_parser(
        __import__("argparse").ArgumentParser().add_subparsers()).description


def test_the_training_command_runs_the_training_packages_run(monkeypatch):
    seen = []
    monkeypatch.setattr("ethicskit.training.command.run", lambda args: seen.append(args) or 7)
    assert main(["training", "--out", "handouts"]) == 7
    assert seen[0].out == "handouts" and seen[0].command == "training"


def test_rules_for_an_unknown_country_shows_the_default(capsys):
    assert main(["rules", "--country", "ZZ"]) == 0
    out = capsys.readouterr().out
    assert "ZZ: the rule pack has no entry for it" in out and "\nEU" in out


def test_rules_with_a_misspelt_override_exits_2(tmp_path, capsys):
    config = tmp_path / "c.yaml"
    config.write_text("rules: {US: {optout_grce: {days: 5}}}\n", encoding="utf-8")
    assert main(["rules", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "rules.US.optout_grce: unknown rule parameter (did you mean 'optout_grace'?)" in err


# --- help texts (issue 16 item 6) ------------------------------------------------------------

def _subparsers():
    import argparse

    from ethicskit.cli import _parser

    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return parser, sub.choices


def test_every_option_of_every_command_has_help_with_its_default():
    import argparse

    parser, commands = _subparsers()
    assert set(commands) == {"run", "checks", "sample-data", "init-config", "anonymise", "rules",
                             "training"}
    for name, command in [("ethicskit", parser), *commands.items()]:
        for action in command._actions:
            if isinstance(action, (argparse._HelpAction, argparse._VersionAction,
                                   argparse._SubParsersAction)):
                continue
            where = f"{name} {'/'.join(action.option_strings) or action.dest}"
            assert action.help, f"{where} has no help"
            assert "(default: " in action.help or "(required)" in action.help or (
                "; default: " in action.help), f"{where}: no default in {action.help!r}"
            if action.option_strings and action.default not in (None, False, [],
                                                                 argparse.SUPPRESS):
                assert f"default: {action.default}" in action.help, where


EXIT_WORDS = ["exit codes:", "0    no failure", "1    the audit found a fail",
              "with --fail-on warn: a fail or a warn", "2    the run could not be made",
              "130  interrupted", "143 terminated"]


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"]])
def test_help_lists_the_exit_codes(capsys, argv):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for words in EXIT_WORDS:
        assert words in out, words
    assert max(len(line) for line in out.splitlines()) <= 100


def test_run_help_explains_fail_on(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--fail-on {fail,warn} the lowest status that makes the run exit 1 (default: fail" in out
    assert '"warn": also a norm, risk or statistical screen (status warn)' in out
    assert "never make it exit 1" in out
