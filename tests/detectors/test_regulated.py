from __future__ import annotations

import pytest
from policykit import at, make_engine, policy_text, run, spans

from charte.detectors.support.packs import PACK_RULES, PACKS
from charte.engine.engine import CheckEngine
from charte.errors import PolicyError
from charte.policy.loader import parse_policy

ALL = make_engine("regulated", {"packs": list(PACKS)})

# (text, expected findings as (pack rule id, words))
CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # finance
    ("Un rendement garanti de 7 % par an.", [("FINANCE_GUARANTEED_RETURN", "rendement garanti")]),
    (
        "Placement sans risque, 5 % garantis !",
        [("FINANCE_GUARANTEED_RETURN", "sans risque"), ("FINANCE_GUARANTEED_RETURN", "5 % garantis")],
    ),
    (
        "Guaranteed returns, you can't lose.",
        [
            ("FINANCE_GUARANTEED_RETURN", "Guaranteed returns"),
            ("FINANCE_GUARANTEED_RETURN", "you can't lose"),
        ],
    ),
    (
        "Le fonds a progressé de 11,5 % en 2025.",
        [("FINANCE_PERFORMANCE_NO_WARNING", "a progressé de 11,5 %")],
    ),
    ("Le fonds a progressé de 11,5 % en 2025. Risque de perte en capital.", []),
    ("Our fund returned 12% last year.", [("FINANCE_PERFORMANCE_NO_WARNING", "returned 12%")]),
    ("Our fund returned 12% last year. Past performance is not a reliable indicator of future results.", []),
    ("This stock can only go up.", [("FINANCE_UNBALANCED_CLAIM", "can only go up")]),
    ("Achetez du bitcoin avec notre appli !", [("FINANCE_CRYPTO_UNREGISTERED", "Achetez du bitcoin")]),
    ("Achetez du bitcoin avec notre appli, prestataire enregistré PSAN.", []),
    ("Buy crypto in two clicks.", [("FINANCE_CRYPTO_UNREGISTERED", "Buy crypto")]),
    # health
    ("Cette tisane guérit l'insomnie.", [("HEALTH_CURE_CLAIM", "guérit")]),
    ("A miracle cure for back pain.", [("HEALTH_CURE_CLAIM", "miracle cure")]),
    (
        "Notre patiente a été opérée hier avec succès.",
        [("HEALTH_PATIENT_INFO", "Notre patiente a été opérée")],
    ),
    (
        "Yes, our patient John was discharged this morning.",
        [("HEALTH_PATIENT_INFO", "our patient John was discharged")],
    ),
    ("Nos patients sont notre priorité.", []),
    ("La recherche sur le diabète avance.", []),
    # public sector
    ("Votez pour le candidat de la majorité !", [("PUBLIC_VOTING_ADVICE", "Votez pour le candidat")]),
    ("Don't vote for them on Sunday.", [("PUBLIC_VOTING_ADVICE", "Don't vote for")]),
    (
        "Le ministre est totalement incompétent.",
        [("PUBLIC_OFFICIAL_CRITICISM", "ministre est totalement incompétent")],
    ),
    ("I support the Labour candidate.", [("PUBLIC_POLITICAL_POSITION", "I support the Labour")]),
    ("Les bureaux de vote ouvrent à 8 h.", []),
    # pharma
    ("Ce médicament est utilisé hors AMM chez l'enfant.", [("PHARMA_OFF_LABEL", "hors AMM")]),
    ("Our drug can also treat anxiety.", [("PHARMA_OFF_LABEL", "can also treat")]),
    ("Ce traitement soulage la douleur en 20 minutes.", [("PHARMA_UNBALANCED", "soulage la douleur")]),
    ("Ce traitement soulage la douleur en 20 minutes. Effets indésirables possibles : nausées.", []),
    ("This pill has no side effects.", [("PHARMA_SAFETY_CLAIM", "no side effects")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_packs(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(run(ALL, text)) == [at(text, rule, words) for rule, words in expected]


ALCOHOL = make_engine("regulated", industry="alcohol")
HEALTH_MSG = " L'abus d'alcool est dangereux pour la santé."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Notre nouvelle bière blonde, légère et fruitée.", [("ALCOHOL_HEALTH_MESSAGE", "bière")]),
        ("Notre nouvelle bière blonde, légère et fruitée." + HEALTH_MSG, []),
        (
            "Un whisky pour fêter le match !" + HEALTH_MSG,
            [("ALCOHOL_SPORT", "match"), ("ALCOHOL_PARTY", "fêter")],
        ),
        ("Le vin des étudiants qui réussissent." + HEALTH_MSG, [("ALCOHOL_YOUTH", "étudiants")]),
        ("Our gin for the party of the year." + HEALTH_MSG, [("ALCOHOL_PARTY", "party")]),
        ("Le match de rugby de ce soir s'annonce serré.", []),
        ("A sexy new cocktail." + HEALTH_MSG, [("ALCOHOL_SUCCESS", "sexy")]),
    ],
)
def test_alcohol_pack(text: str, expected: list[tuple[str, str]]) -> None:
    found = sorted(spans(run(ALCOHOL, text)), key=lambda f: f[1] or 0)
    assert found == sorted((at(text, r, w) for r, w in expected), key=lambda f: f[1])


def test_each_finding_cites_its_rule_and_regulation() -> None:
    (fr,) = run(ALL, "Un rendement garanti.", lang="fr")
    assert fr.entity == "FINANCE_GUARANTEED_RETURN" and "[FINANCE_GUARANTEED_RETURN]" in fr.message
    assert "AMF" in fr.message
    (en,) = run(ALL, "The fund returned 9% this year.", lang="en")
    assert "2017/565" in en.message and en.fix is not None and en.fix.kind == "add_disclaimer"
    assert en.fix.replacement is not None and "Past performance" in en.fix.replacement


def test_pack_selection() -> None:
    text = "Un rendement garanti et un vin léger."
    assert run(make_engine("regulated"), text) == []  # generic: no pack
    assert [f.entity for f in run(make_engine("regulated", industry="finance"), text)] == [
        "FINANCE_GUARANTEED_RETURN"
    ]
    assert [f.entity for f in run(make_engine("regulated", packs=["alcohol"]), text)] == [
        "ALCOHOL_HEALTH_MESSAGE"
    ]
    assert run(make_engine("regulated", {"regulated_packs": False}, packs=["alcohol"]), text) == []
    assert run(make_engine("regulated", {"industry": False}, industry="finance"), text) == []
    only = make_engine("regulated", {"packs": ["finance"], "rules": ["FINANCE_CRYPTO_UNREGISTERED"]})
    assert run(only, text) == []
    without = make_engine("regulated", {"exclude": ["FINANCE_GUARANTEED_RETURN"]}, industry="finance")
    assert run(without, text) == []


def test_every_pack_rule_has_both_languages() -> None:
    for rule in PACK_RULES:
        assert all(rule.what) and all(rule.regulation), rule.id


def _issue(text: str) -> tuple[int | None, str, str]:
    with pytest.raises(PolicyError) as info:
        CheckEngine(parse_policy(text, "p.yaml"), scorer=None)
    issue = info.value.issues[0]
    return issue.line, issue.message, issue.hint


def test_unknown_pack_in_params_names_the_line_and_the_packs() -> None:
    text = policy_text("regulated").replace(
        "params: {}", "params:\n      packs:\n        - finance\n        - crypto"
    )
    line, message, _ = _issue(text)
    assert line == text.splitlines().index("        - crypto") + 1
    assert "unknown industry pack 'crypto'" in message and "finance, health" in message


def test_unknown_pack_in_legal_is_refused_with_the_choices() -> None:
    text = policy_text("regulated").replace("regulated_packs: []", "regulated_packs: [tobacco]")
    line, _, hint = _issue(text)
    assert line == next(i for i, row in enumerate(text.splitlines(), 1) if "regulated_packs" in row)
    assert "finance" in hint and "alcohol" in hint


def test_unknown_pack_rule_is_refused() -> None:
    text = policy_text("regulated", {"rules": ["FINANCE_GUARANTEE"]})
    _, message, _ = _issue(text)
    assert "FINANCE_GUARANTEED_RETURN" in message


def test_unknown_industry_is_refused_with_the_choices() -> None:
    text = policy_text("regulated").replace("industry: generic", "industry: tobacco")
    line, _, hint = _issue(text)
    assert line == next(i for i, row in enumerate(text.splitlines(), 1) if "industry: tobacco" in row)
    assert "public-sector" in hint and "pharma" in hint


def test_industry_false_leaves_the_own_pack_out_of_regulated_packs() -> None:
    """The starters' ``regulated.other-packs`` (``industry: false``) must not apply the sector's own pack again
    when ``legal.regulated_packs`` also lists it: that reported every finance finding twice."""
    text = "Un rendement garanti et un vin léger."
    other_packs = {"industry": False}
    assert [
        f.entity
        for f in run(make_engine("regulated", other_packs, industry="finance", packs=["finance"]), text)
    ] == []
    both = make_engine("regulated", other_packs, industry="finance", packs=["finance", "alcohol"])
    assert [f.entity for f in run(both, text)] == ["ALCOHOL_HEALTH_MESSAGE"]
    # A generic organisation listing finance there still gets it.
    assert [f.entity for f in run(make_engine("regulated", other_packs, packs=["finance"]), text)] == [
        "FINANCE_GUARANTEED_RETURN"
    ]


@pytest.mark.parametrize(
    ("lang", "text", "words"),
    [
        ("fr", "Garantie de rendement de 10 % par an, sans risque !", "sans risque"),
        ("en", "Guaranteed returns, you can't lose.", "Guaranteed returns"),
    ],
)
def test_finance_starter_reports_each_sector_finding_once(lang: str, text: str, words: str) -> None:
    from pathlib import Path

    import charte

    policy = charte.load_policy(Path(__file__).resolve().parents[2] / "policies" / f"finance.{lang}.yaml")
    findings = [
        f for f in run(CheckEngine(policy, scorer=None), text, lang=lang) if f.detector == "regulated"
    ]
    keys = [(f.entity, f.span) for f in findings]
    assert len(keys) == len(set(keys)) and keys
    hit = next(f for f in findings if text[f.span.start : f.span.end] == words)
    assert hit.rule_id == "finance.promises"
