"""Consent metrics: opt-in for the channel, consent before contact, no contact after opt-out;
and the consent funnel by channel.

Each metric reads the :class:`~ethicskit.privacy.reduction.PrivacyReduction` and returns a
:class:`~ethicskit.check.Measure`; the rule and the words are in the rows of
:mod:`ethicskit.privacy.checks`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ethicskit.check import Measure
from ethicskit.privacy._common import label_sums

if TYPE_CHECKING:  # pragma: no cover
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


def channel_sums(r: "PrivacyReduction", values: dict[str, np.ndarray]) -> pd.DataFrame:
    """Per channel label, in sorted order: the sum of each bool array of ``values``
    (``groupby("channel", sort=True).sum()`` of the rows)."""
    return label_sums(r.channel_codes, r.channel_labels, values)


def consent_missing(r: "PrivacyReduction") -> Measure:
    """``privacy.consent_missing``: targeted people without opt-in for their channel.

    Rule (docs/checks.md): count targeted rows whose channel needs opt-in (``email`` ->
    ``consent_email``, ``sms`` -> ``consent_sms``, ``phone`` -> ``consent_phone``,
    ``display``/``social``/``push`` -> ``consent_personalization``; ``post`` none; no ``channel``
    column: ``consent_personalization`` for all) and whose consent column for that channel is not
    true (null = not given)::

        affected = sum(targeted & needs(c) & ~consent[c])  over the consent columns c present

    Rows whose consent column is absent go to ``details.unknown_rows``; targeted rows with an
    empty channel, or one outside the list, to ``details.other_channel_rows``. Fails if
    ``affected > 0``; ``value`` = the count, ``threshold`` = 0. When no targeted row could be
    checked because every needed consent column is absent: ``not_evaluated`` (``unchecked``).
    (GDPR Art. 6(1)(a), 7(1); ePrivacy Art. 13; UK PECR reg. 22.)
    """
    targeted, breach, unknown = r.targeted, r.consent_breach, r.consent_unknown
    n_targeted, n, n_unknown = int(targeted.sum()), int(breach.sum()), int(unknown.sum())
    needs_some = np.zeros(r.rows, dtype=bool)  # the channel needs an opt-in column
    for column in CONSENT_COLUMNS:
        needs_some |= r.needing[column]
    other = int((targeted & ~needs_some & ~r.needing[""]).sum())
    checked = int((targeted & needs_some & ~unknown).sum())
    details = {"unknown_rows": n_unknown, "other_channel_rows": other,
               "targeted_rows": n_targeted, "channels": channel_table(r),
               "customer_ids": r.ids(breach)}
    absent = sorted(c for c in CONSENT_COLUMNS if c not in r.columns
                    and bool((unknown & r.needing[c]).any()))
    facts = {"n_targeted": n_targeted, "n_unknown": n_unknown, "checked": checked,
             "absent": absent, "has_targeted": r.has_targeted}
    if checked == 0 and n_unknown:
        return Measure.not_evaluated("unchecked", missing=absent, details=details, **facts)
    return Measure(value=n, affected_rows=n, details=details, facts=facts)


def channel_table(r: "PrivacyReduction") -> list[dict]:
    """``details.channels``: per channel, its consent column (dataset name), targeted people,
    those without consent and those whose consent column is absent."""
    table = channel_sums(r, {"targeted": r.targeted, "without_consent": r.consent_breach,
                             "unknown": r.consent_unknown})
    out = []
    for channel, sums in zip(table.index, table.to_numpy().tolist()):
        column = NO_CHANNEL_CONSENT if channel == NO_CHANNEL else CONSENT_OF.get(channel)
        out.append({"channel": channel, "consent_column": r.name(column) if column else None,
                    "targeted": int(sums[0]), "without_consent": int(sums[1]),
                    "unknown": int(sums[2])})
    return out


def consent_after_contact(r: "PrivacyReduction") -> Measure:
    """``privacy.consent_after_contact``: consent recorded after the contact it should cover.

    Rule: ``affected = sum(consent_ts > contact_ts)`` over the rows with both set (equal times
    are not a breach). Fails if ``affected > 0``; ``value`` = the count, ``threshold`` = 0.
    (GDPR Art. 7(1).)
    """
    n, checked = int(r.consent_late.sum()), int(r.consent_both.sum())
    return Measure(value=n, affected_rows=n, facts={"checked": checked},
                   details={"checked_rows": checked, "customer_ids": r.ids(r.consent_late)})


def optout_rows(r: "PrivacyReduction", *, optout_grace_days) -> np.ndarray:
    """Rows with both ``optout_ts`` and ``contact_ts`` set and
    ``contact_ts - optout_ts > optout_grace_days`` (a contact exactly at the end of the grace
    period is not a breach)."""
    late = r.optout_delay > pd.Timedelta(days=float(optout_grace_days))
    return r.optout_both & late.fillna(False).to_numpy(dtype=bool)


def contact_after_optout(r: "PrivacyReduction", *, optout_grace_days) -> Measure:
    """``privacy.contact_after_optout``: contacted after withdrawing consent or objecting.

    Rule: ``affected = sum(contact_ts > optout_ts + optout_grace_days)`` over the rows with both
    set. Fails if ``affected > 0``; ``value`` = the count, ``threshold`` = 0 (the grace period
    is in ``details.optout_grace_days``). (GDPR Art. 7(3), 21(2)-(3); CCPA §1798.120;
    CAN-SPAM.)
    """
    breach = optout_rows(r, optout_grace_days=optout_grace_days)
    n, checked = int(breach.sum()), int(r.optout_both.sum())
    return Measure(value=n, affected_rows=n, facts={"checked": checked},
                   details={"checked_rows": checked, "optout_grace_days": optout_grace_days,
                            "customer_ids": r.ids(breach)})


def consent_funnel(r: "PrivacyReduction") -> pd.DataFrame:
    """Per channel: ``eligible`` (rows), ``targeted``, ``consented`` (targeted with the channel's
    consent true; for ``post`` every targeted row, no opt-in needed; null where the consent
    column is absent), ``contacted`` (rows with ``contact_ts``; null without that column) and
    ``without_consent`` (targeted minus consented: the people ``privacy.consent_missing``
    counts on that channel)."""
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
                             "consented": r.targeted & consented, "contacted": contacted})
    out = pd.DataFrame({"channel": pd.Series(list(table.index), dtype="str"),
                        **{name: [int(v) for v in table[name]] for name in stages}})
    out[stages] = out[stages].astype("Int64")
    out.loc[out["channel"].isin(absent), "consented"] = pd.NA
    if r.contacted is None:
        out["contacted"] = pd.NA
    out["without_consent"] = (out["targeted"] - out["consented"]).astype("Int64")
    return out
