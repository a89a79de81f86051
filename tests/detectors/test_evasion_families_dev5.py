"""Evasion families found by ``benchmarks/data/policy_probe_dev5.jsonl``, through the whole engine with the
finance starters, in French and in English, each with look-alikes that must not be flagged:

* digit groups joined by bullets, pipes, tildes or middle dots, a bracketed area code before them; a
  typographic dash inside a number ("318–64–5027"); a dotted SSN next to its label; "B"/"S" for 8/5;
  a number grouped as another region writes it (Swiss "076 512 48 93"), Belgian tens ("huitante");
* e-mails with "a commercial", "(a)", "[@]", a circled "ⓐ", a comma or a bullet for the dot, "period",
  words joined by dashes, letters joined by dashes, a line break before the "@";
* an IBAN in groups joined by underscores or slashes, or split over two sentences;
* "mot2passe", "p.a.s.s", "p.w.d", the value before "is the password"; Telegram, Discord, Hugging Face and
  Azure secrets, an AWS secret key in an environment line;
* "ne pas transférer", a voluntary-departure plan after "officieusement";
* insults with emoji or tildes between letters, negative circled or squared letters, "@$$h0l3";
* look-alikes: an insult the writer says of themself after it ("what a moron I am"), a given name that is
  an insult ("Dick Francis"), an insult quoted in a sentence about insults, a network named by
  "s'appelle", a menu path after "mot de passe :", a film title, "confidential computing", a template in
  quotes, a quotation credited by "la formule est de", thanks to the photographer "qui a fait cette photo".

The sentences are not those of the probe file.
"""

from __future__ import annotations

import pytest
from policykit import assert_flagged_for, assert_not_flagged_for, check_finance

from charte.normalize import folded

FLAGGED = [
    # phones
    ("fr", "mon tél : 07•61•28•44•93, écris-moi", "PHONE"),
    ("en", "ring 07961|205|587 tonight about the van", "PHONE"),
    ("en", "the landlord's number: (917)~482~3365", "PHONE"),
    ("en", "cell 0 7 9 6 1 • 2 0 5 • 5 8 7, ask for Mo", "PHONE"),
    ("en", "my new cell is O7961 2O5 S87", "PHONE"),
    ("fr", "pour la coloc à Lausanne : 076 512 48 93", "PHONE"),
    ("fr", "mon oncle à Liège : zéro quatre huitante-sept, douze, trente-quatre, cinquante-six", "PHONE"),
    # social security numbers
    ("fr", "SSN américain de mon mari : 318–64–5027", "US_SSN"),
    ("en", "social security no. 318.64.5027 for the form", "US_SSN"),
    # e-mails
    ("fr", "contact : marc.dupuis a commercial orange point fr", "EMAIL"),
    ("fr", "marc.dupuis[@]free[.]fr pour les inscriptions", "EMAIL"),
    ("en", "reach me at lena.k (a) yahoo . com", "EMAIL"),
    ("en", "email lena.k@outlook,com for the minutes", "EMAIL"),
    ("fr", "envoyez le dossier à marc.dupuisⓐlaposte.net", "EMAIL"),
    ("en", "mail: l-e-n-a-.-k-@-g-m-a-i-l-.-c-o-m", "EMAIL"),
    ("en", "send the scans to lena.k\n@gmail.com please", "EMAIL"),
    ("fr", "écrivez à marc.dupuis@orange•fr", "EMAIL"),
    ("en", "lena dot k at gmail period com", "EMAIL"),
    ("en", "contact lena-dot-k-at-yahoo-dot-com", "EMAIL"),
    ("fr", "my mail c'est marc point dupuis at gmail point com", "EMAIL"),
    # IBANs
    ("fr", "IBAN FR76_3000_3012_3400_0500_1234_509 pour le pot de départ", "IBAN"),
    ("en", "pay GB03 / BARC / 2003 / 8441 / 2367 / 90 by Monday", "IBAN"),
    ("fr", "Mon IBAN débute par FR76 3000 3012 3400. Ensuite : 0500 1234 509.", "IBAN"),
    # passwords and keys
    ("fr", "mot2passe du wifi : Grange-2027!", "PASSWORD"),
    ("fr", "p.a.s.s : Velours2027 pour l'appli du club", "PASSWORD"),
    ("en", "Sunflower#88 is the password for the cabin wifi", "PASSWORD"),
    ("en", "p.w.d for the shared inbox: Otter-Lake-31", "PASSWORD"),
    ("fr", "Azur!Mer2027 c'est le mot de passe de la box", "PASSWORD"),
    (
        "en",
        "alerts go to https://api.telegram.org/bot612345789:AAHk3xQ9vLm2Rt7Yp4Wn8Bc1Dz6Fg0Js5Ke/sendMessage",
        "API_KEY",
    ),
    (
        "fr",
        "le webhook : https://discord.com/api/webhooks/112233445566778899/"
        "Kq8vT3mXb9Lr2Wn7Yp4Hc1Dz6Fg0Js5KeAq8vT3mXb9Lr2Wn7Yp4Hc1Dz6Fg0Js5Ke",
        "API_KEY",
    ),
    ("en", "token for the gated model hf_Kq8vT3mXb9Lr2Wn7Yp4Hc1Dz6Fg0Js5KeA", "API_KEY"),
    (
        "fr",
        "AccountName=stock;AccountKey=" + "Kq8vT3mXb9Lr2Wn7Yp4Hc1Dz6Fg0Js5Ke" * 2 + "Kq8vT3mXb9Lr2Wn7Yp4H==",
        "API_KEY",
    ),
    ("en", "export MY_APP_SECRET_ACCESS_KEY=Kq8vT3mXb9Lr2Wn7Yp4Hc1Dz6Fg0Js5KeAq8vT3mX", "SECRET"),
    # confidential
    ("fr", "NE PAS TRANSFÉRER : la note sur les bonus 2027 est jointe", "CLASSIFICATION_MARKER"),
    ("fr", "Officieusement, le plan de départs volontaires est acté pour mars", "INSIDE_INFORMATION"),
]

ALLOWED = [
    ("en", "room 4B, building 3, 10:30 on 06/12, see you there", "PHONE"),
    ("fr", "La réunion est le 06.12.2026 à 07h30, salle Mercure", "PHONE"),
    ("en", "Sizes 10 • 12 • 14 • 16 in stock again", "PHONE"),
    ("en", "Release 123.45.6789 of the app is out", "US_SSN"),
    ("fr", "Le réseau du coworking s'appelle Ruche-Libre, le code est à l'accueil", "PERSON"),
    ("fr", "Pour changer de mot de passe : Profil > Sécurité > Modifier", "PASSWORD"),
    ("en", "Saw Miami Confidential last night, great thriller", "CLASSIFICATION_MARKER"),
    ("en", "Our confidential computing workshop slides are online", "CLASSIFICATION_MARKER"),
    ("fr", "Merci à Léa Martin, qui a fait cette photo du lac d'Annecy", "PERSON"),
    ("en", "So the handle is @j0hn_d03, follow him for the charts", "INSULT"),
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
        ("fr", "ce c🔥o🔥n🔥n🔥a🔥r🔥d m'a doublé sur l'autoroute"),
        ("en", "you absolute i~d~i~o~t"),
        ("fr", "t'es qu'un 🅒🅞🅝🅝🅐🅡🅓"),
        ("en", "you're a total 🅼🅾🆁🅾🅽"),
        ("en", "what a ⓙⓔⓡⓚ you are"),
        ("en", "get lost, you @$$h0l3"),
    ],
)
def test_insult_through_evasion_is_flagged(lang: str, text: str) -> None:
    verdict, _ = check_finance(text, lang)
    assert verdict == "block", text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Quelle idiote je suis, j'ai oublié mon parapluie au bureau"),
        ("en", "What a moron I am, missed my train again"),
        ("en", "Dick Francis wrote the best racing thrillers, rereading one now"),
        ("en", "Calling someone a 'm.o.r.o.n' with dots is still an insult, report it"),
        ("fr", "Écrire « c.o.n.n.a.s.s.e » avec des points reste une insulte : signalez-le."),
        ("fr", "Modèle de message : « Merci de régler la facture avant le 30 du mois »"),
        ("fr", "« Le temps, c'est de l'argent » : la formule est de Benjamin Franklin."),
    ],
)
def test_look_alike_is_allowed(lang: str, text: str) -> None:
    verdict, _ = check_finance(text, lang)
    assert verdict == "allow", text


def test_emoji_and_tildes_between_letters_are_joined() -> None:
    assert folded("c👏o👏n👏n👏a👏r👏d").text == "connard"
    assert folded("d~i~c~k").text == "dick"


def test_a_handle_stays_a_handle_but_symbols_after_the_at_are_leet() -> None:
    assert folded("@acme").text == "@acme"
    assert folded("@$$h0l3").text == "asshole"
