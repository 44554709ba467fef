"""Fixtures of the training tests: each module's scenarios built with the notebook's defaults,
and the handouts rendered once per session (8 papermill runs, two at a time)."""

from __future__ import annotations

import ast
import html
import re
import warnings

import pytest

warnings.filterwarnings("ignore")

def _stems() -> tuple[str, ...]:
    from ethicskit.training.modules import MODULES

    return tuple(m.stem for m in MODULES if m.path.is_file())


#: the modules whose notebook exists (new modules join once their notebook is written)
STEMS = _stems()


def notebook_defaults(stem: str) -> dict:
    """The parameters cell's defaults, as papermill reads them."""
    import papermill as pm

    from ethicskit.training.modules import BY_STEM

    params = pm.inspect_notebook(str(BY_STEM[stem].path))
    return {name: ast.literal_eval(p["default"]) for name, p in params.items()}


def _notebook(stem: str):
    import nbformat

    from ethicskit.training.modules import BY_STEM

    return nbformat.read(str(BY_STEM[stem].path), as_version=4)


def build_scenarios(stem: str, params: dict | None = None) -> dict:
    """The objects a module's exercises run on, named as in the notebook (campaign, extract),
    built by the notebook's own scenario calls with its knobs (``params`` override them)."""
    from ethicskit.training.trainee import scenarios_of

    built, checked_on = scenarios_of(_notebook(stem), stem, params)
    built["_checked_on"] = checked_on
    return built


def scenario_for(exercise_id: str, scenarios: dict):
    """The object an exercise is checked against in its notebook (the extract for the
    spot-the-breach one, the campaign for most)."""
    name = scenarios.get("_checked_on", {}).get(exercise_id)
    if name in scenarios:
        return scenarios[name]
    return scenarios["extract"] if exercise_id == "consent.spot" else scenarios.get("campaign")


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
