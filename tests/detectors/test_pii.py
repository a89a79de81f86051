"""The pii detector: valid and invalid-checksum forms, French and English, evasions, parameters, limits."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charte.detectors.base import Context
from charte.detectors.pii import PiiDetector
from charte.domain import Post
from charte.engine.engine import CheckEngine, compile_rules
from charte.errors import PolicyError
from charte.policy.loader import parse_policy
from charte.policy.model import Policy

TODAY = dt.date(2026, 11, 23)
POLICY = """
schema_version: 1
policy: {{id: t, version: "1"}}
organisation: {{name: Acme, brands: [Acme, AcmePay, Jean Louis David], competitors: [Globex], domains: [acme.fr]}}
rules:
  - id: pii
    detector: pii
    action: review
    severity: high
    clause: "5.3"
    params: {params}
"""


def make(params: str = "{}") -> PiiDetector:
    (det,) = compile_rules(parse_policy(POLICY.format(params=params), "<test>"))
    assert isinstance(det, PiiDetector)
    return det


def run(det: PiiDetector, text: str, lang: str = "fr") -> list[tuple[str, int, int]]:
    ctx = Context(Post(text, lang=lang), lang, det.policy, today=TODAY)
    return [(f.entity or "", f.span.start, f.span.end) for f in det.detect(ctx) if f.span is not None]


@pytest.fixture(scope="module")
def det() -> PiiDetector:
    """Every name the recogniser finds, bare ones included (the default ``min_score`` drops those)."""
    return make("{min_score: {PERSON: 0.5}}")


def at(text: str, value: str, entity: str) -> tuple[str, int, int]:
    start = text.index(value)
    return entity, start, start + len(value)


# (text, lang, [(entity, value)]) — the value's position in the text is the expected span.
CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    # E-mail
    ("Écrivez à jean.dupont@gmail.com pour le remboursement", "fr", [("EMAIL", "jean.dupont@gmail.com")]),
    ("contact: first.last+tag@sub.example.co.uk.", "en", [("EMAIL", "first.last+tag@sub.example.co.uk")]),
    ("follow @acme on insta, mail me@ home", "en", []),
    # Phone: FR formats, international, US
    ("Rappelez-moi au 06 12 34 56 78 svp", "fr", [("PHONE", "06 12 34 56 78")]),
    ("Tél. 06.12.34.56.78", "fr", [("PHONE", "06.12.34.56.78")]),
    ("mon portable +33 6 12 34 56 78 merci", "fr", [("PHONE", "+33 6 12 34 56 78")]),
    ("numéro : 0612345678", "fr", [("PHONE", "0612345678")]),
    ("+33 (0)1 83 41 77 76 standard", "fr", [("PHONE", "+33 (0)1 83 41 77 76")]),
    ("call me at (212) 555-0123 tonight", "en", [("PHONE", "(212) 555-0123")]),
    ("text 415-867-5309 now", "en", [("PHONE", "415-867-5309")]),
    ("call me at (555) 123-4567", "en", [("PHONE", "(555) 123-4567")]),  # unassigned area code: needs "call"
    ("see figure (555) 123-4567", "en", []),
    ("UK office +44 20 7946 0958", "en", [("PHONE", "+44 20 7946 0958")]),
    ("Le 12 34 56 78 90 n'est pas un numéro", "fr", []),  # 10 digits not starting with 0
    ("Prix 1 299 000 € pour 3 ans", "fr", []),
    # IBAN
    ("IBAN FR76 3000 6000 0112 3456 7890 189 merci", "fr", [("IBAN", "FR76 3000 6000 0112 3456 7890 189")]),
    ("IBAN GB82WEST12345698765432", "en", [("IBAN", "GB82WEST12345698765432")]),
    ("IBAN FR77 3000 6000 0112 3456 7890 189 (faux)", "fr", []),  # wrong check digits
    # Cards (Luhn + issuer range)
    ("ma carte 4111 1111 1111 1111 exp 08/27", "fr", [("CREDIT_CARD", "4111 1111 1111 1111")]),
    ("card 5500-0000-0000-0004 declined", "en", [("CREDIT_CARD", "5500-0000-0000-0004")]),
    ("amex 3782 822463 10005", "en", [("CREDIT_CARD", "3782 822463 10005")]),
    ("ref 4111 1111 1111 1112 en stock", "fr", []),  # Luhn fails
    ("ticket 9111 1111 1111 1111", "en", []),  # no network starts with 9
    # French social security number (NIR), Corsica included
    ("n° sécu 1 85 05 78 006 084 91", "fr", [("FR_NIR", "1 85 05 78 006 084 91")]),
    ("NIR 185057800608491", "fr", [("FR_NIR", "185057800608491")]),
    ("sécu 2 55 08 2A 123 456 46", "fr", [("FR_NIR", "2 55 08 2A 123 456 46")]),
    ("le 1 85 05 78 006 084 92 au hasard", "fr", []),  # wrong key, no context
    # US SSN
    ("SSN 123-45-6789 on file", "en", [("US_SSN", "123-45-6789")]),
    ("my social security number is 123456789", "en", [("US_SSN", "123456789")]),
    ("ticket 666-45-6789 and 000-12-3456", "en", []),  # invalid areas, no context
    ("batch 123456789 shipped", "en", []),  # bare 9 digits, no context
    # SIREN / SIRET (Luhn, with context or in their printed grouping)
    ("SIREN 732 829 320", "fr", [("FR_SIREN", "732 829 320")]),
    ("SIRET : 73282932000074", "fr", [("FR_SIRET", "73282932000074")]),
    ("SIRET 732 829 320 00075", "fr", []),  # Luhn fails
    # IP addresses
    ("connexion depuis 82.65.12.201 hier", "fr", [("IP_ADDRESS", "82.65.12.201")]),
    ("login from 2001:db8:85a3::8a2e:370:7334", "en", [("IP_ADDRESS", "2001:db8:85a3::8a2e:370:7334")]),
    ("version 1.2.3.4 et 999.1.1.1 et 127.0.0.1 à 12:30:45", "fr", []),
    # Date of birth: only with birth context
    ("Elle est née le 12/03/1985 à Nantes", "fr", [("DATE_OF_BIRTH", "12/03/1985")]),
    ("DOB: 03/31/1956", "en", [("DATE_OF_BIRTH", "03/31/1956")]),
    ("He was born on March 12, 1985.", "en", [("DATE_OF_BIRTH", "March 12, 1985")]),
    ("date de naissance : 4 juillet 1990", "fr", [("DATE_OF_BIRTH", "4 juillet 1990")]),
    ("Lancement le 12/03/2026 à Paris", "fr", []),
    ("né le 31/02/1985", "fr", []),  # no such date
    ("born on 12/03/2030", "en", []),  # in the future
    # Addresses
    (
        "Livraison au 12 rue de la Paix, 75002 Paris svp",
        "fr",
        [("ADDRESS", "12 rue de la Paix, 75002 Paris")],
    ),
    ("J'habite 3 bis avenue Jean Jaurès depuis 2019", "fr", [("ADDRESS", "3 bis avenue Jean Jaurès")]),
    ("at 221B Baker Street, London NW1 6XE", "en", [("ADDRESS", "221B Baker Street, London NW1 6XE")]),
    (
        "ship to 1600 Pennsylvania Avenue, Washington, DC 20500",
        "en",
        [("ADDRESS", "1600 Pennsylvania Avenue, Washington, DC 20500")],
    ),
    ("On se retrouve rue de la Paix ce soir", "fr", []),  # a street, not an address
    # People
    ("Merci à Julie Moreau pour son aide", "fr", [("PERSON", "Julie Moreau")]),
    ("Mme Leroy a encore appelé", "fr", [("PERSON", "Leroy")]),
    ("M. Dupont est passé", "fr", [("PERSON", "Dupont")]),
    ("La cliente Sinică Stan attend", "fr", [("PERSON", "Sinică Stan")]),
    ("mon collègue Karim s'en occupe", "fr", [("PERSON", "Karim")]),
    ("DUPONT Jean, dossier 12", "fr", [("PERSON", "DUPONT Jean")]),
    ("Customer John O'Brien called", "en", [("PERSON", "John O'Brien")]),
    ("Hi, my name is Sarah and my router is down", "en", [("PERSON", "Sarah")]),
    ("Mr. O'Donohoe came by", "en", [("PERSON", "O'Donohoe")]),
    (
        "we need to add Ryan P Costa as guardian",
        "en",
        [("PERSON", "Ryan P Costa")],
    ),  # the shape First X. Last
    ("remove my kid Selma from the will", "en", [("PERSON", "Selma")]),
    ("Wolfram Research is a bank", "en", []),
    ("Le président Emmanuel Macron visite l'usine", "fr", []),
    ("Rendez-vous avenue Victor Hugo lundi", "fr", []),
    ("Paris Saint-Germain contre Lyon, Black Friday chez Acme", "fr", []),
    ("Happy Birthday Sarah! Merci Globex", "en", []),
    ("Réservez chez Jean Louis David", "fr", []),  # one of our brands
    ("Update REF 32474687 is out", "en", []),
    # Empty and plain
    ("", "fr", []),
    ("Super journée au salon avec l'équipe, merci à tous ! #innovation", "fr", []),
]


@pytest.mark.parametrize(("text", "lang", "expected"), CASES, ids=[c[0][:40] or "empty" for c in CASES])
def test_entities(det: PiiDetector, text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert run(det, text, lang) == [at(text, value, entity) for entity, value in expected]


# Round 2 (forms found missing on the Presidio dev half and in the brief): (text, lang, [(entity, value)]).
NEW_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    # Round 2: a capitalised verb before a title, names without a title, possessives.
    ("Appelez M. Jean Dupont demain matin", "fr", [("PERSON", "Jean Dupont")]),
    ("Franchement Appelez M. Jean Dupont demain", "fr", [("PERSON", "Jean Dupont")]),
    ("Call Mr. John Smith tomorrow", "en", [("PERSON", "John Smith")]),
    ("Jean M. Dupont est passé", "fr", [("PERSON", "Jean M. Dupont")]),
    ("Weronika Martinsen explained the delay to us", "en", [("PERSON", "Weronika Martinsen")]),
    ("Oksana Rybak a dit qu'elle repasserait", "fr", [("PERSON", "Oksana Rybak")]),
    ("I want to add Tünde Hoffmann as a beneficiary", "en", [("PERSON", "Tünde Hoffmann")]),
    (
        "Un film réalisé et produit, hommage à Ilse Vanbrabant cette semaine",
        "fr",
        [("PERSON", "Ilse Vanbrabant")],
    ),
    ("Maybe it's under Miklós Hajdu", "en", [("PERSON", "Miklós Hajdu")]),
    ("Le dossier de Grzegorz Wąsowicz est incomplet", "fr", [("PERSON", "Grzegorz Wąsowicz")]),
    ("Bryan Maclean's file is missing", "en", [("PERSON", "Bryan Maclean")]),
    # ...and what must stay quiet.
    ("We are going to Foo Fighters with Kendrick Lamar fans", "en", []),
    ("The corner of Pachergasse 64 and Radolič Harbor", "en", [("ADDRESS", "Pachergasse 64")]),
    ("Rendez-vous à San José demain", "fr", []),
    # Addresses in other formats.
    (
        "Ship to 1600 Pennsylvania Avenue NW, Washington, DC 20500 asap",
        "en",
        [("ADDRESS", "1600 Pennsylvania Avenue")],
    ),
    (
        "New address: 742 Evergreen Terrace, Apt 4, Springfield, IL 62704",
        "en",
        [("ADDRESS", "742 Evergreen Terrace, Apt 4, Springfield, IL 62704")],
    ),
    (
        "She lives at 10 Downing Street, London SW1A 2AA",
        "en",
        [("ADDRESS", "10 Downing Street, London SW1A 2AA")],
    ),
    (
        "Please return to PSC 4095, Box 8316 APO AE 85103 in case of an issue",
        "en",
        [("ADDRESS", "PSC 4095, Box 8316 APO AE 85103")],
    ),
    ("Send it to P.O. Box 287, Austin, TX 73301", "en", [("ADDRESS", "P.O. Box 287")]),
    ("The bus station is on Villacher Strasse 89", "en", [("ADDRESS", "Villacher Strasse 89")]),
    ("Our office: 974 Via Roma 131 Apt. 425, Montafia", "en", [("ADDRESS", "974 Via Roma 131 Apt. 425")]),
    ("4596 Tylova 285 Suite 578 Ostrov", "en", [("ADDRESS", "4596 Tylova 285 Suite 578")]),
    ("Kevin lives at 5049 Harjukuja 54, Seinäjoki", "en", [("ADDRESS", "5049 Harjukuja 54")]),
    ("Livraison au 12 bd Voltaire, 75011 Paris svp", "fr", [("ADDRESS", "12 bd Voltaire, 75011 Paris")]),
    ("Livrez au 3 av. Jean Jaurès, 69007 Lyon", "fr", [("ADDRESS", "3 av. Jean Jaurès, 69007 Lyon")]),
    (
        "Elle habite 8 allée des Tilleuls 33000 Bordeaux",
        "fr",
        [("ADDRESS", "8 allée des Tilleuls 33000 Bordeaux")],
    ),
    ("Au 14 chemin du Moulin, personne", "fr", [("ADDRESS", "14 chemin du Moulin")]),
    ("Colis pour le 5 impasse Colbert", "fr", [("ADDRESS", "5 impasse Colbert")]),
    ("Écrivez-nous : BP 412, 69001 Lyon CEDEX 01", "fr", [("ADDRESS", "BP 412, 69001 Lyon CEDEX 01")]),
    (
        "Nouvelle adresse : 48 rue Dupont, Appt 19, 36326 Lacombe",
        "fr",
        [("ADDRESS", "48 rue Dupont, Appt 19, 36326 Lacombe")],
    ),
    ("Il habite au 9 Grand'Place, Tournai", "fr", [("ADDRESS", "9 Grand'Place, Tournai")]),
    # Phones vouched for by a label, in any grouping.
    ("Phone: 467 3395  E-mail: jo@example.org", "en", [("PHONE", "467 3395"), ("EMAIL", "jo@example.org")]),
    ("Desk: 5403926876", "en", [("PHONE", "5403926876")]),
    ("Mobile: 0393 1144137", "en", [("PHONE", "0393 1144137")]),
    ("60-56-85-91 office", "en", [("PHONE", "60-56-85-91")]),
    ("Tél : 72 128 827", "fr", [("PHONE", "72 128 827")]),
    ("Portable : (72) 754-186", "fr", [("PHONE", "(72) 754-186")]),
    ("Ref 467 3395 in stock", "en", []),
    ("Commande 5403926876 expédiée", "fr", []),
]


@pytest.mark.parametrize(("text", "lang", "expected"), NEW_CASES, ids=[c[0][:40] for c in NEW_CASES])
def test_round_two_forms(det: PiiDetector, text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert sorted(run(det, text, lang)) == sorted(at(text, value, entity) for entity, value in expected)


# Evasions: the finding's span covers the original characters, invisible ones included.
EVASIONS: list[tuple[str, str, int, int]] = [
    ("Rappelez le ０６ １２ ３４ ５６ ７８ svp", "PHONE", 12, 26),  # full-width digits
    ("carte 4111\u200b1111\u200b1111\u200b1111", "CREDIT_CARD", 6, 25),  # zero-width spaces
    ("mail jean\u200b.dupont@gma\u2060il.com", "EMAIL", 5, 28),  # zero-width in an e-mail
    ("IBAN FR76\u00ad3000 6000 0112 3456 7890 189", "IBAN", 5, 38),  # soft hyphen
    ("sécu １ 85 05 78 006 084 91", "FR_NIR", 5, 26),
]


@pytest.mark.parametrize(("text", "entity", "start", "end"), EVASIONS, ids=[e[1] for e in EVASIONS])
def test_evasions(det: PiiDetector, text: str, entity: str, start: int, end: int) -> None:
    assert run(det, text) == [(entity, start, end)]


def test_fix_masks_and_message(det: PiiDetector) -> None:
    text = "ma carte 4111 1111 1111 1111 et mon tel 06 12 34 56 78, Mme Julie Moreau"
    ctx = Context(Post(text, lang="fr"), "fr", det.policy, today=TODAY)
    findings = {f.entity: f for f in det.detect(ctx)}
    assert findings["CREDIT_CARD"].fix is not None
    assert findings["CREDIT_CARD"].fix.kind == "mask"
    assert findings["CREDIT_CARD"].fix.replacement == "**** **** **** 1111"
    assert findings["PHONE"].fix.replacement == "** ** ** ** 78"  # type: ignore[union-attr]
    assert findings["PERSON"].fix.replacement == "J. M."  # type: ignore[union-attr]
    assert findings["CREDIT_CARD"].fix.span == findings["CREDIT_CARD"].span  # type: ignore[union-attr]
    # The message names the entity in the post's language and never repeats the full number.
    assert "carte bancaire" in findings["CREDIT_CARD"].message
    assert "4111 1111 1111 1111" not in findings["CREDIT_CARD"].message
    en = Context(Post(text, lang="en"), "en", det.policy, today=TODAY)
    assert "payment card number" in next(f.message for f in det.detect(en) if f.entity == "CREDIT_CARD")


def test_params_entities_allow_and_min_score() -> None:
    text = "Standard : 01 23 45 67 89, client : 06 12 34 56 78, IBAN FR76 3000 6000 0112 3456 7890 189"
    only_iban = make("{entities: [IBAN]}")
    assert [e for e, *_ in run(only_iban, text)] == ["IBAN"]
    allow = make('{allow: ["+33 1 23 45 67 89"]}')  # another spelling of the same number
    assert [(e, text[s:t]) for e, s, t in run(allow, text) if e == "PHONE"] == [("PHONE", "06 12 34 56 78")]
    people = make('{allow: ["Marie Curie", "Presse@Acme.fr"]}')
    text2 = "Victor Hugo et Marie Curie, écrivez à presse@acme.fr ou jean.dupont@gmail.com"
    assert [(e, text2[s:t]) for e, s, t in run(people, text2)] == [
        ("PERSON", "Victor Hugo"),
        ("EMAIL", "jean.dupont@gmail.com"),
    ]
    strict = make("{min_score: {PHONE: 0.99}}")
    assert "PHONE" not in [e for e, *_ in run(strict, text)]


def test_policy_patterns_with_context() -> None:
    det = make('{patterns: [{entity: ORDER_NUMBER, regex: "CMD-[0-9]{8}", context: [commande, order]}]}')
    text = "Votre commande CMD-12345678 est partie"
    assert run(det, text) == [at(text, "CMD-12345678", "ORDER_NUMBER")]
    assert run(det, "Code CMD-12345678") == []  # no context word
    ctx = Context(Post(text, lang="fr"), "fr", det.policy, today=TODAY)
    assert det.detect(ctx)[0].fix.replacement == "***-******78"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("params", "field", "fragment"),
    [
        ('{patterns: [{entity: ORDER, regex: "CMD-[0-9"}]}', "rules[0].params.patterns.0.regex", "missing ]"),
        ('{patterns: [{entity: ORDER, regex: "(?<=a)b"}]}', "rules[0].params.patterns.0.regex", "RE2"),
        ('{patterns: [{entity: ORDER, regex: "x*"}]}', "rules[0].params.patterns.0.regex", "empty string"),
        ("{entities: [PASSPORT]}", "rules[0].params.entities.0", "PERSON"),
        ("{min_score: {FOO: 0.5}}", "rules[0].params", "unknown entity 'FOO'"),
        ("{phone_regions: [XX]}", "rules[0].params.phone_regions", "unknown phone region"),
        ("{colour: red}", "rules[0].params.colour", "Extra inputs"),
    ],
)
def test_bad_params_are_policy_errors(params: str, field: str, fragment: str) -> None:
    with pytest.raises(PolicyError) as info:
        make(params)
    issue = info.value.issues[0]
    assert issue.field == field
    assert fragment in issue.message
    assert issue.line is not None


def test_one_megabyte_post_finishes_in_bounded_time(det: PiiDetector) -> None:
    chunks = [
        "Bonjour M. Dupont, ",
        "appelez le 06 12 34 56 78 ",
        "1" * 50,
        " a@b",
        ".c" * 30,
        " ",
        "Aaaa " * 20,
        "12 rue de la Paix ",
        "4111 1111 1111 1112 ",
        ":" * 40,
        "0." * 40,
    ]
    text = ("".join(chunks) * 10_000)[:1_000_000]
    started = time.perf_counter()
    findings = run(det, text)
    elapsed = time.perf_counter() - started
    assert findings and all(0 <= s < e <= len(text) for _, s, e in findings)
    assert elapsed < 60, f"1 MB post took {elapsed:.1f}s"
    for pathological in ("1" * 1_000_000, "A" * 1_000_000, "a@" * 500_000, "1 " * 500_000):
        started = time.perf_counter()
        run(det, pathological)
        assert time.perf_counter() - started < 30


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
    | st.from_regex(r"[A-Za-z0-9 @.+()\-:/éÉ\u200b\uff10-\uff19]{0,200}", fullmatch=True)
)
def test_engine_never_raises_and_spans_are_inside(demo_policy: Policy, text: str) -> None:
    decision = _engine(demo_policy).check(Post(text))
    for finding in decision.findings:
        if finding.span is not None:
            assert 0 <= finding.span.start < finding.span.end <= len(text)


_ENGINES: dict[int, CheckEngine] = {}


def _engine(policy: Policy) -> CheckEngine:
    if id(policy) not in _ENGINES:
        _ENGINES[id(policy)] = CheckEngine(policy, scorer=None)
    return _ENGINES[id(policy)]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("industry", ["generic", "finance"])
def test_starter_policy_tests_pass(lang: str, industry: str) -> None:
    """`charte policy test` on a fresh starter policy: every case passes, the PII ones included."""
    from charte.engine.policy_tests import run_policy_tests
    from charte.policy.templates import render_starter

    policy = parse_policy(
        render_starter(
            org="Acme",
            brands=["Acme"],
            competitors=["Globex"],
            domains=["acme.fr"],
            industry=industry,
            lang=lang,
        ),
        "<starter>",
    )
    results = run_policy_tests(CheckEngine(policy, scorer=None))
    assert any("pii.identifiers" in r.case.expect_rules for r in results)
    assert [(r.case.name, r.problems) for r in results if not r.passed] == []


BLOCKING = POLICY.replace("action: review", "action: block")


@pytest.mark.parametrize(
    ("text", "lang", "value", "entity"),
    [
        ("Mon numéro de sécu : 1 85 05 78 006 084 92", "fr", "1 85 05 78 006 084 92", "FR_NIR"),
        ("n° sécurité sociale 285057800608412 merci", "fr", "285057800608412", "FR_NIR"),
        ("NIR: 1-85-05-78-006-084-00", "fr", "1-85-05-78-006-084-00", "FR_NIR"),
        ("My SSN is 666-45-6789", "en", "666-45-6789", "US_SSN"),
        ("social security number: 123-45-0000", "en", "123-45-0000", "US_SSN"),
    ],
)
def test_bad_check_key_in_explicit_context_is_reviewed(text: str, lang: str, value: str, entity: str) -> None:
    """A typo in a real identifier is still personal data: reported at a lower score, for review even when
    the rule blocks (a valid key blocks)."""
    (det,) = compile_rules(parse_policy(BLOCKING.format(params="{}"), "<test>"))
    findings = det.detect(Context(Post(text), lang, det.policy, today=TODAY))
    assert [(f.entity, text[f.span.start : f.span.end], f.action.value) for f in findings if f.span] == [
        (entity, value, "review")
    ]
    assert findings[0].score == pytest.approx(0.6)
    assert ("clé de contrôle" if lang == "fr" else "check key") in findings[0].message


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Mon numéro de sécu : 1 85 05 78 006 084 91", "fr"),
        ("My SSN is 123-45-6789", "en"),
    ],
)
def test_valid_key_still_blocks(text: str, lang: str) -> None:
    (det,) = compile_rules(parse_policy(BLOCKING.format(params="{}"), "<test>"))
    (finding,) = det.detect(Context(Post(text), lang, det.policy, today=TODAY))
    assert finding.action.value == "block" and finding.score >= 0.95


@pytest.mark.parametrize(
    "text",
    [
        "numéro de sécu : 1 11 11 11 111 111 11",  # a placeholder, not a typo
        "SSN: 000-00-0000",
        "appelez le 1 85 05 78 006 084 92",  # no context word
    ],
)
def test_bad_key_without_real_context_is_ignored(det: PiiDetector, text: str) -> None:
    assert [e for e in run(det, text) if e[0] in ("FR_NIR", "US_SSN")] == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Photo : Jean Dupont", "fr"),
        ("Superbe lumière ce matin (crédit photo Julie Moreau)", "fr"),
        ("Article de Julie Moreau dans Les Echos, à lire absolument", "fr"),
        ("Selon Julie Moreau, les taux vont baisser.", "fr"),
        ("📸 Julie Moreau #paris", "fr"),
        ("source: Le Monde / Marie Curie", "en"),
        ("Photo by Jane Smith on Unsplash", "en"),
        ("Great thread by Marie Curie on rates", "en"),
        ("via Julie Moreau, h/t Sarah Connor", "en"),
        ("© Jean Dupont 2026", "fr"),
    ],
)
def test_credited_source_is_attribution_not_a_person_leak(det: PiiDetector, text: str, lang: str) -> None:
    assert [e for e in run(det, text, lang) if e[0] == "PERSON"] == []


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Merci à Julie Moreau pour son accueil. Photo : moi", "fr", "Julie Moreau"),
        ("Our customer Julie Moreau called. Source: our CRM", "en", "Julie Moreau"),
        ("Film made with Julie Moreau", "en", "Julie Moreau"),  # "film" not followed by its author
    ],
)
def test_names_outside_the_credit_are_still_found(det: PiiDetector, text: str, lang: str, name: str) -> None:
    assert at(text, name, "PERSON") in run(det, text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Floyd Mayweather says he will call it quits after Saturday", "en"),
        ("Viola Davis in a black dress at the gala", "en"),
        ("Julie Moreau a dit qu'elle repasserait", "fr"),
    ],
)
def test_bare_names_are_not_reported_by_default(text: str, lang: str) -> None:
    """A name with no title, role or introducer is most often a public figure: below the default PERSON
    threshold (0.7), still found with a lower ``min_score``."""
    assert [e for e in run(make(), text, lang) if e[0] == "PERSON"] == []
    assert [e[0] for e in run(make("{min_score: {PERSON: 0.5}}"), text, lang)].count("PERSON") == 1


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Julie Moreau, 06 12 34 56 78", "fr", "Julie Moreau"),
        ("Floyd Mayweather lives at 221B Baker Street, London NW1 6XE", "en", "Floyd Mayweather"),
        ("Merci à Julie Moreau pour son accueil", "fr", "Julie Moreau"),  # an introducer: reported
        ("Our customer Julie Moreau called about her loan", "en", "Julie Moreau"),
    ],
)
def test_names_with_a_cue_or_next_to_personal_data_are_reported(text: str, lang: str, name: str) -> None:
    assert at(text, name, "PERSON") in run(make(), text, lang)


# Constructions that the held-out check templates of benchmarks/eval_pii.py lost on 2026-12-06 (PERSON
# recall 0.92 → 0.52): a code change, not a package version (the November commit gives 0.922 with today's
# packages). Each case fails under the 2026-12-06 code.
@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        # "Signé par" alone signs a letter or a form: not a source's credit.
        ("Signé par Haliye Akçay, le responsable du rayon", "fr", "Haliye Akçay"),
        ("Re: Signé par Killian Bauwens, le responsable du rayon #SAV", "fr", "Killian Bauwens"),
        ("Courrier signé par Zsolt Varga, notre conseiller, hier", "fr", "Zsolt Varga"),
        # A job at the organisation after the name says it is a private person's.
        ("Signed by Päivi Hannula, the store manager", "en", "Päivi Hannula"),
        ("URGENT!! Signed by Grace Murnin, the store manager @Acme", "en", "Grace Murnin"),
        ("Complaint handled by Ilmari Seppänen, our sales associate", "en", "Ilmari Seppänen"),
        ("Réclamation traitée par Flavia Mocanu, la caissière du soir", "fr", "Flavia Mocanu"),
        ("Jasper Holm, the night cashier, found the wallet", "en", "Jasper Holm"),
        # A first name alone after a request, next to a phone number: somebody's contact.
        ("Portable : 06 12 34 56 78, demandez Nora de ma part", "fr", "Nora"),
        ("Mobile: 212-477-7577, ask for Jasmin from me", "en", "Jasmin"),
        ("Appelez le 01 42 68 53 00 et demandez Sebastian", "fr", "Sebastian"),
    ],
)
def test_names_with_a_private_role_or_a_contact_are_reported(text: str, lang: str, name: str) -> None:
    assert at(text, name, "PERSON") in run(make(), text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # A public office or role in apposition: a public figure, at any threshold.
        ("Olivier Florens, le conseiller général, sera là à 7h40", "fr"),
        ("Un merci tout spécial à M. Richard Legault, chef de la direction de Brookfield", "fr"),
        ("Mme FALL représentante de la BAD était présente", "fr"),
        ("Great talk by Satya Nadella, CEO of Microsoft, this morning", "en"),
        ("Thanks Julie Moreau, founder of Lumio, for the invite", "en"),
        ("Nice chat with Anne Hidalgo, maire de Paris", "fr"),
    ],
)
def test_a_public_role_in_apposition_is_not_a_private_person(text: str, lang: str) -> None:
    assert [e for e in run(make("{min_score: {PERSON: 0.5}}"), text, lang) if e[0] == "PERSON"] == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # A first name after a greeting is the reader, even with the sender's own phone number.
        ("Hi Chris, call us at 0800 123 456 and we'll sort it", "en"),
        ("Bonjour Inès, appelez-nous au 09 69 32 15 15", "fr"),
        ("Merci Julie ! Notre numéro : 01 42 68 53 00", "fr"),
        # "Thanks to" says why, not to whom.
        ("Thanks to Amazon Prime I have a new phone case coming tomorrow", "en"),
        ("Thanks to Lewis Hamilton the race was amazing", "en"),
    ],
)
def test_greeted_first_names_and_thanks_to_are_not_reported(text: str, lang: str) -> None:
    assert [e for e in run(make(), text, lang) if e[0] == "PERSON"] == []


def test_a_first_name_after_a_request_needs_a_record() -> None:
    """Without contact details, "ask for Nora" is below the default threshold (a first name identifies no
    one); the organisation's allowed switchboard number is nobody's record."""
    assert run(make(), "Ask for Nora at the front desk", "en") == []
    allowed = make("{allow: ['01 42 68 53 00']}")
    assert [
        e for e in run(allowed, "Appelez le 01 42 68 53 00 et demandez Nora", "fr") if e[0] == "PERSON"
    ] == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("No confirmation yet for the roadshow in Mumbai which is on 20th June 2017. cc #Pune", "en"),
        ("The launch is on 3rd March 2026, see you there", "en"),
        ("Le salon est au 12 Juin 2026, venez nombreux", "fr"),
        ("Our store moved to 1st September hours last week", "en"),
    ],
)
def test_a_date_after_an_address_cue_is_not_an_address(det: PiiDetector, text: str, lang: str) -> None:
    assert [e for e in run(det, text, lang) if e[0] == "ADDRESS"] == []


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("She lives at 12 May Street, Springfield", "en", "12 May Street"),
        ("He moved to 4 March Road last year", "en", "4 March Road"),
    ],
)
def test_a_street_named_after_a_month_is_still_an_address(
    det: PiiDetector, text: str, lang: str, value: str
) -> None:
    assert at(text, value, "ADDRESS") in run(det, text, lang)


TWO_RULES = """
schema_version: 1
policy: {id: t, version: "1"}
organisation: {name: Acme, country: FR, domains: [acme.fr]}
rules:
  - id: pii.a
    detector: pii
    action: review
    severity: high
    clause: "5.3"
    params: {entities: [EMAIL, PHONE, PERSON, IBAN], min_score: {PERSON: 0.5}}
  - id: pii.b
    detector: pii
    action: review
    severity: high
    clause: "5.3"
    params: {entities: [EMAIL, PHONE, PERSON], phone_regions: [BE], allow: [jean.dupont@gmail.com]}
"""


def test_rules_sharing_a_recogniser_run_it_once_per_post(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two ``pii`` rules with a recogniser configured alike (EMAIL here) run it once per post view and
    filter its matches each their own way; one configured differently (PHONE, other regions; PERSON,
    other allow-list) runs once per rule."""
    from charte.detectors.support import pii_entities as ent
    from charte.detectors.support.pii_person import PersonRecognizer

    calls: dict[str, int] = {}

    def counting(cls: type, name: str) -> None:
        original = getattr(cls, name)

        def wrapper(self: object, *args: object) -> object:
            calls[cls.__name__] = calls.get(cls.__name__, 0) + 1
            return original(self, *args)

        monkeypatch.setattr(cls, name, wrapper)

    for cls in (ent.Email, ent.Phone, ent.Iban):
        counting(cls, "find")
    counting(PersonRecognizer, "find")
    dets = compile_rules(parse_policy(TWO_RULES, "<test>"))
    text = "Écrivez à jean.dupont@gmail.com ou au 06 12 34 56 78, Mme Martin vous répondra"
    ctx = Context(Post(text, lang="fr"), "fr", dets[0].policy, today=TODAY)
    shared = [[(f.entity, f.span) for f in det.detect(ctx)] for det in dets]
    assert calls == {"Email": 1, "Phone": 2, "PersonRecognizer": 2, "Iban": 1}
    alone = [
        [
            (f.entity, f.span)
            for f in det.detect(Context(Post(text, lang="fr"), "fr", det.policy, today=TODAY))
        ]
        for det in dets
    ]
    assert shared == alone
    assert [sorted({e for e, _ in found}) for found in shared] == [["EMAIL", "PERSON", "PHONE"], ["PERSON"]]
