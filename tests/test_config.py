"""Config validation: unknown keys, misspelt thresholds, wrong types, YAML errors, defaults."""

from __future__ import annotations

import pytest

from ethicskit.config import Config, load_config, validate
from ethicskit.errors import ConfigError
from ethicskit.registry import THRESHOLDS


def write(tmp_path, text, name="c.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("raw, expected", [
    ({"nmae": "x"}, "nmae: unknown config key (did you mean 'name'?)"),
    ({"thresholds": {"k_mni": 3}}, "thresholds.k_mni: unknown threshold (did you mean 'k_min'?)"),
    ({"thresholds": {"k_min": "five"}}, "thresholds.k_min: expected a number, got 'five'"),
    ({"protected_attributes": "gender"}, "protected_attributes: expected a list"),
    ({"protected_attributes": ["gender", 3]}, "protected_attributes[1]: expected a column name"),
    ({"as_of": "29/11/2026"}, "as_of: '29/11/2026' is not a date"),
    ({"age_bands": [0, 18, 18]}, "age_bands: expected at least two increasing numbers"),
    ({"thresholds": {"erasure_days": {"US": "soon"}}}, "thresholds.erasure_days.US: expected a number"),
    ({"population_shares": {"gender": {"female": 1.5}}}, "population_shares.gender: expected"),
])
def test_bad_config_names_the_key(raw, expected):
    with pytest.raises(ConfigError) as err:
        validate(raw, path="c.yaml")
    assert str(err.value).startswith("c.yaml: " + expected)


def test_yaml_syntax_error_has_its_line(tmp_path):
    path = write(tmp_path, "name: x\nthresholds: {k_min: 5\nas_of: 2026-01-01\n")
    with pytest.raises(ConfigError, match=r"YAML syntax error at line \d+"):
        load_config(path)


def test_unsafe_yaml_is_refused(tmp_path):
    path = write(tmp_path, "name: !!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(ConfigError, match="YAML syntax error"):
        load_config(path)


def test_missing_and_folder(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path)


def test_defaults_come_from_the_one_table():
    config = Config()
    for name, default in THRESHOLDS.items():
        assert config.threshold(name) == default


def test_country_thresholds_merge_with_the_defaults():
    config = validate({"thresholds": {"erasure_days": {"DE": 20}, "digital_consent_age": 15}})
    assert config.threshold("erasure_days") == {"default": 30, "US": 45, "DE": 20}
    assert config.threshold("digital_consent_age")["default"] == 15
    assert config.threshold("digital_consent_age")["GB"] == 13


def test_relative_paths_resolve_against_the_config(tmp_path):
    (tmp_path / "sub").mkdir()
    path = write(tmp_path / "sub", "dataset: data.csv\ninventory: ../inv.yaml\n")
    config = load_config(path)
    assert config.dataset == str((tmp_path / "sub" / "data.csv").resolve())
    assert config.inventory == str((tmp_path / "inv.yaml").resolve())
