"""What the transparency checks, tables and files read: the inventory and the data's shape.

:func:`reduce` reads the campaign once: the inventory (``campaign.inventory``, called once), the
dataset's column names with their frame (logical) names and non-null counts, the frame column
and the aliases of every declared name, the model features, the keys of the
``targeting_criteria`` tokens per distinct value with the rows of each value, and whether any
row was decided automatically. No value of the data is kept.

A compressed campaign (:mod:`ethicskit.compressed`) gives the same reduction without its rows:
the counts, the criteria values and the automated decisions are asked of its engine
(:mod:`ethicskit.transparency.cells`), everything else is read from its typed campaign of no
rows, which holds every dataset column (names, mapping, config, inventory).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

import numpy as np

from ethicskit.inventory import Inventory
from ethicskit.notice import notice_content, observed_columns
from ethicskit.transparency.criteria import criteria_of


@dataclass(frozen=True)
class TransparencyReduction:
    """Everything the transparency area needs, built once by :func:`reduce`.

    Attributes
    ----------
    inventory
        The declared inventory, or None when the config names none.
    campaign, as_of, rows
        The campaign's name, its reference date (ISO) and its number of rows.
    observed
        ``(dataset column, frame column, non-null rows)`` per dataset column, in order.
    frames
        Declared name -> its frame column (:meth:`Campaign.resolve`), None when absent.
    aliases
        Declared name -> the lower-case names a targeting key may use for it: the declared
        name, and the frame and dataset names of its column when present.
    features
        Frame columns counted as model features (config ``model_features``, else every
        unmapped column); ``default_features`` is True when the config lists none.
    criteria_keys
        Per distinct ``targeting_criteria`` value, the keys of its tokens (the part before the
        first ``:``, trimmed); None when the data has no such column.
    criteria_rows
        Rows holding each distinct ``targeting_criteria`` value (same order).
    notice
        The notice's content (:func:`ethicskit.notice.notice_content`), None without inventory.
    model_card
        The model card's content (:func:`ethicskit.transparency.model_card.card_content`,
        from the findings given to :func:`reduce`), None without inventory.
    """

    inventory: Inventory | None
    campaign: str
    as_of: str
    rows: int
    observed: tuple[tuple[str, str, int], ...] = ()
    frames: Mapping[str, str | None] = field(default_factory=dict)
    aliases: Mapping[str, frozenset[str]] = field(default_factory=dict)
    features: frozenset = frozenset()
    default_features: bool = True
    criteria_keys: tuple[frozenset[str], ...] | None = None
    criteria_rows: np.ndarray | None = None
    notice: dict | None = None
    model_card: dict | None = None

    @property
    def dataset_columns(self) -> list[str]:
        return [column for column, _, _ in self.observed]


def reduce(campaign, findings: Mapping | None = None, *, inventory=None
           ) -> TransparencyReduction:
    """The transparency reduction of ``campaign`` (see :class:`TransparencyReduction`).

    ``findings`` are the findings computed before the area (privacy, bias, targeting; the
    registry passes them, the area declaring ``USES_FINDINGS``): the notice states nothing that
    a failing one disproves. None means none is known: every statement that depends on a
    finding is then unchecked and the notice is a draft. ``inventory`` replaces the campaign's.
    A compressed campaign's counts are its engine's (:mod:`ethicskit.transparency.cells`).
    """
    inventory = campaign.inventory if inventory is None else inventory
    base = dict(campaign=campaign.config.name, as_of=campaign.as_of.isoformat(),
                rows=campaign.rows)
    if inventory is None:
        return TransparencyReduction(inventory=None, **base)
    cells = campaign.cells
    if cells is not None:
        # a compressed campaign: its rows are read by the engine
        # (ethicskit.transparency.cells), its columns, mapping and config by the typed
        # campaign of no rows with every dataset column
        from ethicskit.transparency import cells as C

        observed = C.observed(cells)
        keys, rows = C.criteria(cells)
        automated = C.automated(cells)
        campaign = cells.schema
    frames, aliases = {}, {}
    for name in inventory.columns:
        frame = campaign.resolve(name)
        frames[name] = frame
        names = {name.lower()}
        if frame:
            names |= {frame.lower(), campaign.display_name(frame).lower()}
        aliases[name] = frozenset(names)
    if cells is None:
        observed = observed_columns(campaign)
        keys, rows = (criteria_of(campaign) if "targeting_criteria" in campaign.df.columns
                      else (None, None))
        automated = "automated_decision" in campaign.df.columns and bool(
            campaign.is_true("automated_decision").any())
    r = TransparencyReduction(
        inventory=inventory, **base, observed=tuple(observed),
        frames=frames, aliases=aliases, features=frozenset(campaign.model_features),
        default_features=campaign.config.model_features is None, criteria_keys=keys,
        criteria_rows=rows)
    # the notice is checked against transparency.excluded_data_used of this same reduction
    from ethicskit.transparency.excluded import excluded_data_used

    from ethicskit.transparency.model_card import card_content

    used = [u["column"] for u in excluded_data_used(r).details["columns"]]
    protected = _protected(campaign)
    return replace(r, notice=notice_content(
        inventory, campaign=base["campaign"], as_of=base["as_of"], automated=automated,
        controller=getattr(campaign.config, "controller", None), findings=findings,
        excluded_used=used, bias_attributes=protected),
        model_card=card_content(campaign, inventory, findings, excluded_used=used,
                                attributes=protected))


def _protected(campaign) -> list[str]:
    """The protected attributes the bias checks compare (the config's, else the defaults), as
    named in the config, that the data holds (``age_band`` also when it is derived from age)."""
    from ethicskit.config import DEFAULT_PROTECTED

    names = campaign.config.protected_attributes or DEFAULT_PROTECTED
    df = campaign.df.columns
    return [n for n in names if campaign.resolve(n) is not None
            or (n == "age_band" and ("age" in df or "birth_date" in df))]
