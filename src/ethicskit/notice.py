"""The customer notice and the internal data sheet, built from the inventory, the config's
``controller:`` block and the findings of the same run.

The notice tells a customer, in plain words, what GDPR Art. 13 and 14 require: who the controller
is and how to reach it and its DPO; the purposes with their legal basis and the legitimate
interests relied on; the recipients; transfers outside the EEA with their safeguard; how long each
kind of data is kept; the rights (objection to direct marketing apart, Art. 21(4)); the right to
complain to a named supervisory authority; whether data must be provided; the logic and effect of
automated decisions; and, for data not obtained from the person, its categories and source. What
it could not fill is listed (:data:`ITEMS`), and it states nothing that a failing finding of the
run disproves (:data:`CLAIMS`): such a notice is marked DRAFT at the top. The data sheet tells the
organisation what it declared against what the data holds. Neither contains a value from the
data; the controller's own contact details come from the config.

The pure builders (:func:`notice_content`, :func:`sheet_rows`, :func:`render_files`) take what
the transparency reduction holds; :func:`datasheet_rows` reads a campaign;
:func:`ethicskit.transparency.disclosure.build_notice` and ``write_notice_files`` build the notice
from a campaign through the transparency reduction.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from markupsafe import Markup

from ethicskit.masking import safe_label
from ethicskit.paths import template_env

BASIS_WORDS = {
    "consent": "your consent (GDPR Art. 6(1)(a)); you can withdraw it at any time",
    "contract": "it is needed for our contract with you (GDPR Art. 6(1)(b))",
    "legitimate_interest": "our legitimate interests (GDPR Art. 6(1)(f)), described below; you "
                           "can object at any time",
    "legal_obligation": "a legal obligation we must meet (GDPR Art. 6(1)(c))",
    "vital_interests": "protecting someone's vital interests (GDPR Art. 6(1)(d))",
    "public_task": "a task carried out in the public interest (GDPR Art. 6(1)(e))",
}
SOURCE_WORDS = {"provided": "you gave it to us", "observed": "we saw it when you used our "
                "services", "inferred": "we worked it out from other data"}
#: What a customer is told a category of data is (GDPR Art. 14(1)(d): the categories).
CATEGORY_WORDS = {"identifier": "identifiers", "contact": "contact details",
                  "demographic": "information about you such as your age group",
                  "behavioural": "how you use our services", "inferred": "what we infer about you",
                  "special_category": "sensitive information", "consent": "records of your choices",
                  "model_output": "results of our models"}
#: Why special-category data is held, per inventory ``art9_condition`` (GDPR Art. 9(2)).
ART9_WORDS = {
    "explicit_consent": "with your explicit consent",
    "bias_monitoring": "only to check that our decisions treat groups of people fairly",
    "legal_obligation": "because the law requires it",
    "employment_social_security": "to meet our obligations in employment and social security law",
    "vital_interests": "to protect someone's vital interests",
    "made_public": "because you made it public yourself",
    "legal_claims": "to establish, exercise or defend legal claims",
    "substantial_public_interest": "for reasons of substantial public interest set in law",
    "health_care": "for health or social care",
    "public_health": "for reasons of public health",
    "archiving_research": "for archiving, research or statistics, with safeguards",
    "not_for_profit_body": "as a not-for-profit body, about our members",
}
#: The run files of the notice, in the order they are written.
FILES = ("notice.md", "notice.html", "datasheet.html")

#: The GDPR Art. 13/14 items of ``details.missing_fields``, in the order the notice gives them.
ITEMS = ("controller_identity", "controller_contact", "dpo_contact", "purposes_legal_basis",
         "legitimate_interests", "recipients", "transfers", "retention", "right_access",
         "right_rectification", "right_erasure", "right_restriction", "right_portability",
         "right_objection", "right_withdraw_consent", "right_complain",
         "automated_decision_logic")
#: What each item of :data:`ITEMS` is, in the words of the DRAFT note.
ITEM_WORDS = {
    "controller_identity": "who the controller is",
    "controller_contact": "how to contact the controller",
    "dpo_contact": "how to contact the data protection officer",
    "purposes_legal_basis": "the purpose and legal basis of every kind of data",
    "legitimate_interests": "the legitimate interests relied on",
    "recipients": "who receives the data", "transfers": "transfers outside the EEA",
    "retention": "how long every kind of data is kept",
    "right_access": "the right of access", "right_rectification": "the right to rectification",
    "right_erasure": "the right to erasure", "right_restriction": "the right to restriction",
    "right_portability": "the right to data portability",
    "right_objection": "the right to object",
    "right_withdraw_consent": "the right to withdraw consent",
    "right_complain": "the supervisory authority a customer can complain to",
    "automated_decision_logic": "the logic of the automated decisions",
}
assert set(ITEM_WORDS) == set(ITEMS)

# ---------------------------------------------------------------- statements a finding can disprove
#: The statements the notice makes that a failing finding of the same run disproves, with the
#: checks that can disprove each. Plain sentences (no Markdown or HTML metacharacter), so that a
#: test can look for them in both files.
SENSITIVE_CONSENT = "We use sensitive information about you only with your explicit consent."
SENSITIVE_SELECTION = ("We never use sensitive information about you, such as your health, "
                       "religion, ethnic origin, sexual orientation or political opinions, to "
                       "select you for offers.")
OPTOUT = ("Once you object or opt out, we stop using your data for direct marketing and send you "
          "no more marketing messages.")
DEADLINE = ("We answer your request, including a request to erase your data, within one month "
            "of receiving it. Where needed, because a request is complex or we receive many, we "
            "can extend this by two further months; if we do, we tell you why within the first "
            "month.")
RETENTION = "We delete or anonymise each kind of data when the period stated for it ends."
COOKIES = ("We place or read advertising cookies, pixels and similar trackers on your device "
           "only with your consent, and we respect the choices you make about them.")
GPC = ("We treat a Global Privacy Control signal from your browser as your request to opt out of "
       "the sale or sharing of your data, including sharing for targeted advertising.")
EXCLUDED = "{label} is not used to choose offers"

#: claim -> (statement, the checks that can disprove it, stated when unknown). A claim whose
#: checks did not run in this run is *unchecked*; the online-advertising claims are made only
#: when their check judged the data (they say nothing about a campaign without such data).
CLAIMS = {
    "sensitive_consent": (SENSITIVE_CONSENT, ("privacy.special_category_data",), True),
    "sensitive_selection": (SENSITIVE_SELECTION, ("targeting.sensitive_interests",
                                                  "transparency.excluded_data_used"), True),
    "optout": (OPTOUT, ("privacy.contact_after_optout",), True),
    "deadline": (DEADLINE, ("privacy.erasure_overdue",), True),
    "retention": (RETENTION, ("privacy.retention_exceeded",), True),
    "cookies": (COOKIES, ("privacy.tracking_consent", "privacy.tcf_consent"), False),
    "gpc": (GPC, ("privacy.optout_signal_ignored",), False),
}
#: What the notice's "how we check for bias" section says each bias check compares.
BIAS_WORDS = {
    "bias.selection_rate": "how often people in each group are selected",
    "bias.error_rate_parity": "how often the model is wrong about people in each group",
    "bias.intersectional": "the same for combinations of groups, such as older women",
    "bias.offer_value_disparity": "the size of the offers each group receives",
    "bias.representation": "whether each group is represented as it is in the population",
    "bias.delivery_skew": "whether the people reached match the people who could have been",
    "bias.proxy_features": "whether the data the model uses stands in for these characteristics",
}
#: The statuses of a finding that judged the data without disproving a claim.
_JUDGED = ("pass", "warn", "info")


#: What the notice calls a logical column (docs/data.md) whose inventory entry gives no
#: ``display_name``: plain words a customer understands, never the column's technical name.
PLAIN_NAMES = {
    "customer_id": "customer number", "email": "email address",
    "phone": "phone number", "full_name": "name",
    "street_address": "postal address", "ip_address": "internet address of your device",
    "birth_date": "date of birth", "age": "age", "age_band": "age group",
    "gender": "gender", "ethnicity": "ethnic origin",
    "marital_status": "marital status", "has_children": "whether you have children",
    "disability": "information about a disability", "postcode": "postcode",
    "country": "country", "region": "state or province",
    "consent_email": "consent to marketing emails",
    "consent_sms": "consent to marketing text messages",
    "consent_phone": "consent to marketing calls",
    "consent_personalization": "consent to personalised offers",
    "consent_ts": "when you gave your consent",
    "explicit_consent_sensitive": "explicit consent to our use of sensitive information",
    "parental_consent": "a parent's consent", "optout_ts": "when you opted out",
    "erasure_request_ts": "when you asked us to erase your data",
    "erasure_extended": "whether we extended the time to answer your request to erase data",
    "collected_ts": "when we collected your data",
    "targeted": "whether we chose you for this campaign", "contact_ts": "when we contacted you",
    "channel": "how we contacted you", "segment": "the customer group we placed you in",
    "targeting_criteria": "the criteria that selected you",
    "inferred_segments": "interests and traits we inferred about you",
    "product_category": "the kind of product offered to you",
    "offer_value": "the size of your offer", "contact_count": "how often we contacted you",
    "vulnerability_flags": "signs that you may need extra support",
    "score": "the score our model gave you", "prediction": "what our model predicted for you",
    "outcome": "whether you took up the offer",
    "automated_decision": "whether a computer made the decision about you",
    "human_review": "whether a person reviewed that decision",
    "existing_customer": "whether you are already our customer",
    "soft_optin_offered": "whether you could refuse marketing when you gave us your details",
    "business_contact": "whether you are a business contact",
    "do_not_call": "do-not-call choice",
    "tracking_consent": "consent to advertising cookies and trackers",
    "tc_string": "recorded cookie choices",
    "gpc": "Global Privacy Control signal of your browser",
    "sale_optout": "opt-out from the sale or sharing of your data",
    "shared_with_platform": "whether your data was shared with an advertising platform",
    "weight": "how many people a record stands for",
    "selected_count": "how many people a record selected",
}


def plain_words(name: str) -> str:
    """A column's name as words: its :data:`PLAIN_NAMES` entry, else the name without
    underscores and technical endings (``_ts`` reads "date and time", ``_id`` "number"),
    masked if it looks like an identifier."""
    name = str(name)
    if name in PLAIN_NAMES:
        return PLAIN_NAMES[name]
    text = safe_label(name)
    text = re.sub(r"(?i)[_ .-]ts$", " date and time", text)
    text = re.sub(r"(?i)[_ .-]id$", " number", text)
    return re.sub(r"\s+", " ", text.replace("_", " ").replace(".", " ")).strip()


def _label(name: str, entry: dict) -> str:
    """What the customer notice calls a column: its ``display_name``, else plain words for a
    logical column (:data:`PLAIN_NAMES`), else its description, else a readable form of its
    name (:func:`plain_words`)."""
    if isinstance(entry.get("display_name"), str) and entry["display_name"].strip():
        return entry["display_name"].strip()
    if str(name) in PLAIN_NAMES:
        return PLAIN_NAMES[str(name)]
    if isinstance(entry.get("description"), str) and entry["description"].strip():
        return entry["description"].strip()
    return plain_words(name)


def _own(words: str) -> Markup:
    """The notice's own fixed words (:data:`BASIS_WORDS` and the like, never a value from the
    inventory or the config), kept as written in both formats: they hold no Markdown or HTML
    metacharacter that would need escaping, so "GDPR Art. 6(1)(a)" is not written
    "GDPR Art. 6\\(1\\)\\(a\\)" in the Markdown."""
    assert not re.search(r"[<>&\\`*_\[\]#|]", words), words
    return Markup(words)


def _retention(days) -> str:
    if not isinstance(days, int) or isinstance(days, bool):
        return "not stated"
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years > 1 else ''}"
    if days >= 60:
        return f"about {round(days / 30)} months"
    return f"{days} day{'' if days == 1 else 's'}"


def _status(found) -> str | None:
    """The status of a finding given as a Finding, a dict or a status; None when absent."""
    if found is None:
        return None
    if isinstance(found, str):
        return found
    if isinstance(found, dict):
        return found.get("status")
    return getattr(found, "status", None)


def _statuses(findings) -> dict[str, str]:
    """check id -> status, from a mapping by id or a list of findings (None: none known)."""
    if not findings:
        return {}
    if isinstance(findings, dict) or hasattr(findings, "items"):
        return {str(k): _status(v) for k, v in findings.items()}
    out = {}
    for f in findings:
        cid = f.get("check_id") if isinstance(f, dict) else getattr(f, "check_id", None)
        if cid:
            out[cid] = _status(f)
    return out


def _text(controller: dict, key: str) -> str | None:
    value = (controller or {}).get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _group(pairs) -> list[dict]:
    """``[(key, label)]`` -> ``[{key, labels}]`` in order of first appearance."""
    out: dict = {}
    for key, label in pairs:
        labels = out.setdefault(key, [])
        if label not in labels:
            labels.append(label)
    return [{"key": k, "labels": v} for k, v in out.items()]


def notice_content(inventory, *, campaign: str, as_of: str, automated: bool,
                   controller: dict | None = None, findings=None,
                   excluded_used: Iterable[str] | None = None,
                   bias_attributes: Sequence[str] = ()) -> dict:
    """The notice's content, every item of GDPR Art. 13 and 14 the inventory and the config's
    ``controller:`` block can fill, and what it could not say.

    A declared column is *used* when ``in_model: true`` and it is not excluded
    (:meth:`~ethicskit.inventory.Inventory.excluded`); *sensitive* when its category is
    ``special_category``. ``automated`` tells whether any row was decided automatically.
    ``findings`` (check id -> finding or status, or a list of findings; None when none is known)
    are those of the run computed before the notice; ``excluded_used`` names the declared
    columns that ``transparency.excluded_data_used`` finds used (None: not known);
    ``bias_attributes`` are the protected attributes the bias checks compare (for the section
    on how bias is checked, given when at least one bias check of :data:`BIAS_WORDS` judged the
    data).

    The content holds ``missing_fields`` (the items of :data:`ITEMS` it could not fill),
    ``contradictions`` (``{statement, check_id}`` for each statement of :data:`CLAIMS`, or that
    an excluded column is not used, that a failing finding disproves: the notice leaves it out),
    ``unchecked`` (statements made whose checks did not run) and ``draft`` (any of the three).
    """
    controller = dict(controller or {})
    statuses = _statuses(findings)
    excluded_names = inventory.excluded()
    used_cols = None if excluded_used is None else set(excluded_used)
    columns = inventory.columns
    used, excluded, sensitive, items = [], [], [], {}
    for name, entry in columns.items():
        item = {"column": name, "label": _label(name, entry),
                "purpose": entry.get("purpose") or "not stated",
                "basis": _own(BASIS_WORDS.get(entry.get("legal_basis"), "not stated")),
                "source": _own(SOURCE_WORDS.get(entry.get("source"), "not stated")),
                "retention": _own(_retention(entry.get("retention_days"))),
                "reason": entry.get("reason") or "not stated",
                "category": _own(CATEGORY_WORDS.get(entry.get("category"), "not stated")),
                "art9": entry.get("art9_condition"),
                "art9_words": _own(ART9_WORDS.get(entry.get("art9_condition"),
                                                  "under a condition of GDPR Art. 9(2)"))}
        items[name] = item
        if name in excluded_names:
            excluded.append(item)
        elif entry.get("in_model") is True:
            used.append(item)
        if entry.get("category") == "special_category":
            sensitive.append(item)

    contradictions: list[dict] = []
    unchecked: list[dict] = []

    def judge(key: str, checks, *, stated_unknown: bool = True, disproved=None) -> bool:
        """Whether the notice makes the claim ``key``; records contradictions and unknowns.
        ``disproved`` overrides, per check id, whether its finding disproves the claim."""
        statement = CLAIMS[key][0] if key in CLAIMS else key
        disproved = disproved or {}
        against = [c for c in checks
                   if (disproved[c] if c in disproved else statuses.get(c) == "fail")]
        if against:
            contradictions.extend({"statement": statement, "check_id": c} for c in against)
            return False
        unknown = [c for c in checks if c not in disproved
                   and statuses.get(c) not in _JUDGED + ("not_evaluated",)]
        if not stated_unknown:
            return any(statuses.get(c) in _JUDGED for c in checks)
        unchecked.extend({"statement": statement, "check_id": c} for c in unknown)
        return True

    # excluded columns: "X is not used" unless transparency.excluded_data_used names it
    for item in excluded:
        statement = EXCLUDED.format(label=item["label"])
        if used_cols is None:
            unchecked.append({"statement": statement,
                              "check_id": "transparency.excluded_data_used"})
            item["stated"] = True
        elif item["column"] in used_cols:
            contradictions.append({"statement": statement,
                                   "check_id": "transparency.excluded_data_used"})
            item["stated"] = False
        else:
            item["stated"] = True

    claims = {}
    consent_sensitive = [s for s in sensitive if s["art9"] in (None, "explicit_consent")]
    claims["sensitive_consent"] = bool(consent_sensitive) and judge(
        "sensitive_consent", CLAIMS["sensitive_consent"][1])
    sensitive_used = None if used_cols is None else bool(
        used_cols & {s["column"] for s in sensitive})
    claims["sensitive_selection"] = judge(
        "sensitive_selection", CLAIMS["sensitive_selection"][1],
        disproved={} if sensitive_used is None else {
            "transparency.excluded_data_used": sensitive_used})
    for key in ("optout", "deadline", "retention", "cookies", "gpc"):
        claims[key] = judge(key, CLAIMS[key][1], stated_unknown=CLAIMS[key][2])
    statements = {key: (CLAIMS[key][0] if made else None) for key, made in claims.items()}

    # ---- the Art. 13/14 items
    purposes = _group(((items[n]["purpose"], items[n]["basis"]), items[n]["label"])
                      for n, e in columns.items())
    purposes = [{"purpose": g["key"][0], "basis": g["key"][1], "labels": g["labels"]}
                for g in purposes]
    relies_li = any(e.get("legal_basis") == "legitimate_interest" for e in columns.values())
    recipients_declared = any(e.get("recipients") is not None for e in columns.values())
    transfers_declared = any(e.get("transfers") is not None for e in columns.values())
    recipients = [{"recipient": g["key"], "labels": g["labels"]} for g in _group(
        (str(r).strip(), items[n]["label"]) for n, e in columns.items()
        for r in (e.get("recipients") or []))]
    transfers = [{"country": g["key"][0], "safeguard": g["key"][1], "labels": g["labels"]}
                 for g in _group(((str(t["country"]).strip().upper(),
                                   str(t["safeguard"]).strip()), items[n]["label"])
                                 for n, e in columns.items() for t in (e.get("transfers") or []))]
    not_from_you = [items[n] for n, e in columns.items()
                    if e.get("source") in ("observed", "inferred")]
    logic = [u for u in used if u["reason"] != "not stated"]
    filled = {
        "controller_identity": _text(controller, "name") is not None,
        "controller_contact": bool(_text(controller, "contact") or _text(controller, "address")),
        "dpo_contact": _text(controller, "dpo_contact") is not None,
        "purposes_legal_basis": bool(columns) and all(
            e.get("purpose") and e.get("legal_basis") in BASIS_WORDS for e in columns.values()),
        "legitimate_interests": not relies_li or _text(controller,
                                                       "legitimate_interests") is not None,
        "recipients": recipients_declared,
        "transfers": transfers_declared,
        "retention": bool(columns) and all(
            isinstance(e.get("retention_days"), int) and not isinstance(e["retention_days"], bool)
            for e in columns.values()),
        # the rights are the notice's own text, always given
        "right_access": True, "right_rectification": True, "right_erasure": True,
        "right_restriction": True, "right_portability": True, "right_objection": True,
        "right_withdraw_consent": True,
        "right_complain": _text(controller, "supervisory_authority") is not None,
        "automated_decision_logic": not automated or bool(logic),
    }
    missing = [item for item in ITEMS if not filled[item]]
    bias_checks = [words for cid, words in BIAS_WORDS.items()
                   if statuses.get(cid) in _JUDGED + ("fail",)]
    # what this run found, check by check: a gap (fail or warn) or none (pass); a statement
    # of "no gap" is made only for a check that passed in this same run
    bias = ({"attributes": [_label(a, columns.get(a, {})) for a in bias_attributes],
             "checks": bias_checks,
             "found": [w for cid, w in BIAS_WORDS.items()
                       if statuses.get(cid) in ("fail", "warn")],
             "passed": [w for cid, w in BIAS_WORDS.items() if statuses.get(cid) == "pass"]}
            if bias_checks and bias_attributes else None)
    return {"campaign": campaign, "as_of": as_of, "used": used, "excluded": excluded,
            "sensitive": sensitive, "sensitive_consent": consent_sensitive,
            "sensitive_other": [s for s in sensitive if s not in consent_sensitive],
            "automated": bool(automated), "logic": logic,
            "controller": {k: _text(controller, k) for k in (
                "name", "address", "contact", "dpo_contact", "representative",
                "supervisory_authority", "supervisory_authority_contact",
                "legitimate_interests", "data_required", "website")},
            "purposes": purposes, "relies_li": relies_li,
            "recipients": recipients, "recipients_declared": recipients_declared,
            "transfers": transfers, "transfers_declared": transfers_declared,
            "retention": [{"label": items[n]["label"], "retention": items[n]["retention"]}
                          for n in columns],
            "not_from_you": not_from_you, "statements": statements, "bias": bias,
            "missing_fields": missing, "missing_words": [ITEM_WORDS[m] for m in missing],
            "contradictions": contradictions,
            "unchecked": unchecked,
            "draft": bool(missing or contradictions or unchecked)}


_MD_SPECIAL = re.compile(r"([\\`*_\[\]()!#|~])")
_MD_LEADING = re.compile(r"^(\s*)(?:([-+])|(\d+)\.)", re.MULTILINE)
#: ``&`` only where it would start a character reference (``&amp;``, ``&#39;``)
_MD_AMP = re.compile(r"&(?=#?\w+;)")


def md_escape(value) -> Markup:
    """Text from the inventory or the config as Markdown that adds nothing: no link, image,
    emphasis, heading, table, list or HTML. The metacharacters ``\\ ` * _ [ ] ( ) ! # | ~`` and
    a leading ``-``/``+``/``1.`` (as ``1\\.``) are backslash-escaped; ``<`` and ``>`` become
    ``&lt;`` and ``&gt;`` (a Markdown renderer passes inline HTML through), and ``&`` becomes
    ``&amp;`` only where it would start a character reference. Apostrophes and quotes are kept
    as they are: Markdown needs no entity for them ("the customer's stores"). A
    :class:`~markupsafe.Markup`, so that the template engine does not escape it again."""
    text = _MD_SPECIAL.sub(r"\\\1", str(value))
    text = _MD_LEADING.sub(lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2)
                                                    else m.group(3) + "\\."), text)
    text = _MD_AMP.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return Markup(text)


def _md_content(value):
    """``value`` (the notice's content) with every text Markdown-escaped (:func:`md_escape`),
    except the notice's own words (:class:`~markupsafe.Markup`, see :func:`_own`)."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, dict):
        return {k: _md_content(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_md_content(v) for v in value]
    if isinstance(value, str):
        return md_escape(value)
    return value


#: The report the notice and the data sheet link back to (both sit beside it in a run folder).
REPORT_LINK = "index.html"
#: A finding's status as the data sheet says it.
STATUS_WORDS = {"fail": "FAIL", "error": "ERROR", "warn": "WARN",
                "not_evaluated": "NOT EVALUATED", "pass": "PASS", "info": "INFO"}


def _yes_no(value, unknown: str = "not declared") -> str:
    """``yes``/``no`` for a declared flag, ``unknown`` when it is not declared."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return unknown if value in (None, "") else str(value)


@lru_cache(maxsize=1)
def _env():
    """The template environment with the filters the notice and the data sheet use: ``num``
    (:func:`ethicskit.numbers.fmt_number`: ``5,000``) and ``yesno``.

    Made once per process (a module-level cache of a function without arguments): Jinja then
    compiles each template once, not at every run (~0.2 s each); an edited template file is
    still seen, as Jinja checks its modification time."""
    from ethicskit.numbers import fmt_number

    env = template_env()
    env.filters["num"] = fmt_number
    env.filters["yesno"] = _yes_no
    return env


def render_notice(content: dict) -> tuple[str, str]:
    """The notice as (Markdown, HTML). The HTML is escaped by the template engine."""
    env = _env()
    html = env.get_template("notice.html.j2").render(report=REPORT_LINK, **content)
    # Every text put into the Markdown is Markdown-escaped and HTML-escaped (:func:`md_escape`):
    # a hostile purpose, reason, description or campaign name adds no link, image or HTML
    # wherever the notice is rendered.
    md = env.get_template("notice.md.j2").render(report=REPORT_LINK, **_md_content(content))
    return str(md), str(html)


def _sheet_row(column: str, logical: str, declared: bool, entry: dict, non_null,
               label: str = "") -> dict:
    return {"column": column, "logical": logical, "declared": declared, "label": label,
            "category": entry.get("category", ""), "purpose": entry.get("purpose", ""),
            "legal_basis": entry.get("legal_basis", ""),
            "retention_days": entry.get("retention_days", ""),
            "in_model": entry.get("in_model", ""), "use": entry.get("use", ""),
            "non_null": non_null, "display_name": entry.get("display_name", ""),
            "art9_condition": entry.get("art9_condition", ""),
            "recipients": _listed(entry.get("recipients"), str),
            "transfers": _listed(entry.get("transfers"),
                                 lambda t: f"{t.get('country')}: {t.get('safeguard')}")}


def _listed(values, word) -> str:
    """A declared list for the data sheet: "" when not declared, "none" when empty."""
    if values is None:
        return ""
    return "; ".join(word(v) for v in values) or "none"


def sheet_rows(inventory, observed: Iterable[tuple[str, str, int]]) -> list[dict]:
    """Declared against observed, one row per dataset or declared column (no data values).

    ``observed`` holds ``(dataset column, frame column, non-null rows)`` per dataset column, in
    the dataset's order. A dataset column is declared under its own name, else its frame
    (logical) name; declared columns the data lacks follow, with ``non_null`` None.
    """
    rows, seen = [], set()
    for column, frame, non_null in observed:
        hit = inventory.entry_for(column, frame)
        if hit:
            seen.add(hit[0])
        rows.append(_sheet_row(safe_label(column), frame if frame != column else "", bool(hit),
                               hit[1] if hit else {}, int(non_null),
                               _label(hit[0], hit[1]) if hit else ""))
    for name, entry in inventory.columns.items():
        if name not in seen and not any(r["logical"] == name for r in rows):
            rows.append(_sheet_row(name, "", True, entry, None, _label(name, entry)))
    return rows


def observed_columns(campaign) -> list[tuple[str, str, int]]:
    """``(dataset column, frame column, non-null rows)`` per dataset column (0 rows when the
    frame has no such column), of a campaign of rows (a compressed campaign's counts are its
    engine's: :func:`ethicskit.transparency.cells.observed`)."""
    out = []
    for column in campaign.dataset_columns:
        frame = campaign.frame_column(column)
        s = campaign.df[frame] if frame in campaign.df.columns else None
        out.append((column, frame, int(s.notna().sum()) if s is not None else 0))
    return out


def datasheet_rows(campaign, inventory) -> list[dict]:
    """Declared against observed for a campaign (:func:`sheet_rows`)."""
    return sheet_rows(inventory, observed_columns(campaign))


def render_datasheet(*, campaign: str, as_of: str, rows: int, columns: Sequence[dict],
                     findings: Sequence[dict]) -> str:
    """The internal data sheet as HTML: the area's findings, then ``columns``
    (:func:`sheet_rows`)."""
    columns = list(columns)
    return _env().get_template("datasheet.html.j2").render(
        campaign=campaign, as_of=as_of, rows=rows, columns=columns, findings=list(findings),
        has_logical=any(c.get("logical") for c in columns), labels=STATUS_WORDS,
        report=REPORT_LINK)


def render_files(content: dict, *, rows: int, columns: Sequence[dict],
                 findings: Sequence[dict]) -> dict[str, str]:
    """``notice.md``, ``notice.html`` and ``datasheet.html`` as text, from the notice's
    ``content`` (:func:`notice_content`), the sheet's ``columns`` and the transparency
    findings (as dicts)."""
    md, html = render_notice(content)
    sheet = render_datasheet(campaign=content["campaign"], as_of=content["as_of"], rows=rows,
                             columns=columns, findings=findings)
    return dict(zip(FILES, (md, html, sheet)))
