"""A deterministic synthetic campaign with planted issues, each with its exact expected result.

``generate(rows=..., seed=...)`` builds a clean population (:mod:`.base`), lets the bias planter
decide who is targeted and what the model did (:mod:`.plant_bias`), fills the fields that depend
on targeting cleanly, then lets the privacy, targeting and transparency planters break the rules on
rows reserved for each of them. Each planter returns the exact expected finding values of the
checks it plants for; :func:`generate` merges them into ``expected``.
"""

from ethicskit.sample.base import SampleCampaign  # noqa: F401
from ethicskit.sample.build import generate, write_sample  # noqa: F401

__all__ = ["SampleCampaign", "generate", "write_sample"]
