"""The targeting checks (docs/checks.md, targeting; notebook ``03_targeting``) as registry rows.

Each row is a metric of the :class:`~ethicskit.targeting.reduction.TargetingReduction`
(:mod:`.audience`, :mod:`.products`), a rule and its message templates. :func:`reduce` builds the
reduction once per campaign, :func:`tables` gives the small tables the notebook's figures are
drawn from (:mod:`.tables`), :func:`files` the files the area writes (none). From a compressed
campaign (an engine's cells), :func:`reduce` builds one reduction per group of checks and
:func:`tables` takes each table from its group (:mod:`.cells`).
"""

from __future__ import annotations

from ethicskit.check import FAIL_IF_ANY, WARN_IF_ANY, Rule, check
from ethicskit.jurisdictions import FALLBACK_NOTE
from ethicskit.privacy._common import weigh_checks
from ethicskit.targeting import audience, products
from ethicskit.targeting.common import SHARE, TARGETED_NOTE, comma, listing
from ethicskit.targeting.reduction import TargetingReduction
from ethicskit.targeting.reduction import reduce as reduce_rows
from ethicskit.targeting.tables import tables as tables_of

#: The jurisdiction columns every check that uses the rule pack reads.
_WHERE = ["country", "region"]

_CATEGORIES = ("{% for c, n in categories.items() %}{{ c | replace('_', ' ') }} "
               "{{ '{:,}'.format(n) }}{% if not loop.last %}, {% endif %}{% endfor %}")
_SENSITIVE_NOTES = (
    "{% if consent_overridden_rows %} " + comma("consent_overridden_rows") + " of those on a "
    "platform had explicit consent, which does not lift the ban.{% endif %}"
    "{% if consented_rows %} " + comma("consented_rows") + " more matched but had explicit "
    "consent and were not reached on a platform where such ads are banned, so they are not "
    "counted.{% endif %}"
    "{% if not has_consent_column %} The dataset has no `explicit_consent_sensitive` column, so "
    "no one counts as having given explicit consent.{% endif %}"
    "{% if not has_channel %} The dataset has no `channel` column, so no row counts as shown "
    "on an online platform.{% endif %}")
_OPPORTUNITY = ("(criteria: " + listing("keys") + "; offers: " + listing("products") + ")")

CHECKS = (
    check("targeting.sensitive_interests", "Targeting on special categories of data", "high",
          audience.sensitive_interests, unit="people", rule=FAIL_IF_ANY, threshold=0,
          needs=[("targeting_criteria", "inferred_segments", "segment")],
          reads=["targeted", "targeting_criteria", "inferred_segments", "segment",
                 "explicit_consent_sensitive", "channel", *_WHERE],
          references=["DSA Art. 26(3)", "GDPR Art. 9(1), 9(2)(a)", "EDPB Guidelines 8/2020"],
          remediation="Remove criteria, inferred traits and segments that reveal health, sexual "
                      "orientation, religion, political opinions, ethnic origin, trade-union "
                      "membership, genetic or biometric data from platform ads; elsewhere use "
                      "them only with recorded explicit consent, or target on context instead.",
          messages={
              "fail": comma("affected_rows") + " targeted people (" + SHARE + ") were selected "
                      "through criteria or segments that reveal a special category of data ("
                      + _CATEGORIES + "){% if platform_rows %}: " + comma("platform_rows")
                      + " on an online platform where such ads are banned whatever the consent"
                      "{% if affected_rows > platform_rows %}, the others without explicit "
                      "consent{% endif %}{% else %}, without explicit consent{% endif %}."
                      + _SENSITIVE_NOTES + TARGETED_NOTE + FALLBACK_NOTE,
              "default": "No targeted person was selected through a criterion or segment that "
                         "reveals a special category of data on a platform where such ads are "
                         "banned, or elsewhere without explicit consent." + _SENSITIVE_NOTES
                         + TARGETED_NOTE + FALLBACK_NOTE}),
    check("targeting.hardship_targeting", "Targeting on financial hardship", "medium",
          audience.hardship_targeting, unit="people", rule=WARN_IF_ANY, threshold=0,
          needs=[("targeting_criteria", "inferred_segments", "segment")],
          reads=["targeted", "targeting_criteria", "inferred_segments", "segment"],
          references=["FCA FG21/1 (vulnerable customers)", "UCPD Art. 5(3)"],
          remediation="Review why people are selected for signs of financial difficulty; do not "
                      "use them to push credit or other offers that could deepen it, and offer "
                      "support instead.",
          messages={
              "warn": comma("affected_rows") + " targeted people (" + SHARE + ") were selected "
                      "through criteria or segments that point to financial hardship ("
                      + listing("tokens") + "). Financial hardship is not a special category "
                      "of data, but marketing to people in financial difficulty needs a "
                      "person's review under consumer-protection and conduct rules."
                      + TARGETED_NOTE,
              "default": "No targeted person was selected through a criterion or segment that "
                         "points to financial hardship." + TARGETED_NOTE}),
    check("targeting.protected_criteria_in_opportunity_ads",
          "Protected criteria in housing, employment or credit offers", "high",
          audience.protected_criteria_in_opportunity_ads,
          unit="people", rule=Rule("fail", law="law_rows", otherwise="warn"), threshold=0,
          needs=["product_category", "targeting_criteria"],
          reads=["targeted", "product_category", "targeting_criteria", *_WHERE],
          references=["Fair Housing Act 42 U.S.C. 3604(c)", "ECOA 15 U.S.C. 1691(a), Reg B "
                      "12 CFR 1002.4(b)", "Title VII 42 U.S.C. 2000e-3(b); ADEA 29 U.S.C. "
                      "623(e); ADA", "Canadian Human Rights Act s. 5, 7, 12",
                      "Meta Special Ad Categories", "Google personalised advertising policy"],
          remediation="Target housing, employment and credit offers without age, sex, family, "
                      "origin, religion, disability or location criteria, and use the "
                      "platforms' special ad category settings.",
          messages={
              "fail": comma("affected_rows") + " targeted people (" + SHARE + ") got a housing, "
                      "employment or credit offer selected by a protected characteristic "
                      + _OPPORTUNITY + ". " + comma("law_rows") + " of them "
                      "{{ law_rows | verb('is', 'are') }} in {{ law_keys | join(', ') }}, where "
                      "the law forbids it{% if platform_rule_rows %}; the other "
                      + comma("platform_rule_rows") + " {{ platform_rule_rows | verb('is', "
                      "'are') }} elsewhere, where it is a platform rule (special ad categories) "
                      "rather than law{% endif %}." + TARGETED_NOTE + FALLBACK_NOTE,
              "warn": comma("affected_rows") + " targeted people (" + SHARE + ") got a housing, "
                      "employment or credit offer selected by a protected characteristic "
                      + _OPPORTUNITY + ", none of them in a jurisdiction where the rule pack "
                      "makes this law (the US and Canada); elsewhere it is a platform rule "
                      "(special ad categories) to review." + TARGETED_NOTE + FALLBACK_NOTE,
              "default": "No housing, employment or credit offer was targeted by a key its "
                         "category may not use (" + comma("opportunity_rows") + " targeted rows "
                         "had such an offer)." + TARGETED_NOTE + FALLBACK_NOTE}),
    check("targeting.micro_segments", "Micro-segments that single people out", "medium",
          audience.micro_segments, unit="people", rule=Rule("warn", on="small_segments"),
          threshold="min_audience", needs=["segment"], thresholds=["min_audience"],
          reads=["targeted", "segment"],
          references=["EDPB Guidelines 8/2020 (singling out in small audiences)",
                      "platform minimum audience sizes (Google 100, LinkedIn 300)"],
          remediation="Merge small segments into larger ones or drop them.",
          messages={
              "empty": "Not evaluated: the segment column is empty.",
              "warn": comma("small_segments") + " of " + comma("segments_total") + " segments "
                      "have fewer than " + comma("min_audience") + " targeted people ("
                      + comma("affected_rows") + " people in all; the smallest has "
                      + comma("smallest") + "); an audience that small can single people out."
                      + TARGETED_NOTE,
              "default": "{% if segments_total %}All " + comma("segments_total") + " segments "
                         "have at least " + comma("min_audience") + " targeted people (the "
                         "smallest has " + comma("smallest") + ").{% else %}No targeted person "
                         "has a segment.{% endif %}" + TARGETED_NOTE}),
    check("targeting.contact_pressure", "Too many contacts per person", "medium",
          audience.contact_pressure, unit="contacts", rule=WARN_IF_ANY, threshold="max_contacts",
          needs=["contact_count"], thresholds=["max_contacts"],
          reads=["contact_count"],
          references=["a norm after CFPB Regulation F 12 CFR 1006.14(b)(2)"],
          remediation="Set a frequency cap across channels and stop contacting people who do "
                      "not respond.",
          messages={
              "empty": "Not evaluated: the contact_count column is empty.",
              "warn": comma("affected_rows") + " of " + comma("known") + " people ("
                      "{{ '%.1f' | format(100 * affected_rows / known) }}%) were contacted more "
                      "than " + comma("max_contacts") + " times in this campaign, up to "
                      + comma("most") + " times.",
              "default": "No one was contacted more than " + comma("max_contacts") + " times "
                         "in this campaign (the most was " + comma("most") + ")."}),
    check("targeting.minors_restricted_products", "Age-restricted products shown to minors",
          "high", products.minors_restricted_products, unit="people", rule=FAIL_IF_ANY, threshold=0,
          needs=["age", "product_category"], thresholds=["minor_age"],
          reads=["targeted", "age", "product_category"],
          references=["UK CAP Code 16.3.12 (gambling), 18.16 (alcohol)",
                      "Gambling Act 2005 s. 46", "platform advertising policies"],
          remediation="Exclude everyone under the minimum age from alcohol, gambling, tobacco "
                      "and high-cost credit campaigns, and verify ages.",
          messages={
              "fail": comma("affected_rows") + " targeted people under {{ minor_age }} ("
                      + SHARE + ") were offered an age-restricted product ("
                      + listing("products") + ")."
                      "{% if unknown %} " + comma("unknown") + " targeted rows with such an "
                      "offer have no age and could not be checked.{% endif %}" + TARGETED_NOTE,
              "default": "No one under {{ minor_age }} was targeted with alcohol, gambling, "
                         "tobacco or high-cost credit (" + comma("restricted_rows")
                         + " targeted rows had such an offer)."
                         "{% if unknown %} " + comma("unknown") + " targeted rows with such an "
                         "offer have no age and could not be checked.{% endif %}"
                         + TARGETED_NOTE}),
    check("targeting.minors_profiling_ads", "Profiling-based ads shown to minors on platforms",
          "high", audience.minors_profiling_ads, unit="people", rule=FAIL_IF_ANY, threshold=0,
          needs=["targeted", "age", "country", "channel",
                 ("targeting_criteria", "inferred_segments")],
          reads=["targeted", "age", "country", "region", "channel", "targeting_criteria",
                 "inferred_segments", "parental_consent"],
          references=["DSA Art. 28(2)"],
          remediation="Show minors on online platforms only ads that are not based on "
                      "profiling (contextual ads), whatever the consent; exclude people under "
                      "18 from profiled platform audiences.",
          messages={
              "fail": comma("affected_rows") + " targeted people under "
                      "{{ under | join(' or ') }} (" + SHARE + ") were shown an ad on an online "
                      "platform selected through profiling (targeting criteria or inferred "
                      "traits), where that is banned whatever the consent."
                      "{% if parental_rows %} " + comma("parental_rows") + " of them had "
                      "parental consent, which does not lift the ban.{% endif %}"
                      "{% if unknown %} " + comma("unknown") + " such platform rows have no age "
                      "and could not be checked.{% endif %}" + FALLBACK_NOTE,
              "default": "No one under {{ under | join(' or ') }} was shown a profiling-based "
                         "ad on an online platform where that is banned ("
                         + comma("judged_rows") + " targeted platform rows were selected "
                         "through profiling)."
                         "{% if unknown %} " + comma("unknown") + " such platform rows have no "
                         "age and could not be checked.{% endif %}" + FALLBACK_NOTE}),
    check("targeting.vulnerable_high_risk", "High-risk products offered to vulnerable people",
          "high", products.vulnerable_high_risk, unit="people", rule=WARN_IF_ANY, threshold=0,
          needs=["vulnerability_flags", "product_category"],
          reads=["targeted", "vulnerability_flags", "product_category"],
          references=["FCA CONC 2.10", "FCA FG21/1 (vulnerable customers)",
                      "UK Gambling Commission LCCP SR 5.1.11",
                      "EU AI Act Art. 5(1)(b), where its conditions are met"],
          remediation="Review why people with vulnerability flags are offered gambling or "
                      "high-cost credit; exclude them, or route them to support instead.",
          messages={
              "warn": comma("affected_rows") + " targeted people with a vulnerability flag ("
                      + SHARE + ") were offered a high-risk product (" + listing("products")
                      + "; flags: " + listing("flags") + "); each needs a person's review "
                      "under the conduct rules for vulnerable customers." + TARGETED_NOTE,
              "default": "No one with a vulnerability flag was targeted with gambling or "
                         "high-cost credit (" + comma("flagged_rows") + " rows carry a flag)."
                         + TARGETED_NOTE}),
    check("targeting.personalization_depth", "Intrusive depth of profiling", "medium",
          audience.personalization_depth, unit="criteria", rule=WARN_IF_ANY,
          threshold="max_criteria",
          needs=[("targeting_criteria", "inferred_segments")], thresholds=["max_criteria"],
          reads=["targeted", "targeting_criteria", "inferred_segments"],
          references=["EDPB Guidelines 8/2020"],
          remediation="Use fewer criteria per person; keep only those you can explain to the "
                      "customer.",
          messages={
              "warn": comma("affected_rows") + " targeted people (" + SHARE + ") were selected "
                      "with more than " + comma("max_criteria") + " distinct criteria and "
                      "inferred traits, up to " + comma("most") + "." + TARGETED_NOTE,
              "default": "No targeted person was selected with more than "
                         + comma("max_criteria") + " distinct criteria and inferred traits (the "
                         "most was " + comma("most") + ")." + TARGETED_NOTE}),
    check("targeting.automated_significant_decisions",
          "Significant automated decisions without human review", "medium",
          products.automated_significant_decisions, unit="people", rule=WARN_IF_ANY, threshold=0,
          needs=["automated_decision", "product_category"],
          reads=["targeted", "automated_decision", "human_review", "product_category"],
          references=["GDPR Art. 22", "AI Act Annex III 5(b)-(c)"],
          remediation="Add human review to credit, insurance, housing and employment "
                      "decisions, and tell people how to contest them.",
          messages={
              "warn": comma("affected_rows") + " targeted people (" + SHARE + ") got a credit, "
                      "insurance, housing or employment decision made by a model with no human "
                      "review (" + listing("products") + ")."
                      "{% if not has_review_column %} The dataset has no `human_review` column, "
                      "so no decision counts as reviewed.{% endif %}" + TARGETED_NOTE,
              "default": "Every automated credit, insurance, housing or employment decision was "
                         "reviewed by a person (" + comma("automated_rows") + " automated "
                         "decisions)."
                         "{% if not has_review_column %} The dataset has no `human_review` "
                         "column, so no decision counts as reviewed.{% endif %}"
                         + TARGETED_NOTE}),
)
#: With a ``weight`` column, every finding says ``details.weighted: true``.
CHECKS = weigh_checks(CHECKS)

#: The reduction is built from a compressed campaign's cells too (:mod:`ethicskit.compressed`,
#: :mod:`ethicskit.targeting.cells`): one group of cells per group of checks.
FROM_CELLS = True


def reduce(campaign):
    """The area's reduction: of the rows (:func:`ethicskit.targeting.reduction.reduce`), or,
    for a compressed campaign (``campaign.cells``), one per group of checks from the engine's
    cells (:func:`ethicskit.targeting.cells.reduce`, a router)."""
    if getattr(campaign, "cells", None) is not None:
        from ethicskit.targeting import cells

        return cells.reduce(campaign)
    return reduce_rows(campaign)


def tables(reduction, findings) -> dict:
    """The area's tables (:func:`ethicskit.targeting.tables.tables`), from the groups' parts
    for a compressed campaign (:func:`ethicskit.targeting.cells.tables`)."""
    from ethicskit.targeting.cells import TargetingParts, tables as tables_of_parts

    if isinstance(reduction, TargetingParts):
        return tables_of_parts(reduction, findings)
    return tables_of(reduction, findings)


def files(reduction: TargetingReduction, findings) -> dict[str, str | bytes]:
    """The targeting area writes no file of its own."""
    return {}
