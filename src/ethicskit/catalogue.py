"""The catalogue of checks, written from the registry: ``ethicskit checks`` and docs/checks.md.

Everything here is read from :data:`ethicskit.registry.CHECKS` and
:data:`ethicskit.thresholds.THRESHOLDS`: ids, titles, severities, needed columns, the status rule
of each row, the thresholds with their defaults and units, and the references. What a check
counts is the first paragraph of its metric's docstring, so the code and its documentation are
written in one place. :func:`markdown` is the text of ``docs/checks.md`` (a test keeps the
committed file equal to it); :func:`table` is the plain text the command prints (by area, one
block per check, at most 100 columns).
"""

from __future__ import annotations

import inspect
import re
import textwrap
from typing import Any, Callable, Iterable

from ethicskit.check import Check, Rule
from ethicskit.findings import AREAS, STATUSES
from ethicskit.paths import AREA_NOTEBOOKS
from ethicskit.thresholds import THRESHOLDS, UNITS

#: The command that writes docs/checks.md.
REGENERATE = "ethicskit checks --markdown --out docs/checks.md"



# ---------------------------------------------------------------------------- one row, in words
def metric_function(row: Check) -> Callable:
    """The function that computes ``row``: its metric."""
    return row.metric


_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")  # :func:`x` -> `x`
_CONTRACT = (  # the project's own documents, never a file outside the repository
    (re.compile(r"\bDATA\.md(,? section \d+)?"), "docs/data.md"),
    (re.compile(r"\b(?:CHECKS|RULES)\.md(, [A-Z][a-z]+)?"), "docs/checks.md"),
)


def clean(text: str) -> str:
    """Docstring text as one paragraph of Markdown: lines joined, reST roles and double
    backquotes as plain code spans."""
    text = " ".join(text.split())
    text = _ROLE.sub(lambda m: f"`{m.group(1).rsplit('.', 1)[-1]}`", text)
    text = text.replace("``", "`")
    for pattern, own in _CONTRACT:
        text = pattern.sub(own, text)
    return text


def counts(row: Check) -> str:
    """What ``row`` counts: the first paragraph of its metric's docstring, as one paragraph."""
    doc = inspect.getdoc(metric_function(row)) or ""
    first = doc.strip().split("\n\n", 1)[0]
    text = clean(first)
    prefix = f"`{row.id}`:"
    if text.startswith(prefix):
        text = text[len(prefix):].strip()
        text = text[:1].upper() + text[1:]
    return text or "(not documented)"


def number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def default_of(name: str) -> Any:
    """The default of a threshold."""
    return THRESHOLDS[name]


def threshold_text(name: str) -> str:
    """``k_min = 5 people per class``."""
    return f"{name} = {number(default_of(name))} {UNITS[name]}"


def limit_text(rule: Rule) -> str:
    if isinstance(rule.limit, str):
        return f"{rule.limit} ({number(default_of(rule.limit))})"
    return number(rule.limit)


def rule_text(row: Check) -> str:
    """The status rule of ``row`` in words: ``fail if affected_rows > 0``, ``warn if value <
    k_min (5)``, ``info``."""
    rule = row.rule
    if rule.level == "info":
        return "info"
    text = f"{rule.level} if {rule.on} {rule.op} {limit_text(rule)}"
    if rule.law:
        text += f" where {rule.law} holds (the rule is law there), else {rule.otherwise}"
    if rule.passed != "pass":
        text += f"; else {rule.passed}"
    return text


def needs_text(row: Check) -> str:
    return "; ".join(" or ".join(group) for group in row.needs)


def rows_of(area: str, checks: Iterable[Check]) -> list[Check]:
    return [row for row in checks if row.area == area]


def _checks() -> tuple[Check, ...]:
    from ethicskit.registry import CHECKS

    return CHECKS


# ---------------------------------------------------------------------------- docs/checks.md
INTRO = """\
# The checks of ethicskit

Every check the suite runs, written from its table of checks (`ethicskit.registry`) by the
command below; a test keeps this file equal to what the command writes, so it says what the code
does. Column names are the logical names of the campaign dataset ([docs/data.md](data.md)).

    {regenerate}

Each check is one row of the table: a **metric** that counts (what it counts is below, taken from
the metric's own documentation), a **status rule** applied to what the metric measured, and the
words of its message. A check produces one finding ([docs/data.md](data.md) describes it):

- A check whose needed columns are missing from the dataset is `not_evaluated` and names them; it
  never reports `pass`. "Needs" lists column groups separated by `;`: every group must have one
  of its alternatives (joined by "or") in the data.
- The status rule reads one number of the measure (`affected_rows`, `value` or a named fact) and
  compares it with a limit: a number, or a threshold by name. When the comparison holds, the
  status is the rule's level (`fail` or `warn`), else `pass`. A rule of level `info` reports the
  check without judgement: its status is always `info`.
- A rule can depend on where the breach is: `fail` where at least one affected person is in a
  jurisdiction where the rule is law (or, for the bias checks, the decision is one of credit,
  housing or employment), `warn` where the affected are all elsewhere. `fail` always means a
  breach of a rule of the rule pack (law or a platform's hard rule); norms, risks and statistical
  screens are `warn`.
- A check that raises an exception is `error`, with the exception's last line as its message.

Legal parameters (the consent basis of each channel, grace periods, deadlines, ages, the states
whose law makes a browser's opt-out signal binding) are not thresholds: they live in the rule pack
(`templates/rules.yaml`, overridden under `rules:` in a config), per jurisdiction, each with its
legal reference and review date; `ethicskit rules [--country XX]` prints the values in force.
Every finding that uses the pack has `details.by_jurisdiction` (people judged and affected per
jurisdiction) and `details.fallback_rows` (rows judged by `default_jurisdiction`).

Aggregated data (a `weight` column: how many people or impressions a row stands for): every
count of people (`n`, selected people, true and false positives, class and audience sizes,
`affected_rows`, shares) is the sum of the weights of the rows concerned, exactly as if each row
were repeated `weight` times, and `details.weighted` is true; a row of weight 0 counts as absent.
With `selected_count` as well and `decision: selected_count`, a row stands for its selected
people and its other people, as if it were two rows; for error rates a row's `outcome` (and
`prediction`) holds for all its people, and without a `prediction` column the selected part counts
as predicted positive. Evidence (`customer_ids`) and `suppress.csv` stay per row.

Thresholds have the defaults below; a campaign config overrides any of them by name under
`thresholds:`. Units are what the number measures.
"""


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def _code_list(names: Iterable[str], sep: str = ", ") -> str:
    return sep.join(f"`{n}`" for n in names)


def _needs_md(row: Check) -> str:
    if not row.needs:
        return "no column declared (the check decides from the data and the config)"
    return "; ".join(" or ".join(f"`{n}`" for n in group) for group in row.needs)


def _rule_md(row: Check) -> str:
    rule = row.rule
    if rule.level == "info":
        return "`info` (reported without judgement)"
    if rule.law:
        return (f"`{rule.level}` if `{rule.on}` {rule.op} {_limit_md(rule)} and `{rule.law}` "
                f"(the breach is where the rule is law), `{rule.otherwise}` if only the first "
                f"holds, else `{rule.passed}`")
    return f"`{rule.level}` if `{rule.on}` {rule.op} {_limit_md(rule)}, else `{rule.passed}`"


def _limit_md(rule: Rule) -> str:
    if isinstance(rule.limit, str):
        return f"`{rule.limit}` ({number(default_of(rule.limit))})"
    return number(rule.limit)


def _threshold_md(name: str) -> str:
    return f"`{name}` = {number(default_of(name))} {UNITS[name]}"


def _used_by(name: str, checks) -> list[str]:
    return [row.id for row in checks if name in row.thresholds]


def markdown() -> str:
    """The text of docs/checks.md."""
    checks = _checks()
    out = [INTRO.format(regenerate=REGENERATE)]
    out += ["| threshold | default | unit | used by |", "|---|---|---|---|"]
    for name in THRESHOLDS:
        default = number(default_of(name))
        out.append(f"| `{name}` | {_md(default)} | {UNITS[name]} | "
                   f"{_code_list(_used_by(name, checks)) or 'no check yet'} |")
    out.append("")
    for area in AREAS:
        rows = rows_of(area, checks)
        notebook = AREA_NOTEBOOKS[area].removesuffix(".ipynb")
        out += [f"## {area.capitalize()}", "",
                f"{len(rows)} checks, run by the notebook `{notebook}`.", "",
                "| id | title | severity | status |", "|---|---|---|---|"]
        out += [f"| `{r.id}` | {_md(r.title)} | {r.severity} | {_md(_rule_md(r))} |"
                for r in rows]
        out.append("")
        for row in rows:
            out += [f"### `{row.id}`", "", f"{row.title}.", "",
                    f"- **Severity:** {row.severity}",
                    f"- **Needs:** {_needs_md(row)}"]
            if row.reads:
                out.append(f"- **Also reads:** {_code_list(row.reads)}")
            out += [f"- **Counts:** {counts(row)}",
                    f"- **Status:** {_rule_md(row)}"]
            skips = [k for k in row.messages if k not in STATUSES and k != "default"]
            if skips:
                out.append("- **Not evaluated also when:** "
                           + "; ".join(k.replace("_", " ") for k in skips))
            out += ["- **Thresholds:** " + ("; ".join(_threshold_md(t) for t in row.thresholds)
                                            or "none"),
                    "- **References:** " + ("; ".join(row.references) or "none")]
            if row.remediation:
                out.append(f"- **What to do:** {' '.join(row.remediation.split())}")
            out.append("")
    out.append(f"{len(checks)} checks in all.")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------- ethicskit checks
#: The labels of a check's lines in the plain catalogue, and their width.
LABELS = ("status", "needs", "thresholds")
LABEL_WIDTH = 2 + max(len(label) for label in LABELS) + 2


def _wrap(text: str, width: int) -> list[str]:
    """``text`` wrapped to ``width``; a word is broken only when it is longer than a line."""
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _field(label: str, pieces: list[str], width: int) -> list[str]:
    """``  label      piece`` lines: each piece on lines of its own, wrapped under the first,
    never parting ``name = default``."""
    room = max(10, width - LABEL_WIDTH)
    lines: list[str] = []
    for piece in pieces:
        piece = piece.replace(" = ", "\xa0=\xa0")
        lines += [line.replace("\xa0", " ") for line in _wrap(piece, room)]
    head = f"  {label}".ljust(LABEL_WIDTH)
    return [head + lines[0]] + [" " * LABEL_WIDTH + line for line in lines[1:]]


def check_lines(row: Check, width: int = 100) -> list[str]:
    """One check in the plain catalogue: its id and title, then its severity and status rule,
    the columns it needs and its thresholds with their defaults and units."""
    first = f"{row.id}  {row.title}"
    lines = _wrap(first, width) if len(row.id) + 2 < width else _wrap(row.id, width) + [
        "  " + line for line in _wrap(row.title, width - 2)]
    if len(lines) > 1:  # the title's continuation lines under the title, not under the id
        indent = len(row.id) + 2 if len(row.id) + 2 < width // 2 else 2
        lines = [lines[0]] + [" " * indent + line
                              for line in _wrap(" ".join(lines[1:]), width - indent)]
    lines += _field("status", [f"{row.severity} severity; {rule_text(row)}"], width)
    lines += _field("needs", [_needs_words(row)], width)
    lines += _field("thresholds", [threshold_text(t) for t in row.thresholds] or ["none"],
                    width)
    return lines


def _needs_words(row: Check) -> str:
    """``consent_ts and contact_ts``, ``age and (targeting_criteria or inferred_segments)``."""
    if not row.needs:
        return "no column (the check decides from the data and the config)"
    groups = [" or ".join(group) for group in row.needs]
    if len(groups) > 1:
        groups = [f"({g})" if len(group) > 1 else g for g, group in zip(groups, row.needs)]
    return " and ".join(groups)


def table(width: int = 100) -> str:
    """The catalogue as plain text no wider than ``width``: the checks by area, each with its
    status rule, needed columns and thresholds (default and unit), long lines wrapped."""
    checks = _checks()
    out: list[str] = []
    out += _wrap(f"{len(checks)} checks by area. A check whose needed columns are missing is "
                 "not_evaluated. A config overrides any threshold by name under `thresholds:`.",
                 width)
    for area in AREAS:
        rows = rows_of(area, checks)
        if not rows:
            continue
        title = f"{area.upper()} ({len(rows)} checks, notebook " \
                f"{AREA_NOTEBOOKS[area].removesuffix('.ipynb')})"
        out += ["", title, "=" * min(len(title), width)]
        for row in rows:
            out += [""] + check_lines(row, width)
    out.append("")
    out += _wrap(f"{len(checks)} checks. Each check in full: docs/checks.md ({REGENERATE}).",
                 width)
    return "\n".join(line.rstrip() for line in out) + "\n"
