"""The general English vocabulary the claim rules read: effect verbs and their antonyms, safety words, hedges,
negation, kinds of thing and units. Nothing here names a topic of any corpus.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- ---------------------------------------------------------------------------------------------

STOPWORDS = words(
    "a an the and or but nor so yet of to in on at by for from with without into onto over under about as "
    "than then that this these those there here it its it's they them their theirs he she his her we our "
    "you your i me my is are was were be been being am do does did done doing have has had having can "
    "could may might must shall should will would which who whom whose what when where why how all any "
    "some many much more most less least few several such own same other another each every both either "
    "neither very too also just only even still often usually typically generally especially particularly "
    "well while whereas although though because if unless whether up down out off again further once one "
    "two not no never upon via per like including include includes included before after during within "
    "between among against toward towards across behind beyond until unless"
)
# Words too general to tell two claims share a topic.
GENERIC = words(
    "effect effects symptom symptoms issue issues problem problems use uses used using user users people "
    "person individual individuals way ways thing things level levels factor factors aspect aspects "
    "potential ability process role case cases part form forms type types kind kinds term terms time "
    "times result results benefit benefits risk risks side overall help helps important crucial essential "
    "notable some certain various considered known found shown study studies research researchers "
    "evidence"
)
# People an effect happens to or is done for ("death in children", "treat patients"), never the effect itself.
PERSONS = words(
    "child children kids infant infants baby babies newborn newborns neonates adolescent adolescents teenagers "
    "adult adults patient patients woman women man men mother mothers elderly persons human humans "
    "participants volunteers population populations residents workers"
)
NEGATIONS = words("not no never without cannot nor neither none non lack lacks lacking")
# "not without its dangers" asserts the dangers: two cues in one scope cancel.
NEGATION_SCOPE = 4
# Words a negation reaches through without using up its scope: "has not been shown to be safe" denies "safe".
# "does not mean the drug is safe" and "does not guarantee it is safe" deny that it follows: the claim gives no
# ground to call it safe, and a reader asking "is it safe?" is told no.
NEGATION_TRANSPARENT = words(
    "be been being shown proven known found demonstrated thought believed mean means meant imply implies guarantee "
    "guarantees ensure ensures"
)
CLAUSE_PUNCT = frozenset(";:.!?")
SUBORDINATORS = words(
    "while when whereas although though unlike if as because since despite by given for in after before "
    "contrary"
)
# A clause opening with these gives advice ("Do not use ...", "Never stop ..."), it asserts nothing.
PROHIBITIONS = (("do", "not"), ("don't",), ("never",), ("please", "do", "not"))
# Auxiliaries a negation can follow, each as a label states it ("does not cause X": "whether it causes X").
DO_SUPPORT = words("do does did")
# Modals by what is left of them once "n't" is cut off ("won't" -> "wo"), as a label writes them.
MODALS = {
    "can": "can",
    "could": "could",
    "may": "may",
    "might": "might",
    "must": "must",
    "should": "should",
    "will": "will",
    "would": "would",
    "wo": "will",
    "ca": "can",
    "sha": "shall",
}
HAVE_AUX = words("has have had")
# Words that stand between a subject and its verb or adjective without naming anything: auxiliaries and modals.
AUXILIARIES = DO_SUPPORT | HAVE_AUX | frozenset(MODALS) | words("is are was were be been")
# ("that" is left out: it opens a clause as often as it points at a noun.)
ARTICLES = words("a an")
DETERMINERS = words("a an the this these those its their his her your our any some each every such")
SUBJECT_END = words(
    "is are was were be been being remain remains seem seems appear appears considered deemed can may "
    "might could will would does do did has have had should must acts act contains contain pose poses "
    "carries carry offers offer shows show showed proved cannot can't won't isn't aren't "
    "wasn't weren't doesn't don't didn't hasn't haven't shouldn't couldn't wouldn't mustn't"
)
SUBJECT_WINDOW = 8
# Words after which what follows is a means, a circumstance, another clause or the clause's own verb, no longer the
# thing affected ("Preventing infection is the main goal": "goal" is not prevented).
OBJECT_END = words(
    "by through via due because while when whereas which that associated related is are was were"
)
AFTER_PREDICATE = words("for when at in to if as with")

# Effect on the thing named after the verb: +1 = less of a problem or good for it, -1 = more or bad.
RELIEVE = words(
    "relieve relieves relieved relieving alleviate alleviates alleviated alleviating ease eases eased "
    "easing reduce reduces reduced reducing lessen lessens mitigate mitigates mitigated mitigating "
    "prevent prevents prevented preventing treat treats treated treating cure cures cured curing soothe "
    "soothes resolve resolves combat combats counteract counteracts shorten shortens shortened lower "
    "lowers lowered lowering decrease decreases decreased address addresses addressing manage manages "
    "managing tackle tackles aid aids aiding"
)
BENEFIT = words(
    "protect protects protected protecting improve improves improved improving strengthen strengthens "
    "strengthened support supports enhance enhances enhanced help helps helped regulate regulates "
    "stabilize stabilizes stabilise stabilises"
)
CAUSE = words(
    "cause causes caused causing trigger triggers triggered triggering induce induces induced inducing "
    "provoke provokes worsen worsens worsened worsening exacerbate exacerbates exacerbated aggravate "
    "aggravates aggravated raise raises raised raising increase increases increased increasing"
)
HARM = words(
    "harm harms harmed damage damages damaged damaging injure injures injured hurt hurts impair impairs "
    "impaired disrupt disrupts disrupted ruin ruins ruined weaken weakens weakened"
)
# What people want more of. The effect words above read their object as a harm ("reduces pain" is good for the
# person, "causes pain" bad); on one of these as the head of its phrase, the words that say less or more of it
# read the other way ("reduces REM sleep" is bad for sleep, "increases survival" good), while those that say
# good or bad for it ("improves", "disrupts", "worsens") keep their side.
GOODS = words(
    "sleep appetite memory immunity survival function functioning energy concentration focus fertility libido "
    "mobility wellbeing well-being strength cognition alertness quality lifespan longevity"
)
LESS_OF = words(
    "reduce reduces reduced reducing lessen lessens lower lowers lowered lowering decrease decreases decreased "
    "prevent prevents prevented preventing shorten shortens shortened"
)
# Verbs that say only that there is more of something: whether that is bad depends on what it is ("increase the
# antiviral activity" agrees with "enhance the antiviral activity").
INCREASE = words("increase increases increased increasing raise raises raised raising")
MORE_OF = (
    words("cause causes caused causing trigger triggers triggered triggering induce induces induced inducing")
    | words("provoke provokes")
    | INCREASE
)
# Two-word causal links: "lead to", "result in", "linked to".
CAUSE_PHRASES = (
    ("lead", "to"),
    ("leads", "to"),
    ("led", "to"),
    ("result", "in"),
    ("results", "in"),
    ("linked", "to"),
    ("contribute", "to"),
    ("contributes", "to"),
)
NO_EFFECT = (("no", "effect"), ("no", "impact"), ("no", "influence"), ("no", "difference"))
# Side-effect lists and reports: the things listed after these occur.
OCCURRENCE = words("experiencing experience experiences experienced report reports reported")
# "Users report X" says X happens; "the reports" or "reports suggest" are the noun, and say nothing about X.
REPORT_VERBS = words("report reports reported")
ADVERSE_HEADS = words("effects reactions events symptoms complications")
BENEFIT_HEADS = words(
    "benefits advantages uses gains treatments treatment therapies therapy options medications remedies "
    "interventions"
)
LIST_OPENERS = words("include includes including like as :")
# Risk magnitude: "low risk of X" (+1 for X) against "high risk of X" (-1).
RISK_NOUNS = words("risk risks chance chances likelihood danger possibility")
# "potential" is a risk only in "potential for X" ("the potential of X" is its promise).
RISK_FOR = words("potential propensity")
# "linked to the reduction of X" says X goes down: a relief noun turns a causal link around.
RELIEF_NOUNS = words(
    "reduction reductions relief decrease decreases alleviation improvement improvements prevention lowering"
)
# In "X treatment" or "X recovery" the thing affected is the treatment, not X.
PROCESS_HEADS = words(
    "treatment treatments therapy therapies recovery management research care support program programs "
    "services counseling options"
)
LOW = words("low lower minimal little small slight negligible reduced rare limited")
# How much of a thing a claim judges safe or dangerous: "moderate use is safe" and "heavy use is dangerous" agree.
MUCH_OF = words("heavy heavier excessive excess high higher large larger binge")
LITTLE_OF = words("moderate moderately light low lower small smaller occasional")
HIGH = words(
    "high higher significant serious substantial considerable real major great greater increased elevated"
)
# Verbs that say their subject brings a risk ("carries a risk of X", "poses risks of").
RISK_BEARING = words("carry carries carried pose poses posed bear bears")
# Forms of an effect word that also describe a thing rather than say what acts on it: "an increased risk",
# "with a decreased severity", "a further 17% decrease in".
DESCRIPTIVE_FORMS = words("increase decrease")
# What may stand before such a form when it describes: an article, a preposition, an amount.
BEFORE_DESCRIPTION = DETERMINERS | words("with of in to by for from on at than as among into ,")
# Words after which "lower" is the verb ("statins can lower cholesterol", "helps to lower"); anywhere else it is
# the adjective ("lower death rates", "the lower airway", "has lower activity").
BEFORE_VERB = words("can could may might will would should must to does do did help helps")
# After a change word, these make it say how something changed, not what it acts on ("decreases significantly
# with age", "increased in the presence of", "lower than").
CHANGE_WORDS = words(
    "increase increases increased decrease decreases decreased rise rises rose reduced lowered improve improves "
    "improved worsen worsens worsened"
)
AFTER_INTRANSITIVE = words("with in by from after during over among at than when as")
# A clause opening with these supposes what it says ("If medication fails to relieve pain, ...").
CONDITIONS = words("if unless whether")
# Before "that", these nouns say what someone else claims or fears ("warnings that X causes Y were not
# confirmed", "the myth that X cures Y"): what follows is reported, not asserted, like a condition.
REPORTED_CLAIMS = words(
    "warning warnings claim claims fear fears concern concerns worry worries belief beliefs myth myths "
    "idea notion rumour rumours rumor rumors assumption assumptions speculation suspicion suspicions "
    "allegation allegations hypothesis misconception misconceptions"
)
# Words that open a sentence with a condition ("When it lacks X, ..."): the main clause after its comma holds
# only under it.
OPENING_CONDITIONS = words("if when whenever unless without once")
# "fails to relieve" (or "is unable to relieve") denies the relief as "does not relieve" does; "unlikely to cause"
# denies the harm.
FAIL = words("fail fails failed failing unlikely unable incapable")
# "a low probability to induce X", "little chance of causing X": a small likelihood, said of what follows,
# denies it as "unlikely to" does (a small risk of X is read by the risk rules).
LIKELIHOOD = words("probability likelihood chance chances potential propensity tendency")
# Words that open another clause: what stands before them does not act on what a later cue names.
AGENT_BOUNDARY = words(
    "that which who whom whose whereas while although though because when if since unless but"
)
AGENT_WINDOW = 10
RELATIVE = words("that which who")
# After these "that" opens what is said or shown ("studies show that it can cause X"), not a relative clause.
SAYING = words(
    "show shows showed shown suggest suggests suggested indicate indicates indicated find finds found report "
    "reports reported believe believed say says said demonstrate demonstrates demonstrated conclude concluded "
    "note noted reveal revealed know known mean means"
)
# How much or how long something is used or how large a risk is ("long-term use", "low potential for"): they
# qualify, they name no agent.
QUALIFIERS = (
    HIGH | LOW | words("long short term daily regular heavy chronic frequent prolonged excessive moderate")
)
# Properties that are themselves a harm to the one who has them.
HARMFUL_PROPERTY = {
    "addictive": "addiction",
    "habit": "addiction",
    "toxic": "toxicity",
    "carcinogenic": "cancer",
    "poisonous": "poison",
}
# The property as a label names it: "habit" is the first word of "habit-forming".
PROPERTY_ADJECTIVE = {"habit": "habit-forming"}

SAFE = words("safe harmless benign nontoxic gentle tolerated")
# "Its safety is unknown": the noun says only that the safety is in doubt (rag.safety.contradictions.analysis).
SAFETY_NOUNS = words("safety")
# Advice against a thing is a judgement of its safety ("is not recommended"); advice for it often is not ("regular
# blood tests are recommended" calls nothing safe).
ADVISED = words("recommended advisable advised")
# Whether a treatment works at all, said of its subject: "X is effective", "X was ineffective", "X works",
# "X showed no benefit". A review and a trial disagree this way more often than on any one outcome.
EFFECTIVE = words("effective efficacious beneficial promising useful")
INEFFECTIVE = words("ineffective inefficacious useless")
WORKS = words("works worked work")
# "No benefit", "no efficacy": the noun, denied.
BENEFIT_NOUNS = words("benefit benefits efficacy")
# What "work" after these is not the subject's verb of: "return to work", "at work", "their work", "people who work".
NOT_BEFORE_WORK = words(
    "to at of from for in their his her our my your its the a this that return back after before further more "
    "who which people workers"
)
# What follows "works" / "worked" as the subject's verb: the end of its clause, what for, how well.
AFTER_WORKS = words(", for against in well better as")
# "proved ineffective", "found effective", "shown effective": said of the subject as a copula would.
FOUND_TO_BE = words("proved found shown")
# "effective for pain but ineffective for sleep": the second adjective is said of the same subject.
COORDINATORS = words("but and yet or")
# Opens the condition a treatment is said to work for: "effective for depression", "works against pain".
# "effective at preventing HIV" is said for HIV, as "effective for HIV" is.
EFFICACY_SCOPE = words("for against on in at")
DANGEROUS = words("dangerous unsafe harmful hazardous risky perilous deadly dangers hazards")
COPULA = words(
    "is are was were be been being remain remains seem seems appear appears considered deemed proven "
    "become becomes"
)
# "rarely dangerous", "seldom harmful": how often, not whether; neither safe nor dangerous as a side.
RARELY = words("rarely seldom hardly scarcely infrequently")
# Stopping something: a danger of stopping X says nothing of whether X is safe ("Stopping opioids suddenly during
# pregnancy is dangerous for the baby" does not answer "Is methadone safe during pregnancy?" with no).
STOPPING = words("stopping quitting discontinuing tapering ceasing abandoning")
TO_STOP = words("stop quit discontinue taper cease")
STOPPING_PHRASES = frozenset({("coming", "off"), ("cutting", "down"), ("going", "off"), ("giving", "up")})
TO_STOP_PHRASES = frozenset({("come", "off"), ("cut", "down"), ("go", "off"), ("give", "up")})
PREDICATE_SKIP = words(
    "a an the very generally relatively completely entirely perfectly quite fairly usually not considered "
    "largely mostly"
)
# Other words between a copula and its adjective ("is still addictive", "is highly addictive"); "-ly" adverbs
# count too, except these, which restrict or deny what follows.
PREDICATE_ADVERBS = words("still also even so too always often")
PREDICATE_NOT_DEGREE = words("only hardly barely scarcely rarely seldom early")

PRECISE = words(
    "precise precisely exact exactly accurate accurately consistent predictable standardized standardised "
    "uniform reliable clear agreed defined"
)
IMPRECISE = words("imprecise inexact inconsistent unpredictable unclear uncertain undefined")
VARY = words("vary varies varied varying")

# A claim of evidence is a verb of showing: naming a kind of study ("tested in clinical trials") or a
# confirmed diagnosis ("confirmed cases", "confirmed infection") asserts none.
STRONG_EVIDENCE = (
    ("demonstrated",),
    ("proven",),
    ("proved",),
    ("confirmed", "that"),
    ("studies", "confirmed"),
    ("research", "confirmed"),
    ("been", "shown"),
    ("shown", "in"),
    ("shown", "that"),
    ("shown", "to"),
    ("studies", "show"),
    ("research", "shows"),
    ("evidence", "shows"),
    ("well", "established"),
)
HEDGE = (
    ("more", "research"),
    ("further", "research"),
    ("further", "investigation"),
    ("further", "scientific"),
    ("further", "studies"),
    ("more", "studies"),
    ("remains", "unclear"),
    ("remain", "unclear"),
    ("not", "yet", "known"),
    ("unproven",),
    ("not", "proven"),
    ("limited", "evidence"),
    ("not", "enough", "evidence"),
    ("insufficient", "evidence"),
    ("little", "evidence"),
    ("lack", "of", "evidence"),
    ("still", "limited"),
    ("ongoing", "research"),
    ("is", "unclear"),
    ("needs", "more"),
    ("need", "for", "further"),
    # "has not been shown to help" withholds the evidence that "shown to" would claim.
    ("not", "shown"),
    ("not", "been", "shown"),
    ("not", "proven"),
    ("not", "been", "proven"),
    ("not", "demonstrated"),
    ("not", "been", "demonstrated"),
    ("never", "been", "shown"),
)

# Kinds of thing that exclude one another: a tree is not a fungus, a mineral is not a bacterium.
KINDS = {
    "plant": "plant tree trees shrub bush herb flower flowering vine grass weed root leaf plants herbs",
    "fungus": "mushroom mushrooms fungus fungi mould mold yeast",
    "animal": "animal mammal insect",
    "bacterium": "bacteria bacterium bacterial microbe microbes",
    "mineral": "mineral minerals salt metal rock ore element",
}
KIND_OF = {word: kind for kind, words in KINDS.items() for word in words.split()}
CATEGORY_STOP = words("from with in that which used native known derived found made for of to by who")

UNITS = {
    "mg": ("mass", 1.0),
    "milligram": ("mass", 1.0),
    "milligrams": ("mass", 1.0),
    "g": ("mass", 1000.0),
    "gram": ("mass", 1000.0),
    "grams": ("mass", 1000.0),
    "mcg": ("mass", 0.001),
    "microgram": ("mass", 0.001),
    "micrograms": ("mass", 0.001),
    "kg": ("mass", 1e6),
    "iu": ("iu", 1.0),
    "ml": ("volume", 1.0),
    "l": ("volume", 1000.0),
    "litre": ("volume", 1000.0),
    "liter": ("volume", 1000.0),
    "ounce": ("ounce", 1.0),
    "ounces": ("ounce", 1.0),
    "oz": ("ounce", 1.0),
    "cups": ("cup", 1.0),
    "cup": ("cup", 1.0),
    "percent": ("percent", 1.0),
    "%": ("percent", 1.0),
    "hours": ("hour", 1.0),
    "hour": ("hour", 1.0),
    "minutes": ("minute", 1.0),
    "calories": ("kcal", 1.0),
    "kcal": ("kcal", 1.0),
    "days": ("day", 1.0),
    "weeks": ("day", 7.0),
}
QUANTITY = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d[\d,]*(?:\.\d+)?))?\s*-?\s*(%|[a-zA-Z]+)")
TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[;:.!?,—–]")
# Stems that name one thing. A "rebound" (insomnia, anxiety, headache) is what stopping brings back, worse:
# a withdrawal effect, so a claim that stopping brings no withdrawal meets one that reports a rebound.
SYNONYMS = {
    "depend": "addict",
    "abus": "addict",
    "addiction": "addict",
    "sleeplessn": "insomnia",
    "rebound": "withdrawal",
    "withdraw": "withdrawal",
}
# Amounts of each unit family, as a label names them.
QUANTITY_NAMES = {
    "mass": "the amount",
    "iu": "the amount",
    "volume": "the amount",
    "ounce": "the amount",
    "cup": "the amount",
    "kcal": "the amount",
    "percent": "the percentage",
    "hour": "the timing",
    "minute": "the timing",
    "day": "how long",
}
# Comparatives: "X is (far) more/less ADJ than Y". Words that may stand between the verb and "more"/"less".
COMPARATIVE_DEGREE = {"more": 1, "less": -1}
# "as well as", "as long as", "as soon as", "as much as 5 g": conjunctions and amounts, no equal comparison.
NOT_EQUATIVE = words("well long soon far much many few little follows such opposed")
COMPARATIVE_SKIP = words("far much significantly substantially considerably slightly somewhat even a lot any")
COMPARATIVE_BE = words("is are was were be been being")
# "It has not been established that P", "It is unclear whether P": P is put in doubt, not asserted.
CERTAINTY_WORDS = words(
    "established shown proven demonstrated evidence clear known know knows certain confirmed"
)
DOUBT_WORDS = words("unclear unknown uncertain unproven unestablished")
CLAUSE_OPENERS = words("that whether if")
# A risk said to be "half", "lower" ... than another's is a risk made smaller, not a harm caused.
SMALLER = LOW | words("half third quarter fraction less fewer smaller")

# Words that may stand for an agent another claim names ("people who take it nightly report insomnia").
PRONOUNS = words("it its they them their this these those")
# What belongs to a thing named before ("does not reverse its effects").
POSSESSIVES = words("its their")
# "help a person stop abusing a substance" asserts no abuse.
CEASE = words("stop stops stopped stopping quit quits quitting avoid avoids avoiding")
# What acts when a thing is stopped is its absence: "stopping X causes withdrawal" agrees with "X prevents
# withdrawal", it does not deny it.
CESSATION = CEASE | words("discontinue discontinues discontinued discontinuing discontinuation cessation")
# What a subject can be of the thing a question asks about, rather than a thing of its own: "Long-term use may lead
# to dependence", "High doses are dangerous" are said of the question's subject.
ASPECTS = GENERIC | words("dose doses dosage dosages amount amounts intake consumption mixing combining")
# Where a thing named in a list ends and what it happens in, from or with begins ("pain in the joints", "waning
# immunity from those vaccinated ..."): the words after it, up to the next item, are not listed.
ITEM_END = words("from with in by among during after")
ITEM_COMPLEMENT = ITEM_END | words("due on at following because")
