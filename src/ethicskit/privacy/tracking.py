"""Tracking for advertising: consent to cookies and SDKs in the EU and the UK, IAB TCF TC
strings, and opt-out preference signals in the US states whose law makes them binding.

Three checks of the privacy area, each a metric of the :class:`TrackingReduction` (numbers
only), a rule and message templates (:data:`TRACKING_CHECKS`):

- ``privacy.tracking_consent``: targeted rows on ``display``, ``social`` or ``push`` in a
  jurisdiction whose rule pack entry has ``tracking_consent.required`` (EU, GB) without
  tracking consent: ``tracking_consent`` not true, or, where the dataset has only
  ``tc_string``, no valid TC string with consent to purpose 1;
- ``privacy.tcf_consent``: targeted rows on those channels, wherever they are, whose TC
  string is missing, cannot be decoded as a TCF v2 core segment (a v1 string cannot), lacks
  consent to purpose 1, 3 or 4, or (config ``tcf_vendor_id``) lacks that vendor's consent;
- ``privacy.optout_signal_ignored``: targeted rows in a region whose entry has
  ``optout_signal.honour`` (US-CA, US-CO, US-CT, US-TX, US-OR, US-MT, US-NJ by default) with
  ``gpc`` or ``sale_optout`` true that were reached on ``display`` or ``social`` or whose data
  was uploaded to an ad platform (``shared_with_platform``).

The metrics take ``r``, an object with the attribute ``r.tracking`` (the privacy reduction).
:func:`reduce_tracking` builds the :class:`TrackingReduction` once: the rule-pack entry of
every row (:func:`ethicskit.jurisdictions.assign`, once, or the one given), each campaign
accessor at most once per column, and each distinct TC string decoded once
(:mod:`ethicskit.privacy.tcf`). Where the dataset has no ``targeted`` column every row counts
as targeted and the messages say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np
import pandas as pd

from ethicskit.check import FAIL_IF_ANY, Measure, check
from ethicskit.jurisdictions import FALLBACK_NOTE, Jurisdictions, assign
from ethicskit.masking import safe_id
from ethicskit.privacy import tcf
from ethicskit.privacy._common import CountsPeople, with_people

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.campaign import Campaign

#: Channels on which an ad reads or stores information on the device (cookies, SDKs,
#: pixels): the tracking checks look at these.
TRACKING_CHANNELS = ("display", "social", "push")
#: The TCF purposes personalised advertising needs consent to (TCF v2.2).
AD_PURPOSES = tcf.AD_PURPOSES
#: At most this many ``customer_id`` values as a finding's evidence.
EVIDENCE = 10


@dataclass(frozen=True)
class TrackingReduction(CountsPeople):
    """What the three tracking checks read: bool masks per row and the rule-pack entry of
    every row (``j``).

    ``tracking`` marks rows on a tracking channel (``display``, ``social``, ``push``),
    ``platform`` rows on a platform channel of the pack (``display``, ``social``).
    ``consent_required`` and ``signal_honoured`` are the pack's ``tracking_consent.required``
    and ``optout_signal.honour`` of each row's jurisdiction. TC string masks: ``tc_missing``
    (null or blank), ``tc_invalid`` (present, not a TCF v2 core segment), ``tc_valid``,
    ``tc_purpose[p]`` (valid and consenting to purpose p, for p in 1, 3, 4), ``tc_old_policy``
    (valid, with a TcfPolicyVersion below 4, from before TCF v2.2) and ``tc_vendor``
    (valid and consenting to ``vendor_id``; None when the config names no vendor). A column the
    dataset lacks gives ``has_<column>`` False and an all-False mask.
    """

    rows: int
    customer_id: pd.Series
    j: Jurisdictions
    has_targeted: bool
    targeted: np.ndarray
    has_channel: bool
    tracking: np.ndarray
    platform: np.ndarray
    platform_channels: tuple[str, ...]
    consent_required: np.ndarray
    signal_honoured: np.ndarray
    has_tracking_consent: bool
    tracking_consent: np.ndarray
    has_tc_string: bool
    tc_missing: np.ndarray
    tc_invalid: np.ndarray
    tc_valid: np.ndarray
    tc_purpose: Mapping[int, np.ndarray]
    tc_old_policy: np.ndarray
    vendor_id: int | None
    tc_vendor: np.ndarray | None
    distinct_tc_strings: int
    has_gpc: bool
    gpc: np.ndarray
    has_sale_optout: bool
    sale_optout: np.ndarray
    has_shared: bool
    shared: np.ndarray
    #: people per row (sums of weights) when the dataset has a ``weight`` column, else None
    w: np.ndarray | None = None
    #: the counts of a compressed campaign without a weight of its own are rows
    repeats: bool = False
    #: a compressed group campaign whose cells give the evidence; None for rows
    evidence: Any = None

    def ids(self, mask: np.ndarray, *, limit: int = EVIDENCE) -> list[str]:
        """Up to ``limit`` ``customer_id`` values of the rows in ``mask``, in row order, masked
        when they look like an identifier (:func:`ethicskit.masking.safe_id`); of a compressed
        campaign, the first rows of the cells in ``mask``."""
        if self.evidence is not None:
            return self.evidence.ids(np.asarray(mask, dtype=bool), limit=limit)
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))[:limit]
        return [safe_id(v) for v in self.customer_id.iloc[positions].astype(str)]

    def keys_of(self, mask: np.ndarray, *, roots: bool = False) -> list[str]:
        """The jurisdictions (rule-pack keys) of the rows in ``mask``, in the pack's order;
        with ``roots``, the most general entry of each (``EU`` for ``DE``, ``US`` for
        ``US-CA``), each once."""
        codes = np.unique(self.j.codes[np.asarray(mask, dtype=bool)])
        keys = {self.j.keys[int(c)] for c in codes}
        if roots:
            keys = {self.j.pack.root(k) for k in keys}
        order = {k: i for i, k in enumerate(self.j.pack.keys)}
        return sorted(keys, key=lambda k: (order.get(k, len(order)), k))


def _true(campaign: "Campaign", column: str, n: int) -> np.ndarray:
    if column not in campaign.df.columns:
        return np.zeros(n, dtype=bool)
    return campaign.is_true(column).to_numpy(dtype=bool)


def _channel_masks(campaign: "Campaign", platform: tuple[str, ...],
                   n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows on a tracking channel, rows on a platform channel; decided per distinct value."""
    if "channel" not in campaign.df.columns:
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    codes, uniques = campaign.codes("channel")
    values = pd.Series(uniques, dtype=object)
    out = []
    for wanted in (TRACKING_CHANNELS, platform):
        hit = values.isin(list(wanted)).to_numpy(dtype=bool)
        out.append(np.append(hit, False)[codes])
    return out[0], out[1]


def _tc_masks(campaign: "Campaign", vendor_id: int | None, n: int) -> dict[str, Any]:
    """The TC string masks, each distinct string decoded once."""
    empty = np.zeros(n, dtype=bool)
    if "tc_string" not in campaign.df.columns:
        return {"tc_missing": np.ones(n, dtype=bool), "tc_invalid": empty, "tc_valid": empty,
                "tc_purpose": {p: empty for p in AD_PURPOSES}, "tc_old_policy": empty,
                "tc_vendor": None if vendor_id is None else empty, "distinct_tc_strings": 0}
    codes, uniques = campaign.codes("tc_string")
    decoded = [tcf.decode(v) if isinstance(v, str) else None for v in uniques]
    blank = [tcf.core_segment(v) is None for v in uniques]

    def per_row(values: list[bool], null: bool) -> np.ndarray:
        return np.append(np.asarray(values, dtype=bool), null)[codes]

    valid = [d is not None for d in decoded]
    return {
        "tc_missing": per_row(blank, True),
        "tc_invalid": per_row([not b and d is None for b, d in zip(blank, decoded)], False),
        "tc_valid": per_row(valid, False),
        "tc_purpose": {p: per_row([d is not None and d.purpose(p) for d in decoded], False)
                       for p in AD_PURPOSES},
        "tc_old_policy": per_row([d is not None and d.policy_version < tcf.POLICY_V2_2
                                  for d in decoded], False),
        "tc_vendor": None if vendor_id is None else
        per_row([d is not None and d.vendor(vendor_id) for d in decoded], False),
        "distinct_tc_strings": len(uniques),
    }


_ASK = object()


def reduce_tracking(campaign: "Campaign", *, j: Jurisdictions | None = None,
                    weights=_ASK) -> TrackingReduction:
    """The tracking reduction of ``campaign``, built once. ``j`` is the rule-pack entry of
    every row when the caller has it already (the privacy reduction's); else it is assigned
    here, once. ``weights``: the people per row the caller has already (None: no ``weight``
    column), the campaign's rows of weight 0 already left out; when not given, they are asked
    here (:func:`ethicskit.privacy._common.with_people`)."""
    if weights is _ASK:
        campaign, weights = with_people(campaign)
    df = campaign.df
    n = len(df)
    j = assign(campaign) if j is None else j
    platform = tuple(j.pack.platform_channels)
    tracking, on_platform = _channel_masks(campaign, platform, n)
    vendor_id = campaign.config.tcf_vendor_id
    columns = df.columns
    return TrackingReduction(
        rows=n, customer_id=(df["customer_id"] if "customer_id" in df.columns
                             else df["__ek_cell"].reset_index(drop=True)), j=j,
        has_targeted="targeted" in columns,
        targeted=campaign.targeted.to_numpy(dtype=bool),
        has_channel="channel" in columns, tracking=tracking, platform=on_platform,
        platform_channels=platform,
        consent_required=j.mask("tracking_consent", "required"),
        signal_honoured=j.mask("optout_signal", "honour"),
        has_tracking_consent="tracking_consent" in columns,
        tracking_consent=_true(campaign, "tracking_consent", n),
        has_tc_string="tc_string" in columns,
        vendor_id=vendor_id, **_tc_masks(campaign, vendor_id, n),
        has_gpc="gpc" in columns, gpc=_true(campaign, "gpc", n),
        has_sale_optout="sale_optout" in columns,
        sale_optout=_true(campaign, "sale_optout", n),
        has_shared="shared_with_platform" in columns,
        shared=_true(campaign, "shared_with_platform", n), w=weights,
        repeats=bool(campaign.repeats),
        evidence=campaign if campaign.cells is not None else None,
    )


# ------------------------------------------------------------------ metrics
def tracking_consent(r) -> Measure:
    """``privacy.tracking_consent``: targeted rows on ``display``, ``social`` or ``push``
    whose jurisdiction needs prior consent to tracking (the rule pack's
    ``tracking_consent.required``: EU and GB) without tracking consent: ``tracking_consent``
    not true (null is not given), or, where the dataset has no ``tracking_consent`` column, no
    valid TC string with consent to purpose 1.

    ``population`` = targeted rows on those channels; ``judged`` = those of them whose entry
    requires consent; ``affected = judged & ~consented``. ``details``: ``by_jurisdiction``
    over the population (with ``consent_required`` rows per entry), ``fallback_rows``,
    ``source`` (the column read), ``judged_rows``, ``customer_ids``. Fails if
    ``affected > 0``.
    (ePrivacy Directive Art. 5(3); UK PECR reg. 6.)
    """
    t: TrackingReduction = r.tracking
    population = t.targeted & t.tracking
    judged = population & t.consent_required
    source = "tracking_consent" if t.has_tracking_consent else "tc_string"
    consented = (t.tracking_consent if t.has_tracking_consent
                 else t.tc_valid & t.tc_purpose[1])
    affected = judged & ~consented
    n, n_judged = t.count(affected), t.count(judged)
    details = {**t.j.details(population, affected, consent_required=judged, weights=t.w),
               "source": source, "judged_rows": n_judged, "customer_ids": t.ids(affected)}
    facts = {"n_judged": n_judged, "source": source, "places": t.keys_of(judged, roots=True),
             "has_targeted": t.has_targeted, **t.j.facts(population, weights=t.w)}
    return Measure(value=n, affected_rows=n, details=details, facts=facts)


def tcf_consent(r) -> Measure:
    """``privacy.tcf_consent``: targeted rows on ``display``, ``social`` or ``push``, in any
    jurisdiction, whose TC string is missing (null or blank), cannot be decoded as a TCF v2
    core segment (a v1 string cannot; only the text before the first ``.`` is read), lacks
    consent to purpose 1, 3 or 4, or, when the config names ``tcf_vendor_id``, lacks that
    vendor's consent; a row lacking several is counted once.

    Decoding: :func:`ethicskit.privacy.tcf.decode`, once per distinct string. ``details``:
    ``missing_rows``, ``invalid_rows``, ``missing_purpose`` (``[{purpose, rows}]`` for 1, 3,
    4: valid strings without that purpose),
    ``missing_vendor_rows`` (valid strings without the vendor; 0 when none is named),
    ``vendor_id``, ``judged_rows``, ``old_policy_rows`` (valid strings with a TcfPolicyVersion
    below 4, written before TCF v2.2: reported, not counted), ``customer_ids``. Fails if
    ``affected > 0``. (IAB Europe TCF v2.2; ePrivacy Directive Art. 5(3).)
    """
    t: TrackingReduction = r.tracking
    judged = t.targeted & t.tracking
    valid = judged & t.tc_valid
    lacking = {p: valid & ~t.tc_purpose[p] for p in AD_PURPOSES}
    no_vendor = (np.zeros(t.rows, dtype=bool) if t.tc_vendor is None
                 else valid & ~t.tc_vendor)
    missing, invalid = judged & t.tc_missing, judged & t.tc_invalid
    affected = missing | invalid | no_vendor
    for mask in lacking.values():
        affected = affected | mask
    n, n_judged = t.count(affected), t.count(judged)
    missing_purpose = [{"purpose": p, "rows": t.count(m)} for p, m in lacking.items()]
    details = {"judged_rows": n_judged, "missing_rows": t.count(missing),
               "invalid_rows": t.count(invalid), "missing_purpose": missing_purpose,
               "missing_vendor_rows": t.count(no_vendor), "vendor_id": t.vendor_id,
               "old_policy_rows": t.count(valid & t.tc_old_policy),
               "customer_ids": t.ids(affected)}
    facts = {"n_judged": n_judged, "n_missing": details["missing_rows"],
             "n_invalid": details["invalid_rows"],
             "gaps": [m for m in missing_purpose if m["rows"]],
             "n_no_vendor": details["missing_vendor_rows"], "vendor_id": t.vendor_id,
             "n_old_policy": details["old_policy_rows"], "has_targeted": t.has_targeted}
    return Measure(value=n, affected_rows=n, details=details, facts=facts)


def optout_signal_ignored(r) -> Measure:
    """``privacy.optout_signal_ignored``: targeted rows whose jurisdiction makes opt-out
    preference signals binding (the rule pack's ``optout_signal.honour``: US-CA, US-CO, US-CT,
    US-TX, US-OR, US-MT, US-NJ), whose ``gpc`` or ``sale_optout`` is true, and that were
    reached on a platform channel (``display``, ``social``) or whose ``shared_with_platform``
    is true.

    ``population`` = targeted rows with ``gpc`` or ``sale_optout`` true. ``details``:
    ``by_jurisdiction`` over the population (with ``gpc`` and ``sale_optout`` affected rows per
    entry), ``fallback_rows``, ``gpc_rows``, ``sale_optout_rows`` (affected rows with each
    signal; a row with both counts in both), ``platform_rows``, ``shared_rows``,
    ``signal_rows``, ``customer_ids``. Fails if ``affected > 0``.
    (Cal. Code Regs. tit. 11 §7025 and the state laws of the rule pack.)
    """
    t: TrackingReduction = r.tracking
    population = t.targeted & (t.gpc | t.sale_optout)
    honoured = population & t.signal_honoured
    affected = honoured & (t.platform | t.shared)
    n = t.count(affected)
    gpc_rows, sale_rows = affected & t.gpc, affected & t.sale_optout
    details = {**t.j.details(population, affected, gpc=gpc_rows, sale_optout=sale_rows,
                              weights=t.w),
               "signal_rows": t.count(population), "honoured_rows": t.count(honoured),
               "gpc_rows": t.count(gpc_rows), "sale_optout_rows": t.count(sale_rows),
               "platform_rows": t.count(affected & t.platform),
               "shared_rows": t.count(affected & t.shared), "customer_ids": t.ids(affected)}
    facts = {"n_signal": details["signal_rows"], "n_honoured": details["honoured_rows"],
             "n_gpc": details["gpc_rows"], "n_sale": details["sale_optout_rows"],
             "places": t.keys_of(affected if n else honoured),
             "has_shared": t.has_shared, "has_channel": t.has_channel,
             "has_targeted": t.has_targeted, **t.j.facts(population, weights=t.w)}
    return Measure(value=n, affected_rows=n, details=details, facts=facts)


# ------------------------------------------------------------------ registry rows
TARGETED_NOTE = ("{% if not has_targeted %} The dataset has no `targeted` column, so every row "
                 "counts as targeted.{% endif %}")
_PLACES = "{{ places | join(', ') }}"
UNCHECKED_REACH = ("{% if not has_channel %} The dataset has no channel column, so ads on "
                   "display or social were not checked.{% endif %}"
                   "{% if not has_shared %} The dataset has no shared_with_platform column, so "
                   "uploads to ad platforms were not checked.{% endif %}")
OLD_POLICY = ("{% if n_old_policy %} {{ n_old_policy | rows }} "
              "{{ n_old_policy | verb('has', 'have') }} a string of a TCF policy before v2.2 "
              "(policy version below 4), which the CMP should renew.{% endif %}")

TRACKING_CHECKS = (
    check("privacy.tracking_consent", "Tracked for advertising without consent", "high",
          tracking_consent, rule=FAIL_IF_ANY, threshold=0,
          needs=["channel", ("tracking_consent", "tc_string")],
          messages={
              "fail": "{{ affected_rows | people }} ({{ affected_rows | pct(n_judged) }} of the "
                      "{{ n_judged | num }} targeted on display, social or push in " + _PLACES
                      + ") {{ affected_rows | verb('was', 'were') }} reached without consent "
                      "to advertising cookies or tracking"
                      "{% if source == 'tc_string' %} (no valid TC string with consent to "
                      "purpose 1){% endif %}. Storing or reading information on a device "
                      "for advertising needs prior consent there (ePrivacy Directive Art. "
                      "5(3); UK PECR reg. 6)." + TARGETED_NOTE + FALLBACK_NOTE,
              "pass": "{% if n_judged %}All {{ n_judged | people }} targeted on display, "
                      "social or push in " + _PLACES + " have a recorded tracking consent"
                      "{% if source == 'tc_string' %} (a valid TC string with consent to "
                      "purpose 1){% endif %}.{% else %}Nobody was targeted on display, "
                      "social or push in a jurisdiction where tracking needs prior consent."
                      "{% endif %}" + TARGETED_NOTE + FALLBACK_NOTE},
          reads=["targeted", "channel", "tracking_consent", "tc_string", "country", "region"],
          references=["ePrivacy Directive 2002/58/EC Art. 5(3)", "UK PECR reg. 6",
                      "CJEU C-673/17 Planet49"],
          remediation="Stop serving these people ads that set or read cookies, SDK "
                      "identifiers or pixels until they have given consent through a consent "
                      "banner where refusing is as easy as accepting (no pre-ticked boxes), "
                      "and pass that consent to the ad systems with the audience."),
    check("privacy.tcf_consent", "TCF consent string missing or insufficient", "high",
          tcf_consent, rule=FAIL_IF_ANY, threshold=0,
          needs=["channel", "tc_string"],
          messages={
              "fail": "{{ affected_rows | people }} ({{ affected_rows | pct(n_judged) }} of the "
                      "{{ n_judged | num }} targeted on display, social or push) "
                      "{{ affected_rows | verb('has', 'have') }} no TC string that covers "
                      "personalised advertising under TCF v2.2 (consent to purposes 1, 3 and "
                      "4{% if vendor_id %} and to vendor {{ vendor_id }}{% endif %}):"
                      "{% if n_missing %} {{ n_missing | rows }} without a string;{% endif %}"
                      "{% if n_invalid %} {{ n_invalid | rows }} whose string cannot be "
                      "decoded as TCF v2;{% endif %}"
                      "{% for g in gaps %} {{ g.rows | rows }} without consent to purpose "
                      "{{ g.purpose }};{% endfor %}"
                      "{% if n_no_vendor %} {{ n_no_vendor | rows }} without consent to "
                      "vendor {{ vendor_id }};{% endif %} a row can lack more than one."
                      + OLD_POLICY + TARGETED_NOTE,
              "pass": "{% if n_judged %}All {{ n_judged | people }} targeted on display, "
                      "social or push have a TC string with consent to purposes 1, 3 and 4"
                      "{% if vendor_id %} and to vendor {{ vendor_id }}{% endif %}."
                      "{% else %}Nobody was targeted on display, social or push.{% endif %}"
                      + OLD_POLICY + TARGETED_NOTE},
          reads=["targeted", "channel", "tc_string"],
          references=["IAB Europe TCF v2.2 (purposes 1, 3, 4)",
                      "ePrivacy Directive 2002/58/EC Art. 5(3)", "GDPR Art. 6(1)(a)"],
          remediation="Serve personalised ads only to people whose TC string gives consent "
                      "to purposes 1, 3 and 4 (and to the vendor you rely on); have the CMP "
                      "write a TCF v2.2 string, and drop or re-ask people with missing or "
                      "broken strings. Legitimate interest cannot replace consent for "
                      "purposes 3 and 4 in TCF v2.2."),
    check("privacy.optout_signal_ignored", "Opt-out preference signal ignored", "high",
          optout_signal_ignored, rule=FAIL_IF_ANY, threshold=0,
          needs=[("gpc", "sale_optout"), "region"],
          messages={
              "fail": "{{ affected_rows | people }} in " + _PLACES + " sent an opt-out of "
                      "sale or sharing ({{ n_gpc | num }} by Global Privacy Control, "
                      "{{ n_sale | num }} by a recorded opt-out) and "
                      "{{ affected_rows | verb('was', 'were') }} still reached on display or "
                      "social or uploaded to an ad platform. There the signal must be "
                      "honoured as an opt-out of sharing for cross-context behavioural "
                      "advertising (Cal. Code Regs. tit. 11 §7025 and the other states' "
                      "laws)." + UNCHECKED_REACH + TARGETED_NOTE + FALLBACK_NOTE,
              "pass": "{% if n_honoured %}{{ n_honoured | people }} in " + _PLACES
                      + " sent an opt-out of sale or sharing; none was reached on display or "
                      "social or uploaded to an ad platform.{% else %}Nobody targeted in a "
                      "state whose law makes opt-out signals binding sent one"
                      "{% if n_signal %} ({{ n_signal | people }} with a signal elsewhere)"
                      "{% endif %}.{% endif %}"
                      + UNCHECKED_REACH + TARGETED_NOTE + FALLBACK_NOTE},
          reads=["targeted", "channel", "gpc", "sale_optout", "shared_with_platform",
                 "region", "country"],
          references=["Cal. Code Regs. tit. 11 §7025", "Cal. Civ. Code §1798.120",
                      "4 CCR 904-3 Rule 5", "Conn. Gen. Stat. §42-520(a)(6)",
                      "Tex. Bus. & Com. Code §541.055(e)", "ORS 646A.578"],
          remediation="Treat a Global Privacy Control signal or a recorded opt-out as an "
                      "opt-out of sale and sharing: remove these people from platform "
                      "audiences and conversion uploads, and stop showing them ads "
                      "personalised with shared data."),
)
