"""The privacy reduction: everything the ten privacy metrics, the suppression list and the
figure tables read, built once from a campaign by :func:`reduce`.

It holds masks and codes per row (targeted, the channel, the consent rule of the channel in the
row's jurisdiction and the consent breach, timestamps turned into whole days or delays,
quasi-identifier classes), the rule-pack entry of every row (:attr:`PrivacyReduction.j`,
assigned once) and a few small things decided from the config and the inventory (display
names, quasi-identifiers, the special columns and their Art. 9 condition, the declared
retention per column, the identifier scan). Thresholds are not applied here: the metrics take
them as keyword arguments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np
import pandas as pd

from ethicskit.counts import codes_with_null
from ethicskit.jurisdictions import Jurisdictions, assign
from ethicskit.masking import safe_id, safe_label
from ethicskit.privacy._common import CountsPeople, labels_of, whole_days, with_people
from ethicskit.privacy.anonymity import class_codes, quasi_identifiers, sensitive_attribute
from ethicskit.privacy.consent import (CONSENT_COLUMNS, CONSENT_OF, NO_CHANNEL,
                                       NO_CHANNEL_CONSENT, NO_CHANNEL_NAME, classify_consent)
from ethicskit.privacy.exposure import (IdentifierScan, candidate_columns, mapped_identifiers,
                                        scan_identifiers, special_columns)
from ethicskit.privacy.tracking import reduce_tracking
from ethicskit.schema import CHANNELS
from ethicskit.thresholds import resolve

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.campaign import Campaign

#: The thresholds the suppression list applies: none since the rule pack holds the legal
#: parameters (grace periods, deadlines, ages) of the checks it lists.
FILE_THRESHOLDS = ()
#: At most this many ``customer_id`` values as a finding's evidence.
EVIDENCE = 10


@dataclass(frozen=True)
class PrivacyReduction(CountsPeople):
    """What the privacy checks read, per row (numpy arrays or Series on the campaign's rows)
    or decided once (names, classes, the identifier scan, the rule-pack entry of each row).

    Channel codes give a null a code of its own, the last (label ``(empty)``); ``channel``
    holds each row's channel name when it is one of the contract's channels (``display`` for
    every row without a ``channel`` column), else None. ``needing[c]`` marks the rows whose
    channel reads the consent column ``c`` (``""``: post). ``basis``, ``soft_allowed`` and
    ``b2b_allowed`` are the rule pack's consent rule of the row's channel in its jurisdiction
    (``j``). Missing columns give None (or all-False masks where a check reads "absent" as
    "not true").
    """

    rows: int
    columns: frozenset
    as_of: dt.date
    thresholds: Mapping[str, Any]
    customer_id: pd.Series
    display: Mapping[str, str]
    has_targeted: bool
    targeted: np.ndarray
    j: Jurisdictions
    # channel and consent
    has_channel: bool
    channel_codes: np.ndarray
    channel_labels: tuple[str, ...]
    channel_values: tuple
    channel: np.ndarray
    needing: Mapping[str, np.ndarray]
    consent_true: Mapping[str, np.ndarray]
    basis: np.ndarray
    soft_allowed: np.ndarray
    b2b_allowed: np.ndarray
    exempt_soft: np.ndarray
    exempt_b2b: np.ndarray
    needs_consent: np.ndarray
    optin_breach: np.ndarray
    dnc_breach: np.ndarray
    consent_breach: np.ndarray
    consent_unknown: np.ndarray
    soft_optin_rows: np.ndarray
    b2b_rows: np.ndarray
    contacted: np.ndarray | None
    consent_both: np.ndarray | None
    consent_late: np.ndarray | None
    optout_both: np.ndarray | None
    optout_delay: pd.Series | None
    optout_ts: pd.Series | None
    contact_ts: pd.Series | None
    # rights and time limits
    erasure_open: np.ndarray | None
    erasure_age: pd.Series | None
    erasure_extended: np.ndarray
    collected_age: pd.Series | None
    has_inventory: bool
    retention_columns: tuple[tuple[str, int, np.ndarray], ...]
    age: pd.Series | None
    parental_consent: np.ndarray
    # exposure
    identifier_candidates: int
    identifier_scans: tuple[IdentifierScan, ...]
    identifier_mapped: tuple[tuple[str, str, str, Any, np.ndarray], ...]
    special_configured: bool
    special: tuple[tuple[str, np.ndarray], ...]
    special_other: tuple[tuple[str, str, np.ndarray], ...]
    has_explicit_consent: bool
    explicit_consent: np.ndarray
    # re-identification
    qi_configured: bool
    qi_names: tuple[str, ...]
    class_of_row: np.ndarray | None
    class_size: np.ndarray | None
    sensitive_config: str | None
    sensitive_name: str | None
    sensitive_codes: np.ndarray | None
    anonymise_tradeoff: pd.DataFrame | None = None  # with ``anonymise:`` in the config
    #: the classes counted by an engine (too many to hold one size per class): one row per
    #: distinct (class ``size``, ``l``) with its ``classes``; ``class_ids(kind, limit)``
    #: gives the first ids of the rows in classes of size (``"k"``) or l (``"l"``) below
    #: ``limit`` (:mod:`ethicskit.privacy.cells`). None: the classes are ``class_size``.
    class_hist: pd.DataFrame | None = None
    class_ids: Any = None
    #: what the tracking checks read (:func:`ethicskit.privacy.tracking.reduce_tracking`, on
    #: the same rule-pack entries ``j``)
    tracking: Any = None
    #: with a ``weight`` column, every count is a sum of ``w`` (people per row; None without
    #: weights, rows of weight 0 left out of the reduction)
    w: np.ndarray | None = None
    #: the rows each row of a compressed campaign stands for are rows, not people (the
    #: dataset has no weight of its own: :attr:`ethicskit.campaign.Campaign.repeats`)
    repeats: bool = False
    #: a compressed group campaign (its rows of weight 0 left out), whose cells give the
    #: evidence (:meth:`ethicskit.campaign.Campaign.ids`); None for a campaign of rows
    evidence: Any = None

    def weigh(self, details: dict) -> dict:
        """``details`` with ``weighted: true`` when the counts are sums of weights."""
        return {**details, "weighted": True} if self.weighted else details

    def name(self, column: str) -> str:
        """How the dataset itself names ``column``."""
        return self.display.get(column, column)

    def ids(self, mask: np.ndarray, *, limit: int = EVIDENCE) -> list[str]:
        """Up to ``limit`` ``customer_id`` values of the rows in ``mask``, in row order, masked
        when they look like an identifier (:func:`ethicskit.masking.safe_id`), as
        :meth:`ethicskit.campaign.Campaign.ids`; of a compressed campaign, the first rows of
        the cells in ``mask``."""
        if self.evidence is not None:
            return self.evidence.ids(np.asarray(mask, dtype=bool), limit=limit)
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))[:limit]
        return [safe_id(v) for v in self.customer_id.iloc[positions].astype(str)]

    def jurisdiction_of_rows(self) -> np.ndarray:
        """The rule-pack entry (its key) of every row, as an object array."""
        keys = np.asarray(list(self.j.keys) + [None], dtype=object)
        return keys[self.j.codes] if self.rows else np.empty(0, dtype=object)


def _bool(values: pd.Series) -> np.ndarray:
    return values.fillna(False).astype(bool).to_numpy(dtype=bool)


def _utc(ts: pd.Series) -> pd.Series:
    ts = ts.reset_index(drop=True)
    return ts.dt.tz_convert("UTC") if ts.dt.tz is not None else ts.dt.tz_localize("UTC")


def _retention_columns(campaign: "Campaign") -> tuple[bool, tuple]:
    """``(has_inventory, columns)``: each frame column the inventory declares with a
    ``retention_days`` (looked up by the dataset's name, then the logical name), as
    ``(dataset name, retention_days, rows with a value)``, in the frame's order."""
    inventory = getattr(campaign, "inventory", None)
    if inventory is None:
        return False, ()
    own = set(campaign.dataset_columns or [])
    out = []
    for column in campaign.df.columns:
        name = campaign.display_name(column)
        if own and name not in own and column not in own:
            continue  # derived by the loader (age from birth_date, age_band): not declared data
        found = inventory.entry_for(name, column)
        if found is None:
            continue
        days = found[1].get("retention_days")
        if days is None or isinstance(days, bool):
            continue
        out.append((name, int(days), campaign.df[column].notna().to_numpy(dtype=bool)))
    return True, tuple(out)


def _art9_condition(campaign: "Campaign", column: str) -> str | None:
    inventory = getattr(campaign, "inventory", None)
    if inventory is None:
        return None
    found = inventory.entry_for(campaign.display_name(column), column)
    return None if found is None else found[1].get("art9_condition")


#: The parts of the reduction that cost more than masks: the identifier scan, the
#: quasi-identifier classes, the tracking reduction and the anonymise trade-off.
PARTS = frozenset({"identifiers", "classes", "tracking", "tradeoff"})


def reduce(campaign: "Campaign", *, parts=None) -> PrivacyReduction:
    """The privacy reduction of ``campaign``, built once: each campaign accessor (``codes``,
    ``targeted``, ``is_true``) is called at most once per column, and the rule-pack entry of
    every row is assigned once (:func:`ethicskit.jurisdictions.assign`). With a ``weight``
    column, the rows of weight 0 are left out and every count is a sum of weights
    (:func:`ethicskit.privacy._common.with_people`).

    ``parts`` (a set of :data:`PARTS`; all by default) says which costly parts to compute: a
    part left out is what a campaign without its columns gives (no identifier scan, no
    classes, no tracking reduction, no trade-off). A compressed group campaign
    (:mod:`ethicskit.privacy.cells`) asks only for the parts its checks read."""
    parts = PARTS if parts is None else frozenset(parts)
    original = campaign
    campaign, w = with_people(campaign)
    df = campaign.df
    columns = frozenset(df.columns)
    n = len(df)
    codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def codes_of(column: str) -> tuple[np.ndarray, np.ndarray]:
        if column not in codes:
            codes[column] = campaign.codes(column)
        return codes[column]

    def flag(column: str) -> np.ndarray:
        return _bool(campaign.is_true(column))

    targeted = campaign.targeted.to_numpy(dtype=bool)
    j = assign(campaign)
    # channel -> the consent column it needs, decided per distinct channel
    if "channel" in columns:
        raw, uniques = codes_of("channel")
        channel_codes, _ = codes_with_null(raw, len(uniques))
        labels = tuple(safe_label(v) for v in labels_of(uniques, "(empty)"))  # shown as is
        values = tuple(uniques)
        distinct = pd.Series(uniques, dtype=object)
        needing = {}
        for column in ("", *CONSENT_COLUMNS):
            wanted = [k for k, v in CONSENT_OF.items() if (v or "") == column]
            hit = distinct.isin(wanted).to_numpy(dtype=bool)
            needing[column] = np.append(hit, False)[raw]
        known = np.asarray([v if v in CHANNELS else None for v in uniques] + [None],
                           dtype=object)
        channel = known[raw] if n else np.empty(0, dtype=object)
    else:
        channel_codes = np.zeros(n, dtype=np.int64)
        labels, values = (NO_CHANNEL,), ()
        needing = {column: np.full(n, column == NO_CHANNEL_CONSENT)
                   for column in ("", *CONSENT_COLUMNS)}
        channel = np.full(n, NO_CHANNEL_NAME, dtype=object)
    consent_true = {c: flag(c) for c in CONSENT_COLUMNS if c in columns}
    consent = classify_consent(
        j, channel=channel, targeted=targeted, needing=needing, consent_true=consent_true,
        existing_customer=flag("existing_customer"),
        soft_optin_offered=flag("soft_optin_offered"),
        business_contact=flag("business_contact"), do_not_call=flag("do_not_call"))

    def both(a: str, b: str) -> np.ndarray | None:
        if a not in columns or b not in columns:
            return None
        return (df[a].notna() & df[b].notna()).to_numpy(dtype=bool)

    consent_both = both("consent_ts", "contact_ts")
    consent_late = (None if consent_both is None else consent_both & _bool(
        df["consent_ts"] > df["contact_ts"]))
    optout_both = both("optout_ts", "contact_ts")
    optout_delay = (None if optout_both is None
                    else (df["contact_ts"] - df["optout_ts"]).reset_index(drop=True))

    erasure = df["erasure_request_ts"] if "erasure_request_ts" in columns else None
    collected = df["collected_ts"] if "collected_ts" in columns else None
    has_inventory, retention = _retention_columns(campaign)

    if "identifiers" in parts:  # a compressed campaign's own columns (__ek_...) hold no data
        candidates, scanned = scan_identifiers(campaign, weights=w, candidates=[
            c for c in candidate_columns(campaign) if not str(c).startswith("__ek_")])
    else:
        candidates, scanned = 0, ()
    special, special_other = [], []
    for c in special_columns(campaign):
        present = df[c].notna().to_numpy(dtype=bool)
        condition = _art9_condition(campaign, c)
        if condition and condition != "explicit_consent":
            special_other.append((campaign.display_name(c), condition, present))
        else:
            special.append((campaign.display_name(c), present))

    qis = quasi_identifiers(campaign) if "classes" in parts else []
    class_of_row, class_size = (class_codes(campaign, qis, codes_of, weights=w) if qis
                                else (None, None))
    sensitive = sensitive_attribute(campaign)
    return PrivacyReduction(
        rows=n, columns=columns, as_of=campaign.as_of,
        thresholds=resolve(FILE_THRESHOLDS, campaign.config.thresholds),
        customer_id=(df["customer_id"] if "customer_id" in columns
                     else df["__ek_cell"].reset_index(drop=True)), display=dict(campaign.mapping),
        has_targeted="targeted" in columns, targeted=targeted, j=j,
        has_channel="channel" in columns, channel_codes=channel_codes, channel_labels=labels,
        channel_values=values, channel=channel, needing=needing, consent_true=consent_true,
        **consent,
        contacted=df["contact_ts"].notna().to_numpy(dtype=bool) if "contact_ts" in columns
        else None,
        consent_both=consent_both, consent_late=consent_late, optout_both=optout_both,
        optout_delay=optout_delay,
        optout_ts=_utc(df["optout_ts"]) if optout_both is not None else None,
        contact_ts=_utc(df["contact_ts"]) if optout_both is not None else None,
        erasure_open=None if erasure is None else erasure.notna().to_numpy(dtype=bool),
        erasure_age=None if erasure is None
        else whole_days(campaign.as_of, erasure).reset_index(drop=True),
        erasure_extended=flag("erasure_extended"),
        collected_age=None if collected is None
        else whole_days(campaign.as_of, collected).reset_index(drop=True),
        has_inventory=has_inventory, retention_columns=retention,
        age=df["age"].reset_index(drop=True) if "age" in columns else None,
        parental_consent=flag("parental_consent"),
        identifier_candidates=candidates, identifier_scans=scanned,
        identifier_mapped=mapped_identifiers(campaign) if "identifiers" in parts else (),
        special_configured=campaign.config.special_category_columns is not None,
        special=tuple(special), special_other=tuple(special_other),
        has_explicit_consent="explicit_consent_sensitive" in columns,
        explicit_consent=flag("explicit_consent_sensitive"),
        qi_configured=campaign.config.quasi_identifiers is not None,
        qi_names=tuple(campaign.display_name(c) for c in qis),
        class_of_row=class_of_row, class_size=class_size,
        sensitive_config=campaign.config.sensitive_attribute or None,
        sensitive_name=None if sensitive is None else campaign.display_name(sensitive),
        sensitive_codes=None if sensitive is None else codes_of(sensitive)[0],
        anonymise_tradeoff=_tradeoff(original) if "tradeoff" in parts else None,
        tracking=reduce_tracking(campaign, j=j, weights=w) if "tracking" in parts else None,
        w=w, repeats=bool(campaign.repeats),
        evidence=campaign if campaign.cells is not None else None,
    )


def _tradeoff(campaign: "Campaign", *, within=None) -> pd.DataFrame | None:
    """The anonymised extract's trade-off (:func:`ethicskit.anonymise.tradeoff`: k reached
    against rows suppressed, per generalisation level), when the config asks for anonymisation
    with an ``anonymise:`` block; None otherwise or when no quasi-identifier can be generalised.
    The table holds levels and counts, no value of the data. Of a compressed campaign
    (``campaign.cells``), the same table from the engine's cells
    (:func:`ethicskit.anonymise.extract.tradeoff_from_cells`, its cells merged from the group
    campaign ``within`` where that groups the same columns)."""
    if campaign.config.anonymise is None:
        return None
    from ethicskit.anonymise import tradeoff
    from ethicskit.anonymise.extract import tradeoff_from_cells
    from ethicskit.errors import InputError

    try:
        if getattr(campaign, "cells", None) is not None:
            table = tradeoff_from_cells(campaign, within=within)
        else:
            table = tradeoff(campaign)
    except InputError:
        return None
    table.attrs = {}  # Parquet keeps columns; k_min and l_min are the record's thresholds
    return table
