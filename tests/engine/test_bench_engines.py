"""benchmarks/bench_engines.py runs on a tiny campaign and finds the same cells on each variant.

No time is asserted: only that the table is written and every variant's cells equal the
reference variant's (DuckDB through sqlglot) and pandas through ``counts.group_sums``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_engines_writes_its_table(tmp_path):
    data = tmp_path / "tiny.parquet"
    subprocess.run([sys.executable, "-m", "ethicskit.cli", "sample-data", "--rows", "3000",
                    "--out", str(data), "--no-config"], check=True, cwd=ROOT,
                   capture_output=True)
    out = tmp_path / "ENGINES.md"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_engines.py"), "--data",
                    str(data), "--repeat", "1", "--only", "duckdb sqlglot", "pandas",
                    "--out", str(out)], check=True, cwd=ROOT, capture_output=True)
    rows = [line for line in out.read_text().splitlines() if line.startswith("| tiny")]
    assert [r.split("|")[3].strip() for r in rows] == ["floor", "duckdb sqlglot", "pandas"]
    assert rows[2].rstrip(" |").endswith("equal") or "equal (sums to 1e-12)" in rows[2]
