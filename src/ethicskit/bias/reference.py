"""The reference group of an attribute, and the small helpers the bias checks share.

Rule (docs/checks.md): the reference group of an attribute is ``reference_groups[attr]`` from the
config, else the *evaluated* group (at least ``min_group_n`` people) with the highest selection
rate of the decision, on all people; when the decision is adverse (``decision_favourable: false``:
declined, flagged high risk) the evaluated group with the *lowest* rate, the group least often
harmed. Ties go to the larger group, then to the first label. The same reference serves
``bias.selection_rate``, ``bias.error_rate_parity``, ``bias.offer_value_disparity`` and
``bias.mitigation_preview``, so one attribute is always compared against one group.
Intersections never use the config's reference: always the highest (lowest) rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ethicskit.bias import groups as G
from ethicskit.bias.counts import Counts, people_by_group
from ethicskit.bias.stats import EPS, outside  # noqa: F401 - used and re-exported

CONFIG = "config"
HIGHEST = "highest selection rate"
LOWEST = "lowest selection rate"


@dataclass
class Reference:
    """The reference group of one attribute (or pair): its code, label and how it was chosen."""

    code: int | None
    label: str | None
    rule: str | None
    note: str = ""

    def as_dict(self, attribute: str) -> dict:
        return {"attribute": attribute, "group": self.label, "rule": self.rule,
                "note": self.note or None}


def rate_column(counts: Counts) -> str | None:
    """The flag whose rate is "the selection rate": the decision, else the prediction."""
    if counts.decision_column is not None:
        return "decision"
    if counts.prediction_source is not None:
        return "prediction"
    return None


def group_rates(counts: Counts, key_indices: tuple[int, ...]
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(codes, n, selected)``: the group codes (sorted), their people and their selected
    people (of the decision, else the prediction: :func:`rate_column`)."""
    return people_by_group(counts, key_indices, rate_column(counts) or "decision")


def highest_rate(codes: np.ndarray, n: np.ndarray, selected: np.ndarray, *, min_group_n: int,
                 lowest: bool = False) -> int | None:
    """Code of the evaluated group (``n >= min_group_n``) with the highest rate
    ``selected / n`` (``lowest``: the lowest rate); ties: larger n, then lower code."""
    ev = np.asarray(n) >= min_group_n
    if not ev.any():
        return None
    n, code = np.asarray(n)[ev], np.asarray(codes)[ev]
    rate = np.asarray(selected)[ev] / n
    key = rate if lowest else -rate
    first = np.lexsort((code, -n, key))[0]  # highest (lowest) rate, most rows, lowest code
    return int(code[first])


def reference_for(counts: Counts, key_indices: tuple[int, ...], *, min_group_n: int
                  ) -> Reference:
    """The reference group of an attribute (one index) or an intersection (two indices)."""
    codes, n, selected = group_rates(counts, key_indices)
    labels = counts.group_labels(key_indices, codes)
    favourable = counts.domain.favourable
    chosen = HIGHEST if favourable else LOWEST
    note = ""
    if len(key_indices) == 1:
        wanted = counts.configured[key_indices[0]]
        if wanted is not None:
            label = G.match_label(wanted, labels.values())
            if label is not None:
                code = next(c for c, lab in labels.items() if lab == label)
                if n[codes.tolist().index(code)] < min_group_n:
                    note = (f"The configured reference group {label!r} has fewer than "
                            f"{min_group_n} people, so comparisons with it are uncertain.")
                return Reference(code, label, CONFIG, note)
            note = (f"The configured reference group {wanted!r} does not occur in the data; "
                    f"the evaluated group with the {chosen} is used instead.")
    code = highest_rate(codes, n, selected, min_group_n=min_group_n, lowest=not favourable)
    if code is None:
        extra = f"No group has at least {min_group_n} people, so there is no reference group."
        return Reference(None, None, None, f"{note} {extra}".strip())
    return Reference(code, labels[code], chosen, note)


@dataclass(frozen=True)
class Part:
    """One comparison: the attributes ``keys`` (one, or a pair), its label, its reference."""

    keys: tuple[int, ...]
    label: str
    reference: Reference


def singles(counts: Counts, *, min_group_n: int) -> list[Part]:
    """Every protected attribute against its reference group (config, else highest rate, or
    lowest for an adverse decision)."""
    return [Part((i,), a.name, reference_for(counts, (i,), min_group_n=min_group_n))
            for i, a in enumerate(counts.attributes)]


def pairs(counts: Counts, *, min_group_n: int) -> list[Part]:
    """Every pair of protected attributes, in the config's order, against its evaluated group
    with the highest selection rate (the lowest for an adverse decision)."""
    attrs = counts.attributes
    return [Part((i, j), f"{attrs[i].name} & {attrs[j].name}",
                 reference_for(counts, (i, j), min_group_n=min_group_n))
            for i in range(len(attrs)) for j in range(i + 1, len(attrs))]


@dataclass
class Compared:
    """The group rows of every part, the flagged ones, the references, notes and the number of
    people in flagged groups."""

    groups: list[dict]
    flagged: list[dict]
    references: list[dict]
    notes: list[str]
    affected: int


def compare(counts: Counts, parts: list[Part], group_rows: Callable, *, flag: Callable,
            notes: list[str], weight: str = "n", within: np.ndarray | None = None) -> Compared:
    """The one loop of the group comparisons (selection, intersections, error rates, offers).

    For each part: ``group_rows(part, notes)`` gives its group rows (each with its group
    ``code``; it may add notes), ``flag(row)`` says which break the rule, and the reference's
    own note follows. ``affected`` = the sum of the cells' ``weight`` (people, or offers) over
    the cells in any flagged group (``within`` restricts the cells), each cell once.
    """
    groups: list[dict] = []
    flagged: list[dict] = []
    references: list[dict] = []
    hit = np.zeros(len(counts.cells), dtype=bool)
    for part in parts:
        rows = group_rows(part, notes)
        bad = [r for r in rows if flag(r)]
        if bad:
            hit |= np.isin(counts.cell_codes(part.keys), [r["code"] for r in bad])
        groups += rows
        flagged += bad
        references.append(part.reference.as_dict(part.label))
        if part.reference.note:
            notes.append(f"{part.label}: {part.reference.note}")
    for r in groups:
        r.pop("code")
    if within is not None:
        hit &= within
    affected = int(counts.cells[weight].to_numpy()[hit].sum())
    return Compared(groups, flagged, references, notes, affected)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
