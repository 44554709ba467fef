"""Message templates and their filters."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

from ethicskit.messages import pct, people, render, template_for


@pytest.mark.parametrize("n, text", [(1, "1 person"), (2, "2 people"), (1234, "1,234 people")])
def test_people(n, text):
    assert people(n) == text


@pytest.mark.parametrize("part, whole, text", [(7, 1000, "0.7%"), (0, 10, "0.0%"),
                                               (1, 10000, "<0.1%"), (3, 0, "0%")])
def test_pct(part, whole, text):
    assert pct(part, whole) == text


def test_render_folds_white_space_and_uses_filters():
    text = render("{{ n | people }} {{ n | verb('was', 'were') }}\n  contacted"
                  "{% if extra %} ({{ extra }}){% endif %}.", {"n": 1, "extra": ""})
    assert text == "1 person was contacted."


def test_unknown_field_is_an_error_not_an_empty_message():
    with pytest.raises(UndefinedError):
        render("{{ missing }}", {})


def test_values_from_the_data_are_not_evaluated_and_the_sandbox_holds():
    assert render("Segment {{ s }}.", {"s": "{{ 7*7 }}"}) == "Segment {{ 7*7 }}."
    with pytest.raises(SecurityError):
        render("{{ x.__class__.__mro__[1].__subclasses__() }}", {"x": 1})


def test_template_for_falls_back_to_default():
    assert template_for({"fail": "F", "default": "D"}, "pass") == "D"
    with pytest.raises(KeyError):
        template_for({"fail": "F"}, "pass")
