"""Planted privacy issues (to be filled by the privacy area)."""

from __future__ import annotations


def plant(df, rng, slots, *, config):
    """Break privacy rules on the rows ``slots``; return expected results by check id."""
    return {}


def expect(df, config):
    """Expected results counted on the final frame, for checks that other planters may affect."""
    return {}
