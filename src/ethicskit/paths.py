"""Where the project's notebooks and templates are (the repository's top-level folders)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: The data shipped inside the package (the bundled sample campaign, the default rule pack...).
PACKAGE_DATA = PACKAGE / "data"
#: The config of the bundled sample campaign.
SAMPLE_CONFIG = PACKAGE_DATA / "sample" / "campaign.yaml"
ROOT = PACKAGE.parents[1]
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = ROOT / "templates"

#: area -> notebook file name (without folder), in run order
AREA_NOTEBOOKS = {
    "privacy": "01_privacy.ipynb",
    "bias": "02_bias.ipynb",
    "targeting": "03_targeting.ipynb",
    "transparency": "04_transparency.ipynb",
}


def template_env():
    """A Jinja2 environment over ``templates/`` with HTML autoescaping on."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html", "j2", "htm"]),
                       trim_blocks=True, lstrip_blocks=True)
