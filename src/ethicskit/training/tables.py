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


def _dates(s: pd.Series):
    """UTC calendar dates as ``datetime64[D]`` (NaT stays NaT)."""
    s = pd.to_datetime(s, utc=True)
    return s.dt.tz_localize(None).to_numpy(dtype="datetime64[D]")


def _day(s: pd.Series) -> pd.Series:
    return s.dt.strftime("%Y-%m-%d").fillna("")


# ---------------------------------------------------------------- 01 consent
def consent_by_channel(campaign) -> Table:
    """People contacted per channel and per rule where they live (opt-in needed or not), by the
    state of that channel's opt-in (no totals)."""
    from ethicskit.training.scenarios.consent import OPT_IN

    df = campaign.df[campaign.targeted]
    rows = []
    channels = [c for c in CHANNEL_ORDER if c in set(df["channel"].dropna())]
    channels += sorted(set(df["channel"].dropna()) - set(channels))
    for channel in channels:
        part = df[df["channel"] == channel]
        column = CONSENT_OF.get(channel)
        need = part["country"].astype(str).map(lambda c: (c, channel) in OPT_IN)
        for needed in (True, False):
            group = part[need == needed]
            if group.empty:
                continue
            where = ", ".join(sorted(set(group["country"].astype(str))))
            if column is None or not needed:
                basis = "no" if column is None else "no: opt-out"
                state = (group[column] if column in group.columns and column else None)
                rows.append({"channel": channel, "countries": where, "needs an opt-in": basis,
                             "people contacted": len(group),
                             "opt-in ticked": "—" if state is None else int((state == True).sum()),  # noqa: E712
                             "opt-in not ticked": "—" if state is None else int((state == False).sum()),  # noqa: E712
                             "opt-in left empty": "—" if state is None else int(state.isna().sum())})
                continue
            state = group[column] if column in group.columns else pd.Series(pd.NA, index=group.index)
            rows.append({"channel": channel, "countries": where,
                         "needs an opt-in": f"yes ({column})", "people contacted": len(group),
                         "opt-in ticked": int((state == True).sum()),  # noqa: E712 - nullable
                         "opt-in not ticked": int((state == False).sum()),  # noqa: E712
                         "opt-in left empty": int(state.isna().sum())})
    return Table(pd.DataFrame(rows), "People contacted in the campaign, by channel, by whether "
                                     "that channel needs an opt-in in their country, and by the "
                                     "state of the opt-in.")


def optouts_contacted(campaign) -> Table:
    """Everyone who opted out and was contacted: country, both dates and, for US rows (whose
    grace is 10 business days), the business days (Monday to Friday) from the opt-out to a later
    contact, by customer id."""
    import numpy as np

    df = campaign.df
    both = df[df["optout_ts"].notna() & df["contact_ts"].notna()].sort_values("customer_id")
    opt = _dates(both["optout_ts"])
    contact = _dates(both["contact_ts"])
    # business days matter only where the grace is counted in them (the US)
    later = (contact > opt) & (both["country"].astype(str) == "US").to_numpy()
    business = np.where(later, np.busday_count(opt + 1, contact + 1), 0) if len(both) else []
    return Table(pd.DataFrame({"customer": both["customer_id"], "country": both["country"],
                               "contacted on": _day(both["contact_ts"]),
                               "opted out on": _day(both["optout_ts"]),
                               "US: business days from opt-out to contact": [
                                   str(int(b)) if lt else "" for b, lt in zip(business, later)]}),
                 "People who opted out and were contacted in the campaign.")


def open_erasures(campaign) -> Table:
    """Open erasure requests: country, date, age in whole days at the campaign's as_of, and
    whether the deadline was extended (the person told within the first deadline)."""
    df = campaign.df
    open_ = df[df["erasure_request_ts"].notna()].sort_values("customer_id")
    as_of = pd.Timestamp(campaign.as_of, tz="UTC")
    age = (as_of - open_["erasure_request_ts"]).dt.days
    if "erasure_extended" in open_.columns:
        extended = open_["erasure_extended"].map(lambda v: "yes" if v is True else "no")
    else:
        extended = pd.Series("no", index=open_.index)
    return Table(pd.DataFrame({"customer": open_["customer_id"], "country": open_["country"],
                               "erasure asked on": _day(open_["erasure_request_ts"]),
                               "days since the request": age.astype(int),
                               "deadline extended, person told": extended}),
                 f"Erasure requests still open on {campaign.as_of.isoformat()} (the record is "
                 f"still here).")


def worked_case(campaign) -> Table:
    """The rows of a small worked case: country, channel, opt-in, dates and the business days
    from an opt-out to a later contact."""
    import numpy as np

    df = campaign.df.sort_values("customer_id")
    opt = _dates(df["optout_ts"])
    contact = _dates(df["contact_ts"])
    later = df["optout_ts"].notna().to_numpy() & (contact > opt)
    days = [str(int(np.busday_count(o + 1, c + 1))) if lt else ""
            for o, c, lt in zip(opt, contact, later)]
    optin = df["consent_email"].map(lambda v: "yes" if v is True else "no")
    return Table(pd.DataFrame({"customer": df["customer_id"], "country": df["country"],
                               "channel": df["channel"], "email opt-in": optin,
                               "emailed on": _day(df["contact_ts"]),
                               "opted out on": _day(df["optout_ts"]),
                               "business days from opt-out to email": days}),
                 "Four customers emailed on the same day.")


def rule_pack(countries=("FR", "US"), parameters=("consent.email", "optout_grace", "erasure")
              ) -> Table:
    """The default rule pack's values for ``parameters`` as a person in each of ``countries``
    follows them (what ``ethicskit rules --country XX`` prints), with their references."""
    from ethicskit.jurisdictions import describe
    from ethicskit.rulepack import load

    pack = load(None)
    rows = []
    for country in countries:
        for row in describe(pack, country=country):
            if row["parameter"] in parameters and row["jurisdiction"] == pack.find(country):
                key = row["jurisdiction"]
                root = pack.root(key)
                rows.append({"a person in": country,
                             "follows": key if root == key else f"{root} ({key})",
                             "rule": row["parameter"], "value": row["value"],
                             "legal reference": row["ref"]})
    return Table(pd.DataFrame(rows), "The default rule pack, as ethicskit applies it "
                                     "(ethicskit rules --country XX prints all of it).")


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


# ---------------------------------------------------------------- 05 cookies and dark patterns
def tracking_by_country(campaign) -> Table:
    """Targeted people per place (Europe or US), channel and state of their tracking yes (no
    totals, no verdict)."""
    from ethicskit.training.scenarios.cookies import EUROPE

    df = campaign.df.loc[campaign.targeted]
    place = df["country"].astype(str).map(lambda c: "EU or UK" if c in EUROPE else c)
    state = df["tracking_consent"].map(
        lambda v: "left empty" if pd.isna(v) else ("yes" if bool(v) else "no"))
    table = (pd.crosstab([place.rename("where"), df["channel"].astype(str).rename("channel")],
                         state.rename("tracking consent"))
             .reindex(columns=["yes", "no", "left empty"], fill_value=0).reset_index())
    table.columns.name = None
    return Table(table.rename(columns={"yes": "tracking: yes", "no": "tracking: no",
                                       "left empty": "tracking: left empty"}),
                 "People targeted, by where they are, the channel that reached them and their "
                 "answer to the tracking question of the consent banner.")


def tc_strings(campaign) -> Table:
    """Each person's TC string, decoded: version, purposes with consent, purposes resting on
    legitimate interest, and whether the campaign's vendor has consent."""
    from ethicskit.privacy.tcf import decode

    vendor = campaign.config.tcf_vendor_id
    rows = []
    for cid, tc in zip(campaign.df["customer_id"], campaign.df["tc_string"]):
        s = None if pd.isna(tc) else str(tc)
        d = decode(s) if s else None
        if s is None:
            rows.append({"customer": cid, "TC string": "(none)", "readable as TCF v2": "",
                         "purposes with consent": "", "purposes on legitimate interest": "",
                         f"vendor {vendor} has consent": ""})
            continue

        def listing(ids):
            return ", ".join(str(i) for i in sorted(ids)) or "(none)"

        rows.append({"customer": cid, "TC string": s[:18] + "...",
                     "readable as TCF v2": "yes" if d else "no",
                     "purposes with consent": listing(d.purposes_consent) if d else "",
                     "purposes on legitimate interest":
                         listing(d.purposes_li_transparency) if d else "",
                     f"vendor {vendor} has consent": ("yes" if d.vendor(vendor) else "no")
                     if d else ""})
    return Table(pd.DataFrame(rows), "The TC string sent with each ad request, decoded.")


# ---------------------------------------------------------------- 06 ad platforms
def signals_by_state(campaign) -> Table:
    """Targeted people who sent a Global Privacy Control signal, per state and how they were
    reached (platform channel, uploaded to a platform, or neither)."""
    df = campaign.df.loc[campaign.targeted & campaign.df["gpc"].astype(bool)]
    how = [("on a platform" if ch in ("display", "social") else f"by {ch}")
           + (", uploaded" if bool(sh) else ", not uploaded")
           for ch, sh in zip(df["channel"].astype(str), df["shared_with_platform"])]
    table = pd.crosstab(df["region"].astype(str).rename("state"),
                        pd.Series(how, index=df.index, name="reached")).reset_index()
    table.columns.name = None
    return Table(table, "People targeted whose browser sent a Global Privacy Control signal, by "
                        "state and by how they were reached.")
