"""Knob-driven training campaigns whose right answers are known by construction."""

from ethicskit.training.scenarios.base import AS_OF, KnobError, TrainingCampaign  # noqa: F401
from ethicskit.training.scenarios.consent import (Extract, consent_extract,  # noqa: F401
                                                  consent_scenario, jurisdiction_cases)
from ethicskit.training.scenarios.bias import bias_scenario, cramers_v, design_table  # noqa: F401
from ethicskit.training.scenarios.targeting import card_letters, targeting_scenario  # noqa: F401
from ethicskit.training.scenarios.transparency import transparency_scenario  # noqa: F401
from ethicskit.training.scenarios.cookies import (Banner, banner_scenario,  # noqa: F401
                                                  cookies_scenario, tcf_extract)
from ethicskit.training.scenarios.platforms import (  # noqa: F401
    AIContentCase, ai_content_scenario, platforms_scenario)
