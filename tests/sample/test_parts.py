"""A sample written as a folder of Parquet parts, one part in memory at a time."""

import pytest

from ethicskit.campaign import open_campaign
from ethicskit.sample import build


@pytest.mark.parametrize("rows, part_rows, sizes", [
    (5000, 500_000, [5000]),
    (2500, 1000, [1250, 1250]),      # three parts of 833 would be below 1,000 rows
    (3001, 1000, [1001, 1000, 1000]),
    (1_000_000, 500_000, [500_000, 500_000]),
])
def test_part_sizes(rows, part_rows, sizes):
    assert build.part_sizes(rows, part_rows=part_rows) == sizes
    assert sum(sizes) == rows


@pytest.mark.parametrize("out, folder", [("big/", True), ("big", True), ("s.csv", False),
                                         ("s.parquet", False), ("s.csv.gz", False)])
def test_folder_targets(out, folder):
    assert build.is_folder_target(out) is folder


@pytest.mark.slow
def test_parts_are_made_one_at_a_time_and_read_back_as_one_campaign(tmp_path, monkeypatch):
    made = []
    real = build.generate

    def recording(*, rows, seed, count_expected):
        made.append((rows, seed, count_expected))
        return real(rows=rows, seed=seed, count_expected=count_expected)

    monkeypatch.setattr(build, "generate", recording)
    done = build.write_sample_parts(tmp_path / "big", rows=2500, seed=7, part_rows=1000)
    assert made == [(1250, 7, False), (1250, 8, False)]  # never the whole table at once
    assert done == {"rows": 2500, "parts": 2, "columns": done["columns"]}
    assert sorted(p.name for p in (tmp_path / "big").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet"]
    c = open_campaign(config_path=tmp_path / "big.yaml")  # dataset: big, the folder
    assert len(c.df) == 2500
    ids = list(c.df["customer_id"])
    assert ids[0] == "C000001" and ids[-1] == "C002500" and len(set(ids)) == 2500
