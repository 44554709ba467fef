"""The targeting checks (docs/checks.md, targeting; notebook ``03_targeting``) as registry rows.

Each row is a metric of the :class:`~ethicskit.targeting.reduction.TargetingReduction`
(:mod:`.audience`, :mod:`.products`), a rule and its message templates. :func:`reduce` builds the
reduction once per campaign, :func:`tables` gives the small tables the notebook's figures are
drawn from (:mod:`.tables`), :func:`files` the files the area writes (none).
"""

from __future__ import annotations

from ethicskit.check import FAIL_IF_ANY, WARN_IF_ANY, Rule, check
from ethicskit.targeting import audience, products
from ethicskit.targeting.common import SHARE, TARGETED_NOTE, comma, listing
from ethicskit.targeting.reduction import TargetingReduction, reduce  # noqa: F401
from ethicskit.targeting.tables import tables  # noqa: F401

_CATEGORIES = ("{% for c, n in categories.items() %}{{ c | replace('_', ' ') }} "
               "{{ '{:,}'.format(n) }}{% if not loop.last %}, {% endif %}{% endfor %}")
_CONSENT = ("{% if consented_rows %} " + comma("consented_rows") + " more matched but had "
            "explicit consent, so they are not counted.{% endif %}"
            "{% if not has_consent_column %} The dataset has no `explicit_consent_sensitive` "
            "column, so no one counts as having given explicit consent.{% endif %}")

CHECKS = (
    check("targeting.sensitive_interests", "Targeting on sensitive traits", "high",
          audience.sensitive_interests, rule=FAIL_IF_ANY, threshold=0,
          needs=[("targeting_criteria", "inferred_segments", "segment")],
          reads=["targeted", "targeting_criteria", "inferred_segments", "segment",
                 "explicit_consent_sensitive"],
          references=["GDPR Art. 9", "DSA Art. 26(3)", "EDPB Guidelines 8/2020"],
          remediation="Remove sensitive criteria and segments from the audience definition; "
                      "target on context or declared interests instead.",
          messages={
              "fail": comma("affected_rows") + " targeted people (" + SHARE + ") were selected "
                      "through criteria or segments that reveal a sensitive trait, without "
                      "explicit consent (" + _CATEGORIES + ")." + _CONSENT + TARGETED_NOTE,
              "default": "No targeted person was selected through a criterion or segment that "
                         "reveals a sensitive trait without explicit consent." + _CONSENT
                         + TARGETED_NOTE}),
    check("targeting.protected_criteria_in_opportunity_ads",
          "Protected criteria in housing, employment or credit offers", "high",
          audience.protected_criteria_in_opportunity_ads, rule=FAIL_IF_ANY, threshold=0,
          needs=["product_category", "targeting_criteria"],
          reads=["targeted", "product_category", "targeting_criteria"],
          references=["Fair Housing Act §3604(c)", "ECOA/Reg B §1002.4(b)",
                      "Meta Special Ad Categories", "Google Ads policy"],
          remediation="Target opportunity offers without age, gender, location or family "
                      "criteria; use the platforms' special ad category settings.",
          messages={
              "fail": comma("affected_rows") + " targeted people (" + SHARE + ") got a housing, "
                      "employment or credit offer selected by a protected characteristic "
                      "(criteria: " + listing("keys") + "; offers: " + listing("products")
                      + ")." + TARGETED_NOTE,
              "default": "No housing, employment or credit offer was targeted by age, gender, "
                         "location, family status or another protected characteristic ("
                         + comma("opportunity_rows") + " targeted rows had such an offer)."
                         + TARGETED_NOTE}),
    check("targeting.micro_segments", "Micro-segments that single people out", "high",
          audience.micro_segments, rule=Rule("fail", on="value"), threshold="min_audience",
          needs=["segment"], thresholds=["min_audience"],
          reads=["targeted", "segment"],
          references=["platform minimum audience sizes (Google 100, LinkedIn 300)"],
          remediation="Merge small segments into larger ones or drop them.",
          messages={
              "empty": "Not evaluated: the segment column is empty.",
              "fail": comma("value") + " of " + comma("segments_total") + " segments have fewer "
                      "than " + comma("min_audience") + " targeted people ("
                      + comma("affected_rows") + " people in all); an audience that small can "
                      "single people out." + TARGETED_NOTE,
              "default": "{% if segments_total %}All " + comma("segments_total") + " segments "
                         "have at least " + comma("min_audience") + " targeted people (the "
                         "smallest has " + comma("smallest") + ").{% else %}No targeted person "
                         "has a segment.{% endif %}" + TARGETED_NOTE}),
    check("targeting.contact_pressure", "Too many contacts per person", "medium",
          audience.contact_pressure, rule=WARN_IF_ANY, threshold="max_contacts",
          needs=["contact_count"], thresholds=["max_contacts"],
          reads=["targeted", "contact_count"],
          references=["CFPB Reg F 12 CFR 1006.14(b)(2)"],
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
    check("targeting.minors_restricted_products", "Restricted products shown to minors", "high",
          products.minors_restricted_products, rule=FAIL_IF_ANY, threshold=0,
          needs=["age", "product_category"], thresholds=["minor_age"],
          reads=["targeted", "age", "product_category"],
          references=["UK CAP Code", "DSA Art. 28(2)"],
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
    check("targeting.vulnerable_high_risk", "High-risk products pushed at vulnerable people",
          "high", products.vulnerable_high_risk, rule=FAIL_IF_ANY, threshold=0,
          needs=["vulnerability_flags", "product_category"],
          reads=["targeted", "vulnerability_flags", "product_category"],
          references=["EU AI Act Art. 5(1)(b)", "FCA CONC", "UK Gambling Commission"],
          remediation="Exclude people with vulnerability flags from gambling and high-cost "
                      "credit offers and route them to support instead.",
          messages={
              "fail": comma("affected_rows") + " targeted people with a vulnerability flag ("
                      + SHARE + ") were offered a high-risk product (" + listing("products")
                      + "; flags: " + listing("flags") + ")." + TARGETED_NOTE,
              "default": "No one with a vulnerability flag was targeted with gambling or "
                         "high-cost credit (" + comma("flagged_rows") + " rows carry a flag)."
                         + TARGETED_NOTE}),
    check("targeting.personalization_depth", "Intrusive depth of profiling", "medium",
          audience.personalization_depth, rule=WARN_IF_ANY, threshold="max_criteria",
          needs=[("targeting_criteria", "inferred_segments")], thresholds=["max_criteria"],
          reads=["targeted", "targeting_criteria", "inferred_segments"],
          references=["EDPB 8/2020"],
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
          products.automated_significant_decisions, rule=WARN_IF_ANY, threshold=0,
          needs=["automated_decision", "product_category"],
          reads=["targeted", "automated_decision", "human_review", "product_category"],
          references=["GDPR Art. 22"],
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

#: The figures the report shows: (name, plot function, caption), in the notebook's order.
KEY_FIGURES = (
    ("segments", "ethicskit.plots.targeting:segment_audiences",
     "Targeted people per segment against the minimum audience."),
    ("contact-pressure", "ethicskit.plots.targeting:contacts_per_person",
     "People by number of contacts in this campaign, with the cap marked."),
)


def files(reduction: TargetingReduction, findings) -> dict[str, str | bytes]:
    """The targeting area writes no file of its own."""
    return {}
