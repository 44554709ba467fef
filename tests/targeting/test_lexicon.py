"""The sensitive lexicon: the shipped copies, the categories, overrides and their validation."""

from pathlib import Path

import pytest

from ethicskit.errors import ConfigError
from ethicskit.registry import run_check
from ethicskit.targeting.lexicon import CATEGORIES, DEFAULT_LEXICON, load_lexicon, words_of
from ethicskit.targeting.tokens import match_tokens

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "lexicons" / "sensitive_categories.yaml"


def test_template_and_package_copies_are_identical():
    # the package reads its own copy (works from a wheel); users edit the one in templates/
    assert TEMPLATE.read_bytes() == DEFAULT_LEXICON.read_bytes()


def test_nine_categories_of_checks_md_with_at_least_15_entries_each():
    lexicon = load_lexicon()
    assert set(CATEGORIES) == {"health", "sexual_orientation", "religion", "political",
                               "ethnicity", "trade_union", "genetic", "biometric",
                               "financial_hardship"}
    for category in CATEGORIES:
        assert len(lexicon.entries(category)) >= 15, category


def test_special_categories_are_all_but_financial_hardship():
    from ethicskit.targeting.lexicon import HARDSHIP, SPECIAL_CATEGORIES

    assert SPECIAL_CATEGORIES == ("health", "sexual_orientation", "religion", "political",
                                  "ethnicity", "trade_union", "genetic", "biometric")
    assert HARDSHIP == "financial_hardship" and HARDSHIP not in SPECIAL_CATEGORIES


@pytest.mark.parametrize("word", ["debt", "arrears", "payday", "overdraft", "bankruptcy",
                                  "insolvency", "hardship"])
def test_financial_hardship_words_the_issue_names(word):
    assert word in load_lexicon().words["financial_hardship"]


@pytest.mark.parametrize("word,category", [
    ("diabetes", "health"), ("pregnancy", "health"), ("cancer", "health"),
    ("depression", "health"), ("anxiety", "health"), ("hiv", "health"), ("fertility", "health"),
    ("debt", "financial_hardship"), ("bankruptcy", "financial_hardship"),
    ("payday", "financial_hardship"), ("arrears", "financial_hardship"),
    ("overdraft", "financial_hardship"),
])
def test_words_the_issue_names_are_in_the_lexicon(word, category):
    assert word in load_lexicon().words[category]


def test_weight_loss_is_a_phrase_of_health():
    assert ("weight", "loss") in load_lexicon().phrases["health"]


@pytest.mark.parametrize("token", [
    "running", "gardening", "cooking", "travel", "interest:running", "interest:gardening",
    "interest:cooking", "interest:travel", "interest:hiking", "recency:30d", "tenure:2y+",
    "interest:saving", "budgeting", "home cooks", "green gardeners", "weekend travellers",
    "runners & hikers", "savers club", "car cover", "tech fans", "book lovers",
])
def test_plain_interests_match_no_category(token):
    assert match_tokens([token], load_lexicon()).empty


def test_words_split_on_every_non_letter():
    assert words_of("interest:Weight-Loss_2024 now") == ["interest", "weight", "loss", "now"]


def test_inline_override_replaces_only_the_categories_it_names():
    lexicon = load_lexicon({"health": ["insulin pump", "sleep"]})
    assert lexicon.words["health"] == frozenset({"sleep"})
    assert lexicon.phrases["health"] == (("insulin", "pump"),)
    assert "debt" in lexicon.words["financial_hardship"]  # untouched category keeps its words
    assert lexicon.source == "config"


def test_empty_list_keeps_only_the_match_by_key():
    lexicon = load_lexicon({"health": []})
    assert match_tokens(["pregnancy"], lexicon).empty
    assert list(match_tokens(["health:pregnancy"], lexicon)["category"]) == ["health"]


def test_file_override(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("religion: [pilgrimage]\n", encoding="utf-8")
    lexicon = load_lexicon(str(path))
    assert lexicon.words["religion"] == frozenset({"pilgrimage"})
    assert lexicon.source == str(path)


@pytest.mark.parametrize("override,message", [
    ({"helth": ["x"]},
     "sensitive_lexicon.helth: unknown sensitive category (did you mean 'health'?)"),
    ({"astrology": ["x"]}, "sensitive_lexicon.astrology: unknown sensitive category"),
    ({"health": "diabetes"}, None),  # one word as a string is accepted
    ({"health": {"a": 1}}, "sensitive_lexicon.health: expected a list of words"),
    ({"health": ["ok", "123"]}, "sensitive_lexicon.health[1]: '123' has no letters"),
    ({"health": ["ok", None]}, "sensitive_lexicon.health[1]: expected a word"),
])
def test_bad_overrides_name_the_key(override, message):
    if message is None:
        assert load_lexicon(override).words["health"] == frozenset({"diabetes"})
        return
    with pytest.raises(ConfigError) as err:
        load_lexicon(override)
    assert message in str(err.value)


def test_override_file_problems(tmp_path):
    with pytest.raises(ConfigError, match="sensitive_lexicon: lexicon file not found"):
        load_lexicon(str(tmp_path / "missing.yaml"))
    bad = tmp_path / "list.yaml"
    bad.write_text("- diabetes\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="sensitive_lexicon: expected a mapping"):
        load_lexicon(str(bad))


def test_config_override_reaches_the_check(make_campaign):
    data = {"customer_id": ["a", "b"], "targeted": [True, True],
            "targeting_criteria": ["interest:astrology", "interest:pregnancy"]}
    # with the default lexicon only "pregnancy" (health) matches
    assert run_check("targeting.sensitive_interests", make_campaign(data)).value == 1
    custom = make_campaign(data, sensitive_lexicon={"religion": ["astrology"], "health": []})
    finding = run_check("targeting.sensitive_interests", custom)
    assert (finding.value, finding.details["categories"]) == (1, {"religion": 1})


def test_bad_config_override_is_an_input_error_naming_the_key(make_campaign):
    """A bad lexicon stops the run when the campaign is loaded (exit 2), before any check."""
    from ethicskit.errors import ConfigError

    with pytest.raises(ConfigError, match="sensitive_lexicon.helth"):
        make_campaign({"customer_id": ["a"], "segment": ["x"]},
                      sensitive_lexicon={"helth": ["x"]})
