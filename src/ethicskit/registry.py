"""The one table of checks: id, area, title, severity, needed columns, thresholds and rules.

Every check of CHECKS.md is registered here exactly once. A check is a plain function
``fn(campaign, *, <its thresholds>) -> Finding`` living in its area's module; the table names it
as ``"module:function"`` and it is imported only when it runs, so that ``ethicskit checks`` stays
fast. Default thresholds are defined once, in :data:`THRESHOLDS`; a config overrides them by name.

``needs`` is a tuple of column groups: each group is a tuple of alternatives, and every group must
have at least one alternative present in the data, else the check reports ``not_evaluated`` and
names the missing columns (it never reports ``pass``). Checks with finer needs (a config key, a
channel's consent column) decide for themselves.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping

from ethicskit.check import INFO, Check
from ethicskit.findings import AREAS, Finding

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.campaign import Campaign

from ethicskit.thresholds import COUNTRY_THRESHOLDS, THRESHOLDS  # noqa: E402,F401


@dataclass(frozen=True)
class CheckSpec:
    """One row of the check table."""

    id: str
    area: str
    title: str
    severity: str
    func: str  # "module:function" inside ethicskit
    needs: tuple[tuple[str, ...], ...] = ()
    thresholds: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    remediation: str = ""
    notebook: str = field(default="")

    def resolve(self) -> Callable[..., Finding]:
        module, _, name = self.func.partition(":")
        return getattr(importlib.import_module(f"ethicskit.{module}"), name)


def _c(id, title, severity, func, *, needs=(), thresholds=(), references=(), remediation=""):
    area = id.split(".", 1)[0]
    needs = tuple((n,) if isinstance(n, str) else tuple(n) for n in needs)
    return CheckSpec(id, area, title, severity, func, needs, tuple(thresholds), tuple(references),
                     remediation)


CONSENT_COLUMNS = ("consent_email", "consent_sms", "consent_phone", "consent_personalization")

LEGACY: tuple[CheckSpec, ...] = (
    # ---------------------------------------------------------------- privacy (01_privacy)
    _c("privacy.consent_missing", "Contacted without consent for the channel", "high",
       "privacy:consent_missing", needs=[CONSENT_COLUMNS],
       references=["GDPR Art. 6(1)(a)", "GDPR Art. 7(1)", "ePrivacy Art. 13", "UK PECR reg. 22"],
       remediation="Suppress these people (see suppress.csv) and fix the audience query so that "
                   "only people with a recorded opt-in for the channel are selected."),
    _c("privacy.consent_after_contact", "Consent recorded after the contact", "high",
       "privacy:consent_after_contact", needs=["consent_ts", "contact_ts"],
       references=["GDPR Art. 7(1)"],
       remediation="Consent must exist before processing: find why contacts went out before "
                   "consent was captured, and treat these contacts as made without consent."),
    _c("privacy.contact_after_optout", "Contacted after opting out", "high",
       "privacy:contact_after_optout", needs=["optout_ts", "contact_ts"],
       thresholds=["optout_grace_days"],
       references=["GDPR Art. 7(3)", "GDPR Art. 21(2)-(3)", "CCPA §1798.120",
                   "CAN-SPAM 15 U.S.C. 7704(a)(4)"],
       remediation="Add these people to the suppression list at once and make opt-outs flow to "
                   "every sending system within the grace period."),
    _c("privacy.erasure_overdue", "Erasure requests not honoured in time", "high",
       "privacy:erasure_overdue", needs=["erasure_request_ts"], thresholds=["erasure_days"],
       references=["GDPR Art. 12(3)", "GDPR Art. 17", "CCPA regs §7021"],
       remediation="Erase these records now, confirm to the people who asked, and log the delay; "
                   "a record still present means it was not erased."),
    _c("privacy.direct_identifiers", "Direct identifiers in the campaign data", "medium",
       "privacy:direct_identifiers", thresholds=["identifier_share"],
       references=["GDPR Art. 4(5)", "GDPR Art. 25", "GDPR Art. 32"],
       remediation="Replace identifiers with a keyed hash or a pseudonymous key before the data "
                   "reaches analysts and models; keep the lookup table apart."),
    _c("privacy.k_anonymity", "Re-identification risk (k-anonymity)", "high",
       "privacy:k_anonymity", thresholds=["k_min"],
       references=["GDPR Recital 26", "Sweeney 2002"],
       remediation="Generalise quasi-identifiers (shorter postcodes, age bands instead of birth "
                   "dates) or suppress the rare combinations until every class has k_min people."),
    _c("privacy.l_diversity", "Sensitive attribute diversity (l-diversity)", "medium",
       "privacy:l_diversity", thresholds=["l_min"],
       references=["Machanavajjhala et al. 2007"],
       remediation="Generalise quasi-identifiers further or remove the sensitive attribute from "
                   "shared extracts, so no class reveals one sensitive value for everyone in it."),
    _c("privacy.special_category_data", "Special-category data without explicit consent", "high",
       "privacy:special_category_data",
       references=["GDPR Art. 9(1)", "GDPR Art. 9(2)(a)"],
       remediation="Delete special-category values held without explicit consent, or obtain "
                   "explicit consent; never use them to select people."),
    _c("privacy.minors_profiled", "Children profiled without parental consent", "high",
       "privacy:minors_profiled", needs=["age", "country"], thresholds=["digital_consent_age"],
       references=["GDPR Art. 8", "COPPA 16 CFR 312.5"],
       remediation="Remove children under the digital consent age from the audience unless "
                   "verified parental consent is recorded."),
    _c("privacy.retention_exceeded", "Data kept longer than declared", "medium",
       "privacy:retention_exceeded", needs=["collected_ts"], thresholds=["retention_days"],
       references=["GDPR Art. 5(1)(e)"],
       remediation="Delete or anonymise records older than the retention period, and schedule "
                   "the deletion so it happens without a person remembering."),
    # ---------------------------------------------------------------- bias (02_bias)
    _c("bias.selection_rate", "Selection rate by group (disparate impact)", "high",
       "bias:selection_rate", thresholds=["ratio_min", "ratio_max", "min_group_n"],
       references=["29 CFR 1607.4(D)", "ECOA/Reg B"],
       remediation="Find which inputs drive the gap (see proxy features), review the targeting "
                   "rule with the business owner, and consider reweighing or a fairer rule."),
    _c("bias.error_rate_parity", "Error rates by group (equalized odds)", "high",
       "bias:error_rate_parity", needs=["outcome"], thresholds=["odds_max", "min_group_n"],
       references=["Hardt et al. 2016"],
       remediation="Check the model's calibration and labels per group; retrain or adjust "
                   "thresholds per group only after legal review."),
    _c("bias.intersectional", "Selection rate at intersections of groups", "high",
       "bias:intersectional", thresholds=["ratio_min", "ratio_max", "min_group_n"],
       references=["Buolamwini & Gebru 2018"],
       remediation="Look at the worst intersections first; a fair total can hide an unfair "
                   "intersection."),
    _c("bias.offer_value_disparity", "Offer value by group", "high",
       "bias:offer_value_disparity", needs=["offer_value"], thresholds=["smd_max", "min_group_n"],
       references=["ECOA/Reg B", "standardized mean difference"],
       remediation="Explain the pricing or discount rule per group and remove inputs that stand "
                   "in for protected attributes."),
    _c("bias.representation", "Representation against the population", "medium",
       "bias:representation", thresholds=["ratio_min", "ratio_max"],
       references=["Datasheets for Datasets (Gebru et al.)"],
       remediation="Check how the eligible population was drawn; an under-represented group "
                   "was excluded before any model ran."),
    _c("bias.proxy_features", "Features that stand in for protected attributes", "medium",
       "bias:proxy_features", thresholds=["proxy_v"],
       references=["HUD v. Facebook", "Reg B"],
       remediation="Drop or coarsen the feature, or show that it is needed and that the "
                   "selection is fair without it."),
    _c("bias.mitigation_preview", "What reweighing would change", "low",
       "bias:mitigation_preview", thresholds=["min_group_n"],
       references=["Kamiran & Calders 2012"],
       remediation="Informational: reweighing is one option; judge it with the business owner "
                   "and legal review before use."),
    # ---------------------------------------------------------------- targeting (03_targeting)
    _c("targeting.sensitive_interests", "Targeting on sensitive traits", "high",
       "targeting:sensitive_interests",
       needs=[("targeting_criteria", "inferred_segments", "segment")],
       references=["GDPR Art. 9", "DSA Art. 26(3)", "EDPB Guidelines 8/2020"],
       remediation="Remove sensitive criteria and segments from the audience definition; target "
                   "on context or declared interests instead."),
    _c("targeting.protected_criteria_in_opportunity_ads",
       "Protected criteria in housing, employment or credit offers", "high",
       "targeting:protected_criteria_in_opportunity_ads",
       needs=["product_category", "targeting_criteria"],
       references=["Fair Housing Act §3604(c)", "ECOA/Reg B §1002.4(b)",
                   "Meta Special Ad Categories", "Google Ads policy"],
       remediation="Target opportunity offers without age, gender, location or family criteria; "
                   "use the platforms' special ad category settings."),
    _c("targeting.micro_segments", "Micro-segments that single people out", "high",
       "targeting:micro_segments", needs=["segment"], thresholds=["min_audience"],
       references=["platform minimum audience sizes (Google 100, LinkedIn 300)"],
       remediation="Merge small segments into larger ones or drop them."),
    _c("targeting.contact_pressure", "Too many contacts per person", "medium",
       "targeting:contact_pressure", needs=["contact_count"], thresholds=["max_contacts"],
       references=["CFPB Reg F 12 CFR 1006.14(b)(2)"],
       remediation="Set a frequency cap across channels and stop contacting people who do not "
                   "respond."),
    _c("targeting.minors_restricted_products", "Restricted products shown to minors", "high",
       "targeting:minors_restricted_products", needs=["age", "product_category"],
       thresholds=["minor_age"],
       references=["UK CAP Code", "DSA Art. 28(2)"],
       remediation="Exclude everyone under the minimum age from alcohol, gambling, tobacco and "
                   "high-cost credit campaigns, and verify ages."),
    _c("targeting.vulnerable_high_risk", "High-risk products pushed at vulnerable people", "high",
       "targeting:vulnerable_high_risk", needs=["vulnerability_flags", "product_category"],
       references=["EU AI Act Art. 5(1)(b)", "FCA CONC", "UK Gambling Commission"],
       remediation="Exclude people with vulnerability flags from gambling and high-cost credit "
                   "offers and route them to support instead."),
    _c("targeting.personalization_depth", "Intrusive depth of profiling", "medium",
       "targeting:personalization_depth", needs=[("targeting_criteria", "inferred_segments")],
       thresholds=["max_criteria"],
       references=["EDPB 8/2020"],
       remediation="Use fewer criteria per person; keep only those you can explain to the "
                   "customer."),
    _c("targeting.automated_significant_decisions",
       "Significant automated decisions without human review", "medium",
       "targeting:automated_significant_decisions",
       needs=["automated_decision", "product_category"],
       references=["GDPR Art. 22"],
       remediation="Add human review to credit, insurance, housing and employment decisions, and "
                   "tell people how to contest them."),
    # ---------------------------------------------------------------- transparency (04)
    _c("transparency.undeclared_columns", "Columns not declared in the data inventory", "high",
       "transparency:undeclared_columns",
       references=["GDPR Art. 5(1)(c)", "GDPR Art. 13", "GDPR Art. 30"],
       remediation="Declare every column in the inventory (category, purpose, legal basis, "
                   "retention) or drop the columns the campaign does not need."),
    _c("transparency.excluded_data_used", "Excluded data used by the model or targeting", "high",
       "transparency:excluded_data_used",
       references=["GDPR Art. 5(1)(b)"],
       remediation="Remove these columns from the model features and targeting criteria, or "
                   "change the declaration with a documented, lawful reason."),
    _c("transparency.inventory_completeness", "Incomplete inventory entries", "medium",
       "transparency:inventory_completeness",
       references=["Model Cards (Mitchell et al. 2019)", "Datasheets for Datasets"],
       remediation="Fill in category, purpose, legal basis, source, retention, use in the model "
                   "and the reason for every declared column."),
    _c("transparency.notice", "Customer notice and data sheet", "low",
       "transparency:notice",
       references=["GDPR Art. 13", "GDPR Art. 14", "DSA Art. 26(1)(d)"],
       remediation="Review the generated notice with legal and publish it where customers see "
                   "the offer."),
)

def finding(check_id: str, *, status: str, message: str, value=None, threshold=None,
            affected_rows=None, details: Mapping | None = None) -> Finding:
    """Build the finding of ``check_id`` with the metadata of its table row (legacy checks)."""
    spec = _LEGACY_BY_ID[check_id]
    return Finding(check_id=spec.id, area=spec.area, title=spec.title, status=status,
                   severity=spec.severity, value=value, threshold=threshold,
                   affected_rows=affected_rows, message=message, details=dict(details or {}),
                   remediation=spec.remediation, references=list(spec.references))


def not_evaluated(check_id: str, reason: str, *, missing: list[str] | None = None) -> Finding:
    """A finding for a check that could not run (legacy checks)."""
    details = {"missing": list(missing)} if missing else {}
    return finding(check_id, status="not_evaluated", message=reason, details=details)


_LEGACY_BY_ID = {c.id: c for c in LEGACY}


def _legacy_row(spec: CheckSpec) -> Check:
    def metric(campaign, **thresholds):
        return spec.resolve()(campaign, **thresholds)

    return Check(spec.id, spec.title, spec.severity, metric, INFO, {}, spec.needs,
                 spec.thresholds, None, spec.references, spec.remediation)


def _identity(campaign):
    return campaign


def _area_module(area: str):
    """``ethicskit.<area>.checks`` once the area is split into metric, rule and words."""
    try:
        if importlib.util.find_spec(f"ethicskit.{area}.checks") is None:
            return None
    except ModuleNotFoundError:  # the area is a plain module, not a package yet
        return None
    return importlib.import_module(f"ethicskit.{area}.checks")


_ROWS: dict[str, tuple[Check, ...]] = {}
REDUCERS: dict[str, Callable] = {}


def _load(area: str) -> tuple[Check, ...]:
    """The rows of one area, imported on first use (transitional: an area being rewritten
    never stops the others from running)."""
    if area not in _ROWS:
        module = _area_module(area)
        if module is None:
            _ROWS[area] = tuple(_legacy_row(c) for c in LEGACY if c.area == area)
            REDUCERS[area] = _identity
        else:
            _ROWS[area] = tuple(module.CHECKS)
            REDUCERS[area] = module.reduce
        assert all(t in THRESHOLDS for c in _ROWS[area] for t in c.thresholds)
    return _ROWS[area]


def __getattr__(name: str):
    if name == "CHECKS":
        return tuple(row for area in AREAS for row in _load(area))
    if name == "BY_ID":
        rows = [row for area in AREAS for row in _load(area)]
        by_id = {c.id: c for c in rows}
        assert len(by_id) == len(rows), "a check id is registered twice"
        return by_id
    raise AttributeError(name)


def checks_for(area: str) -> list[Check]:
    """The checks of one area, in table order."""
    if area not in AREAS:
        raise KeyError(f"unknown area {area!r}; areas are {', '.join(AREAS)}")
    return list(_load(area))


def reduce(area: str, campaign: "Campaign"):
    """The reduction the checks of ``area`` read, built once."""
    _load(area)
    return REDUCERS[area](campaign)


def run_check(row: Check | str, campaign: "Campaign", *, reduction=None) -> Finding:
    """One check on a campaign (its area's reduction built here unless given)."""
    from ethicskit.executor import run_check as execute

    if isinstance(row, str):
        row = next(r for r in _load(row.split(".", 1)[0]) if r.id == row)
    if reduction is None:
        reduction = reduce(row.area, campaign)
    return execute(row, reduction, columns=campaign.df.columns,
                   overrides=campaign.config.thresholds)


def run_area(area: str, campaign: "Campaign") -> dict[str, Finding]:
    """Every check of ``area`` on ``campaign``, keyed by check id, in table order."""
    reduction = reduce(area, campaign)
    return {row.id: run_check(row, campaign, reduction=reduction) for row in checks_for(area)}


def run_areas(campaign: "Campaign", areas=AREAS, *, jobs: int = 1) -> dict[str, Finding]:
    """Every check of ``areas`` (transitional: the record module replaces it)."""
    return {k: f for area in areas for k, f in run_area(area, campaign).items()}
