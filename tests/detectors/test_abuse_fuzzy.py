"""Slurs spelt to dodge the word list (issue #12): one letter dropped or swapped, letters doubled, leet digits
the folded view keeps, an adjective glued before; and real words one edit away from a slur left alone."""

from __future__ import annotations

import pytest

from charte.detectors.support.abuse import word_hits
from charte.normalize import folded

FLAGGED = [
    ("en", "Shut up you dirty faaggot.", "faggot"),
    ("en", "Get out of my street, niggeer!", "nigger"),
    ("en", "Typical kkie, always whining.", "kike"),
    ("en", "go back home sipc", "spic"),
    ("en", "nobody asked you, fa99ot", "faggot"),
    ("en", "Shut up you dirty kik3.", "kike"),
    ("en", "Get out of my street, fa990t!", "faggot"),
    ("en", "lol look at this dirtyspic", "spic"),
    ("en", "who let this fuckintranny in", "tranny"),
    ("en", "such a stupidwhore", "whore"),
    ("fr", "Ferme-la, sale connrad.", "connard"),
    ("fr", "Dégage de ma rue, bognoule !", "bougnoul"),
    ("fr", "Typique d'un bougnolue, toujours à pleurnicher.", "bougnoul"),
    ("fr", "Retourne dans ton pays, né9r0.", "negro"),
    ("fr", "t'es qu'un grospédé", "pede"),
    ("fr", "Ferme-la, salenégro.", "negro"),
    ("fr", "Ferme-la, grosbougnoule.", "bougnoul"),
    ("fr", "Dégage, nééégro !", "negro"),
    ("fr", "Ferme-la, sale bou9noul3.", "bougnoul"),
]


@pytest.mark.parametrize(("lang", "text", "word"), FLAGGED)
def test_spelling_variants_of_slurs_are_found(lang: str, text: str, word: str) -> None:
    assert word in [h.word for h in word_hits(folded(text).text, lang)]


# Real words one edit (a letter dropped, added, swapped or changed) from a listed slur or insult.
NEAR_EN = [
    "bigot",
    "chick",
    "china",
    "ching",
    "coward",
    "toward",
    "towards",
    "lower",
    "goods",
    "google",
    "paris",
    "picks",
    "pikes",
    "price",
    "prices",
    "regard",
    "regards",
    "reward",
    "travel",
    "travels",
    "walker",
    "walkers",
    "where",
    "whole",
    "whose",
    "flags",
    "cool",
    "cook",
    "good",
    "spin",
    "span",
    "spat",
    "slope",
    "niger",
    "fagot",
    "wore",
    "spice",
    "spies",
    "kite",
    "kites",
    "spit",
    "pack",
    "park",
    "cant",
    "hunt",
    "cnut",
    "Nigerrrr",
]
NEAR_FR = [
    "canard",
    "connu",
    "connue",
    "couilles",
    "douce",
    "loyers",
    "ordre",
    "stupide",
    "valeur",
    "valeurs",
    "voler",
    "chine",
    "cocasses",
    "connaisse",
    "bigot",
    "salpe",
    "pere",
    "pese",
    "pete",
    "gogo",
    "google",
    "nero",
    "paris",
    "regard",
    "tarte",
    "salon",
    "bicoque",
    "canards",
    "cordes",
    "mongo",
    "poder",
    "vendre",
    "ancre",
    "encore",
    "enclos",
    "pote",
    "couille",
    "salade",
    "biche",
    "gogos",
    "coasse",
    "jacasse",
    "fagote",
    "guinee",
    "yourte",
]


@pytest.mark.parametrize(("lang", "word"), [("en", w) for w in NEAR_EN] + [("fr", w) for w in NEAR_FR])
def test_real_words_one_edit_from_a_slur_are_not_abuse(lang: str, word: str) -> None:
    text = f"I saw the {word} yesterday" if lang == "en" else f"j'ai vu le {word} hier"
    assert word_hits(folded(text).text, lang) == []


def test_at_least_forty_near_words_per_language() -> None:
    assert len(NEAR_EN) >= 40 and len(NEAR_FR) >= 40


@pytest.mark.parametrize(
    "text",
    [
        "Youpi, c'est les vacances !",
        "youpiii demain c'est samedi",
        "J'ai acheté deux salopettes en jean",
        "Ma salopette bleue est au sale",
    ],
)
def test_everyday_french_words_near_a_slur_or_an_insult_stem_are_not_abuse(text: str) -> None:
    """'youpi' is one letter from a slur and 'salopette' starts like an insult's stem: both are real words."""
    assert word_hits(folded(text).text, "fr") == []


def test_the_insult_stem_still_reads_its_endings() -> None:
    assert word_hits(folded("espèce de salopard").text, "fr") != []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "I made aspic for dinner"),
        ("en", "a travelogue of Japan"),
        ("en", "This is a unique opportunity"),
        ("en", "apathetic voters again"),
        ("fr", "le batardeau a cédé"),
        ("fr", "C'est une occasion unique"),
        ("fr", "une décision inique"),
        ("fr", "les pissenlits sont en fleur"),
        ("fr", "un crapaud dans le jardin"),
    ],
)
def test_dictionary_words_that_start_like_a_stem_or_hide_one_are_not_abuse(lang: str, text: str) -> None:
    """Found by reading every word of Debian's wfrench and wamerican through the table."""
    assert word_hits(folded(text).text, lang) == []


@pytest.mark.parametrize(
    ("lang", "text", "word"),
    [
        ("en", "stfu fgt", "faggot"),
        ("en", "you fggt!", "faggot"),
        ("en", "ur such a rtrd", "retard"),
        ("en", "dirty nggr", "nigger"),
        ("en", "dirty fagots!", "faggot"),  # a real word, as an address after a hostile adjective
        ("en", "filthy niger.", "nigger"),
    ],
)
def test_deletions_to_three_letters_or_a_real_word_count_as_an_address(
    lang: str, text: str, word: str
) -> None:
    assert word in [h.word for h in word_hits(folded(text).text, lang)]


@pytest.mark.parametrize(
    "text",
    ["the fgt account", "he bought fagots for the fire.", "Niger is a country", "rtrd", "those fagots"],
)
def test_the_same_spellings_said_of_no_one_are_not_abuse(text: str) -> None:
    assert word_hits(folded(text).text, "en") == []
