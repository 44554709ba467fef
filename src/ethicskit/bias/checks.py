"""The bias checks of docs/checks.md as registry rows: metric, rule and words (``02_bias``).

Every metric reads the one reduction :func:`reduce` builds (:class:`~ethicskit.bias.counts.
Counts`: group counts of every protected attribute x decision x prediction x outcome x
targeted, offer sums, offer box statistics, the shares of ``population_shares`` and the proxy
contingency tables, the decision domain). A comparison check finds a gap when its fact
``flagged`` (the evaluated groups outside the band) is above zero: ``fail`` when the decision
domain is credit, housing or employment (fact ``opportunity``: disparate impact is unlawful
there), else ``warn`` (a screen to review); ``bias.delivery_skew`` judges the same way when
its value, the largest total variation distance between the targeted people's shares and the
eligible audience's (:mod:`.delivery`, on the same reduction with the delivered shares
attached), is above ``tvd_max``; ``bias.representation`` and
``bias.proxy_features`` warn; ``bias.mitigation_preview`` is information. Every bias finding
carries ``details.decision_domain``, ``details.decision_domain_from`` and
``details.decision_favourable`` (:mod:`.domain`).
"""

from __future__ import annotations

import dataclasses
import functools

import pandas as pd

from ethicskit.bias.counts import BOX_COLUMNS, Counts
from ethicskit.bias.counts import reduce as _reduce
from ethicskit.bias.delivery import delivered, delivery_skew
from ethicskit.bias.error_rates import error_rate_parity
from ethicskit.bias.mitigation import mitigation_preview
from ethicskit.bias.offer import offer_value_disparity
from ethicskit.bias.proxy import proxy_features
from ethicskit.bias.representation import representation
from ethicskit.bias.selection import intersectional, selection_rate
from ethicskit.check import INFO, Check, Rule, check
from ethicskit.errors import InputError

#: Jinja macros of the bias messages: a rate as a percentage, a number to fixed decimals, a
#: count with its noun (``n/a`` for a missing number).
_M = ('{% macro pct(x) %}{{ "n/a" if x is none else "%.1f%%" | format(100 * x) }}'
      '{% endmacro %}'
      '{% macro fix(x, d=2) %}{{ "n/a" if x is none else ("%." ~ d ~ "f") | format(x) }}'
      '{% endmacro %}'
      '{% macro count(n, word) %}{{ "{:,}".format(n) }} {{ n | plural(word) }}{% endmacro %}'
      '{% macro g(x) %}{{ "%g" | format(x) }}{% endmacro %}')

#: the status rule of the comparison checks: a gap is ``fail`` in a credit, housing or
#: employment decision (fact ``opportunity``), ``warn`` in any other
DOMAIN_RULE = Rule("fail", on="flagged", law="opportunity", otherwise="warn")

#: where the decision domain came from, in a few words
_SOURCE_OF_DOMAIN = (
    '{% macro dsource() %}{% if domain_from == "config" %}set in the config{% elif '
    'domain_from == "product_category" %}from the product_category of every targeted row{% elif '
    'domain_categories | length > 1 %}the default: the targeted rows have '
    '{{ domain_categories | length }} product categories{% elif domain_categories %}the default '
    'for product category {{ domain_categories[0] }}{% else %}the default{% endif %}'
    '{% endmacro %}')
#: the sentence a gap ends with: the law of the domain, or why it is a screen to review
_DOMAIN_GAP = (
    _SOURCE_OF_DOMAIN + '{% if opportunity %} Disparate impact is unlawful in this '
    '{{ decision_domain }} decision ({{ domain_law }}; domain {{ dsource() }}): the gap must be '
    'justified or removed.{% else %} The decision domain is {{ decision_domain }} '
    '({{ dsource() }}): the gap is a screen to review, not a breach; in credit, housing or '
    'employment disparate impact is unlawful.{% endif %}')
_DOMAIN_PASS = _SOURCE_OF_DOMAIN + ' Decision domain: {{ decision_domain }} ({{ dsource() }}).'
_ADVERSE = ('{% if not favourable %} The decision audited is adverse (decision_favourable: '
            'false): the reference is the group least often given it.{% endif %}')

NO_ATTRIBUTES = "Not evaluated: the dataset has none of the protected attributes."
NO_DECISION = "Not evaluated: the dataset has no {{ decision }} column (the decision audited)."
_REFERENCES = ('{% if named %} Reference groups: {% for r in named %}{{ r.attribute }}: '
               '{{ r.group }} ({{ r.rule }}){{ "; " if not loop.last else "" }}{% endfor %}.'
               '{% endif %}')
_SELECTION_FAIL = (
    _M + '{{ count(flagged, "group") }} outside the {{ g(ratio_min) }}-{{ g(ratio_max) }} band: '
    '{{ worst.attribute }} = {{ worst.group }} {{ "is selected" if favourable else "is given the '
    'adverse decision" }} at {{ pct(worst.rate) }} (95% interval '
    '{{ pct(worst.ci_low) }}-{{ pct(worst.ci_high) }}) against {{ pct(reference_rate) }} for '
    '{{ reference_group }}, a ratio of {{ fix(worst.ratio) }}. {{ "{:,}".format(affected_rows) }} '
    'people are in the groups outside the band.' + _ADVERSE + _DOMAIN_GAP)
_SELECTION_PASS = (
    _M + 'Every group with at least {{ min_group_n }} people is {{ "selected" if favourable else '
    '"given the adverse decision" }} within {{ g(ratio_min) }}-{{ g(ratio_max) }} times the '
    'reference rate ({{ "lowest" if favourable else "highest" }} ratio {{ fix(value) }}).'
    + _ADVERSE + _DOMAIN_PASS)
_NO_RATIO = ("Not evaluated: no group has at least {{ min_group_n }} people with a defined ratio "
             "to a reference group.")
_SOURCE = ('{{ "the model\'s prediction" if from_model else "the decision (" ~ source_column '
           '~ ")" }}')
_TARGETED = ("{% if all_targeted %} The dataset has no `targeted` column, so every row counts "
             "as targeted.{% endif %}")

_ERROR_GAP = (
    _M + '{{ count(flagged, "group") }} with error rates more than '
    '{{ g(odds_max) }} from the reference: for {{ worst.attribute }} = '
    '{{ worst.group }}, ' + _SOURCE + ' picks {{ pct(worst.tpr) }} of the '
    'people who converted against {{ pct(ref.tpr) }} for {{ ref.group }} '
    '(eod {{ fix(worst.eod, 3) }}, aod {{ fix(worst.aod, 3) }}); '
    'false-positive rates {{ pct(worst.fpr) }} against {{ pct(ref.fpr) }}.' + _DOMAIN_GAP)
_OFFER_GAP = (
    _M + '{{ count(flagged, "group") }} with offers that differ by at least '
    '{{ g(smd_max) }} standard deviations: {{ worst.attribute }} = '
    '{{ worst.group }} gets {{ fix(worst.mean) }} on average against '
    '{{ fix(ref.mean) }} for {{ ref.group }} (SMD {{ fix(worst.smd) }}). '
    '{{ "{:,}".format(affected_rows) }} offers are in these groups.' + _TARGETED + _DOMAIN_GAP)

_DELIVERY_GAP = (
    _M + 'The people targeted differ from the eligible audience of population_shares by more '
    'than {{ g(tvd_max) }} (total variation distance) on {{ count(flagged, "attribute") }} of '
    '{{ attributes_judged }}. The largest is {{ worst.attribute }}: tvd {{ fix(value, 3) }} '
    'against tvd_max {{ g(tvd_max) }}; '
    '{{ gap.group }} is {{ pct(gap.delivered_share) }} of the people targeted against '
    '{{ pct(gap.eligible_share) }} of the eligible audience.' + _DOMAIN_GAP)
_DELIVERY_PASS = (
    _M + 'The people targeted match the eligible audience of population_shares within '
    '{{ g(tvd_max) }} (total variation distance) on every attribute compared; the largest is '
    '{{ worst.attribute }} at {{ fix(value, 3) }}.' + _DOMAIN_PASS)

#: what every bias check reads besides the config's columns: the decision domain comes from the
#: targeted rows' product_category when the config sets none; every count is of people (the
#: rows' weights; selected_count splits a row when the decision names it)
_READS = ("targeted", "product_category", "weight", "selected_count")
#: the law that makes a gap unlawful in an opportunity decision (docs/checks.md, bias)
_DOMAIN_LAW = ("ECOA / Reg B 12 CFR 1002.6(a)",
               "Fair Housing Act; Inclusive Communities, 576 U.S. 519 (2015)",
               "Title VII 42 U.S.C. 2000e-2(k)")


def _with_domain(metric):
    """``metric`` whose measure carries the decision domain: ``details.decision_domain``,
    ``decision_domain_from``, ``decision_favourable``, and the facts ``opportunity`` (the
    domain rule's law), ``decision_domain``, ``favourable``... for the words; and
    ``details.weighted``: true when the counts are people, sums of the rows' weights."""

    @functools.wraps(metric)
    def measured(counts, **thresholds):
        measure = metric(counts, **thresholds)
        domain = counts.domain
        return dataclasses.replace(measure, details={**measure.details, **domain.details(),
                                                     "weighted": bool(counts.weighted)},
                                   facts={**domain.facts(), **measure.facts})

    return measured


CHECKS: tuple[Check, ...] = (
    check("bias.selection_rate", "Selection rate by group (disparate impact)", "high",
          _with_domain(selection_rate), unit="rate ratio", rule=DOMAIN_RULE,
          messages={"fail": _SELECTION_FAIL + _REFERENCES, "warn": _SELECTION_FAIL + _REFERENCES,
                    "pass": _SELECTION_PASS + _REFERENCES,
                    "no_decision": NO_DECISION, "no_attributes": NO_ATTRIBUTES,
                    "no_ratio": _NO_RATIO},
          thresholds=["ratio_min", "ratio_max", "min_group_n"],
          reads=_READS,
          references=["29 CFR 1607.4(D) (four-fifths screen)", *_DOMAIN_LAW],
          remediation="Find which inputs drive the gap (see proxy features), review the "
                      "targeting rule with the business owner, and consider reweighing or a "
                      "fairer rule."),
    check("bias.error_rate_parity", "Error rates by group (equalized odds)", "high",
          _with_domain(error_rate_parity), unit="rate difference", rule=DOMAIN_RULE,
          messages={
              "fail": _ERROR_GAP, "warn": _ERROR_GAP,
              "pass": _M + 'True- and false-positive rates of ' + _SOURCE + ' stay within '
                      '{{ g(odds_max) }} of the reference group for every group with at least '
                      '{{ min_group_n }} people (largest gap in true-positive rate '
                      '{{ fix(value, 3) }}).' + _DOMAIN_PASS,
              "no_outcome": "Not evaluated: the dataset has no outcome column.",
              "no_prediction": "Not evaluated: the dataset has neither a prediction column "
                               "nor the decision column {{ decision }}.",
              "no_attributes": NO_ATTRIBUTES,
              "no_known_outcome": "Not evaluated: no row has a known outcome.",
              "no_rate": "Not evaluated: no group with enough people has a defined "
                         "true-positive rate to compare."},
          needs=["outcome"], thresholds=["odds_max", "min_group_n"],
          reads=[*_READS, "prediction", "outcome"],
          references=["Hardt et al. 2016", *_DOMAIN_LAW],
          remediation="Check the model's calibration and labels per group; retrain or adjust "
                      "thresholds per group only after legal review."),
    check("bias.intersectional", "Selection rate at intersections of groups", "high",
          _with_domain(intersectional), unit="rate ratio", rule=DOMAIN_RULE,
          messages={"fail": _SELECTION_FAIL, "warn": _SELECTION_FAIL, "pass": _SELECTION_PASS,
                    "no_decision": NO_DECISION, "no_ratio": _NO_RATIO,
                    "one_attribute": "Not evaluated: intersections need at least two protected "
                                     "attributes in the data; found {{ found }}."},
          thresholds=["ratio_min", "ratio_max", "min_group_n"],
          reads=_READS,
          references=["Buolamwini & Gebru 2018", *_DOMAIN_LAW],
          remediation="Look at the worst intersections first; a fair total can hide an unfair "
                      "intersection."),
    check("bias.offer_value_disparity", "Offer value by group", "high",
          _with_domain(offer_value_disparity), unit="standard deviations", rule=DOMAIN_RULE,
          messages={
              "fail": _OFFER_GAP, "warn": _OFFER_GAP,
              "pass": _M + 'Mean offers of every group with at least {{ min_group_n }} offers '
                      'stay within {{ g(smd_max) }} standard deviations of the reference group '
                      '(largest SMD {{ fix(value) }}).' + _TARGETED + _DOMAIN_PASS,
              "no_offer_column": "Not evaluated: the dataset has no offer_value column.",
              "no_attributes": NO_ATTRIBUTES,
              "no_offers": "Not evaluated: no targeted row has an offer value." + _TARGETED,
              "no_smd": "Not evaluated: no group has {{ min_group_n }} offers to compare with "
                        "a reference group."},
          needs=["offer_value"], thresholds=["smd_max", "min_group_n"],
          reads=[*_READS, "offer_value"],
          references=["ECOA / Reg B (pricing)", "standardized mean difference",
                      *_DOMAIN_LAW[1:]],
          remediation="Explain the pricing or discount rule per group and remove inputs that "
                      "stand in for protected attributes."),
    check("bias.representation", "Representation against the population", "medium",
          _with_domain(representation), unit="share ratio", rule=Rule("warn", on="flagged"),
          messages={
              "warn": _M + '{{ count(flagged, "group") }} under- or over-represented: '
                      '{{ worst.attribute }} = {{ worst.group }} is {{ pct(worst.share) }} of '
                      'the eligible population against {{ pct(worst.population_share) }} of the '
                      'reference population (ratio {{ fix(worst.ratio) }}, band '
                      '{{ g(ratio_min) }}-{{ g(ratio_max) }}).',
              "pass": _M + 'Every group named in population_shares is represented within '
                      '{{ g(ratio_min) }}-{{ g(ratio_max) }} times its population share '
                      '(lowest ratio {{ fix(value) }}).',
              "no_shares": "Not evaluated: the config has no population_shares to compare "
                           "with.",
              "none_found": "Not evaluated: none of the attributes named in population_shares "
                            "is in the dataset."},
          thresholds=["ratio_min", "ratio_max"], reads=_READS,
          references=["Datasheets for Datasets (Gebru et al.)"],
          remediation="Check how the eligible population was drawn; an under-represented "
                      "group was excluded before any model ran."),
    check("bias.delivery_skew", "Delivered audience against the eligible audience", "high",
          _with_domain(delivery_skew),
          unit="total variation distance",
          rule=Rule("fail", on="value", op=">", limit="tvd_max", law="opportunity",
                    otherwise="warn"),
          messages={"fail": _DELIVERY_GAP, "warn": _DELIVERY_GAP, "pass": _DELIVERY_PASS,
                    "no_shares": "Not evaluated: the config has no population_shares (the "
                                 "eligible audience's shares) to compare the targeted people "
                                 "with.",
                    "none_found": "Not evaluated: none of the attributes named in "
                                  "population_shares is a protected attribute in the dataset "
                                  "(or their shares sum to more than 1).",
                    "nobody_targeted": "Not evaluated: nobody is targeted, so no audience was "
                                       "delivered."},
          needs=["targeted"], thresholds=["tvd_max"], reads=_READS,
          references=["Meta-DOJ settlement on housing ad delivery (2022): variance of the "
                      "delivered against the eligible audience at most 10%",
                      "Ali et al. 2019, Discrimination through optimization", *_DOMAIN_LAW],
          remediation="Find where the audience narrowed (bidding, lookalikes, delivery "
                      "optimisation, channel mix) and rebalance delivery towards the eligible "
                      "audience; in housing, credit or employment ads review it with legal."),
    check("bias.proxy_features", "Features that stand in for protected attributes", "medium",
          _with_domain(proxy_features), unit="Cramér's V", rule=Rule("warn", on="flagged"),
          messages={
              "warn": _M + '{{ count(names | length, "feature") }} can stand in for a protected '
                      'attribute (Cramér\'s V at least {{ g(proxy_v) }}): '
                      '{{ names[:5] | join(", ") }}{{ " ..." if names | length > 5 else "" }}. The '
                      'strongest is {{ worst.feature }} with {{ worst.attribute }} '
                      '(V = {{ fix(worst.cramers_v) }}, bias-corrected '
                      '{{ fix(worst.cramers_v_corrected) }}).',
              "pass": _M + 'No feature is associated with a protected attribute at Cramér\'s V '
                      '{{ g(proxy_v) }} or more (largest {{ fix(value) }}, {{ tested }} features '
                      'tested).',
              "no_attributes": NO_ATTRIBUTES,
              "nothing_scored": "Not evaluated: {% if any_features %}the config's "
                                "model_features are all skipped or constant{% else %}there is "
                                "no feature to test ({{ source }}: none){% endif %}."},
          thresholds=["proxy_v"], reads=_READS,
          references=["HUD v. Facebook", "Reg B", "Bergsma 2013 (bias-corrected V)"],
          remediation="Drop or coarsen the feature, or show that it is needed and that the "
                      "selection is fair without it."),
    check("bias.mitigation_preview", "What reweighing would change", "low",
          _with_domain(mitigation_preview), unit="rate ratio", rule=INFO,
          messages={
              "info": _M + '{% if compared %}Reweighing the training data by group and decision '
                      'would move the {{ "lowest" if favourable else "highest" }} selection-rate '
                      'ratio from {{ fix(before) }} to {{ fix(value) }}. Weights of the groups large enough to judge range from '
                      '{{ fix(low) }} to {{ fix(high) }}.{% else %}Reweighing weights are '
                      'shown, but no group is large enough to compare ratios.{% endif %}',
              "no_decision": NO_DECISION, "no_attributes": NO_ATTRIBUTES},
          thresholds=["min_group_n"], reads=_READS,
          references=["Kamiran & Calders 2012"],
          remediation="Informational: reweighing is one option; judge it with the business "
                      "owner and legal review before use."),
)


class Unreadable:
    """The reduction of a campaign whose bias columns cannot be read (a decision column that is
    not bool-like...): every metric that reads it raises the input error, so each bias finding
    is an ``error`` naming the column, as the other areas still run."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __getattr__(self, name: str):
        raise self.error


#: The reduction is built from a compressed campaign's cells too (:mod:`ethicskit.compressed`).
FROM_CELLS = True


def reduce(campaign) -> Counts | Unreadable:
    """The bias reduction of ``campaign`` (:func:`ethicskit.bias.counts.reduce`, with the
    delivered shares of :func:`ethicskit.bias.delivery.delivered`), built once."""
    try:
        counts = _reduce(campaign)
        return dataclasses.replace(counts, delivery=delivered(campaign, counts))
    except InputError as exc:
        return Unreadable(exc)


SELECTION_COLUMNS = ["attribute", "group", "n", "selected", "rate", "ci_low", "ci_high",
                     "ratio", "spd", "evaluated", "reference"]
INTERSECTION_COLUMNS = ["attribute", "a", "b", "group", "n", "selected", "rate", "ratio",
                        "evaluated", "reference"]
ERROR_COLUMNS = ["attribute", "group", "n", "tpr", "fpr", "eod", "aod", "evaluated",
                 "reference"]
OFFER_COLUMNS = BOX_COLUMNS + ["smd", "evaluated", "reference"]
REPRESENTATION_COLUMNS = ["attribute", "group", "n", "share", "population_share", "ratio",
                          "outside"]
DELIVERY_COLUMNS = ["attribute", "group", "n", "delivered_share", "eligible_share", "tvd"]
PROXY_COLUMNS = ["feature", "attribute", "cramers_v", "cramers_v_corrected"]
WEIGHT_COLUMNS = ["attribute", "group", "selected", "n", "weight"]
REWEIGHED_COLUMNS = ["attribute", "group", "n", "rate_before", "rate_after", "ratio_before",
                     "ratio_after", "evaluated", "reference"]


def _rows(findings, check_id: str, key: str = "groups") -> list[dict]:
    f = findings.get(check_id)
    if f is None or f.status in ("not_evaluated", "error"):
        return []
    return list(f.details.get(key) or [])


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)


def tables(reduction: Counts, findings) -> dict[str, pd.DataFrame]:
    """The small tables the figures of ``02_bias`` are drawn from (one row per group, pair of
    groups, feature x attribute or weight cell; empty when the check did not run). ``delivery``:
    one row per attribute and group of ``bias.delivery_skew`` (delivered and eligible share, the
    attribute's tvd)."""
    inter = [{**r, "a": r["values"][0], "b": r["values"][1]}
             for r in _rows(findings, "bias.intersectional")]
    offers = {(r["attribute"], r["group"]): r
              for r in _rows(findings, "bias.offer_value_disparity")}
    boxes = []
    if offers and isinstance(reduction, Counts) and reduction.offer_boxes is not None:
        for box in reduction.offer_boxes.to_dict("records"):
            r = offers.get((box["attribute"], box["group"]))
            if r is not None:
                boxes.append({**box, "fliers": [float(x) for x in box["fliers"]],
                              "smd": r["smd"], "evaluated": r["evaluated"],
                              "reference": r["reference"]})
    return {
        "selection_rates": _frame(_rows(findings, "bias.selection_rate"), SELECTION_COLUMNS),
        "intersections": _frame(inter, INTERSECTION_COLUMNS),
        "error_rates": _frame(_rows(findings, "bias.error_rate_parity"), ERROR_COLUMNS),
        "offer_boxes": _frame(boxes, OFFER_COLUMNS),
        "representation": _frame(_rows(findings, "bias.representation"),
                                 REPRESENTATION_COLUMNS),
        "delivery": _frame([{**g, "attribute": a["attribute"], "tvd": a["tvd"]}
                            for a in _rows(findings, "bias.delivery_skew", "attributes")
                            for g in a["groups"]], DELIVERY_COLUMNS),
        "proxy_v": _frame(_rows(findings, "bias.proxy_features", "pairs"), PROXY_COLUMNS),
        "reweighing_weights": _frame(_rows(findings, "bias.mitigation_preview", "weights"),
                                     WEIGHT_COLUMNS),
        "reweighing_ratios": _frame(_rows(findings, "bias.mitigation_preview"),
                                    REWEIGHED_COLUMNS),
    }


def files(reduction: Counts, findings) -> dict[str, str | bytes]:
    """The bias area writes no file of its own."""
    return {}
