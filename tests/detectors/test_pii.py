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
    return make()


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
    ("call me at (555) 123-4567", "en", [("PHONE", "(555) 123-4567")]),   # unassigned area code: needs "call"
    ("see figure (555) 123-4567", "en", []),
    ("UK office +44 20 7946 0958", "en", [("PHONE", "+44 20 7946 0958")]),
    ("Le 12 34 56 78 90 n'est pas un numéro", "fr", []),           # 10 digits not starting with 0
    ("Prix 1 299 000 € pour 3 ans", "fr", []),
    # IBAN
    ("IBAN FR76 3000 6000 0112 3456 7890 189 merci", "fr", [("IBAN", "FR76 3000 6000 0112 3456 7890 189")]),
    ("IBAN GB82WEST12345698765432", "en", [("IBAN", "GB82WEST12345698765432")]),
    ("IBAN FR77 3000 6000 0112 3456 7890 189 (faux)", "fr", []),   # wrong check digits
    # Cards (Luhn + issuer range)
    ("ma carte 4111 1111 1111 1111 exp 08/27", "fr", [("CREDIT_CARD", "4111 1111 1111 1111")]),
    ("card 5500-0000-0000-0004 declined", "en", [("CREDIT_CARD", "5500-0000-0000-0004")]),
    ("amex 3782 822463 10005", "en", [("CREDIT_CARD", "3782 822463 10005")]),
    ("ref 4111 1111 1111 1112 en stock", "fr", []),                # Luhn fails
    ("ticket 9111 1111 1111 1111", "en", []),                       # no network starts with 9
    # French social security number (NIR), Corsica included
    ("n° sécu 1 85 05 78 006 084 91", "fr", [("FR_NIR", "1 85 05 78 006 084 91")]),
    ("NIR 185057800608491", "fr", [("FR_NIR", "185057800608491")]),
    ("sécu 2 55 08 2A 123 456 46", "fr", [("FR_NIR", "2 55 08 2A 123 456 46")]),
    ("sécu 1 85 05 78 006 084 92", "fr", []),                       # wrong key
    # US SSN
    ("SSN 123-45-6789 on file", "en", [("US_SSN", "123-45-6789")]),
    ("my social security number is 123456789", "en", [("US_SSN", "123456789")]),
    ("SSN 666-45-6789 and 000-12-3456", "en", []),                  # invalid areas
    ("batch 123456789 shipped", "en", []),                          # bare 9 digits, no context
    # SIREN / SIRET (Luhn, with context or in their printed grouping)
    ("SIREN 732 829 320", "fr", [("FR_SIREN", "732 829 320")]),
    ("SIRET : 73282932000074", "fr", [("FR_SIRET", "73282932000074")]),
    ("SIRET 732 829 320 00075", "fr", []),                          # Luhn fails
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
    ("né le 31/02/1985", "fr", []),                                 # no such date
    ("born on 12/03/2030", "en", []),                               # in the future
    # Addresses
    ("Livraison au 12 rue de la Paix, 75002 Paris svp", "fr", [("ADDRESS", "12 rue de la Paix, 75002 Paris")]),
    ("J'habite 3 bis avenue Jean Jaurès depuis 2019", "fr", [("ADDRESS", "3 bis avenue Jean Jaurès")]),
    ("at 221B Baker Street, London NW1 6XE", "en", [("ADDRESS", "221B Baker Street, London NW1 6XE")]),
    ("ship to 1600 Pennsylvania Avenue, Washington, DC 20500", "en",
     [("ADDRESS", "1600 Pennsylvania Avenue, Washington, DC 20500")]),
    ("On se retrouve rue de la Paix ce soir", "fr", []),            # a street, not an address
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
    ("we need to add Ryan P Costa as guardian", "en", [("PERSON", "Ryan P Costa")]),   # the shape First X. Last
    ("remove my kid Selma from the will", "en", [("PERSON", "Selma")]),
    ("Wolfram Research is a bank", "en", []),
    ("Le président Emmanuel Macron visite l'usine", "fr", []),
    ("Rendez-vous avenue Victor Hugo lundi", "fr", []),
    ("Paris Saint-Germain contre Lyon, Black Friday chez Acme", "fr", []),
    ("Happy Birthday Sarah! Merci Globex", "en", []),
    ("Réservez chez Jean Louis David", "fr", []),                    # one of our brands
    ("Update REF 32474687 is out", "en", []),
    # Empty and plain
    ("", "fr", []),
    ("Super journée au salon avec l'équipe, merci à tous ! #innovation", "fr", []),
]


@pytest.mark.parametrize(("text", "lang", "expected"), CASES, ids=[c[0][:40] or "empty" for c in CASES])
def test_entities(det: PiiDetector, text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert run(det, text, lang) == [at(text, value, entity) for entity, value in expected]


# Evasions: the finding's span covers the original characters, invisible ones included.
EVASIONS: list[tuple[str, str, int, int]] = [
    ("Rappelez le ０６ １２ ３４ ５６ ７８ svp", "PHONE", 12, 26),                 # full-width digits
    ("carte 4111\u200b1111\u200b1111\u200b1111", "CREDIT_CARD", 6, 25),          # zero-width spaces
    ("mail jean\u200b.dupont@gma\u2060il.com", "EMAIL", 5, 28),                  # zero-width in an e-mail
    ("IBAN FR76\u00ad3000 6000 0112 3456 7890 189", "IBAN", 5, 38),              # soft hyphen
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
    allow = make('{allow: ["+33 1 23 45 67 89"]}')          # another spelling of the same number
    assert [(e, text[s:t]) for e, s, t in run(allow, text) if e == "PHONE"] == [("PHONE", "06 12 34 56 78")]
    people = make('{allow: ["Marie Curie", "Presse@Acme.fr"]}')
    text2 = "Victor Hugo et Marie Curie, écrivez à presse@acme.fr ou jean.dupont@gmail.com"
    assert [(e, text2[s:t]) for e, s, t in run(people, text2)] == [
        ("PERSON", "Victor Hugo"), ("EMAIL", "jean.dupont@gmail.com")]
    strict = make("{min_score: {PHONE: 0.99}}")
    assert "PHONE" not in [e for e, *_ in run(strict, text)]


def test_policy_patterns_with_context() -> None:
    det = make('{patterns: [{entity: ORDER_NUMBER, regex: "CMD-[0-9]{8}", context: [commande, order]}]}')
    text = "Votre commande CMD-12345678 est partie"
    assert run(det, text) == [at(text, "CMD-12345678", "ORDER_NUMBER")]
    assert run(det, "Code CMD-12345678") == []   # no context word
    ctx = Context(Post(text, lang="fr"), "fr", det.policy, today=TODAY)
    assert det.detect(ctx)[0].fix.replacement == "***-******78"  # type: ignore[union-attr]


@pytest.mark.parametrize(("params", "field", "fragment"), [
    ('{patterns: [{entity: ORDER, regex: "CMD-[0-9"}]}', "rules[0].params.patterns.0.regex", "missing ]"),
    ('{patterns: [{entity: ORDER, regex: "(?<=a)b"}]}', "rules[0].params.patterns.0.regex", "RE2"),
    ('{patterns: [{entity: ORDER, regex: "x*"}]}', "rules[0].params.patterns.0.regex", "empty string"),
    ("{entities: [PASSPORT]}", "rules[0].params.entities.0", "PERSON"),
    ("{min_score: {FOO: 0.5}}", "rules[0].params", "unknown entity 'FOO'"),
    ("{phone_regions: [XX]}", "rules[0].params.phone_regions", "unknown phone region"),
    ("{colour: red}", "rules[0].params.colour", "Extra inputs"),
])
def test_bad_params_are_policy_errors(params: str, field: str, fragment: str) -> None:
    with pytest.raises(PolicyError) as info:
        make(params)
    issue = info.value.issues[0]
    assert issue.field == field
    assert fragment in issue.message
    assert issue.line is not None


def test_one_megabyte_post_finishes_in_bounded_time(det: PiiDetector) -> None:
    chunks = ["Bonjour M. Dupont, ", "appelez le 06 12 34 56 78 ", "1" * 50, " a@b", ".c" * 30, " ",
              "Aaaa " * 20, "12 rue de la Paix ", "4111 1111 1111 1112 ", ":" * 40, "0." * 40]
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
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
       | st.from_regex(r"[A-Za-z0-9 @.+()\-:/éÉ\u200b\uff10-\uff19]{0,200}", fullmatch=True))
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

    policy = parse_policy(render_starter(org="Acme", brands=["Acme"], competitors=["Globex"], domains=["acme.fr"],
                                         industry=industry, lang=lang), "<starter>")
    results = run_policy_tests(CheckEngine(policy, scorer=None))
    assert any("pii.identifiers" in r.case.expect_rules for r in results)
    assert [(r.case.name, r.problems) for r in results if not r.passed] == []
