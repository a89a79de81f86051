"""Evasion families found by ``benchmarks/data/policy_probe_dev2.jsonl``, through the whole engine with the
finance starters, in French and in English, each with look-alikes that must not be flagged:

* numbers reserved for fiction (Ofcom's drama numbers) and "txt"/"text" before a number;
* a number in words mixed with digits, whose word groups are not a phone's ("zéro six douze 48 77 30");
* an e-mail address split over two sentences (its local part, then its provider);
* password words in leetspeak or misspelt ("m0t d3 p4ss3", "pasword"), the new value of a changed password
  ("changé en X", "changed … to X", "c'est maintenant X"), the code of an account, a passphrase of plain
  words, a network key on the next line;
* "confidential" used in a rule or a negation, not as a marking;
* an announcement put as a headline that names the organisation, fees as a business word;
* a person named with an institution (a public capacity).

The sentences are not those of the probe files. Also: the cheaper gates of the evasion view say yes
whenever the stage they guard could find something (checked against the stages' own patterns).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policykit import assert_flagged_for, assert_not_flagged_for, check_finance, finance_engine

from charte.detectors.support import pii_evasions as pe
from charte.domain import Post

FLAGGED = [
    # phone numbers: fiction ranges, "txt", words and digits mixed
    ("en", "flat still free, text 07700 900456 to view it", "PHONE"),
    ("en", "txt me on O77OO 9OO 789 tonight", "PHONE"),
    ("fr", "si t'es chaud appelle le zéro sept quatre-vingt-un 23 45 67", "PHONE"),
    ("en", "call me on oh seven seven double oh, nine double oh, four five six", "PHONE"),
    # an e-mail split over two sentences
    ("fr", "Mon adresse mail : camille_b92. C'est chez hotmail, évidemment.", "EMAIL"),
    ("en", "Email is tom.rivers77. It's on outlook if that helps.", "EMAIL"),
    # password words in leetspeak or misspelt
    ("fr", "m0t de p@sse de la box : Tournesol_55", "PASSWORD"),
    ("en", "the pa55word for the guest laptop is Orchid!42", "PASSWORD"),
    ("en", "pasword for the shared inbox = Quartz#2027", "PASSWORD"),
    ("fr", "le mot de pase de l'appli c'est Ecureuil2026", "PASSWORD"),
    # the new value of a changed password
    ("fr", "Le mot de passe de la page a été changé en Brume#2027 ce matin", "PASSWORD"),
    ("fr", "J'ai modifié le mot de passe du compte pro en Cerise!64", "PASSWORD"),
    ("en", "We changed the wifi password to Lantern#58 yesterday", "PASSWORD"),
    ("en", "The admin password was reset to Comet2029! by IT", "PASSWORD"),
    ("fr", "Le code du compte Insta a changé, c'est maintenant Pivoine#31", "PASSWORD"),
    ("en", "the code for the account changed, it is now Harbor!77", "PASSWORD"),
    # a passphrase of plain words
    ("en", "The passphrase for the backup drive is purple monkey dishwasher lamp", "PASSWORD"),
    ("fr", "La phrase de passe du coffre : cheval orange parapluie montagne", "PASSWORD"),
    # a network key on the next line
    ("fr", "Wifi des invités ? La clé c'est\nMarmotte#2026", "PASSWORD"),
    ("en", "Guest wifi for the offsite. Key is\nPelican#2026", "PASSWORD"),
]

ALLOWED = [
    # numbers that are no phone
    ("en", "text 2 of 3: the answer is 42", "PHONE"),
    ("fr", "j'ai deux enfants de six et douze ans, 48 heures de route", "PHONE"),
    # e-mail talk without an address
    ("en", "My email is down again. gmail support is useless today", "EMAIL"),
    ("fr", "Mon mail : rien reçu. Je passe sur gmail demain", "EMAIL"),
    # password talk without a password
    ("en", "I changed the password to something stronger, finally", "PASSWORD"),
    ("fr", "J'ai changé le mot de passe en urgence hier soir", "PASSWORD"),
    ("en", "My passphrase is way too long to remember", "PASSWORD"),
    ("fr", "La clé du succès c'est le travail, pas le réseau", "PASSWORD"),
    ("en", "m0t de p@sse oublié ? Cliquez sur le lien de votre banque", "PASSWORD"),
    ("fr", "Le code du compte promo c'est NOEL, valable ce week-end", "PASSWORD"),
    # "confidential" in a rule or a negation
    ("fr", "Rappel de la charte : ne publiez jamais un document confidentiel.", "CLASSIFICATION_MARKER"),
    ("en", "Reminder: never post anything confidential on your accounts.", "CLASSIFICATION_MARKER"),
    # a classified ad is no announcement
    ("fr", "Annonce : vends vélo de course, 300 €, très bon état", "UNAUTHORISED_STATEMENT"),
    ("en", "Announcement: selling my road bike, 300 quid, great condition", "UNAUTHORISED_STATEMENT"),
    # a person named with an institution
    ("en", "Thanks to Dr Sam Okoro of the LSE for a great talk on pensions", "PERSON"),
    ("fr", "Merci au Pr Jeanne Roux, de l'Institut Pasteur, pour sa conférence", "PERSON"),
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
        ("fr", "Rappel de la charte : ne publiez jamais un document confidentiel."),
        ("en", "Thanks to Dr Sam Okoro of the LSE for a great talk on pensions"),
        ("fr", "Annonce : vends vélo de course, 300 €, très bon état"),
    ],
)
def test_look_alike_is_allowed(lang: str, text: str) -> None:
    assert check_finance(text, lang)[0] == "allow"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "CONFIDENTIEL : aucun chiffre ne doit sortir avant lundi, le plan 2027 est en PJ"),
        ("en", "Confidential: the 2027 plan is attached, no one outside the team sees it"),
    ],
)
def test_a_marking_stays_a_marking(lang: str, text: str) -> None:
    assert "CLASSIFICATION_MARKER" in check_finance(text, lang)[1]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "fr",
            "Annonce : Banque Carmin baisse ses frais de virement dès mars. Mes opinions n'engagent que moi.",
        ),
        ("en", "Official: Banque Carmin cuts transfer fees from March. Views are my own."),
        ("fr", "Nous annonçons une baisse des frais de gestion dès le mois prochain."),
        ("en", "We are announcing lower account fees from next month."),
    ],
)
def test_announcement_by_a_non_spokesperson_is_flagged(lang: str, text: str) -> None:
    assert "UNAUTHORISED_STATEMENT" in check_finance(text, lang)[1]


def test_a_customer_named_with_a_title_is_still_flagged() -> None:
    verdict, entities = check_finance(
        "Our customer Dr Sam Okoro called about his loan this morning", "en", "brand"
    )
    assert "PERSON" in entities and verdict != "allow"


def test_the_split_e_mail_finding_points_at_the_local_part() -> None:
    text = "Mon adresse mail : camille_b92. C'est chez hotmail, évidemment."
    decision = finance_engine("fr").check(Post(text=text, lang="fr"))
    spans = [f.span for f in decision.findings if f.entity == "EMAIL"]
    assert spans and text[spans[0].start : spans[0].end] == "camille_b92"


# -- the gates of the evasion view never hide what their stage would find -----------------------------------

_TEXTS = st.text(alphabet=st.sampled_from(list("0123456789OoIl a.-@\n")), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_letters_for_digits_gate_is_the_pattern(text: str) -> None:
    assert pe._leet_gate(text) == (pe._LEET_GATE.search(text) is not None)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1@. \t")), max_size=40))
def test_spaced_gate_lets_every_spaced_run_through(text: str) -> None:
    if pe._SPACED.search(text) is not None:
        assert pe._SPACED_GATE.search(text) is not None


# -- hostile input: the new readings stay bounded ---------------------------------------------------------------


def test_leet_password_words_are_spelt_out_a_bounded_number_of_times() -> None:
    from charte.detectors.secrets import MAX_LEET_KEYWORDS, keyword_view

    text = "p@ssw0rd " * (MAX_LEET_KEYWORDS + 50)
    assert keyword_view(text).count("password") == MAX_LEET_KEYWORDS


def test_many_headlines_are_one_statement() -> None:
    text = "Annonce : Banque Carmin baisse ses frais. " * 500
    decision = finance_engine("fr").check(Post(text=text, lang="fr"))
    assert sum(f.entity == "UNAUTHORISED_STATEMENT" for f in decision.findings) == 1
