"""The privacy reduction: everything the ten privacy metrics, the suppression list and the
figure tables read, built once from a campaign by :func:`reduce`.

It holds masks and codes per row (targeted, the channel's needed consent column, the consent
breach, timestamps turned into whole days or delays, country codes, quasi-identifier classes)
and a few small things decided from the config (display names, quasi-identifiers, the special
columns, the identifier scan). Thresholds are not applied here: the metrics take them as
keyword arguments; :attr:`PrivacyReduction.thresholds` keeps those in force for the files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np
import pandas as pd

from ethicskit.counts import codes_with_null
from ethicskit.masking import safe_id, safe_label
from ethicskit.privacy._common import labels_of, whole_days
from ethicskit.privacy.anonymity import class_codes, quasi_identifiers, sensitive_attribute
from ethicskit.privacy.consent import (CONSENT_COLUMNS, CONSENT_OF, NO_CHANNEL,
                                       NO_CHANNEL_CONSENT)
from ethicskit.privacy.exposure import IdentifierScan, scan_identifiers, special_columns
from ethicskit.thresholds import resolve

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.campaign import Campaign

#: The thresholds the suppression list applies (those of the four checks it lists).
FILE_THRESHOLDS = ()  # transitional: the rule pack replaces them (issue 14)
#: At most this many ``customer_id`` values as a finding's evidence.
EVIDENCE = 10


@dataclass(frozen=True)
class PrivacyReduction:
    """What the privacy checks read, per row (numpy arrays or Series on the campaign's rows)
    or decided once (names, classes, the identifier scan).

    Channel and country codes give a null a code of its own, the last (labels ``(empty)``);
    ``needing[c]`` marks the rows whose channel needs the consent column ``c`` (``""``: post,
    no opt-in needed). Missing columns give None (or all-False masks where a check reads
    "absent" as "not true").
    """

    rows: int
    columns: frozenset
    as_of: dt.date
    thresholds: Mapping[str, Any]
    customer_id: pd.Series
    display: Mapping[str, str]
    has_targeted: bool
    targeted: np.ndarray
    # channel and consent
    has_channel: bool
    channel_codes: np.ndarray
    channel_labels: tuple[str, ...]
    channel_values: tuple
    needing: Mapping[str, np.ndarray]
    consent_true: Mapping[str, np.ndarray]
    consent_breach: np.ndarray
    consent_unknown: np.ndarray
    contacted: np.ndarray | None
    consent_both: np.ndarray | None
    consent_late: np.ndarray | None
    optout_both: np.ndarray | None
    optout_delay: pd.Series | None
    # countries, rights and time limits
    country_codes: np.ndarray | None
    country_values: np.ndarray | None
    erasure_open: np.ndarray | None
    erasure_age: pd.Series | None
    collected_age: pd.Series | None
    age: pd.Series | None
    parental_consent: np.ndarray
    # exposure
    identifier_candidates: int
    identifier_scans: tuple[IdentifierScan, ...]
    special_configured: bool
    special: tuple[tuple[str, np.ndarray], ...]
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

    def name(self, column: str) -> str:
        """How the dataset itself names ``column``."""
        return self.display.get(column, column)

    def ids(self, mask: np.ndarray, *, limit: int = EVIDENCE) -> list[str]:
        """Up to ``limit`` ``customer_id`` values of the rows in ``mask``, in row order, masked
        when they look like an identifier (:func:`ethicskit.masking.safe_id`), as
        :meth:`ethicskit.campaign.Campaign.ids`."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))[:limit]
        return [safe_id(v) for v in self.customer_id.iloc[positions].astype(str)]

    def country_labels(self, empty: str) -> list[str]:
        """The label of each country code (``empty`` for the null code)."""
        return labels_of(self.country_values, empty)


def _bool(values: pd.Series) -> np.ndarray:
    return values.fillna(False).astype(bool).to_numpy(dtype=bool)


def reduce(campaign: "Campaign") -> PrivacyReduction:
    """The privacy reduction of ``campaign``, built once: each campaign accessor (``codes``,
    ``targeted``, ``is_true``) is called at most once per column."""
    df = campaign.df
    columns = frozenset(df.columns)
    n = len(df)
    codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def codes_of(column: str) -> tuple[np.ndarray, np.ndarray]:
        if column not in codes:
            codes[column] = campaign.codes(column)
        return codes[column]

    targeted = campaign.targeted.to_numpy(dtype=bool)
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
    else:
        channel_codes = np.zeros(n, dtype=np.int64)
        labels, values = (NO_CHANNEL,), ()
        needing = {column: np.full(n, column == NO_CHANNEL_CONSENT)
                   for column in ("", *CONSENT_COLUMNS)}
    consent_true = {c: _bool(campaign.is_true(c)) for c in CONSENT_COLUMNS if c in columns}
    breach = np.zeros(n, dtype=bool)
    unknown = np.zeros(n, dtype=bool)
    for column in CONSENT_COLUMNS:
        mine = targeted & needing[column]
        if column in consent_true:
            breach |= mine & ~consent_true[column]
        else:
            unknown |= mine

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

    if "country" in columns:
        country_codes, country_values = codes_of("country")
    else:
        country_codes = country_values = None
    erasure = df["erasure_request_ts"] if "erasure_request_ts" in columns else None
    collected = df["collected_ts"] if "collected_ts" in columns else None

    candidates, scanned = scan_identifiers(campaign)
    special = tuple((campaign.display_name(c), df[c].notna().to_numpy(dtype=bool))
                    for c in special_columns(campaign))

    qis = quasi_identifiers(campaign)
    class_of_row, class_size = class_codes(campaign, qis, codes_of) if qis else (None, None)
    sensitive = sensitive_attribute(campaign)
    return PrivacyReduction(
        rows=n, columns=columns, as_of=campaign.as_of,
        thresholds=resolve(FILE_THRESHOLDS, campaign.config.thresholds),
        customer_id=df["customer_id"], display=dict(campaign.mapping),
        has_targeted="targeted" in columns, targeted=targeted,
        has_channel="channel" in columns, channel_codes=channel_codes, channel_labels=labels,
        channel_values=values, needing=needing, consent_true=consent_true,
        consent_breach=breach, consent_unknown=unknown,
        contacted=df["contact_ts"].notna().to_numpy(dtype=bool) if "contact_ts" in columns
        else None,
        consent_both=consent_both, consent_late=consent_late, optout_both=optout_both,
        optout_delay=optout_delay,
        country_codes=country_codes, country_values=country_values,
        erasure_open=None if erasure is None else erasure.notna().to_numpy(dtype=bool),
        erasure_age=None if erasure is None
        else whole_days(campaign.as_of, erasure).reset_index(drop=True),
        collected_age=None if collected is None
        else whole_days(campaign.as_of, collected).reset_index(drop=True),
        age=df["age"].reset_index(drop=True) if "age" in columns else None,
        parental_consent=_bool(campaign.is_true("parental_consent")),
        identifier_candidates=candidates, identifier_scans=scanned,
        special_configured=campaign.config.special_category_columns is not None,
        special=special, has_explicit_consent="explicit_consent_sensitive" in columns,
        explicit_consent=_bool(campaign.is_true("explicit_consent_sensitive")),
        qi_configured=campaign.config.quasi_identifiers is not None,
        qi_names=tuple(campaign.display_name(c) for c in qis),
        class_of_row=class_of_row, class_size=class_size,
        sensitive_config=campaign.config.sensitive_attribute or None,
        sensitive_name=None if sensitive is None else campaign.display_name(sensitive),
        sensitive_codes=None if sensitive is None else codes_of(sensitive)[0],
        anonymise_tradeoff=_tradeoff(campaign),
    )


def _tradeoff(campaign: "Campaign") -> pd.DataFrame | None:
    """The anonymised extract's trade-off (:func:`ethicskit.anonymise.tradeoff`: k reached
    against rows suppressed, per generalisation level), when the config asks for anonymisation
    with an ``anonymise:`` block; None otherwise or when no quasi-identifier can be generalised.
    The table holds levels and counts, no value of the data."""
    if campaign.config.anonymise is None:
        return None
    from ethicskit.anonymise import tradeoff
    from ethicskit.errors import InputError

    try:
        table = tradeoff(campaign)
    except InputError:
        return None
    table.attrs = {}  # Parquet keeps columns; k_min and l_min are the record's thresholds
    return table
