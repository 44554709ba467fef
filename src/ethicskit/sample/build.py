"""The sample campaign made and written: the population (:mod:`.base`), the decision
(:mod:`.plant_bias`), the fields that follow it, then the privacy, targeting and transparency
planters on rows reserved for each, and the expected results they count."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ethicskit.sample import plant_bias, plant_privacy, plant_targeting, plant_transparency
from ethicskit.sample.base import (SampleCampaign, as_boolean, base_population,
                                   fill_after_decision, make_slots)
from ethicskit.sample.config import sample_config, sample_inventory


def generate(*, rows: int = 5000, seed: int = 7, count_expected: bool = True) -> SampleCampaign:
    """Build the sample campaign. Deterministic for a given ``rows`` and ``seed``.

    ``count_expected=False`` skips the planters' final counts (plain, deliberately simple code
    that is slow on millions of rows); the data is the same either way.
    """
    if rows < 1000:
        raise ValueError("the sample campaign needs at least 1,000 rows")
    rng = np.random.default_rng(seed)
    df = base_population(rows, rng)
    expected: dict[str, dict] = {}
    expected.update(plant_bias.decide(df, rng))
    df = fill_after_decision(df, rng)
    as_boolean(df)
    # plain Python strings while planting (setting a few values of an Arrow-backed string column
    # copies the whole column each time)
    text = [c for c in df.columns if pd.api.types.is_string_dtype(df[c])]
    for column in text:
        df[column] = df[column].astype(object)
    slots = make_slots(rows, rng)
    config = sample_config()
    inventory = sample_inventory()
    constructed: dict[str, dict] = {}
    edges: list[dict] = []
    constructed.update(plant_privacy.plant(df, rng, slots["privacy"], config=config,
                                           edges=edges))
    constructed.update(plant_targeting.plant(df, rng, slots["targeting"], config=config,
                                             edges=edges))
    constructed.update(plant_transparency.plant(df, rng, slots["transparency"], config=config,
                                                inventory=inventory))
    expected.update(constructed)
    # every result is recounted last, on the final data, with plain code independent of the
    # package's checks (the construction and the recount must agree: tests/sample)
    if count_expected:
        for planter in (plant_privacy, plant_targeting, plant_transparency, plant_bias):
            expected.update(planter.expect(df, config, inventory=inventory))
    return SampleCampaign(df=df, config=config, inventory=inventory, expected=expected, seed=seed,
                          constructed=constructed, edges=edges)


def _csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for column in out.columns:
        s = out[column]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[column] = s.dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


def write_sample(out: str | Path, *, rows: int = 5000, seed: int = 7,
                 with_config: bool = True, count_expected: bool = True) -> SampleCampaign:
    """Write the sample as CSV (or Parquet for a ``.parquet`` name), with its config and inventory
    beside it (``<stem>.yaml``, ``<stem>.inventory.yaml``) and the expected results
    (``<stem>.expected.json``)."""
    import json

    import yaml

    sample = generate(rows=rows, seed=seed, count_expected=count_expected)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".parquet":
        sample.df.to_parquet(out, index=False)
    else:
        _csv_frame(sample.df).to_csv(out, index=False)
    if with_config:
        config = dict(sample.config, dataset=out.name, inventory=f"{out.stem}.inventory.yaml")
        (out.parent / f"{out.stem}.yaml").write_text(yaml.safe_dump(config, sort_keys=False),
                                                      encoding="utf-8")
        (out.parent / f"{out.stem}.inventory.yaml").write_text(
            yaml.safe_dump(sample.inventory, sort_keys=False), encoding="utf-8")
        (out.parent / f"{out.stem}.expected.json").write_text(
            json.dumps(sample.expected, indent=2, sort_keys=True), encoding="utf-8")
    return sample
