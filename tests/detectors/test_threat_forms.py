"""Threats by sentence form (charte.detectors.support.threat_forms) and the guards of the third round
(charte.detectors.support.threat_guards: cooking, a joke taken back, someone else's anger, kill-for idioms,
chemical hazards), by the rules and through the whole check with the finance starter policies: each form with
must-flag sentences and must-not-flag neighbours that share its words.

The sentences are not those of ``benchmarks/data/threat_probe_*.jsonl`` (the evaluation's own)."""

from __future__ import annotations

import pytest
from tests.detectors.test_threat_frames import rule_threats, verdict

from charte.detectors.support import threat_frames, threat_guards

THREATS = {
    "held_back": [
        ("en", "you would have been dead by now if my mates hadn't pulled me off you"),
        ("en", "I'd have stabbed you in that car park if you'd said one more word"),
        ("en", "we could've buried you last summer, next time we will"),
        ("en", "last night I was parked outside your house with a knife"),
    ],
    "watched_until": [
        ("en", "i'm going to sit there and watch you bleed"),
        ("en", "I'll kick you until you can't breathe"),
        ("en", "im putting u in a wheelchair"),
        ("en", "they'll be scraping u off the floor of that bar"),
        ("en", "you'll never be able to walk again"),
    ],
    "question": [
        ("en", "wanna see me stab you?"),
        ("en", "want me to come round and snap your neck?"),
        ("en", "you know what happens to grasses round here?"),
        ("en", "guess what I did to the last guy who tried that"),
        ("en", "u tryna end up in a body bag?"),
        ("en", "ever thought what it's like to get your teeth knocked out"),
        ("en", "still believe i won't shoot you?"),
        ("en", "keep pushing me and find out"),
    ],
    "imperative": [
        ("en", "better pray we never catch you"),
        ("en", "kiss your legs goodbye"),
        ("en", "make your peace with your maker"),
        ("en", "your final hours are coming"),
        ("fr", "priez pour que je vous croise jamais"),
        ("fr", "dis au revoir à tes genoux"),
    ],
    "family_condition": [
        ("en", "your son will get hurt if you go to the police"),
        ("en", "ur wife won't make it home if you testify"),
        ("en", "would hate for her not to get home tonight"),
        ("en", "start shopping for your coffin"),
        ("fr", "dommage que tes gosses rentrent plus jamais"),
    ],
    "weapon_way": [
        ("en", "loaded the shotgun this morning. it's for you"),
        ("en", "there's a bullet with your name engraved on it"),
        ("en", "sharpened my knife, see you tonight"),
        ("en", "got my axe, on my way to you"),
    ],
    "property_passive": [
        ("en", "ur truck's getting firebombed"),
        ("en", "your shop will be rubble by monday"),
        ("en", "cute cat. shame if it drank some antifreeze"),
        ("fr", "ta bagnole va flamber"),
    ],
    "street": [
        ("en", "u bout to get poked fam"),
        ("en", "we sliding thru ur block tonight"),
        ("en", "gonna unalive u irl"),
        ("en", "got lads who'd do you in for fifty quid"),
        ("en", "imma brake ur jaw"),
    ],
    "emoji": [
        ("en", "🔪 u r next"),
        ("en", "⚰️⚰️ c u tomorrow"),
        ("en", "keep running ur mouth 🔫"),
        ("en", "im outside ur flat 🔫"),
    ],
    "self_quote": [
        ("en", "i told you 'i will break your jaw' and i meant it"),
    ],
    "french_form": [
        ("fr", "vous savez ce qui arrive aux traîtres ?"),
        ("fr", "tu respireras plus"),
        ("fr", "je vais te péter les deux genoux"),
    ],
}

NOT_THREATS = {
    "held_back": [
        ("en", "you would've died laughing at the wedding speech"),
        ("en", "he would have broken the record if it hadn't rained"),
        ("en", "we sat outside your house waiting, you took ages lol"),
    ],
    "question": [
        ("en", "want me to come spot you at the gym?"),
        ("en", "do you know what happens to the leftovers after the party?"),
        ("en", "you want to end up in marketing or sales?"),
        ("en", "want me to cut your hair this weekend?"),
    ],
    "imperative": [
        ("en", "pray the train isn't late"),
        ("en", "kiss your weekend goodbye, the report is due monday"),
        ("en", "you won't see monday's episode, it got cancelled"),
    ],
    "family_condition": [
        ("en", "your son is going to the police academy, congrats"),
        ("en", "your wife won't make it home before 9, she texted me"),
        ("en", "it's your funeral if you skip the revision"),
    ],
    "kitchen": [
        ("en", "beat the egg whites and slice the garlic thin"),
        ("en", "you have to kill the crab fast before you cook it"),
        ("fr", "coupe le poulet et bats les oeufs"),
    ],
    "joke_taken_back": [
        ("en", "i'll strangle you if you're late lol jk"),
        ("fr", "je vais te tuer si tu manges mon dessert, je plaisante"),
    ],
    "other_agent": [
        ("en", "you're so dead when your dad sees the car 😂"),
    ],
    "idiom": [
        ("en", "i'd kill for a nap right now"),
        ("en", "this commute is murder"),
        ("en", "i'm gonna smother you in kisses"),
    ],
    "hazard": [
        ("en", "never mix bleach with vinegar, you could kill yourself"),
        ("fr", "attention aux marches, tu peux te casser une jambe"),
    ],
    "weapon_kind": [
        ("en", "i bought a knife set for the new kitchen"),
        ("en", "the bat's in the car, see you at practice"),
    ],
    "emoji_kind": [
        ("en", "🔪🥕 making soup tonight"),
        ("en", "keep talking 😂 i love this story"),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_rules_find_threat_forms(lang: str, text: str) -> None:
    assert rule_threats(text, lang), text


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_threat_forms_are_flagged(lang: str, text: str) -> None:
    assert verdict(text, lang) != "allow", text


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in NOT_THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_form_neighbours_are_allowed(lang: str, text: str) -> None:
    assert rule_threats(text, lang) == [], text
    assert verdict(text, lang) == "allow", text


def test_a_joke_taken_back_only_after_the_words() -> None:
    text = "jk but i will kill you"
    assert not threat_guards.retracted(text, text.index("i will"))
    assert threat_guards.retracted("i will kill you jk", len("i will kill you"))
    assert not threat_guards.retracted("i will kill you, not kidding", len("i will kill you"))


def test_self_quote_is_the_authors_own_words() -> None:
    text = 'i said "i will hurt you"'
    assert threat_frames.self_quoted(text, text.index("i will"))
    text = 'she said "i will hurt you"'
    assert not threat_frames.self_quoted(text, text.index("i will"))


def test_boss_of_an_office_is_no_game() -> None:
    assert not threat_frames.in_game("my boss said i'm dead if the report is late")
    assert threat_frames.in_game("the final boss one-shots you")
