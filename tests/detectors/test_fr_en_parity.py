"""French and English phrasings of the same thing get the same verdict under the finance starters: the gaps
issue 12 found (a password in a French sentence) and the ones found checking the other detectors."""

from __future__ import annotations

from pathlib import Path

import pytest

import charte
from charte.domain import Post, Span

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def engines() -> dict[str, charte.CheckEngine]:
    return {
        lang: charte.CheckEngine(charte.load_policy(ROOT / "policies" / f"finance.{lang}.yaml"), scorer=None)
        for lang in ("fr", "en")
    }


PAIRS = [
    # (rule, entity, French post and words, English post and words)
    (
        "secrets.credentials",
        "PASSWORD",
        ("le mot de passe du compte Twitter de la boîte est carmin2024", "carmin2024"),
        ("the password for the company's Twitter account is carmin2024", "carmin2024"),
    ),
    (
        "secrets.credentials",
        "PASSWORD",
        ("Pour info le mot de passe du compte @BanqueCarmin c'est soleil75", "soleil75"),
        ("FYI the password of the @BanqueCarmin account is soleil75", "soleil75"),
    ),
    (
        "secrets.credentials",
        "PASSWORD",
        ("Le mot de passe du compte est : Azerty123", "Azerty123"),
        ("The password for the account is: Azerty123", "Azerty123"),
    ),
    (
        "secrets.credentials",
        "PASSWORD",
        ("le mdp de l'insta de l'équipe c'est Merle#7", "Merle#7"),
        ("our team insta pw is Merle#7", "Merle#7"),
    ),
    (
        "secrets.credentials",
        "SECRET",
        ("la clé de l'API c'est : 8f9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c", "8f9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c"),
        ("the API key is 8f9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c", "8f9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c"),
    ),
    (
        "confidential.terms-and-markers",
        "CLASSIFICATION_MARKER",
        ("Ne pas partager en dehors de l'équipe : la feuille de route 2027", "Ne pas partager"),
        ("Do not share outside the team: the 2027 roadmap", "Do not share"),
    ),
    (
        "confidential.terms-and-markers",
        "CLASSIFICATION_MARKER",
        ("Document interne : les chiffres du T3", "Document interne"),
        ("Internal document: Q3 figures", "Internal document"),
    ),
    (
        "spokesperson.complaints",
        "UNAUTHORISED_COMPLAINT_ANSWER",
        ("Nous vous présentons nos excuses pour ce retard.", "Nous vous présentons nos excuses"),
        ("We apologise for this delay.", "We apologise for"),
    ),
    (
        "pii.identifiers",
        "FR_NIR",
        ("Mon numéro de sécu : 1 85 05 78 006 084 92", "1 85 05 78 006 084 92"),
        ("My French social security number: 1 85 05 78 006 084 92", "1 85 05 78 006 084 92"),
    ),
]


@pytest.mark.parametrize(("rule", "entity", "fr", "en"), PAIRS, ids=[p[2][0][:30] for p in PAIRS])
def test_same_finding_in_both_languages(
    engines: dict[str, charte.CheckEngine], rule: str, entity: str, fr: tuple[str, str], en: tuple[str, str]
) -> None:
    for lang, (text, words) in (("fr", fr), ("en", en)):
        findings = engines[lang].check(Post(text=text, lang=lang)).findings
        start = text.index(words)
        assert (rule, entity, Span(start, start + len(words))) in [
            (f.rule_id, f.entity, f.span) for f in findings
        ], (lang, text, [(f.rule_id, f.entity, f.span) for f in findings])
