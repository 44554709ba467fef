"""The question bank of the training modules: in-text quizzes and end-of-module assessments.

Each question rests on a real case or on the rule a check applies (the trainer's guide,
docs/training.md, lists the sources), written in our own words. Every wrong option is a mistake
people really make, and ``feedback`` says, for each wrong letter, why it is wrong; ``why``
explains the right answer.

``kind`` is ``"quiz"`` (asked in the text, retry allowed, feedback after each try) or
``"assessment"`` (asked only in the end-of-module assessment and scored once). Questions are
written with :func:`_q`: the right option, the wrong options with their feedback, and the letter
the right option goes to, so that the right letters spread over a to d and the right option is
seldom the longest (tests/training/test_quizbank.py holds the bank to that).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: bumped whenever a question, an option or a right answer changes; written into every
#: completion record so that a trainer knows which bank a score was earned on
BANK_VERSION = "2026-12-02.1"
LETTERS = ("a", "b", "c", "d")
KINDS = ("quiz", "assessment")


@dataclass(frozen=True)
class Question:
    id: str
    module: str
    question: str
    options: dict
    answer: str
    why: str
    feedback: dict = field(default_factory=dict)
    source: str = ""
    kind: str = "quiz"

    @property
    def hints(self) -> dict:
        """What a wrong letter gets back (the same text as ``feedback``)."""
        return self.feedback


def _q(qid: str, module: str, question: str, *, right: str, wrong: list[tuple[str, str]],
       at: str, why: str, source: str, kind: str = "quiz") -> Question:
    """A question whose right option ``right`` sits at letter ``at``; ``wrong`` holds the other
    options, in order, each with the feedback for choosing it."""
    slots = list(wrong)
    pos = LETTERS.index(at)
    options, feedback = {}, {}
    k = 0
    for i, letter in enumerate(LETTERS[:len(wrong) + 1]):
        if i == pos:
            options[letter] = right
        else:
            text, fb = slots[k]
            options[letter] = text
            feedback[letter] = fb
            k += 1
    return Question(qid, module, question, options, at, why, feedback, source, kind)


A = "assessment"

_BANK = [
    # ================================================================== 01 consent
    _q("consent.q_valid", "01_consent",
       "Where the law asks for consent to marketing emails, which of these is valid consent?",
       right="An empty box the customer ticks, next to a sentence saying what they will get.",
       wrong=[("A 'Send me offers' box that was already ticked when the page loaded, which the "
               "customer left as it was.",
               "A pre-ticked box records the company's choice, not the customer's: Recital 32 "
               "and the CJEU in Planet49 (2019) say it is not consent."),
              ("A sentence in the terms and conditions: 'By using this site you agree to "
               "receive our offers.'",
               "A yes bundled into terms the customer must accept is neither specific nor "
               "freely given (GDPR Art. 4(11), 7(2), 7(4))."),
              ("The customer did not answer an email announcing that they would now receive the "
               "newsletter.",
               "Silence and inactivity are not consent (Recital 32): nobody said yes.")],
       at="c",
       why="Consent is a clear, active yes to something specific and explained (GDPR Art. 4(11) "
           "and 7). Silence, pre-ticked boxes and inactivity are not consent (Recital 32; CJEU "
           "C-673/17 Planet49, 1 Oct 2019), and a yes hidden in the terms is not specific. Where "
           "the law asks for it: email and texts in the EU (ePrivacy Directive Art. 13(1)) and "
           "the UK (PECR reg. 22).",
       source="GDPR Art. 4(11), Art. 7, Recital 32; CJEU C-673/17 Planet49"),
    _q("consent.q_att", "01_consent",
       "When iOS 14.5 (26 April 2021) made apps ask before tracking people across other "
       "companies' apps and sites, early Flurry Analytics figures showed only about 4% of US "
       "users saying yes. What does this tell a marketer?",
       right="A default counted as a yes many people who say no when they are asked.",
       wrong=[("People had already chosen to be tracked before the prompt; the low figure only "
               "measures the people who had never noticed the setting.",
               "If people had chosen tracking, most would say yes when asked. Most said no."),
              ("People do not care about tracking, so asking them is pointless and the prompt "
               "will soon be dropped.",
               "People did care enough to answer, and their answer was no."),
              ("Tracking people across apps and websites is now forbidden everywhere, in every "
               "country.",
               "The prompt asks; it does not forbid. What changed was the default.")],
       at="a",
       why="Before App Tracking Transparency, tracking was on unless people found the setting. "
           "Asked plainly, most said no. That is why EU and UK law ask for a prior yes before "
           "cookies or similar trackers are read or stored on a device (ePrivacy Art. 5(3), "
           "PECR reg. 6). Meta expected about $10B less revenue in 2022.",
       source="Apple App Tracking Transparency, iOS 14.5, 26 Apr 2021"),
    _q("consent.q_country", "01_consent",
       "A French customer and a US customer are both emailed the newsletter. Neither ever ticked "
       "an opt-in box, and neither is an existing customer. Which is right?",
       right="The French email breaks the EU opt-in rule for email; the US one is lawful if "
             "its unsubscribe works.",
       wrong=[("Both emails break the law, because under the GDPR every marketing message needs "
               "the person's consent first.",
               "The GDPR itself does not require consent for marketing (Art. 6(1)(f), Recital "
               "47), and US email is opt-out (CAN-SPAM)."),
              ("Neither: the GDPR allows direct marketing on legitimate interests, so no opt-in "
               "is needed in France or in the US.",
               "Legitimate interests answer the GDPR, not the ePrivacy rule: in the EU marketing "
               "email needs prior consent (Art. 13(1)) unless the soft opt-in applies."),
              ("The US email is the breach, because the CCPA requires an opt-in before any "
               "marketing email is sent.",
               "CCPA §1798.120 is a right to opt out of the sale or sharing of data, not an "
               "opt-in for marketing.")],
       at="d",
       why="The prior opt-in for email comes from the ePrivacy rules (Directive 2002/58/EC Art. "
           "13(1); UK PECR reg. 22), with a soft opt-in only for existing customers offered "
           "similar products (Art. 13(2)). US commercial email is opt-out: CAN-SPAM (15 U.S.C. "
           "7704) requires a working unsubscribe honoured within 10 business days.",
       source="ePrivacy Directive Art. 13(1)-(2); GDPR Art. 6(1)(f), 21; CAN-SPAM 15 U.S.C. 7704"),
    _q("consent.q_explicit", "01_consent",
       "A customer's health condition may be used only with their explicit consent. Which of "
       "these is explicit?",
       right="A separate statement they confirm: 'Yes, use my health condition to choose my "
             "offers.'",
       wrong=[("The privacy policy mentions health data, and the customer clicked 'I accept' "
               "under the whole policy when they signed up.",
               "Accepting a whole document is not an express statement about this one use."),
              ("The customer told a shop assistant about their condition while asking for "
               "advice on a product.",
               "Telling someone a fact is not agreeing to its use for marketing."),
              ("The condition can be guessed with high confidence from what the customer buys, "
               "so no one needs to ask.",
               "A guess is an inference made without asking: health data all the same (Art. "
               "9(1)), and the opposite of consent.")],
       at="b",
       why="Explicit consent (GDPR Art. 9(2)(a)) is an express statement about exactly this use, "
           "given separately, that the organisation can show later. Norway's regulator fined "
           "Grindr NOK 65 million (2021, upheld 2023) for sharing with ad partners, without "
           "valid consent, data that revealed sexual orientation.",
       source="GDPR Art. 9(2)(a); Norwegian DPA on Grindr (13 Dec 2021)"),
    _q("consent.a_basis", "01_consent",
       "Your team wants to email offers to people in Ireland who downloaded a guide and never "
       "bought anything. What decides whether you may?",
       right="The ePrivacy rule for email: they need to have given prior consent.",
       wrong=[("GDPR Art. 6(1)(a): all marketing under the GDPR needs consent, so the GDPR "
               "decides it.",
               "The GDPR does not require consent for direct marketing; legitimate interests "
               "can be its basis (Art. 6(1)(f), Recital 47). The email rule is ePrivacy's."),
              ("A legitimate-interests assessment: if it is positive, the emails may go without "
               "any opt-in.",
               "A legitimate-interests assessment answers the GDPR question only; the ePrivacy "
               "rule for email (Art. 13(1)) still asks for prior consent."),
              ("Nothing, as long as every email has a working unsubscribe link and a postal "
               "address.",
               "That is the US rule (CAN-SPAM). In the EU an unsubscribe link does not replace "
               "the prior opt-in.")],
       at="a", kind=A,
       why="In the EU and the UK the prior consent for email and texts comes from the ePrivacy "
           "rules (Directive 2002/58/EC Art. 13(1); PECR reg. 22). These people are not "
           "customers, so the soft opt-in (Art. 13(2)) cannot apply.",
       source="ePrivacy Directive Art. 13(1)-(2); GDPR Art. 6(1)(f), Recital 47"),
    _q("consent.a_soft", "01_consent",
       "A UK customer bought a kettle online and was offered a clear way to refuse marketing at "
       "checkout; they did not refuse. Which emails may you send them?",
       right="Offers on your own similar products, with a simple way to refuse in each.",
       wrong=[("None at all: without a ticked opt-in box no marketing email may ever be sent to "
               "anyone in the UK.",
               "PECR reg. 22(3) allows the soft opt-in for existing customers: this is it."),
              ("Offers on your products and on partner companies' products, since they are now "
               "a customer.",
               "The soft opt-in covers your own similar products and services only, not "
               "partners' offers."),
              ("Any offer, for as long as they remain a customer, even after they have "
               "unsubscribed once.",
               "An unsubscribe ends the soft opt-in at once; an objection to direct marketing "
               "must always be honoured (GDPR Art. 21(3)).")],
       at="c", kind=A,
       why="The soft opt-in (ePrivacy Art. 13(2); PECR reg. 22(3)) covers existing customers "
           "offered similar products who were given a simple way to refuse at collection and in "
           "every message since.",
       source="ePrivacy Directive Art. 13(2); UK PECR reg. 22(3)"),
    _q("consent.a_phone", "01_consent",
       "A sales call to a consumer who never agreed to calls: one in Germany, one in the UK not "
       "registered with the TPS. Which is right?",
       right="The German call needs a prior opt-in; the UK call is lawful unless they objected.",
       wrong=[("Both calls need a prior opt-in, because the ePrivacy Directive sets one rule "
               "for calls across Europe.",
               "The Directive leaves live calls to each member state (Art. 13(3)); the UK is "
               "opt-out with the TPS (PECR reg. 21)."),
              ("Neither needs anything: live calls are not electronic marketing, so no consent "
               "rule applies to them.",
               "Live calls are covered: Germany (UWG §7(2) Nr. 1) and Austria (TKG 2021 §174) "
               "ask for an opt-in."),
              ("Both are lawful, as long as the caller gives their name and offers to call "
               "back at a better time.",
               "Naming the caller does not replace Germany's opt-in rule for calls to "
               "consumers.")],
       at="b", kind=A,
       why="Live calls are left to the member states (ePrivacy Art. 13(3)): opt-in in Germany "
           "(UWG §7(2) Nr. 1) and Austria (TKG 2021 §174), opt-out with a register elsewhere "
           "(UK: PECR reg. 21 and the TPS; France: Bloctel).",
       source="ePrivacy Art. 13(3); UWG §7(2) Nr. 1; UK PECR reg. 21"),
    _q("consent.a_tcpa", "01_consent",
       "A US customer gave their mobile number at checkout. May you send them automated "
       "marketing texts?",
       right="Only with their prior express written consent to marketing texts.",
       wrong=[("Yes: US marketing is opt-out, as for email, so texts may go until the customer "
               "replies STOP.",
               "Email is opt-out under CAN-SPAM; marketing texts are not: the TCPA asks for "
               "prior express written consent (47 CFR 64.1200(a)(2))."),
              ("Yes, as long as their number is not listed on the national do-not-call "
               "registry.",
               "The registry concerns telemarketing calls (64.1200(c)(2)); it does not replace "
               "the written consent for automated marketing texts."),
              ("Only if they live in California, because only the CCPA regulates marketing "
               "texts.",
               "The TCPA is federal and applies in every state; the CCPA's opt-out is about "
               "sale and sharing.")],
       at="d", kind=A,
       why="Marketing texts and autodialled or prerecorded calls need prior express written "
           "consent under the TCPA (47 CFR 64.1200(a)(2)); a revocation must be honoured within "
           "10 business days (64.1200(a)(10), from 11 Apr 2025).",
       source="TCPA 47 CFR 64.1200(a)(2), (a)(10)"),
    _q("consent.a_optout", "01_consent",
       "A customer in Ireland and one in the US unsubscribe from email on Monday 9 November; "
       "both are emailed on Thursday 19 November, 8 business days later. Which is right?",
       right="The Irish email is a breach; the US one is within the 10 business days.",
       wrong=[("Both are in order, because every country gives a sender 10 business days to "
               "process an unsubscribe.",
               "In the EU an objection to direct marketing takes effect at once (GDPR Art. "
               "21(3)); the 10 business days are CAN-SPAM's."),
              ("Both are breaches: an unsubscribe must take effect within 24 hours, in the EU "
               "and in the US alike.",
               "US law allows 10 business days (15 U.S.C. 7704(a)(4)); there is no 24-hour "
               "rule."),
              ("Neither matters yet: an unsubscribe only counts once it is confirmed by the "
               "customer in a second email.",
               "No law asks for a confirmation: the unsubscribe itself counts.")],
       at="a", kind=A,
       why="In the EU and the UK an objection to direct marketing must be honoured at once "
           "(GDPR Art. 21(3)); a US sender has 10 business days for an email opt-out (CAN-SPAM "
           "15 U.S.C. 7704(a)(4)); Canada's CASL also 10 (s. 11(3)).",
       source="GDPR Art. 21(3); CAN-SPAM 15 U.S.C. 7704(a)(4); CASL s. 11(3)"),
    _q("consent.a_cookies", "01_consent",
       "A retailer wants to show its website visitors in France personalised ads through an ad "
       "network's pixel. What needs their prior consent?",
       right="Reading or storing the pixel's identifiers on their device.",
       wrong=[("Nothing, because the privacy policy mentions cookies and the visitor can "
               "always read it before browsing on.",
               "Mentioning cookies in a policy is not consent; ePrivacy Art. 5(3) asks for a "
               "prior yes."),
              ("Only the cookies that store a name, an email address or another direct "
               "identifier of the visitor.",
               "Art. 5(3) covers any information stored on or read from the device, names or "
               "not."),
              ("Only special-category data; everything else can rest on the retailer's "
               "legitimate interests.",
               "The device rule is ePrivacy Art. 5(3), whatever the data; and for personalised "
               "ads legitimate interests are hardly available (C-252/21).")],
       at="b", kind=A,
       why="Storing or reading information on a device (cookies, SDKs, pixels) needs prior "
           "consent in the EU (ePrivacy Art. 5(3)) and the UK (PECR reg. 6); pre-ticked boxes "
           "do not count (Planet49). The rule pack has no such rule for the US.",
       source="ePrivacy Directive Art. 5(3); UK PECR reg. 6; CJEU C-673/17 Planet49"),
    _q("consent.a_b2b", "01_consent",
       "A UK company emails an offer to a buyer's work address at another company, without her "
       "consent. Under PECR's email rule, which is right?",
       right="The rule protects individual subscribers; a corporate address is outside it.",
       wrong=[("It is a breach: PECR protects every email address in the same way, private or "
               "corporate.",
               "PECR's consent rule for email (reg. 22) protects individual subscribers, not "
               "corporate ones."),
              ("It is fine, and because it is business-to-business the GDPR does not apply to "
               "her data either.",
               "Her name and work address are still personal data: the GDPR applies, and she "
               "may object at any time (Art. 21)."),
              ("It is fine only if the email is sent from a personal account rather than a "
               "company one.",
               "The sender's account makes no difference; the rule looks at the subscriber "
               "receiving the email.")],
       at="c", kind=A,
       why="PECR's email rule protects individual subscribers, not corporate ones; the person "
           "behind a work address keeps her GDPR rights, including the right to object to "
           "direct marketing (Art. 21(2)-(3)).",
       source="UK PECR reg. 22; GDPR Art. 21"),
    # ================================================================== 02 bias
    _q("bias.q_label", "02_bias",
       "Obermeyer et al. (Science, 2019) found a care-management algorithm under-served Black "
       "patients. Race was not an input. What carried the bias?",
       right="The label: it predicted health costs as a stand-in for health needs.",
       wrong=[("A programming error in the way the risk score was computed from the patients' "
               "records.",
               "The model did what it was built to do. Look at what it was built to predict."),
              ("Too few Black patients in the training data, so the model could not learn about "
               "them.",
               "The problem stayed with plenty of data: less had been spent on Black patients "
               "with the same needs."),
              ("Doctors overrode the algorithm's recommendations for Black patients more often "
               "than for others.",
               "The gap was in the scores themselves, before anyone decided.")],
       at="d",
       why="Spending was the wrong target. At equal scores Black patients were sicker; fixing "
           "the label would raise their share of extra help from 17.7% to 46.5%. A campaign "
           "that targets by past spend or lifetime value runs the same risk.",
       source="Obermeyer et al., Science 366(6464):447-453, 2019"),
    _q("bias.q_amazon", "02_bias",
       "Amazon's experimental recruiting model (Reuters, 2018) marked down CVs containing the "
       "word \"women's\". Gender was not a column. How did it learn that?",
       right="From ten years of mostly male CVs: words linked to women looked unlike past hires.",
       wrong=[("An engineer wrote a rule that told the model to score CVs from women lower than "
               "the others.",
               "Nobody wrote that rule. Where do models learn their rules?"),
              ("Women had sent weaker CVs, and the model correctly picked up on the difference "
               "in quality.",
               "The CVs were judged against past hires. Who were the past hires?"),
              ("By chance: it was noise in a small sample, and it would have gone away with "
               "more data.",
               "More data from the same past would repeat the same pattern.")],
       at="a",
       why="The model copied the past. Any feature that goes with gender (a word, a club, a "
           "college) can carry the gap: that is a proxy. The team was disbanded by early 2017.",
       source="Reuters, J. Dastin, 10 Oct 2018"),
    _q("bias.q_reweigh", "02_bias",
       "Reweighing gives each group-and-decision cell of the training data a weight. What does "
       "it change, and what not?",
       right="A retrained model stops learning the gap; proxies and a biased label remain.",
       wrong=[("It corrects the campaign that has already been sent, so the people left out "
               "get the offer after all.",
               "Weights act on data used to train a model, not on letters already sent."),
              ("It deletes the protected attribute from the data, and with it every trace of "
               "the bias.",
               "Nothing is deleted, and deleting gender would not remove its proxies."),
              ("It guarantees that every group gets exactly the same outcomes from now on, "
               "whatever the model.",
               "It equalises the training data's rates; it cannot fix a wrong label.")],
       at="c",
       why="Reweighing (Kamiran & Calders 2012) makes group and decision independent in the "
           "training data. It changes training, not what was sent, and cannot repair a label "
           "like Obermeyer's cost-for-need.",
       source="Kamiran & Calders 2012"),
    _q("bias.a_ratio", "02_bias",
       "Group A: 30 of 200 people selected. Group B, selected most often: 60 of 300. What is "
       "group A's selection-rate ratio?",
       right="0.75",
       wrong=[("0.50, since 30 people were selected in group A and 60 in group B.",
               "That divides the counts of people selected; a ratio divides the rates "
               "(30/200 and 60/300)."),
              ("1.33, group B's rate divided by group A's rate.",
               "That is the ratio upside down: the group under review goes on top."),
              ("0.05, the difference between the two rates of 0.20 and 0.15.",
               "That is a difference of rates, not a ratio.")],
       at="b", kind=A,
       why="Rates: 30/200 = 0.15 and 60/300 = 0.20; ratio 0.15 / 0.20 = 0.75, below the 0.8 "
           "screen.",
       source="Uniform Guidelines 29 CFR 1607.4(D)"),
    _q("bias.a_fourfifths", "02_bias",
       "What is the four-fifths (0.8) rule?",
       right="A screen from US employee-selection guidelines, not a legal threshold.",
       wrong=[("The legal limit under EU law: any campaign whose ratio falls below 0.8 is "
               "unlawful.",
               "No EU law sets 0.8; and a ratio is a screen, not a verdict."),
              ("A rule that every group must get at least 80% of the offers the best group gets "
               "in money.",
               "It compares selection rates, not the value of offers."),
              ("Proof of discrimination in US law: a ratio below 0.8 settles a case by itself.",
               "The Uniform Guidelines (29 CFR 1607.4(D)) treat it as a sign of adverse "
               "impact to examine, not as proof.")],
       at="d", kind=A,
       why="The four-fifths rule is a screen of the Uniform Guidelines on employee selection "
           "(29 CFR 1607.4(D)); ethicskit uses 0.8 and 1.25 as a screen and reports a breach "
           "only where the decision is one the law covers.",
       source="29 CFR 1607.4(D)"),
    _q("bias.a_breach", "02_bias",
       "When is a measured selection gap between groups a breach of law rather than a norm to "
       "review?",
       right="In US credit, housing and employment decisions, where disparate impact is "
             "unlawful.",
       wrong=[("Whenever the ratio is below 0.8, for any offer: the rule applies to all "
               "marketing.",
               "For general marketing offers a gap is a norm to review; the law on disparate "
               "impact covers credit, housing and employment."),
              ("Never: only intentional discrimination is unlawful, and a model has no "
               "intention.",
               "Disparate impact is unlawful in credit (ECOA, Reg B 12 CFR 1002.6(a)), housing "
               "(Inclusive Communities, 2015) and employment (Title VII)."),
              ("Only when the protected attribute was itself one of the model's input features.",
               "Disparate impact looks at the effect; a proxy can cause it without the "
               "attribute being an input.")],
       at="a", kind=A,
       why="Disparate impact is unlawful in credit (ECOA; Reg B 12 CFR 1002.6(a)), housing "
           "(Texas Dept. of Housing v. Inclusive Communities Project, 2015) and employment "
           "(Title VII 42 U.S.C. 2000e-2(k)). For other offers a gap is a norm to review.",
       source="12 CFR 1002.6(a); 576 U.S. 519 (2015); 42 U.S.C. 2000e-2(k)"),
    _q("bias.a_interval", "02_bias",
       "A group of 24 people has a selection rate of 0.25, with a 95% interval from 0.12 to "
       "0.45. The reference group's rate is 0.30. What can you conclude?",
       right="Not enough people to tell: the interval covers 0.30.",
       wrong=[("The group is selected less often than the reference group, since 0.25 is lower "
               "than 0.30.",
               "The rate alone ignores its uncertainty: the interval reaches well past 0.30."),
              ("The ratio is 0.83, above 0.8, so the group is treated fairly and needs no "
               "further look.",
               "With 24 people the ratio itself is too uncertain to pass or fail anything."),
              ("The group is too small to matter, so it can be removed from the analysis for "
               "good.",
               "A small group is reported, not removed; gather more data before you judge.")],
       at="c", kind=A,
       why="With few people a rate is uncertain. When the interval covers the reference rate "
           "the data cannot tell the groups apart; ethicskit reports groups under 30 people "
           "but does not judge them.",
       source="Wilson score interval"),
    _q("bias.a_proxy", "02_bias",
       "A team removes the gender column from its model's inputs. What should it check next?",
       right="Whether other features follow gender closely enough to stand in for it.",
       wrong=[("Nothing: without the gender column the model cannot treat women and men "
               "differently.",
               "Amazon's model had no gender column and still marked down women: proxies "
               "carry the gap."),
              ("That the gender column is also deleted from the audit data, so nobody can "
               "measure gender again.",
               "Without gender the gap can no longer be measured; audit data may be kept for "
               "that purpose."),
              ("That the model's accuracy did not drop, since accuracy shows that the bias is "
               "gone.",
               "Accuracy says nothing about how selection differs between groups.")],
       at="b", kind=A,
       why="A proxy (a department, a club, a postcode) can carry the protected attribute. "
           "Check each feature's association with the attribute (the suite uses Cramér's V).",
       source="Reuters, J. Dastin, 10 Oct 2018; bias.proxy_features"),
    _q("bias.a_specialdata", "02_bias",
       "An analyst wants to keep customers' ethnicity only to measure whether a model treats "
       "groups fairly. Which is right?",
       right="It can be lawful, on a basis such as AI Act Art. 10(5) or, in the UK, DPA 2018 "
             "Sch. 1 para. 8.",
       wrong=[("It is never allowed: ethnicity is a special category, so it may not be held for "
               "any purpose.",
               "Special categories may be processed on a condition; bias measurement has one "
               "(AI Act Art. 10(5); DPA 2018 Sch. 1 para. 8)."),
              ("It is allowed, and once held it may also be used as a model feature to improve "
               "targeting.",
               "Data held to measure fairness must not select people (purpose limitation, GDPR "
               "Art. 5(1)(b))."),
              ("It is allowed only once the data is k-anonymous with k of at least 5, as the "
               "GDPR requires.",
               "The GDPR sets no k; k-anonymity measures re-identification risk (WP29 Opinion "
               "05/2014).")],
       at="d", kind=A,
       why="Special-category data kept only to measure bias can rest on AI Act Art. 10(5) "
           "(high-risk systems) or, in the UK, DPA 2018 Sch. 1 para. 8 (equality of "
           "opportunity monitoring); it stays audit only.",
       source="AI Act Art. 10(5); DPA 2018 Sch. 1 para. 8; GDPR Art. 5(1)(b)"),
    # ================================================================== 03 helpful or creepy
    _q("creepy.q_target", "03_helpful_or_creepy",
       "Target scored shoppers for pregnancy from about 25 products bought together and timed "
       "baby coupons to the due date (New York Times Magazine, 2012). What went wrong?",
       right="A pregnancy guessed from shopping is health data, used without asking, on a "
             "minor too.",
       wrong=[("The coupons were sent too often, so the father noticed a pattern in the "
               "mailers.",
               "One mailer can reveal a pregnancy. What kind of trait was scored?"),
              ("The audience of pregnant shoppers was too small to be targeted safely.",
               "Millions of shoppers were scored; the trait, not the size, is the problem."),
              ("Nothing went wrong: the prediction was accurate, so the coupons were relevant "
               "and helpful.",
               "An accurate guess about health is still health data acted on without asking.")],
       at="b",
       why="An inference is data about the person: a guessed pregnancy is health data (GDPR Art. "
           "9(1)) needing explicit consent, and EU platforms may not show ads profiled on it "
           "whatever the consent (DSA Art. 26(3)). The shopper was a minor: EU platforms may "
           "not show her profiling-based ads at all (DSA Art. 28(2)).",
       source="New York Times Magazine, C. Duhigg, 16 Feb 2012"),
    _q("creepy.q_housing", "03_helpful_or_creepy",
       "In March 2019 Facebook settled with the National Fair Housing Alliance and others. "
       "What may advertisers of housing, jobs and credit no longer do on Facebook?",
       right="Target by age, gender or ZIP code.",
       wrong=[("Show photographs of the homes, offices or products in the ads themselves.",
               "The settlement was about who sees the ad, not what it shows."),
              ("Show these ads on mobile phones, where people cannot compare offers easily.",
               "Think of who is selected, not the device."),
              ("Write the ads in more than one language for the same audience.",
               "Which traits were advertisers able to exclude?")],
       at="c",
       why="The settlement ($2.45M) ended age, gender and ZIP targeting for these ads, with a "
           "15-mile minimum radius. Where the law does not name a trait (age in housing ads, "
           "ZIP codes), the limits are the platforms' own rules for ads aimed at the US and "
           "Canada.",
       source="NFHA v. Facebook settlement, March 2019"),
    _q("creepy.q_vulnerable", "03_helpful_or_creepy",
       "Someone flagged for financial difficulty is in the audience of a high-cost loan offer "
       "that performs well. What should happen?",
       right="Leave them out of high-cost credit offers and point them to support.",
       wrong=[("Send the offer, but with a smaller loan amount so the risk for them stays "
               "lower.",
               "A smaller high-cost loan is still a high-cost loan for someone in arrears."),
              ("Send it less often, so that they are not put under too much pressure to say "
               "yes.",
               "Fewer contacts, same harm. Who should see this offer at all?"),
              ("Send it as planned: they are adults, and financial hardship is not a special "
               "category of data.",
               "It is not a special category, but conduct rules protect vulnerable customers "
               "(FCA FG21/1, CONC 2.10; UCPD Art. 5(3)).")],
       at="a",
       why="Financial difficulty is not a special category, but consumer-protection and "
           "conduct rules apply: FCA FG21/1 and CONC 2.10 in the UK, the UCPD's "
           "vulnerable-consumer test (Art. 5(3)) in the EU.",
       source="FCA FG21/1, CONC 2.10; UCPD Art. 5(3)"),
    _q("creepy.q_minors", "03_helpful_or_creepy",
       "A 16-year-old in Germany uses a social network. Her parent has consented to "
       "personalised ads. May the network show her ads chosen by profiling her interests?",
       right="No: EU platforms may not show profiling-based ads to known minors.",
       wrong=[("Yes: the parent's consent makes the profiling lawful, as it would for any "
               "processing of a child's data.",
               "Consent does not lift this ban (DSA Art. 28(2))."),
              ("Yes, from 16: that is Germany's digital consent age, so her own consent is "
               "enough.",
               "The digital consent age (GDPR Art. 8) decides who can consent to processing, "
               "not whether a platform may profile a minor for ads."),
              ("Only for ads that are not for alcohol, gambling or other age-restricted "
               "products.",
               "Age-restricted products are a separate rule on top.")],
       at="d",
       why="DSA Art. 28(2) bars online platforms from presenting ads based on profiling when "
           "they are reasonably certain the user is a minor; no consent, hers or a parent's, "
           "lifts it.",
       source="Digital Services Act Art. 28(2); GDPR Art. 8"),
    _q("creepy.a_inferred", "03_helpful_or_creepy",
       "A model infers 'likely diabetic' from grocery purchases, and the audience gets sugar-"
       "free offers on a social network in the EU. Which is right?",
       right="Health data: the platform may not serve ads profiled on it, whatever the consent.",
       wrong=[("It is not personal data, because nobody told the company anything: it is only "
               "a statistical guess.",
               "An inference about a person is personal data, and one about health is a "
               "special category (Art. 9(1))."),
              ("It is fine with the customers' explicit consent, collected by the retailer "
               "before the campaign.",
               "On an online platform DSA Art. 26(3) bans ads profiled on special categories "
               "whatever the consent."),
              ("It is fine because the offers are helpful to people with diabetes.",
               "Helpful intent does not change what the data is or the DSA ban.")],
       at="b", kind=A,
       why="A guessed health condition is special-category data (GDPR Art. 9(1)). Outside "
           "platforms explicit consent is the usual condition (Art. 9(2)(a)); on online "
           "platforms ads profiled on it are banned (DSA Art. 26(3)).",
       source="GDPR Art. 9; DSA Art. 26(3)"),
    _q("creepy.a_minors", "03_helpful_or_creepy",
       "A 15-year-old in France and her parent have both agreed to personalised ads on a video "
       "platform. May it show her profiling-based ads?",
       right="No: the DSA ban on profiling-based ads to minors holds whatever the consent.",
       wrong=[("Yes: in France a child under 15 needs joint consent with a parent, and she is 15, "
               "so her own yes suffices.",
               "The French digital consent age decides who consents to processing; the DSA "
               "ban is separate."),
              ("Yes: joint consent of the child and the parent lifts every restriction on "
               "minors.",
               "Consent does not lift DSA Art. 28(2)."),
              ("Yes, but only for products that are not age-restricted, such as alcohol.",
               "Age-restricted products are another rule; the profiling ban covers all ads.")],
       at="a", kind=A,
       why="DSA Art. 28(2): no profiling-based ads to users the platform knows to be minors, "
           "whatever the consent. France's age of 15 (Loi Informatique et Libertés art. 45) "
           "governs consent to processing only.",
       source="DSA Art. 28(2); Loi Informatique et Libertés art. 45"),
    _q("creepy.a_hardship", "03_helpful_or_creepy",
       "A segment 'in arrears' is offered a payday loan. How should the risk be classed?",
       right="A vulnerability under conduct rules such as FCA FG21/1, CONC 2.10 and UCPD Art. "
             "5(3).",
       wrong=[("A special category of data under GDPR Art. 9, so the offer needs explicit "
               "consent.",
               "Financial hardship is not a special category."),
              ("A ban under AI Act Art. 5(1)(b), whenever one flagged person is shown the "
               "offer.",
               "Art. 5(1)(b) bans exploiting vulnerabilities to cause significant harm; one "
               "flagged person shown an offer is not in itself that practice."),
              ("No rule applies: hardship is not a special category, so the segment is an "
               "ordinary one.",
               "Consumer-protection and conduct rules protect people in difficulty.")],
       at="d", kind=A,
       why="Marketing to people in financial difficulty is governed by consumer-protection and "
           "conduct rules (FCA FG21/1 and Consumer Duty, CONC 2.10, UCPD Art. 5(3), LCCP SR "
           "5.1.11 for gambling); the suite warns so a person reviews it.",
       source="FCA FG21/1; CONC 2.10; UCPD Art. 5(3); AI Act Art. 5(1)(b)"),
    _q("creepy.a_housing_age", "03_helpful_or_creepy",
       "A US housing ad on Meta is targeted at ages 25 to 34. What makes this wrong?",
       right="The platform's rules for housing ads, which forbid age targeting in the US and "
             "Canada.",
       wrong=[("The Fair Housing Act, which lists age among the traits housing ads may not "
               "prefer.",
               "Its list is race, colour, religion, sex, handicap, familial status and national "
               "origin (42 U.S.C. 3604(c)): not age."),
              ("ECOA, which forbids age targeting in every kind of advertising.",
               "ECOA covers credit, not housing ads."),
              ("Nothing: age targeting is allowed for housing in the US.",
               "Meta's Special Ad Categories, from the 2019 NFHA settlement, forbid it.")],
       at="c", kind=A,
       why="Age and postcode limits for housing, employment and credit ads come from the "
           "platforms (Meta's Special Ad Categories after the 2019 NFHA settlement; Google's "
           "personalised advertising policy).",
       source="42 U.S.C. 3604(c); NFHA settlement, March 2019"),
    _q("creepy.a_micro", "03_helpful_or_creepy",
       "An audience holds 40 people, under the platform's minimum of 100 for matched audiences. "
       "How does the suite judge it?",
       right="A risk of singling people out, to review: not a breach by itself.",
       wrong=[("A breach of the GDPR, which forbids audiences of fewer than 100 people.",
               "The GDPR sets no minimum audience; the 100 is a platform rule."),
              ("Fine as long as the data is k-anonymous with k of at least 40.",
               "The GDPR sets no k (Recital 26), and k-anonymity alone is not enough (WP29 "
               "Opinion 05/2014)."),
              ("Always fine: small audiences are more relevant and so more respectful of "
               "people.",
               "Small segments can single people out (EDPB Guidelines 8/2020).")],
       at="a", kind=A,
       why="Platform minimum audience sizes apply to matched audiences on those platforms; "
           "small segments are a re-identification and singling-out risk (EDPB Guidelines "
           "8/2020), not a breach by themselves.",
       source="EDPB Guidelines 8/2020"),
    _q("creepy.a_pressure", "03_helpful_or_creepy",
       "Where does the 'more than seven contacts in seven days' cap come from?",
       right="Regulation F, a presumption about a debt collector's calls, used here as a norm.",
       wrong=[("The GDPR, which limits marketing to seven messages a week per person.",
               "The GDPR sets no contact cap."),
              ("CAN-SPAM, which caps US marketing emails at seven a week.",
               "CAN-SPAM sets no frequency limit; it is about opt-out and honesty."),
              ("The ePrivacy Directive, which sets a weekly cap for every channel.",
               "The Directive asks for consent per channel; it sets no cap.")],
       at="b", kind=A,
       why="Regulation F's 7-in-7 rule (12 CFR 1006.14(b)(2)) is a rebuttable presumption for a "
           "debt collector's calls about one debt; as a marketing cap it is a norm to review.",
       source="12 CFR 1006.14(b)(2)"),
    _q("creepy.a_selfexcluded", "03_helpful_or_creepy",
       "A UK gambling operator's model picks a customer who has self-excluded for a free-bet "
       "offer. Which is right?",
       right="It must not: licence conditions forbid marketing to self-excluded people.",
       wrong=[("It may, because the customer is an adult and free bets cost them nothing.",
               "LCCP SR 5.1.11 forbids marketing to people who have excluded themselves."),
              ("It may if the customer gave marketing consent before they self-excluded.",
               "Self-exclusion overrides earlier marketing consent."),
              ("It may by post, since the rule only covers emails and texts.",
               "The licence condition covers marketing, whatever the channel.")],
       at="c", kind=A,
       why="The Gambling Commission's licence conditions forbid marketing to people who have "
           "excluded themselves (LCCP SR 5.1.11).",
       source="Gambling Commission LCCP SR 5.1.11"),
    # ================================================================== 04 transparency
    _q("transparency.q_promise", "04_transparency",
       "The inventory declares gender 'audit only', and the notice says gender is not used to "
       "choose offers. The check finds 'gender:female' among the targeting criteria. What needs "
       "fixing?",
       right="The practice: stop selecting people by gender.",
       wrong=[("The notice: add gender to the list of data used, so that customers are told "
               "the truth.",
               "Telling customers would make a bad practice transparent, not acceptable: the "
               "purpose was fairness measurement."),
              ("Nothing: targeting criteria are not the model, so the inventory does not apply "
               "to them.",
               "Selecting people by a criterion is using the data."),
              ("The check: targeting criteria are text labels, not data, and should be "
               "ignored.",
               "A criterion named after a column is that column's data at work.")],
       at="a",
       why="Purpose limitation (GDPR Art. 5(1)(b)): data collected to measure fairness may not "
           "quietly become data that selects people.",
       source="GDPR Art. 5(1)(b)"),
    _q("transparency.q_applecard", "04_transparency",
       "After complaints that Apple Card gave wives far lower credit limits than husbands, New "
       "York's regulator (DFS, March 2021) reviewed about 400,000 applicants, found no "
       "fair-lending violation, and still faulted the service. For what?",
       right="Transparency: customers could not see how limits were decided.",
       wrong=[("Its interest rates, which were higher for women than for men with the same "
               "income.",
               "The review found no fair-lending violation; it was about how limits were "
               "explained."),
              ("Its card design, which did not show the credit limit on the card itself.",
               "Think about what customers could not understand."),
              ("Reviewing too few applicants to reach a firm conclusion about the complaints.",
               "The review covered about 400,000 people.")],
       at="c",
       why="A measured disparity and a perceived unfairness are different things; a clear "
           "explanation of how decisions are made is what lets people trust the first.",
       source="New York DFS report, 23 Mar 2021"),
    _q("transparency.a_notice", "04_transparency",
       "Which of these must a customer notice under GDPR Art. 13 contain?",
       right="Each purpose with its legal basis, and the legitimate interests relied on.",
       wrong=[("A list of every column of every table in which the customer's data is stored.",
               "Art. 13 asks for purposes, bases, recipients, retention and rights; Art. 30 "
               "records list categories of data, not columns."),
              ("The source code of the targeting model, so that customers can check it "
               "themselves.",
               "The law asks for meaningful information about the logic (Art. 13(2)(f)), not "
               "code."),
              ("Nothing beyond a link to the cookie banner, since the banner already asks for "
               "consent.",
               "A cookie banner is not a notice; Art. 13 lists what must be said.")],
       at="b", kind=A,
       why="A notice names the controller and DPO, purposes with their legal basis and the "
           "legitimate interests relied on, recipients, transfers, retention, the rights, the "
           "right to complain, and automated decision-making (GDPR Art. 13, 14).",
       source="GDPR Art. 13(1)(c)-(d)"),
    _q("transparency.a_object", "04_transparency",
       "How must a notice present the right to object to direct marketing?",
       right="Clearly and separately from the other information.",
       wrong=[("In the terms and conditions, among the other rights, in the same font.",
               "Art. 21(4) asks for it to be presented clearly and separately."),
              ("Only when the customer asks for it, since the right exists anyway.",
               "It must be brought to the person's attention at the latest at first contact "
               "(Art. 21(4))."),
              ("Only to customers in countries where marketing email needs consent.",
               "The right to object to direct marketing is the GDPR's (Art. 21(2)), whatever "
               "the channel and whatever the basis relied on.")],
       at="c", kind=A,
       why="GDPR Art. 21(4): the right to object to direct marketing must be explicitly brought "
           "to the person's attention, clearly and separately from any other information.",
       source="GDPR Art. 21(4)"),
    _q("transparency.a_adm", "04_transparency",
       "Offers are decided by an automated system with significant effects. What must the "
       "notice say about it?",
       right="That it exists, with meaningful information about its logic and consequences.",
       wrong=[("Nothing: trade secrets protect the model, so the notice can leave it out.",
               "The CJEU (C-203/22 Dun & Bradstreet Austria, 2025) held that trade secrets do "
               "not remove the duty to explain."),
              ("Only the name of the software vendor that built the system.",
               "A vendor's name says nothing about the logic or the consequences."),
              ("The model's full list of weights, which is the only complete explanation.",
               "Meaningful information is what a person can understand, not raw weights.")],
       at="a", kind=A,
       why="GDPR Art. 13(2)(f): the existence of automated decision-making with meaningful "
           "information about the logic and its consequences (CJEU C-203/22 Dun & Bradstreet "
           "Austria, 27 Feb 2025).",
       source="GDPR Art. 13(2)(f); CJEU C-203/22"),
    _q("transparency.a_dsa", "04_transparency",
       "A brand runs ads on an online platform. Who must show, with each ad, the main "
       "parameters used to select who sees it?",
       right="The platform, for each ad it presents.",
       wrong=[("The brand, in its own privacy notice, once for all its ads.",
               "The DSA's Art. 26(1)(d) duty falls on the platform, per ad."),
              ("Nobody: parameters are business secrets.",
               "Art. 26(1)(d) requires them to be shown."),
              ("The agency that bought the media, in its yearly report.",
               "The duty is the platform's, shown with each ad.")],
       at="d", kind=A,
       why="DSA Art. 26(1)(d): the platform must show, for each ad, meaningful information about "
           "the main parameters used to determine who sees it.",
       source="DSA Art. 26(1)(d)"),
    _q("transparency.a_price", "04_transparency",
       "An EU online shop personalises prices by automated decision-making. What must it tell "
       "the consumer?",
       right="That the price was personalised by automated decision-making.",
       wrong=[("Nothing: personalised prices are a normal commercial practice.",
               "The Consumer Rights Directive (Art. 6(1)(ea)) requires the information."),
              ("The prices every other customer paid for the same item.",
               "The duty is to say the price is personalised, not to list others' prices."),
              ("Only that cookies were used on the site.",
               "A cookie notice does not tell the consumer the price itself was "
               "personalised.")],
       at="a", kind=A,
       why="Consumer Rights Directive Art. 6(1)(ea), inserted by Directive 2019/2161: a consumer "
           "must be told when a price is personalised by automated decision-making.",
       source="Consumer Rights Directive Art. 6(1)(ea)"),
    _q("transparency.a_honest", "04_transparency",
       "A campaign chooses offers from spend per visit and tenure, never from gender. Which "
       "sentence for customers is honest and complete?",
       right="We pick offers from your spend and tenure, never your gender; click 'object' to "
             "stop.",
       wrong=[("We use your gender and ethnicity to choose your offers. You cannot opt out.",
               "It claims data the campaign does not use and denies a right the customer has "
               "(GDPR Art. 21)."),
              ("We may use your data to improve your experience and show you relevant offers.",
               "It names no data, says nothing about what is not used, and gives no way to say "
               "no."),
              ("Under GDPR Art. 6(1)(f) and Art. 21 we process data lawfully and transparently "
               "for you.",
               "Article numbers and keywords are not information: what data, what not, how to "
               "stop?")],
       at="b", kind=A,
       why="A good notice names the data used, says what is not used, and tells the customer "
           "how to object, in plain words, and every claim must match the inventory.",
       source="GDPR Art. 12(1), 13, 21(4)"),
    _q("transparency.a_whatsapp", "04_transparency",
       "The Irish DPC fined WhatsApp €225M in September 2021. What was the failing?",
       right="Transparency: what people were told about the processing of their data.",
       wrong=[("A data breach in which hackers stole message contents.",
               "The decision was about transparency under Art. 12-14, not a breach."),
              ("Sending marketing texts without the consent the ePrivacy rules ask for.",
               "It was about what users and non-users were told (Art. 12-14)."),
              ("Storing messages longer than the retention period in its notice.",
               "The failing was the information given, under Art. 12-14.")],
       at="d", kind=A,
       why="DPC v WhatsApp (€225M, September 2021) concerned transparency under GDPR Art. "
           "12-14: what people are told about the processing of their data.",
       source="DPC decision on WhatsApp, Sep 2021"),
    # ========================================================= 05 cookies and dark patterns
    _q("cookies.q_refuse", "05_cookies_and_dark_patterns",
       "On 31 December 2021 the CNIL fined Google €150M and Facebook €60M over their cookie "
       "banners. What was wrong?",
       right="Refusing cookies took more effort than accepting them.",
       wrong=[("The sites set no cookies at all, so their ads could not be measured.",
               "The fines were about how people were asked, not about missing cookies."),
              ("The banners were written in English for French users.",
               "The language was not the failing; the effort of saying no was."),
              ("They asked for consent when the law says cookies need none.",
               "Cookies for ads do need prior consent (ePrivacy Art. 5(3)).")],
       at="b",
       why="Accepting took one click; refusing took several. A consent that is harder to refuse "
           "than to give is not freely given; the CNIL fined Google €150M and Facebook €60M.",
       source="CNIL decisions of 31 Dec 2021 (Google, Facebook)"),
    _q("cookies.q_tcf", "05_cookies_and_dark_patterns",
       "Under the IAB Europe TCF v2.2, a vendor relies on legitimate interest for purposes 3 "
       "and 4 (personalised ads profile and selection). Is that enough to personalise ads?",
       right="No: v2.2 removed legitimate interest for ad purposes 3 to 6.",
       wrong=[("Yes: legitimate interest is listed in the string, so the vendor may personalise "
               "ads.",
               "TCF v2.2 (2023) removed legitimate interest as a basis for purposes 3 to 6."),
              ("Yes, provided the visitor did not object in the banner's second layer.",
               "For purposes 3 and 4 only consent counts in v2.2; an absent objection is not "
               "consent."),
              ("Only for visitors outside the EU, where the TCF does not apply.",
               "The suite reads TC strings in any jurisdiction; where a TC string is used, its "
               "purposes decide.")],
       at="d",
       why="TCF v2.2 removed legitimate interest for advertising purposes 3 to 6; a TC string "
           "must give consent to purposes 1, 3 and 4 (and to the vendor relied on).",
       source="IAB Europe TCF v2.2"),
    _q("cookies.a_strict", "05_cookies_and_dark_patterns",
       "Which of these needs the visitor's prior consent on an EU website?",
       right="An ad network's pixel that reads an identifier to build an ads profile.",
       wrong=[("A cookie that keeps the items in the visitor's shopping basket while they shop.",
               "A cookie strictly necessary for the service the visitor asked for is exempt "
               "from Art. 5(3)'s consent."),
              ("A cookie that remembers the visitor's refusal of cookies, so the banner is not "
               "shown again.",
               "Storing the refusal is needed to respect it; it builds no profile."),
              ("A load-balancing cookie that keeps the visitor on the same server for one "
               "session.",
               "Technically necessary for the service requested: exempt.")],
       at="a", kind=A,
       why="ePrivacy Art. 5(3) (UK PECR reg. 6) asks for prior consent to store or read "
           "information on a device, except where strictly necessary for the service the user "
           "asked for; advertising is never that.",
       source="ePrivacy Directive Art. 5(3); UK PECR reg. 6"),
    _q("cookies.a_prefilled", "05_cookies_and_dark_patterns",
       "A consent banner shows the 'Personalised ads' switch already on. The visitor clicks "
       "'Save'. Do you have consent?",
       right="No: a preset choice is not an active yes.",
       wrong=[("Yes: the visitor saw the switch and clicked Save, which confirms it.",
               "Leaving a pre-set choice is not an active yes (Planet49, 2019)."),
              ("Yes, if the banner's text says that saving means agreeing.",
               "A sentence cannot turn a pre-ticked choice into consent (Recital 32)."),
              ("Yes for a year, after which consent must be asked again.",
               "There was never consent to renew.")],
       at="c", kind=A,
       why="Pre-ticked boxes, and switches set on in advance, are not consent (CJEU C-673/17 "
           "Planet49, 1 Oct 2019; GDPR Recital 32).",
       source="CJEU C-673/17 Planet49"),
    _q("cookies.a_tcstring", "05_cookies_and_dark_patterns",
       "What did the Belgian DPA (2 Feb 2022) and the CJEU (C-604/22, 7 Mar 2024) decide "
       "about the TCF?",
       right="The TC string is personal data, and IAB Europe a joint controller for it.",
       wrong=[("The TC string is anonymous, because it holds no name or email address.",
               "Combined with an IP address or device id it identifies a user: personal data."),
              ("IAB Europe only writes a standard, so it bears no responsibility for the "
               "strings.",
               "The CJEU held that IAB Europe can be a joint controller for the strings."),
              ("Personalised advertising is banned in the EU from 2024.",
               "No ban: the decision is about the TC string and who answers for it.")],
       at="b", kind=A,
       why="CJEU C-604/22 (7 Mar 2024), after the Belgian DPA's decision of 2 Feb 2022: the TC "
           "string is personal data, and IAB Europe can be a joint controller for it.",
       source="Belgian DPA decision, 2 Feb 2022; CJEU C-604/22"),
    _q("cookies.a_meta", "05_cookies_and_dark_patterns",
       "On what basis may a social network personalise ads using its users' activity, after "
       "CJEU C-252/21 Meta v Bundeskartellamt (4 Jul 2023)?",
       right="Hardly anything but their consent: not the contract, hardly legitimate "
             "interests.",
       wrong=[("The contract: users signed up to a free service paid for by ads.",
               "The Court held that personalised ads are not necessary for the contract."),
              ("Legitimate interests, as for any direct marketing under Recital 47.",
               "For a social network's personalised ads the Court found legitimate interests "
               "hardly available."),
              ("No basis is needed when the data comes from the users' own posts.",
               "Every processing needs a basis (GDPR Art. 6(1)).")],
       at="a", kind=A,
       why="The CJEU held that personalised advertising cannot rest on the contract and hardly "
           "on legitimate interests for a social network (C-252/21, 4 Jul 2023).",
       source="CJEU C-252/21 Meta v Bundeskartellamt"),
    _q("cookies.a_lia", "05_cookies_and_dark_patterns",
       "A company relies on legitimate interests for postal marketing. What does a "
       "legitimate-interests assessment check?",
       right="A legitimate purpose, necessity, and a balance against the person's interests.",
       wrong=[("Only that the company's interest is commercial, which is always legitimate.",
               "A legitimate purpose is one step of three; necessity and the balance follow."),
              ("Whether the person gave consent, which the assessment records.",
               "Consent is a different basis (Art. 6(1)(a)); the assessment is for Art. "
               "6(1)(f)."),
              ("Nothing: once written, the assessment removes the right to object.",
               "The right to object to direct marketing is unconditional (Art. 21(2)-(3)).")],
       at="d", kind=A,
       why="GDPR Art. 6(1)(f): a legitimate interest, processing necessary for it, and the "
           "person's interests and reasonable expectations not overriding it (Recital 47); the "
           "right to object to direct marketing stays unconditional (Art. 21(2)-(3)).",
       source="GDPR Art. 6(1)(f), Recital 47, Art. 21"),
    _q("cookies.a_darkpattern", "05_cookies_and_dark_patterns",
       "Which banner design do regulators treat as a deceptive pattern?",
       right="A big coloured 'Accept all' beside a small grey 'More options' link.",
       wrong=[("Two buttons of the same size and colour: 'Accept all' and 'Refuse all'.",
               "Equal buttons make refusing as easy as accepting: the fair design."),
              ("A first layer that names the purposes and the partners, with 'Accept' and "
               "'Refuse'.",
               "Naming purposes and partners is what informed consent needs."),
              ("A banner that, after a refusal, does not ask again on every page.",
               "Not nagging after a refusal respects the choice.")],
       at="b", kind=A,
       why="Making refusal harder or less visible than acceptance is what the CNIL fined "
           "(Google, Facebook, 31 Dec 2021) and what the EDPB's guidelines 03/2022 on deceptive "
           "design patterns describe; on online platforms DSA Art. 25 forbids deceptive interfaces "
           "where the GDPR and consumer law do not already cover them.",
       source="CNIL 31 Dec 2021; EDPB Guidelines 03/2022; DSA Art. 25"),
    # ======================================================= 06 ad platforms and AI content
    _q("platforms.q_fashionid", "06_ad_platforms_and_ai_content",
       "A shop embeds a social network's 'Like' button, which sends visitors' data to the "
       "network when the page loads. Who answers for that collection?",
       right="The shop and the network jointly, for collecting and sending the data.",
       wrong=[("Only the social network: the shop merely shows a button it did not write.",
               "The CJEU (Fashion ID, C-40/17) held the site operator a joint controller for "
               "the collection and transmission."),
              ("Only the shop, which then answers for everything the network does with the "
               "data later.",
               "Joint control covers the collection and transmission, not the network's later "
               "processing."),
              ("Nobody, because the visitor did not click the button.",
               "The data is sent when the page loads, click or not.")],
       at="c",
       why="CJEU C-40/17 Fashion ID (29 Jul 2019): a website embedding a social plug-in is a "
           "joint controller with the network for collecting and transmitting visitors' data, "
           "and must get consent where the device rule (ePrivacy Art. 5(3)) asks for it.",
       source="CJEU C-40/17 Fashion ID"),
    _q("platforms.q_deepfake", "06_ad_platforms_and_ai_content",
       "An ad uses an AI-generated video in which a real TV presenter appears to praise the "
       "product; she never recorded it. What does the AI Act ask of the advertiser?",
       right="To disclose that the video was artificially generated.",
       wrong=[("Nothing more, once the presenter has been paid for the use of her likeness in "
               "the campaign.",
               "Paying her settles her own rights; Art. 50(4) still asks for the viewers to be "
               "told."),
              ("To register the video with the EU AI Office before the campaign starts.",
               "The AI Act asks for disclosure of such content, not registration."),
              ("To stop: AI-generated people are banned from advertising in the EU.",
               "There is no such ban; the duty is transparency.")],
       at="a",
       why="AI Act Art. 50(4) (from 2 Aug 2026): a deployer of an AI system that generates a "
           "deep fake (content resembling real people or events that would falsely appear "
           "authentic) must disclose that it was artificially generated; providers must mark "
           "synthetic output machine-readably (Art. 50(2)).",
       source="EU AI Act Art. 50(2), (4)"),
    _q("platforms.a_audience", "06_ad_platforms_and_ai_content",
       "Marketing uploads customers' hashed email addresses to build a custom audience. Which "
       "is right?",
       right="Hashed emails are still personal data: the upload needs a basis and notice.",
       wrong=[("Hashing makes the addresses anonymous, so the GDPR no longer applies.",
               "The platform matches the hashes to its users: pseudonymised data is personal "
               "data."),
              ("The platform alone answers for the audience, so the advertiser has no duty.",
               "The advertiser chooses the data and the purpose; it answers for the upload."),
              ("It is allowed for every customer, including those who objected, since they "
               "are only matched.",
               "An objection to direct marketing must be honoured: leave them out.")],
       at="a", kind=A,
       why="A hash the platform can match to its users is pseudonymised, not anonymous (GDPR "
           "Recital 26). Uploading needs a basis, a notice that names the recipient (Art. 13), "
           "and it must leave out people who objected.",
       source="GDPR Recital 26, Art. 13, 21; EDPB Guidelines 8/2020"),
    _q("platforms.a_fanpage", "06_ad_platforms_and_ai_content",
       "A company runs a fan page on a social network and reads its visitor statistics. What "
       "did the CJEU decide in Wirtschaftsakademie (C-210/16, 5 Jun 2018)?",
       right="The page's administrator is a joint controller with the network.",
       wrong=[("The administrator has no responsibility, since the network runs everything.",
               "By setting up the page and its statistics the administrator takes part in "
               "deciding the processing."),
              ("Only visitors who are logged in are protected.",
               "The decision concerned visitors in general."),
              ("The network must stop providing statistics to page owners.",
               "The Court allocated responsibility; it did not ban statistics.")],
       at="c", kind=A,
       why="CJEU C-210/16 Wirtschaftsakademie (5 Jun 2018): the administrator of a fan page is a "
           "joint controller with the network for the processing of visitors' data.",
       source="CJEU C-210/16 Wirtschaftsakademie"),
    _q("platforms.a_pixel", "06_ad_platforms_and_ai_content",
       "A telehealth site puts an ad platform's pixel on its questionnaire pages. Which case "
       "shows the risk?",
       right="FTC v. BetterHelp: $7.8M for sharing answers with ad platforms.",
       wrong=[("Apple Card: the DFS review of credit limits for wives.",
               "Apple Card was about explaining credit decisions, not pixels."),
              ("Target: a pregnancy predicted from about 25 products bought together in shopping "
               "baskets.",
               "Target inferred health data itself; it did not share it through a pixel."),
              ("Google's data-centre cooling, which used machine learning.",
               "That case is about transparency of an AI system, not sharing.")],
       at="b", kind=A,
       why="The FTC acted against BetterHelp ($7.8M, Mar 2023) and GoodRx ($1.5M, Feb 2023) for "
           "sharing health data with ad platforms through pixels against their own promises; "
           "Norway fined Grindr NOK 65M for sharing with ad partners without valid consent.",
       source="FTC v. BetterHelp (2023); FTC v. GoodRx (2023)"),
    _q("platforms.a_gpc", "06_ad_platforms_and_ai_content",
       "A California visitor's browser sends a Global Privacy Control signal. The visitor is in "
       "a platform audience. What must happen?",
       right="Treat it as an opt-out of sale and sharing, and drop them from the audience.",
       wrong=[("Nothing: GPC is a browser setting, not a request the visitor typed.",
               "California treats GPC as a valid opt-out (Cal. Code Regs. tit. 11 §7025; "
               "Sephora, $1.2M)."),
              ("Ask them to confirm by email before honouring it.",
               "The signal itself is the opt-out; asking to confirm adds a hurdle."),
              ("Stop all marketing to them, by every channel, for good.",
               "GPC opts out of sale and sharing, not of all marketing (§1798.120).")],
       at="b", kind=A,
       why="A GPC signal must be treated as an opt-out of sale or sharing in California (§7025; "
           "Sephora $1.2M, Aug 2022; CPPA Honda order $632,500, Mar 2025), Colorado, "
           "Connecticut, Texas, Oregon, Montana and New Jersey.",
       source="Cal. Code Regs. tit. 11 §7025; CCPA §1798.120"),
    _q("platforms.a_chatbot", "06_ad_platforms_and_ai_content",
       "A shop's sales chatbot answers customers in natural language. What does AI Act Art. "
       "50(1) ask?",
       right="That people are told they are talking to an AI system, unless it is obvious.",
       wrong=[("That the chatbot is never used for selling.",
               "The Act asks for transparency, not a ban on sales chatbots."),
              ("That a human member of staff reads and approves every message before it is "
               "sent.",
               "Art. 50(1) asks for disclosure, not human review of every message."),
              ("Nothing, because chatbots are minimal-risk systems.",
               "Art. 50 transparency duties apply to systems that interact with people.")],
       at="d", kind=A,
       why="AI Act Art. 50(1) (from 2 Aug 2026): systems that interact directly with people must "
           "be designed so that they are told they are dealing with an AI system, unless that "
           "is obvious.",
       source="EU AI Act Art. 50(1)"),
    _q("platforms.a_literacy", "06_ad_platforms_and_ai_content",
       "What does AI Act Art. 4 (from 2 Feb 2025) ask of a company whose marketers use AI "
       "tools?",
       right="Measures to give its staff a sufficient level of AI literacy.",
       wrong=[("A certificate for each AI tool, issued by a national authority.",
               "Art. 4 asks for AI literacy of staff, not tool certificates."),
              ("Nothing, unless the company builds AI systems itself.",
               "Art. 4 applies to deployers as well as providers."),
              ("That only data scientists may use AI tools.",
               "It asks for literacy of the people who use the tools, not a restriction.")],
       at="a", kind=A,
       why="AI Act Art. 4: providers and deployers take measures to ensure a sufficient level "
           "of AI literacy of their staff; a completion record of this module is evidence of "
           "such training, as GDPR Art. 39(1)(b) asks the DPO to monitor.",
       source="EU AI Act Art. 4; GDPR Art. 39(1)(b)"),
    _q("platforms.a_grindr", "06_ad_platforms_and_ai_content",
       "Why did Norway's regulator fine Grindr NOK 65 million (13 Dec 2021, upheld 2023)?",
       right="It shared data revealing sexual orientation with ad partners without valid "
             "consent.",
       wrong=[("It sent users far more marketing emails and push notifications than they had "
               "agreed to.",
               "The case was about sharing with ad partners, not email."),
              ("It showed ads to minors.",
               "The finding was about sharing data that reveals sexual orientation."),
              ("Its servers were hacked.",
               "It was a decision on consent and sharing, not a breach.")],
       at="c", kind=A,
       why="Grindr shared location, advertising id and the fact of using Grindr (which reveals "
           "sexual orientation) with ad partners without valid consent.",
       source="Norwegian DPA, 13 Dec 2021; upheld 27 Sep 2023"),
]

QUESTIONS: dict[str, Question] = {q.id: q for q in _BANK}

#: module stem -> ids of its in-text quiz questions, in order
MODULE_QUESTIONS: dict[str, list[str]] = {}
#: module stem -> ids of its assessment questions, in the order they are asked
ASSESSMENT: dict[str, list[str]] = {}
for _q_ in QUESTIONS.values():
    (ASSESSMENT if _q_.kind == "assessment" else MODULE_QUESTIONS).setdefault(
        _q_.module, []).append(_q_.id)
