"""Fixtures of the training tests: each module's scenarios built with the notebook's defaults,
and the handouts rendered once per session (8 papermill runs, two at a time)."""

from __future__ import annotations

import ast
import html
import re
import warnings

import pytest

warnings.filterwarnings("ignore")

STEMS = ("01_consent", "02_bias", "03_helpful_or_creepy", "04_transparency")


def notebook_defaults(stem: str) -> dict:
    """The parameters cell's defaults, as papermill reads them."""
    import papermill as pm

    from ethicskit.training.modules import BY_STEM

    params = pm.inspect_notebook(str(BY_STEM[stem].path))
    return {name: ast.literal_eval(p["default"]) for name, p in params.items()}


def build_scenarios(stem: str, params: dict | None = None) -> dict:
    """The objects a module's exercises run on, named as in the notebook (campaign, extract)."""
    import ethicskit.training as tr

    p = {**notebook_defaults(stem), **(params or {})}
    if stem == "01_consent":
        return {"extract": tr.consent_extract(seed=p["seed"]),
                "campaign": tr.consent_scenario(p["rows"], p["missing_consent"],
                                                p["late_optouts"], p["overdue_erasures"],
                                                seed=p["seed"])}
    if stem == "02_bias":
        return {"campaign": tr.bias_scenario(p["rows"], p["bias_strength"], p["proxy_strength"],
                                             p["small_group"], seed=p["seed"])}
    if stem == "03_helpful_or_creepy":
        return {"campaign": tr.targeting_scenario(
            p["rows"], p["micro_segment_size"], p["sensitive_segments"],
            p["age_targeted_housing"], p["over_contacted"], p["minors_targeted"],
            p["vulnerable_targeted"], seed=p["seed"])}
    return {"campaign": tr.transparency_scenario(p["rows"], p["undeclared_columns"],
                                                 p["excluded_used"], p["incomplete_entries"],
                                                 seed=p["seed"])}


def scenario_for(exercise_id: str, scenarios: dict):
    """The object an exercise is checked against (the extract for the spot-the-breach one)."""
    return scenarios["extract"] if exercise_id == "consent.spot" else scenarios["campaign"]


def visible_text(page: str) -> str:
    """What a reader of an HTML page sees: no styles, scripts, tags or entities."""
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


@pytest.fixture(scope="session")
def default_scenarios():
    return {stem: build_scenarios(stem) for stem in STEMS}


@pytest.fixture(scope="session")
def handouts(tmp_path_factory):
    """``ethicskit training --out DIR`` run once; returns DIR."""
    from ethicskit.cli import main

    out = tmp_path_factory.mktemp("handouts")
    assert main(["training", "--out", str(out)]) == 0
    return out


def pytest_configure(config):
    config.addinivalue_line("markers", "notebooks: runs the training notebooks in kernels "
                                       "(about a minute on two cores)")
