"""Threat constructions of chat messages and their look-alikes (charte.detectors.support.threat_frames), by
the rules alone and through the whole check with the finance starter policies.

The sentences are not those of ``benchmarks/data/threat_probe_*.jsonl`` (the evaluation's own)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import charte
from charte import normalize
from charte.detectors.support import abuse, threat_frames
from charte.domain import Post

ROOT = Path(__file__).resolve().parents[2]


def rule_threats(text: str, lang: str = "en") -> list[str]:
    """The words of every strong threat the rules find in ``text`` (texting spellings spelt out)."""
    from charte.detectors.support import texting

    view = texting.texting(normalize.folded(text), lang)
    return [h.word for h in abuse.threat_hits(view.text) if h.kind == "threat"]


@cache
def _engine(lang: str) -> charte.CheckEngine:
    return charte.CheckEngine(charte.load_policy(ROOT / "policies" / f"finance.{lang}.yaml"))


def verdict(text: str, lang: str) -> str:
    return _engine(lang).check(Post(text=text, lang=lang)).verdict.value


THREATS = {
    "present": [
        ("en", "we're parked outside your office with a bat"),
        ("en", "omw rn to beat your ass"),
        ("fr", "je suis en bas de chez toi, je sors mon couteau"),
    ],
    "past_upheld": [
        ("en", "i told u i'd stab you and i will"),
        ("en", "I was gonna kill you last year and nothing changed"),
        ("fr", "je t'avais prévenu, maintenant on va te régler ton compte"),
    ],
    "family": [
        ("en", "we know where your son plays football on sundays"),
        ("en", "your mum is next"),
        ("fr", "je sais où ta fille travaille"),
        ("fr", "tes gosses seront les prochains"),
    ],
    "property": [
        ("en", "imma torch that truck of yours, your truck is next"),
        ("en", "gonna slash all the tires on your car tonight"),
        ("fr", "je vais cramer ta caisse"),
    ],
    "weapon": [
        ("en", "got a round with ur name on it"),
        ("en", "this blade is for you"),
        ("fr", "ce flingue est pour toi"),
        ("fr", "j'ai une balle avec ton nom gravé dessus"),
    ],
    "passive": [
        ("en", "next time ur getting shanked"),
        ("en", "you'll leave in a body bag"),
    ],
    "implicit": [
        ("en", "enjoy your final weekend"),
        ("en", "consider this your last warning"),
        ("en", "it would be a pity if something happened to you"),
        ("fr", "profitez bien de vos derniers jours"),
        ("fr", "dommage s'il t'arrivait un accident"),
    ],
    "body_harm": [
        ("en", "imma rip ur arms off"),
        ("en", "i'll put you in a wheelchair"),
        ("en", "we gonna drown u"),
        ("fr", "je vais te fracasser la tronche"),
        ("fr", "on va t'envoyer aux urgences"),
        ("fr", "jvais te pendre"),
        ("en", "i shall end you."),
    ],
    "doxxing": [
        ("en", "leaked your home address, see you soon"),
        ("fr", "on a ton adresse, à ce soir"),
    ],
}

NOT_THREATS = {
    "game": [
        ("en", "gonna kill you next round, gg"),
        ("en", "i'll destroy you in ranked tonight"),
        ("fr", "je te défonce à la prochaine partie"),
    ],
    "fiction_lyrics": [
        ("en", "the villain says 'i will kill you all' in the trailer"),
        ("fr", "dans la série le personnage dit « je vais te buter »"),
    ],
    "complaint": [
        ("en", "you'll regret cancelling my order, worst shop ever"),
        ("fr", "vous allez regretter de perdre un client fidèle"),
    ],
    "friendly": [
        ("en", "i know where you live now, thanks for the party invite"),
        ("fr", "je sais où tu habites, je passe déposer ton cadeau"),
    ],
    "idiom": [
        ("en", "can someone kill the music please"),
        ("en", "we shoot the commercial at noon"),
        ("fr", "éteins la lumière stp"),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_rules_find_chat_threats(lang: str, text: str) -> None:
    assert rule_threats(text, lang), text


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_chat_threats_are_flagged(lang: str, text: str) -> None:
    assert verdict(text, lang) != "allow", text


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in NOT_THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_look_alikes_are_allowed(lang: str, text: str) -> None:
    assert rule_threats(text, lang) == []
    assert verdict(text, lang) == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "i'll make you a cake",  # "make you" alone is no harm
        "your kids are next in line",
        "you better run to catch the bus",
        "I'd kill for a coffee",
        "we're coming for you at 8 to pick you up",
        "i'll break your fall",
        "this song will blow your mind",
        "we will hang the pictures tomorrow",
        "i'll end your subscription today",
        "we will end up in the same team",
    ],
)
def test_ordinary_words_are_no_rule_threat(text: str) -> None:
    assert rule_threats(text) == []


def test_real_life_named_beats_the_game_frame() -> None:
    folded = normalize.folded("gg, after the match i'll come to your house and kill you").text
    assert not threat_frames.in_game(folded)
    assert rule_threats("gg, after the match i'll come to your house and kill you")


def test_a_quoted_threat_counts_outside_fiction() -> None:
    """Quotes alone do not dismiss a threat: only a film, a song or a book around them does."""
    text = '"i will kill you" - that\'s my answer'
    folded = normalize.folded(text).text
    hits = [h for h in abuse.threat_hits(folded) if h.kind == "threat"]
    assert hits
    assert not threat_frames.dismissed(folded, hits[0].start, hits[0].end)
