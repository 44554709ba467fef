"""Freed memory goes back to the system (ethicskit.memory.release)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CODE = """
import psutil, numpy as np, pyarrow as pa, pyarrow.compute as pc
from ethicskit.memory import release
p = psutil.Process()
base = p.memory_info().rss
chunks = [pc.cast(pa.array(np.arange(i * 200_000, (i + 1) * 200_000)), pa.string())
          for i in range(50)]
held = p.memory_info().rss - base
del chunks
if {release}:
    release(collect=True, trim=True)
print(held, p.memory_info().rss - base)
"""


@pytest.mark.slow
@pytest.mark.parametrize("released", [True, False])
def test_arrow_memory_of_a_dropped_table_goes_back_only_when_released(released):
    """250 MB of Arrow strings, dropped: Arrow's pool keeps them (the control, measured from
    /proc by psutil in a fresh process) until ``release`` hands them back."""
    out = subprocess.run([sys.executable, "-c", CODE.format(release=released)],
                         capture_output=True, text=True, check=True).stdout
    held, left = map(int, out.split())
    assert held > 150e6
    assert (left < 0.4 * held) if released else (left > 0.6 * held)
