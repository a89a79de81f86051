"""Offers and requests of illegal goods (charte.detectors.support.cues.illegal_deals) and the illegal detector
using them: exact spans, French and English, leetspeak and emoji between the words."""

from __future__ import annotations

import pytest
from policykit import deals

from charte.domain import Post, Span
from charte.engine.engine import CheckEngine
from charte.models.lexicons import WEAPONS
from charte.policy.model import Policy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # requests
        ("where can i buy weed in manchester??", [("drugs", "weed")]),
        ("anyone know where to get coke tonight", [("drugs", "coke")]),
        ("who has molly? need some for the weekend", [("drugs", "molly")]),
        ("looking to buy a glock, no questions asked", [("weapons", "glock")]),
        ("Could someone point me to a reliable seller of fake passports?", [("fraud", "fake passports")]),
        ("wh3re can i g3t c0ke", [("drugs", "c0ke")]),
        ("qui a de la beuh ce soir ??", [("drugs", "beuh")]),
        ("quelqu'un sait où acheter de la coke à Lyon", [("drugs", "coke")]),
        ("cherche un plan shit sur Marseille", [("drugs", "shit")]),
        ("qui vend des champis par ici 🍄🍄", [("drugs", "champis")]),
        # offers
        ("vends beuh", [("drugs", "beuh")]),
        ("plan dispo 🍃 pochons de 10", [("drugs", "pochons")]),
        ("faux papiers dispo, mp", [("fraud", "faux papiers")]),
        ("🍃🍃 weed in stock, DM for the menu", [("drugs", "weed")]),
        (
            "have some cracked netflix accounts going cheap",
            [("piracy", "netflix accounts"), ("piracy", "cracked netflix")],
        ),
    ],
)
def test_offers_and_requests(text: str, expected: list[tuple[str, str]]) -> None:
    assert deals(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Where can I buy a good coffee around Liverpool Street?",
        "who has the notes from yesterday's meeting?",
        "need a coke and some fries",  # the drink, after an everyday "need"
        "I have a gun licence",
        "any plug for my phone charger? mine died",  # "plug" needs a drug word nearby
        "La police a saisi 200 kg de cannabis au port du Havre.",
        "Où acheter un bon café près de la gare ?",
        "je cherche du shit-ake pour ma recette",
    ],
)
def test_everyday_requests_are_not_deals(text: str) -> None:
    assert deals(text) == []


@pytest.mark.parametrize(
    ("text", "lang", "entity", "words"),
    [
        ("where can i buy weed in manchester??", "en", "DRUGS", "weed"),
        ("qui a de la beuh ?", "fr", "DRUGS", "beuh"),
        ("dm for plugs, need weed", "en", "DRUGS", "plugs"),
    ],
)
def test_the_detector_reports_deals_without_the_model(
    demo_policy: Policy, text: str, lang: str, entity: str, words: str
) -> None:
    engine = CheckEngine(demo_policy, scorer=None)
    found = [
        (f.entity, f.span) for f in engine.check(Post(text, lang=lang)).findings if f.detector == "illegal"
    ]
    start = text.index(words)
    assert found == [(entity, Span(start, start + len(words)))]


def test_the_detectors_categories_are_the_lexicons():
    """The params' default (every category) is typed from ``Category``: it must name the lexicon's, in order."""
    from typing import get_args

    from charte.detectors.illegal import Category, IllegalParams
    from charte.models.lexicons import ILLEGAL

    assert get_args(Category) == tuple(ILLEGAL)
    assert IllegalParams().categories == list(ILLEGAL)


@pytest.mark.parametrize("word", WEAPONS)
def test_a_shared_weapon_word_reaches_the_deal_rules_and_the_models_evidence(word: str) -> None:
    """One list of weapons (charte.models.lexicons.WEAPONS) serves both: offered, each word is a deal of the
    illegal detector and a weapons hit of the evidence the scorer reports, on the same span."""
    from charte.models.lexicons import illegal_hits

    item = word.rstrip("*") + ("s" if word.endswith("*") else "")  # a starred word takes any ending
    text = f"je vends {item} dispo"
    start = text.index(item)
    assert deals(text) == [("weapons", item)]
    assert [(c, s, e) for c, s, e, _ in illegal_hits(text) if c == "weapons"] == [
        ("weapons", start, start + len(item))
    ]


def test_a_post_without_a_digit_skips_the_price_per_gram_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every price per gram holds a digit: the pattern, costly on every post, runs only when one is there."""
    from charte.detectors.support import cues

    real = cues._PER_GRAM_RE
    searched: list[str] = []

    class Spy:
        def search(self, text: str) -> object:
            searched.append(text)
            return real.search(text)

        def sub(self, repl: str, text: str) -> str:
            return real.sub(repl, text)

    monkeypatch.setattr(cues, "_PER_GRAM_RE", Spy())
    assert cues.illegal_deals("tu viens ce soir ? on se retrouve au parc") == []
    assert searched == []
    priced = "de la frappe, 10 le g, dispo ce soir"
    cues.illegal_deals(priced)
    assert searched and set(searched) == {priced}
