"""What the policy promises apart from hate speech, through the whole engine with the finance starters:
personal data, secrets, inside information, spokespeople and attribution written to slip past a pattern
(numbers in words or emoji, letters for digits, spaced-out characters, line breaks, spelt-out e-mails,
the value in the next sentence), each with its must-not-flag look-alikes, in French and in English.

The sentences here are not those of ``benchmarks/data/policy_probe_*.jsonl`` (the evaluation's own).
"""

from __future__ import annotations

import pytest
from policykit import check_finance, finance_engine

from charte.domain import Post

FLAGGED = [
    # phone numbers in words, letters for digits, emoji digits, spaced out, broken over lines
    (
        "fr",
        "Pour le covoiturage, mon portable : zéro sept, quatre-vingt-un, vingt-trois, quarante-cinq, soixante-sept",
        "PHONE",
    ),
    ("en", "text me, it's four one five, two seven three, nine eight one two", "PHONE"),
    ("fr", "Appelez Karim au O7 8l 23 45 67 pour la clé", "PHONE"),
    ("en", "Ring me on 07700 9OO 461 after work", "PHONE"),
    ("fr", "mon 06 : 0️⃣6️⃣ 4️⃣4️⃣ 1️⃣2️⃣ 9️⃣0️⃣ 1️⃣7️⃣", "PHONE"),
    ("en", "phone: 0 7 7 0 0 9 0 0 4 6 1", "PHONE"),
    ("fr", "joignable au 07 81\n23 45 67 en soirée", "PHONE"),
    ("en", "My mobile is +44 7700.900.461, text first", "PHONE"),
    # spelt-out e-mail addresses
    ("fr", "envoyez vos photos à sophie point leroy arobase orange point fr", "EMAIL"),
    ("en", "reach out: tom.baker [at] gmail [dot] com", "EMAIL"),
    ("en", "write to pat dot kim at outlook dot com", "EMAIL"),
    ("fr", "mon adresse : s.leroy (at) free (point) fr", "EMAIL"),
    ("fr", "écrivez à sophie.leroy@оrange.fr pour le dossier", "EMAIL"),
    (
        "fr",
        "mon numéro de sécu c'est un quatre-vingt-cinq zéro cinq soixante-dix-huit zéro zéro six zéro quatre-vingt-quatre quatre-vingt-onze",
        "FR_NIR",
    ),
    # card and IBAN with separators a pattern does not expect
    ("en", "card 4532 0151 1283 5266, keep it safe", "CREDIT_CARD"),
    ("en", "my card: 5500 0000 0000 000four haha", "CREDIT_CARD"),
    ("en", "card 5500.0000.0000.0004 for the hotel", "CREDIT_CARD"),
    ("fr", "la carte pro : 5500 0000\u200b0000 0004 pour les frais", "CREDIT_CARD"),
    ("fr", "virement sur DE89.3704.0044.0532.0130.00 svp", "IBAN"),
    # passwords and codes given in the next sentence, and user/password pairs
    ("fr", "Le code du portail a changé. C'est 2580 maintenant.", "PASSWORD"),
    ("en", "The gate code is new this week. It's 2580.", "PASSWORD"),
    ("fr", "identifiants du compte presse : lmartin / Azur!2027", "PASSWORD"),
    ("en", "login details for the kiosk: kiosk01 / Harbour#77", "PASSWORD"),
    ("en", "The password? Sunshine2026!", "PASSWORD"),
    ("fr", "Le code de ma carte bancaire c'est 4512, je vous fais confiance", "PASSWORD"),
    ("fr", "Le mdp du compte insta ? Toujours le même : Chamonix74", "PASSWORD"),
    ("fr", "Le digicode : 4B729, à retenir", "PASSWORD"),
    ("en", "user: admin pass: admin123", "PASSWORD"),
    ("en", "Locker combo is 12-34-56", "PASSWORD"),
    # a number split over two sentences
    ("fr", "Mon portable commence par 07 81. Ensuite c'est 23 45 67.", "PHONE"),
    ("en", "Card starts 4532 0151. Then 1283 5266, don't share", "CREDIT_CARD"),
    ("en", "my address: john . smith @ gmail . com", "EMAIL"),
    ("en", "email lisa at gmail.com for the tickets", "EMAIL"),
    ("fr", "écrivez à marc chez free.fr pour le covoiturage", "EMAIL"),
    # inside information
    ("fr", "Pas encore annoncé, mais le plan social touchera 200 postes au printemps", "INSIDE_INFORMATION"),
    ("en", "Nobody knows yet, but the takeover of our rival closes on Monday", "INSIDE_INFORMATION"),
    ("fr", "Info exclusive : la maison va racheter une fintech, annonce jeudi", "INSIDE_INFORMATION"),
    ("en", "Q2 numbers are awful, it comes out Friday, sell now", "INSIDE_INFORMATION"),
    # speaking for the company
    (
        "fr",
        "Je vous confirme officiellement que l'agence de Nantes fermera en juin.",
        "UNAUTHORISED_STATEMENT",
    ),
    ("en", "As a staff member I guarantee your fees will be reimbursed.", "UNAUTHORISED_STATEMENT"),
    ("fr", "Notre banque s'engage à indemniser tous les clients lésés.", "UNAUTHORISED_STATEMENT"),
    (
        "fr",
        "Au nom de toute la maison, tous les clients concernés seront remboursés.",
        "UNAUTHORISED_STATEMENT",
    ),
    (
        "en",
        "On behalf of the entire firm: all affected clients will be compensated.",
        "UNAUTHORISED_STATEMENT",
    ),
    # a quotation followed by the poster's own comment, not by its author
    (
        "en",
        '"Success is a lousy teacher, it seduces smart people into thinking they can\'t lose" - so true',
        "UNCREDITED_QUOTE",
    ),
]

ALLOWED = [
    # numbers in words and digits that are no phone number
    ("fr", "On était six, sept avec le chien, pour huit kilomètres de marche."),
    ("fr", "Deux cent mille personnes dans la rue, trois cent mille selon les syndicats."),
    ("fr", "J'ai deux chats et trois chiens, un lapin et sept poissons."),
    ("en", "We sold one thousand two hundred units, six hundred more than last year."),
    ("en", "One, two, three, four, five, six, seven, eight: who do we appreciate?"),
    ("fr", "Le 12 34 56 78 90 n'est pas un numéro, c'est un code article."),
    ("en", "Mile 26.2 done in 4:05:12, never again (until next year)"),
    ("fr", "Une dette de 1.234.567.890.123 euros, vertigineux."),
    # mentions and words around an "at" are no e-mail address
    ("fr", "Article partagé via @lemonde.fr, à lire"),
    ("en", "Hard to say at this point in the season, let's wait."),
    ("en", "I work at a startup dot com era survivor, long story"),
    ("fr", "Il y avait 06 12 personnes. Puis 34 56 78 euros de recettes."),
    ("en", "I was born in 1985. Then in 2002 I moved to a flat with 12 rooms."),
    ("en", "Thanks @ everyone. See you next week"),
    ("fr", "Je bosse chez orange.fr depuis 2010, que du bonheur"),
    ("en", "We met at hotmail.com's old office years ago"),
    # the organisation's own role mailboxes
    ("fr", "Écrivez à service.client@banque-carmin.fr pour toute question.", "brand"),
    ("en", "Press enquiries: press@banque-carmin.fr", "brand"),
    # codes that are no secret
    ("fr", "Le code postal de la mairie est 75004, c'est au centre."),
    ("en", "The dress code is smart casual. It's 2026, relax."),
    ("fr", "Le code de la route change en janvier. C'est 2027 qui compte."),
    ("fr", "Mot de passe : changez-le tous les 90 jours, c'est la règle."),
    ("en", "Pass: Navigo, valid all week"),
    ("fr", "Quel est le mot de passe du wifi ?"),
    # "between us" without news about a deal, results or job cuts; a deal already announced
    ("fr", "Entre nous, ce restaurant est surcoté."),
    ("en", "The merger was announced this morning in a joint press release."),
    ("en", "Exclusive offer on the new range: 20% off this week"),
    ("fr", "Scoop : mon chat a appris à ouvrir le frigo"),
    ("en", "I guarantee the pizza will be delivered hot"),
    # a refund promised by someone else; a family "on behalf of"
    ("en", "On behalf of my family, thank you for the kind messages."),
    # a source credited by name is attribution, not a leak
    ("fr", "Merci à Léa Fontaine pour cette superbe photo du port !"),
    ("en", "Thanks to Sarah Jenkins for this great shot of the bay."),
    ("fr", "Article signé Sophie Bernard dans Le Monde, à lire absolument."),
    # a quotation credited after it
    ("en", '"It always seems impossible until it is done, and then it looks easy," as Nelson Mandela said.'),
    ("fr", "« La simplicité est la sophistication suprême, disait-on à la Renaissance » — Léonard de Vinci"),
]


@pytest.mark.parametrize(("lang", "text", "entity"), FLAGGED, ids=[c[1][:40] for c in FLAGGED])
def test_evasion_is_flagged(lang: str, text: str, entity: str) -> None:
    verdict, entities = check_finance(text, lang)
    assert verdict in ("review", "block")
    assert entity in entities


@pytest.mark.parametrize("case", ALLOWED, ids=[c[1][:40] for c in ALLOWED])
def test_look_alike_is_allowed(case: tuple[str, ...]) -> None:
    lang, text, *account = case
    verdict, entities = check_finance(text, lang, account[0] if account else "personal")
    assert verdict == "allow", entities


def test_the_finding_points_at_what_was_written() -> None:
    """A phone number spelt out is masked where it was written, not where the digits were read."""
    text = "mon portable : zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit !"
    decision = finance_engine("fr").check(Post(text=text, lang="fr"))
    (finding,) = [f for f in decision.findings if f.entity == "PHONE"]
    assert finding.span is not None
    assert (
        text[finding.span.start : finding.span.end]
        == "zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit"
    )
    assert "zéro" not in finding.message


def test_evasion_view_of_a_huge_post_stays_fast() -> None:
    """Hostile input: a megabyte of number words and spaced digits is read in linear time."""
    import time

    text = ("six sept huit neuf 0 6 1 2 a at b dot c " * 30000)[:1_000_000]
    started = time.perf_counter()
    check_finance(text, "fr")
    assert time.perf_counter() - started < 30


DEFANGED = [
    ("en", "grab your prize at bit[.]ly/4xYz12", "URL_SHORTENER"),
    ("fr", "tout est là : tinyurl(.)com/abc123", "URL_SHORTENER"),
    ("en", "the link is bit dot ly slash 4xYz12", "URL_SHORTENER"),
    ("fr", "connectez-vous sur hxxps://banque-carmin-login.com/verif", "LOOKALIKE_DOMAIN"),
]
NOT_LINKS = [
    ("fr", "Le point de vue de la presse est sévère."),
    ("en", "Good point. Net result is positive."),
    ("fr", "Les prix (.) sont bas, point final."),
]


@pytest.mark.parametrize(("lang", "text", "entity"), DEFANGED, ids=[c[1][:40] for c in DEFANGED])
def test_defanged_link_is_judged_like_a_link(lang: str, text: str, entity: str) -> None:
    verdict, entities = check_finance(text, lang)
    assert verdict in ("review", "block")
    assert entity in entities


@pytest.mark.parametrize(("lang", "text"), NOT_LINKS, ids=[c[1][:40] for c in NOT_LINKS])
def test_words_dot_and_point_are_no_link(lang: str, text: str) -> None:
    assert check_finance(text, lang) == ("allow", set())
