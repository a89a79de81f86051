"""Evasion families found by ``benchmarks/data/policy_probe_dev3.jsonl``, through the whole engine with the
finance starters, in French and in English, each with look-alikes that must not be flagged:

* digits written with Cyrillic or Greek letters shaped like them ("О6 59 З1"), and number groups joined
  by separators no pattern takes (" - ", "/");
* "arrobase" and "arobas" for "@"; addresses that show a format ("prenom.nom@exemple.fr") are no one's;
* a social security number whose cue stands a long clause before it;
* a password in a sentence that names what it opens with "à" ("code d'accès à l'intranet : X"), and
  passwords shown as bad examples ("never use passwords like …");
* news not public yet about a project named by its code name;
* drug offers written in emoji; "weed killer" is no drug;
* insults disguised with masks or separators between every letter, said of someone not addressed;
  names from code ("API_KEY") are not slurs misspelt;
* a market index's close is news, not a fund's past performance.

The sentences are not those of the probe file.
"""

from __future__ import annotations

import pytest
from policykit import assert_flagged_for, assert_not_flagged_for, check_finance

from charte.detectors.support import abuse
from charte.detectors.support.cues import illegal_deals
from charte.normalize import folded

FLAGGED = [
    # digit look-alikes from other scripts, odd separators
    ("fr", "pour le baby-sitting appelez le О7 4З 18 9О 26", "PHONE"),
    ("en", "text me on О7700 9О0 З21 after work", "PHONE"),
    ("fr", "dispo le soir au 07 - 43 - 18 - 90 - 26", "PHONE"),
    ("en", "ring 07700 / 900 / 321 about the sofa", "PHONE"),
    ("fr", "mon portable : 07/43/18/90/26", "PHONE"),
    # "arrobase", "arobas"
    ("fr", "écrivez à lucie.morel arrobase laposte point net", "EMAIL"),
    ("en", "mail me: sam.reid arobas gmail dot com", "EMAIL"),
    # a NIR whose cue is a long clause before it (its key is wrong: reviewed)
    (
        "fr",
        "Le numéro de sécurité sociale de mon fils, pour le dossier de la cantine : 1 12 03 75 114 062 11",
        "FR_NIR",
    ),
    ("en", "my son's French social security number for the school form is 1 12 03 75 114 062 11", "FR_NIR"),
    # a password for a thing named with "à"
    ("fr", "Le code d'accès au serveur de test : Brz!8841", "PASSWORD"),
    ("fr", "mot de passe à l'outil de paie : Pivoine#77", "PASSWORD"),
    # a project named by its code name, not public yet
    (
        "fr",
        "Pas encore annoncé : le Projet Albatros (notre nouvelle appli) sort au printemps.",
        "INSIDE_INFORMATION",
    ),
    ("en", "Not announced yet, but Project Kestrel goes live in May.", "INSIDE_INFORMATION"),
    # drug offers in emoji
    ("en", "fresh 💊❄️ in stock, telegram in bio", "DRUGS"),
    ("fr", "🍃💊 de la bonne beuh, livraison sur Marseille, DM", "DRUGS"),
    ("en", "who's got zaza and carts, paying cash tonight", "DRUGS"),
    ("fr", "qqn a des bars ? xans ou percs", "DRUGS"),
    # a password still in force ("c'est toujours X", "is still X"), a project kept secret
    ("fr", "le mdp de la page Facebook c'est toujours Mimosa#31", "PASSWORD"),
    ("en", "the password for the shop account is still Harbor#2026", "PASSWORD"),
    ("en", "Project Osprey is still under wraps, don't tell anyone", "INSIDE_INFORMATION"),
    ("fr", "Le Projet Mistral ? Ne le dis à personne, mais c'est validé.", "INSIDE_INFORMATION"),
    # "par exemple" / "for example" are fillers; an example far before the value gives none; a person's line
    ("fr", "Appelle-moi par exemple au 06 12 48 77 30 ce soir", "PHONE"),
    ("en", "For example, my IBAN is GB43 BARC 2003 5370 4829 17", "IBAN"),
    (
        "fr",
        "L'exemple de la semaine : le bâtiment solaire de Bordeaux. Appelez Lucie au 04 63 43 66 50",
        "PHONE",
    ),
    ("en", "call my mobile 07700 900 321 tonight", "PHONE"),
    # an e-mail whose "at" comes twice: the first candidate's domain is the next one's local part
    ("en", "write me at k.ward at yahoo dot com", "EMAIL"),
    ("fr", "écris-moi chez n.roy arobase free point fr", "EMAIL"),
]

ALLOWED = [
    ("fr", "Le 12/12/2026 à 18 h, salle 3 - 4", "PHONE"),
    ("en", "Scores tonight: 3 - 1, 2 - 2 and 4 - 0", "PHONE"),
    ("fr", "Tirage : 3 / 17 / 22 / 38 / 41, pas de chance", "PHONE"),
    ("fr", "Dans le formulaire, l'e-mail s'écrit prenom.nom@exemple.fr", "EMAIL"),
    ("en", "Sign up with an address like firstname.lastname@company.com", "EMAIL"),
    ("en", "Docs use test.user@mail.test in every sample", "EMAIL"),
    ("fr", "Évitez les mots de passe comme Azerty123 ou Soleil2024, trop courants.", "PASSWORD"),
    ("en", "Worst passwords of the year: 123456, Password1 and qwerty123.", "PASSWORD"),
    ("en", "Not public yet: my project for the summer is a treehouse.", "INSIDE_INFORMATION"),
    ("fr", "Pas encore officiel, mais mon projet de vacances c'est la Bretagne.", "INSIDE_INFORMATION"),
    ("en", "Anyone know where to buy weed control fabric for the allotment?", "DRUGS"),
    ("en", "Winter sale ❄️🍃 new collection available, DM us", "DRUGS"),
    ("fr", "Neige ❄️ et feuilles 🍃 : l'hiver arrive, livraison des sapins dispo", "DRUGS"),
    ("en", "export API_KEY=changeme before running the script", "HATE"),
    ("fr", "Renseignez API_KEY et USER_NAME dans le fichier de config", "HATE"),
    ("en", "selling two golf carts, DM me", "DRUGS"),
    ("fr", "le mot de passe c'est toujours le même, demande à Paul", "PASSWORD"),
    ("en", "the password is still wrong after the reset", "PASSWORD"),
    ("en", "don't tell anyone but I bought a new bike", "INSIDE_INFORMATION"),
    ("fr", "garde ça pour toi : mon projet de week-end, c'est le Vercors", "INSIDE_INFORMATION"),
    ("fr", "qui a des barres de céréales ? j'ai faim", "DRUGS"),
    # a company's freephone, shared-cost or premium line; a value shown as an example or a test value
    ("en", "call our helpline on 0800 123 4567, free from UK landlines", "PHONE"),
    ("fr", "Opposition carte : 0 892 705 705, 7j/7", "PHONE"),
    ("en", "Test card 4242 4242 4242 4242 works in the sandbox", "CREDIT_CARD"),
    ("en", "Example IBAN: GB82 WEST 1234 5698 7654 32 (not a real account)", "IBAN"),
    ("fr", "Exemple d'IBAN : FR76 3000 6000 0112 3456 7890 189", "IBAN"),
    ("fr", "Numéro de carte de test : 4970 1012 3456 7893", "CREDIT_CARD"),
    # a source thanked by name for a shared work
    ("en", "Shoutout to Priya Nair for the photo 📸", "PERSON"),
    ("fr", "Big up à Camille Roux pour cette vidéo !", "PERSON"),
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
        ("fr", "Quel b.o.u.f.f.o.n ce type dans le métro"),
        ("en", "that i*d*i*o*t from accounts again"),
        ("en", "what a t.w.a.t that driver was"),
    ],
)
def test_disguised_insult_is_flagged(lang: str, text: str) -> None:
    verdict, _ = check_finance(text, lang)
    assert verdict == "block", text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Le CAC 40 a clôturé en hausse de 1,2 % ce soir."),
        ("en", "The FTSE 100 closed up 0.6% on Friday."),
    ],
)
def test_index_close_is_no_performance_claim(lang: str, text: str) -> None:
    verdict, _ = check_finance(text, lang)
    assert verdict == "allow", text


def test_fund_performance_still_needs_its_warning() -> None:
    _, entities = check_finance("Notre fonds a progressé de 12 % l'an dernier.", "fr")
    assert entities, "a fund's past performance without a warning is still reviewed"


def test_identifier_pieces_are_read_as_words() -> None:
    """A name from code is read piece by piece: "sale_pute" is still an insult, "api_key" no slur."""
    assert [h.word for h in abuse.word_hits(folded("sale_pute").text, "fr")] == ["pute"]
    assert abuse.word_hits(folded("api_key").text, "en") == []


def test_emoji_deal_needs_a_selling_cue() -> None:
    assert illegal_deals(folded("💊❄️ available, DM").text)
    assert not illegal_deals(folded("💊❄️ what a winter, flu everywhere").text)


@pytest.mark.parametrize("sep", [" - ", "/", " / ", " – ", " . ", "- "])
def test_every_odd_separator_is_read(sep: str) -> None:
    """Each separator of the stage passes its gate and becomes a space; a date with it does not."""
    from charte.detectors.support import pii_evasions as pe
    from charte.normalize import basic

    edits = pe._separators(basic(f"tel 06{sep}59{sep}31{sep}08{sep}72 merci"))
    assert [e[2] for e in edits] == ["06 59 31 08 72"]
    assert pe._separators(basic(f"le 12{sep}12{sep}2026 à 10 h, salle 12345678")) == []
