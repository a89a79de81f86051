"""The compositional hate judge (charte.detectors.support.hate_clause): a protected group and a hostile predicate
in one clause, whatever the sentence shape, in French and English, and the guards that keep it from flagging
counter-speech, negations, victims, positive statements and non-protected targets.

The sentences here were written for this test, in shapes the patterns of ``abuse`` do not list: the judge must
read the construction, not recognise the phrasing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from charte import normalize
from charte.detectors.support import abuse, hate_clause, hate_words
from charte.domain import Post

ROOT = Path(__file__).resolve().parents[2]


def reading(text: str, lang: str) -> abuse.HateReading:
    return abuse.hate_reading(normalize.folded(text).text, lang)


HATEFUL = [
    # derogation: any words between the group and the predicate, any inflection
    ("en", "derogation", "Somalis living around here are frankly nothing but filthy leeches"),
    ("fr", "derogation", "Les Sénégalaises du quartier sont franchement crasseuses"),
    ("en", "derogation", "Lesbians honestly seem incredibly repulsive to me"),
    ("fr", "derogation", "Les Kurdes restent des fourbes, tout le monde le sait"),
    ("en", "habit", "Afghans honestly stink"),
    ("fr", "habit", "Les Roumains puent"),
    ("en", "typical", "Typical Kurds, disgusitng as always"),
    # dehumanisation
    ("en", "dehumanisation", "Refugees crossing the channel are basically rodents"),
    ("fr", "dehumanisation", "Les Tchétchènes de ma ville sont de la vermine"),
    # negated positive
    ("en", "negated-positive", "Bisexuals deserve absolutely no dignity"),
    ("fr", "negated-positive", "Les Maliens n'ont aucune dignité"),
    ("en", "negated-positive", "Atheists should never be allowed to adopt"),
    ("fr", "negated-positive", "Les lesbiennes ne devraient jamais avoir le droit d'adopter"),
    ("fr", "negated-positive", "Franchement il n'y a vraiment rien de bon chez les Kurdes"),
    ("en", "negated-positive", "There is nothing good about Kurds"),
    # hatred verbs, any person and tense, object of the author
    ("en", "hatred", "Honestly we have always loathed Kurds"),
    ("fr", "hatred", "Nous méprisons profondément les Tunisiens"),
    ("fr", "hatred", "Les Haïtiens me révulsent"),
    ("en", "hatred", "I feel nothing but contempt for Albanians"),
    ("en", "hatred", "This town would be so much cleaner without Albanians"),
    ("fr", "hatred", "Le pays srait bien meilleur sans les Comoriens"),
    # calls for violence, the group before or after the verb
    ("en", "violence", "We ought to deport every Afghan"),
    ("fr", "violence", "On devrait bannir tous les Comoriens"),
    ("en", "violence", "Eritreans need to be exterminated"),
    ("fr", "violence", "Les gitans méritent d'être pendus"),
    ("fr", "violence", "Une corde pour chaque musulmane"),
    # question, opinion, subordinate clause
    ("en", "question", "Why are Haitians all so sneaky?"),
    ("fr", "opinion", "Perso je trouve les Roumaines vraiment répugnantes"),
    ("en", "subordinate", "Everyone knows that Filipinos who live here are parasites"),
    # pronoun reference to a group named earlier
    ("en", "pronoun", "A bus full of Syrians arrived today. They are locusts."),
    ("fr", "pronoun", "Des Afghans sont arrivés hier. Il faudrait les expulser."),
    # a wish, a negated person predicate
    ("en", "violence", "I'd be glad if all the Eritreans vanished"),
    ("en", "negated-positive", "Trans men will never be real men"),
    ("fr", "negated-positive", "Les femmes trans ne seront jamais des femmes"),
    # evasions: misspelt group, misspelt predicate, leetspeak
    ("en", "evasion", "Muslms are disgsting"),
    ("fr", "evasion", "les imigrés sont répugnnants"),
    ("en", "evasion", "Jewz @r3 p@r@sites"),
]

NOT_HATEFUL = [
    # negated hate
    ("en", "negated", "Somalis are not leeches, they are our neighbours"),
    ("fr", "negated", "Non, les Kurdes ne sont pas des fourbes"),
    ("en", "negated", "We should never deport refugees"),
    # counter-speech: reported and condemned
    ("en", "counter", "Saying that Albanians are vermin is disgusting"),
    ("fr", "counter", "Arrêtez de dire que les Roumains sont des voleurs"),
    ("en", "counter", "I keep hearing people who say Haitians are parasites, it is racist nonsense"),
    # victims of hostility
    ("en", "victim", "Eritreans are treated like animals in those camps"),
    ("fr", "victim", "Les Roms sont traités comme des chiens"),
    # the group as speaker, or as an adjective of another subject
    ("en", "speaker", "Muslims say the new law is disgusting"),
    ("en", "adjective", "Gay marriage is not a constitutional right in some states"),
    ("en", "possessive", "Women's rights are not negotiable"),
    ("en", "one person", "Somali migrant steals car in Leeds, police say"),
    ("en", "report", "Hitler hated Jews and wrote a book about it"),
    ("en", "report", "Party leaders want Kurds deported, activists warn"),
    ("en", "restrictive", "What about women who are liars? They exist too"),
    ("en", "verb between", "Women gotta go through so much disgusting stuff"),
    ("en", "real word", "Boat carrying migrants sinks off the coast"),
    ("fr", "better without", "La vie est meilleure sans les lundis et les Kurdes le savent"),
    # an accusation, not the author's hatred
    ("en", "accusation", "Why do you hate Kurds so much?"),
    ("fr", "accusation", "Il déteste les Tunisiens, c'est triste"),
    # denied statements
    ("en", "denied", "It is a myth that Kurds are thieves"),
    ("en", "denied", "I don't think Haitians are lazy at all"),
    ("fr", "denied", "Je ne crois pas que les Maliens soient fainéants"),
    ("en", "denied", "Nobody should ever claim that Kurds are subhuman"),
    ("fr", "denied", "Arrêtez de prétendre que les Maliens sont des sous-hommes"),
    ("en", "hypothetical", "If u thnk Kurds are leeches, the problem is you"),
    ("fr", "hypothetical", "Si tu pnses que les Maliens sont des parasites, relis-toi"),
    ("en", "reported", "So tired of people callng Sikhs a plague"),
    ("en", "denied", "I would never call Kurds rats"),
    # the group as the victim of a verb
    ("en", "victim", "I can't stand people who mock Sikhs"),
    ("fr", "victim", "Je méprise ceux qui insultent les Tunisiens"),
    ("fr", "neutral", "Les Chinois volent vers Paris demain"),
    # neutral and positive statements
    ("en", "neutral", "Syrians opened three bakeries on our street"),
    ("fr", "positive", "Les Comoriens sont des voisins formidables"),
    # violence aimed elsewhere, noun uses of hate
    ("en", "elsewhere", "Christians on my feed make me want to kill myself lol"),
    ("en", "noun", "The hate Muslims face every day is shocking"),
]


@pytest.mark.parametrize(("lang", "construction", "text"), HATEFUL)
def test_hateful_shapes_are_read(lang: str, construction: str, text: str) -> None:
    hits = reading(text, lang).hits
    assert hits, f"{construction}: no hate read in {text!r}"


@pytest.mark.parametrize(("lang", "construction", "text"), NOT_HATEFUL)
def test_guards_hold(lang: str, construction: str, text: str) -> None:
    assert reading(text, lang).hits == [], f"{construction}: hate read in {text!r}"


def test_finding_names_the_group_and_the_predicate() -> None:
    """Explainable: the rule name says which construction and which lemma, the span covers the group."""
    text = "les Sénégalaises sont franchement crasseuses"
    hits = reading(text, "fr").hits
    assert [h.word.split(":")[0] for h in hits] == ["derogation"]
    folded = normalize.folded(text).text
    assert folded[hits[0].start : hits[0].end].startswith("senegalaises")


def test_negated_predicate_spans_guard_insult_words() -> None:
    """ "ne sont pas des ordures": the insult word sits in a negated predicate, so it is not used."""
    text = "Les Maliens ne sont pas des ordures"
    folded = normalize.folded(text).text
    r = abuse.hate_reading(folded, "fr")
    assert r.hits == []
    start = folded.index("ordures")
    assert any(s <= start < e for s, e in r.negated)


def test_group_names_in_any_inflection_and_misspelt() -> None:
    found = {lemma for _, _, lemma in hate_clause.group_mentions("chaque senegalaise et les wommen", "fr")}
    assert "senegalais" in found
    assert {lemma for *_, lemma in hate_clause.group_mentions("the wommen here", "en")} == {"woman"}
    # a singular adjective names no one; a singular after "every" or with a head noun does
    assert hate_clause.group_mentions("a black car", "en") == []
    assert hate_clause.group_mentions("every immigrant", "en")
    assert hate_clause.group_mentions("a black man", "en")


def test_forms_come_from_the_lemma_dictionaries() -> None:
    """Morphology is data (scripts/build_hate_forms.py), per language: "hair" is French for "haïr" only."""
    assert hate_words.lookup("haissons", "fr") == ("hostile", "hair")
    assert hate_words.lookup("exterminees", "fr") == ("violent", "exterminer")
    assert hate_words.lookup("despises", "en") == ("hostile", "despise")
    assert hate_words.lookup("hair", "en") is None
    # a misspelling that is a real word is never read as the listed word
    assert hate_words.lookup("rate", "en") is None


def test_function_words_respelt() -> None:
    words = [t.text for t in hate_clause.tokens("they shuld nveer be wiped out, faudrat chake jamias")]
    assert words[1:3] == ["should", "never"]
    assert "faudrait" in words and "chaque" in words and "jamais" in words


def test_nonprotected_derogation_is_recognised() -> None:
    assert hate_clause.nonprotected_derogation("tax dodgers are leeches", "en") is not None
    assert hate_clause.nonprotected_derogation("les banquiers sont des vautours", "fr") is not None
    assert hate_clause.nonprotected_derogation("they are leeches", "en") is None
    assert reading("tax dodgers are leeches", "en").nonprotected
    assert not reading("immigrants are leeches", "en").nonprotected


@pytest.mark.parametrize("text", ["", "🙂🙂🙂", "a" * 5000, "les " * 3000 + "immigrés", "?!.,;" * 500])
def test_bad_input_gives_no_error(text: str) -> None:
    for lang in ("fr", "en", None):
        r = abuse.hate_reading(normalize.folded(text).text, lang)
        assert isinstance(r.hits, list)


ENGINE_FLAG = [
    ("en", "Tunisians in my building are honestly revolting"),
    ("fr", "Chaque Haïtien mérite une corde"),
    ("en", "I will never trust Somalis"),
    ("fr", "Il faudrait tous les virer, ces Afghans"),
]
ENGINE_ALLOW = [
    ("en", "Tax dodgers are leeches on the welfare state."),
    ("fr", "Les Maliens ne sont pas des ordures, ce sont nos voisins."),
    ("en", "Kurds are portrayed so unfairly in the news."),
    ("en", "Trans men are men."),
    ("fr", "Les femmes trans sont des femmes."),
]


@pytest.fixture(scope="module")
def engines() -> dict[str, object]:
    import charte

    return {
        lang: charte.CheckEngine(charte.load_policy(ROOT / "policies" / f"finance.{lang}.yaml"))
        for lang in ("fr", "en")
    }


@pytest.mark.parametrize(("lang", "text"), ENGINE_FLAG)
def test_engine_flags_unseen_hate(engines: dict[str, object], lang: str, text: str) -> None:
    decision = engines[lang].check(Post(text=text, lang=lang))  # type: ignore[attr-defined]
    assert decision.verdict.value != "allow"
    assert any(f.entity == "HATE" for f in decision.findings)


@pytest.mark.parametrize(("lang", "text"), ENGINE_ALLOW)
def test_engine_allows_guarded(engines: dict[str, object], lang: str, text: str) -> None:
    decision = engines[lang].check(Post(text=text, lang=lang))  # type: ignore[attr-defined]
    assert decision.verdict.value == "allow", [f.entity for f in decision.findings]


def test_forms_file_in_sync_with_lemmas() -> None:
    """The shipped forms were built from the current lemma lists (rebuild: scripts/build_hate_forms.py)."""
    pytest.importorskip("simplemma")
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_hate_forms", ROOT / "scripts" / "build_hate_forms.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.build()
    shipped = [
        line for line in hate_words.DATA.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    assert shipped == rows


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("je te casserai les dents", True),  # any tense of the verb
        ("on va te péter la gueule", True),
        ("tu vas vite finir aux urgences", True),
        ("après ton cousin, tu seras le prochain", True),
        ("je casse les prix ce week-end", False),
        ("tu es le prochain à passer au tableau", False),
    ],
)
def test_french_threat_conjugations(text: str, threat: bool) -> None:
    hits = abuse.threat_hits(normalize.folded(text).text)
    assert bool(hits) is threat, hits


@pytest.mark.parametrize(
    ("text", "lang"),
    [("happy to be a dyke at pride tonight", "en"), ("heureuse d'être une gouine ce soir", "fr")],
)
def test_reclaimed_after_proud_to_be(text: str, lang: str) -> None:
    view = normalize.folded(text)
    hits = [h for h in abuse.word_hits(view.text, lang) if h.kind == "slur"]
    assert hits and all(abuse.reclaimed(view.text, h) for h in hits)
