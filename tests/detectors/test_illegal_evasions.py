"""Offers and requests of illegal goods written to slip past word lists (issue #12): emoji letters ("🅲🅾🅺🅴",
regional indicators "🇨🇴🇰🇪"), names split in pieces ("coc aine", "mé tha") and euphemisms read as drugs only
next to a drug cue ("party favours … ❄️", "white girl, 90 a gram", "un plan neige"). French and English; the
sentences are not those of benchmarks/data/probe11_dev.jsonl: they test the families."""

from __future__ import annotations

import pytest
from policykit import illegal_reported

from charte import CheckEngine, normalize
from charte.detectors.support.cues import rejoin_split_names
from charte.domain import Post
from charte.policy.model import Policy


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("🅼🅾🅻🅻🆈 in stock, hmu", "en"),
        ("selling 🅒🅞🅚🅔, pull up", "en"),
        ("anyone got 🇰🇪🇹 for tonight?", "en"),
        ("qui a de la 🇧🇪🇺🇭 vers lille ?", "fr"),
        ("keta-mine available, dm me", "en"),
        ("who sells her oin? need it tonight", "en"),
        ("je vends de la co caine, livraison", "fr"),
        ("qqn a de la mé tha ?", "fr"),
        ("party favors in stock ❄️ discreet drop offs", "en"),
        ("who has white girl, need 2g", "en"),
        ("snow on deck, hmu", "en"),
        ("t'as un plan neige ce soir ? snap", "fr"),
    ],
)
def test_evasions_of_offers_and_requests_are_reported(demo_policy: Policy, text: str, lang: str) -> None:
    assert illegal_reported(demo_policy, text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("party favors for the baby shower, order in our shop", "en"),
        ("white girl wasted starter pack lol", "en"),
        ("snow on the hills this morning, pull up a chair and enjoy the view", "en"),
        ("le plan neige est activé par la mairie, salage des routes", "fr"),
        ("🇫🇷🇫🇷 allez les bleus, en vente : le maillot officiel", "fr"),
        ("🅿️ parking available on site, dm for details", "en"),
        ("paracetamol and antihistamines in stock, no prescription needed", "en"),
        ("weed control for your garden: we deliver and treat your lawn", "en"),
        ("give me that cake, available now", "en"),
        ("who is the hero in this film? dm me", "en"),
    ],
)
def test_look_alikes_are_not_reported(demo_policy: Policy, text: str, lang: str) -> None:
    assert not illegal_reported(demo_policy, text, lang)


def test_a_split_name_is_joined_in_place_and_shown_whole(demo_policy: Policy) -> None:
    assert rejoin_split_names("coc aine dispo") == ("cocaine  dispo", [(0, 8)])
    assert rejoin_split_names("give me that") == ("give me that", [])
    text = "coc aine for sale, dm"
    finding = next(
        f
        for f in CheckEngine(demo_policy, scorer=None).check(Post(text, lang="en")).findings
        if f.detector == "illegal"
    )
    assert text[finding.span.start : finding.span.end] == "coc aine"


def test_emoji_letters_map_back_to_the_original() -> None:
    view = normalize.folded("selling 🅒🅞🅚🅔")
    assert view.text == "selling coke"
