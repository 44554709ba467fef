"""What the trainer copy shows and the trainee copy never does: answers, explanations, and the
suite's own verdict on the same campaign.

Notebooks call these only inside ``if show_solutions:`` in cells tagged ``solution``; the trainee
handout drops those cells, and with ``show_solutions`` false they print nothing anyway.
"""

from __future__ import annotations

import html

import pandas as pd

from ethicskit.training.exercises import EXERCISES

STYLE = ("border-left:5px solid #175cd3;background:#eff8ff;padding:6px 12px;margin:6px 0")
REVEALS = {"Expecting Parents": "pregnancy inferred from shopping, which is health data",
           "Money Worries": "debt and overdraft worries, which is financial hardship",
           "Faith & Festivals": "church events, which reveal a religion"}


class _Box:
    def __init__(self, title: str, body: str) -> None:
        self.title, self.body = title, body

    def _repr_html_(self) -> str:
        return (f'<div class="ek-solution" style="{STYLE}"><strong>{html.escape(self.title)}'
                f'</strong> {html.escape(self.body)}</div>')

    def __repr__(self) -> str:
        return f"{self.title} {self.body}"


def _listing(items) -> str:
    items = list(items)
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _answer_text(ex, right) -> str:
    if ex.kind == "ratio":
        return f"{right:.2f}"
    if ex.kind == "count":
        return f"{int(right):,}"
    if isinstance(right, (list, tuple)):
        return _listing(right)
    return str(right)


def _detail(exercise_id: str, scenario) -> str:
    answers = scenario.answers
    if exercise_id == "consent.spot":
        from ethicskit.training.scenarios.consent import BREACH_KINDS

        return " ".join(f"{cid}: {BREACH_KINDS[kind]}." for cid, kind in sorted(
            scenario.kinds.items()))
    if exercise_id == "bias.ratio":
        ratio = answers[exercise_id]
        verdict = ("falls below it: a gap to look into" if ratio < 0.8 else
                   "passes it, which is not the same as proving the selection fair")
        return (f"The four-fifths screen asks for at least 0.8; this ratio {verdict}. The "
                f"screen is not a legal threshold: for a loyalty offer a gap is a norm to "
                f"review (the suite warns); for credit, housing or employment, disparate "
                f"impact is unlawful and the suite fails.")
    if exercise_id == "bias.intersection":
        design = scenario.tables["design"]
        cells = design[design["n"] >= 30].assign(rate=lambda d: d["selected"] / d["n"])
        low = cells.loc[cells["rate"].idxmin()]
        people = {"female": "women", "male": "men"}.get(low["gender"], f"{low['gender']} people")
        whom = f"{people} aged {low['age_band']}"
        return (f"It is for {whom}. Compare it with the ratio for women as a whole: a total "
                f"can hide a worse gap at an intersection.")
    if exercise_id == "bias.proxy":
        from ethicskit.training.scenarios.bias import cramers_v

        df = scenario.df
        v = cramers_v(pd.crosstab(df["favourite_department"], df["gender"]).to_numpy())
        verdict = "at or above" if v >= 0.3 else "below"
        return (f"Cramér's V between favourite_department and gender is {v:.2f}, {verdict} the "
                f"0.3 at which ethicskit calls a feature a proxy. Dropping gender from the model "
                f"would not drop what the department says about it.")
    cards = (getattr(scenario, "tables", None) or {}).get("cards", {})
    by_letter = {letter: name for name, letter in cards.items()}
    if exercise_id == "creepy.sensitive":
        picked = answers[exercise_id]
        text = (" ".join(f"{c} ({by_letter[c]}) selects by "
                         f"{REVEALS.get(by_letter[c], 'a special category of data')}."
                         for c in picked) + " Without the person's explicit consent that breaks "
                "GDPR Art. 9; on an online platform in the EU, ads profiled on such data are "
                "banned whatever the consent (DSA Art. 26(3))." if picked else
                "No card selects people through a special category of data.")
        hardship = next((letter for name, letter in cards.items() if name == "Money Worries"),
                        None)
        if hardship:
            text += (f" {hardship} (Money Worries) selects by debt and overdraft worries: "
                     f"financial hardship is not a special category, but a vulnerability that "
                     f"consumer-protection rules guard (FCA FG21/1, CONC 2.10, UCPD Art. 5(3)); "
                     f"the suite warns about it.")
        return text
    if exercise_id == "creepy.micro":
        picked = answers[exercise_id]
        if not picked:
            return "Every card reaches at least 100 people."
        sizes = scenario.df.loc[scenario.targeted, "segment"].value_counts()
        return " ".join(f"{c} ({by_letter[c]}) reaches {int(sizes.get(by_letter[c], 0)):,} people."
                        for c in picked) + (" With criteria that narrow, an ad can single "
                                            "people out: a re-identification risk to review, "
                                            "not a breach by itself.")
    if exercise_id == "creepy.opportunity":
        c = answers[exercise_id]
        if c == "none":
            return "The housing offer is targeted by interest and life event only."
        return (f"Card {c} ({by_letter[c]}) is a housing offer for US home buyers selected by "
                f"age (age:25-34): exactly what the 2019 Facebook settlement ruled out. Age is "
                f"not itself a Fair Housing Act trait (sex, familial status, race, colour, "
                f"religion, national origin and handicap are: 42 U.S.C. 3604(c)), but the "
                f"platforms forbid age, gender and postcode targeting for housing, job and "
                f"credit ads aimed at the US and Canada, a hard rule the suite fails.")
    if exercise_id == "transparency.undeclared":
        if not answers[exercise_id]:
            return "Every column of the data is declared."
        return ("Nobody declared what these columns are for, how long they are kept or on what "
                "basis, so no customer was told about them: a gap in the inventory to review "
                "(the suite warns).")
    if exercise_id == "transparency.excluded":
        if answers[exercise_id] == "none":
            return "No audit-only column appears in the targeting criteria."
        return ("gender is declared audit only, yet the targeting criteria select people by "
                "gender:female.")
    return ""


def solution(exercise_id: str, scenario=None, *, answer=None) -> _Box:
    """The trainer's answer box for one exercise: the answer and why.

    ``answer`` is given for the writing exercise (a model answer); the others read the
    scenario's answers, known by construction.
    """
    ex = EXERCISES[exercise_id]
    if ex.kind == "text":
        return _Box("Solution.", answer or "")
    right = scenario.answers[exercise_id]
    text = ex.options.get(right, "") if ex.kind == "choice" else ""
    body = ex.explain.format(answer=_answer_text(ex, right), detail=_detail(exercise_id, scenario),
                             text=text)
    return _Box(f"Solution ({ex.task})", " ".join(body.split()))


def quiz_solution(question_id: str) -> _Box:
    """The trainer's answer box for one quiz question."""
    from ethicskit.training.quizbank import QUESTIONS

    q = QUESTIONS[question_id]
    return _Box(f"Answer: ({q.answer}) {q.options[q.answer]}", f"Why: {q.why}")


class _Verdict:
    def __init__(self, html_text: str, text: str) -> None:
        self.html, self.text = html_text, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def suite_says(campaign, *check_ids: str) -> _Verdict:
    """The suite's findings for ``check_ids`` on ``campaign``, each with a line saying whether
    it matches what the scenario was built to contain."""
    from ethicskit.registry import run_check, unit_of
    from ethicskit.render import finding_html

    parts, texts = [], []
    for check_id in check_ids:
        f = run_check(check_id, campaign)
        want = (getattr(campaign, "expected", None) or {}).get(check_id, {})
        got = {"status": f.status, "value": f.value, "affected_rows": f.affected_rows}
        agree = all(_same(got[k], v) for k, v in want.items() if v is not None)
        line = ("" if not want else "The suite finds what the scenario planted." if agree else
                f"The suite differs from what the scenario planted ({_diff(got, want)}): tell "
                f"the ethicskit maintainers.")
        note = f"<p><em>{html.escape(line)}</em></p>" if line else ""
        parts.append(finding_html(f, unit=unit_of(f.check_id)) + note)
        texts.append(f"{f.check_id}: {f.status}. {f.message} {line}".rstrip())
    return _Verdict("".join(parts), "\n".join(texts))


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6
    return a == b


def _diff(got: dict, want: dict) -> str:
    return ", ".join(f"{k} {got[k]!r}, planted {v!r}" for k, v in want.items()
                     if v is not None and not _same(got[k], v))


def suite_table(campaign):
    """For the trainer's live demo: the knobs in force and, per check the scenario plants, the
    suite's status, value and affected rows next to what was planted."""
    from ethicskit.registry import run_check
    from ethicskit.render import fmt
    from ethicskit.training.tables import Table

    rows = []
    for check_id, want in campaign.expected.items():
        f = run_check(check_id, campaign)
        rows.append({"check": check_id, "status": f.status, "value": fmt(f.value),
                     "affected rows": fmt(f.affected_rows),
                     "planted": fmt(want.get("affected_rows") if want.get("affected_rows")
                                    is not None else want.get("value")),
                     "agrees": "yes" if all(_same(getattr(f, k), v) for k, v in want.items()
                                            if v is not None) else "NO"})
    knobs = ", ".join(f"{k} {v}" for k, v in campaign.knobs.items())
    return Table(pd.DataFrame(rows), f"Knobs: {knobs}. What the suite finds:")
