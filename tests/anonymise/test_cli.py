"""``ethicskit anonymise``: refusal without a key, config errors, a written extract."""

from __future__ import annotations

import pandas as pd
import yaml

from ethicskit.anonymise import KEY_ENV
from ethicskit.cli import main


def write(tmp_path, frame, **config):
    frame.to_csv(tmp_path / "c.csv", index=False)
    (tmp_path / "c.yaml").write_text(yaml.safe_dump({"dataset": "c.csv", **config}))
    return str(tmp_path / "c.yaml")


def test_refuses_without_a_key(people, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(KEY_ENV, raising=False)
    config = write(tmp_path, people(), quasi_identifiers=["postcode", "gender"])
    code = main(["anonymise", "--config", config, "--out", str(tmp_path / "x.csv")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and f"no HMAC key: set {KEY_ENV}" in err
    assert "Traceback" not in err and not (tmp_path / "x.csv").exists()


def test_key_file_and_report(people, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(KEY_ENV, raising=False)
    (tmp_path / "hmac.key").write_text("file key\n")
    config = write(tmp_path, people(), quasi_identifiers=["postcode", "gender"],
                   thresholds={"k_min": 2}, anonymise={"key_file": "hmac.key"})
    code = main(["anonymise", str(tmp_path / "c.csv"), "--config", config, "--out",
                 str(tmp_path / "x.parquet")])
    out = capsys.readouterr().out
    assert code == 0
    assert "levels: postcode: first 2 characters, gender: as is" in out
    assert "suppressed: 0 rows (0.0%" in out and "loss: NCP 0.1875" in out
    assert "extract: k = 4 (k_min 2)" in out
    assert "identifier columns found in the extract: none" in out
    assert "file key" not in out
    assert len(pd.read_parquet(tmp_path / "x.parquet")) == 8


def test_config_error_exit_2(people, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(KEY_ENV, "env key")
    config = write(tmp_path, people(), anonymise={"hierarchies": {"postcode": ["yeer"]}})
    code = main(["anonymise", "--config", config, "--out", str(tmp_path / "x.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "anonymise.hierarchies.postcode[0]: unknown level 'yeer'" in err
    assert "did you mean 'year'" in err and err.count("\n") == 1


def test_unknown_anonymise_key(people, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(KEY_ENV, "env key")
    config = write(tmp_path, people(), anonymise={"keyfile": "k"})
    assert main(["anonymise", "--config", config, "--out", str(tmp_path / "x.csv")]) == 2
    assert "anonymise.keyfile: unknown key (did you mean 'key_file'?)" in capsys.readouterr().err
