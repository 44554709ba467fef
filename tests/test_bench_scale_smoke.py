"""The scale benchmark runs end to end at tiny sizes and writes its table (no time is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_bench_scale_writes_a_row_per_size_and_engine(tmp_path):
    out = tmp_path / "SCALE.md"
    data = tmp_path / "data"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_scale.py"), "--sizes", "2000,4000",
         "--engines", "pandas,duckdb", "--data", str(data), "--out", str(out), "--timeout", "600"],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| rows | engine | run s"))
    rows = []
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        rows.append(tuple(cell.strip() for cell in line.strip("|").split("|")[:2]))
    assert sorted(rows) == sorted((size, engine) for size in ("2,000", "4,000")
                                  for engine in ("pandas", "duckdb"))
    assert "## Targets of issue 17" in text and "cores" in text
    # the data is kept (with its stamp) for the next run; the run folders are not
    assert (data / "rows-2000.stamp.json").is_file() and (data / "rows-4000.yaml").is_file()
    assert not list(data.glob(".runs-*"))
