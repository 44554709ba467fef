"""A text file of a run's record: from a computed record's files, else from its run folder."""

from types import SimpleNamespace

import pytest

from ethicskit.transparency.stored import record_text


@pytest.mark.parametrize("files, on_disk, expected", [
    ({"notice.md": "held"}, "stored", "held"),       # a computed record: its own file first
    ({"notice.md": b"bytes \xc3\xa9"}, None, "bytes é"),
    ({}, "stored", "stored"),                        # a stored run: its folder
    ({}, None, ""),                                   # the run wrote none
])
def test_record_text(tmp_path, files, on_disk, expected):
    if on_disk is not None:
        (tmp_path / "notice.md").write_text(on_disk, encoding="utf-8")
    record = SimpleNamespace(files=files)
    assert record_text(record, "notice.md", str(tmp_path)) == expected
    assert record_text(SimpleNamespace(), "notice.md") == ""
