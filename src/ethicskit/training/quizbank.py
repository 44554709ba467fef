"""The quiz questions of the training modules: question, options, the right letter and why.

Each question rests on a real case (see the trainer's guide, docs/training.md, for the sources) or
on the rule a check applies, written in our own words. ``hints`` answer a wrong choice without giving the right one.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    id: str
    module: str
    question: str
    options: dict
    answer: str
    why: str
    hints: dict = field(default_factory=dict)
    source: str = ""


QUESTIONS: dict[str, Question] = {q.id: q for q in [
    # ------------------------------------------------------------ 01 consent
    Question(
        "consent.q_valid", "01_consent",
        "Which of these is valid consent to send someone marketing emails?",
        {"a": "A box 'Send me offers' that was already ticked, and the customer left it.",
         "b": "An empty box the customer ticks, next to a sentence saying what they will get "
              "and how to stop.",
         "c": "A line in the terms: 'By using this site you agree to receive offers.'",
         "d": "The customer did not reply to an email announcing the newsletter."},
        "b",
        "Where the law asks for consent to marketing emails (in the EU, ePrivacy Directive Art. "
        "13(1); in the UK, PECR reg. 22), it must be a clear, active yes to something specific "
        "and explained (GDPR Art. 4(11) and 7). Recital 32 says it outright: silence, pre-ticked "
        "boxes and inactivity are not consent (the CJEU confirmed it for pre-ticked boxes in "
        "Planet49, 2019), and a yes hidden in the terms is not specific.",
        {"a": "Who ticked that box: the customer, or the company?",
         "c": "Could a customer use the site without agreeing? Is the yes specific?",
         "d": "Does silence tell you what the person wants?"},
        "GDPR Art. 4(11), Art. 7, Recital 32; CJEU C-673/17 Planet49"),
    Question(
        "consent.q_att", "01_consent",
        "When iOS 14.5 (26 April 2021) made apps ask before tracking people across other "
        "companies' apps and sites, early Flurry Analytics figures showed only about 4% of US "
        "users saying yes. What does this tell a marketer?",
        {"a": "People had already chosen to be tracked before; the prompt changed nothing.",
         "b": "An opt-out default had counted as a yes many people who say no when they are "
              "asked.",
         "c": "People do not care about tracking, so asking is pointless.",
         "d": "Tracking is now forbidden everywhere."},
        "b",
        "Before App Tracking Transparency, tracking was on unless people found the setting. When "
        "the question was asked plainly, most said no. That is why EU and UK law ask for a prior "
        "yes before cookies or similar trackers are read or stored on a device (ePrivacy Art. "
        "5(3), PECR reg. 6) and before marketing emails and texts (ePrivacy Art. 13(1)), and "
        "why silence is never a yes. Where the law is opt-out (US email, for instance), a "
        "default still decides what most people end up with. Meta expected about $10B less "
        "revenue in 2022.",
        {"a": "If people had chosen tracking, would so few say yes when asked?",
         "c": "Most people answered, and their answer was no.",
         "d": "The prompt asks; it does not forbid. What changed was the default."},
        "Apple App Tracking Transparency, iOS 14.5, 26 Apr 2021"),
    Question(
        "consent.q_country", "01_consent",
        "A French customer and a US customer are both emailed the newsletter. Neither ever ticked "
        "an opt-in box, and neither is an existing customer. Which is right?",
        {"a": "Both emails break the law: marketing always needs consent.",
         "b": "The French email breaks the rule that marketing emails need a prior opt-in; the US "
              "email does not, but the US customer must be able to unsubscribe and be honoured "
              "within 10 business days.",
         "c": "Neither: the GDPR allows direct marketing on legitimate interests, so no opt-in is "
              "needed anywhere.",
         "d": "The US email is the breach: the CCPA requires an opt-in for marketing."},
        "b",
        "The GDPR does not itself require consent for direct marketing: legitimate interests can "
        "be the basis (Art. 6(1)(f), Recital 47), with an unconditional right to object (Art. "
        "21(2)-(3)). The prior opt-in for email comes from the ePrivacy rules (Directive "
        "2002/58/EC Art. 13(1); UK PECR reg. 22), with a soft opt-in only for existing customers "
        "offered similar products (Art. 13(2)). US commercial email is opt-out: CAN-SPAM (15 "
        "U.S.C. 7704) requires a working unsubscribe, honoured within 10 business days. The "
        "CCPA gives a right to opt out of the sale or sharing of data (§1798.120), not an opt-in "
        "for marketing.",
        {"a": "Is consent required for email everywhere? Think of CAN-SPAM.",
         "c": "The GDPR is not the only rule on marketing emails. Which EU directive covers "
              "electronic marketing?",
         "d": "What does §1798.120 let Californians opt out of: marketing, or the sale and "
              "sharing of their data?"},
        "ePrivacy Directive Art. 13(1)-(2); GDPR Art. 6(1)(f), 21; CAN-SPAM 15 U.S.C. 7704"),
    Question(
        "consent.q_explicit", "01_consent",
        "A customer's health condition may be used only with their explicit consent. Which of "
        "these is explicit?",
        {"a": "The privacy policy mentions health data, and the customer accepted the policy.",
         "b": "A separate statement the customer confirms: 'Yes, use my health condition to "
              "choose which offers I see.'",
         "c": "The customer told a shop assistant about their condition.",
         "d": "The condition can be guessed from what they buy."},
        "b",
        "Explicit consent (GDPR Art. 9(2)(a)) is an express statement about exactly this use, "
        "given separately, that the organisation can show later. Accepting a policy, telling "
        "someone, or being guessed at is not it. Norway's regulator fined Grindr NOK 65 million "
        "(2021, upheld 2023) for sharing with ad partners, without valid consent, data that "
        "revealed users' sexual orientation; in the US the FTC acted against GoodRx and "
        "BetterHelp (2023) for sharing health data with ad platforms against their own "
        "promises.",
        {"a": "Did the customer say yes to this use, or to a whole document?",
         "c": "Telling someone is not agreeing to marketing use.",
         "d": "A guess is an inference made without asking: the opposite of consent."},
        "GDPR Art. 9(2)(a); Norwegian DPA on Grindr (2021); FTC v. GoodRx, FTC v. BetterHelp "
        "(2023)"),
    # ------------------------------------------------------------ 02 bias
    Question(
        "bias.q_label", "02_bias",
        "Obermeyer et al. (Science, 2019) found a care-management algorithm under-served Black "
        "patients. Race was not an input. What carried the bias?",
        {"a": "A programming error in the score.",
         "b": "The label: it predicted health costs as a stand-in for health needs, and less had "
              "been spent on Black patients with the same needs.",
         "c": "Too few Black patients in the data.",
         "d": "Doctors overrode the algorithm."},
        "b",
        "The model predicted spending well; spending was the wrong target. At equal scores Black "
        "patients were sicker, and fixing the label would raise their share of extra help from "
        "17.7% to 46.5%. A campaign that targets by past spend or lifetime value runs the same "
        "risk.",
        {"a": "The model did what it was built to do. Look at what it was built to predict.",
         "c": "The problem stayed with plenty of data. What was the model trained to predict?",
         "d": "The gap was in the scores themselves, before anyone decided."},
        "Obermeyer et al., Science 366(6464):447-453, 2019"),
    Question(
        "bias.q_amazon", "02_bias",
        "Amazon's experimental recruiting model (Reuters, 2018) marked down CVs containing the "
        "word \"women's\". Gender was not a column. How did it learn that?",
        {"a": "From ten years of CVs, mostly from men: words linked to women looked unlike past "
              "hires, so they worked as a stand-in for gender.",
         "b": "An engineer told it to.",
         "c": "Women sent worse CVs.",
         "d": "By chance; it would have gone away with more data."},
        "a",
        "The model copied the past. Any feature that goes with gender (a word, a club, a "
        "college, a favourite shop department) can carry the gap: that is a proxy. More of the "
        "same data only teaches the same lesson better. The team was disbanded by early 2017.",
        {"b": "Nobody wrote that rule. Where do models learn their rules?",
         "c": "The CVs were judged against past hires. Who were the past hires?",
         "d": "More data from the same past would repeat the same pattern."},
        "Reuters, J. Dastin, 10 Oct 2018"),
    Question(
        "bias.q_reweigh", "02_bias",
        "Reweighing gives each group-and-decision cell of the training data a weight. What does "
        "it change, and what not?",
        {"a": "It corrects the campaign that has already been sent.",
         "b": "A model retrained on the weighted data no longer learns the gap between groups; "
              "but proxies stay in the data and a biased label stays biased.",
         "c": "It deletes the protected attribute, which removes the bias.",
         "d": "It guarantees that every group gets exactly the same outcomes."},
        "b",
        "Reweighing (Kamiran & Calders 2012) makes group and decision independent in the "
        "training data, so weighted selection rates are equal. It changes training, not what "
        "was sent, and it cannot repair a label like Obermeyer's cost-for-need. Judge it with "
        "the business owner and legal review.",
        {"a": "Weights act on data used to train a model. What about letters already sent?",
         "c": "Nothing is deleted. And would deleting gender remove its proxies?",
         "d": "It equalises the training data's rates. Does that fix a wrong label?"},
        "Kamiran & Calders 2012"),
    # ------------------------------------------------------------ 03 helpful or creepy
    Question(
        "creepy.q_target", "03_helpful_or_creepy",
        "Target scored shoppers for pregnancy from about 25 products bought together, and timed "
        "baby coupons to the due date (New York Times Magazine, 2012). A father learned his "
        "teenage daughter was pregnant from the mailers. What went wrong?",
        {"a": "The coupons were sent too often.",
         "b": "The pregnancy score is health data inferred without asking, and it was used on a "
              "minor: sensitive targeting without explicit consent.",
         "c": "The audience was too small.",
         "d": "Nothing: the prediction was accurate."},
        "b",
        "An inference is still data about the person: a pregnancy guessed from shopping is "
        "health data, a special category (GDPR Art. 9(1)) that needs explicit consent, and on an "
        "online platform in the EU ads profiled on it are banned whatever the consent (DSA Art. "
        "26(3)). The shopper was a minor: below her country's digital consent age (13 to 16 in "
        "Europe, GDPR Art. 8; under 13 for COPPA in the US) a parent must consent, and EU "
        "platforms may not show profiling-based ads to minors at all (DSA Art. 28(2)). Accuracy "
        "made it worse, not better. ethicskit flags it as targeting.sensitive_interests and "
        "privacy.minors_profiled.",
        {"a": "How many mailers does it take to reveal a pregnancy?",
         "c": "Millions of shoppers were scored. What kind of trait was scored?",
         "d": "Is an accurate guess about someone's health fine to act on without asking?"},
        "New York Times Magazine, C. Duhigg, 16 Feb 2012"),
    Question(
        "creepy.q_housing", "03_helpful_or_creepy",
        "In March 2019 Facebook settled with the National Fair Housing Alliance and others. "
        "What may advertisers of housing, jobs and credit no longer do on Facebook?",
        {"a": "Show pictures of homes.",
         "b": "Target by age, gender or ZIP code (and target by location only within at least a "
              "15-mile radius).",
         "c": "Advertise on mobile phones.",
         "d": "Use more than one language."},
        "b",
        "In the US, housing and credit ads may not discriminate by protected traits (Fair "
        "Housing Act 42 U.S.C. 3604(c); ECOA 15 U.S.C. 1691(a), which covers age too). Where "
        "the law does not name a trait (age in housing ads, ZIP codes), the limits are the "
        "platforms' own rules, which Meta and Google apply to housing, job and credit ads aimed "
        "at the US and Canada. Even neutral targeting can skew delivery by gender and "
        "race (Ali et al. 2019), which is why the 2022 Department of Justice settlement also "
        "required a delivery system that reduces skew.",
        {"a": "The settlement was about who sees the ad, not what it shows.",
         "c": "Think of who is selected, not the device.",
         "d": "Which traits were advertisers able to exclude?"},
        "NFHA v. Facebook settlement, March 2019; US v. Meta, 21 Jun 2022"),
    Question(
        "creepy.q_vulnerable", "03_helpful_or_creepy",
        "Someone flagged for financial difficulty is in the audience of a high-cost loan offer "
        "that performs well. What should happen?",
        {"a": "Send it, but with a smaller loan amount.",
         "b": "Exclude them from high-cost credit and gambling offers and point them to support.",
         "c": "Send it less often.",
         "d": "Send it: they are an adult and can decide."},
        "b",
        "Financial difficulty is not a special category of data, but it makes people easy to "
        "harm. The rules that apply are consumer-protection and conduct rules: in the UK the "
        "FCA's guidance on vulnerable customers (FG21/1) and CONC 2.10 for lenders, the Gambling "
        "Commission's licence conditions for gambling (no marketing to self-excluded people); in "
        "the EU the test of the vulnerable consumer (UCPD Art. 5(3)). The EU AI Act (Art. "
        "5(1)(b)) adds a ban on AI systems that exploit such a situation to distort behaviour "
        "in a way likely to cause significant harm. An offer that performs well on people in "
        "difficulty is a warning, not a success.",
        {"a": "Is a smaller high-cost loan good for someone in arrears?",
         "c": "Fewer contacts, same harm. Who should see this offer at all?",
         "d": "Marketing high-cost credit at a known difficulty is what the conduct rules warn "
              "against. Does 'adult' settle it?"},
        "FCA FG21/1, CONC 2.10; UCPD Art. 5(3); EU AI Act Art. 5(1)(b)"),
    Question(
        "creepy.q_minors", "03_helpful_or_creepy",
        "A 16-year-old in Germany uses a social network. Her parent has consented to "
        "personalised ads. May the network show her ads chosen by profiling her interests?",
        {"a": "Yes: the parent's consent makes it lawful.",
         "b": "Yes, from 16: that is Germany's digital consent age, so her own consent is enough.",
         "c": "No: an online platform in the EU may not show profiling-based ads to someone it "
              "knows is a minor, whatever the consent.",
         "d": "Only if the ads are not for alcohol or gambling."},
        "c",
        "The Digital Services Act (Art. 28(2)) bars online platforms from presenting advertising "
        "based on profiling when they are reasonably certain the user is a minor, and no consent, "
        "hers or a parent's, lifts it. The GDPR's digital consent age (Art. 8: 16 in Germany, "
        "13 to 15 in several other countries) decides who may consent to data processing, not "
        "whether a platform may profile a minor for ads. Age-restricted products (alcohol, "
        "gambling) are a separate rule on top.",
        {"a": "Does consent lift every ban? Read what the DSA says about minors.",
         "b": "The digital consent age decides who can consent to processing. Is she an adult?",
         "d": "Keeping alcohol away from minors is a separate rule. What about profiling?"},
        "Digital Services Act Art. 28(2); GDPR Art. 8"),
    # ------------------------------------------------------------ 04 transparency
    Question(
        "transparency.q_promise", "04_transparency",
        "The inventory declares gender 'audit only', and the notice was to tell customers that "
        "gender is not used to choose offers. The check finds 'gender:female' among the "
        "targeting criteria. What needs fixing?",
        {"a": "The notice: add gender to the list of data used.",
         "b": "The practice: stop selecting people by gender; the data was kept for a fairness "
              "audit, and that purpose is what customers were told.",
         "c": "Nothing: targeting is not the model.",
         "d": "The check: criteria are not data."},
        "b",
        "Purpose limitation (GDPR Art. 5(1)(b)): data collected to measure fairness may not "
        "quietly become data that selects people. Rewriting the notice to match would make a "
        "bad practice transparent, not acceptable.",
        {"a": "Would telling customers make selecting them by gender fine?",
         "c": "Selecting people by a criterion is using the data.",
         "d": "A criterion named after a column is that column's data at work."},
        "GDPR Art. 5(1)(b)"),
    Question(
        "transparency.q_applecard", "04_transparency",
        "After complaints that Apple Card gave wives far lower credit limits than husbands, New "
        "York's regulator (DFS, March 2021) reviewed about 400,000 applicants, found no "
        "fair-lending violation, and still faulted the service. For what?",
        {"a": "Its interest rates.",
         "b": "Transparency: customers could not understand how their limits were decided.",
         "c": "Its card design.",
         "d": "Too few applicants."},
        "b",
        "A measured disparity and a perceived unfairness are different things; a clear "
        "explanation of how decisions are made is what lets people trust the first. That is "
        "what a notice and a data sheet are for.",
        {"a": "The review was about limits and how they were decided.",
         "c": "Think about what customers could not see.",
         "d": "The review covered about 400,000 people."},
        "New York DFS report, 23 Mar 2021"),
]}

MODULE_QUESTIONS: dict[str, list[str]] = {}
for _q in QUESTIONS.values():
    MODULE_QUESTIONS.setdefault(_q.module, []).append(_q.id)
