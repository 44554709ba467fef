"""Shared fixtures: tiny campaigns built from literal frames. Helpers shared by tests of
several areas live in ``tests/helpers/`` (importable as ``helpers``)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from ethicskit.campaign import from_frame

warnings.filterwarnings("ignore", module="aif360")
sys.path.insert(0, str(Path(__file__).parent))  # tests/helpers as ``helpers``


@pytest.fixture
def make_campaign():
    """``make_campaign(rows_or_frame, as_of="2026-11-29", **config)`` -> Campaign.

    ``rows_or_frame`` is a DataFrame or a dict of columns; config keys are those of docs/data.md.
    """

    def _make(data, *, as_of="2026-11-29", **config):
        frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
        return from_frame(frame, config, as_of=as_of)

    return _make
