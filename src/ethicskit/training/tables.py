"""The tables trainees read to answer the exercises, prepared from a scenario's campaign.

Each table shows the material of an exercise and never its answer: counts per channel rather
than their total, rates rather than ratios, sizes per card rather than a verdict. Tables show
customer ids only, never a direct identifier, and render the same on every run (no random ids).
"""

from __future__ import annotations

import pandas as pd

from ethicskit.training.scenarios.base import wilson

CHANNEL_ORDER = ["email", "sms", "phone", "display", "post"]
CONSENT_OF = {"email": "consent_email", "sms": "consent_sms", "phone": "consent_phone",
              "display": "consent_personalization", "social": "consent_personalization",
              "push": "consent_personalization"}


class Table:
    """A DataFrame shown without its index, identically in HTML and as text."""

    def __init__(self, frame: pd.DataFrame, caption: str = "") -> None:
        self.frame = frame.reset_index(drop=True)
        self.caption = caption

    def _repr_html_(self) -> str:
        cap = f"<p><em>{_esc(self.caption)}</em></p>" if self.caption else ""
        return cap + self.frame.to_html(index=False, na_rep="", classes="ek-table", border=0)

    def __repr__(self) -> str:
        text = self.frame.to_string(index=False, na_rep="")
        return f"{self.caption}\n{text}" if self.caption else text

    def __len__(self) -> int:
        return len(self.frame)


def _esc(text: str) -> str:
    import html

    return html.escape(text)


def _day(s: pd.Series) -> pd.Series:
    return s.dt.strftime("%Y-%m-%d").fillna("")


# ---------------------------------------------------------------- 01 consent
def consent_by_channel(campaign) -> Table:
    """People contacted per channel, by the state of that channel's opt-in (no totals)."""
    df = campaign.df[campaign.targeted]
    rows = []
    channels = [c for c in CHANNEL_ORDER if c in set(df["channel"].dropna())]
    channels += sorted(set(df["channel"].dropna()) - set(channels))
    for channel in channels:
        part = df[df["channel"] == channel]
        column = CONSENT_OF.get(channel)
        if column is None:
            rows.append({"channel": channel, "needs an opt-in": "no", "people contacted": len(part),
                         "opt-in ticked": "—", "opt-in not ticked": "—", "opt-in left empty": "—"})
            continue
        state = part[column] if column in part.columns else pd.Series(pd.NA, index=part.index)
        rows.append({"channel": channel, "needs an opt-in": f"yes ({column})",
                     "people contacted": len(part),
                     "opt-in ticked": int((state == True).sum()),  # noqa: E712 - nullable
                     "opt-in not ticked": int((state == False).sum()),  # noqa: E712
                     "opt-in left empty": int(state.isna().sum())})
    return Table(pd.DataFrame(rows), "People contacted in the campaign, by channel and the state "
                                     "of the opt-in that channel needs.")


def optouts_contacted(campaign) -> Table:
    """Everyone who opted out and was contacted: both dates, by customer id."""
    df = campaign.df
    both = df[df["optout_ts"].notna() & df["contact_ts"].notna()].sort_values("customer_id")
    return Table(pd.DataFrame({"customer": both["customer_id"], "contacted on": _day(both["contact_ts"]),
                               "opted out on": _day(both["optout_ts"])}),
                 "People who opted out and were contacted in the campaign.")


def open_erasures(campaign) -> Table:
    """Open erasure requests: country, date and age in whole days at the campaign's as_of."""
    df = campaign.df
    open_ = df[df["erasure_request_ts"].notna()].sort_values("customer_id")
    as_of = pd.Timestamp(campaign.as_of, tz="UTC")
    age = (as_of - open_["erasure_request_ts"]).dt.days
    return Table(pd.DataFrame({"customer": open_["customer_id"], "country": open_["country"],
                               "erasure asked on": _day(open_["erasure_request_ts"]),
                               "days since the request": age.astype(int)}),
                 f"Erasure requests still open on {campaign.as_of.isoformat()} (the record is "
                 f"still here).")


# ---------------------------------------------------------------- 02 bias
def _groups(campaign, keys: list[str]) -> pd.DataFrame:
    df = campaign.df.assign(_sel=campaign.is_true(campaign.decision or "targeted"))
    g = df.groupby(keys, sort=True)["_sel"].agg(["size", "sum"]).reset_index()
    return g.rename(columns={"size": "people", "sum": "selected"})


def selected_by(campaign, attribute: str) -> Table:
    """People and people selected, per group of ``attribute`` (no rates)."""
    g = _groups(campaign, [attribute])
    return Table(g.rename(columns={attribute: attribute.replace("_", " ")}),
                 f"Who was selected, by {attribute.replace('_', ' ')}.")


def rates_with_intervals(campaign, attribute: str, *, min_group_n: int = 30) -> Table:
    """Selection rate per group with its Wilson 95% interval, and whether it is judged."""
    g = _groups(campaign, [attribute])
    bounds = [wilson(int(s), int(n)) for s, n in zip(g["selected"], g["people"])]
    out = pd.DataFrame({attribute.replace("_", " "): g[attribute], "people": g["people"],
                        "selected": g["selected"],
                        "rate": (g["selected"] / g["people"]).map("{:.3f}".format),
                        "95% interval": [f"{lo:.3f} to {hi:.3f}" for lo, hi in bounds],
                        "large enough to judge": ["yes" if n >= min_group_n else "no"
                                                  for n in g["people"]]})
    return Table(out, f"Selection rate by {attribute.replace('_', ' ')}, with the range the true "
                      f"rate probably lies in (Wilson 95% interval).")


def intersections(campaign, first: str = "gender", second: str = "age_band",
                  *, min_group_n: int = 30) -> Table:
    """People, selected and rate for every pair of groups of two attributes."""
    g = _groups(campaign, [first, second])
    g["rate"] = (g["selected"] / g["people"]).map("{:.3f}".format)
    g["large enough to judge"] = ["yes" if n >= min_group_n else "no" for n in g["people"]]
    return Table(g.rename(columns={first: first.replace("_", " "),
                                   second: second.replace("_", " ")}),
                 f"Selection by {first.replace('_', ' ')} and {second.replace('_', ' ')} "
                 f"together.")


# ---------------------------------------------------------------- 03 helpful or creepy
def audience_cards(campaign) -> Table:
    """One row per audience segment: card letter, product, criteria, inferred traits, size."""
    cards = campaign.tables.get("cards", {})
    df = campaign.df[campaign.targeted]
    g = df.groupby("segment", sort=False).agg(
        product=("product_category", "first"), criteria=("targeting_criteria", "first"),
        inferred=("inferred_segments", "first"), people=("customer_id", "size")).reset_index()
    g.insert(0, "card", g["segment"].map(cards).fillna("?"))
    g = g.sort_values("card")
    return Table(g.rename(columns={"criteria": "targeting criteria",
                                   "inferred": "traits a model inferred",
                                   "people": "people targeted"}),
                 "The campaign's audience cards.")


def contacts_table(campaign) -> Table:
    """How many people were contacted how many times (people contacted at least once)."""
    counts = campaign.df["contact_count"].dropna().astype(int)
    dist = counts[counts > 0].value_counts().sort_index()
    return Table(pd.DataFrame({"contacts in the campaign": dist.index, "people": dist.values}),
                 "How often people were contacted.")


# ---------------------------------------------------------------- 04 transparency
def inventory_view(campaign) -> Table:
    """The data inventory as declared, one row per column (missing fields marked)."""
    rows = []
    for name, e in campaign.inventory.columns.items():
        def get(field, fmt=str):
            value = e.get(field)
            return "(missing)" if value is None else fmt(value)

        rows.append({"column": name, "category": get("category"), "purpose": get("purpose"),
                     "legal basis": get("legal_basis").replace("_", " "),
                     "kept (days)": get("retention_days"),
                     "used by the model": get("in_model", lambda v: "yes" if v else "no"),
                     "audit only": "yes" if e.get("use") == "audit_only" else "",
                     "reason": get("reason")})
    return Table(pd.DataFrame(rows), "The data inventory: what the organisation declares.")


def data_columns(campaign) -> Table:
    """The columns the campaign's data holds, in the data's own order."""
    return Table(pd.DataFrame({"columns in the data": list(campaign.dataset_columns)}),
                 "What the campaign data actually holds.")


def criteria_keys(campaign) -> Table:
    """Targeted people per targeting-criterion key (the part before ':')."""
    tokens = campaign.tokens("targeting_criteria")
    tokens = tokens[campaign.targeted.loc[tokens.index].to_numpy()]
    keys = tokens.str.split(":", n=1).str[0].str.strip()
    per = keys.groupby(level=0).unique().explode().value_counts().sort_index()
    return Table(pd.DataFrame({"criterion key": per.index, "people selected with it": per.values}),
                 "The keys of the targeting criteria used to select people.")
