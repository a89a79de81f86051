"""Threats composed from slots (charte.detectors.support.threat_compose), banter between friends
(threat_banter), a parent's "or else" and the kin lists shared with the wished-harm rule (abuse): each
construction with must-flag sentences and its must-not-flag neighbours, by the rules and through the whole check
with the finance starter policies.

The sentences are not those of ``benchmarks/data/threat_probe_*.jsonl`` (the evaluation's own)."""

from __future__ import annotations

import re

import pytest
from tests.detectors.test_threat_frames import rule_threats, verdict

from charte.detectors.support import abuse, threat_implicit

THREATS = {
    "body_harm": [
        ("en", "keep it up and i'm gonna come round and break your jaw"),
        ("en", "do you want me to drive over and snap your fingers one by one?"),
        ("en", "bet you'd love to get your skull caved in"),
        ("en", "how about a bottle across your face, clown"),
    ],
    "outcome": [
        ("en", "you'll be drinking through a straw for months"),
        ("en", "mess with me and you'll be in a body bag"),
        ("en", "you won't live to see christmas"),
        ("fr", "vous ne repartirez pas d'ici entier"),
        ("fr", "continue comme ça et tu seras six pieds sous terre"),
        ("fr", "si tu parles encore, tu pourras plus jamais marcher"),
    ],
    "kin_pets": [
        ("en", "that little dog of yours is going to disappear one night"),
        ("en", "your babies won't be safe in that house"),
        ("en", "your grandpa's car brakes, your grandpa won't be coming home"),
        ("en", "your horse keeps getting out and next time I'm shooting it"),
        ("en", "say your goodbyes to your kitty while you still can"),
        ("fr", "ton bébé va finir à l'hôpital, tu verras"),
        ("fr", "tes gosses vont finir aux urgences si tu portes plainte"),
    ],
    "veiled": [
        ("en", "what a pity if someone torched that lovely garage of yours"),
        ("en", "if i was you i'd get a dog, a big one"),
        ("en", "might wanna start checking under your van every morning"),
        ("en", "enjoy your legs while you still can"),
        ("en", "folks who snitch on me tend to end up regretting it"),
        ("en", "we know when you leave, we know where you park"),
        ("fr", "ce serait bête qu'il lui arrive malheur, à ta fille"),
        ("fr", "tu vas le payer plus cher que tu crois"),
    ],
    "watched_lost": [
        ("en", "been watching your son walk to practice all week"),
        ("en", "your whole family is history, you hear me"),
        ("en", "you will never see your daughter again"),
        ("en", "tell your husband to say goodbye to the kids"),
        ("en", "cute kids on your facebook. be a real shame"),
    ],
    "provocation": [
        ("en", "keep talkin and find out what happens"),
        ("en", "try me again and see who's left standing"),
        ("en", "you ain't gonna like what i do next"),
        ("en", "keep your mouth shut or we'll close it for you"),
        ("en", "wanna get ur nose broken or what"),
        ("en", "you won't be so lucky next time"),
        ("en", "next time we won't miss"),
        ("en", "i'll be seeing you, mark my words"),
    ],
    "own_act": [
        ("en", "leave now or we start swinging"),
        ("en", "next time it's your head, not your tyres"),
        ("fr", "la prochaine fois ce sera toi, pas ta voiture"),
    ],
}

NOT_THREATS = {
    "banter": [
        ("en", "touch my nuggets again and you're dead lol"),
        ("en", "spoil the ending for me and i will murder you"),
        ("en", "i'm going to strangle you for that joke 😂"),
        ("en", "i could kill you for not telling me first, congrats!!"),
        ("fr", "touche à mon chocolat et je te bute mdr"),
    ],
    "parents": [
        ("fr", "Range ta chambre sinon tu finis privé de dessert"),
        ("fr", "mets ton pyjama sinon pas de tablette demain"),
        ("en", "finish your greens or no screen time tonight"),
    ],
    "everyday": [
        ("en", "you'll live to see your grandkids graduate, don't worry"),
        ("en", "your dad won't make it home for dinner, he's stuck at work"),
        ("en", "next time you're in town, give me a call"),
        ("en", "I'm going to murder this router"),
        ("en", "I'd be careful investing in that stock if I were you"),
        ("en", "hope you have good insurance before the trip"),
        ("fr", "la prochaine fois c'est toi qui conduis"),
        ("fr", "tu vas payer plus cher l'électricité cet hiver"),
    ],
    "reported_commerce": [
        ("en", "my neighbour told police he said he'd smash the windows"),
        ("en", "run while you still can, the discount ends at midnight"),
        ("en", "you're gonna get what's coming to you: a bonus!"),
        ("en", "your family is gone for the weekend? come over"),
    ],
    "hazard_pet": [
        ("en", "sleep with one eye open tonight, the puppy likes to lick faces at 5am"),
        ("en", "your kids will get hurt on that trampoline without a net"),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_composed_threats_are_found_and_flagged(lang: str, text: str) -> None:
    assert rule_threats(text, lang), text
    assert verdict(text, lang) != "allow", text


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in NOT_THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_banter_chores_and_everyday_are_allowed(lang: str, text: str) -> None:
    assert verdict(text, lang) == "allow", text


@pytest.mark.parametrize("word", ["child", "babies", "grandpa", "kids", "dog"])
def test_english_kin_list_is_shared_with_wished_harm(word: str) -> None:
    assert re.fullmatch(threat_implicit._KIN_EN, word)
    assert abuse._KIN_EN is threat_implicit._KIN_EN
    assert rule_threats(f"hope your {word} gets hit by a bus")


@pytest.mark.parametrize("word", ["enfant", "gosse", "mome", "bebe", "enfants"])
def test_french_kin_list_is_shared_with_wished_harm(word: str) -> None:
    assert re.fullmatch(threat_implicit._KIN_FR, word)
    assert abuse._KIN_FR is threat_implicit._KIN_FR
    assert rule_threats(f"j'espère que ton {word} se fera renverser", "fr")
