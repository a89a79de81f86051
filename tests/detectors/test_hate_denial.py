"""Denial of a protected group's ability, rights or existence, colloquial hatred verbs and calls against
places of worship (issue #12), in French and English, with the look-alikes that must stay allowed:
a group that is not protected, an object instead of a group, a circumstance, a reported threat."""

from __future__ import annotations

import pytest

from charte import normalize
from charte.detectors.support import abuse, hate_clause


def rules(text: str, lang: str) -> list[str]:
    return [h.word for h in abuse.hate_reading(normalize.folded(text).text, lang).hits]


HATEFUL = [
    ("en", "denial:drive", "Women can't drive"),
    ("en", "denial:raise", "Gays shouldn't raise kids"),
    ("en", "denial:vote", "Immigrants shouldn't vote!"),
    ("fr", "denial:conduire", "Les femmes ne savent pas conduire"),
    ("fr", "denial:elever", "Les gays ne devraient pas élever d'enfants"),
    ("fr", "denial:voter", "les immigrés peuvent pas voter"),
    ("en", "pronoun-negated-positive:exist", "Muslims are here. They shouldn't exist"),
    ("fr", "negated-positive:exister", "les juifs ne devraient pas exister"),
    ("en", "disbelief-negated-positive:right", "I don't think trans people deserve any rights"),
    ("fr", "disbelief-negated-positive:droit", "je pense pas que les trans méritent des droits"),
    ("fr", "derogation:useless", "les vieux servent à rien"),
    ("fr", "habit", "Les musulmans ne servent à rien"),
    ("fr", "hatred:saquer", "je peux pas saquer les arabes"),
    ("fr", "hatred:blairer", "je ne peux pas blairer les juifs"),
    ("fr", "hatred:piffrer", "j'ai jamais pu piffrer les gitans, je peux plus piffrer les gitans"),
    ("fr", "violence:cramer", "il faut cramer la mosquée"),
    ("fr", "violence:cramer", "faut cramer la synagogue"),
    ("en", "violence:burn", "let's burn down the synagogue"),
    ("en", "violence:burn", "we should burn the mosque"),
    ("en", "pronoun-violence:deport", "round them all up and deport them, the muslims I mean"),
    ("en", "pronoun-violence:shoot", "grab them and shoot them, the jews"),
]

ALLOWED = [
    ("en", "kids shouldn't drive"),
    ("en", "women can't wait for the sale"),
    ("en", "Women can't drive safely on ice without winter tyres, says the report"),
    ("en", "I don't think tourists deserve a discount"),
    ("en", "I don't think Muslims are thieves"),
    ("fr", "les enfants ne savent pas conduire"),
    ("fr", "les femmes ne savent pas conduire de camion la nuit sans permis spécial"),
    ("fr", "je pense pas que les touristes méritent une réduction"),
    ("fr", "je peux pas saquer les lundis"),
    ("fr", "je peux pas encadrer les bouchons"),
    ("fr", "les touristes servent à rien"),
    ("fr", "JE HAIS LES BOUCHONS"),
    ("fr", "un homme condamné pour avoir menacé de brûler une mosquée"),
    ("en", "a man charged with threatening to burn a mosque"),
    ("en", "they want to burn the mosque"),
    ("en", "we should never burn a church"),
    ("fr", "il faut rénover l'église"),
    ("en", "gonna kill this exam"),
    ("en", "they round them up and deport them, the muslims"),
    ("en", "police round them up and deport them, the muslims"),
    ("en", "pick them up and drive them home, the kids"),
]


@pytest.mark.parametrize(("lang", "rule", "text"), HATEFUL)
def test_denial_and_colloquial_shapes_are_read(lang: str, rule: str, text: str) -> None:
    assert rule in rules(text, lang), text


@pytest.mark.parametrize(("lang", "text"), ALLOWED)
def test_look_alikes_stay_allowed(lang: str, text: str) -> None:
    assert rules(text, lang) == [], text


@pytest.mark.parametrize("text", ["", "mosquée", "faut", "can't", "peux pas saquer", "burn the " * 2000])
def test_bad_input_gives_no_error(text: str) -> None:
    assert hate_clause.worship_attack(normalize.folded(text).text, "fr") is None


@pytest.mark.parametrize(
    ("lang", "text", "thing"),
    [
        ("fr", "JE HAIS LES BOUCHONS", True),
        ("en", "I hate Mondays", True),
        ("fr", "je déteste les lundis", True),
        ("fr", "je hais les gens comme toi", False),
        ("en", "I hate people", False),
        ("en", "you hate traffic jams", False),
    ],
)
def test_hatred_of_things_is_not_of_people(lang: str, text: str, thing: bool) -> None:
    assert (hate_clause.hated_thing(normalize.folded(text).text, lang) is not None) is thing


def test_hatred_of_things_guards_the_model_but_not_groups() -> None:
    assert abuse.hate_reading(normalize.folded("JE HAIS LES BOUCHONS").text, "fr").nonprotected
    assert not abuse.hate_reading(normalize.folded("je hais les juifs").text, "fr").nonprotected


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("un homme condamné pour avoir menacé de brûler une mosquée", True),
        ("a man charged with threatening to burn a mosque", True),
        ("arrested for plotting to attack a synagogue", True),
        ("il a menacé de brûler la mosquée", False),
        ("I will burn the mosque", False),
    ],
)
def test_reported_threats_are_news(text: str, reported: bool) -> None:
    assert abuse.reported_threat(normalize.folded(text).text) is reported


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("gonna kill this exam tmrw", False),
        ("je vais tuer cet exam demain", False),
        ("gonna kill you tmrw", True),
        ("je vais te tuer demain", True),
    ],
)
def test_effort_idioms_are_no_threats(text: str, threat: bool) -> None:
    hits = [h for h in abuse.threat_hits(normalize.folded(text).text) if h.kind == "threat"]
    assert bool(hits) is threat, text
