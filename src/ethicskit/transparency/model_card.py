"""The model card (Mitchell et al. 2019) of a run, built only from its findings, config and
inventory.

:func:`card_content` is called once by the transparency reduction
(:func:`ethicskit.transparency.reduce`) with the findings computed before the area; it copies
every number from the bias findings as they are written to ``summary.json`` (``to_dict``), so
that each number of the card is one of the findings' numbers (a group's ratio, the lowest ratio
of an attribute, a count of groups outside a band). :func:`evaluation_rows` is the card's
evaluation table (one row per protected attribute, or pair, and bias check), also shown at the
end of the bias notebook. :func:`model_card` is the metric of ``transparency.model_card``: the
model features without a declared ``reason``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Mapping

import pandas as pd
from markupsafe import Markup

from ethicskit.bias.stats import EPS, outside
from ethicskit.check import Measure
from ethicskit.masking import safe_label
from ethicskit.notice import BIAS_WORDS, md_escape
from ethicskit.numbers import fmt_number
from ethicskit.transparency.stored import record_text
from ethicskit.paths import template_env
from ethicskit.transparency.declared import NO_INVENTORY

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.transparency.reduction import TransparencyReduction

#: The run files of the card.
FILES = ("model_card.md", "model_card.html")
#: The bias checks the card reports, in the catalogue's order.
BIAS_CHECKS = ("bias.selection_rate", "bias.error_rate_parity", "bias.intersectional",
               "bias.offer_value_disparity", "bias.representation", "bias.delivery_skew",
               "bias.proxy_features", "bias.mitigation_preview")
#: What each check's per-attribute value is (the definition of the finding's ``value``).
MEASURED = {
    "bias.selection_rate": ("lowest selection-rate ratio", "highest selection-rate ratio"),
    "bias.error_rate_parity": ("largest absolute eod",) * 2,
    "bias.intersectional": ("lowest selection-rate ratio", "highest selection-rate ratio"),
    "bias.offer_value_disparity": ("largest absolute smd",) * 2,
    "bias.representation": ("lowest share ratio",) * 2,
    "bias.delivery_skew": ("total variation distance",) * 2,
    "bias.proxy_features": ("largest Cramér's V",) * 2,
}
#: The evaluation table's columns.
EVALUATION_COLUMNS = ["attribute", "check_id", "measure", "threshold", "value", "judged",
                      "outside", "result", "status"]
#: Numbers in the card are shown to this many decimal places.
DECIMALS = 4
OPPORTUNITY = ("credit", "housing", "employment")


# ---------------------------------------------------------------- findings as plain dicts
def _as_dicts(findings) -> dict[str, dict]:
    """check id -> the finding as a JSON dict (as ``summary.json`` holds it)."""
    if not findings:
        return {}
    values = findings.values() if isinstance(findings, Mapping) else findings
    out = {}
    for f in values:
        d = f if isinstance(f, dict) else f.to_dict()
        if d.get("check_id"):
            out[d["check_id"]] = d
    return out


def _g(x) -> str:
    return "n/a" if x is None else "%g" % x


def _threshold_text(check_id: str, threshold: Mapping | None, details: Mapping) -> str:
    t = dict(threshold or {})
    n = details.get("min_group_n")
    at_least = f"; groups of at least {n}" if n is not None else ""
    if check_id in ("bias.selection_rate", "bias.intersectional", "bias.representation"):
        band = f"ratio within {_g(t.get('ratio_min'))} to {_g(t.get('ratio_max'))}"
        return band + ("" if check_id == "bias.representation" else at_least)
    if check_id == "bias.error_rate_parity":
        return f"abs(eod) and abs(aod) at most {_g(t.get('odds_max'))}{at_least}"
    if check_id == "bias.offer_value_disparity":
        return f"abs(smd) below {_g(t.get('smd_max'))}{at_least and at_least + ' offers'}"
    if check_id == "bias.delivery_skew":
        return f"tvd at most {_g(t.get('tvd_max'))}"
    if check_id == "bias.proxy_features":
        return f"V below {_g(t.get('proxy_v'))}"
    return "none (information)"


def _ordered(rows: Iterable[dict], key: str = "attribute") -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(str(r[key]), []).append(r)
    return out


def _attribute_rows(check_id: str, f: dict) -> list[dict]:
    """The evaluation rows of one judged bias finding: one per attribute (or pair)."""
    d, t = f.get("details") or {}, dict(f.get("threshold") or {})
    favourable = d.get("decision_favourable", True) is not False
    measure = MEASURED[check_id][0 if favourable else 1]
    rows = []
    needed = {"bias.selection_rate": ("ratio_min", "ratio_max"),
              "bias.intersectional": ("ratio_min", "ratio_max"),
              "bias.error_rate_parity": ("odds_max",), "bias.offer_value_disparity": ("smd_max",),
              "bias.representation": (), "bias.delivery_skew": ("tvd_max",),
              "bias.proxy_features": ("proxy_v",)}[check_id]
    if any(t.get(k) is None for k in needed):  # a finding without its thresholds: no table
        return rows

    def row(attribute, value, judged, n_out):
        rows.append({"attribute": attribute, "check_id": check_id, "measure": measure,
                     "threshold": _threshold_text(check_id, t, d), "value": value,
                     "judged": judged, "outside": n_out,
                     "result": "outside" if n_out else "within", "status": f["status"]})

    if check_id in ("bias.selection_rate", "bias.intersectional"):
        for attribute, groups in _ordered(d.get("groups") or []).items():
            ratios = [g["ratio"] for g in groups if g["evaluated"] and g["ratio"] is not None]
            if not ratios:
                continue
            n_out = sum(1 for g in groups if g["evaluated"]
                        and outside(g["ratio"], t["ratio_min"], t["ratio_max"]))
            row(attribute, min(ratios) if favourable else max(ratios), len(ratios), n_out)
    elif check_id == "bias.error_rate_parity":
        odds = t["odds_max"]
        for attribute, groups in _ordered(d.get("groups") or []).items():
            eods = [abs(g["eod"]) for g in groups if g["evaluated"] and g["eod"] is not None]
            if not eods:
                continue
            n_out = sum(1 for g in groups if g["evaluated"] and not g["reference"] and any(
                g[k] is not None and abs(g[k]) > odds + EPS for k in ("eod", "aod")))
            row(attribute, max(eods), len(eods), n_out)
    elif check_id == "bias.offer_value_disparity":
        smd_max = t["smd_max"]
        for attribute, groups in _ordered(d.get("groups") or []).items():
            smds = [abs(g["smd"]) for g in groups if g["evaluated"] and g["smd"] is not None]
            if not smds:
                continue
            n_out = sum(1 for g in groups if g["evaluated"] and not g["reference"]
                        and g["smd"] is not None and abs(g["smd"]) >= smd_max - EPS)
            row(attribute, max(smds), len(smds), n_out)
    elif check_id == "bias.representation":
        for attribute, groups in _ordered(d.get("groups") or []).items():
            row(attribute, min(g["ratio"] for g in groups), len(groups),
                sum(1 for g in groups if g["outside"]))
    elif check_id == "bias.delivery_skew":
        for a in d.get("attributes") or []:
            row(a["attribute"], a["tvd"], len(a["groups"]), int(a["tvd"] > t["tvd_max"]))
    elif check_id == "bias.proxy_features":
        proxy_v = t["proxy_v"]
        for attribute, pairs in _ordered(d.get("pairs") or []).items():
            vs = [p["cramers_v"] for p in pairs if p["cramers_v"] is not None]
            if not vs:
                continue
            row(attribute, max(vs), len(vs),
                sum(1 for v in vs if v >= proxy_v - EPS))
    return rows


def evaluation_rows(findings) -> list[dict]:
    """The card's evaluation table: per bias check (catalogue order) and protected attribute
    (or pair, for ``bias.intersectional``), the value the check measures for that attribute
    (the same definition as the finding's ``value``, on that attribute's groups), its
    threshold, the groups (pairs, for proxies) judged and outside the threshold. A check that
    did not judge the data has one row, attribute ``(none)``, ``result`` not evaluated or
    error. ``bias.mitigation_preview`` (information) has no row."""
    by_id = _as_dicts(findings)
    rows: list[dict] = []
    for check_id in BIAS_CHECKS[:-1]:
        f = by_id.get(check_id)
        if f is None:
            continue
        if f["status"] in ("not_evaluated", "error"):
            rows.append({"attribute": "(none)", "check_id": check_id,
                         "measure": MEASURED[check_id][0], "threshold": _threshold_text(
                             check_id, f.get("threshold"), f.get("details") or {}),
                         "value": None, "judged": 0, "outside": 0,
                         "result": f["status"].replace("_", " "), "status": f["status"]})
            continue
        rows.extend(_attribute_rows(check_id, f))
    return rows


def evaluation_table(findings) -> pd.DataFrame:
    """:func:`evaluation_rows` as a table (the last section of the bias notebook)."""
    return pd.DataFrame(evaluation_rows(findings), columns=EVALUATION_COLUMNS)


# ---------------------------------------------------------------- the card's content
_GROUP_KEYS = {
    "bias.selection_rate": ("n", "selected", "rate", "ci_low", "ci_high", "ratio", "spd"),
    "bias.error_rate_parity": ("n", "tpr", "fpr", "fnr", "ppv", "eod", "aod"),
    "bias.intersectional": ("n", "selected", "rate", "ratio", "spd"),
    "bias.offer_value_disparity": ("n", "mean", "median", "smd", "mean_ratio"),
    "bias.representation": ("n", "share", "population_share", "ratio"),
}


def _group_tables(by_id: dict[str, dict]) -> list[dict]:
    """Per bias check with ``details.groups``: the evaluated groups per attribute (the small
    ones are listed apart), with the keys of :data:`_GROUP_KEYS`."""
    out = []
    for check_id, keys in _GROUP_KEYS.items():
        f = by_id.get(check_id)
        if f is None or f["status"] in ("not_evaluated", "error"):
            continue
        groups = (f.get("details") or {}).get("groups") or []
        judged = [g for g in groups if g.get("evaluated", True)]
        if judged:
            out.append({"check_id": check_id, "title": f.get("title") or check_id,
                        "columns": list(keys), "reference": check_id != "bias.representation",
                        "attributes": [{"attribute": a, "groups": gs}
                                       for a, gs in _ordered(judged).items()]})
        if check_id == "bias.representation":  # the delivered audience follows it
            f = by_id.get("bias.delivery_skew")
            attributes = ((f.get("details") or {}).get("attributes") or []
                          if f is not None and f["status"] not in ("not_evaluated", "error")
                          else [])
            if attributes:
                out.append({"check_id": "bias.delivery_skew",
                            "title": f.get("title") or "bias.delivery_skew",
                            "columns": ["n", "delivered_share", "eligible_share"],
                            "reference": False,
                            "attributes": [{"attribute": a["attribute"], "groups": a["groups"]}
                                           for a in attributes]})
    return out


def _small_groups(by_id: dict[str, dict]) -> list[dict]:
    out = []
    for check_id in ("bias.selection_rate", "bias.error_rate_parity", "bias.intersectional",
                     "bias.offer_value_disparity"):
        f = by_id.get(check_id)
        if f is None or f["status"] in ("not_evaluated", "error"):
            continue
        d = f.get("details") or {}
        for g in d.get("groups") or []:
            if g.get("evaluated") is False:
                out.append({"check_id": check_id, "attribute": g["attribute"],
                            "group": g["group"], "n": g["n"],
                            "min_group_n": d.get("min_group_n")})
    return out


def _proxies(by_id: dict[str, dict]) -> tuple[list[dict], float | None]:
    f = by_id.get("bias.proxy_features")
    if f is None or f["status"] in ("not_evaluated", "error"):
        return [], None
    proxy_v = (f.get("threshold") or {}).get("proxy_v")
    if proxy_v is None:
        return [], None
    pairs = [p for p in (f.get("details") or {}).get("pairs") or []
             if p.get("cramers_v") is not None and p["cramers_v"] >= proxy_v - EPS]
    return [{"feature": p["feature"], "attribute": p["attribute"],
             "cramers_v": p["cramers_v"], "cramers_v_corrected": p.get("cramers_v_corrected")}
            for p in pairs], proxy_v


def _features(campaign, inventory) -> tuple[str, list[dict]]:
    """(source, [{name, declared, purpose, reason}]) of the model features: the config's
    ``model_features`` as named there, else the unmapped columns the bias and transparency
    checks count as features (names from the data are masked)."""
    config = campaign.config
    out = []
    if config.model_features is not None:
        source, names = "model_features", [(n, campaign.resolve(n)) for n in config.model_features]
    else:
        source = "default"
        names = [(campaign.display_name(c), c) for c in campaign.model_features]
    for name, frame in names:
        aliases = [name] + ([frame, campaign.display_name(frame)] if frame else [])
        hit = inventory.entry_for(*aliases)
        entry = hit[1] if hit else {}
        reason = entry.get("reason")
        reason = reason.strip() if isinstance(reason, str) and reason.strip() else None
        purpose = entry.get("purpose")
        purpose = purpose.strip() if isinstance(purpose, str) and purpose.strip() else None
        out.append({"name": safe_label(str(name)), "declared": hit is not None,
                    "purpose": purpose, "reason": reason,
                    "in_data": frame is not None})
    return source, out


def card_content(campaign, inventory, findings, *, excluded_used: Iterable[str] = (),
                 attributes: Iterable[str] = ()) -> dict:
    """The model card's content, from the config, the inventory and the ``findings`` computed
    before the transparency area (check id -> Finding; None when none is known).

    Holds the decision audited and its domain (from the bias findings'
    ``details.decision_domain``, ``decision_domain_from``, ``decision_favourable``), the model
    features with their declared purpose and reason, the excluded data with its reason (and
    where ``transparency.excluded_data_used`` finds it used: ``excluded_used``), the bias
    checks with their threshold, value and status, the evaluation table
    (:func:`evaluation_rows`), the groups per check, the groups too small to judge, the
    proxies (pairs with V >= ``proxy_v``) and the limits. ``missing``: the model features
    without a declared ``reason``. ``attributes``: the protected attributes the data holds.
    """
    by_id = {k: v for k, v in _as_dicts(findings).items() if k in BIAS_CHECKS}
    config = campaign.config
    source, features = _features(campaign, inventory)
    used = set(excluded_used)
    excluded = []
    for name, why in inventory.excluded().items():
        entry = inventory.columns[name]
        reason = entry.get("reason")
        excluded.append({"name": name, "declared": why,
                         "reason": reason if isinstance(reason, str) and reason.strip()
                         else None, "used": name in used})
    any_f = next(iter(by_id.values()), None)
    d = (any_f or {}).get("details") or {}
    domain = None
    if "decision_domain" in d:
        domain = {"name": d["decision_domain"], "source": d.get("decision_domain_from"),
                  "favourable": d.get("decision_favourable", True) is not False,
                  "opportunity": d["decision_domain"] in OPPORTUNITY}
    checks = []
    for check_id in BIAS_CHECKS:
        f = by_id.get(check_id)
        if f is None:
            continue
        det = f.get("details") or {}
        checks.append({"check_id": check_id, "title": f.get("title") or check_id,
                       "compares": BIAS_WORDS.get(check_id, "what reweighing would change"),
                       "threshold": _threshold_text(check_id, f.get("threshold"), det),
                       "value": f.get("value"), "affected_rows": f.get("affected_rows"),
                       "status": f["status"], "judged": f["status"] not in (
                           "not_evaluated", "error"),
                       "message": f.get("message") or ""})
    proxies, proxy_v = _proxies(by_id)
    attributes = [safe_label(str(a)) for a in attributes]
    configured = config.protected_attributes
    absent = [safe_label(str(a)) for a in (configured or []) if a not in attributes]
    sel = by_id.get("bias.selection_rate") or {}
    references = [r for r in (sel.get("details") or {}).get("references") or []
                  if r.get("group") is not None]
    return {
        "campaign": config.name, "as_of": campaign.as_of.isoformat(),
        "decision": safe_label(str(config.decision)), "domain": domain,
        "prediction": (by_id.get("bias.error_rate_parity") or {}).get(
            "details", {}).get("prediction"),
        "features_from": source, "features": features,
        "missing": [f["name"] for f in features if f["reason"] is None],
        "excluded": excluded, "attributes": attributes, "absent": absent,
        "references": references, "checks": checks, "bias_run": bool(checks),
        "evaluation": evaluation_rows(by_id), "groups": _group_tables(by_id),
        "small": _small_groups(by_id), "proxies": proxies, "proxy_v": proxy_v,
        "not_judged": [c for c in checks if not c["judged"]],
        "decimals": DECIMALS,
    }


# ---------------------------------------------------------------- the metric and the files
def model_card(r: "TransparencyReduction") -> Measure:
    """Model features without a declared reason in the inventory; the model card (Mitchell et
    al. 2019) is written as ``model_card.md`` and ``model_card.html`` (the area's files).

    ``value`` = the number of ``details.missing``: the model features (config
    ``model_features``, else the unmapped columns) without a declared ``reason`` in the inventory (a feature the inventory
    does not declare has none). Fact ``problems`` = their number. Rule: Model Cards (Mitchell
    et al. 2019); warns when a feature's reason is missing, else info.
    """
    if r.inventory is None or r.model_card is None:
        return Measure.not_evaluated(NO_INVENTORY, missing=["inventory"])
    c = r.model_card
    missing = list(c["missing"])
    judged = [k["check_id"] for k in c["checks"] if k["judged"]]
    return Measure(value=len(missing), details={
        "missing": missing, "files": list(FILES), "features": len(c["features"]),
        "excluded": len(c["excluded"]), "attributes": list(c["attributes"]),
        "bias_checks": {k["check_id"]: k["status"] for k in c["checks"]},
        "proxies": len(c["proxies"]), "small_groups": len(c["small"])},
        facts={"missing": missing, "problems": len(missing), "n_features": len(c["features"]),
               "n_excluded": len(c["excluded"]), "n_attributes": len(c["attributes"]),
               "judged": len(judged), "bias_run": c["bias_run"],
               "decision": c["decision"],
               "domain": (c["domain"] or {}).get("name")})


def _num(x, decimals: int = DECIMALS) -> str:
    """A number of the card: ``n/a`` for none, an integer with thousand separators, else
    ``decimals`` places, never a negative zero (:func:`ethicskit.numbers.fmt_number`)."""
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return fmt_number(x)
    return fmt_number(x, digits=decimals)


def _count(x) -> str:
    """A count of people (a sum of weights may have decimals)."""
    if isinstance(x, float) and x.is_integer():
        return fmt_number(int(x))
    return _num(x)


#: Keys whose text the card's own code writes (check ids, statuses, thresholds): shown as is.
_OWN = frozenset({"check_id", "status", "result", "measure", "threshold", "columns", "source",
                  "declared", "features_from"})


def _md(value, key: str | None = None):
    """``value`` with every text Markdown-escaped (:func:`ethicskit.notice.md_escape`), except
    the card's own words (:data:`_OWN`)."""
    if isinstance(value, dict):
        return {k: _md(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_md(v, key) for v in value]
    if isinstance(value, str):
        return Markup(value) if key in _OWN else md_escape(value)
    return value


@lru_cache(maxsize=1)
def _env():
    """The template environment of the card, with its filters ``num``, ``count`` and ``g``.

    Made once per process (a module-level cache of a function without arguments): Jinja then
    compiles each template once, not at every run; an edited template file is still seen, as
    Jinja checks its modification time."""
    env = template_env()
    env.filters["num"] = _num
    env.filters["count"] = _count
    env.filters["g"] = _g
    return env


def render_model_card(content: dict) -> tuple[str, str]:
    """The card as (Markdown, HTML): the HTML escaped by the template engine, every text of
    the Markdown escaped by :func:`ethicskit.notice.md_escape` (as the notice)."""
    env = _env()
    html = env.get_template("model_card.html.j2").render(**content)
    md = env.get_template("model_card.md.j2").render(**_md(content))
    return str(md), str(html)


def card_files(r: "TransparencyReduction") -> dict[str, str]:
    """``model_card.md`` and ``model_card.html``; {} without an inventory."""
    if r.inventory is None or r.model_card is None:
        return {}
    return dict(zip(FILES, render_model_card(r.model_card)))


def model_card_from_record(record, record_dir: str = "") -> str:
    """The model card of a record as Markdown, ``""`` when the run wrote none (a computed
    record holds it in ``record.files``; a stored one in its run folder)."""
    return record_text(record, "model_card.md", record_dir)
