"""Consent metrics: the prior consent a channel needs in each person's jurisdiction, consent
before contact, no contact after the opt-out grace of the jurisdiction; and the consent funnel
by channel. The legal parameters (basis per channel, soft opt-in, b2b, grace) come from the rule
pack through the reduction's :class:`~ethicskit.jurisdictions.Jurisdictions`.

Each metric reads the :class:`~ethicskit.privacy.reduction.PrivacyReduction` and returns a
:class:`~ethicskit.check.Measure`; the rule and the words are in the rows of
:mod:`ethicskit.privacy.checks`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ethicskit.check import Measure
from ethicskit.counts import group_sums
from ethicskit.privacy._common import label_sums, with_parameters
from ethicskit.schema import CHANNELS

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.jurisdictions import Jurisdictions
    from ethicskit.privacy.reduction import PrivacyReduction

#: Channel -> the consent column it needs; ``None``: no opt-in needed (post).
CONSENT_OF = {"email": "consent_email", "sms": "consent_sms", "phone": "consent_phone",
              "display": "consent_personalization", "social": "consent_personalization",
              "push": "consent_personalization", "post": None}
#: The consent columns, in the order of the registry's ``needs``.
CONSENT_COLUMNS = ("consent_email", "consent_sms", "consent_phone", "consent_personalization")
#: Used for every row when the dataset has no ``channel`` column.
NO_CHANNEL_CONSENT = "consent_personalization"
NO_CHANNEL = "(no channel column)"
#: The channel every row is judged on when the dataset has no ``channel`` column.
NO_CHANNEL_NAME = "display"


def _channel_codes(channel: np.ndarray) -> np.ndarray:
    """The index in :data:`CHANNELS` of each row's channel (an object array of names), and
    ``len(CHANNELS)`` for an empty or unknown one; decided once per distinct value."""
    raw, uniques = pd.factorize(np.asarray(channel, dtype=object), use_na_sentinel=True)
    index = [CHANNELS.index(u) if u in CHANNELS else len(CHANNELS) for u in uniques]
    return np.array(index + [len(CHANNELS)], dtype=np.int64)[raw]


def classify_consent(j: "Jurisdictions", *, channel: np.ndarray, targeted: np.ndarray,
                     needing, consent_true, existing_customer: np.ndarray,
                     soft_optin_offered: np.ndarray, business_contact: np.ndarray,
                     do_not_call: np.ndarray) -> dict[str, np.ndarray]:
    """The consent rule of every row and what ``privacy.consent_missing`` makes of it.

    ``basis``, ``soft_allowed``, ``b2b_allowed``: ``consent.<channel>`` of the row's
    jurisdiction (basis None for an empty or unknown channel). A row is exempted by the soft
    opt-in when the pack allows it there and ``existing_customer`` and ``soft_optin_offered``
    are true (``exempt_soft``), by the b2b rule when the pack allows it and
    ``business_contact`` is true (``exempt_b2b``); ``needs_consent``: basis ``opt_in`` and no
    exemption applies. Among targeted ``opt_in`` rows whose consent is not true (null or
    false, or the column absent): ``soft_optin_rows`` exempted by the soft opt-in,
    ``b2b_rows`` by the b2b rule (and not by the soft opt-in), ``consent_unknown`` the others
    whose consent column is absent, ``optin_breach`` the others. ``dnc_breach``: targeted
    ``phone`` rows under ``opt_out`` with ``do_not_call`` true and ``consent_phone`` not true.
    ``consent_breach`` = ``optin_breach | dnc_breach`` (the rows the check counts).
    """
    n = len(targeted)
    # the rule of each (jurisdiction, channel) cell, looked up once and taken to the rows by
    # the cell's code; the last channel column stands for an empty or unknown channel
    channel_code = _channel_codes(channel)
    wide = len(CHANNELS) + 1
    basis_t = np.full((len(j.keys), wide), None, dtype=object)
    soft_t = np.zeros((len(j.keys), wide), dtype=bool)
    b2b_t = np.zeros((len(j.keys), wide), dtype=bool)
    for i, name in enumerate(CHANNELS):
        basis_t[:, i] = j.values("consent", "basis", channel=name)
        soft_t[:, i] = j.values("consent", "soft_optin", channel=name).astype(bool)
        b2b_t[:, i] = j.values("consent", "b2b", channel=name).astype(bool)
    cell = np.asarray(j.codes, dtype=np.int64) * wide + channel_code
    basis = basis_t.ravel()[cell]
    soft = soft_t.ravel()[cell]
    b2b = b2b_t.ravel()[cell]
    given = np.zeros(n, dtype=bool)
    absent = np.zeros(n, dtype=bool)
    for column in CONSENT_COLUMNS:
        if column in consent_true:
            given |= needing[column] & consent_true[column]
        else:
            absent |= needing[column]
    opt_in = (basis_t == "opt_in").ravel()[cell]
    exempt_soft = soft & existing_customer & soft_optin_offered
    exempt_b2b = b2b & business_contact
    without = targeted & opt_in & ~given
    rest = without & ~exempt_soft & ~exempt_b2b
    phone_true = consent_true.get("consent_phone", np.zeros(n, dtype=bool))
    phone_opt_out = ((channel_code == CHANNELS.index("phone"))
                     & (basis_t == "opt_out").ravel()[cell])
    dnc = targeted & phone_opt_out & do_not_call & ~phone_true
    optin_breach = rest & ~absent
    return {"basis": basis, "soft_allowed": soft, "b2b_allowed": b2b,
            "exempt_soft": exempt_soft, "exempt_b2b": exempt_b2b,
            "needs_consent": opt_in & ~exempt_soft & ~exempt_b2b,
            "optin_breach": optin_breach, "dnc_breach": dnc,
            "consent_breach": optin_breach | dnc, "consent_unknown": rest & absent,
            "soft_optin_rows": without & exempt_soft,
            "b2b_rows": without & exempt_b2b & ~exempt_soft}


def channel_sums(r: "PrivacyReduction", values: dict[str, np.ndarray]) -> pd.DataFrame:
    """Per channel label, in sorted order: the sum of each bool array of ``values``
    (``groupby("channel", sort=True).sum()`` of the rows)."""
    return label_sums(r.channel_codes, r.channel_labels, values, weights=r.w)


def consent_table(r: "PrivacyReduction") -> list[dict]:
    """``details.by_jurisdiction`` of ``privacy.consent_missing``: per jurisdiction (in the
    pack's order) and channel (in the contract's order) with targeted people,
    ``{jurisdiction, channel, basis, targeted, affected}``."""
    if not r.rows:
        return []
    channel_code = _channel_codes(r.channel)
    cells = group_sums({"j": r.j.codes, "c": channel_code},
                       {"j": len(r.j.keys), "c": len(CHANNELS) + 1},
                       values={"targeted": r.targeted,
                               "affected": r.targeted & r.consent_breach},
                       rows=r.targeted & (channel_code < len(CHANNELS)), weights=r.w)
    order = {k: i for i, k in enumerate(r.j.pack.keys)}
    out = []
    for row in cells.to_dict("records"):
        key, name = r.j.keys[int(row["j"])], CHANNELS[int(row["c"])]
        out.append({"jurisdiction": key, "channel": name,
                    "basis": r.j.entry(key)["consent"][name]["basis"],
                    "targeted": int(row["targeted"]), "affected": int(row["affected"])})
    return sorted(out, key=lambda t: (order.get(t["jurisdiction"], len(order)),
                                      t["jurisdiction"], CHANNELS.index(t["channel"])))


def consent_missing(r: "PrivacyReduction") -> Measure:
    """``privacy.consent_missing``: targeted people without the prior consent their channel
    needs in their jurisdiction.

    Rule (docs/checks.md): the basis of a row is ``consent.<channel>.basis`` of its
    jurisdiction (no ``channel`` column: every row is ``display``). Count targeted rows whose
    basis is ``opt_in`` and whose consent column for the channel (``email`` ->
    ``consent_email``, ``sms`` -> ``consent_sms``, ``phone`` -> ``consent_phone``,
    ``display``/``social``/``push`` -> ``consent_personalization``) is not true (null = not
    given), except those exempted by the soft opt-in (the pack allows it, and
    ``existing_customer`` and ``soft_optin_offered`` are true) or the b2b rule (the pack allows
    it and ``business_contact`` is true); plus targeted ``phone`` rows under ``opt_out`` whose
    ``do_not_call`` is true and ``consent_phone`` not true::

        affected = sum(targeted & opt_in & ~consent & ~exempt) + sum(dnc & ~consent_phone)

    Rows whose consent column is absent go to ``details.unknown_rows``; exempted rows to
    ``details.soft_optin_rows`` and ``details.b2b_rows``; targeted rows with an empty channel,
    or one outside the list, to ``details.other_channel_rows``. Fails if ``affected > 0``.
    When no targeted row could be checked because every needed consent column is absent:
    ``not_evaluated`` (``unchecked``).
    """
    targeted, breach, unknown = r.targeted, r.consent_breach, r.consent_unknown
    n_targeted, n, n_unknown = r.count(targeted), r.count(breach), r.count(unknown)
    known = np.asarray([c is not None for c in r.channel], dtype=bool)
    other = r.count(targeted & ~known)
    checked = r.count(targeted & known & ~unknown)
    n_soft, n_b2b = r.count(r.soft_optin_rows), r.count(r.b2b_rows)
    n_dnc = r.count(r.dnc_breach)
    details = {"unknown_rows": n_unknown, "soft_optin_rows": n_soft, "b2b_rows": n_b2b,
               "do_not_call_rows": n_dnc, "other_channel_rows": other,
               "targeted_rows": n_targeted, "channels": channel_table(r),
               "by_jurisdiction": consent_table(r), **r.j.facts(targeted, weights=r.w),
               "customer_ids": r.ids(breach)}
    absent = sorted(c for c in CONSENT_COLUMNS if c not in r.columns
                    and bool((unknown & r.needing[c]).any()))
    facts = {"n_targeted": n_targeted, "n_unknown": n_unknown, "checked": checked,
             "absent": absent, "has_targeted": r.has_targeted, "n_soft": n_soft,
             "n_b2b": n_b2b, "n_dnc": n_dnc, **r.j.facts(targeted, weights=r.w)}
    if checked == 0 and n_unknown:
        return Measure.not_evaluated("unchecked", missing=absent, details=details, **facts)
    return Measure(value=n, affected_rows=n, details=details, facts=facts)


def channel_table(r: "PrivacyReduction") -> list[dict]:
    """``details.channels``: per channel, its consent column (dataset name), targeted people,
    those the check counts (``without_consent``), those exempted (soft opt-in or b2b) and
    those whose consent column is absent."""
    table = channel_sums(r, {"targeted": r.targeted, "without_consent": r.consent_breach,
                             "exempted": r.soft_optin_rows | r.b2b_rows,
                             "unknown": r.consent_unknown})
    out = []
    for channel, sums in zip(table.index, table.to_numpy().tolist()):
        column = NO_CHANNEL_CONSENT if channel == NO_CHANNEL else CONSENT_OF.get(channel)
        out.append({"channel": channel, "consent_column": r.name(column) if column else None,
                    "targeted": int(sums[0]), "without_consent": int(sums[1]),
                    "exempted": int(sums[2]), "unknown": int(sums[3])})
    return out


def consent_after_contact(r: "PrivacyReduction") -> Measure:
    """``privacy.consent_after_contact``: consent recorded after the contact it should cover.

    Rule: ``affected = sum(consent_ts > contact_ts)`` over the rows with both set whose channel
    needs consent in their jurisdiction (basis ``opt_in`` and neither the soft opt-in nor the
    b2b exemption applies: a consent that was not needed cannot be late); equal times are not a
    breach. Fails if ``affected > 0``. (GDPR Art. 7(1).)
    """
    base = r.consent_both & r.needs_consent
    late = r.consent_late & r.needs_consent
    n, checked = r.count(late), r.count(base)
    not_needed = r.count(r.consent_both & ~r.needs_consent)
    return Measure(value=n, affected_rows=n,
                   facts={"checked": checked, "not_needed": not_needed,
                          **r.j.facts(base, weights=r.w)},
                   details={"checked_rows": checked, "not_needed_rows": not_needed,
                            **r.j.details(base, late, weights=r.w),
                            "customer_ids": r.ids(late)})


def grace_of(r: "PrivacyReduction") -> tuple[np.ndarray, np.ndarray]:
    """``(days, business)``: the opt-out grace of every row's jurisdiction."""
    return (r.j.number("optout_grace", "days"), r.j.mask("optout_grace", "business"))


def optout_rows(r: "PrivacyReduction") -> np.ndarray:
    """Rows with both ``optout_ts`` and ``contact_ts`` set and the contact later than the grace
    of their jurisdiction: for N calendar days ``contact_ts > optout_ts + N days``; for N
    business days (Monday to Friday, no holidays) the contact's UTC date is after
    ``numpy.busday_offset(UTC date of optout_ts, N, roll="forward")`` (an opt-out on a Saturday
    counts from the Monday). A contact exactly at the end of the grace is not a breach."""
    both = r.optout_both
    out = np.zeros(r.rows, dtype=bool)
    if both is None or not both.any():
        return out
    days, business = grace_of(r)
    calendar = both & ~business
    if calendar.any():
        rows = np.flatnonzero(calendar)
        limit = r.optout_ts.iloc[rows] + pd.to_timedelta(days[rows], unit="D")
        out[rows] = (r.contact_ts.iloc[rows] > limit).to_numpy(dtype=bool)
    counted = both & business
    if counted.any():
        rows = np.flatnonzero(counted)
        start = r.optout_ts.iloc[rows].dt.tz_localize(None).to_numpy(dtype="datetime64[D]")
        contact = r.contact_ts.iloc[rows].dt.tz_localize(None).to_numpy(dtype="datetime64[D]")
        deadline = np.busday_offset(start, days[rows].astype(np.int64), roll="forward")
        out[rows] = contact > deadline
    return out


def grace_text(key: str, days: int, business: bool) -> str:
    """``EU 0 days``, ``US 10 business days``."""
    unit = "business day" if business else "day"
    return f"{key} {days:g} {unit}{'' if days == 1 else 's'}"


def contact_after_optout(r: "PrivacyReduction") -> Measure:
    """``privacy.contact_after_optout``: contacted after withdrawing consent or objecting.

    Rule: over the rows with both ``optout_ts`` and ``contact_ts`` set, those contacted later
    than their jurisdiction's grace (:func:`optout_rows`; EU and GB 0 days, US and CA 10
    business days by default). Fails if ``affected > 0``; ``details.by_jurisdiction`` gives the
    grace of each jurisdiction (``grace_days``, ``business_days``).
    """
    breach = optout_rows(r)
    n, checked = r.count(breach), r.count(r.optout_both)
    table = with_parameters(r.j, r.j.details(r.optout_both, breach, weights=r.w),
                            "optout_grace",
                            {"grace_days": "days", "business_days": "business"})
    graces = [grace_text(t["jurisdiction"], t["grace_days"], t["business_days"])
              for t in table["by_jurisdiction"]]
    return Measure(value=n, affected_rows=n,
                   facts={"checked": checked, "graces": graces,
                          **r.j.facts(r.optout_both, weights=r.w)},
                   details={"checked_rows": checked, **table, "customer_ids": r.ids(breach)})


def consent_funnel(r: "PrivacyReduction") -> pd.DataFrame:
    """Per channel: ``eligible`` (rows), ``targeted``, ``consented`` (targeted with the channel's
    consent true; for ``post`` every targeted row, no opt-in needed; null where the consent
    column is absent), ``contacted`` (rows with ``contact_ts``; null without that column) and
    ``without_consent`` (the targeted people ``privacy.consent_missing`` counts on that channel:
    those whose jurisdiction needs a prior consent they did not give, or called on a
    do-not-call number; people in a jurisdiction where the channel is opt-out, or exempted,
    are not among them)."""
    consented = r.needing[""].copy()
    for column, true in r.consent_true.items():
        consented |= r.needing[column] & true
    if r.has_channel:
        absent = {c for c in r.channel_values
                  if c in CONSENT_OF and CONSENT_OF[c] and CONSENT_OF[c] not in r.consent_true}
    else:
        absent = set() if NO_CHANNEL_CONSENT in r.consent_true else {NO_CHANNEL}
    contacted = r.contacted if r.contacted is not None else np.zeros(r.rows, dtype=bool)
    stages = ["eligible", "targeted", "consented", "contacted"]
    table = channel_sums(r, {"eligible": np.ones(r.rows, dtype=bool), "targeted": r.targeted,
                             "consented": r.targeted & consented, "contacted": contacted,
                             "without_consent": r.targeted & r.consent_breach})
    out = pd.DataFrame({"channel": pd.Series(list(table.index), dtype="str"),
                        **{name: [int(v) for v in table[name]]
                           for name in (*stages, "without_consent")}})
    out[stages] = out[stages].astype("Int64")
    out["without_consent"] = out["without_consent"].astype("Int64")
    out.loc[out["channel"].isin(absent), "consented"] = pd.NA
    if r.contacted is None:
        out["contacted"] = pd.NA
    return out
