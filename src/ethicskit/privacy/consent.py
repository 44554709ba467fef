"""Consent checks: opt-in for the channel, consent before contact, no contact after opt-out.

Each check has a ``*_rows`` function giving the row mask it counts (used again by
:mod:`ethicskit.privacy.suppress`), and the check itself, which turns the mask into a finding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.privacy._common import days, label_sums, pct, people, status_count, verb
from ethicskit.findings import Finding
from ethicskit.registry import finding, not_evaluated

#: Channel -> the consent column it needs; ``None``: no opt-in needed (post).
CONSENT_OF = {"email": "consent_email", "sms": "consent_sms", "phone": "consent_phone",
              "display": "consent_personalization", "social": "consent_personalization",
              "push": "consent_personalization", "post": None}
#: Used for every row when the dataset has no ``channel`` column.
NO_CHANNEL_CONSENT = "consent_personalization"
NO_CHANNEL = "(no channel column)"


def _needing(campaign, column: str) -> pd.Series:
    """Rows whose channel needs the consent column ``column`` by :data:`CONSENT_OF` (``""``:
    post, no opt-in needed; without a ``channel`` column every row needs
    :data:`NO_CHANNEL_CONSENT`), decided per distinct channel."""
    if "channel" not in campaign.df.columns:
        return pd.Series(column == NO_CHANNEL_CONSENT, index=campaign.df.index)
    cache = campaign.__dict__.setdefault("_privacy_cache", {})
    if ("needing", column) not in cache:  # asked again by several consent checks
        cache[("needing", column)] = campaign.isin(
            "channel", [k for k, v in CONSENT_OF.items() if (v or "") == column])
    return cache[("needing", column)]


def _channel_groups(campaign) -> tuple[np.ndarray, list[str]]:
    """Each row's channel group (code into the labels; an empty channel is ``(empty)``)."""
    if "channel" not in campaign.df.columns:
        return np.zeros(len(campaign.df), dtype=np.int64), [NO_CHANNEL]
    codes, uniques = campaign.codes("channel")
    labels = [str(u) for u in uniques] + ["(empty)"]
    return np.where(codes < 0, len(uniques), codes), labels


def _sums_by_channel(campaign, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """Per channel label, in sorted order: the sum of each bool array of ``columns``
    (``groupby("channel", sort=True).sum()`` of the rows, decided per distinct channel)."""
    table = label_sums(*_channel_groups(campaign), columns)
    return pd.DataFrame({"channel": pd.Series(list(table), dtype="str"),
                         **{name: [sums[name] for sums in table.values()]
                            for name in columns}})


def consent_missing_rows(campaign, *, needed: pd.Series | None = None
                         ) -> tuple[pd.Series, pd.Series]:
    """``(breach, unknown)`` row masks of ``privacy.consent_missing``.

    breach: targeted rows whose channel needs opt-in (``email`` -> ``consent_email``, ``sms`` ->
    ``consent_sms``, ``phone`` -> ``consent_phone``, ``display``/``social``/``push`` ->
    ``consent_personalization``; ``post`` none; no ``channel`` column: ``consent_personalization``
    for all) and whose consent column is not true (null = not given). unknown: targeted rows whose
    needed consent column is absent from the dataset.
    """
    targeted = campaign.targeted
    breach = pd.Series(False, index=campaign.df.index)
    unknown = pd.Series(False, index=campaign.df.index)
    for column in sorted(set(CONSENT_OF.values()) - {None}):
        mine = targeted & (_needing(campaign, column) if needed is None
                           else (needed == column).fillna(False).astype(bool))
        if column in campaign.df.columns:
            breach |= mine & ~campaign.is_true(column)
        else:
            unknown |= mine
    return breach, unknown


def consent_missing(campaign) -> Finding:
    """``privacy.consent_missing``: targeted people without opt-in for their channel.

    Rule (CHECKS.md): count targeted rows whose channel needs opt-in and whose consent column for
    that channel is not true; rows whose consent column is absent go to ``details.unknown_rows``.
    Targeted rows with an empty channel, or one outside the contract's list, are not counted
    (``details.other_channel_rows``). Fails if the count is above 0. ``value`` = the count,
    ``threshold`` = 0. When no targeted row could be checked at all because every needed consent
    column is absent, the check is ``not_evaluated``.
    (GDPR Art. 6(1)(a), 7(1); ePrivacy Art. 13; UK PECR reg. 22.)
    """
    cid = "privacy.consent_missing"
    breach, unknown = consent_missing_rows(campaign)
    targeted = campaign.targeted
    n_targeted = int(targeted.sum())
    n, n_unknown = int(breach.sum()), int(unknown.sum())
    columns = sorted(set(CONSENT_OF.values()) - {None})
    needs_some = pd.Series(False, index=campaign.df.index)  # channel needs an opt-in column
    for column in columns:
        needs_some |= _needing(campaign, column)
    other = int((targeted & ~needs_some & ~_needing(campaign, "")).sum())
    checked = int((targeted & needs_some & ~unknown).sum())
    channels = _channel_table(campaign, breach, unknown)
    details = {"unknown_rows": n_unknown, "other_channel_rows": other,
               "targeted_rows": n_targeted, "channels": channels,
               "customer_ids": campaign.ids(breach)}
    absent = sorted(c for c in columns if c not in campaign.df.columns
                    and bool((unknown & _needing(campaign, c)).any()))
    unknown_text = ""
    if n_unknown:
        names = ", ".join(absent)
        unknown_text = (f" {people(n_unknown)} could not be checked because the dataset has no "
                        f"{names} column.")
    if checked == 0 and n_unknown:
        f = not_evaluated(cid, "Not evaluated: no targeted person could be checked; "
                          f"{unknown_text.strip()}{campaign.targeted_note}", missing=absent)
        f.details.update(details)
        return f
    if n:
        message = (f"{people(n)} ({pct(n, n_targeted)} of those targeted) "
                   f"{verb(n, 'was', 'were')} contacted without recorded consent for their "
                   f"channel.")
    else:
        message = (f"Every targeted person whose channel needs opt-in has a recorded consent "
                   f"({checked:,} checked).")
    return finding(cid, status=status_count(n), value=n, threshold=0, affected_rows=n,
                   message=message + unknown_text + campaign.targeted_note, details=details)


def _channel_table(campaign, breach: pd.Series, unknown: pd.Series) -> list[dict]:
    table = _sums_by_channel(campaign, {"targeted": campaign.targeted.to_numpy(bool),
                                        "without_consent": breach.to_numpy(bool),
                                        "unknown": unknown.to_numpy(bool)})
    out = []
    for rec in table.to_dict("records"):
        column = (NO_CHANNEL_CONSENT if rec["channel"] == NO_CHANNEL
                  else CONSENT_OF.get(rec["channel"]))
        out.append({"channel": rec["channel"],
                    "consent_column": campaign.display_name(column) if column else None,
                    "targeted": int(rec["targeted"]),
                    "without_consent": int(rec["without_consent"]),
                    "unknown": int(rec["unknown"])})
    return out


def consent_after_contact_rows(campaign) -> tuple[pd.Series, pd.Series]:
    """``(breach, checked)``: rows with both ``consent_ts`` and ``contact_ts`` set, and those
    among them with ``consent_ts > contact_ts`` (equal times are not a breach)."""
    df = campaign.df
    both = df["consent_ts"].notna() & df["contact_ts"].notna()
    breach = both & (df["consent_ts"] > df["contact_ts"])
    return breach.fillna(False).astype(bool), both


def consent_after_contact(campaign) -> Finding:
    """``privacy.consent_after_contact``: consent recorded after the contact it should cover.

    Rule: rows with both ``consent_ts`` and ``contact_ts`` set and ``consent_ts > contact_ts``.
    Fails if above 0; ``value`` = the count, ``threshold`` = 0. (GDPR Art. 7(1).)
    """
    breach, both = consent_after_contact_rows(campaign)
    n, checked = int(breach.sum()), int(both.sum())
    if n:
        message = (f"{people(n)} ({pct(n, checked)} of the {checked:,} with both dates) "
                   f"{verb(n, 'was', 'were')} contacted before their consent was recorded.")
    else:
        message = f"Consent was recorded before the contact for all {checked:,} contacted rows."
    return finding("privacy.consent_after_contact", status=status_count(n), value=n,
                   threshold=0, affected_rows=n, message=message,
                   details={"checked_rows": checked, "customer_ids": campaign.ids(breach)})


def contact_after_optout_rows(campaign, *, optout_grace_days) -> tuple[pd.Series, pd.Series]:
    """``(breach, checked)``: rows with both ``optout_ts`` and ``contact_ts`` set, and those with
    ``contact_ts > optout_ts + optout_grace_days`` (a contact exactly at the end of the grace
    period is not a breach)."""
    df = campaign.df
    both = df["optout_ts"].notna() & df["contact_ts"].notna()
    limit = df["optout_ts"] + pd.Timedelta(days=float(optout_grace_days))
    breach = both & (df["contact_ts"] > limit)
    return breach.fillna(False).astype(bool), both


def contact_after_optout(campaign, *, optout_grace_days) -> Finding:
    """``privacy.contact_after_optout``: contacted after withdrawing consent or objecting.

    Rule: rows with both set and ``contact_ts > optout_ts + optout_grace_days`` (days).
    Fails if above 0; ``value`` = the count, ``threshold`` = 0 (the grace period is in
    ``details.optout_grace_days``). (GDPR Art. 7(3), 21(2)-(3); CCPA §1798.120; CAN-SPAM.)
    """
    breach, both = contact_after_optout_rows(campaign, optout_grace_days=optout_grace_days)
    n, checked = int(breach.sum()), int(both.sum())
    grace = (f"more than {days(optout_grace_days)} after" if optout_grace_days
             else "after")
    if n:
        message = (f"{people(n)} ({pct(n, checked)} of the {checked:,} who opted out and were "
                   f"contacted) {verb(n, 'was', 'were')} contacted {grace} opting out.")
    else:
        message = f"Nobody was contacted {grace} opting out ({checked:,} rows with both dates)."
    return finding("privacy.contact_after_optout", status=status_count(n), value=n, threshold=0,
                   affected_rows=n, message=message,
                   details={"checked_rows": checked, "optout_grace_days": optout_grace_days,
                            "customer_ids": campaign.ids(breach)})


def consent_funnel(campaign) -> pd.DataFrame:
    """Per channel: ``eligible`` (rows), ``targeted``, ``consented`` (targeted with the channel's
    consent true; for ``post`` every targeted row, no opt-in needed; null where the consent
    column is absent), ``contacted`` (rows with ``contact_ts``; null without that column) and
    ``without_consent`` (targeted minus consented: the people ``privacy.consent_missing``
    counts on that channel)."""
    df = campaign.df
    if "channel" in df.columns:
        channels = [c for c in campaign.codes("channel")[1] if c in CONSENT_OF]
        needed_values = {CONSENT_OF[c] or "" for c in channels}
    else:
        needed_values = {NO_CHANNEL_CONSENT}
    consented = pd.Series(False, index=df.index)
    absent_channels = set()
    for column in needed_values:
        mine = _needing(campaign, column)
        if column == "":
            consented |= mine
        elif column in df.columns:
            consented |= mine & campaign.is_true(column)
        elif "channel" in df.columns:
            absent_channels |= {c for c in channels if (CONSENT_OF[c] or "") == column}
        else:
            absent_channels.add(NO_CHANNEL)
    contacted = (df["contact_ts"].notna().to_numpy() if "contact_ts" in df.columns
                 else np.zeros(len(df), dtype=bool))
    out = _sums_by_channel(campaign, {"eligible": np.ones(len(df), dtype=bool),
                                      "targeted": campaign.targeted.to_numpy(bool),
                                      "consented": (campaign.targeted & consented).to_numpy(bool),
                                      "contacted": contacted})
    out[["eligible", "targeted", "consented", "contacted"]] = out[
        ["eligible", "targeted", "consented", "contacted"]].astype("Int64")
    out.loc[out["channel"].isin(absent_channels), "consented"] = pd.NA
    if "contact_ts" not in df.columns:
        out["contacted"] = pd.NA
    out["without_consent"] = (out["targeted"] - out["consented"]).astype("Int64")
    return out
