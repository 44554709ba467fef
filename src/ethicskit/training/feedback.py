"""Self-checks: an answer in, friendly words out ("Right: ..." or a hint), never a traceback.

:func:`check_answer` reads whatever a trainee typed (a number, a string with a number in it, a
percentage, a list, a letter, None) and compares it with the right answer of the scenario the
exercise runs on. Every problem, including one in this module, becomes a hint that says how to
write the answer; nothing is raised. Hints describe the method and never state the answer.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any

from ethicskit.training.exercises import EXERCISES, Exercise

VERDICTS = {"right": ("Right:", "#067647", "#ecfdf3"),
            "almost": ("Almost:", "#b54708", "#fffaeb"),
            "hint": ("Not quite:", "#b54708", "#fffaeb"),
            "empty": ("Not answered yet:", "#475467", "#f2f4f7")}
NONE_WORDS = {"none", "no", "nothing", "nobody", "no one", "-", "0 cards", "empty"}


class Feedback:
    """The answer to a self-check: ``verdict`` (right, almost, hint, empty) and a sentence."""

    def __init__(self, verdict: str, text: str) -> None:
        self.verdict = verdict
        self.text = text

    @property
    def ok(self) -> bool:
        return self.verdict == "right"

    def __str__(self) -> str:
        return f"{VERDICTS[self.verdict][0]} {self.text}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        label, colour, background = VERDICTS[self.verdict]
        return (f'<div class="ek-feedback ek-{self.verdict}" style="border-left:5px solid '
                f'{colour};background:{background};padding:6px 12px;margin:6px 0">'
                f'<strong>{html.escape(label)}</strong> {html.escape(self.text)}</div>')


def _right(text: str) -> Feedback:
    return Feedback("right", text)


def _hint(text: str) -> Feedback:
    return Feedback("hint", text)


# ---------------------------------------------------------------- reading what was typed
def _blank(answer: Any) -> bool:
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str) and not answer.strip():
        return True
    if isinstance(answer, float) and math.isnan(answer):
        return True
    return False


_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?|[-+]?\.\d+")
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _what(value: Any) -> str:
    """A value's kind in plain words, for hints."""
    if isinstance(value, bool):
        return "True or False"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a dictionary"
    return f"a {type(value).__name__}"


def _to_float(token: str) -> float:
    """``1,234`` is a thousand and more; ``0,7`` is a decimal comma."""
    if "," in token and not _THOUSANDS.fullmatch(token):
        return float(token.replace(",", ".", 1).replace(",", ""))
    return float(token.replace(",", ""))


def read_number(answer: Any) -> tuple[float | None, bool, str]:
    """``(number, was_percent, problem)``: a number from an int, float or text ("14 people",
    "0.7", "70%"); ``problem`` says in words what could not be read."""
    if isinstance(answer, bool):
        return None, False, "True and False are not numbers"
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        value = float(answer)
        if math.isinf(value):
            return None, False, "that is not a finite number"
        return value, False, ""
    if hasattr(answer, "item") and not isinstance(answer, (str, bytes)):  # numpy scalars
        try:
            return read_number(answer.item())
        except Exception:  # noqa: BLE001 - anything unreadable becomes a hint
            return None, False, "that value could not be read as a number"
    if isinstance(answer, (list, tuple, set)) and len(answer) == 1:
        return read_number(next(iter(answer)))
    if isinstance(answer, str):
        found = _NUMBER.findall(answer)
        if len(found) == 1:
            return _to_float(found[0]), "%" in answer, ""
        if len(found) > 1:
            return None, False, f"{answer!r} holds {len(found)} numbers; give just one"
        return None, False, f"{answer!r} has no number in it"
    return None, False, f"{_what(answer)} is not a number"


def read_items(answer: Any) -> tuple[list[str] | None, str]:
    """``(items, problem)``: a list, tuple or set of strings, or one string separated by commas,
    semicolons, spaces or "and"; items trimmed, empty ones dropped."""
    if isinstance(answer, str):
        parts = re.split(r"[,;\n]+|\s+and\s+", answer)
        if len(parts) == 1:
            parts = answer.split()
            if len(parts) > 1 and not all(len(p) <= 4 for p in parts):
                parts = [answer]  # a name with spaces, such as "Home Cooks"
        return [p.strip().strip("'\"") for p in parts if p.strip().strip("'\"")], ""
    if isinstance(answer, (list, tuple, set, frozenset)):
        items = []
        for item in answer:
            if not isinstance(item, str):
                return None, (f"{item!r} in your list is not text; put each answer in quotes, "
                              f"like \"X10\"")
            if item.strip():
                items.append(item.strip())
        return items, ""
    if hasattr(answer, "tolist"):  # numpy arrays, pandas Series
        return read_items(list(answer.tolist()))
    return None, f"{_what(answer)} is not a list of answers"


def _listing(items) -> str:
    items = list(items)
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------- one function per kind
def _count(ex: Exercise, answer: Any, right: int) -> Feedback:
    value, _, problem = read_number(answer)
    if problem:
        return _hint(f"{problem}. Give a whole number, like {ex.example}.")
    if value < 0:
        return _hint("a count of people cannot be negative. " + ex.hint)
    if not float(value).is_integer():
        return _hint(f"{value:g} is not a whole number of people. " + ex.hint)
    value = int(value)
    if value == right:
        return _right(_first_sentence(ex.explain, f"{right:,}"))
    direction = "too many" if value > right else "too few"
    return _hint(f"{value:,} is {direction}. {ex.hint}")


def _ratio(ex: Exercise, answer: Any, right: float) -> Feedback:
    value, percent, problem = read_number(answer)
    if problem:
        return _hint(f"{problem}. Give the ratio as a decimal, like {ex.example}.")
    if percent or 1.5 < value <= 100:
        return _hint(f"{value:g} looks like a percentage; give the ratio as a decimal between 0 "
                     f"and 1.5, like {ex.example}.")
    if value <= 0:
        return _hint(f"a ratio of rates is above 0. {ex.hint}")
    if abs(value - right) <= ex.tolerance:
        return _right(f"{value:g} is close enough (within {ex.tolerance:g}). "
                      + _first_sentence(ex.explain, f"{right:.2f}"))
    if right and abs(1 / value - right) <= ex.tolerance:
        return _hint("that is the ratio upside down: the group you are asked about goes on "
                     "top, the reference group below.")
    return _hint(f"{value:g} is not it. {ex.hint}")


def _choice(ex: Exercise, answer: Any, right: str) -> Feedback:
    letters = ", ".join(ex.options)
    if not isinstance(answer, str):
        return _hint(f"answer with the letter of one option in quotes ({letters}), like "
                     f"{ex.example}.")
    text = answer.strip().strip("()").rstrip(").:").strip().lower()
    by_text = {v.lower().rstrip("."): k for k, v in ex.options.items()}
    letter = text if text in ex.options else by_text.get(text.rstrip("."))
    if letter is None:
        return _hint(f"{answer!r} is not one of the options; answer with one letter: {letters}.")
    if letter == right:
        return _right(f"({letter}) {ex.options[letter]}")
    return _hint(ex.option_hints.get(letter) or ex.hint)


def _canon(scenario, ex: Exercise) -> dict[str, str]:
    """What a names-type answer may name: lower-cased spelling -> canonical name."""
    tables = getattr(scenario, "tables", {}) or {}
    if ex.id.startswith("creepy."):
        cards = tables.get("cards", {})
        out = {letter.lower(): letter for letter in cards.values()}
        out.update({name.lower(): letter for name, letter in cards.items()})
        return out
    if ex.id == "bias.proxy":
        return {f.lower(): f for f in getattr(scenario, "model_features", [])}
    names = list(getattr(scenario, "dataset_columns", []))
    inventory = getattr(scenario, "inventory", None)
    if inventory is not None:
        names += list(inventory.columns)
    return {n.lower(): n for n in names}


def _names(ex: Exercise, answer: Any, right: list[str], scenario) -> Feedback:
    items, problem = read_items(answer)
    if problem:
        return _hint(f"{problem}. Write a list in quotes, like {ex.example}, or \"none\".")
    if len(items) == 1 and items[0].lower() in NONE_WORDS:
        items = []
    canon = _canon(scenario, ex)
    unknown = [i for i in items if i.lower() not in canon]
    if unknown:
        what = "card" if ex.id.startswith("creepy.") else "column"
        return _hint(f"{_listing(repr(u) for u in unknown)} is not a {what} shown here; check "
                     f"the spelling against the table.")
    given = {canon[i.lower()] for i in items}
    want = set(right)
    if given == want:
        return _right(_first_sentence(ex.explain, _listing(sorted(want)) if want else "none"))
    missing, extra = want - given, given - want
    parts = []
    if given & want:
        parts.append(f"{len(given & want)} of your answers {'is' if len(given & want) == 1 else 'are'}"
                     f" right")
    if missing:
        parts.append(f"{len(missing)} more {'is' if len(missing) == 1 else 'are'} missing")
    if extra:
        parts.append(f"{_listing(sorted(extra))} should not be on the list")
    verdict = "almost" if given & want else "hint"
    return Feedback(verdict, "; ".join(parts) + ". " + ex.hint)


def _name(ex: Exercise, answer: Any, right: str, scenario) -> Feedback:
    items, problem = read_items(answer) if not isinstance(answer, str) else ([answer.strip()], "")
    if problem or items is None or len(items) != 1:
        return _hint(f"give one name in quotes, like {ex.example}, or \"none\".")
    item = items[0]
    if item.lower() in NONE_WORDS:
        got = "none"
    else:
        canon = _canon(scenario, ex)
        if item.lower() not in canon:
            return _hint(f"{item!r} is not shown here; check the spelling against the table, or "
                         f"answer \"none\".")
        got = canon[item.lower()]
    if got == right:
        return _right(_first_sentence(ex.explain, right))
    if right == "none":
        return _hint(f"look again at {got}: does it really meet the rule? {ex.hint}")
    if got == "none":
        return _hint("there is one. " + ex.hint)
    return _hint(f"{got} is not the one. {ex.hint}")


#: rubric of the writing exercise: part -> (words that show it, what to add when missing)
RUBRIC = {
    "used": (("spend", "basket", "visit", "how long you have been", "customer for", "loyal",
              "purchase", "shop", "buy"),
             "name at least one kind of data that chooses the offers (for example what you spend)"),
    "excluded": (("not use", "don't use", "do not use", "never use", "not used", "never used",
                  "won't use", "will not use", "exclude"),
                 "say what is not used (for example gender or ethnicity)"),
    "choice": (("object", "opt out", "opt-out", "unsubscribe", "stop", "say no", "withdraw",
                "turn off", "switch off", "untick", "change your mind"),
               "tell the customer how to say no (object, opt out or unsubscribe)"),
}
JARGON = ("legitimate interest", "data subject", "processing", "art.", "article", "pursuant",
          "controller")


def _text(ex: Exercise, answer: Any) -> Feedback:
    if not isinstance(answer, str):
        return _hint("write your sentences as text between quotes.")
    words = re.findall(r"[A-Za-z']+", answer)
    if len(words) < 8:
        return _hint(f"that is {len(words)} words; a customer needs two or three full sentences. "
                     + ex.hint)
    low = " ".join(answer.lower().split())
    missing = [advice for keys, advice in RUBRIC.values() if not any(k in low for k in keys)]
    jargon = [j for j in JARGON if j in low]
    if missing:
        return Feedback("almost" if len(missing) < len(RUBRIC) else "hint",
                        "good start; now " + "; ".join(missing) + ".")
    if jargon:
        return Feedback("almost", f"everything is there; now replace {_listing(jargon)} with "
                                  f"words a customer uses.")
    return _right("your text says what is used, what is not, and how to say no, in plain "
                  "words. Compare it with the notice the suite writes.")


def _first_sentence(template: str, answer) -> str:
    text = template.format(answer=answer, detail="", text="").strip()
    return text.split(". ")[0].rstrip(".") + "."


# ---------------------------------------------------------------- the entry point
def check_answer(exercise_id: str, answer: Any = None, scenario=None) -> Feedback:
    """Judge ``answer`` to ``exercise_id`` on ``scenario`` (the campaign or extract the exercise
    was set on). Returns a :class:`Feedback`; never raises."""
    try:
        return _check(exercise_id, answer, scenario)
    except Exception as exc:  # noqa: BLE001 - a trainee never sees a traceback
        ex = EXERCISES.get(exercise_id) if isinstance(exercise_id, str) else None
        example = f", like {ex.example}" if ex else ""
        return _hint(f"that answer could not be read ({type(exc).__name__}); write it{example}.")


def _check(exercise_id, answer, scenario) -> Feedback:
    if not isinstance(exercise_id, str) or exercise_id not in EXERCISES:
        known = ", ".join(EXERCISES)
        return _hint(f"there is no exercise called {exercise_id!r}; the exercises are {known}.")
    ex = EXERCISES[exercise_id]
    if _blank(answer):
        return Feedback("empty", f"replace None with your answer, written like {ex.example}, "
                                 f"and run the cell again.")
    if ex.kind == "text":
        return _text(ex, answer)
    answers = getattr(scenario, "answers", None)
    if not isinstance(answers, dict) or exercise_id not in answers:
        return _hint(f"this check needs the exercise's campaign: write "
                     f"check(\"{exercise_id}\", answer, <the campaign or extract of the "
                     f"exercise>).")
    right = answers[exercise_id]
    if ex.kind == "count":
        return _count(ex, answer, int(right))
    if ex.kind == "ratio":
        return _ratio(ex, answer, float(right))
    if ex.kind == "choice":
        return _choice(ex, answer, right)
    if ex.kind == "ids":
        return _ids(ex, answer, scenario)
    if ex.kind == "names":
        return _names(ex, answer, list(right), scenario)
    return _name(ex, answer, right, scenario)


def _ids(ex: Exercise, answer: Any, extract) -> Feedback:
    from ethicskit.training.scenarios.consent import BREACH_KINDS

    items, problem = read_items(answer)
    if problem:
        return _hint(f"{problem}. Write the customer ids in a list, like {ex.example}.")
    if isinstance(answer, str) and len(items) == 1 and " " in items[0]:
        items = items[0].split()
    known = {i.upper(): i for i in extract.ids}
    unknown = [i for i in items if i.upper() not in known]
    if unknown:
        return _hint(f"{_listing(repr(u) for u in unknown)} is not a customer of the extract; "
                     f"copy the ids from the 'customer' column.")
    given = {known[i.upper()] for i in items}
    want = set(extract.kinds)
    if given == want:
        return _right(f"all {len(want)} breaches found, and nothing else. Each one needs "
                      f"action: stop, suppress or erase.")
    lines = []
    found = given & want
    if found:
        lines.append(f"{len(found)} of your {len(given)} are breaches")
    for cid in sorted(given - want):
        lines.append(f"{cid} is in order: {extract.fine.get(cid, 'look at it again')}")
    missing_kinds = sorted({extract.kinds[c] for c in want - given})
    if missing_kinds:
        lines.append(f"{len(want - given)} more to find. Look for "
                     + "; for ".join(BREACH_KINDS[k] for k in missing_kinds))
    return Feedback("almost" if found else "hint", ". ".join(lines) + ".")


#: the short name notebooks use
check = check_answer
