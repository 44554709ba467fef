"""The exercises of the training modules: what kind of answer each takes, its hints and the
explanation its solution gives.

The right answer itself is never written here: it comes from the scenario the exercise is run on
(``scenario.answers[exercise_id]``), known by construction, so turning a knob changes it. Hints
point at the method and never at the answer. ``explain`` is the solution's text, with
``{answer}`` filled in; it is shown only in the trainer copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: answer kinds: a whole number, a decimal within ``tolerance``, a set of customer ids, one
#: letter among ``options``, a set of names among what the scenario shows, one name (or
#: ``none``), and free text judged against a rubric
KINDS = ("count", "ratio", "ids", "choice", "names", "name", "text")


@dataclass(frozen=True)
class Exercise:
    id: str
    module: str
    kind: str
    task: str
    hint: str
    explain: str
    example: str
    tolerance: float = 0.0
    #: the suite's check that answers the same question on the same campaign, if one does
    check: str = ""
    options: dict = field(default_factory=dict)
    option_hints: dict = field(default_factory=dict)
    #: the answer may be searched for in the trainee handout (False when reading it off the
    #: material is the exercise itself)
    leak_number: bool = True


def _ex(*args, **kwargs) -> Exercise:
    return Exercise(*args, **kwargs)


EXERCISES: dict[str, Exercise] = {e.id: e for e in [
    # ------------------------------------------------------------ 01 consent
    _ex("consent.spot", "01_consent", "ids",
        "List the customers in the extract whose row breaks a rule.",
        "Go row by row and ask four questions, by the law of the person's country: was the "
        "person contacted on a channel that needs an opt-in there, and is that opt-in a clear "
        "yes? Was the opt-in given before the contact? Was the contact after an opt-out? Is an "
        "erasure request older than its deadline?",
        "Five rows break a rule: {answer}. {detail}",
        '["X00", "X01"]'),
    _ex("consent.count", "01_consent", "count",
        "How many people were contacted on a channel that needs an opt-in in their country, "
        "without having given it?",
        "Add up, on the rows where the channel needs an opt-in in those countries, the people "
        "whose box says no and those whose box is empty. Leave out the rows marked 'no: opt-out' "
        "(US email and ads, calls outside Germany) and the post row: no prior opt-in is needed "
        "there.",
        "{answer} people: the 'not ticked' and 'left empty' columns of the rows that need an "
        "opt-in added up. An empty box is not a yes; the opt-out rows and the post row do not "
        "count, because the law there asks for no prior consent, only that a refusal be "
        "honoured.",
        "25",
        check="privacy.consent_missing"),
    _ex("consent.optout", "01_consent", "count",
        "How many people were contacted in breach of their opt-out, by the rule of their "
        "country?",
        "Compare the two dates on each row. In the EU and the UK an opt-out takes effect at "
        "once, so any contact dated after it is a breach; in the US an opt-out must be honoured "
        "within 10 business days, so a contact counts only when more business days than that "
        "have passed. A contact before the opt-out was fine at the time.",
        "{answer} people in Europe were contacted after the date of their opt-out. The US "
        "customer contacted on the 8th business day after opting out is still within the 10 "
        "business days US law allows; the others were contacted first and opted out later: "
        "they must not be contacted again.",
        "25",
        check="privacy.contact_after_optout"),
    _ex("consent.erasure", "01_consent", "count",
        "How many erasure requests are past their deadline?",
        "In the EU and the UK the deadline is one month (30 days), or three months (90 days) "
        "when it was extended and the person told; in the US it is 45 days. Compare each "
        "request's age in days with its deadline; exactly on the deadline is still in time.",
        "{answer} requests are older than their deadline. The US request at 40 days is still "
        "within the 45 days California allows, and the extended request at 50 days within the "
        "three months the GDPR allows once the person has been told.",
        "25",
        check="privacy.erasure_overdue"),
    # ------------------------------------------------------------ 02 bias
    _ex("bias.ratio", "02_bias", "ratio",
        "Women's selection rate divided by men's: what is the ratio?",
        "First each group's rate: selected divided by people. Then the women's rate divided by "
        "the men's rate. Give a decimal such as 0.93.",
        "Women's rate over men's rate = {answer}. {detail}", "0.93", tolerance=0.02,
        check="bias.selection_rate"),
    _ex("bias.interval", "02_bias", "choice",
        "What can you say about the small group's selection rate?",
        "Look at where the reference group's rate falls: inside or outside the small group's "
        "interval?",
        "({answer}) {text}",
        '"a"',
        options={"a": "It is selected clearly less often than the reference group.",
                 "b": "There are too few people to tell: its interval also covers the reference "
                      "group's rate.",
                 "c": "It is selected clearly more often than the reference group."},
        option_hints={"a": "Is the reference group's rate outside the whole interval? Only then "
                           "is the gap clear.",
                      "b": "Look again: does the interval really reach the reference group's "
                           "rate?",
                      "c": "Compare the small group's rate with the reference group's rate: which "
                           "is higher?"}),
    _ex("bias.intersection", "02_bias", "ratio",
        "Among the gender and age groups large enough to judge, what is the lowest selection-rate "
        "ratio?",
        "Find the highest rate among the groups with at least 30 people: that is the reference. "
        "Then divide the lowest rate by it.",
        "The lowest ratio is {answer}. {detail}",
        "0.93", tolerance=0.02,
        check="bias.intersectional"),
    _ex("bias.proxy", "02_bias", "name",
        "Which model feature stands in for gender?",
        "A proxy is a feature whose values split people by gender: look for bars that are "
        "almost all one colour.",
        "{answer}. {detail}", '"feature 1"',
        check="bias.proxy_features"),
    # ------------------------------------------------------------ 03 helpful or creepy
    _ex("creepy.sensitive", "03_helpful_or_creepy", "names",
        "Which audience cards select people through a special category of data?",
        "The special categories are health (pregnancy included), sex life or orientation, "
        "religion, political opinions, ethnicity, trade union membership, genetic and biometric "
        "data. Financial hardship is not one of them. Read the criteria and the inferred traits, "
        "not only the card's name.",
        "Cards {answer}. {detail}", '["A", "D"]',
        check="targeting.sensitive_interests"),
    _ex("creepy.micro", "03_helpful_or_creepy", "names",
        "Which cards are micro-segments, under the minimum audience of 100 people?",
        "Compare each card's number of people targeted with 100.",
        "{answer}. {detail}", '["A"]',
        check="targeting.micro_segments"),
    _ex("creepy.opportunity", "03_helpful_or_creepy", "name",
        "Which card breaks the rules for housing, employment and credit offers?",
        "Housing, employment and credit offers may not be targeted by a protected trait (sex, "
        "race, religion, national origin, disability, family status; for credit also age and "
        "marital status, for jobs age 40 and over) under US law, nor by age or postcode under "
        "the ad platforms' rules. Check the product first, then the criteria.",
        "{answer}. {detail}", '"A"',
        check="targeting.protected_criteria_in_opportunity_ads"),
    _ex("creepy.pressure", "03_helpful_or_creepy", "count",
        "How many people were contacted more than seven times?",
        "Add up the people in the rows for 8 contacts and more; 7 is still within the cap.",
        "{answer} people were contacted 8 to 12 times: more than the cap of 7, a norm to review "
        "rather than a rule of law.", "25",
        check="targeting.contact_pressure"),
    # ------------------------------------------------------------ 04 transparency
    _ex("transparency.used", "04_transparency", "names",
        "Which columns does the inventory say the model uses to choose offers?",
        "Look at the column 'used by the model' of the inventory: only a yes counts.",
        "{answer}: the three columns declared with in_model true. Everything else is declared "
        "as not used.", '["age"]'),
    _ex("transparency.undeclared", "04_transparency", "names",
        "Which columns of the data does the inventory not declare?",
        "Compare the list of columns in the data with the columns of the inventory, one by one.",
        "{answer}. {detail}", '["age"]',
        check="transparency.undeclared_columns"),
    _ex("transparency.excluded", "04_transparency", "name",
        "Which column declared 'audit only' is used to select people all the same?",
        "The inventory marks some columns audit only; now read the targeting criteria of the "
        "people selected: does any criterion's key name one of those columns?",
        "{answer}. {detail}", '"age"',
        check="transparency.excluded_data_used"),
    _ex("transparency.read", "04_transparency", "choice",
        "The notice: how long is the data on how much you spend per visit kept?",
        "Find the line about how much you spend in the section on what is used, and read its "
        "last sentence.",
        "({answer}) {text}: the notice says so on the line about spending.", '"a"',
        options={"a": "6 months", "b": "1 year", "c": "2 years",
                 "d": "for as long as you are a customer"},
        leak_number=False,
        check="transparency.notice"),
    _ex("transparency.write", "04_transparency", "text",
        "Write two or three sentences for a customer: what data chooses their offers, what is "
        "not used, and how to say no.",
        "A good notice names at least one kind of data used, says what is not used, and tells "
        "the customer how to object or opt out, in plain words.",
        "{answer}", '"We use ..."'),
    # ------------------------------------------------------------ 05 cookies and dark patterns
    _ex("cookies.tracking", "05_cookies_and_dark_patterns", "count",
        "How many people were shown personalised ads through device tracking without the prior "
        "yes their country asks for?",
        "Tracking a device for ads needs a prior yes in the EU and the UK; the rule pack has no "
        "such rule for the US. Only display and social ads track the device; email and post do "
        "not. Add up the 'no' and 'left empty' cells of the rows that need the yes.",
        "{answer} people in the EU or the UK were reached on display or social without a yes to "
        "tracking: a refusal and an unanswered banner are both a no (ePrivacy Art. 5(3), PECR "
        "reg. 6). The US rows need no prior yes in the rule pack, and email and post rows set "
        "no tracker.",
        "25",
        check="privacy.tracking_consent"),
    _ex("cookies.tcf", "05_cookies_and_dark_patterns", "count",
        "How many of these TC strings cannot carry a personalised ad for vendor 755?",
        "A string carries the ad only if it can be read as TCF v2 and gives consent to purposes "
        "1, 3 and 4 and to vendor 755. Legitimate interest does not count for purposes 3 and 4 "
        "in TCF v2.2, and a missing string is no consent.",
        "{answer} strings fall short: missing, unreadable as TCF v2, without consent to purpose "
        "1, 3 or 4 (legitimate interest no longer counts for them), or without consent to the "
        "vendor.",
        "3",
        check="privacy.tcf_consent"),
    _ex("cookies.banner", "05_cookies_and_dark_patterns", "choice",
        "Is this consent banner fair?",
        "Count the clicks to accept and the clicks to refuse, and look at how the "
        "personalised-ads switch is set before the visitor touches it.",
        "({answer}) {text} Refusing must be as easy as accepting (the CNIL's 2021 fines), and a "
        "choice set in advance is not an active yes (Planet49).",
        '"a"',
        options={"a": "Fair: refusing is as easy as accepting, and nothing is set in advance.",
                 "b": "Not fair: refusing takes more steps than accepting.",
                 "c": "Not fair: the personalised-ads choice is set in advance for the visitor.",
                 "d": "Not fair on both counts: refusing takes more steps, and the choice is set "
                      "in advance."},
        option_hints={"a": "Count the clicks on each side again, and read the switch's setting.",
                      "b": "Look again at both things: the clicks, and the switch's setting.",
                      "c": "Look again at both things: the clicks, and the switch's setting.",
                      "d": "Look again at both things: the clicks, and the switch's setting."}),
    # ------------------------------------------------------------ 06 ad platforms and AI content
    _ex("platforms.gpc", "06_ad_platforms_and_ai_content", "count",
        "How many people's opt-out signal was ignored, by the law of their state?",
        "The signal binds in California, Colorado, Connecticut, Texas, Oregon, Montana and New "
        "Jersey. It opts people out of sale and sharing: it is ignored when such a person was "
        "reached on a platform or uploaded to one, not when they were only emailed or written "
        "to.",
        "{answer} people in states where the signal binds were reached on a platform or "
        "uploaded to one after sending it. New York and Florida rows are not bound by a signal "
        "law in the rule pack, and an email that was never uploaded shares nothing.",
        "3",
        check="privacy.optout_signal_ignored"),
    _ex("platforms.ai", "06_ad_platforms_and_ai_content", "choice",
        "Under the EU AI Act, what must the advertiser do about this content?",
        "Ask two questions: does the system talk with people, and does the content show real "
        "people or events that would falsely look authentic? The duty to mark every output "
        "machine-readably is the tool provider's, not the advertiser's.",
        "({answer}) {text} Art. 50(1) covers systems that interact with people, Art. 50(4) deep "
        "fakes; AI-drafted copy that people edit and approve carries no Art. 50 duty for the "
        "advertiser, though the rules against misleading advertising still apply.",
        '"a"',
        options={"a": "No disclosure duty under Art. 50 for the advertiser; the usual advertising "
                      "rules apply.",
                 "b": "Tell people they are dealing with an AI system (Art. 50(1)).",
                 "c": "Disclose that the content was artificially generated (Art. 50(4)).",
                 "d": "Stop: the AI Act bans this use in marketing."},
        option_hints={"a": "Does the content talk with people, or show a real person saying "
                           "what she never said?",
                      "b": "Does this content talk with anyone? Read what it is again.",
                      "c": "Does it show real people or events that would falsely look "
                           "authentic?",
                      "d": "The AI Act's bans (Art. 5) are about harmful manipulation and "
                           "exploitation; transparency duties are in Art. 50."}),
]}

#: module file stem -> its exercise ids, in order
MODULE_EXERCISES: dict[str, list[str]] = {}
for _e in EXERCISES.values():
    MODULE_EXERCISES.setdefault(_e.module, []).append(_e.id)
