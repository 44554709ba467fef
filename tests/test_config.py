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
    ({"thresholds": {"erasure_days": 30}}, "thresholds.erasure_days: is a legal parameter now "
     "and lives in the rule pack; set it per jurisdiction with rules: {<JURISDICTION>: "
     "{erasure: {days: N, extension: N}}}"),
    ({"thresholds": {"optout_grace_days": 0}}, "thresholds.optout_grace_days: is a legal "
     "parameter now and lives in the rule pack; set it per jurisdiction with rules: "
     "{<JURISDICTION>: {optout_grace:"),
    ({"thresholds": {"digital_consent_age": 15}}, "thresholds.digital_consent_age: is a legal "
     "parameter now"),
    ({"rules": {"US": {"optout_grce": {"days": 5}}}},
     "rules.US.optout_grce: unknown rule parameter (did you mean 'optout_grace'?)"),
    ({"rules": {"US": {"optout_grace": {"dayz": 5}}}},
     "rules.US.optout_grace.dayz: unknown field (did you mean 'days'?)"),
    ({"rules": {"US": {"optout_grace": {"days": -1}}}},
     "rules.US.optout_grace.days: expected a whole number in [0, 3650], got -1"),
    ({"rules": {"GB": {"consent": {"emial": {"basis": "opt_in"}}}}},
     "rules.GB.consent.emial: unknown channel (did you mean 'email'?)"),
    ({"rules": {"GB": {"consent": {"email": {"basis": "optin"}}}}},
     "rules.GB.consent.email.basis: expected one of opt_in, opt_out, none, got 'optin' "
     "(did you mean 'opt_in'?)"),
    ({"rules": {"AU": {"optout_grace": {"days": 5}}}},
     "rules.AU.optout_grace: the entry sets no business and inherits none"),
    ({"rules": {"Europe": {}}}, "rules.Europe: 'Europe' is not a jurisdiction"),
    ({"rules": {False: {}}}, "rules.False: YAML read False here"),
    ({"rules": {"XX-YY": {"optout_signal": {"honour": True}}}},
     "rules.XX-YY: the rule pack has no entry for its country 'XX'"),
    ({"rules": {"eu_eea": ["FR"]}}, "rules.eu_eea: is part of the pack's structure"),
    ({"default_jurisdiction": "Mars"}, "default_jurisdiction: 'Mars' is not an entry of the "
     "rule pack"),
    ({"decision_domain": "credt"}, "decision_domain: expected one of credit, housing, "
     "employment, insurance, general, got 'credt' (did you mean 'credit'?)"),
    ({"decision_favourable": "no"}, "decision_favourable: expected true or false, got 'no'"),
    ({"tcf_vendor_id": 0}, "tcf_vendor_id: expected a TCF vendor id from 1 to 65535"),
    ({"tcf_vendor_id": True}, "tcf_vendor_id: expected a TCF vendor id"),
    ({"controller": {"nmae": "X"}}, "controller.nmae: unknown key (did you mean 'name'?)"),
    ({"controller": {"name": 3}}, "controller.name: expected text, got 3"),
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


def test_v2_keys_are_read_and_normalised():
    config = validate({"rules": {"us": {"optout_grace": {"days": 5, "business": True}},
                                 "uk": {"erasure": {"extension": 0}}},
                       "default_jurisdiction": "uk", "decision_domain": "Credit",
                       "decision_favourable": False, "tcf_vendor_id": 755,
                       "controller": {"name": " Example Bank plc ", "supervisory_authority": "ICO"}})
    assert config.rules == {"US": {"optout_grace": {"days": 5, "business": True}},
                            "GB": {"erasure": {"extension": 0}}}
    assert config.default_jurisdiction == "GB"
    assert config.decision_domain == "credit"
    assert config.decision_favourable is False
    assert config.tcf_vendor_id == 755
    assert config.controller == {"name": "Example Bank plc", "supervisory_authority": "ICO"}


def test_v2_defaults():
    config = Config()
    assert (config.rules, config.default_jurisdiction, config.decision_domain,
            config.decision_favourable, config.tcf_vendor_id, config.controller) == (
        {}, "EU", None, True, None, None)


def test_a_new_jurisdiction_with_a_parent_and_a_default_jurisdiction_it_defines():
    config = validate({"rules": {"AU": {"parent": "GB", "name": "Australia"}},
                       "default_jurisdiction": "AU"})
    assert config.default_jurisdiction == "AU"


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
    ("thresholds: {retention_days: -5}\n", "thresholds.retention_days: expected a number in [0"),
    ("thresholds: {retention_days: .inf}\n", "thresholds.retention_days: expected a number in [0"),
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
                                  "thresholds: {retention_days: 30}\n", "as_of: 2026-02-28\n"])
def test_valid_config_values_pass(tmp_path, text):
    load_config(write(tmp_path, text))


@pytest.mark.parametrize("text, expected", [
    ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", "YAML nested too deeply"),
    ("name: &n x\nother: *n\n", "YAML anchors and aliases are not accepted (line 1)"),
    ("<<: {name: x}\n", None),  # a merge key without an alias is plain YAML
])
@pytest.mark.slow
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


# ---------------------------------------------------------------- derive and date_format
@pytest.mark.parametrize("text, expected", [
    ("date_format: {Dt_Customer: '%Q'}\n", "date_format.Dt_Customer: '%Q' is not a strftime "
                                            "pattern"),
    ("date_format: {Dt_Customer: 'dd-mm-yyyy'}\n", "date_format.Dt_Customer: 'dd-mm-yyyy' has "
                                                  "no % directive"),
    ("date_format: {Dt_Customer: 5}\n", "date_format.Dt_Customer: expected a strftime format"),
    ("date_format: {}\n", "date_format: expected a format or a mapping column -> format"),
    ("date_format: [1]\n", "date_format: expected a strftime format such as %d/%m/%Y, or a "
                           "mapping"),
    ("derive: {targted: 'x > 0'}\n", "derive.targted: not a logical column of the data contract "
                                     "(did you mean 'targeted'?)"),
    ("derive: {targeted: ''}\n", "derive.targeted: the expression is empty"),
    ("derive: {targeted: [x]}\n", "derive.targeted: expected an SQL expression (text)"),
    ("derive: {targeted: true}\n", "derive.targeted: expected an SQL expression (text)"),
    ("derive: 'targeted: x'\n", "derive: expected a mapping logical name -> SQL expression"),
    ("columns: {targeted: Response}\nderive: {targeted: 'Approved_Conversion > 0'}\n",
     "derive.targeted: targeted is also mapped by columns.targeted ('Response'); keep one of "
     "the two"),
])
def test_derive_and_date_format_are_validated(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}: ")
    assert expected in str(err.value)


def test_derive_and_date_format_mapping_are_kept():
    config = validate({"date_format": {"Dt_Customer": "%d-%m-%Y", "birth_date": "%Y"},
                       "derive": {"targeted": " Approved_Conversion > 0 ", "score": 1}})
    assert config.date_format == {"Dt_Customer": "%d-%m-%Y", "birth_date": "%Y"}
    assert config.derive == {"targeted": "Approved_Conversion > 0", "score": "1"}
    assert validate({}).derive == {} and validate({}).date_format is None
