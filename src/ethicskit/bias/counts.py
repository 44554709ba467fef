"""The one reduction of a campaign to group counts, from which every bias metric is derived.

:func:`reduce` reads the campaign once. The rows are grouped by every protected attribute's
group code together with the decision, the prediction, the outcome (true, false or unknown) and
whether the row was targeted (:func:`ethicskit.counts.group_sums`); each cell holds its number
of rows (of people, the sum of the rows' weights, when the dataset has a ``weight``) and,
among targeted rows with an ``offer_value``, the count, sum and sum of squares of the offer
(shifted by the mean offer, so the sums keep their precision). A metric for one
attribute, or a pair of attributes, then sums these cells over the other attributes
(:func:`table`): a few hundred numbers instead of a million rows.

What the cells cannot give is reduced here too, once: the offer medians and box statistics of
every group (:mod:`.distribution`), the shares of the groups named in ``population_shares``
(:mod:`.representation`), the feature x attribute contingency tables of the proxy check
(:mod:`.proxy`) and the decision domain (:mod:`.domain`). The reduction holds no row of the
campaign.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ethicskit.bias import groups as G
from ethicskit.bias.domain import Domain, domain_of
from ethicskit.counts import DENSE_CELLS, cell_key, decode, group_sums
from ethicskit.masking import safe_labels

FLAGS = ("decision", "prediction", "outcome", "targeted")
SUMS = ("n", "offer_n", "offer_sum", "offer_sq")
#: values each flag takes (outcome: -1 unknown, 0, 1) and the shift that makes them 0, 1, ...
FLAG_SIZE = {"decision": 2, "prediction": 2, "outcome": 3, "targeted": 2}
FLAG_SHIFT = {"outcome": 1}


@dataclass(frozen=True)
class Counts:
    """The bias reduction of one campaign (see the module docstring).

    ``cells`` has a key column per attribute (``a0``, ``a1``... holding group codes into
    ``categories``), the flags ``decision``, ``prediction`` (0/1), ``outcome`` (1/0/-1 unknown)
    and ``targeted`` (0/1), and the sums ``n``, ``offer_n``, ``offer_sum``, ``offer_sq``. With
    weights, ``n`` and ``offer_n`` count people and the offer sums are weighted.
    """

    attributes: list[G.Attribute]
    categories: list[list[str]]
    cells: pd.DataFrame
    rows: int
    decision_column: str | None
    decision_name: str | None = None  # the config's decision, as it writes it
    decision_display: str | None = None  # the decision column's dataset name
    decision_nulls: int = 0
    prediction_source: str | None = None
    prediction_display: str | None = None
    has_outcome: bool = False
    has_offer: bool = False
    has_targeted: bool = True
    offer_shift: float = 0.0
    offers: int = 0  # targeted people (rows, unweighted) with a finite offer value
    notes: list[str] = field(default_factory=list)
    configured: list[Any] = field(default_factory=list)  # reference_groups value per attribute
    offer_medians: list[pd.Series] = field(default_factory=list)  # per attribute, by group code
    offer_boxes: pd.DataFrame | None = None
    representation: Any = None  # representation.Shares
    proxy: Any = None  # proxy.Proxies
    domain: Domain = field(default_factory=Domain)  # decision domain, favourable or not
    delivery: Any = None  # delivery.Delivered: the targeted people per named group
    weighted: bool = False  # the dataset has a weight column: counts are people, not rows
    split: bool = False  # decision: selected_count (each row split in two parts)
    people: int = 0  # people of all rows (the rows, without weights)

    def how_many(self, n: int) -> str:
        """``n`` with its noun in the notes: rows, or people when the rows are weighted."""
        if self.weighted:
            return f"{n:,} {'person' if n == 1 else 'people'}"
        return f"{n:,} {'row' if n == 1 else 'rows'}"

    @property
    def keys(self) -> list[str]:
        return [f"a{i}" for i in range(len(self.attributes))]

    def group_labels(self, key_indices: tuple[int, ...], codes) -> dict[int, str]:
        """Label of each group code: ``value`` for one attribute, ``a=x & b=y`` for a pair."""
        codes = np.asarray(codes, dtype=np.int64)
        if len(key_indices) == 1:
            cats = self.categories[key_indices[0]]
            return {int(c): cats[int(c)] for c in codes}
        (i, j) = key_indices
        a, b = self.attributes[i], self.attributes[j]
        k = len(self.categories[j])
        return {int(c): f"{a.name}={self.categories[i][int(c) // k]} & "
                        f"{b.name}={self.categories[j][int(c) % k]}" for c in codes}

    def cell_codes(self, key_indices: tuple[int, ...]) -> np.ndarray:
        """The group code of every cell for ``key_indices`` (the ``g`` of :func:`table`)."""
        return cell_key([self.cells[f"a{i}"].to_numpy() for i in key_indices],
                        [len(self.categories[i]) for i in key_indices])


def sums(counts: Counts, key_indices: tuple[int, ...], by: tuple[str, ...] = ()
         ) -> dict[str, np.ndarray]:
    """The columns of :func:`table` as arrays: the cells summed per group of ``key_indices``
    (and flags ``by``), one entry per combination that has a cell, in sorted key order.

    Each cell's key is its mixed-radix code (:func:`ethicskit.counts.cell_key`, the attributes
    first, then the flags); the sums ``n``, ``offer_n``, ``offer_sum``, ``offer_sq`` of the
    cells sharing a key are added in the cells' order (``numpy.bincount``), as
    :func:`ethicskit.counts.group_sums` adds them. ``g`` is the group code (for a pair,
    ``code1 * k2 + code2``).
    """
    cells = counts.cells
    keys = [f"a{i}" for i in key_indices]
    key_sizes = [len(counts.categories[i]) for i in key_indices]
    codes = [cells[k].to_numpy() for k in keys]
    codes += [cells[b].to_numpy().astype(np.int64) + FLAG_SHIFT.get(b, 0) for b in by]
    sizes = key_sizes + [FLAG_SIZE[b] for b in by]
    key = cell_key(codes, sizes)
    total = int(np.prod(sizes))
    if total <= DENSE_CELLS:
        present = np.flatnonzero(np.bincount(key, minlength=total))

        def add(v: np.ndarray) -> np.ndarray:
            return np.bincount(key, weights=v.astype(np.float64), minlength=total)[present]
    else:
        present, inverse = np.unique(key, return_inverse=True)

        def add(v: np.ndarray) -> np.ndarray:
            return np.bincount(inverse, weights=v.astype(np.float64), minlength=len(present))
    out: dict[str, np.ndarray] = {}
    for name, column in zip(keys + list(by), decode(present, sizes)):
        shift = FLAG_SHIFT.get(name, 0) if name in FLAG_SIZE else 0
        out[name] = (column - shift).astype(cells[name].dtype)
    out["n"] = np.rint(add(cells["n"].to_numpy())).astype(np.int64)
    out["offer_n"] = np.rint(add(cells["offer_n"].to_numpy())).astype(np.int64)
    out["offer_sum"] = add(cells["offer_sum"].to_numpy())
    out["offer_sq"] = add(cells["offer_sq"].to_numpy())
    out["g"] = cell_key([out[k] for k in keys], key_sizes)
    return out


def table(counts: Counts, key_indices: tuple[int, ...], by: tuple[str, ...] = ()
          ) -> pd.DataFrame:
    """Cells summed to one row per group of the attributes ``key_indices`` (and flags ``by``).

    ``cells.groupby(keys + by, sort=True)[SUMS].sum()``: the key columns, the flags, the sums
    and a column ``g``, the group code (for a pair, ``code1 * k2 + code2``). Combinations
    without a cell are left out, as ``groupby`` leaves them out. (:func:`sums`, as a frame.)
    """
    return pd.DataFrame(sums(counts, key_indices, by))


def people_by_group(counts: Counts, key_indices: tuple[int, ...], flag: str
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(codes, n, yes)``: the group codes of ``key_indices`` that have a cell (sorted), their
    people :math:`n_g = \\sum_{c \\in g} n_c` and the people with ``flag`` 1,
    :math:`\\sum_{c \\in g,\\, flag_c = 1} n_c`, as int64."""
    cells = counts.cells
    codes, inverse = np.unique(counts.cell_codes(key_indices), return_inverse=True)
    n = cells["n"].to_numpy()
    yes = cells[flag].to_numpy() == 1
    total = np.bincount(inverse, weights=n.astype(np.float64), minlength=len(codes))
    chosen = np.bincount(inverse[yes], weights=n[yes].astype(np.float64), minlength=len(codes))
    return codes, np.rint(total).astype(np.int64), np.rint(chosen).astype(np.int64)


def reduce(campaign) -> Counts:
    """Reduce ``campaign`` to the bias counts; see the module docstring.

    Weights (docs/checks.md, Weights): with a ``weight`` column every cell counts the people of
    its rows, as if each row were repeated ``weight`` times (a row of weight 0 is as if absent);
    with ``decision: selected_count`` a row is split into a selected part of
    ``selected_count`` people and a not-selected part of ``weight - selected_count``, every
    other value of the row (group, prediction, outcome, targeted, offer) shared by both.
    """
    from ethicskit.bias import proxy, representation
    from ethicskit.bias.distribution import Distribution

    weighted = bool(campaign.weighted)
    # a compressed campaign's rows weigh the rows they stand for (counts stay rows: not weighted)
    weights = campaign.weights if campaign.has_weights else None
    if weights is not None and (weights == 0).any():  # nobody: as if repeated zero times
        keep = weights > 0
        campaign = dataclasses.replace(campaign, df=campaign.df.loc[keep])
        weights = weights[keep]
    df = campaign.df
    rows = campaign.rows
    attrs, notes = G.attributes(campaign)
    coded = {attr.column: G.natural_codes(df[attr.column]) for attr in attrs}
    codes = [coded[a.column][0] for a in attrs]
    # group labels as shown (findings, tables): identifier-shaped values masked; codes stay
    cats = [safe_labels(coded[a.column][1]) for a in attrs]

    decision = G.decision_column(campaign)
    split = G.splits_decision(campaign, decision)
    decision_nulls = 0
    selected = None
    take, w = None, weights  # the parts: rows of the frame (None: every row once) and people
    if split:
        chosen = df[G.SELECTED_COUNT].to_numpy(dtype=np.int64)
        rest = weights - chosen
        yes, no = np.flatnonzero(chosen > 0), np.flatnonzero(rest > 0)
        take = np.concatenate([yes, no])
        w = np.concatenate([chosen[yes], rest[no]])
        selected = np.concatenate([np.ones(len(yes), dtype=bool), np.zeros(len(no), dtype=bool)])
    elif decision is not None:
        selected, null = G.bool_and_nulls(campaign, decision)
        decision_nulls = int(null.sum() if weights is None else weights[null].sum())
    if "selected_count" in df.columns and not split:
        notes.append(f"The dataset counts the people of each row who had the decision "
                     f"({campaign.display_name('selected_count')}), but the decision audited is "
                     f"{campaign.config.decision!r}, which counts for all the people of a row; "
                     f"set decision: selected_count to audit that count.")

    def parts(a: np.ndarray) -> np.ndarray:
        return a if take is None else a[take]

    if "prediction" in df.columns:
        predicted = parts(G.as_bool(campaign, "prediction")[0])
        prediction_source = "prediction"
    elif selected is not None:
        predicted, prediction_source = selected, decision
    else:
        predicted, prediction_source = None, None
    outcome = G.outcome_codes(campaign)
    outcome = None if outcome is None else parts(outcome)
    targeted = parts(campaign.targeted.to_numpy(dtype=bool))
    size = len(targeted)

    zeros = np.zeros(size, dtype=np.int8)
    flags = {"decision": selected.astype(np.int8) if selected is not None else zeros,
             "prediction": predicted.astype(np.int8) if predicted is not None else zeros,
             "outcome": outcome if outcome is not None else np.full(size, -1, dtype=np.int8),
             "targeted": targeted.astype(np.int8)}

    spec = campaign.cells  # a compressed campaign (ethicskit.compressed), else None
    engine_offers = spec is not None and spec.offers is not None  # the engine sums the offers
    has_offer = "offer_value" in (spec.schema.df.columns if engine_offers else df.columns)
    shift = spec.shift if engine_offers else 0.0
    with_offer = np.zeros(size, dtype=bool)
    value = np.zeros(size)
    if has_offer and not engine_offers:
        value = parts(pd.to_numeric(df["offer_value"], errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan))
        with_offer = targeted & np.isfinite(value)
        if with_offer.any():
            shift = float(np.average(value[with_offer],
                                     weights=None if w is None else w[with_offer]))
    centred = np.where(with_offer, value - shift, 0.0)

    keys = [f"a{i}" for i in range(len(attrs))]
    key_codes = {k: parts(c) for k, c in zip(keys, codes)}
    key_codes.update({f: flags[f].astype(np.int64) + FLAG_SHIFT.get(f, 0) for f in FLAGS})
    sizes = {k: len(c) for k, c in zip(keys, cats)}
    sizes.update(FLAG_SIZE)
    if engine_offers:  # each cell's offer sums are the engine's, summed over its rows
        sums = group_sums(key_codes, sizes, weights=w)
        offered_sums = group_sums(key_codes, sizes, values={
            name: df[f"__{name}"].to_numpy() for name in ("offer_n", "offer_sum", "offer_sq")})
        for name in ("offer_n", "offer_sum", "offer_sq"):
            sums[name] = offered_sums[name].to_numpy()
    else:
        sums = group_sums(key_codes, sizes, weights=w,
                          values={"offer_n": with_offer, "offer_sum": centred,
                                  "offer_sq": centred * centred})
    cells = pd.DataFrame({k: sums[k].to_numpy().astype(np.int32) for k in keys})
    for f in FLAGS:
        cells[f] = (sums[f].to_numpy() - FLAG_SHIFT.get(f, 0)).astype(np.int8)
    cells["n"] = sums["n"].astype(np.int64)
    cells["offer_n"] = sums["offer_n"].astype(np.int64)
    cells["offer_sum"] = sums["offer_sum"].astype(np.float64)
    cells["offer_sq"] = sums["offer_sq"].astype(np.float64)

    medians, boxes = [], []
    if engine_offers:
        offers = int(cells["offer_n"].sum())
        if offers:
            medians, boxes = _offer_distributions(spec, attrs, cats)
    else:
        offers = int(with_offer.sum() if w is None else w[with_offer].sum())
    if has_offer and with_offer.any():
        offered = Distribution(value[with_offer], None if w is None else w[with_offer])
        for i, attr in enumerate(attrs):
            groups = key_codes[keys[i]][with_offer]
            histograms = offered.histograms(groups)  # made once, read twice
            medians.append(offered.medians(groups, histograms=histograms))
            for code, stats in offered.boxes(groups, histograms=histograms).items():
                boxes.append({"attribute": attr.name, "group": cats[i][code], **stats})

    return Counts(
        attributes=attrs, categories=cats, cells=cells, rows=rows, decision_column=decision,
        decision_name=campaign.config.decision,
        decision_display=decision and campaign.display_name(decision),
        decision_nulls=decision_nulls, prediction_source=prediction_source,
        prediction_display=prediction_source and campaign.display_name(prediction_source),
        has_outcome=outcome is not None, has_offer=has_offer,
        has_targeted="targeted" in df.columns, offer_shift=shift,
        offers=offers, notes=notes,
        configured=[G.configured_reference(campaign, a) for a in attrs],
        offer_medians=medians, offer_boxes=pd.DataFrame(boxes, columns=BOX_COLUMNS),
        representation=representation.shares(campaign, coded, weights),
        proxy=(proxy.proxies(campaign, attrs, codes, cats, weights) if campaign.cells is None
               else proxy.proxies_from_cells(campaign.cells, attrs, cats, rows=not weighted)),
        domain=domain_of(campaign), weighted=weighted, split=split,
        people=int(len(df) if weights is None else weights.sum()))


BOX_COLUMNS = ["attribute", "group", "n", "mean", "q1", "med", "q3", "whislo", "whishi",
               "fliers"]


def _offer_distributions(spec, attrs: list, cats: list[list[str]]
                         ) -> tuple[list[pd.Series], list[dict]]:
    """The offer medians and box statistics of every attribute's groups, for a compressed
    campaign whose engine sums the offers: per attribute, the cells of the attribute's columns,
    ``targeted`` and ``offer_value`` (:meth:`ethicskit.compressed.Cells.of`), each weighing the
    people it stands for: the same distribution as the rows'."""
    from ethicskit.bias.distribution import Distribution

    medians, boxes = [], []
    extra = spec.sources_of(["targeted", "offer_value"])
    for attr, expected in zip(attrs, cats):
        frame = spec.of(spec.sources_of([attr.column]) + extra)
        w = frame["weight"].to_numpy(dtype=np.int64)
        codes = G.codes_in(frame[attr.column], expected, attribute=attr.name)
        value = pd.to_numeric(frame["offer_value"], errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan)
        targeted = (frame["targeted"].fillna(False).astype(bool).to_numpy()
                    if "targeted" in frame.columns else np.ones(len(frame), dtype=bool))
        with_offer = targeted & np.isfinite(value) & (w > 0)
        offered = Distribution(value[with_offer], w[with_offer])
        groups = codes[with_offer]
        histograms = offered.histograms(groups)
        medians.append(offered.medians(groups, histograms=histograms))
        for code, stats in offered.boxes(groups, histograms=histograms).items():
            boxes.append({"attribute": attr.name, "group": expected[code], **stats})
    return medians, boxes
