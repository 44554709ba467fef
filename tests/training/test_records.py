"""Completion records: one line per attempt in JSON lines and CSV, attempts numbered, nothing
overwritten, no answer recorded; the summary worked out by hand on a tiny set of records."""

from __future__ import annotations

import csv
import json
import threading

import pytest

from ethicskit.training import records
from ethicskit.training.records import CSV, FIELDS, JSONL, RecordError, append, summarise


def add(d, trainee, module, score, max_score=8, date=None, pass_mark=0.8):
    return append(d, trainee=trainee, module=module, module_title=f"Title {module}",
                  score=score, max_score=max_score, pass_mark=pass_mark, bank_version="v1",
                  date=date)


def test_attempts_are_numbered_and_kept(tmp_path):
    first = add(tmp_path, "AB1", "01_consent", 5, date="2026-12-01T10:00:00+00:00")
    second = add(tmp_path, "AB1", "01_consent", 7, date="2026-12-02T10:00:00+00:00")
    other = add(tmp_path, "AB1", "02_bias", 8)
    assert (first.attempt, second.attempt, other.attempt) == (1, 2, 1)
    # 5/8 = 0.625 < 0.8 fails; 7/8 = 0.875 passes; pass at exactly 0.8 (e.g. 4/5)
    assert (first.passed, second.passed) == (False, True)
    assert add(tmp_path, "X", "m", 4, max_score=5).passed is True
    assert add(tmp_path, "Y", "m", 3, max_score=5).passed is False
    lines = (tmp_path / JSONL).read_text().splitlines()
    assert len(lines) == 5
    assert json.loads(lines[0]) == {"trainee": "AB1", "module": "01_consent",
                                    "module_title": "Title 01_consent",
                                    "date": "2026-12-01T10:00:00+00:00", "score": 5, "max": 8,
                                    "pass_mark": 0.8, "passed": False, "attempt": 1,
                                    "bank_version": "v1"}
    rows = list(csv.reader((tmp_path / CSV).open()))
    assert rows[0] == list(FIELDS) and len(rows) == 6  # header once
    assert [r[0] for r in rows[1:]] == ["AB1", "AB1", "AB1", "X", "Y"]


def test_date_is_utc_iso(tmp_path):
    rec = add(tmp_path, "AB1", "m", 1)
    assert rec.date.endswith("+00:00") and "T" in rec.date


def test_no_answer_in_a_record():
    assert set(FIELDS) == {"trainee", "module", "module_title", "date", "score", "max",
                           "pass_mark", "passed", "attempt", "bank_version"}


@pytest.mark.parametrize("bad", ["", "   ", None, 7, "x" * 81, "a\x1bb"])
def test_bad_trainee_ids(tmp_path, bad):
    with pytest.raises(RecordError, match="trainee"):
        add(tmp_path, bad, "m", 1)
    assert not (tmp_path / JSONL).exists()


def test_concurrent_appends_never_share_an_attempt(tmp_path):
    threads = [threading.Thread(target=add, args=(tmp_path, "AB1", "m", i)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got = records.read([tmp_path])
    assert sorted(r.attempt for r in got) == list(range(1, 13))
    assert len(list(csv.reader((tmp_path / CSV).open()))) == 13


def test_summary_by_hand(tmp_path):
    add(tmp_path, "AB1", "01_consent", 5, date="2026-12-01T10:00:00+00:00")
    add(tmp_path, "AB1", "01_consent", 7, date="2026-12-02T10:00:00+00:00")
    add(tmp_path, "AB1", "01_consent", 6, date="2026-12-03T10:00:00+00:00")
    add(tmp_path, "CD2", "01_consent", 4, date="2026-12-01T11:00:00+00:00")
    add(tmp_path, "CD2", "02_bias", 8, date="2026-12-01T12:00:00+00:00")
    s = summarise([tmp_path])
    assert s.rows == [
        {"trainee": "AB1", "module": "01_consent", "module_title": "Title 01_consent",
         "best_score": 7, "max": 8, "attempts": 3, "passed": True,
         "last_date": "2026-12-03T10:00:00+00:00"},
        {"trainee": "CD2", "module": "01_consent", "module_title": "Title 01_consent",
         "best_score": 4, "max": 8, "attempts": 1, "passed": False,
         "last_date": "2026-12-01T11:00:00+00:00"},
        {"trainee": "CD2", "module": "02_bias", "module_title": "Title 02_bias",
         "best_score": 8, "max": 8, "attempts": 1, "passed": True,
         "last_date": "2026-12-01T12:00:00+00:00"}]
    assert s.modules == [{"module": "01_consent", "title": "Title 01_consent", "trainees": 2,
                          "passed": 1},
                         {"module": "02_bias", "title": "Title 02_bias", "trainees": 1,
                          "passed": 1}]
    # the same records read from the CSV, and from both files at once, count once
    assert summarise([tmp_path / CSV]).rows == s.rows
    assert summarise([tmp_path / CSV, tmp_path / JSONL]).rows == s.rows
    text = s.text()
    assert max(len(line) for line in text.splitlines()) <= 100
    assert text.splitlines()[2].split() == ["AB1", "01_consent", "7/8", "3", "yes",
                                            "2026-12-03"]
    assert text.splitlines()[-2].split() == ["01_consent", "2", "1"]


def test_summary_table_fits_100_columns_with_long_ids(tmp_path):
    add(tmp_path, "a-very-long-trainee-identifier-" * 2, "06_ad_platforms_and_ai_content", 3)
    assert max(len(line) for line in summarise([tmp_path]).text().splitlines()) <= 100


@pytest.mark.parametrize("content, where", [
    ('{"trainee": "A"}\n', "line 1: the record has no 'module'"),
    ('\n{not json\n', "line 2: not a JSON record (damaged file?)"),
    ('[1, 2]\n', "line 1: not a training record"),
])
def test_damaged_jsonl_names_file_and_line(tmp_path, content, where):
    path = tmp_path / "r.jsonl"
    path.write_text(content)
    with pytest.raises(RecordError) as info:
        summarise([path])
    assert str(info.value) == f"{path}: {where}"


def test_damaged_csv_and_missing_file(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(",".join(FIELDS) + "\nA,m,T,2026,x,8,0.8,True,1,v\n")
    with pytest.raises(RecordError, match=r"r\.csv: line 2: a value"):
        summarise([path])
    with pytest.raises(RecordError, match="no such file"):
        summarise([tmp_path / "nope.jsonl"])
    assert summarise([tmp_path]).rows == []  # a folder with no record file: none yet


def test_a_folder_of_trainee_folders_is_read_whole(tmp_path):
    """A trainer collects every trainee's records folder under one: all are read, each
    folder's JSON lines once (not again from its CSV copy)."""
    add(tmp_path / "anna" / "training-records", "anna", "01_consent", 7)
    add(tmp_path / "ben" / "training-records", "ben", "01_consent", 4)
    add(tmp_path / "ben" / "training-records", "ben", "01_consent", 8)
    got = records.read([tmp_path])
    assert sorted((r.trainee, r.attempt, r.score) for r in got) == [
        ("anna", 1, 7), ("ben", 1, 4), ("ben", 2, 8)]
    from_csv = records.read([tmp_path / "ben" / "training-records" / CSV])
    assert [(r.trainee, r.attempt, r.score) for r in from_csv] == [("ben", 1, 4), ("ben", 2, 8)]


def test_a_folder_without_records_yet_says_so(tmp_path):
    (tmp_path / "trainees").mkdir()
    summary = summarise([tmp_path / "trainees"])
    assert summary.rows == [] and summary.text().startswith("No completion record yet")
