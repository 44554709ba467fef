"""Planted transparency issues (to be filled by the transparency area)."""

from __future__ import annotations


def plant(df, rng, slots, *, config, inventory):
    """Break transparency rules; return expected results by check id."""
    return {}


def expect(df, config):
    """Expected results counted on the final frame, for checks that other planters may affect."""
    return {}
