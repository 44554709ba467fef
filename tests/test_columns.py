"""Each notebook reads only its area's columns from the run's snapshot, with the same results."""

from __future__ import annotations

import pytest

from ethicskit.campaign import Campaign, open_campaign
from ethicskit.columns import TARGETING_COLUMNS, area_columns
from ethicskit.config import validate
from ethicskit.findings import AREAS
from ethicskit.registry import run_area


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("snapshot")
    open_campaign().write_snapshot(folder)  # the bundled sample
    return folder


@pytest.mark.parametrize("area", AREAS)
def test_an_area_finds_the_same_on_its_columns_as_on_all(snapshot, area):
    whole = Campaign.from_snapshot(snapshot)
    mine = Campaign.from_snapshot(snapshot, area=area)
    assert set(mine.df.columns) <= set(whole.df.columns)
    assert mine.rows == whole.rows
    got = {k: f.to_dict() for k, f in run_area(area, mine).items()}
    want = {k: f.to_dict() for k, f in run_area(area, whole).items()}
    assert got == want


def test_bias_and_targeting_read_fewer_columns(snapshot):
    whole = Campaign.from_snapshot(snapshot).df.shape[1]
    assert Campaign.from_snapshot(snapshot, area="bias").df.shape[1] < whole / 2
    assert Campaign.from_snapshot(snapshot, area="targeting").df.shape[1] < whole / 2


def test_privacy_and_transparency_read_all():
    config = validate({})
    for area in ("privacy", "transparency"):
        assert area_columns(area, ["customer_id", "email"], config=config, mapping={}) is None


def test_targeting_columns_in_frame_order():
    columns = ["segment", "email", "customer_id", "age", "extra"]
    got = area_columns("targeting", columns, config=validate({}), mapping={})
    assert got == ["segment", "customer_id", "age"]  # the others are not targeting columns
    assert set(got) <= set(TARGETING_COLUMNS)


def test_bias_columns_follow_the_config():
    columns = ["customer_id", "targeted", "gender", "email", "sex_code", "y", "store", "score"]
    config = validate({"protected_attributes": ["gender"], "decision": "y",
                       "model_features": ["store"]})
    got = area_columns("bias", columns, config=config, mapping={})
    # protected attribute, decision and feature by name; the key and targeted always; an
    # unnamed column (email, sex_code) and a logical one the checks never read (score) not
    assert got == ["customer_id", "targeted", "gender", "y", "store"]


def test_bias_without_model_features_reads_every_column_outside_the_contract():
    columns = ["customer_id", "gender", "email", "store", "tenure", "age_band"]
    got = area_columns("bias", columns, config=validate({}), mapping={})
    assert got == ["customer_id", "gender", "store", "tenure", "age_band"]


def test_bias_resolves_the_datasets_own_names():
    # the config names the dataset's column "sex"; the frame holds it as logical "gender"
    config = validate({"protected_attributes": ["sex"], "model_features": []})
    got = area_columns("bias", ["customer_id", "gender", "email"], config=config,
                       mapping={"gender": "sex"})
    assert got == ["customer_id", "gender"]
