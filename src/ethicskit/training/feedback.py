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


def decimal_tuple(answer: Any) -> float | None:
    """``answer = 0,4`` typed without quotes arrives as the tuple ``(0, 4)``: read it as 0.4."""
    if (isinstance(answer, tuple) and len(answer) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in answer)):
        return float(f"{answer[0]}.{answer[1]}")
    return None


def _with_note(fb: Feedback, note: str) -> Feedback:
    return Feedback(fb.verdict, f"{fb.text} ({note})") if note else fb


def read_choice(answer, options: dict) -> tuple[str | None, str]:
    """``(letter, problem)``: ``"b"``, ``"B)"``, ``"b."``, ``"(b)"`` or the option's text (any
    case, spaces or a final full stop aside) -> ``"b"``; numbers are not letters."""
    letters = ", ".join(options)
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return None, "no answer yet"
    if not isinstance(answer, str):
        return None, f"{answer!r} is not a letter; write one of {letters} in quotes"
    text = " ".join(answer.split()).lower()
    m = re.fullmatch(r"\(?([a-z])\s*[).:]?", text)
    if m and m.group(1) in options:
        return m.group(1), ""

    def plain(s: str) -> str:
        return " ".join(s.split()).lower().rstrip(".!").strip(" '\"")

    by_text = {plain(v): k for k, v in options.items()}
    if plain(text) in by_text:
        return by_text[plain(text)], ""
    m = re.fullmatch(r"\(?([a-z])\s*[).:]\s*(.+)", text)  # "b) the option's text"
    if m and m.group(1) in options and by_text.get(plain(m.group(2))) == m.group(1):
        return m.group(1), ""
    return None, f"{answer!r} is not one of the options; answer with one letter: {letters}"


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


def neutral_labels(features) -> dict[str, str]:
    """feature -> "feature N": labels that do not say what a feature is, in an order that does
    not follow the features' names (a hash of each name), the same in figure and self-check."""
    import hashlib

    order = sorted(features, key=lambda f: hashlib.sha256(f.encode()).hexdigest())
    return {f: f"feature {i}" for i, f in enumerate(order, 1)}


def _listing(items) -> str:
    items = list(items)
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------- one function per kind
def read_count(ex: Exercise, answer: Any) -> tuple[int | None, Feedback | None]:
    """``(count, None)``: ``answer`` read as a whole number of people; or ``(None, feedback)``
    when it is not one (an unquoted decimal comma, text that is no number, a negative or a
    fractional number)."""
    decimal = decimal_tuple(answer)
    if decimal is not None:
        return None, _hint(f"0,4 without quotes is two numbers in Python; {decimal:g} is not a "
                           f"whole number of people anyway. Give a whole number, like "
                           f"{ex.example}.")
    value, _, problem = read_number(answer)
    if problem:
        return None, _hint(f"{problem}. Give a whole number, like {ex.example}.")
    if value < 0:
        return None, _hint("a count of people cannot be negative. " + ex.hint)
    if not float(value).is_integer():
        return None, _hint(f"{value:g} is not a whole number of people. " + ex.hint)
    return int(value), None


def _count(ex: Exercise, answer: Any, right: int) -> Feedback:
    value, problem = read_count(ex, answer)
    if problem is not None:
        return problem
    if value == right:
        return _right(_first_sentence(ex.explain, f"{right:,}"))
    direction = "too many" if value > right else "too few"
    return _hint(f"{value:,} is {direction}. {ex.hint}")


def _ratio(ex: Exercise, answer: Any, right: float) -> Feedback:
    value, note, problem = _ratio_read(ex, answer)
    if problem is not None:
        return problem
    return _with_note(_ratio_value(ex, value, right), note)


def _ratio_read(ex: Exercise, answer: Any) -> tuple[float | None, str, Feedback | None]:
    """``(value, note, problem)``: a decimal, a decimal comma (also the tuple an unquoted
    ``0,4`` becomes), or a percentage read as a decimal with a note saying so."""
    note = ""
    decimal = decimal_tuple(answer)
    if decimal is not None:
        note = (f"read {answer[0]},{answer[1]} as {decimal:g}; in Python write a decimal point, "
                f"{decimal:g}, or put the number in quotes")
        answer = decimal
    value, percent, problem = read_number(answer)
    if problem:
        return None, "", _hint(f"{problem}. Give the ratio as a decimal, like {ex.example}.")
    if percent:
        note = f"read {answer.strip()} as {value / 100:g}"
        value = value / 100
    elif 1.5 < value <= 100:
        return None, "", _hint(f"{value:g} looks like a percentage; give the ratio as a decimal "
                               f"between 0 and 1.5, like {ex.example}, or write it with a % "
                               f"sign.")
    if value <= 0:
        return None, "", _hint(f"a ratio of rates is above 0. {ex.hint}")
    return value, note, None


def _ratio_value(ex: Exercise, value: float, right: float) -> Feedback:
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
        features = list(getattr(scenario, "model_features", []))
        out = {f.lower(): f for f in features}
        for feature, label in neutral_labels(features).items():
            out[label] = feature
            out[label.replace("feature ", "")] = feature
            out[label.replace(" ", "")] = feature
        return out
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
        n_right = len(given & want)
        parts.append(f"{n_right} of your answers {'is' if n_right == 1 else 'are'} right")
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
    return _hint(f"{_label(ex, got, scenario)} is not the one. {ex.hint}")


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

#: how a customer-facing text names an inventory column (besides the column's own words)
SYNONYMS = {
    "basket_value": ("how much you spend", "what you spend", "your spending", "spending",
                     "spend", "spent", "basket", "purchases", "purchase", "what you buy"),
    "tenure_months": ("how long you have been a customer", "how long you have been with us",
                      "how long you have been", "how long", "customer for", "loyalty", "loyal",
                      "tenure"),
    "visits_last_90d": ("how often you visit", "how often you shop", "how often", "your visits",
                        "visits", "visit"),
    "gender": ("gender", "sex", "whether you are a man or a woman"),
    "ethnicity": ("ethnic origin", "ethnicity", "ethnic", "race"),
    "age": ("how old you are", "your age", "age"),
    "postcode": ("where you live", "post code", "postcode", "zip code", "address"),
    "device_type": ("your device", "device", "phone model"),
    "screen_time_minutes": ("screen time", "time on screen"),
}
#: phrases that tell the customer how to say no
CHOICE = ("change your mind", "turn this off", "turn it off", "switch off", "turn off",
          "unsubscribe", "opt out", "opt-out", "opting out", "object", "say no", "withdraw",
          "untick", "refuse", "stop")
NEGATIONS = {"not", "never", "no", "cannot", "can't", "cant", "don't", "dont", "doesn't",
             "won't", "isn't", "aren't", "nor", "neither", "exclude", "excludes", "excluded",
             "without", "ignore", "ignores", "nothing", "none", "unable"}
RESETS = {"but", "while", "whereas", "however", "although", "though", "instead"}
PRONOUNS = {"we", "you", "they", "it", "this", "our", "us", "i"}


def _inventory(scenario):
    """(used, not used, column -> how a text names it) from the scenario's data inventory."""
    inventory = getattr(scenario, "inventory", None)
    columns = getattr(inventory, "columns", None)
    if not isinstance(columns, dict) or not columns:
        from ethicskit.training.scenarios.transparency import DECLARED

        columns = DECLARED
    used = {c for c, e in columns.items() if isinstance(e, dict) and e.get("in_model")}
    unused = {c for c in columns if c not in used}
    names = {}
    for col in columns:
        names[col] = tuple(SYNONYMS.get(col, ())) + (col.replace("_", " "),)
    return used, unused, names


def claims(text: str, names: dict) -> list[tuple[str, str, bool]]:
    """What ``text`` says, clause by clause: ``(kind, what, negated)`` with kind ``"data"``
    (``what`` a column) or ``"choice"``. A negation ("not", "never", "cannot", "exclude" ...)
    holds to the end of its clause; a clause ends at a full stop, ";", "but", at a comma or
    "and" that starts a new subject ("..., you can ..."), and at the comma that closes a
    condition ("If you would rather not get offers, click 'object'": the click is not
    negated)."""
    low = " " + " ".join(text.lower().replace("’", "'").split()) + " "
    marks = [(phrase, f" \x00data:{col}\x00 ") for col, phrases in names.items()
             for phrase in phrases]
    marks += [(phrase, " \x00choice\x00 ") for phrase in CHOICE]
    for phrase, mark in sorted(marks, key=lambda m: -len(m[0])):
        low = re.sub(rf"(?<![a-z0-9_\x00]){re.escape(phrase)}(?![a-z0-9_\x00])", mark, low)
    tokens = re.findall(r"\x00[^\x00]+\x00|[a-z']+|[.;,!?]", low)
    out, negated, condition = [], False, False
    for i, tok in enumerate(tokens):
        if tok in {".", ";", "!", "?"} or tok in RESETS:
            negated = condition = False
        elif tok in ("if", "unless", "when"):
            negated, condition = False, True
        elif tok == "," and condition:
            negated = condition = False
        elif tok in {",", "and", "or"}:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if nxt in PRONOUNS or nxt in RESETS or nxt == "if":
                negated = False
        elif tok in NEGATIONS or tok.endswith("n't"):
            negated = True
        elif tok.startswith("\x00data:"):
            out.append(("data", tok.strip("\x00")[5:], negated))
        elif tok == "\x00choice\x00":
            out.append(("choice", "", negated))
    return out


def _text(ex: Exercise, answer: Any, scenario=None) -> Feedback:
    if not isinstance(answer, str):
        return _hint("write your sentences as text between quotes.")
    words = re.findall(r"[A-Za-z']+", answer)
    if len(words) < 8:
        return _hint(f"that is {len(words)} words; a customer needs two or three full sentences. "
                     + ex.hint)
    low = " ".join(answer.lower().split())
    if not set(w.lower() for w in words) & {"we", "you", "your", "our", "us"}:
        return _hint("write to the customer in sentences, like \"We use ...\" and \"You can "
                     "...\", not a list of words.")
    used, unused, names = _inventory(scenario)
    said = claims(answer, names)
    keywords = sum(1 for k in said) + sum(low.count(k) for k in ("use", "used"))
    if keywords > 0.5 * len(words):
        return _hint("that reads like a list of keywords; write two or three sentences a "
                     "customer can follow.")
    wrong = []
    for kind, col, negated in said:
        if kind != "data":
            continue
        if negated and col in used:
            wrong.append(f"you say {names[col][0]} is not used, but it is one of the data that "
                         f"choose the offers")
        elif not negated and col in unused:
            wrong.append(f"you say {names[col][0]} is used, but the inventory says it does not "
                         f"choose the offers")
    if any(kind == "choice" and negated for kind, _, negated in said):
        wrong.append("you tell the customer they cannot say no, but they can always object to "
                     "direct marketing, and the offers must then stop (GDPR Art. 21(2)-(3))")
    if wrong:
        seen = list(dict.fromkeys(wrong))
        return _hint("; ".join(seen[:3]) + ". Say what the inventory says, and how to say no.")
    missing = []
    if not any(kind == "data" and not neg and col in used for kind, col, neg in said):
        missing.append(RUBRIC["used"][1])
    if not any(kind == "data" and neg and col in unused for kind, col, neg in said):
        missing.append(RUBRIC["excluded"][1])
    if not any(kind == "choice" and not neg for kind, _, neg in said):
        missing.append(RUBRIC["choice"][1])
    if missing:
        return Feedback("almost" if len(missing) < 3 else "hint",
                        "good start; now " + "; ".join(missing) + ".")
    jargon = [j for j in JARGON if j in low]
    if jargon:
        return Feedback("almost", f"everything is there; now replace {_listing(jargon)} with "
                                  f"words a customer uses.")
    return _right("your text says what is used, what is not, and how to say no, in plain "
                  "words, and it matches the inventory. Compare it with the notice the suite "
                  "writes.")


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
        return _text(ex, answer, scenario)
    answers = getattr(scenario, "answers", None)
    if isinstance(answers, SealedAnswers) and exercise_id in answers:
        return _check_sealed(ex, answer, scenario, answers)
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


def read_ids(ex: Exercise, answer: Any, ids) -> tuple[list[str] | None, Feedback | None]:
    """``(ids given, None)``: the customer ids of ``answer`` (a list, or one text of ids
    separated by spaces), each as the extract writes it (case aside), in order and once; or
    ``(None, feedback)`` when they cannot be read or one is not in ``ids``."""
    items, problem = read_items(answer)
    if problem:
        return None, _hint(f"{problem}. Write the customer ids in a list, like {ex.example}.")
    if isinstance(answer, str) and len(items) == 1 and " " in items[0]:
        items = items[0].split()
    known = {i.upper(): i for i in ids}
    unknown = [i for i in items if i.upper() not in known]
    if unknown:
        return None, _hint(f"{_listing(repr(u) for u in unknown)} is not a customer of the "
                           f"extract; copy the ids from the 'customer' column.")
    return sorted({known[i.upper()] for i in items}), None


def _ids(ex: Exercise, answer: Any, extract) -> Feedback:
    from ethicskit.training.scenarios.consent import BREACH_KINDS

    given, problem = read_ids(ex, answer, extract.ids)
    if problem is not None:
        return problem
    given = set(given)
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


# ---------------------------------------------------------------- sealed answers (trainee copies)
class SealedAnswers:
    """A scenario's answers as a trainee copy holds them: salted hashes only (:mod:`.sealed`).

    ``seals``: exercise id -> seal of the whole answer; ``members``: exercise id -> seals of each
    item of a list answer (to say how many of a trainee's items are right) and ``size`` how many
    items the answer has; ``notes``: exercise id -> {seal of an item: text locked under it} (why
    a row the trainee picked is in order). Nothing in it can be read back as an answer.
    """

    def __init__(self, salt: str, seals: dict, members: dict | None = None,
                 size: dict | None = None, notes: dict | None = None) -> None:
        self.salt, self.seals = salt, dict(seals)
        self.members, self.size = dict(members or {}), dict(size or {})
        self.notes = dict(notes or {})

    def __contains__(self, exercise_id) -> bool:
        return exercise_id in self.seals

    def __repr__(self) -> str:
        return f"<sealed answers of {len(self.seals)} exercises>"

    def right(self, exercise_id: str, value) -> bool:
        from ethicskit.training import sealed

        return sealed.matches(self.salt, exercise_id, value, self.seals[exercise_id])

    def member(self, exercise_id: str, item) -> bool:
        from ethicskit.training import sealed

        seal = sealed.seal(self.salt, exercise_id + "#item", item)
        return seal in self.members.get(exercise_id, ())

    def note(self, exercise_id: str, item) -> str:
        from ethicskit.training import sealed

        locked = self.notes.get(exercise_id, {}).get(
            sealed.seal(self.salt, exercise_id + "#note", item))
        return sealed.unlock(locked, self.salt, exercise_id + "#note", item) if locked else ""

    @classmethod
    def of(cls, scenario, *, salt: str | None = None) -> "SealedAnswers":
        """Seal ``scenario.answers`` (and an extract's reasons why rows are in order)."""
        from ethicskit.training import sealed

        salt = salt or sealed.new_salt()
        seals, members, size, notes = {}, {}, {}, {}
        for ex_id, right in scenario.answers.items():
            ex = EXERCISES.get(ex_id)
            if ex is not None and ex.kind == "ratio":
                right = round(float(right), 2)
            seals[ex_id] = sealed.seal(salt, ex_id, right)
            if isinstance(right, (list, tuple, set)):
                members[ex_id] = [sealed.seal(salt, ex_id + "#item", v) for v in right]
                size[ex_id] = len(right)
        fine = getattr(scenario, "fine", None)
        if isinstance(fine, dict):
            for ex_id in scenario.answers:
                notes[ex_id] = {sealed.seal(salt, ex_id + "#note", cid):
                                sealed.lock(text, salt, ex_id + "#note", cid)
                                for cid, text in fine.items()}
        return cls(salt, seals, members, size, notes)


def _check_sealed(ex: Exercise, answer: Any, scenario, sa: SealedAnswers) -> Feedback:
    if ex.kind == "count":
        value, problem = read_count(ex, answer)
        if problem is not None:
            return problem
        if sa.right(ex.id, value):
            return _right(_first_sentence(ex.explain, f"{value:,}"))
        return _hint(f"{value:,} is not it. {ex.hint}")
    if ex.kind == "ratio":
        value, note, problem = _ratio_read(ex, answer)
        if problem is not None:
            return problem
        steps = round(ex.tolerance * 100)
        near = [round(value + k / 100, 2) for k in range(-steps, steps + 1)]
        hit = next((r for r in near if sa.right(ex.id, r)), None)
        if hit is not None:
            return _with_note(_right(f"{value:g} is close enough (within {ex.tolerance:g}). "
                                     + _first_sentence(ex.explain, f"{hit:.2f}")), note)
        flipped = [round(1 / value + k / 100, 2) for k in range(-steps, steps + 1)]
        if any(sa.right(ex.id, r) for r in flipped):
            return _hint("that is the ratio upside down: the group you are asked about goes on "
                         "top, the reference group below.")
        return _with_note(_hint(f"{value:g} is not it. {ex.hint}"), note)
    if ex.kind == "choice":
        letter, problem = read_choice(answer, ex.options)
        if problem:
            return _hint(f"{problem}.")
        if sa.right(ex.id, letter):
            return _right(f"({letter}) {ex.options[letter]}")
        return _hint(ex.option_hints.get(letter) or ex.hint)
    if ex.kind == "ids":
        given, problem = read_ids(ex, answer, scenario.ids)
        if problem is not None:
            return problem
        if sa.right(ex.id, given):
            return _right(f"all {len(given)} breaches found, and nothing else. Each one needs "
                          f"action: stop, suppress or erase.")
        found = [g for g in given if sa.member(ex.id, g)]
        lines = [f"{len(found)} of your {len(given)} are breaches"] if found else []
        for cid in given:
            if cid not in found:
                lines.append(f"{cid} is in order: {sa.note(ex.id, cid) or 'look at it again'}")
        missing = sa.size.get(ex.id, 0) - len(found)
        if missing:
            lines.append(f"{missing} more to find. {ex.hint}")
        text = ". ".join(lines)
        return Feedback("almost" if found else "hint", text if text[-1] in ".?" else text + ".")
    canon = _canon(scenario, ex)
    if ex.kind == "names":
        items, problem = read_items(answer)
        if problem:
            return _hint(f"{problem}. Write a list in quotes, like {ex.example}, or \"none\".")
        if len(items) == 1 and items[0].lower() in NONE_WORDS:
            items = []
        unknown = [i for i in items if i.lower() not in canon]
        if unknown:
            what = "card" if ex.id.startswith("creepy.") else "column"
            return _hint(f"{_listing(repr(u) for u in unknown)} is not a {what} shown here; "
                         f"check the spelling against the table.")
        given = sorted({canon[i.lower()] for i in items})
        if sa.right(ex.id, given):
            return _right(_first_sentence(ex.explain, _listing(given) if given else "none"))
        found = [g for g in given if sa.member(ex.id, g)]
        parts = []
        if found:
            parts.append(f"{len(found)} of your answers {'is' if len(found) == 1 else 'are'} "
                         f"right")
        missing = sa.size.get(ex.id, 0) - len(found)
        if missing:
            parts.append(f"{missing} more {'is' if missing == 1 else 'are'} missing")
        extra = [g for g in given if g not in found]
        if extra:
            parts.append(f"{_listing(extra)} should not be on the list")
        return Feedback("almost" if found else "hint", "; ".join(parts) + ". " + ex.hint)
    # one name, or "none"
    if not isinstance(answer, str):
        return _hint(f"give one name in quotes, like {ex.example}, or \"none\".")
    item = answer.strip()
    if item.lower() in NONE_WORDS:
        got = "none"
    elif item.lower() in canon:
        got = canon[item.lower()]
    else:
        return _hint(f"{item!r} is not shown here; check the spelling against the table, or "
                     f"answer \"none\".")
    if sa.right(ex.id, got):
        return _right(_first_sentence(ex.explain, got))
    if got == "none":
        return _hint("look again: is there really none? " + ex.hint)
    return _hint(f"{_label(ex, got, scenario)} is not the one. {ex.hint}")


def _label(ex: Exercise, name: str, scenario) -> str:
    """How a wrong name is shown: a model feature under its neutral label (the proxy figure's
    "feature N"), so that a wrong try does not name the features either."""
    if ex.id == "bias.proxy":
        return neutral_labels(getattr(scenario, "model_features", [])).get(name, name)
    return name
