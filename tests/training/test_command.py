"""``ethicskit training``: the parser (old and new forms), the summary of records (table, JSON,
one-line errors with exit 2) and trainee copies written with the key outside the folder."""

from __future__ import annotations

import argparse
import json

import pytest

from ethicskit.training import command
from ethicskit.training.records import append


def parse(argv):
    parser = argparse.ArgumentParser(prog="ethicskit")
    command.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_old_and_new_forms(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr("ethicskit.training.render_handouts",
                        lambda out, **kw: calls.append((out, kw.get("modules"))))
    assert command.run(parse(["training", "--out", str(tmp_path)])) == 0
    assert command.run(parse(["training", "handouts", "--out", str(tmp_path),
                              "--modules", "02_bias"])) == 0
    assert calls == [(str(tmp_path), None), (str(tmp_path), ["02_bias"])]


def records(tmp_path):
    for trainee, score in (("AB1", 5), ("AB1", 7), ("CD2", 8)):
        append(tmp_path, trainee=trainee, module="01_consent", module_title="Consent",
               score=score, max_score=8, pass_mark=0.8, bank_version="v",
               date="2026-12-02T09:00:00+00:00")
    return tmp_path


def test_summary_table_and_json(tmp_path, capsys):
    assert command.run(parse(["training", "summary", str(records(tmp_path))])) == 0
    out = capsys.readouterr().out
    assert max(len(x) for x in out.splitlines()) <= 100
    rows = [x.split() for x in out.splitlines()]
    assert ["AB1", "01_consent", "7/8", "2", "yes", "2026-12-02"] in rows
    assert ["CD2", "01_consent", "8/8", "1", "yes", "2026-12-02"] in rows
    assert ["01_consent", "2", "2"] in rows
    assert command.run(parse(["training", "summary", str(tmp_path), "--json"])) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["modules"] == [{"module": "01_consent", "title": "Consent", "trainees": 2,
                                "passed": 2}]


@pytest.mark.parametrize("content, where", [(None, "no such file"),
                                            ('{"a": 1}\n{"b"\n', "line 1")])
def test_summary_errors_are_one_line(tmp_path, capsys, content, where):
    path = tmp_path / "group.jsonl"
    if content is not None:
        path.write_text(content)
    assert command.run(parse(["training", "summary", str(path)])) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("ethicskit: error: ") and str(path) in err and where in err


def test_usage_errors(capsys, tmp_path):
    assert command.run(parse(["training", "summary"])) == 2
    assert command.run(parse(["training", "trainee"])) == 2
    assert "--out" in capsys.readouterr().err
    assert command.run(parse(["training", "trainee", "--out", str(tmp_path / "t"),
                              "--modules", "99_nope"])) == 2
    assert "no training module '99_nope'" in capsys.readouterr().err
    assert command.run(parse(["training", "trainee", "--out", str(tmp_path / "t"),
                              "--key", str(tmp_path / "t" / "key.json")])) == 2
    assert "must not be inside" in capsys.readouterr().err


def test_trainee_copies_written(tmp_path, capsys):
    out = tmp_path / "group"
    assert command.run(parse(["training", "trainee", "--out", str(out),
                              "--modules", "04_transparency"])) == 0
    assert (out / "04_transparency.ipynb").is_file()
    assert (out / "ethicskit-data" / "04_transparency" / "campaign.pkl").is_file()
    key = json.loads((tmp_path / "group-trainer-key.json").read_text())
    assert key["modules"]["04_transparency"]["exercises"]["campaign"]["transparency.excluded"] \
        == "gender"
