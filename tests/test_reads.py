"""Each registry row's ``reads`` is what its metric reads: on the bundled sample cut to those
columns (with the columns the config names and ``customer_id``), every check gives exactly the
finding it gives on the whole campaign."""

from __future__ import annotations

import dataclasses

import pytest

from ethicskit.campaign import open_campaign
from ethicskit.registry import CHECKS, run_check

CONFIG_LISTS = ("protected_attributes", "quasi_identifiers", "model_features",
                "special_category_columns")


@pytest.fixture(scope="module")
def sample():
    return open_campaign()


def config_columns(campaign) -> set[str]:
    config = campaign.config
    names = [n for key in CONFIG_LISTS for n in (getattr(config, key) or [])]
    names += [config.decision, config.sensitive_attribute or "", *config.reference_groups,
              *config.population_shares]
    return set(campaign.resolve_all([n for n in names if n]))


@pytest.mark.slow
@pytest.mark.parametrize("row", [r for r in CHECKS if "*" not in r.reads], ids=lambda r: r.id)
def test_a_check_reads_only_its_columns(sample, row):
    keep = set(row.reads) | config_columns(sample) | {"customer_id"}
    cut = dataclasses.replace(sample, df=sample.df[[c for c in sample.df.columns if c in keep]])
    got, want = run_check(row, cut).to_dict(), run_check(row, sample).to_dict()
    # exact, but for the last bits of floating-point sums (the bias cells are summed in another
    # partition when other columns are absent)
    assert [p for p, _ in _flat(got)] == [p for p, _ in _flat(want)]
    for (path, a), (_, b) in zip(_flat(got), _flat(want)):
        assert a == (pytest.approx(b, rel=1e-12, abs=1e-15) if isinstance(b, float) else b), path


def _flat(value, path=""):
    """The finding as (path, leaf value) pairs in a fixed order."""
    if isinstance(value, dict):
        return [x for k in sorted(value) for x in _flat(value[k], f"{path}.{k}")]
    if isinstance(value, list):
        return [x for i, v in enumerate(value) for x in _flat(v, f"{path}[{i}]")]
    return [(path, value)]


def test_reads_are_logical_columns_or_every_column():
    from ethicskit.schema import LOGICAL_TYPES

    for row in CHECKS:  # an empty reads: only what the config names (bias representation)
        assert row.reads == ("*",) or set(row.reads) <= set(LOGICAL_TYPES), row.id
        for group in row.needs:  # a needed column is read
            assert "*" in row.reads or set(group) <= set(row.reads), row.id
