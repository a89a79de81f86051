"""Evasion families found by ``benchmarks/data/policy_probe_dev7.jsonl``, through the whole engine with the
finance starters, in French and in English, each with look-alikes that must not be flagged:

* passwords "réinitialisé à" / "vaut" a value, given in pieces (a spelling alphabet "M comme Marcel", digits
  spaced out, words "tout attaché", two halves joined by "puis" / "then", its start and its end), after
  "sésame", a bare "pass" before a credential-shaped value, a quoted JSON key, an environment variable
  ("DB_PASSWORD="), a pair with its own labels ("u: … / p: …");
* keys with a Cyrillic letter in their prefix, given in two halves, written in groups from "sk_live_",
  DigitalOcean and Shopify tokens; documented sample keys and masks in a key's shape are not keys;
* classification markers: a TLP label heading the post, "eyes only", "not for external distribution",
  "company restricted", "secret entreprise"; a tip "let slip" with a trade timed on it; "an NDA" spoken of
  in general is no marker.

The sentences are not those of the probe file.
"""

from __future__ import annotations

import pytest
from policykit import assert_flagged_for, assert_not_flagged_for, check_finance

FLAGGED = [
    # passwords
    ("fr", "le mot de passe de la borne a été réinitialisé à Glycine-Sud-77", "PASSWORD"),
    ("fr", "Le mot de passe de la tablette vaut maintenant Pastel$2031", "PASSWORD"),
    ("fr", "mdp de la box : B comme Bernard, O comme Oscar, 5, 5, 2 — en majuscules", "PASSWORD"),
    ("en", "PIN for the shared phone: 4 9 1 7", "PASSWORD"),
    ("fr", "le mdp c'est Loup Gris 2031 tout attaché", "PASSWORD"),
    ("en", "the password is Otter Pond 2031, no spaces", "PASSWORD"),
    ("fr", "Le mot de passe de la box, je le coupe en deux : Cormoran puis 2031!", "PASSWORD"),
    ("fr", "le mot de passe commence par Maca, finit par ron88 et c'est tout", "PASSWORD"),
    ("en", "the password starts with Walrus and ends with 31! easy", "PASSWORD"),
    ("fr", "Le sésame du compte pro : Chardon_Bleu_31", "PASSWORD"),
    ("en", "the pass for the kiosk = Heron#2031", "PASSWORD"),
    ("en", '{"login": "kiosk", "pass": "Osprey-Lake-31"}', "PASSWORD"),
    ("en", "SMTP_PASSWORD=Gull#Harbour77 in the config", "PASSWORD"),
    ("en", "creds -> user: kiosk2 / pass: Pelican$Bay4", "PASSWORD"),
    # keys
    ("en", "token: gh\u0440_8Tk3mQ9vX4wL1nB8cZ3tY6pD0sH5jA2eU9iQ", "API_KEY"),
    ("fr", "clé en deux : sk_live_51QzR puis 7Xk2mP9vT4wL7zB3nC6yD", "API_KEY"),
    ("en", "key: sk_live_ 51QzT4q 8RkP2vW 9xLn7Bc 3YdH6fJ", "API_KEY"),
    ("en", "do token dop_v1_" + "4c" * 32, "API_KEY"),
    ("en", "store token shpat_" + "9e1f" * 8, "API_KEY"),
    # classification markers and inside information
    ("fr", "TLP:AMBER\nSynthèse de l'audit de sécurité du mois", "CLASSIFICATION_MARKER"),
    ("en", "Eyes only — draft pricing grid for the new cards", "CLASSIFICATION_MARKER"),
    ("en", "Not for external distribution: Q2 hiring freeze memo", "CLASSIFICATION_MARKER"),
    ("en", "COMPANY RESTRICTED - risk committee slides", "CLASSIFICATION_MARKER"),
    ("fr", "Pièce jointe classée secret entreprise, lisez la page 2", "CLASSIFICATION_MARKER"),
    # personal data
    ("fr", "Joignable au 06🔹48🔹27🔹91🔹35 ce week-end", "PHONE"),
    ("en", "text me +1🔸646🔸381🔸2290", "PHONE"),
    ("fr", "nouveau num #06 #48 #27 #91 #35", "PHONE"),
    ("fr", "Mon 07 c'est le 81 64 29 53, appelle-moi", "PHONE"),
    ("fr", "mon numéro : 07 puis 81 64, et la fin 29 53", "PHONE"),
    ("fr", "Mon numéro c'est 07 81 64.\nLa suite : 29 53.", "PHONE"),
    ("en", "SSN: 532-71-\n8246 for the form", "US_SSN"),
    ("fr", "n° de sécu : 2 92 03 69 388 027 clé 49", "FR_NIR"),
    ("fr", "RIB : banque 30004, guichet 01823, compte 00012345678, clé RIB 54", "IBAN"),
    ("fr", "IBAN en deux : NL13 INGB. La suite : 4826 1500 08.", "IBAN"),
    ("fr", "mon gmail c'est theo.vasseur91, écris-moi", "EMAIL"),
    ("en", "reach him on hotmail: dan_ross_77 for the quote", "EMAIL"),
    ("en", "mail: grace.tan88 at yahoo com", "EMAIL"),
    ("fr", "écris à paul.roux arobaz orange point fr", "EMAIL"),
    ("en", "username is j.oakes, domain is icloud.com, send the form there", "EMAIL"),
    ("en", "A director let slip that the dividend will be cut, sell before Thursday", "INSIDE_INFORMATION"),
]

ALLOWED = [
    ("fr", "Mon 06 est cassé, je vous rappelle depuis le fixe 😅", "PHONE"),
    ("en", "Loved the gig 🔸 7 songs 🔸 2 encores 🔸 1 happy crowd", "PHONE"),
    ("en", "my gmail is full again, time to clean up", "EMAIL"),
    ("fr", "Merci à Hélène Garnier pour son intervention sur l'épargne salariale jeudi", "PERSON"),
    ("en", "Thanks to Omar Haddad for his contribution to the round table on fintech", "PERSON"),
    ("fr", "Code banque, guichet, compte et clé : tout est sur votre RIB dans l'appli", "IBAN"),
    ("en", "Sample key from the docs: AKIAIOSFODNN7EXAMPLE, never a real one", "API_KEY"),
    ("en", "Tokens look like ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx in the guide", "API_KEY"),
    ("en", "My boarding pass is in my bag, gate 12", "PASSWORD"),
    ("fr", "Pass Navigo : 86,40 € par mois depuis janvier", "PASSWORD"),
    ("fr", "Sésame, ouvre-toi ! Le week-end commence", "PASSWORD"),
    ("en", "Season pass: Gold-2031 edition sold out in an hour", "PASSWORD"),
    ("en", "password manager tip: Dashlane then 1Password, both fine", "PASSWORD"),
    ("en", "Explainer: what TLP:RED means for incident reports", "CLASSIFICATION_MARKER"),
    ("en", "Signing an NDA as a freelancer: five things to check", "CLASSIFICATION_MARKER"),
]


@pytest.mark.parametrize(("lang", "text", "entity"), FLAGGED)
def test_evasion_is_flagged(lang: str, text: str, entity: str) -> None:
    assert_flagged_for(text, lang, entity)


@pytest.mark.parametrize(("lang", "text", "entity"), ALLOWED)
def test_look_alike_is_not_flagged_for_it(lang: str, text: str, entity: str) -> None:
    assert_not_flagged_for(text, lang, entity)


def test_comment_after_a_dash_is_no_credit() -> None:
    verdict, _ = check_finance(
        '"Diversification is the only free lunch you will ever get in investing" — so true', "en"
    )
    assert verdict == "review"


def test_kin_after_a_dash_is_a_credit() -> None:
    verdict, _ = check_finance(
        '"Never lend what you cannot afford to lose, my boy" — grandpa, every Sunday', "en"
    )
    assert verdict == "allow"
