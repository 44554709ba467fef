"""The decision domain of the bias checks, and whether the audited decision is favourable.

Status of the bias checks (docs/checks.md, bias): a comparison check that finds a gap is ``fail``
when the decision domain is ``credit``, ``housing`` or ``employment``, where disparate impact is
unlawful (ECOA / Reg B 12 CFR 1002.6(a); the Fair Housing Act, *Texas Dept. of Housing v.
Inclusive Communities Project*, 576 U.S. 519 (2015); Title VII 42 U.S.C. 2000e-2(k)), and
``warn`` in any other domain, where the gap is a norm to review. The four-fifths rule itself
(29 CFR 1607.4(D)) is a screen, not a legal threshold.

The domain is the config's ``decision_domain``; without one, the single ``product_category``
that every targeted row shares, when it is one of the words ``credit``, ``housing``,
``employment`` or ``insurance`` (exactly those: ``high_cost_credit`` is not ``credit``); any
other single category, a mix of categories, a targeted row without a category, no targeted row
or no ``product_category`` column give ``general``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: domains where disparate impact is unlawful: a gap found there is ``fail``
OPPORTUNITY = ("credit", "housing", "employment")
#: the product categories that name a domain of their own when every targeted row shares one
DOMAIN_WORDS = ("credit", "housing", "employment", "insurance")
GENERAL = "general"

#: where the domain came from (``details.decision_domain_from``)
FROM_CONFIG = "config"
FROM_PRODUCT = "product_category"
FROM_DEFAULT = "default"

#: the law behind a gap in each opportunity domain, as the messages cite it
LAW = {"credit": "ECOA / Reg B, 12 CFR 1002.6(a)",
       "housing": "the Fair Housing Act; Inclusive Communities, 576 U.S. 519 (2015)",
       "employment": "Title VII, 42 U.S.C. 2000e-2(k)"}


@dataclass(frozen=True)
class Domain:
    """The decision audited: its domain, where the domain came from, whether it is favourable."""

    name: str = GENERAL
    source: str = FROM_DEFAULT
    favourable: bool = True
    categories: tuple[str, ...] = ()  # the targeted rows' product categories (derived domain)

    @property
    def opportunity(self) -> bool:
        """Disparate impact is unlawful in this domain (a gap is ``fail``)."""
        return self.name in OPPORTUNITY

    def details(self) -> dict:
        """The keys every bias finding carries."""
        return {"decision_domain": self.name, "decision_domain_from": self.source,
                "decision_favourable": self.favourable}

    def facts(self) -> dict:
        """The fields the bias messages use."""
        return {"opportunity": self.opportunity, "decision_domain": self.name,
                "domain_from": self.source, "favourable": self.favourable,
                "domain_law": LAW.get(self.name, ""),
                "domain_categories": list(self.categories)}


def derived(campaign) -> tuple[str, str, tuple[str, ...]]:
    """``(domain, source, categories)`` from the targeted rows' ``product_category``."""
    if "product_category" not in campaign.df.columns:
        return GENERAL, FROM_DEFAULT, ()
    targeted = campaign.targeted.to_numpy(dtype=bool)
    if not targeted.any():
        return GENERAL, FROM_DEFAULT, ()
    codes, uniques = campaign.codes("product_category")
    # the codes of the targeted rows, sorted, -1 (no category) first: counted, not sorted
    present = np.flatnonzero(np.bincount(np.asarray(codes, dtype=np.int64)[targeted] + 1)) - 1
    categories = tuple(sorted(str(uniques[c]) for c in present if c >= 0))
    if (present < 0).any():
        categories += ("(missing)",)
    if len(present) == 1 and present[0] >= 0:
        value = str(uniques[present[0]]).strip().lower()
        if value in DOMAIN_WORDS:
            return value, FROM_PRODUCT, categories
    return GENERAL, FROM_DEFAULT, categories


def domain_of(campaign) -> Domain:
    """The decision domain of ``campaign`` (see the module docstring)."""
    favourable = bool(campaign.config.decision_favourable)
    configured = campaign.config.decision_domain
    if configured:
        return Domain(str(configured).strip().lower(), FROM_CONFIG, favourable)
    name, source, categories = derived(campaign)
    return Domain(name, source, favourable, categories)
