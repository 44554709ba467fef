"""The words of a finding: a registry row's message template filled with its measure's facts.

Templates are Jinja2 text (a sandboxed environment, no autoescape: messages are plain text and are
escaped where they reach HTML). Filters give the project's wording once:

- ``{{ n | people }}`` -> ``1 person`` / ``1,234 people``; ``{{ n | rows }}`` likewise;
- ``{{ part | pct(whole) }}`` -> ``0.7%`` (``<0.1%`` below a tenth, ``0%`` of nothing);
- ``{{ n | verb("was", "were") }}`` -> the verb agreeing with ``n``;
- ``{{ n | days }}`` -> ``3 days``; ``{{ x | num }}`` -> ``1,234`` / ``0.81``;
- ``{{ x | plural("group") }}`` -> ``group`` / ``groups``.

An unknown field in a template is an error when the check runs (``StrictUndefined``), never a
silently empty message.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment


def people(n) -> str:
    return f"{int(n):,} {'person' if n == 1 else 'people'}"


def rows(n) -> str:
    return f"{int(n):,} {'row' if n == 1 else 'rows'}"


def verb(n, singular: str, plural: str) -> str:
    """The verb agreeing with a count: ``verb(1, "was", "were")`` -> ``was``."""
    return singular if n == 1 else plural


def plural(n, word: str, many: str | None = None) -> str:
    return word if n == 1 else (many or f"{word}s")


def days(n) -> str:
    return f"{n:g} {'day' if n == 1 else 'days'}"


def pct(part, whole) -> str:
    """``part`` as a percentage of ``whole`` with one decimal (``0.7%``)."""
    if not whole:
        return "0%"
    value = 100.0 * part / whole
    return f"{value:.1f}%" if value >= 0.1 or value == 0 else "<0.1%"


def num(value, digits: int = 3) -> str:
    """A number as a reader wants it: integers with separators, others to ``digits``
    significant digits."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if float(value).is_integer() and abs(value) >= 1:
        return f"{int(value):,}"
    return f"{value:.{digits}g}"


FILTERS = {"people": people, "rows": rows, "verb": verb, "plural": plural, "days": days,
           "pct": pct, "num": num}


@lru_cache(maxsize=None)
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                               keep_trailing_newline=False, trim_blocks=True,
                               lstrip_blocks=True)
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=1024)
def _template(text: str):
    return _environment().from_string(text)


def render(template: str, facts: Mapping[str, Any]) -> str:
    """``template`` filled with ``facts``; runs of white space fold to one space."""
    return " ".join(_template(template).render(**facts).split())


def template_for(messages: Mapping[str, str], outcome: str) -> str:
    """The template of ``outcome`` (a status or a skip name), else the row's ``default``."""
    if outcome in messages:
        return messages[outcome]
    if "default" in messages:
        return messages["default"]
    raise KeyError(f"no message template for outcome {outcome!r}")
