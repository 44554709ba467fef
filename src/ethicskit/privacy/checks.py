"""The privacy area (notebook ``01_privacy``): its registry rows (ten here, and the three
tracking checks of :mod:`ethicskit.privacy.tracking`), its reduction, the tables its figures
are drawn from and the file it writes (``suppress.csv``).

Each row is a metric of :mod:`ethicskit.privacy.consent`, :mod:`~ethicskit.privacy.rights`,
:mod:`~ethicskit.privacy.exposure` or :mod:`~ethicskit.privacy.anonymity` (numbers only), a
rule (the status) and message templates (the words, :mod:`ethicskit.messages`). For count-type
checks ``value`` is the affected count and ``threshold`` 0 (the limit in days or years is in
``details``); k-anonymity reports k against ``k_min`` and l-diversity the smallest l against
``l_min``. Evidence is at most ten ``customer_id`` values (``details.customer_ids``), never an
identifier's value.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping

import pandas as pd

from ethicskit.check import FAIL_IF_ANY, Rule, check
from ethicskit.findings import Finding
from ethicskit.jurisdictions import FALLBACK_NOTE
from ethicskit.privacy import anonymity, consent, exposure, rights
from ethicskit.privacy._common import weigh_checks
from ethicskit.privacy.consent import CONSENT_COLUMNS
from ethicskit.privacy.reduction import PrivacyReduction
from ethicskit.privacy.reduction import reduce as reduce_rows
from ethicskit.privacy.tracking import TRACKING_CHECKS
from ethicskit.privacy.suppress import (FILE_NAME, suppression_csv, suppression_summary,
                                        suppression_table)

# ---------------------------------------------------------------- shared words
TARGETED_NOTE = ("{% if not has_targeted %} The dataset has no `targeted` column, so every row "
                 "counts as targeted.{% endif %}")
UNKNOWN_CONSENT = ("{% if n_unknown %} {{ n_unknown | people }} could not be checked because "
                   "the dataset has no {{ absent | join(', ') }} column.{% endif %}")
EXEMPTED = (" Exempted: {{ n_soft | people }} by the soft opt-in (existing customers given the "
            "chance to refuse), {{ n_b2b | people }} as business contacts;"
            " {{ n_dnc | people }} {{ n_dnc | verb('was', 'were') }} called on a do-not-call "
            "number without consent.")
UNKNOWN_AGE = ("{% if unknown_age %} {{ unknown_age | people }} targeted "
               "{{ unknown_age | verb('has', 'have') }} no age and "
               "{{ unknown_age | verb('was', 'were') }} not checked.{% endif %}")
NO_QIS = ("Not evaluated: {% if configured %}the config's quasi_identifiers list is empty."
          "{% else %}no quasi-identifiers; the config names none and the dataset has none of "
          "postcode, birth_date, age, gender.{% endif %}")
NO_ROWS = "Not evaluated: the dataset has no rows."
RETENTION = "{{ '{:,}'.format(retention_days) }}"
GRACES = "{{ graces | join(', ') }}"
OTHER_CONDITION = ("{% if other_names %} {{ n_other | people }} without explicit consent "
                   "{{ n_other | verb('holds', 'hold') }} values in columns that rest on another "
                   "Art. 9 condition declared in the inventory ({{ other_names | join(', ') }}); "
                   "those columns are not counted.{% endif %}")
#: ``affected_rows`` as rows, or as people when the rows are weighted (``details.weighted``).
AFFECTED = ("{% if weighted is defined and weighted %}{{ affected_rows | people }}"
            "{% else %}{{ affected_rows | rows }}{% endif %}")
RISK = (" This is a measure of re-identification risk to review, not a legal threshold: the "
        "law sets no k or l.")

CHECKS = (
    check("privacy.consent_missing", "Contacted without consent for the channel", "high",
          consent.consent_missing, unit="people", rule=FAIL_IF_ANY, threshold=0,
          needs=[CONSENT_COLUMNS],
          messages={
              "fail": "{{ affected_rows | people }} ({{ affected_rows | pct(n_targeted) }} of "
                      "those targeted) {{ affected_rows | verb('was', 'were') }} contacted "
                      "without the prior consent their channel needs in their jurisdiction."
                      + EXEMPTED + UNKNOWN_CONSENT + TARGETED_NOTE + FALLBACK_NOTE,
              "pass": "Every targeted person whose channel needs prior consent in their "
                      "jurisdiction has it recorded or is exempted ({{ checked | num }} "
                      "checked)." + EXEMPTED + UNKNOWN_CONSENT + TARGETED_NOTE
                      + FALLBACK_NOTE,
              "unchecked": "Not evaluated: no targeted person could be checked; "
                           "{{ n_unknown | people }} could not be checked because the dataset "
                           "has no {{ absent | join(', ') }} column." + TARGETED_NOTE
                           + FALLBACK_NOTE},
          reads=["targeted", "channel", "consent_email", "consent_sms", "consent_phone",
                 "consent_personalization", "country", "region", "existing_customer",
                 "soft_optin_offered", "business_contact", "do_not_call"],
          references=["ePrivacy Directive 2002/58/EC Art. 13", "ePrivacy Directive Art. 5(3)",
                      "UK PECR reg. 22", "UK PECR reg. 21", "UWG §7(2) Nr. 1",
                      "TKG 2021 §174", "CAN-SPAM 15 U.S.C. 7704", "TCPA 47 CFR 64.1200(a)(2)",
                      "47 CFR 64.1200(c)(2)", "CASL s. 6", "CASL s. 10(9)(a)",
                      "CRTC Unsolicited Telecommunications Rules", "GDPR Art. 6(1)(a)",
                      "GDPR Art. 7(1)", "CJEU C-252/21"],
          remediation="Suppress these people (see suppress.csv) and fix the audience query: "
                      "where a person's jurisdiction needs prior consent for the channel, "
                      "select only people with a recorded consent, or who meet the soft "
                      "opt-in or business-contact exemption where it is allowed; screen phone "
                      "numbers against the do-not-call register before calling."),
    check("privacy.consent_after_contact", "Consent recorded after the contact", "high",
          consent.consent_after_contact, unit="people", rule=FAIL_IF_ANY, threshold=0,
          needs=["consent_ts", "contact_ts"],
          messages={
              "fail": "{{ affected_rows | people }} ({{ affected_rows | pct(checked) }} of the "
                      "{{ checked | num }} with both dates on a channel that needs prior "
                      "consent in their jurisdiction) {{ affected_rows | verb('was', 'were') }} "
                      "contacted before their consent was recorded." + FALLBACK_NOTE,
              "pass": "Consent was recorded before the contact for all {{ checked | num }} "
                      "contacted rows whose channel needs prior consent in their "
                      "jurisdiction.{% if not_needed %} {{ not_needed | rows }} with both "
                      "dates needed no prior consent (an opt-out channel, the soft opt-in or "
                      "a business contact) and {{ not_needed | verb('was', 'were') }} not "
                      "judged.{% endif %}" + FALLBACK_NOTE},
          reads=["consent_ts", "contact_ts", "targeted", "channel", "country", "region",
                 "existing_customer", "soft_optin_offered", "business_contact"],
          references=["GDPR Art. 7(1)", "ePrivacy Directive 2002/58/EC Art. 13(1)",
                      "UK PECR reg. 22", "TCPA 47 CFR 64.1200(a)(2)", "CASL s. 6"],
          remediation="Consent must exist before the message it covers: find why contacts went "
                      "out before consent was captured, and treat these contacts as made "
                      "without consent."),
    check("privacy.contact_after_optout", "Contacted after opting out", "high",
          consent.contact_after_optout, unit="people", rule=FAIL_IF_ANY, threshold=0,
          needs=["optout_ts", "contact_ts"],
          messages={
              "fail": "{{ affected_rows | people }} ({{ affected_rows | pct(checked) }} of the "
                      "{{ checked | num }} who opted out and were contacted) "
                      "{{ affected_rows | verb('was', 'were') }} contacted later than their "
                      "jurisdiction allows after an opt-out (grace: " + GRACES + ")."
                      + FALLBACK_NOTE,
              "pass": "Nobody was contacted later than their jurisdiction allows after an "
                      "opt-out ({{ checked | num }} rows with both dates{% if graces %}; "
                      "grace: " + GRACES + "{% endif %})." + FALLBACK_NOTE},
          reads=["optout_ts", "contact_ts", "country", "region"],
          references=["GDPR Art. 7(3)", "GDPR Art. 21(2)-(3)", "UK PECR reg. 22(3)(c)",
                      "CAN-SPAM 15 U.S.C. 7704(a)(4)(A)(i)", "47 CFR 64.1200(a)(10)",
                      "47 CFR 64.1200(d)(3)", "CASL s. 11(3)"],
          remediation="Add these people to the suppression list at once and make opt-outs reach "
                      "every sending system within the grace of each jurisdiction: at once in "
                      "the EU and the UK, within 10 business days in the US and Canada."),
    check("privacy.erasure_overdue", "Erasure requests not honoured in time", "high",
          rights.erasure_overdue, unit="people", rule=FAIL_IF_ANY, threshold=0,
          needs=["erasure_request_ts"],
          messages={
              "fail": "{{ affected_rows | people }} asked for erasure and their data is still "
                      "here after the deadline of their jurisdiction ({{ affected_rows | num }} "
                      "of {{ n_open | num }} open requests; the longest is {{ worst | num }} "
                      "{{ worst | verb('day', 'days') }} late)." + FALLBACK_NOTE,
              "pass": "No erasure request is past the deadline of its jurisdiction "
                      "({{ n_open | num }} open requests, all within the time allowed)."
                      + FALLBACK_NOTE},
          reads=["erasure_request_ts", "erasure_extended", "country", "region"],
          references=["GDPR Art. 12(3)", "GDPR Art. 17", "UK GDPR Art. 12(3)",
                      "Cal. Code Regs. tit. 11 §7021(b)", "PIPEDA s. 8(3)-(4)"],
          remediation="Erase these records now, confirm to the people who asked, and log the "
                      "delay; a record still present means it was not erased. Where the person "
                      "also objected to marketing, keep only a minimal suppression record so "
                      "they are not contacted again."),
    check("privacy.direct_identifiers", "Direct identifiers in the campaign data", "medium",
          exposure.direct_identifiers, unit="columns", rule=Rule("warn", on="value"), threshold=0,
          thresholds=["identifier_share"],
          messages={
              "warn": "{{ value }} column{{ '' if value == 1 else 's' }} "
                      "hold{{ 's' if value == 1 else '' }} direct identifiers: "
                      "{% for c in columns %}{{ c.column }} ({{ c.type }})"
                      "{{ '' if loop.last else ', ' }}{% endfor %}; {{ affected_rows | num }} "
                      "{{ affected_rows | verb('row carries', 'rows carry') }} at least one "
                      "({{ affected_rows | pct(n_rows) }}).",
              "pass": "No column holds direct identifiers ({{ checked }} text columns "
                      "checked).",
              "no_text": "Not evaluated: the dataset has no text column other than "
                         "customer_id."},
          reads=["*"],
          references=["GDPR Art. 4(5)", "GDPR Art. 25", "GDPR Art. 32"],
          remediation="Replace identifiers with a keyed hash or a pseudonymous key before the "
                      "data reaches analysts and models; keep the lookup table apart."),
    check("privacy.k_anonymity", "Re-identification risk (k-anonymity)", "high",
          anonymity.k_anonymity, unit="people per class",
          rule=Rule("warn", on="value", op="<", limit="k_min"),
          threshold="k_min", thresholds=["k_min"],
          messages={
              "warn": "The smallest group of people sharing {{ names | join(', ') }} has "
                      "{{ k | num }} {{ k | plural('person', 'people') }} (k = {{ k }}, "
                      "k_min = {{ k_min }}): " + AFFECTED + " "
                      "({{ affected_rows | pct(n_rows) }}) {{ affected_rows | verb('sits', "
                      "'sit') }} in {{ below | num }} {{ below | verb('group', 'groups') }} "
                      "smaller than {{ k_min }}." + RISK,
              "pass": "Every group of people sharing {{ names | join(', ') }} has at least "
                      "{{ k | num }} people (k = {{ k }}, k_min = {{ k_min }}; "
                      "{{ n_classes | num }} groups).",
              "no_qis": NO_QIS, "no_rows": NO_ROWS},
          reads=["postcode", "birth_date", "age", "gender"],
          references=["GDPR Recital 26", "WP29 Opinion 05/2014 on anonymisation techniques",
                      "Sweeney 2002"],
          remediation="Generalise quasi-identifiers (shorter postcodes, age bands instead of "
                      "birth dates) or suppress the rare combinations until every class has "
                      "k_min people before the data is shared."),
    check("privacy.l_diversity", "Sensitive attribute diversity (l-diversity)", "medium",
          anonymity.l_diversity, unit="distinct values", rule=Rule("warn"),
          threshold="l_min", thresholds=["l_min"],
          messages={
              "warn": AFFECTED + " ({{ affected_rows | pct(n_rows) }}) "
                      "{{ affected_rows | verb('sits', 'sit') }} in {{ below | num }} "
                      "{{ below | verb('group', 'groups') }} where fewer than {{ l_min }} "
                      "different values of {{ sensitive }} occur (smallest l = {{ value }}): "
                      "knowing someone's group reveals their {{ sensitive }}." + RISK,
              "pass": "Every group shows at least {{ value }} different values of "
                      "{{ sensitive }} (l = {{ value }}, l_min = {{ l_min }}).",
              "no_qis": NO_QIS,
              "no_sensitive": "Not evaluated: the config names no sensitive_attribute.",
              "sensitive_absent": "Not evaluated: the dataset has no column "
                                  "{{ '%r' | format(sensitive) }}.",
              "no_rows": NO_ROWS},
          reads=["postcode", "birth_date", "age", "gender"],
          references=["GDPR Recital 26", "WP29 Opinion 05/2014 on anonymisation techniques",
                      "Machanavajjhala et al. 2007"],
          remediation="Generalise quasi-identifiers further or remove the sensitive attribute "
                      "from shared extracts, so no class reveals one sensitive value for "
                      "everyone in it."),
    check("privacy.special_category_data", "Special-category data without explicit consent",
          "high", exposure.special_category_data, unit="people", rule=FAIL_IF_ANY, threshold=0,
          messages={
              "fail": "{{ affected_rows | people }} ({{ affected_rows | pct(n_held) }} of the "
                      "{{ n_held | num }} with values) {{ affected_rows | verb('has', 'have') }} "
                      "special-category data ({{ names | join(', ') }}) without explicit "
                      "consent.{% if not has_consent_column %} The dataset has no "
                      "explicit_consent_sensitive column, so no consent is recorded for "
                      "anyone.{% endif %}" + OTHER_CONDITION,
              "pass": "{% if names %}Everyone with special-category data judged on explicit "
                      "consent ({{ names | join(', ') }}; {{ n_held | num }} people) gave "
                      "it.{% else %}No special-category column relies on explicit consent."
                      "{% endif %}" + OTHER_CONDITION,
              "no_columns": "Not evaluated: {% if configured %}the config's "
                            "special_category_columns is empty{% else %}no column name "
                            "suggests special-category data and the config names none"
                            "{% endif %}."},
          reads=["*"],
          references=["GDPR Art. 9(1)", "GDPR Art. 9(2)", "AI Act Art. 10(5)",
                      "UK DPA 2018 Sch. 1 para. 8"],
          remediation="Delete special-category values held without explicit consent, or "
                      "obtain explicit consent, or declare in the inventory the other Art. 9 "
                      "condition the column rests on; never use them to select people."),
    check("privacy.minors_profiled", "Children profiled without parental consent", "high",
          rights.minors_profiled, unit="people", rule=FAIL_IF_ANY, threshold=0,
          needs=["age", "country"],
          messages={
              "fail": "{{ affected_rows | people }} ({{ affected_rows | pct(n_targeted) }} of "
                      "those targeted) {{ affected_rows | verb('is', 'are') }} under the digital "
                      "consent age of their jurisdiction and {{ affected_rows | verb('was', "
                      "'were') }} targeted without parental consent." + UNKNOWN_AGE
                      + TARGETED_NOTE + FALLBACK_NOTE,
              "pass": "No targeted child lacks parental consent ({{ n_young | num }} targeted "
                      "people are under the digital consent age of their jurisdiction)."
                      + UNKNOWN_AGE + TARGETED_NOTE + FALLBACK_NOTE},
          reads=["targeted", "age", "country", "region", "parental_consent"],
          references=["GDPR Art. 8(1)", "UK DPA 2018 s. 9", "COPPA 16 CFR 312.5"],
          remediation="Remove children under the digital consent age of their jurisdiction "
                      "from the audience unless verified parental consent is recorded."),
    check("privacy.retention_exceeded", "Data kept longer than declared", "medium",
          rights.retention_exceeded, unit="people", rule=FAIL_IF_ANY, threshold=0,
          needs=["collected_ts"], thresholds=["retention_days"],
          messages={
              "fail": "{{ affected_rows | people }} ({{ affected_rows | pct(known) }} of rows "
                      "with a collection date) {{ affected_rows | verb('has', 'have') }} data "
                      "kept longer than {% if inventory %}the inventory declares ("
                      "{% for c in over_columns %}{{ c.column }}: {{ c.retention_days }} days"
                      "{{ '' if loop.last else ', ' }}{% endfor %}"
                      "{% if n_over > 5 %} and {{ n_over - 5 }} more "
                      "{{ (n_over - 5) | plural('column') }}{% endif %}){% else %}"
                      + RETENTION
                      + " days{% endif %}; the oldest is {{ oldest | num }} days old.",
              "pass": "{% if inventory %}No record holds data older than the inventory "
                      "declares for it ({{ n_columns | num }} declared "
                      "{{ n_columns | plural('column') }} with retention_days)."
                      "{% else %}No record is older than the retention period of " + RETENTION
                      + " days.{% endif %}"},
          reads=["*"],
          references=["GDPR Art. 5(1)(e)", "GDPR Art. 13(2)(a)"],
          remediation="Delete or anonymise data older than the retention declared for it, and "
                      "schedule the deletion so it happens without a person remembering."),
) + tuple(replace(row, unit=row.unit or "people") for row in TRACKING_CHECKS)
# ^ privacy.tracking_consent, tcf_consent, optout_signal_ignored: each counts people
#: With a ``weight`` column, every finding says ``details.weighted: true``.
CHECKS = weigh_checks(CHECKS)



#: Whether a run may compute the area from a compressed campaign's cells
#: (:mod:`ethicskit.privacy.cells`; :func:`ethicskit.compressed.eligible`). ``reduce`` works on
#: one already, the ``anonymise_tradeoff`` table too (:meth:`ethicskit.privacy.cells.
#: PrivacyCells.tradeoff`).
FROM_CELLS = True


def reduce(campaign, **options):
    """The privacy reduction of ``campaign`` (:func:`ethicskit.privacy.reduction.reduce`); of
    a compressed campaign (``campaign.cells``), the router of :mod:`ethicskit.privacy.cells`:
    each check reads the reduction of its own group of cells."""
    if getattr(campaign, "cells", None) is not None:
        from ethicskit.privacy.cells import PrivacyCells

        return PrivacyCells(campaign)
    return reduce_rows(campaign, **options)


def _cells_tables(router) -> dict[str, pd.DataFrame]:
    """:func:`tables` of a compressed campaign: each table from its group's reduction, the
    suppression counts from the engine, the trade-off from its group of cells."""
    _, by_check, total = router.suppression()
    classes = router.part("classes")
    tradeoff = router.tradeoff()
    extra = {} if tradeoff is None else {"anonymise_tradeoff": tradeoff}
    return {**extra,
        "consent_funnel": consent.consent_funnel(router.part("consent")),
        "class_sizes": anonymity.class_sizes(classes),
        "quasi_identifiers": pd.DataFrame({"column": pd.Series(list(classes.qi_names),
                                                               dtype="str")}),
        "erasure_ages": rights.erasure_ages(router.part("erasure")),
        "suppression_summary": by_check,
        "suppression_total": total,
    }


def tables(r: PrivacyReduction, findings: Mapping[str, Finding]) -> dict[str, pd.DataFrame]:
    """The small tables the privacy figures and section 11 are drawn from:

    - ``consent_funnel``: per channel, eligible, targeted, consented, contacted and
      without_consent (:func:`ethicskit.privacy.consent.consent_funnel`);
    - ``class_sizes``: classes and rows per class size (:func:`anonymity.class_sizes`);
    - ``quasi_identifiers``: the quasi-identifiers' dataset names (``column``);
    - ``erasure_ages``: open erasure requests per jurisdiction, deadline and age in days, with
      whether they are overdue (``n`` requests per cell);
    - ``suppression_summary`` (lines and people per check) and ``suppression_total``;
    - ``anonymise_tradeoff``, with ``anonymise:`` in the config: per generalisation level of the
      anonymised extract, k reached, rows suppressed and information loss.
    """
    if hasattr(type(r), "for_check"):
        return _cells_tables(r)
    by_check, total = suppression_summary(r)
    extra = ({} if r.anonymise_tradeoff is None
             else {"anonymise_tradeoff": r.anonymise_tradeoff})
    return {**extra,
        "consent_funnel": consent.consent_funnel(r),
        "class_sizes": anonymity.class_sizes(r),
        "quasi_identifiers": pd.DataFrame({"column": pd.Series(list(r.qi_names),
                                                               dtype="str")}),
        "erasure_ages": rights.erasure_ages(r),
        "suppression_summary": by_check,
        "suppression_total": total,
    }


def files(r: PrivacyReduction, findings: Mapping[str, Finding]) -> dict[str, bytes]:
    """``suppress.csv``: the suppression list (:mod:`ethicskit.privacy.suppress`), by the rule
    pack in force; only its header when nobody is on it."""
    if hasattr(type(r), "for_check"):
        return {FILE_NAME: r.suppression()[0]}
    return {FILE_NAME: suppression_csv(suppression_table(r))}
