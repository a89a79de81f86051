"""Implicit, delegated and past-act threats (charte.detectors.support.threat_implicit) and the contexts that
undo threat words (charte.detectors.support.threat_guards), by the rules and through the whole check with the
finance starter policies: each frame with a must-flag sentence and its must-not-flag neighbour.

The sentences are not those of ``benchmarks/data/threat_probe_*.jsonl`` (the evaluation's own)."""

from __future__ import annotations

import pytest
from tests.detectors.test_threat_frames import rule_threats, verdict

from charte import normalize
from charte.detectors.support import threat_guards

THREATS = {
    "survival": [
        ("en", "you won't live to see christmas"),
        ("en", "u aint gonna survive this weekend"),
        ("en", "keep it up and you'll end up in a body bag"),
    ],
    "routine": [
        ("en", "I know which bus your son takes every morning"),
        ("en", "we know what time your wife leaves work"),
        ("en", "i know your route."),
        ("fr", "je sais à quelle heure tu sors du taf"),
        ("fr", "je connais ton trajet"),
    ],
    "delegated": [
        ("en", "i'll send my brothers to pay u a visit"),
        ("en", "the guys are coming for you after class"),
        ("en", "some friends of mine will take care of you"),
        ("fr", "mes gars vont te tomber dessus ce soir"),
        ("fr", "des potes à moi vont s'occuper de toi"),
    ],
    "family_property": [
        ("en", "would be a pity if something happened to your little shop"),
        ("en", "your cat won't be safe anymore"),
        ("en", "your bakery is gonna burn one of these nights"),
        ("en", "shame if your kids didn't make it home from school"),
        ("en", "i'll kill your dog"),
        ("fr", "ton fils va finir dans la seine"),
        ("fr", "je vais cramer ta boutique"),
        ("fr", "je vais tuer ton chien"),
    ],
    "weapon_ready": [
        ("en", "i'm cleaning my gun and thinking of you"),
        ("en", "im coming back with a knife tomorrow"),
        ("en", "had my gun pointed at your window last night"),
        ("fr", "on t'attend devant chez toi avec une batte"),
    ],
    "past_act": [
        ("en", "i should've killed you back then, next time i will"),
        ("en", "I slashed your tires. your face is next"),
        ("en", "I've killed men for less than that"),
        ("en", "last time was just a warning"),
    ],
    "plan_order_street": [
        ("en", "I've decided. You die on friday."),
        ("en", "i was planning to shoot you at the party and i still am"),
        ("en", "I'm going to have you beaten"),
        ("en", "i could've broken your neck last night and i will"),
        ("en", "i've got a shotgun and your address"),
        ("en", "a nice knife i bought today. guess who it's for"),
        ("en", "u gon get smoked"),
        ("en", "on god ima slide on u"),
        ("en", "im pressing u on sight"),
        ("en", "don't let me catch you alone"),
        ("en", "you better sleep with the lights on"),
        ("en", "if i were you i'd watch my back"),
        ("fr", "j'ai un fusil et ton adresse"),
        ("fr", "à votre place je ferais très attention"),
    ],
    "street_property": [
        ("en", "gonna light ur car up tonite"),
        ("en", "ur windows r gettin bricked 2nite"),
        ("en", "i'll key ur benz"),
        ("en", "hope your house is insured"),
        ("en", "gonna pour gas on ur porch n light it"),
        ("en", "tell ur sister to watch herself"),
        ("en", "nice dog. would be a shame if it went missing"),
        ("en", "u and ur whole fam finna get it"),
        ("en", "bro ima catch u lacking"),
        ("en", "i got sumn for u 🔫"),
        ("en", "u finna meet god"),
        ("en", "catch u outside"),
        ("fr", "ton chat a l'air bon, dommage s'il disparaissait"),
    ],
    "implicit": [
        ("en", "say your prayers while you still can"),
        ("en", "you should be very afraid right now"),
        ("en", "this won't end well for you"),
        ("en", "imma smoke u on sight"),
        ("en", "if i can't have you, nobody can"),
        ("fr", "profite de ta dernière soirée"),
        ("fr", "ça va pas bien se terminer pour toi"),
        ("fr", "t'as de la chance que je sois pas venu hier soir"),
        ("fr", "t'as intérêt à dormir avec un oeil ouvert"),
    ],
}

NOT_THREATS = {
    "survival": [
        ("en", "you won't make it home before the storm, stay at ours"),
        ("en", "you won't survive without coffee lol"),
    ],
    "routine_friendly": [
        ("en", "I know which bus your son takes, can mine ride with him?"),
        ("fr", "je sais à quelle heure tu sors, je passe te chercher pour le ciné"),
    ],
    "delegated_friendly": [
        ("en", "my friends will pay you a visit next summer, they loved your place"),
        ("en", "i'll have my brother pick you up at 6"),
        ("fr", "mes potes vont te rendre visite à Paris, ils sont trop contents"),
    ],
    "last_before": [
        ("en", "enjoy your last week before the holidays!"),
        ("fr", "profite bien de ta dernière soirée avant le départ !"),
    ],
    "hazard": [
        ("en", "careful on the stairs, someone's going to break their neck"),
        ("en", "watch your back on the scaffolding, the rail is loose"),
        ("fr", "attention à la marche, tu vas te faire mal sur l'escalier"),
        ("fr", "fais gaffe à toi sur le verglas ce matin"),
    ],
    "received": [
        ("en", "my neighbour keeps texting me 'watch your back'. should i call the police?"),
        ("fr", "il m'a écrit « fais gaffe à toi », j'ai peur"),
    ],
    "food_task": [
        ("en", "I'm going to destroy this burger"),
        ("en", "gonna murder that karaoke song tonight"),
    ],
    "legal": [
        ("en", "my lawyer will contact you about the invoice"),
        ("fr", "sans réponse, je saisis le tribunal"),
    ],
    "idiom": [
        ("en", "burn the midnight oil tonight, the deadline is tomorrow"),
        ("en", "if this queue gets any longer i will actually die"),
        ("fr", "ce déménagement va être ma mort"),
    ],
    "plan_order_street": [
        ("en", "you die on level 3 every time lol"),
        ("en", "I'll have you beat by next week in sales"),
        ("en", "we'll slide thru your house later"),
        ("en", "I was planning to surprise you on friday"),
        ("en", "that knife set? guess who it's for: my mom's birthday"),
        ("en", "wait till I catch you alone at the party, I have gossip"),
        ("en", "I know your schedule is packed, let's talk friday"),
        ("en", "they know your address for the delivery"),
        ("en", "I know what time your train leaves, see you at the station!"),
        ("en", "you're dead to me until you return my hoodie"),
        ("fr", "je connais ton trajet, je te dépose demain ?"),
    ],
    "street_property": [
        ("en", "we light our house up with fairy lights every december"),
        ("en", "hope your house is insured for floods, the river is rising"),
        ("en", "tell your mom to be careful driving in the snow"),
        ("en", "I'll key your name into the form"),
        ("en", "this update will brick your phone lol"),
        ("en", "I'll catch you outside the cinema at 8"),
        ("en", "keep your head on a swivel on the highway tonight"),
        ("en", "ur gonna be on a t-shirt at the company picnic, we printed the team photo"),
    ],
    "warning_sign": [
        ("en", "that was a warning sign we all missed"),
        ("en", "your face is next to mine in the team photo"),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_rules_find_implicit_threats(lang: str, text: str) -> None:
    assert rule_threats(text, lang), text


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_implicit_threats_are_flagged(lang: str, text: str) -> None:
    assert verdict(text, lang) != "allow", text


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in NOT_THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_neighbours_are_allowed(lang: str, text: str) -> None:
    assert rule_threats(text, lang) == []
    assert verdict(text, lang) == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "i'll kill you, happy birthday",  # a verb of harm: a friendly context does not undo it
        "you won't see it coming, my cousins will pay you a visit",
        "They should all be arrested and hung, the whole party",  # a political party is no party invitation
    ],
)
def test_friendly_context_does_not_undo_explicit_harm(text: str) -> None:
    assert rule_threats(text), text


def test_soft_and_friendly_are_what_they_say() -> None:
    assert threat_guards.soft("you won't see it coming")
    assert not threat_guards.soft("i will kill you")
    assert threat_guards.friendly(normalize.folded("best surprise party ever").text)
    assert not threat_guards.friendly(normalize.folded("the party should be arrested").text)
