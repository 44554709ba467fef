"""Group labels, the decision column, the counts reduction and the quiet aif360 of the tests."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ethicskit.bias import groups as G
from ethicskit.bias.checks import reduce
from ethicskit.errors import DataError, InputError


@pytest.mark.parametrize("values, expected", [
    (["a", None, "b"], ["a", "(missing)", "b"]),
    ([1.0, np.nan, 3.0], ["1", "(missing)", "3"]),  # whole floats read like the file's values
    ([1.5, 2.0], ["1.5", "2.0"]),
    (pd.array([True, None, False], dtype="boolean"), ["true", "(missing)", "false"]),
    ([3, 4], ["3", "4"]),
])
def test_labels(values, expected):
    assert G.labels(pd.Series(values)).tolist() == expected


def test_categories_sort_naturally_with_missing_last():
    labels = pd.Series(["65+", "5-9", "(missing)", "10-14", "b", "a"])
    assert G.categories(labels) == ["5-9", "10-14", "65+", "a", "b", "(missing)"]


@pytest.mark.parametrize("value, known, expected", [
    ("male", ["female", "male"], "male"),
    ("Male", ["female", "male"], "male"),
    (True, ["no", "yes"], "yes"),  # YAML reads `yes` as True
    (False, ["no", "yes"], "no"),
    (1, ["1", "2"], "1"),
    (1.0, ["1", "2"], "1"),
    ("x", ["a"], None),
])
def test_match_label(value, known, expected):
    assert G.match_label(value, known) == expected


def test_decision_from_an_unmapped_yes_no_column(make_campaign):
    c = make_campaign({"customer_id": ["a", "b", "c", "d"], "gender": ["f", "f", "m", "m"],
                       "y": ["yes", "no", None, "YES"]}, decision="y")
    selected, nulls = G.as_bool(c, c.decision)
    assert selected.tolist() == [True, False, False, True]  # empty decision = not selected
    assert nulls == 1


def test_a_decision_column_that_is_not_bool_like_is_an_input_error(make_campaign):
    frame = {"customer_id": ["a", "b"], "gender": ["f", "m"], "y": ["yes", "maybe"]}
    with pytest.raises(DataError, match="'y'") as err:  # refused at load
        make_campaign(frame, decision="y")
    assert isinstance(err.value, InputError)
    # a frame changed after load (a notebook's own edit) is refused by the bias checks
    c = make_campaign({**frame, "y": ["yes", "no"]}, decision="y")
    c.df["y"] = pd.Series(["yes", "maybe"], dtype=object)
    with pytest.raises(DataError, match="'y'") as err:
        G.as_bool(c, "y")
    assert isinstance(err.value, InputError)
    from ethicskit.registry import run_check

    f = run_check("bias.selection_rate", c)
    assert f.status == "error" and "'y'" in f.message


def test_attributes_skip_what_the_data_lack(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "gender": ["f", "m"], "targeted": [1, 0]})
    attrs, notes = G.attributes(c)  # default list: only gender is present
    assert [a.name for a in attrs] == ["gender"] and notes == []


def test_counts_reduce_every_row_once_and_are_not_cached(make_campaign):
    c = make_campaign({"customer_id": list("abcdef"), "gender": ["f", "f", "m", None, "m", "m"],
                       "ethnicity": ["x", "y", "x", "x", None, "y"],
                       "targeted": [1, 0, 1, 1, 0, 0], "outcome": [1, None, 0, 1, 0, 1],
                       "offer_value": [5.0, None, 7.0, 9.0, 3.0, None]},
                      protected_attributes=["gender", "ethnicity"])
    k = reduce(c)
    assert k.cells["n"].sum() == 6
    assert k.categories == [["f", "m", "(missing)"], ["x", "y", "(missing)"]]
    # offers among targeted rows only: 5, 7, 9 (row e is not targeted)
    assert k.cells["offer_n"].sum() == 3
    assert k.offer_shift == pytest.approx(7.0)
    assert reduce(c) is not k and reduce(c).cells.equals(k.cells)  # a pure function


@pytest.mark.slow
def test_the_aif360_of_the_tests_is_imported_silently():
    code = ("import logging; from helpers import aif; aif.aif(); "
            "print(len(logging.getLogger().handlers), logging.getLogger().level)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parents[1])
    assert out.stderr == ""
    assert out.stdout.split() == ["0", "30"]  # no handler installed, level restored (WARNING)


@pytest.mark.parametrize("values", [
    ["b", None, "a", "b", "c", None, "a"],
    [None, "x", "x", "y"],
    ["10", "9", "10", None, "9"],
    ["only"] * 5,
    ["a"] * 1500 + [None, "b"],  # a value first seen after the first thousand rows
])
def test_label_codes_of_categories_equal_those_of_text(values):
    text = pd.Series(values, dtype="str")
    with_unused = pd.Categorical(values, categories=sorted({v for v in values if v}) + ["zz"])
    for encoded in (pd.Series(pd.Categorical(values)), pd.Series(with_unused)):
        codes, names = G.label_codes(encoded)
        expected_codes, expected_names = G.label_codes(text)
        assert names == expected_names  # first appearance, (missing) where it first appears
        assert codes.tolist() == expected_codes.tolist()


@pytest.mark.parametrize("values", [
    ["b", None, "a", "b", "c", None, "a"],
    ["10", "9", "10", None, "9", "x"],
    ["only"] * 5,
    [None, None],
])
def test_natural_codes_of_categories_equal_those_of_text(values):
    text = pd.Series(values, dtype="str")
    codes, names = G.label_codes(text)
    natural = sorted(names, key=G.sort_key)
    expected = [natural.index(names[c]) for c in codes]
    for s in (text, pd.Series(pd.Categorical(values)),
              pd.Series(pd.Categorical(values, categories=["zz", *sorted({v for v in values
                                                                           if v})]))):
        got_codes, got_names = G.natural_codes(s)
        assert got_names == natural and got_codes.tolist() == expected
