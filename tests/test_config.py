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


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"


@pytest.mark.parametrize("loader", ["config", "inventory", "lexicon"])
def test_yaml_anchors_and_aliases_are_refused(tmp_path, loader):
    from ethicskit.inventory import load_inventory
    from ethicskit.targeting.lexicon import load_lexicon

    path = write(tmp_path, BOMB)
    load = {"config": load_config, "inventory": load_inventory,
            "lexicon": lambda p: load_lexicon(str(p))}[loader]
    with pytest.raises(ConfigError, match="YAML anchors and aliases are not accepted") as err:
        load(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("text, expected", [
    ("as_of: 2026-13-45\n", "'2026-13-45' is not a real date"),
    ("as_of: '2026-13-45'\n", "as_of: '2026-13-45' is not a date"),
    ("age_bands: [0, 18, .nan]\n", "age_bands: expected at least two increasing numbers"),
    ("age_bands: [0, 18, .inf]\n", "age_bands: expected at least two increasing numbers"),
    ("date_format: '%Q'\n", "date_format: '%Q' is not a strftime pattern"),
    ("date_format: 'dd/mm/yyyy'\n", "date_format: 'dd/mm/yyyy' has no % directive"),
    ("thresholds: {k_min: 0}\n", "thresholds.k_min: expected a whole number in [1, 1e+09]"),
    ("thresholds: {k_min: 2.5}\n", "thresholds.k_min: expected a whole number in [1, 1e+09]"),
    ("thresholds: {l_min: 10000000000}\n", "thresholds.l_min: expected a whole number in [1, 1e+09]"),
    ("thresholds: {min_group_n: 0}\n", "thresholds.min_group_n: expected a whole number in [1"),
    ("thresholds: {identifier_share: 0}\n", "thresholds.identifier_share: expected a number in (0, 1]"),
    ("thresholds: {identifier_share: 1.5}\n", "thresholds.identifier_share: expected a number in (0, 1]"),
    ("thresholds: {ratio_min: .nan}\n", "thresholds.ratio_min: expected a number in (0, 1e+09]"),
    ("thresholds: {ratio_min: 1.5, ratio_max: 1.2}\n", "thresholds.ratio_min: must be below thresholds.ratio_max"),
    ("thresholds: {retention_days: -1}\n", "thresholds.retention_days: expected a number in [0, 1e+09]"),
    ("thresholds: {erasure_days: {US: -5}}\n", "thresholds.erasure_days.US: expected a number in [0"),
    ("thresholds: {optout_grace_days: .inf}\n", "thresholds.optout_grace_days: expected a number in [0"),
    ("population_shares: {gender: {female: .nan}}\n", "population_shares.gender: expected"),
])
def test_config_values_are_validated_at_load(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}: ")
    assert expected in str(err.value)
    assert len(str(err.value).splitlines()) <= 2


@pytest.mark.parametrize("text", ["date_format: '%d/%m/%Y'\n", "date_format: '%Y%m%d %H:%M'\n",
                                  "thresholds: {k_min: 1, ratio_min: 0.5, ratio_max: 2}\n",
                                  "thresholds: {optout_grace_days: 0}\n", "as_of: 2026-02-28\n"])
def test_valid_config_values_pass(tmp_path, text):
    load_config(write(tmp_path, text))


@pytest.mark.parametrize("text, expected", [
    ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", "YAML nested too deeply"),
    ("name: &n x\nother: *n\n", "YAML anchors and aliases are not accepted (line 1)"),
    ("<<: {name: x}\n", None),  # a merge key without an alias is plain YAML
])
def test_yaml_loader_is_bounded(tmp_path, text, expected):
    import re

    path = write(tmp_path, text)
    if expected is None:
        assert load_config(path).name == "x"
        return
    with pytest.raises(ConfigError, match=re.escape(expected)):
        load_config(path)


def test_a_fifo_config_is_refused(tmp_path):
    import os

    path = tmp_path / "c.yaml"
    os.mkfifo(path)
    with pytest.raises(ConfigError, match="is not a regular file"):
        load_config(path)


def test_fractional_age_bands_are_refused():
    from ethicskit.config import validate
    from ethicskit.errors import ConfigError

    with pytest.raises(ConfigError, match="age_bands: expected whole years"):
        validate({"age_bands": [0, 17.5, 40, 200]})
    assert validate({"age_bands": [0, 18.0, 200]}).age_bands == [0, 18.0, 200]
