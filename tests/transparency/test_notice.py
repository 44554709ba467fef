"""The customer notice checked against GDPR Art. 13/14 and the findings of the same run.

Each case is a tiny campaign written here, with findings built by hand: the items the notice
could not fill, the statements a failing finding disproves (left out of both files, listed under
DRAFT), and the escaping of what the config and the inventory say.
"""

from __future__ import annotations


import pytest

from ethicskit import notice as nt
from ethicskit import registry
from ethicskit.executor import run_check
from ethicskit.findings import Finding
from ethicskit.transparency import checks, reduce

CONTROLLER = {"name": "Example Bank plc", "address": "1 Main St, London",
              "contact": "privacy@example.com", "dpo_contact": "dpo@example.com",
              "supervisory_authority": "ICO", "supervisory_authority_contact": "ico.org.uk",
              "legitimate_interests": "showing you offers that fit what you buy",
              "data_required": "You do not have to give us this data."}
FULL = {"category": "behavioural", "purpose": "choose offers", "legal_basis": "contract",
        "source": "provided", "retention_days": 365, "in_model": True, "reason": "relevant offers"}
#: every check a statement of the notice depends on
CLAIM_CHECKS = sorted({c for _, ids, _ in nt.CLAIMS.values() for c in ids
                       if not c.startswith("transparency.")})


def finding(check_id: str, status: str) -> Finding:
    return Finding(check_id=check_id, area=check_id.split(".")[0], title=check_id,
                   status=status, severity="high")


def passing(**override) -> dict:
    """Every claim check passing, with ``override`` (check id with ``__`` for ``.``)."""
    out = {c: finding(c, "pass") for c in CLAIM_CHECKS}
    for key, status in override.items():
        cid = key.replace("__", ".")
        out[cid] = finding(cid, status)
    return out


def complete_inventory(**extra) -> dict:
    return {"customer_id": dict(FULL, in_model=False, category="identifier", recipients=[],
                                transfers=[]),
            "spend": dict(FULL, display_name="How much you spend"), **extra}


def notice_of(campaign, findings):
    """(finding, notice.md, notice.html) of a campaign judged with ``findings``."""
    r = reduce(campaign, findings)
    f = run_check(registry.BY_ID["transparency.notice"], r, columns=campaign.df.columns)
    files = checks.files(r, {})
    return f, files["notice.md"], files["notice.html"]


def body(md: str) -> str:
    """The notice after its DRAFT box."""
    return md.split("# How we use your data", 1)[1]


FRAME = {"customer_id": ["a", "b", "c"], "spend": [1, 2, 3]}


# ---------------------------------------------------------------- missing items
def test_without_a_controller_block_the_missing_items_are_named(make_campaign):
    inventory = {"customer_id": dict(FULL, in_model=False),
                 "spend": dict(FULL, legal_basis="legitimate_interest")}
    f, md, html = notice_of(make_campaign(FRAME, inventory), passing())
    # by hand: no controller -> identity, contact, DPO, complaint authority; spend relies on
    # legitimate interests that nobody stated; no column declares recipients or transfers
    assert f.details["missing_fields"] == [
        "controller_identity", "controller_contact", "dpo_contact", "legitimate_interests",
        "recipients", "transfers", "right_complain"]
    assert f.details["contradictions"] == [] and f.details["unchecked"] == []
    assert f.status == "warn"
    assert f.message.startswith("The customer notice is a DRAFT: 7 GDPR Art. 13/14 items could "
                                "not be filled (who the controller is; how to contact the controller;")
    assert md.startswith("> **DRAFT: not ready to publish.**")
    assert "DRAFT: not ready to publish." in html.split("<h1>")[0]
    assert ("Missing GDPR Art. 13/14 items: who the controller is; how to contact the "
            "controller; how to contact the data protection officer;") in md
    assert "controller\\_identity" not in md  # plain words, not the item keys


def test_with_a_controller_block_only_the_inventory_gaps_remain(make_campaign):
    inventory = {"customer_id": dict(FULL, in_model=False, recipients=["post office"]),
                 "spend": {k: v for k, v in FULL.items() if k != "retention_days"}}
    campaign = make_campaign(FRAME, inventory, controller=CONTROLLER)
    f, md, _ = notice_of(campaign, passing())
    # by hand: recipients declared once, transfers nowhere, spend lacks retention_days
    assert f.details["missing_fields"] == ["transfers", "retention"]
    assert f.status == "warn"
    assert "Example Bank plc is responsible for your data" in md
    assert "Our supervisory authority is ICO (ico.org.uk)." in md
    assert "- post office: customer number." in md  # plain words for customer_id


def test_a_complete_notice_without_failing_findings_is_info_and_no_draft(make_campaign):
    campaign = make_campaign(FRAME, complete_inventory(), controller=CONTROLLER)
    f, md, html = notice_of(campaign, passing())
    assert f.details["missing_fields"] == [] and f.details["contradictions"] == []
    assert f.details["draft"] is False
    assert "DRAFT" not in md and "DRAFT" not in html
    assert f.status == "info"


def test_a_complete_notice_says_every_item(make_campaign):
    campaign = make_campaign(FRAME, complete_inventory(), controller=CONTROLLER)
    f, md, html = notice_of(campaign, passing())
    assert (f.details["missing_fields"], f.details["contradictions"],
            f.details["unchecked"], f.details["draft"]) == ([], [], [], False)
    assert f.status != "warn"
    for text in ("**Access**", "**Rectification**", "**Erasure**", "**Restriction**",
                 "**Portability**", "**Objection**", "**Withdrawing consent**",
                 "## Your right to object to direct marketing", "Our data protection officer: "
                 "dpo@example.com.", "Do you have to give us your data? You do not have to give "
                 "us this data.", "- We do not give this data to other organisations.",
                 "- We do not transfer this data outside the European Economic Area.",
                 "- How much you spend: 1 year."):
        assert text in md, text
    # Art. 12(3): one month, extendable by two further months, the person told in the first
    assert nt.DEADLINE in md and nt.DEADLINE in html
    assert "within one month" in nt.DEADLINE and "two further months" in nt.DEADLINE
    assert "at once" not in md  # no promise the data could disprove
    # the statements of a clean run are all made (the online ones: their checks judged)
    for statement in (nt.OPTOUT, nt.RETENTION, nt.SENSITIVE_SELECTION, nt.COOKIES, nt.GPC):
        assert statement in md and statement in html
    # objection to direct marketing stands apart from the other rights (Art. 21(4))
    assert md.index("## Your right to object to direct marketing") < md.index(
        "## Your other rights")


def test_recipients_and_transfers_are_listed_with_their_safeguard(make_campaign):
    transfers = [{"country": "us", "safeguard": "EU standard contractual clauses"},
                 {"country": "IN", "safeguard": "an adequacy decision"}]
    inventory = complete_inventory(spend=dict(FULL, recipients=["email service provider"],
                                              transfers=transfers))
    f, md, html = notice_of(make_campaign(FRAME, inventory, controller=CONTROLLER), passing())
    assert "recipients" not in f.details["missing_fields"]
    assert "transfers" not in f.details["missing_fields"]
    assert "- To US, protected by EU standard contractual clauses: spend." in md
    assert "- To IN, protected by an adequacy decision: spend." in md
    assert "<li>To US, protected by EU standard contractual clauses: spend.</li>" in html
    assert "- email service provider: spend." in md
    assert "We do not transfer" not in md


# ---------------------------------------------------------------- automated decisions
@pytest.mark.parametrize("automated, reason, missing", [
    ([True, False, None], "relevant offers", False),   # logic stated: spend and its reason
    ([True, False, None], None, True),                 # a model decides, nothing explains it
    ([False, False, None], None, False),               # no automated decision: not required
])
def test_automated_decisions_need_their_logic(make_campaign, automated, reason, missing):
    spend = dict(FULL, reason=reason) if reason else {
        k: v for k, v in FULL.items() if k != "reason"}
    frame = dict(FRAME, automated_decision=automated)
    inventory = complete_inventory(spend=spend, automated_decision=dict(FULL, in_model=False))
    f, md, _ = notice_of(make_campaign(frame, inventory, controller=CONTROLLER), passing())
    assert ("automated_decision_logic" in f.details["missing_fields"]) is missing
    assert f.status == ("warn" if missing else f.status)
    has_section = any(automated)
    assert ("## Decisions made by a computer" in md) is has_section
    if has_section and not missing:
        assert "- **spend**: relevant offers." in md


# ---------------------------------------------------------------- contradictions
SENSITIVE = {"health_note": dict(FULL, category="special_category", in_model=False,
                                 reason="care for customers")}
CASES = [
    # (failing check, the statement it disproves, inventory extra)
    ("privacy.special_category_data", nt.SENSITIVE_CONSENT, SENSITIVE),
    ("targeting.sensitive_interests", nt.SENSITIVE_SELECTION, {}),
    ("privacy.contact_after_optout", nt.OPTOUT, {}),
    ("privacy.erasure_overdue", nt.DEADLINE, {}),
    ("privacy.retention_exceeded", nt.RETENTION, {}),
    ("privacy.tracking_consent", nt.COOKIES, {}),
    ("privacy.tcf_consent", nt.COOKIES, {}),
    ("privacy.optout_signal_ignored", nt.GPC, {}),
]


@pytest.mark.parametrize("check_id, statement, extra", CASES)
def test_a_failing_finding_removes_the_statement_it_disproves(make_campaign, check_id,
                                                              statement, extra):
    frame = dict(FRAME, **{k: ["x", None, None] for k in extra})
    campaign = make_campaign(frame, complete_inventory(**extra), controller=CONTROLLER,
                             model_features=["spend"])
    ok, ok_md, ok_html = notice_of(campaign, passing())
    assert statement in ok_md and statement in ok_html  # made when nothing disproves it
    f, md, html = notice_of(campaign, passing(**{check_id.replace(".", "__"): "fail"}))
    assert f.details["contradictions"] == [{"statement": statement, "check_id": check_id}]
    assert statement not in body(md) and statement not in html.split("</div>", 1)[1]
    assert f.status == "warn" and f.details["draft"] is True
    assert md.startswith("> **DRAFT")
    assert f'> - "{statement}" ({check_id.replace("_", chr(92) + "_")})' in md
    assert f"1 statement was left out because a failing check disproves it ({check_id})" in (
        f.message)


def test_a_warning_disproves_nothing(make_campaign):
    campaign = make_campaign(FRAME, complete_inventory(), controller=CONTROLLER)
    f, md, _ = notice_of(campaign, passing(privacy__contact_after_optout="warn"))
    assert f.details["contradictions"] == [] and nt.OPTOUT in md


def test_an_excluded_column_used_all_the_same_is_not_said_to_be_unused(make_campaign):
    frame = dict(FRAME, marital_status=["single", "married", None],
                 ethnicity=["a", "b", None],
                 targeting_criteria=["marital_status:single;ethnicity:a", "interest:run", ""])
    inventory = complete_inventory(
        marital_status=dict(FULL, category="demographic", in_model=False, use="audit_only",
                            display_name="Marital status", reason="audit only"),
        ethnicity=dict(FULL, category="special_category", in_model=False, use="audit_only",
                       art9_condition="bias_monitoring", reason="bias audit only"),
        targeting_criteria=dict(FULL, in_model=False))
    campaign = make_campaign(frame, inventory, controller=CONTROLLER, model_features=["spend"])
    f, md, html = notice_of(campaign, passing())
    # both excluded columns key row a's criteria: neither may be said unused, and the
    # sensitive one (ethnicity) disproves "we never use sensitive data to select you"
    assert f.details["contradictions"] == [
        {"statement": "Marital status is not used to choose offers",
         "check_id": "transparency.excluded_data_used"},
        {"statement": "ethnic origin is not used to choose offers",
         "check_id": "transparency.excluded_data_used"},
        {"statement": nt.SENSITIVE_SELECTION, "check_id": "transparency.excluded_data_used"}]
    body_md = body(md)
    assert "Marital status** is not used" not in body_md
    assert "ethnic origin** is not used" not in body_md
    assert "- **customer number** is not used to choose offers" in body_md
    assert nt.SENSITIVE_SELECTION not in body_md
    assert "<strong>Marital status</strong> is not used" not in html
    # the Art. 9 condition is said instead of consent
    assert "We hold ethnic origin only to check that our decisions treat groups" in body_md
    assert f.status == "warn"
    # the same run's transparency.excluded_data_used agrees
    used = registry.run_check("transparency.excluded_data_used", campaign,
                              reduction=reduce(campaign, passing()))
    assert [u["column"] for u in used.details["columns"]] == ["marital_status", "ethnicity"]


def test_a_used_excluded_column_that_is_not_sensitive_keeps_the_sensitive_statement(
        make_campaign):
    frame = dict(FRAME, marital_status=["single", None, None],
                 targeting_criteria=["marital_status:single", "", ""])
    inventory = complete_inventory(
        marital_status=dict(FULL, category="demographic", in_model=False),
        targeting_criteria=dict(FULL, in_model=False))
    f, md, _ = notice_of(make_campaign(frame, inventory, controller=CONTROLLER,
                                       model_features=["spend"]), passing())
    assert [c["statement"] for c in f.details["contradictions"]] == [
        "marital status is not used to choose offers"]
    assert nt.SENSITIVE_SELECTION in md


# ---------------------------------------------------------------- unknown findings
def test_without_findings_every_dependent_statement_is_unchecked(make_campaign):
    campaign = make_campaign(FRAME, complete_inventory(**SENSITIVE),
                             controller=CONTROLLER)
    for findings in (None, {}):
        f, md, _ = notice_of(campaign, findings)
        assert f.details["unchecked"] == [
            {"statement": nt.SENSITIVE_CONSENT, "check_id": "privacy.special_category_data"},
            {"statement": nt.SENSITIVE_SELECTION, "check_id": "targeting.sensitive_interests"},
            {"statement": nt.OPTOUT, "check_id": "privacy.contact_after_optout"},
            {"statement": nt.DEADLINE, "check_id": "privacy.erasure_overdue"},
            {"statement": nt.RETENTION, "check_id": "privacy.retention_exceeded"}]
        assert f.details["draft"] is True and md.startswith("> **DRAFT")
        assert "Not checked against the data in this run" in md
        # the online statements say nothing about data no check judged
        assert nt.COOKIES not in md and nt.GPC not in md
        assert f.details["missing_fields"] == [] and f.details["contradictions"] == []
        assert f.status != "warn"  # decided by missing items and contradictions only
    # a check that errored verifies nothing either; one that could not run is not unknown
    f, _, _ = notice_of(campaign, passing(privacy__erasure_overdue="error",
                                          privacy__retention_exceeded="not_evaluated"))
    assert f.details["unchecked"] == [{"statement": nt.DEADLINE,
                                       "check_id": "privacy.erasure_overdue"}]


def test_the_registry_passes_the_findings_of_the_areas_before(make_campaign):
    assert checks.USES_FINDINGS is True
    campaign = make_campaign(FRAME, complete_inventory(), controller=CONTROLLER)
    r = registry.reduce("transparency", campaign, passing(privacy__erasure_overdue="fail"))
    assert r.notice["contradictions"] == [{"statement": nt.DEADLINE,
                                           "check_id": "privacy.erasure_overdue"}]
    assert reduce(campaign).notice == reduce(campaign, None).notice


# ---------------------------------------------------------------- escaping and data values
def test_hostile_display_name_and_controller_name_are_escaped(make_campaign):
    evil = '<script>alert(1)</script>'
    link = "[win](http://evil.example)"
    inventory = complete_inventory(spend=dict(FULL, display_name=evil + link,
                                              recipients=[evil], transfers=[
                                                  {"country": "US", "safeguard": evil}]))
    controller = dict(CONTROLLER, name=evil, legitimate_interests=link)
    f, md, html = notice_of(make_campaign(FRAME, inventory, controller=controller), passing())
    assert evil not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert evil not in md and "&lt;script&gt;" in md
    assert "](" not in md and "\\[win\\]\\(http://evil.example\\)" in md
    # the one link is the way back to the report, none comes from the inventory or config
    assert html.count("<a ") == 1 and '<a href="index.html">' in html


def test_a_hostile_name_in_the_draft_list_is_escaped(make_campaign):
    evil = '<img src=x onerror=alert(1)>'
    frame = dict(FRAME, gender=["f", "m", None], targeting_criteria=["gender:f", "", ""])
    inventory = complete_inventory(
        gender=dict(FULL, category="demographic", in_model=False, display_name=evil),
        targeting_criteria=dict(FULL, in_model=False))
    f, md, html = notice_of(make_campaign(frame, inventory, controller=CONTROLLER,
                                          model_features=["spend"]), passing())
    assert f.details["contradictions"] == [{"statement": f"{evil} is not used to choose offers",
                                            "check_id": "transparency.excluded_data_used"}]
    assert evil not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert evil not in md and "&lt;img src=x onerror=alert\\(1\\)&gt;" in md


def test_no_value_of_the_data_reaches_the_notice(make_campaign):
    frame = dict(FRAME, email=["ann@example.org", "bob@example.org", None],
                 full_name=["Ann Smith", "Bob Jones", None])
    inventory = complete_inventory(email=dict(FULL, category="contact", in_model=False),
                                   full_name=dict(FULL, category="identifier", in_model=False))
    f, md, html = notice_of(make_campaign(frame, inventory, controller=CONTROLLER), passing())
    for value in ("ann@example.org", "bob@example.org", "Ann Smith", "Bob Jones"):
        assert value not in md and value not in html
    # the controller's own contact, from the config, may appear
    assert "privacy@example.com" in md


@pytest.mark.parametrize("days, words", [(730, "2 years"), (365, "1 year"), (90, "about 3 months"),
                                         (30, "30 days"), (1, "1 day"), (None, "not stated")])
def test_retention_words(days, words):
    assert nt._retention(days) == words


def test_purposes_legitimate_interests_and_data_not_from_the_person(make_campaign):
    inventory = complete_inventory(
        spend=dict(FULL, legal_basis="legitimate_interest", source="observed",
                   display_name="How much you spend"),
        segment_guess=dict(FULL, category="inferred", source="inferred", in_model=False,
                           purpose="choose offers"))
    frame = dict(FRAME, segment_guess=["x", "y", "z"])
    f, md, html = notice_of(make_campaign(frame, inventory, controller=CONTROLLER,
                                          model_features=["spend"]), passing())
    assert f.details["missing_fields"] == []
    # one line per purpose and basis, naming the data
    assert ("- **choose offers** (customer number, segment guess). Legal basis: it is needed "
            "for our contract with you (GDPR Art. 6(1)(b)).") in md
    assert "- **choose offers** (How much you spend). Legal basis: our legitimate interests" in md
    assert "Our legitimate interests: showing you offers that fit what you buy." in md
    # Art. 14: data not obtained from the person, with its category and source
    section = md.split("## Data we did not get from you", 1)[1].split("##", 1)[0]
    assert "- **How much you spend** (how you use our services): we saw it when you used our " \
           "services." in section
    assert "- **segment guess** (what we infer about you): we worked it out from other data." \
        in section
    assert "customer id" not in section  # provided by the person


def test_legitimate_interests_are_required_only_when_relied_on(make_campaign):
    controller = {k: v for k, v in CONTROLLER.items() if k != "legitimate_interests"}
    f, _, _ = notice_of(make_campaign(FRAME, complete_inventory(), controller=controller),
                        passing())
    assert f.details["missing_fields"] == []  # every basis is contract
    inventory = complete_inventory(spend=dict(FULL, legal_basis="legitimate_interest"))
    f, md, _ = notice_of(make_campaign(FRAME, inventory, controller=controller), passing())
    assert f.details["missing_fields"] == ["legitimate_interests"]
    assert "Our legitimate interests: not stated." in md


def test_the_notice_says_how_bias_is_checked(make_campaign):
    frame = dict(FRAME, gender=["f", "m", None], age=[30, 40, 50])
    inventory = complete_inventory(gender=dict(FULL, category="demographic", in_model=False,
                                               display_name="your gender"),
                                   age=dict(FULL, category="demographic", in_model=False))
    campaign = make_campaign(frame, inventory, controller=CONTROLLER, model_features=["spend"],
                             protected_attributes=["gender", "age_band"])
    _, md, html = notice_of(campaign, passing())
    assert "## How we check for bias" not in md  # no bias check judged the data
    found = passing(bias__selection_rate="warn", bias__proxy_features="pass",
                    bias__error_rate_parity="not_evaluated")
    _, md, html = notice_of(campaign, found)
    section = md.split("## How we check for bias", 1)[1].split("##", 1)[0]
    # age_band is derived from age (no inventory entry: its plain words)
    assert "fairly, by your gender, age group. We compare:" in section
    assert "- how often people in each group are selected;" in section
    assert "- whether the data the model uses stands in for these characteristics;" in section
    assert "wrong about people" not in section  # that check could not run
    assert "<h2>How we check for bias</h2>" in html


# ---------------------------------------------------------------- plain language, per format
def test_plain_words_and_escaping_per_format(make_campaign):
    frame = dict(FRAME, consent_ts=["2026-01-01", None, None],
                 erasure_request_ts=[None, None, None])
    inventory = complete_inventory(
        spend=dict(FULL, purpose="set the offer for the customer's usual stores",
                   display_name="How much you spend"),
        consent_ts=dict(FULL, in_model=False, reason="proof of consent"),
        erasure_request_ts=dict(FULL, in_model=False, reason="proof of rights requests"))
    _, md, html = notice_of(make_campaign(frame, inventory, controller=CONTROLLER), passing())
    # plain words for the two timestamps (no display_name), never their technical names
    assert "- **when you gave your consent** is not used to choose offers" in md
    assert "- **when you asked us to erase your data** is not used" in md
    for technical in ("consent ts", "erasure request ts", "consent\\_ts"):
        assert technical not in md and technical not in html
    # Markdown keeps the apostrophe; HTML escapes it; neither double-escapes
    assert "the customer's usual stores" in md and "&#39;" not in md and "&#34;" not in md
    assert "the customer&#39;s usual stores" in html and "&amp;#39;" not in html
    # the law in our own words reads as written in the Markdown: no backslashes
    assert "(GDPR Art. 6(1)(b))" in md
    # a way back to the report in each file (a reference link in the Markdown)
    assert "[Back to the audit report][report]" in md and "[report]: index.html" in md
    assert '<a href="index.html">' in html


@pytest.mark.parametrize("name, words", [
    ("consent_ts", "when you gave your consent"), ("age_band", "age group"),
    ("Last_Contact_TS", "Last Contact date and time"), ("loyalty_id", "loyalty number"),
    ("tenure_months", "tenure months"),
])
def test_plain_words(name, words):
    assert nt.plain_words(name) == words


def test_the_data_sheet_in_plain_words_by_hand():
    columns = [nt._sheet_row("spend", "", True, dict(FULL, display_name="what you spend"),
                             5000, "what you spend"),
               nt._sheet_row("device_type", "", False, {}, 12),
               nt._sheet_row("consent_ts", "", True, dict(FULL, in_model=False), None,
                             "when you gave your consent")]
    sheet = nt.render_datasheet(campaign="C", as_of="2026-11-29", rows=5000, columns=columns,
                                findings=[{"status": "warn", "title": "T", "message": "M"}])
    assert "5,000 rows, as of 2026-11-29" in sheet
    assert "Logical name" not in sheet and "Read as" not in sheet  # no empty column
    assert "True" not in sheet and "False" not in sheet and ">NO<" not in sheet
    assert '<tr><td>spend</td><td>yes</td><td>what you spend</td>' in sheet
    assert '<tr class="no"><td>device_type</td><td>no</td><td></td>' in sheet
    assert '<td class="num">5,000</td></tr>' in sheet and "not in the data" in sheet
    assert "<td>when you gave your consent</td>" in sheet
    assert "<strong>WARN</strong> T: M" in sheet and '<a href="index.html">' in sheet


def test_the_data_sheet_names_the_logical_column_when_one_differs():
    columns = [nt._sheet_row("Year_Birth", "birth_date", True, FULL, 3, "date of birth")]
    sheet = nt.render_datasheet(campaign="C", as_of="2026-11-29", rows=1, columns=columns,
                                findings=[])
    assert "<th>Read as</th>" in sheet and "<td>birth_date</td>" in sheet
    assert "1 row, as of" in sheet
