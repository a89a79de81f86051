"""Evasion families found by ``benchmarks/data/policy_probe_dev6.jsonl``, through the whole engine with the
finance starters, in French and in English, each with look-alikes that must not be flagged:

* password words in Cyrillic or Greek letters ("mоt de pаsse"), glued ("MotDePasse="), "mot2pass",
  "pass-word", "p.w:", a key emoji before ":" / "=" / an arrow, an emoji between the word and its colon;
  a value "est devenu" / "became", after an adverb ("is literally X"), changed after "pw", spelt letter
  by letter ("P e r v e n c h e 4 4"); a credentials pair after an arrow; an access code spelt in digit
  words ("neuf quatre deux six"), a room's or a vault's code;
* a value that starts like a preposition ("password toor…", which read "to" + "or…"), "psswd", a value after
  an arrow later in the sentence, the password of a URL's user part ("sftp://user:pass@host");
* an AWS key written in groups or letter by letter, a SendGrid key a few characters short;
* password words spelt with dashes ("p-a-s-s-w-o-r-d"), a user and a password joined by "et";
* e-mails with "(chez)" or a bare "chez" and a spelt "point", a line break before a dot;
* insider information: a tip, "psst", "don't repeat this", "nobody knows" with a head of the company
  leaving, a price change, a dividend "official in two weeks";
* insults: "<insult> de <person>" ("enculé de conseiller"), an article before a spaced-out insult
  ("what a d u m b a s s");
* look-alikes: a password manager named after "comme", "e-mail" after "code d'accès", "c'est con" said of
  a situation, advice to report an insult, a speaker thanked for a talk, ordinary words in groups.

The sentences are not those of the probe file.
"""

from __future__ import annotations

import pytest
from policykit import assert_flagged_for, assert_not_flagged_for, check_finance

FLAGGED = [
    # passwords
    ("fr", "Le m\u043et de p\u0430sse de la tablette de l'accueil : Moustique_48", "PASSWORD"),
    ("en", "Our \u0440\u0430ssw\u043erd for the kiosk is Walrus!2031", "PASSWORD"),
    ("fr", "MotDePasse=Chouette_1990 pour la borne", "PASSWORD"),
    ("fr", "mot2pass de la tablette : Pelican_77", "PASSWORD"),
    ("en", "pass-word for the kiosk is Lobster_Pot_19", "PASSWORD"),
    ("en", "p.w: Walnut_3310 for the printer", "PASSWORD"),
    ("en", "🔑 : Badger2031 (the meeting room screen)", "PASSWORD"),
    ("fr", "mot de passe 🔒 → Castor2031$", "PASSWORD"),
    ("fr", "Le mdp de la box est devenu Sardine-Bleue-2031", "PASSWORD"),
    ("en", "the admin password became Puffin#2031 after the audit", "PASSWORD"),
    ("en", "the shared spotify password is literally lemontart2031", "PASSWORD"),
    ("en", "pw reset to Gannet_Rock_8 for everyone", "PASSWORD"),
    ("fr", "mdp : T o u c a n 2 0 pour la tablette", "PASSWORD"),
    ("en", "Logins for the CMS → editor / Kz8#pWq2Lm", "PASSWORD"),
    ("fr", "le code du portail c'est huit un cinq trois", "PASSWORD"),
    ("en", "the storage room code is six one nine four", "PASSWORD"),
    ("en", "the vault combo is 12-44-07, don't lose it", "PASSWORD"),
    # keys
    ("en", "the key is AKIA ZK7Q 2M4P LX9T RW3N, rotate it later", "API_KEY"),
    ("fr", "clé : A K I A Z K 7 Q 2 M 4 P L X 9 T R W 3 N", "API_KEY"),
    ("en", "SG.Zq7Lm2Kx9Rt4Vb8NpW3yJa.Hc6Fg1De5Sa0Uw8Qk9Lm2QxR7tVb4NpW8zY3cJ6", "API_KEY"),
    # e-mails
    ("fr", "écrivez-moi : lucie.fabre (chez) orange (point) fr", "EMAIL"),
    ("en", "mail me: brendan\n.walsh@yahoo.com", "EMAIL"),
    # insider information
    ("fr", "Tuyau : notre dividende baisse, annonce officielle dans trois semaines", "INSIDE_INFORMATION"),
    ("fr", "chut, la directrice générale quitte la banque, personne n'est au courant", "INSIDE_INFORMATION"),
    ("en", "Don't repeat this: we're closing 40 branches and the layoffs start in May", "INSIDE_INFORMATION"),
    ("en", "psst, the fee increase on current accounts gets announced tomorrow", "INSIDE_INFORMATION"),
    ("fr", "Je te le dis en off : on va fermer 30 agences en Bretagne", "INSIDE_INFORMATION"),
    ("en", "Our COO quit yesterday, it'll be public on Friday", "INSIDE_INFORMATION"),
    # spelt with dashes, a pair joined by "et", "chez" with a spelt "point"
    ("en", "P-A-S-S-W-O-R-D : Falcon_2031", "PASSWORD"),
    ("fr", "m-o-t d-e p-a-s-s-e = Hibou_2031", "PASSWORD"),
    ("fr", "Identifiants de la borne : accueil2 et Mouette#2031", "PASSWORD"),
    ("fr", "écris-moi : hugo point leroy chez gmail point com", "EMAIL"),
    # a value starting like a preposition ("to…", "on…"), "psswd", a value after an arrow later on, a URL's
    # user part
    ("fr", "mot de passe toucan2031 pour la tablette", "PASSWORD"),
    ("en", "password online2031 for the guest laptop", "PASSWORD"),
    ("en", "psswd: Narwhal#2031", "PASSWORD"),
    ("fr", "le mdp de la box, tu le notes pas hein → Grenouille2031", "PASSWORD"),
    ("en", "backup target: sftp://backup:Vx8!qLm2Tz@files.example.net/nightly", "PASSWORD"),
]

ALLOWED = [
    (
        "fr",
        "Conseil : gardez vos mots de passe dans un gestionnaire comme Dashlane ou 1Password.",
        "PASSWORD",
    ),
    ("fr", "Le code d'accès à la visio vous sera transmis par e-mail la veille.", "PASSWORD"),
    ("en", "We'll send the door code by e-mail the day before.", "PASSWORD"),
    ("en", "Tip: store your passwords in a manager like LastPass or 1Password.", "PASSWORD"),
    ("en", "Flight AF 1234 lands at gate 12 at 8 pm", "API_KEY"),
    ("fr", "Merci à Esther Martin pour cette présentation lumineuse ce matin", "PERSON"),
    ("en", "Thanks to Prof Alan Reid for the fascinating lecture on credit risk", "PERSON"),
    ("fr", "Les résultats annuels ont été publiés ce matin, tout est en ligne", "INSIDE_INFORMATION"),
    ("en", "The CEO stepped down last year, as the annual report says", "INSIDE_INFORMATION"),
    ("en", "The CFO resigned in 2019, it was all over the news", "INSIDE_INFORMATION"),
    ("fr", "Merci à Chloé Vidal pour l'invitation au podcast", "PERSON"),
    ("fr", "a b c d e f : les lettres du test de vue, Tarte_2031 n'y est pas", "PASSWORD"),
    ("en", "connect with postgres://user:password@localhost/app as in the docs", "PASSWORD"),
    ("en", "my boarding pass BA2490 is in my bag", "PASSWORD"),
]


@pytest.mark.parametrize(("lang", "text", "entity"), FLAGGED)
def test_evasion_is_flagged(lang: str, text: str, entity: str) -> None:
    assert_flagged_for(text, lang, entity)


@pytest.mark.parametrize(("lang", "text", "entity"), ALLOWED)
def test_look_alike_is_not_flagged_for_it(lang: str, text: str, entity: str) -> None:
    assert_not_flagged_for(text, lang, entity)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "enc*lé de livreur, où est mon colis"),
        ("fr", "connard de livreur, il a jeté le colis"),
        ("en", "such a l o s e r, that referee"),
        ("en", "you're a m o r o n and everyone knows it"),
    ],
)
def test_insult_through_evasion_is_flagged(lang: str, text: str) -> None:
    verdict, _ = check_finance(text, lang)
    assert verdict == "block", text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "C'est con, le magasin fermait à 19h et je suis arrivé à 19h02."),
        ("fr", "c'est vraiment débile, ce bouton qui ne marche jamais"),
        ("en", "If anyone calls you a loser in the replies, report and block."),
        ("en", "what a l o v e l y morning by the sea"),
    ],
)
def test_look_alike_is_allowed(lang: str, text: str) -> None:
    verdict, _ = check_finance(text, lang)
    assert verdict == "allow", text
