"""The targeting reduction: everything the targeting metrics, tables and plots read, built once.

:func:`reduce` reads the campaign once: each column it needs is dictionary-encoded once
(:meth:`Campaign.codes`), list columns are split into tokens once per distinct value, each
distinct token is matched once against the sensitive lexicon, and the group counts the checks
judge are summed with :func:`ethicskit.counts.group_sums` (targeted rows per product and age,
per criteria value and product, per segment, ...). The rule-pack entry each row follows is
decided once here (:func:`ethicskit.jurisdictions.assign`) and kept on the reduction with the
per-row masks the jurisdiction-dependent checks sum (platform channel, the pack's bans, age).

"Targeted rows" are rows whose ``targeted`` is true, or every row when the dataset has no
``targeted`` column. "True" columns (``explicit_consent_sensitive``, ``automated_decision``,
``human_review``) count null and absent as not true.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ethicskit.counts import codes_with_null, group_sums
from ethicskit.jurisdictions import Jurisdictions, assign
from ethicskit.privacy._common import CountsPeople, people, with_people
from ethicskit.targeting.common import first_ids
from ethicskit.targeting.lexicon import HARDSHIP, SPECIAL_CATEGORIES, Lexicon, load_lexicon
from ethicskit.targeting.tokens import (TOKEN_COLUMNS, by_code, categories_by_token,
                                        protected_keys, split_values, value_pairs)

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.campaign import Campaign

#: Offers covered by fair-lending, fair-housing and employment law (the rule pack's
#: ``opportunity_criteria`` lists the targeting keys each may not use).
OPPORTUNITY_PRODUCTS = ("housing", "employment", "credit")
#: The token columns whose tokens are profiling (``targeting.minors_profiling_ads``).
PROFILING_COLUMNS = ("targeting_criteria", "inferred_segments")
#: Products that may not be marketed to minors.
AGE_RESTRICTED = ("alcohol", "gambling", "high_cost_credit", "tobacco")
#: Products that exploit vulnerability.
HIGH_RISK = ("high_cost_credit", "gambling")
#: Products whose decision has a legal or similarly significant effect (GDPR Art. 22).
SIGNIFICANT = ("credit", "high_cost_credit", "insurance", "employment", "housing")


@dataclass(frozen=True)
class Coded:
    """A column dictionary-encoded once: ``codes`` per row (-1 for a null) and its ``uniques``."""

    codes: np.ndarray
    uniques: np.ndarray

    @property
    def size(self) -> int:
        return len(self.uniques)

    def with_null(self) -> tuple[np.ndarray, int]:
        """Codes where a null has a code of its own (``size``), and the number of codes."""
        return codes_with_null(self.codes, self.size)

    def isin(self, values) -> np.ndarray:
        """Per distinct value: is it one of ``values``."""
        return pd.Series(self.uniques, dtype=object).isin(list(values)).to_numpy(dtype=bool)


@dataclass(frozen=True)
class TokenColumn(Coded):
    """A ``;``-list column: its codes, and per distinct value its tokens (lower-cased, trimmed)."""

    tokens: list = field(default_factory=list)


@dataclass(frozen=True)
class TargetingReduction(CountsPeople):
    """What the targeting checks read.

    Row-level: ``targeted``, ``consent_sensitive``, ``automated``, ``reviewed``,
    ``parental`` (bool arrays), the coded columns, ``jurisdictions`` (the rule-pack entry of
    every row, assigned once), ``platform`` (the row's channel is one of the pack's
    ``platform_channels``), ``platform_ban`` (on a platform in a jurisdiction whose
    ``sensitive_ads.platform_ban`` is true), ``special`` / ``hardship`` (a token of any token
    column matches a special category / financial hardship), ``profiled`` (at least one token in
    ``targeting_criteria`` or ``inferred_segments``), ``ages`` (whole years, NaN unknown).
    Per distinct value: ``tokens``, ``pairs`` (the (token, category) matches of each value of a
    token column), ``criteria_keys`` (the keys of each ``targeting_criteria`` value that some
    opportunity category forbids), ``depth`` (distinct criteria and traits of each pair of
    values). Group counts (``n`` = rows): ``sensitive_cells`` (targeted rows per combination of
    token values, with ``consented``, ``exempt`` = consented and not under a platform ban,
    ``platform`` = under a platform ban), ``criteria_cells``, ``age_cells``, ``flag_cells``,
    ``decision_cells``, ``segment_cells``, ``contact_cells``, ``depth_cells``, ``band_cells``.
    """

    rows: int
    columns: frozenset
    has_targeted: bool
    targeted: np.ndarray
    targeted_total: int
    customer_id: pd.Series | None
    lexicon: Lexicon
    tokens: dict[str, TokenColumn]
    matches: dict[str, tuple[str, ...]]
    pairs: dict[str, list]
    consent_sensitive: np.ndarray
    automated: np.ndarray
    reviewed: np.ndarray
    product: Coded | None
    age: Coded | None
    age_band: Coded | None
    contact: Coded | None
    flags: TokenColumn | None
    criteria_keys: list
    sensitive_cells: pd.DataFrame
    criteria_cells: pd.DataFrame | None
    age_cells: pd.DataFrame | None
    flag_cells: pd.DataFrame | None
    decision_cells: pd.DataFrame | None
    segment_cells: pd.DataFrame | None
    contact_cells: pd.DataFrame | None
    depth_cells: pd.DataFrame | None
    band_cells: pd.DataFrame | None
    row_depth: np.ndarray | None
    jurisdictions: Jurisdictions
    channel: Coded | None
    platform: np.ndarray
    platform_ban: np.ndarray
    special: np.ndarray
    hardship: np.ndarray
    profiled: np.ndarray
    ages: np.ndarray
    parental: np.ndarray
    opportunity_criteria: dict
    #: people per row when the dataset has a ``weight`` column (every count, every cell's
    #: ``n`` and sums, is then a sum of weights; rows of weight 0 are left out), else None
    w: np.ndarray | None = None
    #: built from a compressed campaign of a dataset without a weight of its own: ``w`` holds
    #: the rows each cell stands for, and the counts are rows (:class:`CountsPeople`)
    repeats: bool = False
    #: ``mask -> ids`` of a compressed campaign (:meth:`ethicskit.campaign.Campaign.ids`: the
    #: first ids of the cells in ``mask``); None for rows, whose ``customer_id`` is kept
    evidence: Any = None

    def has(self, column: str) -> bool:
        return column in self.columns

    def facts(self) -> dict:
        """The facts every targeting message may use."""
        return {"has_targeted": self.has_targeted, "targeted_total": self.targeted_total}

    def ids(self, mask: np.ndarray) -> list[str]:
        """A finding's evidence: the first ten ``customer_id`` values of the rows in ``mask``,
        in row order, masked (:func:`ethicskit.targeting.common.first_ids`); for a reduction of
        cells, those of the rows the cells in ``mask`` stand for (:attr:`evidence`)."""
        if self.evidence is not None:
            return self.evidence(mask)
        return first_ids(self.customer_id, mask)


def _coded(campaign, column: str) -> Coded | None:
    if column not in campaign.df.columns:
        return None
    codes, uniques = campaign.codes(column)
    return Coded(codes, uniques)


def _token_column(campaign, column: str) -> TokenColumn | None:
    if column not in campaign.df.columns:
        return None
    codes, uniques = campaign.codes(column)
    return TokenColumn(codes, uniques, split_values(uniques))


def _cells(columns: dict[str, Coded], **kwargs) -> pd.DataFrame:
    """Group counts over the codes of ``columns`` (a null is a code of its own, ``size``)."""
    coded = {name: c.with_null() for name, c in columns.items()}
    return group_sums({k: v[0] for k, v in coded.items()}, {k: v[1] for k, v in coded.items()},
                      **kwargs)


def _true(campaign, column: str) -> np.ndarray:
    if column not in campaign.df.columns:
        return np.zeros(len(campaign.df), dtype=bool)
    return campaign.df[column].fillna(False).astype(bool).to_numpy(dtype=bool)


def _depth(tokens: dict[str, TokenColumn], rows: int, targeted: np.ndarray,
           weights: np.ndarray | None = None):
    """Distinct tokens of ``targeting_criteria`` and ``inferred_segments`` together: per pair of
    values (``depth_cells``: the pair's codes, ``depth``, ``n`` rows, ``targeted`` rows) and per
    row. A row's depth depends only on its pair of values, so it is worked out once per pair."""
    names = [c for c in ("targeting_criteria", "inferred_segments") if c in tokens]
    if not names:
        return None, None
    coded = {name: tokens[name].with_null() for name in names}
    cells = group_sums({k: v[0] for k, v in coded.items()}, {k: v[1] for k, v in coded.items()},
                       values={"targeted": targeted}, weights=weights)
    depth = np.zeros(len(cells), dtype=np.int64)
    for i, codes in enumerate(zip(*(cells[name].to_numpy() for name in names))):
        distinct: set[str] = set()
        for name, code in zip(names, codes):
            per_value = tokens[name].tokens
            if code < len(per_value):  # code == size: a null value, no tokens
                distinct.update(per_value[code])
        depth[i] = len(distinct)
    cells["depth"] = depth
    from ethicskit.counts import cell_key

    sizes = [coded[name][1] for name in names]
    cell_keys = cell_key([cells[name].to_numpy() for name in names], sizes)
    row_keys = cell_key([coded[name][0] for name in names], sizes)
    row_depth = depth[np.searchsorted(cell_keys, row_keys)] if rows else np.zeros(0, np.int64)
    return cells, row_depth


def _per_value_any(pairs: list, categories) -> np.ndarray:
    """Per distinct value of a token column: does one of its tokens match one of
    ``categories``."""
    wanted = set(categories)
    return np.array([any(c in wanted for _, c in ps) for ps in pairs], dtype=bool)


def _ages(age: Coded | None, rows: int) -> np.ndarray:
    """Whole years per row (NaN where unknown)."""
    if age is None:
        return np.full(rows, np.nan)
    values = pd.to_numeric(pd.Series(age.uniques, dtype=object), errors="coerce")
    return by_code(values.to_numpy(dtype="float64"), age.codes, null=np.nan)


def reduce(campaign: "Campaign") -> TargetingReduction:
    """The targeting reduction of ``campaign`` (see the module docstring), built once. With a
    ``weight`` column, rows of weight 0 are left out and every count is a sum of weights
    (:func:`ethicskit.privacy._common.with_people`)."""
    campaign, w = with_people(campaign)
    df = campaign.df
    rows = len(df)
    has_targeted = "targeted" in df.columns
    targeted = (df["targeted"].fillna(False).astype(bool).to_numpy(dtype=bool) if has_targeted
                else np.ones(rows, dtype=bool))
    lexicon = load_lexicon(campaign.config.sensitive_lexicon)
    jurisdictions = assign(campaign)
    pack = jurisdictions.pack
    tokens = {c: _token_column(campaign, c) for c in TOKEN_COLUMNS if c in df.columns}
    distinct = dict.fromkeys(t for col in tokens.values() for ts in col.tokens for t in ts)
    matches = categories_by_token(distinct, lexicon)
    pairs = {c: value_pairs(col.tokens, matches) for c, col in tokens.items()}
    special = np.zeros(rows, dtype=bool)
    hardship = np.zeros(rows, dtype=bool)
    for column, col in tokens.items():
        special |= by_code(_per_value_any(pairs[column], SPECIAL_CATEGORIES), col.codes)
        hardship |= by_code(_per_value_any(pairs[column], (HARDSHIP,)), col.codes)
    profiled = np.zeros(rows, dtype=bool)
    for column in PROFILING_COLUMNS:
        if column in tokens:
            col = tokens[column]
            profiled |= by_code(np.array([bool(ts) for ts in col.tokens], dtype=bool),
                                col.codes)
    channel = _coded(campaign, "channel")
    if channel is not None:
        on_platform = (pd.Series(channel.uniques, dtype=object).astype(str).str.strip()
                       .str.lower().isin(list(pack.platform_channels)).to_numpy(dtype=bool))
        platform = by_code(on_platform, channel.codes)
    else:
        platform = np.zeros(rows, dtype=bool)
    platform_ban = platform & jurisdictions.mask("sensitive_ads", "platform_ban")
    consent = _true(campaign, "explicit_consent_sensitive")
    automated = _true(campaign, "automated_decision")
    reviewed = _true(campaign, "human_review")
    parental = _true(campaign, "parental_consent")
    product = _coded(campaign, "product_category")
    age = _coded(campaign, "age")
    age_band = _coded(campaign, "age_band")
    contact = _coded(campaign, "contact_count")
    flags = _token_column(campaign, "vulnerability_flags")
    criteria = tokens.get("targeting_criteria")
    opportunity_criteria = {c: tuple(pack.criteria(c)) for c in OPPORTUNITY_PRODUCTS}
    forbidden = sorted({k for keys in opportunity_criteria.values() for k in keys})

    sensitive_cells = (_cells(tokens, values={"consented": consent,
                                              "exempt": consent & ~platform_ban,
                                              "platform": platform_ban}, rows=targeted,
                              weights=w)
                       if tokens else
                       pd.DataFrame({name: pd.Series([], dtype="int64") for name in
                                     ("n", "consented", "exempt", "platform")}))
    criteria_cells = age_cells = flag_cells = decision_cells = band_cells = None
    if product is not None:
        if criteria is not None:
            criteria_cells = _cells({"criteria": criteria, "product": product}, rows=targeted,
                                    weights=w)
        if age is not None:
            age_cells = _cells({"product": product, "age": age}, rows=targeted, weights=w)
        if flags is not None:
            flag_cells = _cells({"flags": flags, "product": product},
                                values={"targeted": targeted}, weights=w)
        if age_band is not None:
            band_cells = _cells({"product": product, "band": age_band}, rows=targeted,
                                weights=w)
        decision_cells = group_sums(
            {"product": product.with_null()[0], "automated": automated.astype(np.int64),
             "reviewed": reviewed.astype(np.int64)},
            {"product": product.size + 1, "automated": 2, "reviewed": 2}, rows=targeted,
            weights=w)
    segment = tokens.get("segment")
    segment_cells = (group_sums({"segment": segment.with_null()[0]},
                                {"segment": segment.size + 1},
                                rows=targeted & (segment.codes >= 0), weights=w)
                     if segment is not None else None)
    contact_cells = (group_sums({"contact": contact.with_null()[0]},
                                {"contact": contact.size + 1}, rows=contact.codes >= 0,
                                weights=w)
                     if contact is not None else None)
    depth_cells, row_depth = _depth(tokens, rows, targeted, w)
    return TargetingReduction(
        rows=rows, columns=frozenset(df.columns), has_targeted=has_targeted, targeted=targeted,
        targeted_total=people(targeted, w),
        customer_id=df["customer_id"] if "customer_id" in df.columns else None,
        lexicon=lexicon, tokens=tokens, matches=matches, pairs=pairs,
        consent_sensitive=consent, automated=automated, reviewed=reviewed, product=product,
        age=age, age_band=age_band, contact=contact, flags=flags,
        criteria_keys=(protected_keys(criteria.tokens, forbidden) if criteria is not None
                       else []),
        sensitive_cells=sensitive_cells, criteria_cells=criteria_cells, age_cells=age_cells,
        flag_cells=flag_cells, decision_cells=decision_cells, segment_cells=segment_cells,
        contact_cells=contact_cells, depth_cells=depth_cells, band_cells=band_cells,
        row_depth=row_depth, jurisdictions=jurisdictions, channel=channel, platform=platform,
        platform_ban=platform_ban, special=special, hardship=hardship, profiled=profiled,
        ages=_ages(age, rows), parental=parental, opportunity_criteria=opportunity_criteria,
        w=w)


def labels(coded: Coded, codes: np.ndarray) -> np.ndarray:
    """The distinct values of cell codes (``None`` for the null code)."""
    return by_code(np.asarray(coded.uniques, dtype=object), np.where(
        np.asarray(codes) >= coded.size, -1, np.asarray(codes)), null=None)


def per_cell(flags: np.ndarray, codes) -> np.ndarray:
    """A per-distinct-value bool taken to cell codes (the null code ``size`` is False)."""
    return np.append(np.asarray(flags, dtype=bool), False)[np.asarray(codes)]
