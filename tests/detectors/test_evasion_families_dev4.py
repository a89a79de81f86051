"""Evasion families found by ``benchmarks/data/policy_probe_dev4.jsonl``, through the whole engine with the
finance starters, in French and in English, each with look-alikes that must not be flagged:

* "number is" (bare or owned) right before digits names a phone number; "order number is" does not;
* an underscore between the groups of a phone number; "n° SS" before a NIR;
* "m.d.p" for "mdp"; a portal's access code that is a password-shaped word; the answer closing a riddle;
* a GitHub token a few characters short of its issued length;
* drug quantities glued to their unit ("10g") kept through the leetspeak folding, prices per gram, a French
  partitive before an ambiguous drug word ("de la cc"), 3-MMC, cloned cards;
* insults after an elided French article ("bande d'abrutis"), two words spelt out letter by letter
  ("p.a.u.v.r.e c.o.n"), "bande de tarés" (not "t'es taré", which is banter);
* look-alikes: an insult the writer says of themself, template addresses ("name@…", "votre.email@…") and
  one-digit IBAN forms, a company's landline in a service-desk sentence, a price per gram of gold or saffron.

The sentences are not those of the probe file.
"""

from __future__ import annotations

import pytest
from policykit import assert_flagged_for, assert_not_flagged_for, check_finance

from charte.detectors.support.cues import illegal_deals
from charte.normalize import folded

FLAGGED = [
    # "number is" + digits (keycaps or plain)
    ("en", "the number is 3️⃣1️⃣2️⃣8️⃣4️⃣7️⃣2️⃣2️⃣9️⃣0️⃣, text after 6", "PHONE"),
    ("en", "lost my phone, new number: 3128472290", "PHONE"),
    ("fr", "son numéro c'est 612845573, appelle-la", "PHONE"),
    # underscores between groups; "n° SS"
    ("fr", "joignable au 07_63_21_48_90 le soir", "PHONE"),
    ("en", "call 07912_448_306 for the keys", "PHONE"),
    ("fr", "n° SS de mon père : 1 92 06 13 055 088 12", "FR_NIR"),
    # passwords
    ("fr", "le m.d.p du wifi c'est Grenier2027", "PASSWORD"),
    ("fr", "Le code d'accès à l'extranet a changé : c'est maintenant Extra#2027", "PASSWORD"),
    ("en", "The access code for the portal is now Portal!2027", "PASSWORD"),
    ("fr", "le mot de passe ? le prénom de ma fille et son année, donc Lina2015", "PASSWORD"),
    ("en", "the password? my cat's name and the year, so Felix2019", "PASSWORD"),
    ("en", "CI token: ghp_Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0dF", "API_KEY"),
    # drugs: quantities, prices per gram, partitive, 3-MMC; fraud: cloned cards
    ("en", "who's got a plug? need 5g tonight", "DRUGS"),
    ("fr", "qui a un plug ? besoin de 20g pour samedi", "DRUGS"),
    ("en", "good kush, $15 a gram, DM me", "DRUGS"),
    ("fr", "bonne frappe, 12€ le gramme, livraison rapide", "DRUGS"),
    ("fr", "qui a de la cc ce soir ? je paye", "DRUGS"),
    ("fr", "je cherche de la 3-MMC, envoyez en mp", "DRUGS"),
    ("en", "selling cloned cards, message me", "FRAUD"),
    ("fr", "vends cartes clonées avec code, mp", "FRAUD"),
]

ALLOWED = [
    ("en", "my order number is 412907735, still not delivered", "PHONE"),
    ("en", "Invoice number: 3128472290 is overdue", "PHONE"),
    ("fr", "numéro de commande : 309749735", "PHONE"),
    ("fr", "fichier_2026_12_07_v2.pdf en pièce jointe", "PHONE"),
    ("fr", "Le service client est joignable au 09 69 32 15 15, appel non surtaxé.", "PHONE"),
    ("en", "Our customer service line is 020 3946 1234, lines open 8am to 8pm.", "PHONE"),
    ("fr", "Exemple de RIB à compléter : FR76 0000 0000 0000 0000 0000 000", "IBAN"),
    ("en", "Replace your.email@example.org with your own address", "EMAIL"),
    ("fr", "Dans le champ, tapez nom@exemple.com puis validez", "EMAIL"),
    ("en", "need 10g of yeast and 500g of flour for the loaf", "DRUGS"),
    ("fr", "Safran dispo, 30 € le gramme, livraison offerte", "DRUGS"),
    ("en", "gold is at $80 a gram, available in any bullion shop", "DRUGS"),
    ("fr", "Où trouver un cc de sirop pour la toux ?", "DRUGS"),
    ("fr", "J'ai changé de mot de passe, c'est plus sûr, donc Julie2 ne peut plus entrer", "PASSWORD"),
    ("en", "I'm such an idiot, I left the oven on", "HARASSMENT"),
    ("fr", "je suis vraiment con, j'ai oublié mon badge", "HARASSMENT"),
    ("fr", "les tares du système bancaire, selon un rapport", "HARASSMENT"),
    ("fr", "t'es complètement taré toi 😂 t'as couru 40 km ?", "HARASSMENT"),
]


@pytest.mark.parametrize(("lang", "text", "entity"), FLAGGED)
def test_evasion_is_flagged(lang: str, text: str, entity: str) -> None:
    assert_flagged_for(text, lang, entity)


@pytest.mark.parametrize(("lang", "text", "entity"), ALLOWED)
def test_look_alike_is_not_flagged_for_it(lang: str, text: str, entity: str) -> None:
    assert_not_flagged_for(text, lang, entity)


def test_service_line_of_a_brand_is_allowed_but_a_customer_landline_is_not() -> None:
    verdict, _ = check_finance(
        "Opposition carte : 09 69 32 15 15 (service client, appel non surtaxé)", "fr", "brand"
    )
    assert verdict == "allow"
    _, entities = check_finance(
        "Notre service client vous rappellera sur votre fixe au 01 45 67 89 12.", "fr", "brand"
    )
    assert "PHONE" in entities


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Bande d'abrutis, vous avez garé vos voitures devant l'école"),
        ("fr", "espèce d'abruti, regarde où tu vas"),
        ("fr", "t'es qu'un g.r.o.s c.o.n"),
        ("fr", "bande de t@r3s, dégagez"),
        ("en", "shut it you d-u-m-b c-o-w"),
    ],
)
def test_insult_through_evasion_is_flagged(lang: str, text: str) -> None:
    verdict, _ = check_finance(text, lang)
    assert verdict == "block", text


def test_counter_speech_quoting_the_crowd_insult_is_allowed() -> None:
    verdict, _ = check_finance(
        "Crier « bande d'abrutis » aux arbitres, ce n'est pas du sport. Restons corrects.", "fr"
    )
    assert verdict == "allow"


@pytest.mark.parametrize("text", ["need 10g", "250mg", "5km run", "2h", "10€"])
def test_quantities_survive_folding(text: str) -> None:
    view = folded(text)
    assert view.text.split()[-1][0].isdigit() or view.text.split()[0][0].isdigit(), view.text
    assert "iog" not in view.text and "zsomg" not in view.text


def test_leetspeak_is_still_undone_around_quantities() -> None:
    assert folded("c0nn4rd, 10g").text == "connard, 10g"


def test_spelt_words_parted_by_a_space_stay_apart() -> None:
    assert folded("p.a.u.v.r.e c.o.n").text == "pauvre con"
    assert folded("c o n f i d e n t i e l").text == "confidentiel"


def test_quantity_alone_is_no_deal() -> None:
    assert illegal_deals(folded("need 10g of sugar").text) == []
    assert illegal_deals(folded("anyone got a plug? need 10g").text)
