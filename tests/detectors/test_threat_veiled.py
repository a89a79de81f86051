"""Veiled threats (charte.detectors.support.threat_veiled) and the contexts added to the guards in the same round,
by the rules and through the whole check with the finance starter policies: each construction with must-flag
sentences in both languages and its must-not-flag neighbours.

The sentences are not those of ``benchmarks/data/threat_probe_*.jsonl`` (the evaluation's own)."""

from __future__ import annotations

import pytest
from tests.detectors.test_threat_frames import rule_threats, verdict

from charte import normalize
from charte.detectors.support import threat_guards

THREATS = {
    "watched_then_soon": [
        ("en", "been following u since monday. see you soon"),
        ("en", "we watched you park your car last night. be seeing you"),
        ("en", "I saw you leaving the office at 6 with your bag. sleep tight"),
        ("fr", "je t'ai observée toute la journée, à ce soir"),
        ("fr", "on te surveille depuis des semaines. bientôt ce sera ton tour"),
    ],
    "who_you_deal_with": [
        ("en", "u dont know who ur messing with"),
        ("en", "You have no idea who you are dealing with."),
        ("en", "you're going to learn what real pain feels like"),
        ("fr", "tu vas voir à qui t'as affaire"),
        ("fr", "vous allez connaître la vraie douleur"),
    ],
    "others_disappear": [
        ("en", "people who run their mouth like you have a way of going missing"),
        ("en", "people like you tend to have accidents"),
        ("en", "everybody can be found, even you"),
    ],
    "in_your_place": [
        ("en", "i wouldn't go out alone this week if i were you"),
        ("en", "If I were you I wouldn't be home on Saturday night."),
        ("en", "id be real careful walking to your car if i were u"),
        ("en", "keep watching your back, pal"),
        ("en", "better check under your truck before you start it"),
        ("fr", "si j'étais toi je dormirais d'un seul œil"),
        ("fr", "regarde derrière toi désormais"),
    ],
    "last_one": [
        ("en", "enjoy your birthday, it might be your last"),
        ("en", "tell your husband to enjoy his freedom while he still can"),
        ("fr", "profite de tes vacances, ce sera sûrement les dernières"),
    ],
    "family_on_condition": [
        ("en", "call the cops again and your son will pay for it"),
        ("en", "your wife won't make it home if you don't pay"),
        ("en", "your kids aren't going to live to see summer unless you drop the case"),
        ("en", "ur little sister is gonna get it too"),
        ("en", "I know your mother lives by herself"),
        ("fr", "parle encore aux flics et c'est ton fils qui va payer"),
        ("fr", "tes enfants ne rentreront pas de l'école si vous portez plainte"),
        ("fr", "on va faire du mal à ta famille"),
    ],
    "pets_property": [
        ("en", "your horse might have a nasty fall one of these days"),
        ("en", "your bar is gonna have a terrible fire"),
        ("en", "hope your puppy enjoys rat poison"),
        ("en", "hope your car insurance is paid up"),
        ("en", "your family is about to get a visit from my boys and they won't enjoy it"),
        ("fr", "ton chat va plus vivre longtemps"),
        ("fr", "je vais exploser ta caisse"),
        ("fr", "on va incendier ton resto"),
    ],
    "sent_for": [
        ("en", "my uncle gets out of prison in june and he knows all about you"),
        ("en", "they'll be using your dental records to identify you"),
        ("fr", "mon cousin sort de taule bientôt, il sait où tu habites"),
        ("fr", "vous allez le regretter physiquement"),
        ("fr", "cela aura des conséquences sur votre intégrité physique"),
    ],
    "happen_time": [
        ("en", "something terrible will happen to you"),
        ("en", "lovely daughter you've got there. would hate for anything to happen to her"),
        ("en", "your boy is so sweet, it'd be awful if he went missing"),
        ("en", "it's just a matter of time before we find you"),
        ("en", "you'll never see me coming."),
        ("en", "tick tock, your time is nearly up"),
        ("en", "we'll find you, we always do"),
        ("fr", "il pourrait t'arriver un gros accident"),
        ("fr", "c'est une question de temps avant qu'on te retrouve"),
        ("fr", "tu me verras jamais venir"),
        ("fr", "ton heure a sonné"),
        ("fr", "recommence et on va voir"),
    ],
    "family_widowed": [
        ("en", "we're gonna come after your little brother"),
        ("en", "i'll make your kids orphans"),
        ("en", "your husband is gonna be a widower"),
        ("en", "men have disappeared for less"),
        ("en", "don't make me come to your house and beat you"),
        ("en", "hope you like the icu"),
        ("fr", "on va s'en prendre à ta sœur"),
        ("fr", "tes gosses vont finir orphelins"),
        ("fr", "priez pour que je ne vous retrouve jamais"),
        ("fr", "tu vas te faire tabasser ce soir"),
    ],
    "other_tenses": [
        ("en", "i was about to spare you, not anymore"),
        ("en", "when i'm finished with you nobody will recognize you"),
        ("en", "i stood outside your bedroom window last night. you were sleeping"),
        ("en", "brought my blade to the meeting. next time i'll use it"),
        ("en", "i'm going to take everyone you love"),
        ("en", "they'll be scraping bits of you off the road"),
        ("en", "hope your brakes hold tonight 😉"),
        ("en", "would hate for your son to grow up without a dad"),
        ("en", "don't be surprised if your cat never comes back"),
        ("en", "i hired some guys to deal with you"),
        ("en", "if i see you near her again the cops will never find you"),
        ("en", "nobody will ever find your body"),
        ("en", "we know which car your wife drives"),
        ("fr", "quand j'aurai fini avec vous, personne vous reconnaîtra plus"),
        ("fr", "j'étais devant ta fenêtre cette nuit, tu dormais"),
        ("fr", "j'ai sorti mon flingue hier, la prochaine fois je m'en sers"),
        ("fr", "j'espère que tes freins tiennent ce soir"),
        ("fr", "on a payé des gars pour te régler ton compte"),
        ("fr", "si je te recroise, personne te retrouvera jamais"),
        ("fr", "t'as intérêt à déménager"),
        ("fr", "on t'attend à la sortie du taf"),
        ("fr", "des gars surveillent ta maison"),
        ("fr", "je vais faire en sorte que tu marches plus jamais"),
        ("fr", "je sais quelle voiture conduit ta femme"),
    ],
    "formal_sarcastic": [
        ("en", "I suggest you drop the lawsuit, for the sake of your children's safety."),
        ("en", "we can no longer guarantee your safety"),
        ("en", "your safety is no longer guaranteed."),
        ("en", "leave my wife alone or you will vanish"),
        ("en", "id keep the doors locked if i was you"),
        ("en", "we don't want your daughter getting hurt, now would we"),
        ("fr", "je vous invite à retirer votre plainte, pour la sécurité de votre famille"),
        ("fr", "je ne garantis plus ta sécurité"),
        ("fr", "ce serait bête que ta fille ait un accident"),
        ("fr", "vous avez de la chance d'être encore en vie"),
        ("fr", "demande ce qui est arrivé au dernier mec qui a osé"),
        ("fr", "paye ou tu vas disparaître"),
    ],
    "last_rites": [
        ("en", "you should put your affairs in order."),
        ("en", "hope u made peace with ur maker"),
        ("en", "would be a pity if your grandma had a nasty fall"),
        ("en", "shame if your brakes gave out"),
        ("en", "terrible if your shop had a gas leak"),
        ("en", "your kids will be crying over your grave"),
        ("en", "hope you're ready for what's coming."),
        ("en", "i know where he plays football as well"),
        ("en", "we know your address and your wife's car"),
        ("en", "your parrot won't be breathing much longer"),
        ("en", "i know your lil brother walks to practice"),
        ("fr", "mettez vos affaires en ordre"),
        ("fr", "préviens ta mère, elle va préparer ton enterrement"),
        ("fr", "après ça je réponds plus de rien"),
        ("fr", "ton chat miaulera plus longtemps"),
    ],
    "spelling": [
        ("en", "i will fkn end you"),
        ("en", "would be a shame if your new car got torched"),
    ],
}

NOT_THREATS = {
    "watched_then_soon": [
        ("en", "I saw you at the concert, see you soon!"),
        ("en", "been following you on insta for years, see you at the meetup"),
        ("fr", "je t'ai dit à demain, pas à ce soir"),
    ],
    "who_you_deal_with": [
        ("en", "you'll learn what real pain is at leg day tomorrow"),
    ],
    "in_your_place": [
        ("en", "I'd be careful investing in that coin if I were you"),
        ("en", "if i were you i'd be careful driving in the snow tonight"),
        ("en", "check under your car for oil leaks"),
        ("fr", "regarde derrière toi, il y a un arc-en-ciel"),
    ],
    "last_one": [
        ("en", "enjoy your holiday, it might be your last chance to rest before the baby"),
        ("en", "enjoy the sunshine while you still can, rain tomorrow"),
        ("fr", "profite de tes vacances avant la rentrée"),
    ],
    "family": [
        ("en", "your kids will pay for it in taxes"),
        ("en", "your puppy will have accidents on the carpet at first"),
        ("en", "your grandma won't make it to the wedding, she's in hospital"),
        ("en", "I know your mother lives by the sea, lucky her"),
        ("fr", "ton chien va pas vivre longtemps s'il mange du chocolat, appelle le véto"),
        ("fr", "je vais repeindre ta vitrine pour les fêtes"),
    ],
    "happen_time": [
        ("en", "something bad will happen to you if you skip sleep for a week"),
        ("en", "it's a matter of time before I see you on tv!"),
        ("en", "you'll never see it coming, the twist in the finale"),
        ("en", "I'm gonna make you pay for the drinks tonight"),
        ("en", "keep posting and see what happens to your engagement"),
        ("fr", "tu vas regretter de pas être venue"),
        ("fr", "ta fille sera la prochaine à être invitée au mariage"),
    ],
    "other_tenses": [
        ("en", "I was going to let you sleep in, breakfast is ready"),
        ("en", "hope your brakes work, the garage said the pads are thin"),
        ("en", "the villain says they'll be scraping bits of you off the road"),
        ("en", "I'm going to hurt you on the leaderboard tonight"),
        ("fr", "on t'attendra à l'aéroport avec des ballons"),
        ("fr", "mon avocat va s'occuper de vous, la plainte est déposée"),
    ],
    "formal_sarcastic": [
        ("en", "stay away from the cliff edge for your own safety"),
        ("en", "we don't want your kids getting hurt on the trampoline, so we added a net"),
        ("en", "I can't guarantee your seat if you arrive late"),
        ("fr", "pour la sécurité de votre famille, installez un détecteur de fumée"),
        ("fr", "dépêche-toi ou tu vas rater le train"),
    ],
    "last_rites": [
        ("en", "put your affairs in order before the audit next week"),
        ("en", "I hope you've made peace with the ending of the show, it was rough"),
        ("en", "hope you're ready for what's coming at the launch, it's huge"),
        ("en", "i know ur little sister walks home alone, want me to walk with her?"),
        ("fr", "mets tes affaires en ordre avant le déménagement"),
    ],
    "kind_locates": [
        ("en", "I know where your daughter's school is, want me to collect her after practice?"),
        ("fr", "je sais où tu habites, on est voisins, passe boire un verre"),
    ],
    "hazard_game_report": [
        ("en", "watch your back when you're lifting the sofa"),
        ("en", "they always flank on b site, watch your back"),
        ("en", "got a message saying 'your days are numbered', reported and blocked"),
        ("en", "No one deserves texts like 'I know where you sleep'."),
        ("en", "the quote 'I will find you' is from a movie"),
        ("fr", "fais gaffe à ton dos en soulevant des cartons"),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_rules_find_veiled_threats(lang: str, text: str) -> None:
    assert rule_threats(text, lang), text


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_veiled_threats_are_flagged(lang: str, text: str) -> None:
    assert verdict(text, lang) != "allow", text


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, t) for cases in NOT_THREATS.values() for lang, t in cases],
    ids=lambda v: str(v)[:30],
)
def test_veiled_neighbours_are_allowed(lang: str, text: str) -> None:
    assert rule_threats(text, lang) == []
    assert verdict(text, lang) == "allow", text


def test_condemned_is_what_it_says() -> None:
    assert threat_guards.condemned(normalize.folded("Nobody deserves messages like that").text)
    assert not threat_guards.condemned(normalize.folded("nobody will find you").text)
