"""``bias.delivery_skew``: do the people reached look like the people who could have been?

Targeting can be neutral and the audience still skewed: the platform's delivery (who is shown an
ad, who clicks, whom a lookalike or a bid optimiser prefers) decides who is actually reached. Ali
et al. (2019) showed that ad delivery alone can skew an audience by gender and race. The config's
``population_shares`` gives, per protected attribute, each group's share of the *eligible*
audience; this check compares it with the *delivered* distribution, the shares of the targeted
people.

Per attribute named in ``population_shares`` that is a protected attribute of the run: the
delivered share ``q`` of each named group is its targeted people / all targeted people; the groups
not named are pooled as ``(other)``, whose eligible share is 1 - the named sum (a missing value is
the group ``(missing)``, pooled into ``(other)`` unless ``population_shares`` names it). The
distance between the two distributions is the total variation distance ``tvd = 1/2 sum |q - p|``:
the share of the audience that would have to change group for the delivered audience to match the
eligible one. The 10% limit (``tvd_max``) is the one the Meta-DOJ settlement on housing ads (2022)
set for the variance between the eligible and the actual audience of Meta's housing ads; like the
other comparison checks a skew is ``fail`` in a credit, housing or employment decision and ``warn``
in any other (:mod:`.domain`).

People are counted from the bias cells (:func:`ethicskit.counts.group_sums`), so weights count as
the other bias counts do. The reduction is :class:`Delivered`, a few numbers per group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ethicskit.bias import groups as G
from ethicskit.bias.counts import Counts
from ethicskit.check import Measure
from ethicskit.counts import group_sums
from ethicskit.masking import safe_label

#: the group that pools every value ``population_shares`` does not name
OTHER = "(other)"
#: named shares may sum to 1 up to this rounding; (other) then has eligible share 0
SUM_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Attribute:
    """One attribute of ``population_shares`` that is a protected attribute in the data.

    ``labels`` are its group labels as the data write them (to match the config's group names),
    ``shown`` the same labels as outputs show them, ``people`` the targeted people per label."""

    key: str  # as population_shares names it
    labels: list[str]
    shown: list[str]
    people: np.ndarray
    shares: dict  # population_shares[key]: group -> eligible share


@dataclass(frozen=True)
class Delivered:
    """What ``bias.delivery_skew`` reads: the attributes found, the targeted people, notes."""

    named: bool = False  # the config has population_shares
    attributes: list[Attribute] = field(default_factory=list)
    targeted: float = 0
    notes: list[str] = field(default_factory=list)


def delivered(campaign, counts: Counts) -> Delivered:
    """The targeted people per group of every protected attribute named in the config's
    ``population_shares``, summed from the cells of ``counts``."""
    named = campaign.config.population_shares or {}
    if not named:
        return Delivered()
    columns = [a.column for a in counts.attributes]
    raw = {key: names for key, names, _ in getattr(counts.representation, "found", [])}
    cells = counts.cells
    targeted_rows = cells["targeted"].to_numpy() == 1
    found, notes = [], []
    total = cells["n"].to_numpy()[targeted_rows].sum()
    for key, shares in named.items():
        key = str(key)
        column = campaign.resolve(key)
        if column is None:
            notes.append(f"population_shares names {key!r}, which is not in the dataset; it "
                         f"was skipped.")
            continue
        if column not in columns:
            notes.append(f"population_shares names {key!r}, which is not a protected "
                         f"attribute of the run; it was skipped.")
            continue
        i = columns.index(column)
        shown = list(counts.categories[i])
        labels = raw.get(key) if len(raw.get(key) or ()) == len(shown) else shown
        sums = group_sums({"g": cells[f"a{i}"].to_numpy()}, {"g": len(shown)},
                          values={"people": cells["n"].to_numpy()}, rows=targeted_rows,
                          dense=True)
        people = sums["people"].to_numpy()
        found.append(Attribute(key, list(labels), shown, people, dict(shares)))
    return Delivered(True, found, _number(total), notes)


def _number(x) -> int | float:
    """A count as an int when it is whole (people), else a float (sums of weights)."""
    x = float(x)
    return int(x) if x.is_integer() else x


def distance(attribute: Attribute, targeted: float) -> tuple[float | None, list[dict], str]:
    """``(tvd, groups, note)`` of one attribute; ``tvd`` None (with the note) when its named
    shares sum to more than 1."""
    named_sum = float(sum(float(s) for s in attribute.shares.values()))
    if named_sum > 1 + SUM_TOLERANCE:
        return None, [], (f"population_shares.{attribute.key} sums to {named_sum:g}, more than "
                          f"1; the attribute was skipped.")
    rows, used = [], set()
    for group_key, share in attribute.shares.items():
        label = G.match_label(group_key, attribute.labels)
        code = attribute.labels.index(label) if label is not None else None
        if code in used:  # two names for one group: the second counts nothing more
            code = None
        people = attribute.people[code] if code is not None else 0
        if code is not None:
            used.add(code)
        rows.append({"group": attribute.shown[code] if code is not None
                     else safe_label(G.MISSING if group_key is None else group_key),
                     "n": _number(people),
                     "delivered_share": float(people / targeted),
                     "eligible_share": float(share)})
    other = float(sum(p for c, p in enumerate(attribute.people) if c not in used))
    other_share = max(0.0, 1.0 - named_sum)
    if other > 0 or other_share > SUM_TOLERANCE:
        rows.append({"group": OTHER, "n": _number(other),
                     "delivered_share": other / targeted, "eligible_share": other_share})
    tvd = 0.5 * sum(abs(r["delivered_share"] - r["eligible_share"]) for r in rows)
    return float(tvd), rows, ""


def delivery_skew(counts, *, tvd_max: float) -> Measure:
    """``bias.delivery_skew``: delivered against eligible shares, per attribute.

    For each protected attribute named in ``population_shares``: ``tvd`` = 1/2 sum |q - p| over
    its named groups and ``(other)`` (see the module docstring). ``details.attributes``:
    ``[{attribute, tvd, groups: [{group, n, delivered_share, eligible_share}]}]``; ``value`` =
    the largest tvd; facts ``worst`` (the attribute with the largest tvd), ``gap`` (its group
    furthest from its eligible share) and ``flagged`` (attributes above ``tvd_max``). No
    ``affected_rows``: a distribution has no affected person.
    """
    d: Delivered = counts.delivery
    threshold = {"tvd_max": tvd_max}
    if not d.named:
        return Measure.not_evaluated("no_shares", missing=["population_shares"])
    notes = list(d.notes)
    if not d.attributes:
        return Measure(skip="none_found", threshold=threshold, details={"notes": notes})
    if not d.targeted > 0:
        return Measure(skip="nobody_targeted", threshold=threshold, details={"notes": notes})
    attributes = []
    for attribute in d.attributes:
        tvd, rows, note = distance(attribute, d.targeted)
        if tvd is None:
            notes.append(note)
            continue
        attributes.append({"attribute": attribute.key, "tvd": tvd, "groups": rows})
    details = {"attributes": attributes, "targeted": d.targeted, "notes": notes}
    if not attributes:
        return Measure(skip="none_found", threshold=threshold, details=details)
    worst = max(attributes, key=lambda a: a["tvd"])  # the first of equals
    gap = max(worst["groups"], key=lambda g: abs(g["delivered_share"] - g["eligible_share"]))
    return Measure(value=worst["tvd"], affected_rows=None, threshold=threshold, details=details,
                   facts={"worst": worst, "gap": gap,
                          "flagged": sum(a["tvd"] > tvd_max for a in attributes),
                          "attributes_judged": len(attributes)})
