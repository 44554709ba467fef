"""The benchmark runs end to end at a tiny size and writes its table (no time is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_bench_suite_writes_a_table(tmp_path):
    out = tmp_path / "RESULTS.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_suite.py"), "--rows", "3000",
         "--repeat", "1", "--data-dir", str(tmp_path / "data"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "| floor: bundled sample (5,000 rows, CSV)" in text
    assert "one reused kernel (`--jobs 1`)" in text and "two kernels (`--jobs 2`)" in text
    assert "| **`ethicskit run` on Parquet** |" in text and "| **`ethicskit run` on CSV** |" in text
    assert "| `record.compute` (all checks, tables, files) |" in text
    assert "## Targets of issue 12" in text and "cores" in text
    assert "3,000 rows" in text
    assert not (tmp_path / "data" / "runs").exists()  # run folders are cleaned up
