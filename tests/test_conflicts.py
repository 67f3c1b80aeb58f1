"""The contradiction map: claims, rule classifier, pairing, storage, incremental updates, gold sets."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from rag import Assistant
from rag.ingest.corpus import scan_corpus
from rag.ingest.embedder import HashingEmbedder, load_embedder
from rag.ingest.store import Store
from rag.safety.contradictions.asked import bears_on, claim_stance, read_question
from rag.safety.contradictions.claims import extract_claims
from rag.safety.contradictions.classify import RuleClassifier, named_subject
from rag.safety.contradictions.contradiction_map import ConflictMap
from rag.safety.contradictions.document_subjects import read_document_vectors
from rag.settings import Settings
from rag.text.kinds import kinds_apart
from rag.types import Document

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO / "eval" / "datasets"
CORPUS = REPO / "corpus"


def doc(source_id: str, text: str, title: str | None = None) -> Document:
    return Document(
        source_id=source_id,
        title=title or source_id.title(),
        path=Path(f"{source_id}.txt"),
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def read_jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATASETS / name).read_text(encoding="utf-8").splitlines() if line]


class CountingEmbedder(HashingEmbedder):
    """Remembers every text it embedded, to prove unchanged documents are not embedded again."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return super().embed(texts)


FILLER = [
    "Walking after dinner is a common habit in many countries.",
    "Most people drink water with their meals every day.",
    "Gardening is a popular hobby among retired people.",
    "Many libraries lend books and films to their members.",
    "Some towns hold a weekly market on the main square.",
]

COFFEE_A = (
    "Coffee relieves headaches in most adults who drink it in the morning. "
    + " ".join(FILLER)
    + " Green tea is a drink made from the leaves of a shrub."
)
COFFEE_B = (
    "Coffee causes headaches in many adults who drink it in the morning. "
    + " ".join(FILLER[::-1])
    + " Chamomile is a flowering plant used to make tea."
)
COFFEE_C = "Libraries in small towns often open on Saturday mornings. Bread is baked early in the day."


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store_dir=tmp_path / "store", corpus_dir=tmp_path / "corpus")


@pytest.fixture
def fake_map(settings: Settings) -> ConflictMap:
    return ConflictMap(Store(settings), CountingEmbedder(), settings)


def spans_of(document: Document, needle: str) -> list[tuple[str, int, int]]:
    start = document.text.index(needle)
    return [(document.source_id, start, start + len(needle))]


# --- claims ---------------------------------------------------------------------------------------


def test_claims_keep_exact_offsets_and_split_compound_sentences() -> None:
    text = (
        "Safety Notes\n"
        "While safe for short-term use, it can cause stomach upset; long-term use may lead to dependence.\n"
        "Is it addictive?\n"
        "Caffeine raises alertness in adults, but too much of it disturbs sleep at night.\n"
    )
    claims = extract_claims(doc("notes", text))
    assert [c.text for c in claims] == [
        "While safe for short-term use, it can cause stomach upset",
        "long-term use may lead to dependence.",
        "Caffeine raises alertness in adults",
        "but too much of it disturbs sleep at night.",
    ]
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
    assert [c.ordinal for c in claims] == [0, 1, 2, 3]
    assert len({c.claim_id for c in claims}) == len(claims)


def test_a_sentence_stating_what_a_study_set_out_to_do_is_no_claim() -> None:
    text = (
        "Objective: To explore whether early treatment shortens headaches. "
        "The aim of this study was to assess whether shaving causes infections. "
        "We investigated whether oxygen lowers mortality in these patients. "
        "Early treatment did not shorten headaches in this trial. "
        "It is unclear whether oxygen lowers mortality in these patients."
    )
    assert [c.text for c in extract_claims(doc("study", text))] == [
        "Early treatment did not shorten headaches in this trial.",
        "It is unclear whether oxygen lowers mortality in these patients.",
    ]


def test_claims_of_the_real_corpus_are_verbatim() -> None:
    for document in scan_corpus(Settings(corpus_dir=CORPUS)).documents:
        claims = extract_claims(document)
        assert claims
        assert all(document.text[c.start : c.end] == c.text for c in claims)


# --- rule classifier ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Aspirin relieves tension headaches.", "Aspirin can cause headaches in some people."),
        ("Sunscreen is safe for children.", "Sunscreen is dangerous for children."),
        ("Garlic does not lower cholesterol.", "Garlic lowers cholesterol."),
        ("Spirulina is a plant.", "Spirulina is a type of bacteria."),
        ("Trials have proven that zinc shortens colds.", "More research is needed on zinc and colds."),
        ("A banana contains about 400 mg of potassium.", "A banana contains about 1,500 mg of potassium."),
        ("Honey has a low risk of allergy.", "Honey can lead to allergy in some children."),
        ("Nicotine patches are not habit-forming.", "Nicotine patches are habit-forming."),
        ("Melatonin is a hormone that does not cause dependence.", "Melatonin causes dependence."),
        ("It is safe for most adults.", "Taking it daily carries a high risk of bleeding."),
        ("One-year survival after the operation was 32%.", "One-year survival after the operation was 81%."),
    ],
)
def test_rules_find_general_contradictions(a: str, b: str) -> None:
    judgement = RuleClassifier().judge(a, b)
    assert judgement.label == "contradiction", (a, b, judgement)
    assert judgement.topic
    assert 0.5 <= judgement.confidence <= 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sleeping pills can cause falls in older adults.", "Yoga can reduce falls in older adults."),
        ("Melatonin is not addictive.", "Nicotine is highly addictive."),
        ("Quinoa is a grain.", "Quinoa, a seed from a flowering plant, is eaten like rice."),
        ("Aspirin relieves headaches.", "Aspirin relieves tension headaches quickly."),
        ("Coffee contains about 95 mg of caffeine per cup.", "Coffee contains about 95 mg of caffeine."),
        ("Unlike tablets, which have a precise dose, the tea varies.", "The tea has no agreed dose."),
        ("Its potential to cause or relieve migraines is unclear.", "It relieves migraines."),
        # What is denied belongs to the thing named first ("its effects": the sedative's), not to what the other
        # claim says the antidote reverses.
        (
            "The sedative is not an opioid, so the antidote does not reverse its effects.",
            "The antidote is a medicine that rapidly reverses an opioid overdose.",
        ),
        # A denial in a relative clause describes the people it names, not the subject.
        (
            "Energy drinks are not recommended for people who do not exercise.",
            "Energy drinks help athletes exercise for longer.",
        ),
        # Where the claim names no subject, what it calls dangerous is what stands before the word that says so.
        (
            "Ibuprofen is safe for most adults.",
            "If you feel faint, sit down, because standing up too quickly carries a high risk of falling.",
        ),
        # Joined words are no second predicate of the subject ("It contains X and is addictive" is one).
        (
            "More women than men experience anxiety disorders.",
            "It is wise to seek help from professionals with expertise in diagnosing and treating anxiety.",
        ),
        (
            "Medications are available to treat addiction to alcohol.",
            "An addicted person will continue to get worse with continued or increased drug abuse.",
        ),
        # A claim stating several amounts of one kind compares them itself: no one value to set against.
        (
            "One-year survival after the operation was 32% and 46% in the two groups.",
            "One-year survival after the operation was 81% in the trial.",
        ),
    ],
)
def test_rules_do_not_invent_contradictions(a: str, b: str) -> None:
    assert RuleClassifier().judge(a, b).label != "contradiction"


# Whether a treatment works at all: a review against a trial, in words no outcome rule reads.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acupuncture is effective for chronic back pain.", "Acupuncture was not effective."),
        (
            "Fish oil showed no benefit over placebo.",
            "Fish oil helps patients keep their heart rhythm steady.",
        ),
        ("The new vaccine works.", "The new vaccine proved ineffective in the field trial."),
        (
            "Evidence for probiotics is promising.",
            "Probiotics did not reduce diarrhoea compared with placebo.",
        ),
        (
            "Light therapy did not work for seasonal depression.",
            "Light therapy is effective for seasonal depression.",
        ),
    ],
)
def test_rules_find_that_one_claim_says_it_works_and_the_other_not(a: str, b: str) -> None:
    judgement = RuleClassifier().judge(a, b)
    assert judgement.label == "contradiction", (a, b, judgement)
    assert judgement.topic == "whether it works"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Different things it works for, different subjects, both sides the same, or no side at all.
        ("Acupuncture did not work for back pain.", "Acupuncture is effective against nausea."),
        ("Aspirin was effective in adults.", "Aspirin was not effective in children."),
        ("Zinc was not effective.", "Vitamin C is effective."),
        ("Melatonin works well for jet lag.", "Melatonin is effective for jet lag."),
        ("People who work night shifts sleep less.", "Night shifts were not effective in raising output."),
        ("Most patients returned to work within a month.", "The brace was ineffective."),
        # A claim that says both is no side.
        ("The drug was effective for pain but ineffective for sleep.", "The drug is ineffective."),
    ],
)
def test_rules_do_not_set_different_uses_of_a_treatment_against_each_other(a: str, b: str) -> None:
    assert RuleClassifier().judge(a, b).label != "contradiction", (a, b)


def test_rules_label_agreement_and_unrelated() -> None:
    rules = RuleClassifier()
    assert rules.judge(
        "Iron tablets cause constipation.", "Iron tablets often cause constipation."
    ).label == ("agreement")
    assert rules.judge("Vitamin K helps blood clot.", "Libraries lend books.").label == "unrelated"


# --- topic labels ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "topic"),
    [
        # A denial with do-support names the verb as the claim uses it, never "whether it is <verb>".
        (
            "Moderate coffee drinking does not dehydrate healthy adults.",
            "Coffee acts as a diuretic and leaves regular drinkers dehydrated.",
            "whether it dehydrates healthy adults",
        ),
        ("Garlic does not contain allicin after cooking.", "Garlic contains allicin after cooking.", None),
        (
            "Nicotine patches are not habit-forming.",
            "Nicotine patches are habit-forming.",
            "whether it is habit-forming",
        ),
        (
            "Creatine supplements damage the kidneys of healthy people.",
            "In healthy people, creatine supplements do not harm kidney function.",
            "whether it damages the kidneys",
        ),
        (
            "Vitamin D supplements strengthen bones.",
            "Vitamin D supplements do not strengthen bones.",
            "whether it strengthens bones",
        ),
        # Amounts are named by what is measured, as written ("caffeine", not the stem "caffein").
        (
            "A cup of coffee contains about 95 mg of caffeine.",
            "A cup of coffee contains about 400 mg of caffeine.",
            "the amount of caffeine",
        ),
        (
            "Probiotics are live bacteria.",
            "Probiotics are plant fibres that feed the gut.",
            "what probiotics are: bacteria or plant fibres",
        ),
        (
            "St John's wort is a flowering plant.",
            "St John's wort is a mineral salt.",
            "what St John's wort is: flowering plant or mineral salt",
        ),
        (
            "It does not cause dependence, and stopping it does not lead to withdrawal.",
            "People who take it nightly for months report rebound insomnia when they stop.",
            "whether it leads to withdrawal",
        ),
        (
            "Stretching before a run reduces the risk of injury.",
            "Stretching before running has no effect on injury rates.",
            "whether it affects injury",
        ),
    ],
)
def test_contradiction_topics_read_as_english(a: str, b: str, topic: str | None) -> None:
    judgement = RuleClassifier().judge(a, b)
    assert judgement.label == "contradiction", (a, b, judgement)
    if topic is not None:
        assert judgement.topic == topic
    assert not re.match(r"whether it is \w+$", judgement.topic) or judgement.topic.endswith(
        ("habit-forming", "addictive", "safe")
    ), judgement.topic


# Words the label templates add; every other word of a label must be one of the claims' own words (or
# its third-person form), so a stem ("befor", "caffein") can never be shown.
TEMPLATE = {
    *("whether", "it", "is", "are", "the", "a", "or", "of", "how", "high", "risk", "what", "to", "there"),
    *("relieves", "causes", "helps", "harms", "affects", "safe", "dangerous", "precise", "uncertain"),
    *("studies", "have", "has", "shown", "more", "research", "needed", "amount", "percentage", "timing"),
    *("long", "this", "point", "works"),
}


def _label_words_come_from_the_claims(topic: str, a: str, b: str) -> list[str]:
    written = {w.lower() for w in re.findall(r"[A-Za-z]+", f"{a} {b}")}
    strange = []
    for word in re.findall(r"[A-Za-z]+", topic.lower()):
        forms = {word, word[:-1], word[:-2], word[:-3] + "y"}  # "contains", "reaches", "carries"
        if word not in TEMPLATE and not forms & written:
            strange.append(word)
    return strange


def test_every_gold_contradiction_label_quotes_its_claims() -> None:
    rows = read_jsonl("contradictions_other.jsonl") + [
        {"a": r["a"]["quote"], "b": r["b"]["quote"]} for r in read_jsonl("contradictions_corpus.jsonl")
    ]
    rules = RuleClassifier()
    for row in rows:
        judgement = rules.judge(row["a"], row["b"])
        assert judgement.topic, row
        assert not _label_words_come_from_the_claims(judgement.topic, row["a"], row["b"]), (row, judgement)


def test_fallback_label_is_the_shared_subject_or_this_point() -> None:
    rules = RuleClassifier()
    assert rules.judge(
        "Green tea extract is sold in capsules.", "Green tea extract is made from leaves."
    ).topic == ("green tea extract")
    assert rules.judge("Libraries lend books.", "Vitamin K helps blood clot.").topic == "this point"


def test_labels_never_carry_an_amount() -> None:
    judgement = RuleClassifier().judge(
        "Adults take 8-ounce cups of 95 mg of caffeine.", "Adults take 8-ounce cups of 400 mg of caffeine."
    )
    assert judgement.label == "contradiction"
    assert not re.search(r"\d", judgement.topic), judgement.topic


def test_an_amount_that_names_a_kind_of_thing_compares_only_with_the_same_kind() -> None:
    rules = RuleClassifier()
    # "a 23-hour ward" is a kind of ward, not a time anything takes: no disagreement with a follow-up window.
    ward = "We evaluated the usefulness of a short stay or 23-hour ward in a pediatric unit."
    visits = "Unscheduled visits within 72 hours of short stay ward discharge were less than 1%."
    assert rules.judge(ward, visits).label != "contradiction"
    # Two kinds of the same thing still differ, and so do two times stated as times.
    assert (
        rules.judge(
            "The 24-hour helpline of the short stay ward answered most calls.",
            "The 72-hour helpline of the short stay ward answered most calls.",
        ).label
        == "contradiction"
    )
    assert (
        rules.judge(
            "Patients in the short stay ward stayed 23 hours on average.",
            "Patients in the short stay ward stayed 72 hours on average.",
        ).label
        == "contradiction"
    )


# --- subjects -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Different named subjects: each claim may be true of its own subject.
        ("Aspirin does not cause stomach bleeding.", "Ibuprofen causes stomach bleeding."),
        ("Melatonin is safe for long-term use.", "Benzodiazepines are dangerous for long-term use."),
        # A prohibition is about what it names after its verb, not about whatever the other claim names.
        ("Do not take ibuprofen, because it worsens asthma.", "Paracetamol relieves asthma."),
        (
            "Never give aspirin to children, since it can cause liver damage.",
            "Paracetamol protects the liver.",
        ),
        # Advice is not denied by a statement that people do the thing.
        ("Never stop a benzodiazepine suddenly.", "Some people stop melatonin suddenly without problems."),
        (
            "People who take it nightly for months also report rebound insomnia when they stop.",
            "Never stop a benzodiazepine suddenly after months of daily use without medical advice.",
        ),
        (
            "Do not use for longer than two weeks without seeing a doctor.",
            "A commonly used schedule is to cut the dose every two weeks, holding it for longer if symptoms flare.",
        ),
        # A denial about an unnamed subject ("most") of a different object ("the amount", "serotonin").
        (
            "When researchers tested gummy brands, most did not contain the amount stated on the label.",
            "Lab testing found the content ranged widely from the label, and some products contained serotonin.",
        ),
    ],
)
def test_claims_about_different_subjects_do_not_contradict(a: str, b: str) -> None:
    judgement = RuleClassifier().judge(a, b)
    assert judgement.label != "contradiction", (a, b, judgement)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Each claim names what acts, and they are different things: a study of many agents, not a dispute.
        (
            "Mother-to-child transmission is the main cause of hepatitis B infection in children.",
            "A deletion in the receptor has been shown to protect from vertical transmission of hepatitis B.",
        ),
        (
            "Maternal vaccination may prevent whooping cough in young infants.",
            "Waning immunity contributes to whooping cough in young infants.",
        ),
        # Stopping a thing acts as its absence: withdrawal on stopping agrees with the thing preventing it.
        (
            "Stopping methadone suddenly causes withdrawal symptoms that can last several weeks.",
            "Methadone prevents withdrawal symptoms and reduces cravings.",
        ),
        ("Discontinuation of the drug may lead to rebound insomnia.", "The drug relieves insomnia."),
        # A person does it, by a means that acts: "you" names no agent, the "by" phrase does.
        (
            "You can prevent obesity hypoventilation syndrome by maintaining a healthy weight.",
            "These substances can worsen obesity hypoventilation syndrome.",
        ),
        # "it" after "though" stands for what the clause before names (the substance), not for the treatment.
        (
            "People who are addicted continue to abuse the substance even though it can harm their physical health.",
            "In doing so, treatment helps people improve their physical health.",
        ),
        # A measured change describes a group ("an increased", "a decrease in", "lower", "with age"): no side
        # on what causes or relieves.
        (
            "Hospitalised children showed an increased severity of pneumonia.",
            "There was a further 17% decrease in pneumonia among vaccinated children.",
        ),
        (
            "The incidence of infection decreases significantly with age in children.",
            "Crowding causes infection in children.",
        ),
        ("Vaccinated patients had lower death rates.", "The infection causes death in older patients."),
        # A risk named without a degree or a source takes no side.
        ("Older adults are at risk of falls.", "Exercise reduces falls in older adults."),
        # A list of treatments is not a list of harms, even after "symptoms" they ease.
        (
            "Available treatments focus on easing symptoms and may include: ibuprofen for headaches, rest and fluids.",
            "Ibuprofen can relieve headaches.",
        ),
        (
            "Treatment options may include ibuprofen for headaches and rest.",
            "Ibuprofen can relieve headaches.",
        ),
        # A condition supposes, it does not assert.
        (
            "If medication fails to relieve the pain, surgery may be recommended.",
            "There are many things you can do to help ease the pain.",
        ),
        ("Whether the drug causes liver damage is still debated.", "The drug protects the liver."),
        # "The cause of X is Y" names what acts after its verb.
        (
            "The cause of tremors is a problem in the parts of the brain that control muscles.",
            "In many cases, medicines can reduce tremors.",
        ),
        # "fails to relieve" denies the relief.
        ("It can cause pain in the lower back.", "If it fails to relieve pain, see a doctor."),
        # "300 reported cases" names cases: no reporting asserted for "did not report" to deny.
        (
            "Moreover, the survey did not report any measles cases among adults.",
            "Since 2010, measles has caused 300 reported cases in the region.",
        ),
        # An effect word used as a noun names a thing; it says nothing acts.
        ("Gambling harms families.", "The support of family is important during treatment."),
        ("Many things can help ease the pain.", "But finding the cause of the pain is important."),
        # A denial under an opening condition holds only there ("when it lacks X, ...").
        (
            "When the protein lacks its lipid anchor, the protein molecules do not cluster.",
            "The protein is anchored in the membrane, which induces clustering of the protein molecules.",
        ),
        # "not only X" asserts X, and more.
        (
            "Since its discovery, the ligand has been shown to be not only expressed on CD4+ T cells.",
            "Expression of the ligand protein was confirmed by Western blotting.",
        ),
        # A denial in a condition supposes; it denies nothing.
        (
            "If surgery to completely remove the tumour is not possible, further treatment may include a transplant.",
            "When possible, the tumour is removed by surgery.",
        ),
        (
            "If these medicines do not relieve your pain, your doctor may prescribe something stronger.",
            "Doctors may prescribe opioids to relieve pain.",
        ),
        # More of something wanted is what helping it means; fewer of its problems too.
        ("The tea induces sleep.", "The tea helps sleep."),
        ("The tea reduces sleep problems.", "The tea improves sleep."),
        ("The drug improved survival time in mice.", "The drug could increase patient survival."),
        # The thing itself acts on one side (a chain), something from outside on the other.
        ("Preventing painkiller abuse at home.", "Abusing painkillers can lead to dependence."),
        (
            "Preventing Gambling Addiction: steps you can take.",
            "Gambling addiction can lead to more addiction.",
        ),
    ],
)
def test_claims_taking_no_opposite_sides_do_not_contradict(a: str, b: str) -> None:
    judgement = RuleClassifier().judge(a, b)
    assert judgement.label != "contradiction", (a, b, judgement)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # An unnamed agent ("it") may be the other's: a claim about one thing, read without its subject.
        ("It can reduce anxiety in most users.", "Valerian can cause anxiety."),
        # Agents sharing a word are the same; who reports a harm is not what acts.
        ("Valerian tea can reduce anxiety.", "Valerian can cause anxiety."),
        ("Valerian can reduce anxiety.", "Some users report anxiety when taking valerian."),
        # After a verb of showing, "that" opens what is shown: "it" there names no other agent.
        ("Studies show that it can cause insomnia.", "Valerian relieves insomnia."),
        # The verb forms of the same words still take sides.
        ("Statins can lower cholesterol.", "Statins raise cholesterol."),
        ("Smoking carries a high risk of stroke.", "Smoking has a low risk of stroke."),
        # "The cause of X is Y", opening its clause, still names what causes X.
        ("The cause of insomnia is stress.", "Stress does not cause insomnia."),
        # Less against more of something wanted.
        ("The tea improves sleep.", "The tea reduces sleep."),
        ("The drug increases survival in older adults.", "The drug lowers survival in older adults."),
        # A participle before a noun still asserts where the other claim denies the verb itself.
        (
            "The survey did not report any measles cases among adults.",
            "The survey reported measles cases among adults.",
        ),
        # The same chain asserted and denied.
        ("Abusing painkillers can lead to dependence.", "Abusing painkillers does not lead to dependence."),
        # The same means, one acting through a person and one alone.
        ("You can reduce anxiety by drinking valerian tea.", "Valerian can cause anxiety."),
        # "it" after "although" stands for anything the clause before names, kratom among them.
        (
            "Many people use kratom for pain, although it can cause liver injury.",
            "Kratom does not cause liver injury.",
        ),
    ],
)
def test_named_or_unnamed_same_agents_still_contradict(a: str, b: str) -> None:
    judgement = RuleClassifier().judge(a, b)
    assert judgement.label == "contradiction", (a, b, judgement)


def test_the_same_named_subject_still_contradicts() -> None:
    rules = RuleClassifier()
    assert rules.judge(
        "Aspirin does not cause stomach bleeding.", "Aspirin causes stomach bleeding."
    ).label == ("contradiction")
    safe = rules.judge(
        "Melatonin is safe for long-term use.", "Long-term melatonin use has not been shown to be safe."
    )
    assert safe.label == "contradiction" and safe.topic == "whether it is safe or dangerous"


def test_a_prohibition_is_about_what_it_names() -> None:
    from rag.safety.contradictions.analysis.reader import analyse
    from rag.safety.contradictions.analysis.words import lemma_of

    analysis = analyse("Never stop a benzodiazepine suddenly after months of use.")
    assert analysis.advice
    assert analysis.subject == {lemma_of("benzodiazepine")}  # not "suddenly", not "months"
    assert not analyse("Benzodiazepines are never a first choice.").advice


# --- no topic of this corpus in the package ---------------------------------------------------------------------
# The corpus's subjects (substances, plants, compounds, places, the drugs it compares with) and the conditions it is
# about, chosen by reading corpus/: rules, thresholds and data under rag/ must work for any corpus, so none may key
# on these. Comments and docstrings may use them as examples; code, string literals and data files may not.
CORPUS_TOPIC = re.compile(
    r"kratom|ketum|\bkava|mitragyn|speciosa|southeast asia|opioid|opiate|morphine|heroin|coffee|caffeine|"
    r"mushroom|alkaloid|tropical|receptor|dopamine|serotonin|insomnia|sleeplessn|withdraw|addict|craving|relapse|"
    r"sobriety|detox",
    re.IGNORECASE,
)
# (file under rag/, table) -> (topic stems it may use, why that use is general vocabulary). A table is the
# module-level name (or function) a Python hit sits in, or the top two keys of a data file's value.
GENERAL_VOCABULARY: dict[tuple[str, str], tuple[frozenset[str], str]] = {
    ("safety/contradictions/lexicon.py", "HARMFUL_PROPERTY"): (
        frozenset({"addict"}),
        "properties that harm their holder (addictive, toxic, carcinogenic): said of any substance",
    ),
    ("safety/contradictions/lexicon.py", "KINDS"): (
        frozenset({"mushroom"}),
        "kinds of organism that exclude one another (a tree is not a fungus): taxonomy, not a subject",
    ),
    ("safety/contradictions/lexicon.py", "SYNONYMS"): (
        frozenset({"addict", "sleeplessn", "insomnia", "withdraw"}),
        "English stems that name one thing (sleeplessness is insomnia, dependence/abuse/addiction one key, a "
        "rebound is a withdrawal effect), for claims on any topic",
    ),
    ("answer/data/messages/en.yaml", "risk_words"): (
        frozenset({"addict"}),
        "words of risk a dosing refusal's quotes must use (addictive, toxic, dangerous): said of any substance",
    ),
    ("answer/data/messages/fr.yaml", "risk_words"): (
        frozenset({"addict"}),
        "words of risk a dosing refusal's quotes must use (addictif, toxique, dangereux): said of any substance",
    ),
    ("evaluation/external.py", "medquad_dosing"): (
        frozenset({"opioid", "addict"}),
        "the file names and description of an external suite as its publisher named it; no rule",
    ),
    ("evaluation/foreign_corpora.py", "medquad"): (
        frozenset({"opioid", "addict"}),
        "the file names of a foreign corpus's data set as its publisher named them; no rule",
    ),
    ("evaluation/external.py", "liveqa_dosing"): (
        frozenset({"opioid"}),
        "the file names and description of an external suite as its publisher named it; no rule",
    ),
    # The dosing layer's vocabulary, in bank.py until the banks become data files, then in their YAML.
    ("safety/dosing/bank.py", "BENIGN_TOPIC"): (
        frozenset({"withdraw", "addict"}),
        "knowledge topics (side effects, withdrawal, addiction, dependence) that make a follow-up about knowledge "
        "for any substance; the same words in es/fr/de/id/vi/th",
    ),
    ("safety/dosing/data/requests.yaml", "cues.BENIGN_TOPIC"): (
        frozenset({"withdraw", "addict"}),
        "as BENIGN_TOPIC in bank.py",
    ),
    ("safety/dosing/bank.py", "LEXICAL_VETO"): (
        frozenset({"relapse"}),
        "relapse is a knowledge topic of any substance use, not an amount",
    ),
    ("safety/dosing/data/requests.yaml", "cues.LEXICAL_VETO"): (
        frozenset({"relapse"}),
        "as LEXICAL_VETO",
    ),
    ("safety/dosing/bank.py", "_HOW_MUCH_NOT"): (
        frozenset({"alkaloid", "addict"}),
        "'how much alkaloids', 'more addictive' ask about the world: active compounds and addictiveness of any "
        "substance",
    ),
    ("safety/dosing/data/requests.yaml", "fragments.HOW_MUCH_NOT"): (
        frozenset({"alkaloid", "addict"}),
        "as _HOW_MUCH_NOT",
    ),
    ("safety/dosing/bank.py", "_AMOUNT_TRIGGER"): (
        frozenset({"withdraw"}),
        "'for withdrawal' is a purpose like 'for pain' or 'for sleep' in a request about any substance",
    ),
    ("safety/dosing/data/requests.yaml", "fragments.AMOUNT_TRIGGER"): (
        frozenset({"withdraw"}),
        "as _AMOUNT_TRIGGER",
    ),
    ("safety/dosing/data/requests.yaml", "fragments.CHANGED_NOT_TAKEN"): (
        frozenset({"withdraw", "craving"}),
        "what goes up or down in a body (withdrawal, cravings), not a dose, is asked of any substance",
    ),
    ("safety/dosing/data/requests.yaml", "fragments.ONSET"): (
        frozenset({"withdraw", "craving"}),
        "what starts or peaks after a last dose or drink (withdrawal, cravings) is asked of any substance",
    ),
    # Generic near-miss questions: withdrawal, addiction and receptors are asked of any substance. The rows that
    # named this corpus's topics ("compared to opioids", "cause insomnia") went with the bank decontamination.
    ("safety/dosing/data/examples.yaml", "benign"): (
        frozenset({"withdraw", "addict", "receptor"}),
        "generic near-miss questions about quitting, dependence and mechanism",
    ),
}
DATA_SUFFIXES = {".yaml", ".yml", ".json", ".jsonl", ".txt", ".csv", ".toml"}


def _python_hits(path: Path) -> list[tuple[str, str, int]]:
    """(table, stem, line) for topic words in code and string literals; comments and docstrings are skipped."""
    import ast
    import io
    import tokenize

    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            if docstring and isinstance(first.value.value, str):
                skip.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    comment_at = {
        tok.start[0]: tok.start[1]
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.COMMENT
    }
    tables = [
        (node.lineno, node.end_lineno or node.lineno, _table_name(node))
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.FunctionDef, ast.ClassDef))
    ]
    hits = []
    for number, line in enumerate(source.splitlines(), 1):
        if number in skip:
            continue
        code = line[: comment_at[number]] if number in comment_at else line
        table = next((name for first, last, name in tables if first <= number <= last), "<module>")
        hits += [(table, m.group(0).lower(), number) for m in CORPUS_TOPIC.finditer(code)]
    return hits


def _table_name(node: object) -> str:
    import ast

    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return str(getattr(node, "name", "<module>"))


def _data_hits(path: Path) -> list[tuple[str, str, int]]:
    """(table, stem, 0) for topic words in a data file's values (YAML/JSON comments are not values)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".yaml", ".yml", ".json"}:
        import yaml  # JSON is YAML

        values: list[tuple[str, str]] = []
        _walk(yaml.safe_load(text), (), values)
    elif path.suffix == ".jsonl":
        values = []
        for line in text.splitlines():
            if line.strip():
                _walk(json.loads(line), (), values)
    else:
        values = [("", line) for line in text.splitlines() if not line.lstrip().startswith("#")]
    return [(table, m.group(0).lower(), 0) for table, value in values for m in CORPUS_TOPIC.finditer(value)]


def _walk(node: object, keys: tuple[str, ...], out: list[tuple[str, str]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            out += [(".".join(keys[:2]), str(key))]
            _walk(value, (*keys, str(key)), out)
    elif isinstance(node, list):
        for item in node:
            _walk(item, keys, out)
    elif isinstance(node, str):
        out.append((".".join(keys[:2]), node))


def topic_words_in(package: Path) -> list[str]:
    """Every use of a corpus topic word under ``package`` that no general-vocabulary table explains."""
    found = []
    for path in sorted(package.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if path.suffix == ".py":
            hits = _python_hits(path)
        elif path.suffix in DATA_SUFFIXES:
            hits = _data_hits(path)
        else:
            continue
        name = path.relative_to(package).as_posix()
        for table, stem, line in hits:
            allowed, _why = GENERAL_VOCABULARY.get((name, table), (frozenset(), ""))
            if not any(stem.startswith(word) for word in allowed):
                found.append(f"{name}:{line} [{table}] {stem}")
    return found


def test_rule_code_names_no_topic_of_this_corpus() -> None:
    assert topic_words_in(REPO / "rag") == []


def test_the_topic_guard_sees_code_and_data_but_not_comments(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "ok.py").write_text(
        '"""Docstrings may say kratom."""\n# so may comments: opioid\nWORDS = ("tree", "leaf")\n',
        encoding="utf-8",
    )
    (package / "ok.yaml").write_text("# insomnia, in a comment\nwords: [tree]\n", encoding="utf-8")
    assert topic_words_in(package) == []
    (package / "rule.py").write_text('BOOST = {"kratom": 2.0}\n', encoding="utf-8")
    (package / "bank.yaml").write_text("benign:\n  - Does it help with insomnia?\n", encoding="utf-8")
    (package / "cues.json").write_text('{"cues": ["heroin"]}', encoding="utf-8")
    assert topic_words_in(package) == [
        "bank.yaml:0 [benign] insomnia",
        "cues.json:0 [cues] heroin",
        "rule.py:1 [BOOST] kratom",
    ]


def test_an_opening_it_is_read_as_the_subject_the_claim_before_names() -> None:
    text = (
        "Buprenorphine is a medicine used to treat opioid use disorder. It reduces cravings and withdrawal.\n"
        "It is unclear whether the effect lasts after treatment ends. It is difficult to tell when it ends.\n"
        "Opioids are drugs that act on the brain. It can slow breathing in some people.\n"
        "Patients stay on the medicine for months. It can cause constipation.\n"
        "The tablet dissolves under the tongue.\nIt works within an hour for most adults."
    )
    readings = {c.text: c.reading for c in extract_claims(doc("d", text))}
    assert readings["It reduces cravings and withdrawal."] == "Buprenorphine reduces cravings and withdrawal."
    # An "it" that stands for what follows, a plural or a person before it, another line: read as written.
    assert readings["It is unclear whether the effect lasts after treatment ends."] == ""
    assert readings["It is difficult to tell when it ends."] == ""
    assert readings["It can slow breathing in some people."] == ""
    assert readings["It can cause constipation."] == ""
    assert readings["It works within an hour for most adults."] == ""


def test_an_it_after_the_conjunction_of_a_split_clause_is_read_as_the_subject_before() -> None:
    text = (
        "Wood smoke contains fewer toxins than coal smoke, but it is not harmless. "
        "It can irritate the airways of young children."
    )
    readings = {c.text: c.reading for c in extract_claims(doc("d", text))}
    assert readings["but it is not harmless."] == "but Wood smoke is not harmless."
    # The next "it" stands for the same thing, not for "but Smoke ...".
    assert readings["It can irritate the airways of young children."] == (
        "Wood smoke can irritate the airways of young children."
    )


def test_an_opening_both_or_they_is_read_as_the_things_named_together_before() -> None:
    text = (
        "Methadone and buprenorphine are the two medicines most used in pregnancy. Both reduce cravings and "
        "withdrawal.\n"
        "Delirium and dementia have similar symptoms in older adults. They can occur together in one person.\n"
        "Opioids are drugs that act on the brain. They can slow breathing in some people.\n"
        "Gels and creams were both tested. Both intramuscular and intranasal delivery protected the mice.\n"
        "Gels and creams were tested. Both medicines were well tolerated by most adults."
    )
    readings = {c.text: c.reading for c in extract_claims(doc("d", text))}
    assert (
        readings["Both reduce cravings and withdrawal."]
        == "Methadone and buprenorphine reduce cravings and withdrawal."
    )
    assert (
        readings["They can occur together in one person."]
        == "Delirium and dementia can occur together in one person."
    )
    # A plural named alone, or a "both" with a subject of its own: read as written.
    assert readings["They can slow breathing in some people."] == ""
    assert readings["Both intramuscular and intranasal delivery protected the mice."] == ""
    assert readings["Both medicines were well tolerated by most adults."] == ""


def test_a_claim_about_both_is_not_set_against_what_stopping_something_else_causes() -> None:
    """ "Both reduce withdrawal" (two medicines) and "Stopping opioids suddenly can cause withdrawal" take no
    sides on one question; read with no subject, as any claim naming none, they would."""
    stopping = "Stopping opioids suddenly while pregnant can cause withdrawal in the baby."
    page = doc(
        "page",
        f"{stopping}\nMethadone and buprenorphine are the two medicines most used in pregnancy. Both reduce "
        "cravings and withdrawal in most women.",
    )
    both = next(c for c in extract_claims(page) if c.text.startswith("Both"))
    assert RuleClassifier().judge(stopping, both.text).label == "contradiction"
    assert RuleClassifier().judge(stopping, both.read).label != "contradiction"


def test_a_claim_about_it_is_not_set_against_another_medicine_named_elsewhere(settings: Settings) -> None:
    """One page on each of two medicines: "It reduces withdrawal" (the first) and "Naloxone can cause
    withdrawal" take no sides on one question; the same claim against one about the first medicine does."""
    # The hashing embedder does not read short pages as being on one subject; the real model does.
    settings = settings.model_copy(update={"conflict_min_document_similarity": -1.0})
    fake_map = ConflictMap(Store(settings), CountingEmbedder(), settings)
    first = doc(
        "first",
        "Buprenorphine is a medicine used to treat opioid addiction. It reduces withdrawal symptoms in most adults.",
    )
    other = doc("other", "Naloxone can cause sudden withdrawal symptoms in most adults.")
    fake_map.rebuild([first, other])
    assert fake_map.lookup(spans_of(first, "It reduces withdrawal symptoms")) == []
    same = doc("same", "Buprenorphine can cause sudden withdrawal symptoms in most adults.")
    fake_map.rebuild([first, other, same])
    found = fake_map.lookup(spans_of(first, "It reduces withdrawal symptoms"))
    assert [{s.source_id for s in f.sides} for f in found] == [{"first", "same"}]


# --- the map --------------------------------------------------------------------------------------


def test_map_finds_stores_and_looks_up_a_contradiction(fake_map: ConflictMap) -> None:
    a, b, c = doc("a", COFFEE_A), doc("b", COFFEE_B), doc("c", COFFEE_C)
    report = fake_map.rebuild([a, b, c])
    assert report.claims == len(extract_claims(a)) + len(extract_claims(b)) + len(extract_claims(c))
    assert report.contradictions >= 1 and report.pairs_checked >= report.contradictions

    found = fake_map.lookup(spans_of(a, "Coffee relieves headaches"), limit=3)
    assert len(found) == 1
    contradiction = found[0]
    assert "headaches" in contradiction.topic
    first, second = contradiction.sides
    assert first.source_id == "a" and second.source_id == "b"  # the side the reader was shown comes first
    for side, document in ((first, a), (second, b)):
        assert document.text[side.start : side.end] == side.quote
        assert side.title == document.title
    assert "disagree" in contradiction.note

    assert fake_map.lookup(spans_of(c, "Bread is baked")) == []
    assert fake_map.lookup([]) == []
    assert fake_map.lookup(spans_of(a, "Coffee relieves headaches"), limit=0) == []
    counts = fake_map.dispute_counts()
    assert counts == {"a": 1, "b": 1, "c": 0}


def test_lookup_ranks_by_the_question_and_scores_sides(fake_map: ConflictMap) -> None:
    a, b = doc("a", COFFEE_A), doc("b", COFFEE_B)
    fake_map.rebuild([a, b])
    question = fake_map.embedder.embed(["Does coffee cause headaches?"])[0]
    found = fake_map.lookup([("a", 0, len(a.text)), ("b", 0, len(b.text))], query_embedding=question)
    assert found and "headaches" in found[0].topic
    assert all(0.0 < side.score <= 1.0 for side in found[0].sides)


def test_same_document_claims_far_apart_are_paired(fake_map: ConflictMap) -> None:
    text = (
        "Coffee relieves headaches in most adults. "
        + " ".join(FILLER)
        + " Coffee causes headaches in adults."
    )
    single = doc("single", text)
    fake_map.rebuild([single])
    found = fake_map.lookup(spans_of(single, "Coffee relieves headaches"))
    assert len(found) == 1
    assert {s.source_id for s in found[0].sides} == {"single"}
    assert "says both" in found[0].note
    assert fake_map.dispute_counts() == {"single": 0}  # only other sources count as disputing


def test_update_embeds_only_changed_documents_and_forgets_removed(settings: Settings) -> None:
    embedder = CountingEmbedder()
    conflicts = ConflictMap(Store(settings), embedder, settings)
    a, b, c = doc("a", COFFEE_A), doc("b", COFFEE_B), doc("c", COFFEE_C)
    conflicts.rebuild([a, b, c])
    claims = conflicts.store.collection("claims")
    a_ids = set(claims.get(where={"source_id": "a"})["ids"])

    embedder.seen.clear()
    b2 = doc("b", COFFEE_B.replace("many adults", "several adults"))
    report = conflicts.update([b2], [])
    assert embedder.seen == [cl.text for cl in extract_claims(b2)]
    assert report.embedded == len(extract_claims(b2))
    assert set(claims.get(where={"source_id": "a"})["ids"]) == a_ids
    assert (
        conflicts.lookup(spans_of(a, "Coffee relieves headaches"))[0]
        .sides[1]
        .quote.startswith("Coffee causes headaches in several adults")
    )

    embedder.seen.clear()
    report = conflicts.update([], ["b"])
    assert embedder.seen == [] and report.claims == 0
    assert claims.get(where={"source_id": "b"})["ids"] == []
    assert conflicts.store.collection("claim_keys").get(where={"source_id": "b"})["ids"] == []
    assert conflicts.lookup(spans_of(a, "Coffee relieves headaches")) == []
    assert conflicts.store.collection("contradictions").count() == 0
    assert "b" not in conflicts.dispute_counts()


def test_a_second_reader_sees_updates(settings: Settings) -> None:
    writer = ConflictMap(Store(settings), HashingEmbedder(), settings)
    reader = ConflictMap(Store(settings), HashingEmbedder(), settings)
    a, b = doc("a", COFFEE_A), doc("b", COFFEE_B)
    writer.rebuild([a])
    assert reader.lookup(spans_of(a, "Coffee relieves headaches")) == []
    writer.update([b], [])
    assert len(reader.lookup(spans_of(a, "Coffee relieves headaches"))) == 1


def test_updates_are_idempotent_and_sync_skips_unchanged(fake_map: ConflictMap) -> None:
    docs = [doc("a", COFFEE_A), doc("b", COFFEE_B), doc("c", COFFEE_C)]
    fake_map.rebuild(docs)
    before = fake_map.store.collection("contradictions").get()["ids"]
    fake_map.update(docs[1:2], [])
    assert fake_map.store.collection("contradictions").get()["ids"] == before
    report = fake_map.sync(docs)
    assert report.claims == 0 and report.pairs_checked == 0


def test_sync_rebuilds_a_map_that_other_rules_built(fake_map: ConflictMap) -> None:
    docs = [doc("a", COFFEE_A), doc("b", COFFEE_B)]
    fake_map.rebuild(docs)
    state = fake_map.store.collection("conflict_state")
    state.upsert(ids=["rules"], embeddings=[[1.0]], metadatas=[{"kind": "rules", "rules": "v0|rules"}])
    report = fake_map.sync(docs)
    assert report.claims == sum(len(extract_claims(d)) for d in docs)  # rebuilt with today's rules
    assert fake_map.sync(docs).claims == 0  # and then left alone
    assert len(fake_map.lookup(spans_of(docs[0], "Coffee relieves headaches"))) == 1


def test_sync_redoes_a_document_a_crash_left_half_done(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = doc("a", COFFEE_A), doc("b", COFFEE_B)
    conflicts = ConflictMap(Store(settings), HashingEmbedder(), settings)
    conflicts.rebuild([a])

    def crash(*args: object) -> int:
        raise RuntimeError("killed mid-way")

    monkeypatch.setattr(conflicts, "_classify_and_store", crash)
    with pytest.raises(RuntimeError):
        conflicts.update([b], [])
    monkeypatch.undo()
    recovered = ConflictMap(Store(settings), HashingEmbedder(), settings)
    report = recovered.sync([a, b])
    assert report.claims == len(extract_claims(b))  # only the unfinished document is redone
    assert len(recovered.lookup(spans_of(a, "Coffee relieves headaches"))) == 1

    fresh_settings = settings.model_copy(update={"store_dir": settings.store_dir.parent / "fresh"})
    fresh = ConflictMap(Store(fresh_settings), HashingEmbedder(), fresh_settings)
    fresh.rebuild([a, b])
    got = sorted(recovered.store.collection("contradictions").get()["ids"])
    assert got == sorted(fresh.store.collection("contradictions").get()["ids"])


def test_a_build_a_crash_left_entirely_unmarked_is_rebuilt_by_dropping_not_row_by_row(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing to keep: the collections are dropped (deleting hundreds of thousands of claims row by row and
    writing them again ran for hours at 100k passages), and the result is the one a fresh build gives."""
    from rag.safety.contradictions import map_collections

    a, b = doc("a", COFFEE_A), doc("b", COFFEE_B)
    conflicts = ConflictMap(Store(settings), HashingEmbedder(), settings)

    def crash(*args: object) -> None:
        raise RuntimeError("killed before the documents were marked done")

    monkeypatch.setattr("rag.safety.contradictions.contradiction_map.mark_done", crash)
    with pytest.raises(RuntimeError):
        conflicts.sync([a, b])
    monkeypatch.undo()
    claims = conflicts.store.collection("claims").count()
    assert claims == len(extract_claims(a)) + len(extract_claims(b))  # stored, but no document marked done
    deleted: list[object] = []
    real_forget = map_collections.forget
    monkeypatch.setattr(
        "rag.safety.contradictions.contradiction_map.forget",
        lambda store, ids: deleted.append(store.collection("claims").count()) or real_forget(store, ids),
    )
    recovered = ConflictMap(Store(settings), HashingEmbedder(), settings)
    report = recovered.sync([a, b])
    assert deleted == [0]  # the collections were dropped before any row-by-row delete
    assert report.claims == claims and recovered.store.collection("claims").count() == claims
    assert len(recovered.lookup(spans_of(a, "Coffee relieves headaches"))) == 1


def test_store_errors_are_store_errors(settings: Settings) -> None:
    from rag.errors import StoreError

    settings.store_dir.parent.mkdir(parents=True, exist_ok=True)
    settings.store_dir.write_text("not a directory")
    conflicts = ConflictMap(Store(settings), HashingEmbedder(), settings)
    with pytest.raises(StoreError):
        conflicts.rebuild([doc("a", COFFEE_A)])


# --- gold sets ------------------------------------------------------------------------------------


def test_corpus_gold_quotes_are_verbatim() -> None:
    rows = read_jsonl("contradictions_corpus.jsonl")
    assert {r["label"] for r in rows} == {"contradiction", "agreement", "unrelated"}
    for row in rows:
        for side in (row["a"], row["b"]):
            text = (CORPUS / f"{side['source_id']}.txt").read_text(encoding="utf-8")
            assert text[side["start"] : side["end"]] == side["quote"], row["id"]


def test_other_topics_gold_set_is_balanced_and_rules_generalise() -> None:
    rows = read_jsonl("contradictions_other.jsonl")
    labels = [r["label"] for r in rows]
    assert len(rows) >= 60
    assert min(labels.count(x) for x in ("contradiction", "agreement", "unrelated")) >= 20
    precision, recall = pair_scores(rows, [RuleClassifier().judge(r["a"], r["b"]).label for r in rows])
    # Reported in the note; these floors only catch regressions.
    assert precision >= 0.8 and recall >= 0.6, (precision, recall)


def test_questions_name_both_sides() -> None:
    rows = read_jsonl("contradiction_questions.jsonl")
    assert len(rows) >= 6
    for row in rows:
        assert row["question"].strip() and len(row["sides"]) == 2 and all(row["sides"])


def pair_scores(rows: list[dict], predicted: list[str]) -> tuple[float, float]:
    gold = [r["label"] == "contradiction" for r in rows]
    hits = [p == "contradiction" for p in predicted]
    tp = sum(g and h for g, h in zip(gold, hits, strict=True))
    return tp / max(1, sum(hits)), tp / max(1, sum(gold))


# --- real model on the real corpus ----------------------------------------------------------------

SIX = (
    "insomnia",
    "addiction and dependence",
    "danger",
    "dosing precision",
    "what kratom is",
    "strength of evidence",
)


@pytest.fixture(scope="module")
def real_map(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConflictMap]:
    root = tmp_path_factory.mktemp("conflicts-real")
    shutil.copytree(CORPUS, root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", store_dir=root / "store")
    conflicts = ConflictMap(Store(settings), load_embedder(settings.embed_model), settings)
    conflicts.rebuild(scan_corpus(settings).documents)
    yield conflicts


def _pair_in_map(conflicts: ConflictMap, a: dict, b: dict) -> bool:
    for found in conflicts.contradictions():
        x, y = found.sides
        for p, q in ((x, y), (y, x)):
            if (
                p.source_id == a["source_id"]
                and p.start < a["end"]
                and a["start"] < p.end
                and q.source_id == b["source_id"]
                and q.start < b["end"]
                and b["start"] < q.end
            ):
                return True
    return False


@pytest.mark.model
def test_corpus_gold_precision_and_recall(real_map: ConflictMap) -> None:
    rows = read_jsonl("contradictions_corpus.jsonl")
    predicted = ["contradiction" if _pair_in_map(real_map, r["a"], r["b"]) else "none" for r in rows]
    precision, recall = pair_scores(rows, predicted)
    assert precision >= 0.7 and recall >= 0.8, (precision, recall)


@pytest.mark.model
def test_the_six_disagreements_are_found(real_map: ConflictMap) -> None:
    rows = read_jsonl("contradictions_corpus.jsonl")
    for topic in SIX:
        gold = [r for r in rows if r["topic"] == topic and r["label"] == "contradiction"]
        assert gold, topic
        assert any(_pair_in_map(real_map, r["a"], r["b"]) for r in gold), topic


@pytest.mark.model
def test_plain_questions_get_both_sides(real_assistant: Assistant) -> None:
    """Acceptance: asked a plain question, the answer carries the disagreement with both sides quoted."""
    for row in read_jsonl("contradiction_questions.jsonl"):
        answer = real_assistant.ask(row["question"])
        topics = [c.topic for c in answer.contradictions]
        hit = any(_both_sides(c.sides, row["sides"]) for c in answer.contradictions)
        assert hit, (row["question"], topics)
        for contradiction in answer.contradictions:
            for side in contradiction.sides:
                path = real_assistant.settings.corpus_dir / f"{side.source_id}.txt"
                text = path.read_text(encoding="utf-8")
                assert text[side.start : side.end] == side.quote


def _both_sides(sides: list, phrases: list[list[str]]) -> bool:
    quotes = [s.quote.lower() for s in sides]
    first, second = ([p.lower() for p in group] for group in phrases)
    return any(
        any(p in quotes[i] for p in first) and any(p in quotes[j] for p in second)
        for i in range(len(quotes))
        for j in range(len(quotes))
        if i != j
    )


@pytest.mark.model
def test_real_incremental_update(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    settings = Settings(corpus_dir=tmp_path / "corpus", store_dir=tmp_path / "store")
    real = load_embedder(settings.embed_model)
    seen: list[str] = []

    class Spy:
        name, dimension = real.name, real.dimension

        def embed(self, texts: list[str]) -> np.ndarray:
            seen.extend(texts)
            return real.embed(texts)

    conflicts = ConflictMap(Store(settings), Spy(), settings)
    documents = scan_corpus(settings).documents
    conflicts.rebuild(documents)
    changed = documents[2]
    edited = doc(changed.source_id, changed.text + "\nKratom never causes insomnia.", changed.title)
    seen.clear()
    report = conflicts.update([edited], [])
    assert seen == [c.text for c in extract_claims(edited)] and report.embedded == len(seen)

    removed = documents[3].source_id
    conflicts.update([], [removed])
    assert conflicts.store.collection("claims").get(where={"source_id": removed})["ids"] == []
    assert all(removed not in {s.source_id for s in r.sides} for r in conflicts.contradictions())
    assert removed not in conflicts.dispute_counts()


@pytest.mark.slow
def test_map_build_grows_near_linearly(tmp_path: Path) -> None:
    """20 times the corpus (its sentences shuffled under new ids) costs about 20 times the build, not 400."""
    import random
    import time

    from rag.text.segment import split_sentences

    documents = scan_corpus(Settings(corpus_dir=CORPUS)).documents
    sentences = [s.text for d in documents for s in split_sentences(d.text) if not s.heading]

    def synthetic(factor: int) -> list[Document]:
        pool = sentences * factor
        random.Random(factor).shuffle(pool)
        count = len(documents) * factor
        size = len(pool) // count
        return [doc(f"syn_{i:04d}", " ".join(pool[i * size : (i + 1) * size])) for i in range(count)]

    per_claim = []
    for factor in (1, 20):
        settings = Settings(store_dir=tmp_path / f"store{factor}", corpus_dir=tmp_path)
        conflicts = ConflictMap(Store(settings), HashingEmbedder(), settings)
        began = time.perf_counter()
        report = conflicts.rebuild(synthetic(factor))
        per_claim.append((time.perf_counter() - began) / report.claims)
    assert per_claim[1] < 3 * per_claim[0], per_claim


def test_pairing_in_memory_finds_what_the_chroma_queries_find(tmp_path: Path) -> None:
    """The exact in-memory pairing and the per-document Chroma queries pick the same pairs, on a first build
    and on an update that must read the other documents' claims back from the store. Chroma's search is
    approximate, and the hashing encoder makes many ties at the k-th neighbour: a handful of pairs may differ,
    the contradictions found may not."""
    from rag.safety.contradictions import contradiction_map

    documents = scan_corpus(Settings(corpus_dir=CORPUS)).documents
    changed = documents[0].model_copy(
        update={"text": documents[0].text + " " + COFFEE_B, "content_hash": "x"}
    )
    found: dict[str, list[set[tuple[str, str]]]] = {}
    contradictions: dict[str, list[set[str]]] = {}
    original = contradiction_map.build_candidates
    for label, limit in (("memory", 50_000), ("chroma", 0)):
        settings = Settings(store_dir=tmp_path / label, corpus_dir=CORPUS, conflict_memory_claims=limit)
        conflicts = ConflictMap(Store(settings), HashingEmbedder(), settings)
        rounds: list[set[tuple[str, str]]] = []

        def spy(*args: object, rounds: list = rounds, **kwargs: object) -> list:
            candidates = original(*args, **kwargs)  # type: ignore[arg-type]
            rounds.append({c.key for c in candidates})
            return candidates

        stored: list[set[str]] = []
        contradiction_map.build_candidates = spy  # type: ignore[assignment]
        try:
            conflicts.rebuild([*documents, doc("coffee", COFFEE_A)])
            stored.append(set(conflicts.store.collection("contradictions").get()["ids"]))
            conflicts.update([changed], [])
            stored.append(set(conflicts.store.collection("contradictions").get()["ids"]))
        finally:
            contradiction_map.build_candidates = original
        found[label], contradictions[label] = rounds, stored
    assert len(found["memory"]) == 2 and all(len(r) > 100 for r in found["memory"])
    for mine, theirs in zip(found["memory"], found["chroma"], strict=True):
        # Each difference seen is a swap between two neighbours exactly as similar as each other.
        assert len(mine ^ theirs) <= 0.02 * len(mine | theirs)
    assert contradictions["memory"] == contradictions["chroma"]
    assert all(contradictions["memory"])


# --- comparatives, compounds, relative risks, changes -------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "topic", "part"),
    [
        # "no more X than" denies "more X than".
        (
            "Tablets are no more effective than placebo for back pain.",
            "Tablets are more effective than placebo for back pain.",
            "whether tablets are more effective than placebo",
            None,
        ),
        # "it has not been established that P" denies P.
        (
            "Walking is far less tiring than running.",
            "It has not been established that walking is less tiring than running.",
            "whether walking is less tiring than running",
            None,
        ),
        ("Oats are more filling than rice.", "Oats are less filling than rice.", None, None),
        # The same compound still contradicts, and the label names it whole.
        (
            "Caffeine raises heart rate for a short time.",
            "Caffeine does not raise heart rate.",
            None,
            "heart rate",
        ),
        # "unlikely to cause" and "a low probability of causing" deny as "does not cause" does.
        ("Green tea is unlikely to cause headaches.", "Green tea can cause headaches.", None, "headache"),
        ("Green tea is unable to relieve headaches.", "Green tea can relieve headaches.", None, "headache"),
        (
            "Green tea has a low probability of causing headaches.",
            "Green tea can cause headaches.",
            None,
            "headache",
        ),
        # A table row states the amount for what its first cell names; prose on the same medicine can dispute it.
        (
            "Ibuprofen | painkiller | 200 mg each day",
            "Ibuprofen is a painkiller taken at 1200 mg each day.",
            "the amount",
            None,
        ),
    ],
)
def test_comparisons_and_compounds_that_contradict(
    a: str, b: str, topic: str | None, part: str | None
) -> None:
    judgement = RuleClassifier().judge(a, b)
    assert judgement.label == "contradiction"
    if topic is not None:
        assert judgement.topic == topic
    if part is not None:
        assert part in judgement.topic


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Comparisons of different things.
        ("Oats are more filling than rice.", "Bread is no more filling than rice."),
        # One word of different compounds ("heart rate", "cancer rates").
        (
            "Caffeine raises heart rate for a short time.",
            "Long-term drinkers showed no increase in cancer rates.",
        ),
        # A smaller relative risk says nothing about causes.
        (
            "Alcohol itself does not cause cancer.",
            "After ten years, the risk of liver cancer is about half that of a person who still drinks.",
        ),
        # A change by a percentage is not a level.
        (
            "Exercise increases the chance of recovery by 50 to 60 percent compared with rest.",
            "In a trial of exercise, 18 percent recovered, compared with 9.9 percent of those who rested.",
        ),
        # Experience with a disease is familiarity with it, not the disease happening.
        (
            "Hydroxyurea is the only cure for SCD.",
            "They should see an obstetrician who has experience with SCD and high-risk pregnancies.",
        ),
        # A denied experience lists nothing, and what follows "from" is where it would come from.
        (
            "Camels seem not to experience illness from otherwise harmful desert parasites.",
            "Removing two genes from the parasite led to a reduction in harmful effects.",
        ),
        # A gerund that a copula describes is a goal, not a claim that anything acts.
        (
            "Reducing the spread of measles is a national priority.",
            "Children who are not vaccinated are at high risk of measles.",
        ),
        # A gerund that a verb describes is its subject: "treating X" claims nothing about whether X is treated,
        # and what X is treated "with" is the means, not what is treated.
        (
            "Large studies found that treating asthma with steroids does not increase the risk of bone problems.",
            "Steroids do not cure asthma.",
        ),
        (
            "Large studies found that treating asthma with steroids does not increase the risk of bone problems.",
            "In surveys of gym members, between 5% and 35% reported taking a steroid that was not prescribed for them, "
            "most often to train.",
        ),
        # Rows of a table name what they measure in their first cell: two medicines' doses are no dispute.
        (
            "| Prednisolone (Deltacortril) | steroid | 3-4 hours | 5 mg once or twice a day |",
            "| Budesonide (Pulmicort) | non-steroid | all day | 1 mg a day |",
        ),
        ("Ibuprofen | painkiller | 200 mg each day", "Paracetamol | painkiller | 1000 mg each day"),
        # A small likelihood of causing is no claim that it causes.
        (
            "The new tablet works on many strains with a low probability to induce resistance.",
            "Washing the tablets in acid was done to reduce the risk of resistance.",
        ),
        # People an effect happens to are not what is caused or treated.
        (
            "Malaria is the leading cause of death in children under five in the region.",
            "The national action plan for malaria and measles highlights many opportunities to protect, prevent and "
            "treat children.",
        ),
        # "there are reports showing ..." lists no experience.
        (
            "Even though this study did not measure heat, a review shows that the link is still debated, since there "
            "are reports showing no relationship of outdoor heat and fatigue.",
            "Resting in the shade can decrease fatigue.",
        ),
        # "less clear" is unclear; what follows "unclear," is another clause, not what is unclear.
        (
            "Links are less clear among allergies caused by pollen in young children.",
            "At first the role of pollen was unclear, allergies to dust were common.",
        ),
        # A condition's symptoms say nothing against what relieves them.
        (
            "These symptoms include sneezing, headache and a sore throat.",
            "Pharmacists sell lozenges to relieve a sore throat and, sometimes, a headache.",
        ),
        # "help a person stop drinking" agrees with "not drinking".
        (
            "Different medications may be useful at different stages of treatment to help a person stop drinking, "
            "stay in treatment, and avoid relapse.",
            "Motivational programs offer rewards for attending counseling sessions, taking treatment medications, "
            "and not drinking.",
        ),
        # "Factors that contribute to X include Y": Y acts, not what the other claim names.
        (
            "Wearing gloves in winter may be effective to prevent chilblains in older adults.",
            "Factors that may contribute to the increased risk of chilblains include poor circulation from those "
            "smoking with gloves off, damp housing and a low body weight.",
        ),
        # A passive report ("might have been under-reported ...") lists nothing that happens.
        (
            "The flu cases might have been under-reported roughly from 1 to 15 January, and thus we estimated the "
            "number of missed cases.",
            "Overall, we estimate that towns have managed to reduce their number of cases.",
        ),
        # An aim ("In order to prevent X", "To reduce X, ...") is no claim that anything acts on X.
        (
            "Despite being a major cause of migraines, reports linking bright light to migraines only start to "
            "emerge in the late 1950s.",
            "In order to prevent migraines, the design of new drugs could potentially improve efficacy by acting "
            "on blood vessels.",
        ),
        (
            "Early work with older bicycle helmets raised safety concerns.",
            "To reduce safety concerns, lighter helmets were developed.",
        ),
        # "should the region experience X" supposes X; it reports no X.
        (
            "Hurricane plans would be useful to enact during the season should the region experience sustained "
            "flooding.",
            "As the town responds to storms, authorities begin at a disadvantage to enact appropriate controls to "
            "prevent flooding in low areas.",
        ),
        # Who experienced something is named, and what the other says relieves it is nowhere in that claim.
        (
            "Of the 2,421 children who experienced 3,717 individual asthma episodes, pollen was most prevalent "
            "(41.5%).",
            "and the measures available to control the impact of pollen (for example, inhalers or medications that "
            "can treat the asthma) and the relative success of these.",
        ),
        # Who is at (higher) risk says nothing about what makes it so.
        (
            "People at higher risk of serious flu illness avoid cruise travel.",
            "Vaccines can treat the illness.",
        ),
        # What is attempted or aimed at is no claim that it works.
        (
            "It can cause serious flu.",
            "Health agencies issued guidelines in order to protect the population, and to attempt to prevent the "
            "further spread of flu",
        ),
        ("It can cause flu.", "The study aimed to reduce flu in schools."),
        # "increase X" and "enhance X" both say there is more of X.
        (
            "Adding a hook to the peptide could further increase the antiviral activity of the peptide.",
            "but enhanced the antiviral activity of the peptide.",
        ),
        (
            "Chemical changes, such as adding a methyl group, would increase oligo stability against heat.",
            "This illustrates the potential of chemical changes of oligos to improve their stability.",
        ),
        # Naming a kind of study or a confirmed diagnosis claims no evidence against "more research is needed".
        (
            "New types of treatment for gout are being tested in clinical trials.",
            "Studies have not shown that this gout treatment works well but some patients may have some benefit.",
        ),
        (
            "Patients who were confirmed to be infected with measles were enrolled in the hospital.",
            "Further investigation revealed these measles cases to result from a new strain.",
        ),
        # A denial and an assertion about two names that share only their second part ("BOV-CoV", "EQU-CoV").
        (
            "In contrast, the death rate was less than 10% among age-matched calves that were not infected with "
            "BOV-CoV.",
            "Unlike BOV, however, infection with EQU-CoV is generally mild in healthy foals but more severe in "
            "foals with other illnesses.",
        ),
        # Certainty and a hedge that share one word are about different things.
        (
            "In summary, we demonstrated that the mechanisms of both tea extracts complement each other.",
            "Mechanisms of honey activity warrant further investigation.",
        ),
    ],
)
def test_pairs_that_only_look_alike_do_not_contradict(a: str, b: str) -> None:
    assert RuleClassifier().judge(a, b).label != "contradiction"


def test_map_reads_whole_sentences_vectors_back_from_the_index(tmp_path: Path) -> None:
    """A claim that is a whole sentence of the document version the index holds takes its vector from the
    index: on a large corpus the embedder's cache has long dropped it, and embedding it again would embed the
    corpus twice. Clauses, documents the index does not hold and edited documents are embedded."""
    from rag.ingest.indexer import Indexer
    from rag.ingest.store import SENTENCES

    settings = Settings(corpus_dir=CORPUS, store_dir=tmp_path / "store")
    store = Store(settings)
    Indexer(settings, store, HashingEmbedder(), withhold_title=lambda _: False).run()
    documents = scan_corpus(settings).documents
    embedder = CountingEmbedder()
    conflicts = ConflictMap(store, embedder, settings)
    coffee = doc("coffee", COFFEE_A)
    report = conflicts.rebuild([*documents, coffee])

    metas = store.collection(SENTENCES).get(include=["metadatas"])["metadatas"]
    sentences = {(m["source_id"], m["start"], m["end"]) for m in metas}
    claims = [c for d in documents for c in extract_claims(d)]
    whole = [c for c in claims if (c.source_id, c.start, c.end) in sentences]
    clauses = [c for c in claims if (c.source_id, c.start, c.end) not in sentences]
    assert len(whole) > 0.8 * len(claims) and clauses
    assert embedder.seen == [c.text for c in clauses] + [c.text for c in extract_claims(coffee)]
    assert report.embedded == len(embedder.seen)
    got = store.collection("claims").get(ids=[c.claim_id for c in whole], include=["embeddings", "documents"])
    fresh = HashingEmbedder().embed(list(got["documents"]))
    assert np.allclose(np.asarray(got["embeddings"]), fresh, atol=1e-5)

    embedder.seen.clear()
    edited = documents[0].model_copy(update={"text": documents[0].text + " " + COFFEE_B, "content_hash": "x"})
    report = conflicts.update([edited], [])
    assert embedder.seen == [c.text for c in extract_claims(edited)] and report.embedded == len(embedder.seen)


def test_clustered_search_finds_most_exact_neighbours_and_repeats(tmp_path: Path) -> None:
    """The clustered index a large build pairs claims with finds most of the exact search's neighbours across
    documents (never a pair within one document), and the same ones on every build."""
    from rag.benchmark.synthetic import build_corpus
    from rag.safety.contradictions import memory_pairing
    from rag.safety.contradictions.clustered_pairing import clustered_cross_document

    built = build_corpus(CORPUS, tmp_path / "corpus", 20, seed=20)
    documents = scan_corpus(Settings(corpus_dir=built.path)).documents
    per_doc = [(d, extract_claims(d)) for d in documents]
    embedder = HashingEmbedder()
    embeddings = {d.source_id: embedder.embed([c.text for c in claims]) for d, claims in per_doc}
    keys = {c.claim_id: [] for _, claims in per_doc for c in claims}
    store = Store(Settings(corpus_dir=built.path, store_dir=tmp_path / "store"))
    table = memory_pairing.claim_table(store, per_doc, embeddings, keys)
    rows = list(range(len(table.refs)))
    assert len(rows) > 3000
    exact = {c.key for c in memory_pairing.cross_document(table, rows, 8, 0.3)}
    found = clustered_cross_document(table, rows, 8, 0.3)
    pairs = {c.key for c in found}
    assert len(pairs & exact) >= 0.9 * len(exact)
    assert all(c.left.source_id != c.right.source_id and c.similarity >= 0.3 for c in found)
    assert pairs == {c.key for c in clustered_cross_document(table, rows, 8, 0.3)}


def test_the_map_state_of_thousands_of_documents_is_written_and_forgotten_in_batches(
    settings: Settings,
) -> None:
    """The 100k-passage run (7,750 documents) failed here: one upsert of every document's state exceeded
    Chroma's batch limit (5,461 rows then)."""
    from rag.safety.contradictions.map_collections import done_hashes, forget, mark_done

    store = Store(settings)
    count = 7_000
    documents = [
        Document(source_id=f"d{i}", title=f"d{i}", path=Path(f"d{i}.txt"), text="x", content_hash=f"h{i}")
        for i in range(count)
    ]
    mark_done(store, documents, {d.source_id: 0 for d in documents}, "rules")
    assert done_hashes(store) == {d.source_id: d.content_hash for d in documents}
    forget(store, [d.source_id for d in documents[: count - 1]])
    assert done_hashes(store) == {documents[-1].source_id: documents[-1].content_hash}


# Two studies on unrelated subjects whose claims the rules, reading "it" as shared, would set against each other.
_DRUG = (
    "Angiotensin-converting enzyme inhibitors lower blood pressure in adults with heart failure. "
    "Cough is their best known side effect and it usually stops after the drug is withdrawn. "
    "It is considered safe for most adults with heart failure."
)
_CLIMB = (
    "High-altitude mountaineering exposes climbers to thin air, cold and avalanches. "
    "Few expeditions above eight thousand metres return without frostbite. "
    "It is dangerous for most adults without long training."
)
_DRUG_AGAIN = (
    "Angiotensin-converting enzyme inhibitors are prescribed to many adults with heart failure. "
    "A dry cough leads some patients to stop the drug. "
    "It is dangerous for most adults with kidney failure."
)


@pytest.mark.model
def test_only_claims_of_documents_on_one_subject_contradict(tmp_path: Path) -> None:
    # The rules alone find the two unrelated last sentences contradictory: the map must not pair them.
    safe, risky = _DRUG.split(". ")[-1], _CLIMB.split(". ")[-1]
    assert RuleClassifier().judge(safe, risky).label == "contradiction"
    settings = Settings(store_dir=tmp_path / "store", corpus_dir=tmp_path / "corpus")
    conflicts = ConflictMap(Store(settings), load_embedder(settings.embed_model), settings)
    conflicts.rebuild([doc("drug", _DRUG), doc("climb", _CLIMB), doc("again", _DRUG_AGAIN)])
    pairs = {frozenset(s.source_id for s in c.sides) for c in conflicts.contradictions()}
    assert frozenset({"drug", "climb"}) not in pairs and frozenset({"again", "climb"}) not in pairs
    assert frozenset({"drug", "again"}) in pairs
    # An update reads the other documents' vectors back from the store and keeps to the same rule.
    conflicts.update([doc("climb", _CLIMB + " Storms make it worse.")], [])
    pairs = {frozenset(s.source_id for s in c.sides) for c in conflicts.contradictions()}
    assert frozenset({"drug", "climb"}) not in pairs and frozenset({"drug", "again"}) in pairs
    conflicts.update([], ["climb"])
    assert conflicts.store.collection("claim_documents").get(ids=["climb"])["ids"] == []


# A page on a device and one on a hazard it is used against: less alike than the bar, yet both say whether the
# device, named in the same words, does one thing.
_FILTERS = (
    "Ceramic water filters are sold in most outdoor shops and cost little. "
    "They are light enough to carry on long hikes. "
    "Ceramic water filters can also remove viruses."
)
_VIRUSES = (
    "Norovirus spreads through contaminated food, hands and surfaces, and outbreaks are common on cruise ships. "
    "Vomiting and diarrhoea start within two days. "
    "Ceramic water filters do not remove viruses."
)


@pytest.mark.model
def test_claims_naming_the_same_subject_contradict_across_unlike_documents(tmp_path: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store", corpus_dir=tmp_path / "corpus")
    conflicts = ConflictMap(Store(settings), load_embedder(settings.embed_model), settings)
    conflicts.rebuild([doc("filters", _FILTERS), doc("viruses", _VIRUSES), doc("climb", _CLIMB)])
    vectors = read_document_vectors(conflicts.store, ["filters", "viruses"])
    assert float(vectors["filters"] @ vectors["viruses"]) < settings.conflict_min_document_similarity
    pairs = {frozenset(s.source_id for s in c.sides) for c in conflicts.contradictions()}
    assert frozenset({"filters", "viruses"}) in pairs

    def name_the_same_subject(a: str, b: str) -> bool:
        """Both claims name their subject in the same words, one of them specific (what the map pairs across
        documents of different subjects)."""
        named = named_subject(a)
        return named is not None and named == named_subject(b)

    # A subject named only by who it is about ("Patients ...") does not make two documents one subject.
    assert not name_the_same_subject("Patients like this shop.", "Patients do not like this shop in winter.")
    # Nor one read through its own document, one stating an amount, or advice (whose subject is the reader's).
    assert not name_the_same_subject(
        "This difference was significant.", "This difference was not significant."
    )
    assert not name_the_same_subject("Median survival was 13 days.", "Median survival was 31 weeks.")
    advice = "Do not stop taking a medicine on your own."
    assert not name_the_same_subject(advice, advice)


def test_a_claim_naming_something_else_that_acts_answers_neither_yes_nor_no() -> None:
    asked = read_question("Does medication help with the pain?")
    assert claim_stance(asked, "This causes a lesion on the nerve that disrupts the pain signals.") == 0
    assert claim_stance(asked, "Medication can help with the pain.") == 1
    assert claim_stance(asked, "Medication does not help with the pain.") == -1
    # A claim that names no agent ("it", "long-term use") is still read against the question's predicate.
    assert claim_stance(asked, "It can worsen the pain.") == -1
    assert claim_stance(read_question("Is kratom addictive?"), "Long-term use may lead to dependence.") == 1


def test_a_claim_about_another_thing_answers_neither_yes_nor_no() -> None:
    """ "Home detox is dangerous" says nothing of whether cutting down gradually is safe; what is said of using
    the thing asked about ("High doses", "Mixing it with alcohol") still answers."""
    asked = read_question("Is cutting down gradually safe?")
    assert claim_stance(asked, "Home detox is dangerous for people with a history of seizures.") == 0
    assert claim_stance(asked, "Cutting down slowly is a safe alternative to medical detox.") == 1
    asked = read_question("Is melatonin safe?")
    assert claim_stance(asked, "Caffeine is dangerous in large amounts.") == 0
    assert claim_stance(asked, "High doses are dangerous.") == -1
    assert claim_stance(asked, "Mixing it with alcohol is dangerous.") == -1
    # Nor does a dispute between two claims about that other thing bear on the question.
    sides = ["Caffeine is safe for most adults.", "Caffeine is dangerous in large amounts."]
    assert not bears_on(read_question("Is melatonin safe?"), sides)
    assert bears_on(read_question("Is caffeine safe?"), sides)
    # Two things said of one medicine: breaks from it are not its side effects; its side effects, or its long-term
    # use, are still what "Is it safe?" asks about.
    asked = read_question("Are the side effects of stimulants dangerous?")
    assert claim_stance(asked, "Planned breaks from stimulant treatment are not recommended as routine.") == 0
    assert claim_stance(asked, "Long-term use of stimulants is dangerous.") == 1
    asked = read_question("Is melatonin safe?")
    assert claim_stance(asked, "Long-term use of melatonin is dangerous.") == -1
    assert claim_stance(asked, "Withdrawal from melatonin is not dangerous.") == 1
    # Some kinds of a thing are that thing; and what "help ... cope with" names is what is helped, not a means.
    asked = read_question("Do some kinds of valerian help with sleep more than others?")
    assert (
        claim_stance(asked, "The soothing properties of specific valerian strains can help regulate sleep.")
        == 1
    )
    asked = read_question("Can valerian help someone cope with cravings for alcohol?")
    assert claim_stance(asked, "Studies have shown that valerian can reduce cravings.") == 1


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("What is mate?", "mate"),
        ("What are betel nuts?", "betel nuts"),
        ("What is (are) Restless legs syndrome ?", "Restless legs syndrome"),
        ("What is the risk of mixing mate and alcohol?", None),
        ("What is mate used for?", None),
        ("What are mate withdrawal symptoms like?", None),
        ("What are the side effects of betel nuts?", None),
    ],
)
def test_what_is_a_short_name_asks_what_kind_of_thing_it_is(question: str, named: str | None) -> None:
    from rag.safety.contradictions.classify import KIND_TERM

    asked = read_question(question)
    assert (KIND_TERM in asked.terms) == (named is not None)
    if named is not None:
        assert asked.subject == named


def test_what_is_x_bears_on_a_dispute_about_what_x_is_and_no_other_thing() -> None:
    from rag.safety.contradictions.asked import bears_on

    asked = read_question("What is mate?")
    mate = ["Mate is a shrub native to South America.", "Mate is a mushroom that grows in damp forests."]
    guarana = ["Guarana is a climbing plant of the Amazon.", "Guarana is a mushroom used in energy drinks."]
    assert bears_on(asked, mate)
    assert not bears_on(asked, guarana)
    assert not bears_on(read_question("What is mate used for?"), mate)


def test_rarely_dangerous_takes_no_side_on_whether_something_is_safe() -> None:
    # "These effects are unpleasant but rarely dangerous." was quoted as saying naloxone is not safe, and set
    # against "It is safe to give" as a disagreement within the page.
    rarely = "Naloxone can cause withdrawal. These effects are unpleasant but rarely dangerous."
    safe = "Naloxone is safe to give even if you are not sure the person has taken opioids."
    asked = read_question("Is naloxone safe?")
    assert claim_stance(asked, rarely) == 0 and claim_stance(asked, safe) == 1
    assert RuleClassifier().judge(rarely, safe).label != "contradiction"
    # Said without the qualifier, it still takes the side.
    assert claim_stance(asked, "Naloxone can cause withdrawal, which is dangerous.") == -1


def test_advice_against_a_thing_takes_a_side_on_whether_it_is_safe_and_advice_for_it_does_not() -> None:
    """ "Medically supervised withdrawal during pregnancy is not recommended" and "a carefully supervised taper
    during pregnancy is safe for the baby" were no disagreement: advice against was read as nothing. Advice for a
    thing ("Regular blood tests and medical monitoring are recommended") calls nothing safe, so it is no side
    against "it is not without its dangers when taken without medical supervision"."""
    against = "Medically supervised withdrawal during pregnancy is not recommended."
    safe = (
        "Recent studies suggest that a carefully supervised withdrawal during pregnancy is safe for the baby."
    )
    assert RuleClassifier().judge(against, safe).label == "contradiction"
    advised = "Regular blood tests and medical monitoring are recommended to assess progress."
    dangers = "The tea is not without its dangers, particularly when taken without medical supervision."
    assert RuleClassifier().judge(advised, dangers).label != "contradiction"
    asked = read_question("Is supervised withdrawal safe during pregnancy?")
    assert claim_stance(asked, against) == -1
    # Attributive, it names a thing and judges nothing.
    assert claim_stance(asked, "Supervised withdrawal did not follow the recommended schedule.") == 0


def test_a_question_whether_it_works_reads_claims_that_say_so_or_not() -> None:
    from rag.safety.contradictions.asked import claim_stance, read_question

    asked = read_question("Does fish oil work?")
    assert claim_stance(asked, "Fish oil showed no benefit over placebo.") == -1
    assert claim_stance(asked, "Fish oil helps patients keep their heart rhythm steady.") == 1
    assert claim_stance(asked, "Fish oil comes from oily fish.") == 0
    effective = read_question("Is fish oil effective for heart disease?")
    assert effective.subject == "fish oil"
    assert claim_stance(effective, "Fish oil proved ineffective.") == -1


def test_an_as_comparison_keeps_its_subject_whole() -> None:
    from rag.safety.contradictions.asked import read_question

    # "Is X as effective as Y?" was read with the subject "X as" once "effective" started a predicate.
    for question, subject in (
        ("Is buprenorphine as effective as methadone?", "buprenorphine"),
        ("Is green tea as safe as coffee?", "green tea"),
    ):
        asked = read_question(question)
        assert asked.subject == subject and asked.predicate.startswith("as "), asked


def test_a_safety_put_in_doubt_is_disputed_against_a_claim_that_it_is_safe() -> None:
    """ "Melatonin is safe for long-term use" and "The long-term safety of melatonin is unknown" were no
    disagreement (the doubt was read as nothing), and "we do not know whether it is safe" was read as calling it
    safe. A claim of safety against a safety in doubt is shown; neither answers "Is it safe?" with no."""
    safe = "Valerian is safe to take for months."
    doubts = [
        "The long-term safety of valerian has not been established.",
        "The safety of valerian in pregnancy is unknown.",
        "Little is known about the safety of valerian.",
        "We do not know whether valerian is safe to take every night.",
        "It is unclear if valerian is safe for older people.",
    ]
    rules = RuleClassifier()
    for doubt in doubts:
        judged = rules.judge(safe, doubt)
        assert judged.label == "contradiction" and judged.topic == "whether it is known to be safe", doubt
        assert claim_stance(read_question("Is valerian safe?"), doubt) == 0, doubt
    # That a thing is dangerous and that its safety is unknown are both warnings.
    assert rules.judge("Valerian is dangerous with alcohol.", doubts[0]).label != "contradiction"
    # A safety supposed (what a trial sets out to find) or known ("has been established") is no doubt.
    assert (
        rules.judge(safe, "The safety of valerian has been established in trials.").label != "contradiction"
    )
    found_out = "Trials are run to find out whether new treatments are safe."
    assert rules.judge(found_out, "New treatments are dangerous.").label != "contradiction"
    # Called unsafe and in doubt in one sentence, it takes the side: it calls the thing dangerous.
    judged = rules.judge(safe, "Valerian is not harmless: we do not know whether it is safe for years.")
    assert judged.topic == "whether it is safe or dangerous"


def test_a_claim_about_another_span_of_time_answers_neither_yes_nor_no() -> None:
    """ "Short-term use appears safe" was quoted as saying yes to "Is melatonin safe long term?"."""
    long_term = read_question("Is valerian safe long term?")
    assert claim_stance(long_term, "Short-term use appears safe.") == 0
    assert claim_stance(long_term, "Valerian is safe for long-term use.") == 1
    assert claim_stance(read_question("Is valerian safe?"), "Short-term use appears safe.") == 1
    assert claim_stance(read_question("Is valerian safe for a few weeks?"), "Chronic use is dangerous.") == 0


def test_a_question_naming_a_thing_bears_on_whether_that_thing_is_safe() -> None:
    """ "Do the sources disagree about melatonin?" was answered "they do not appear to disagree on it" though two
    pages disagreed on whether melatonin is safe: a dispute on an axis alone names no word the question uses."""
    sides = ["Valerian is safe for most adults.", "Valerian is dangerous."]
    assert bears_on(read_question("Do the sources disagree about valerian?"), sides)
    assert bears_on(read_question("What do the documents say about valerian?"), sides)
    assert not bears_on(read_question("Do the sources disagree about chamomile?"), sides)
    # Whether studies have shown something is read of any two findings that share a word: no dispute about the thing.
    findings = [
        "Viral-vectored vaccines have well-established safety profiles, as trials have demonstrated.",
        "DNA vaccines appear promising and call for further investigation.",
    ]
    assert not bears_on(read_question("What can be a factor in using vectors for vaccines?"), findings)
    assert not bears_on(
        read_question("What do the documents say about valerian?"), [sides[0], "Chamomile is dangerous."]
    )


def test_a_little_called_safe_and_too_much_called_dangerous_do_not_disagree() -> None:
    """ "For most adults, moderate alcohol use is probably not harmful" was set against "Too much alcohol is
    dangerous": they judge different amounts."""
    rules = RuleClassifier()
    pairs = [
        (
            "For most adults, moderate valerian use is probably not harmful.",
            "Too much valerian is dangerous.",
        ),
        ("Low doses of valerian are safe.", "High doses of valerian are dangerous."),
        ("Occasional use of valerian is harmless.", "Heavy use of valerian is dangerous."),
    ]
    for little, much in pairs:
        assert rules.judge(little, much).label != "contradiction", (little, much)
    # The same amount, or none named, still disagrees.
    assert (
        rules.judge("Valerian use is probably not harmful.", "Valerian is dangerous.").label
        == "contradiction"
    )
    assert rules.judge("Low doses of valerian are safe.", "Low doses of valerian are dangerous.").label == (
        "contradiction"
    )


def test_claims_on_two_kinds_of_one_thing_are_no_disagreement(settings: Settings) -> None:
    """ "Treating people who inject reduces the spread of hepatitis C" and "There is no cure for chronic hepatitis
    B" were shown as sources disagreeing "on whether it reduces hepatitis B"."""
    assert kinds_apart("It reduces the spread of hepatitis C.", "There is no cure for chronic hepatitis B.")
    assert not kinds_apart("It reduces hepatitis C.", "Hepatitis B and hepatitis C are not cured by it.")
    assert not kinds_apart("It reduces hepatitis C.", "There is no cure for hepatitis.")
    settings = settings.model_copy(update={"conflict_min_document_similarity": -1.0})
    conflicts = ConflictMap(Store(settings), CountingEmbedder(), settings)
    c = doc("c", "Treating people who inject reduces the spread of hepatitis C in a community.")
    b = doc("b", "Treating people who inject does not reduce the spread of hepatitis B in a community.")
    again = doc(
        "again", "Treating people who inject does not reduce the spread of hepatitis C in a community."
    )
    conflicts.rebuild([c, b])
    assert conflicts.lookup(spans_of(c, "Treating people who inject reduces")) == []
    conflicts.rebuild([c, b, again])
    found = conflicts.lookup(spans_of(c, "Treating people who inject reduces"))
    assert [{s.source_id for s in f.sides} for f in found] == [{"c", "again"}]
