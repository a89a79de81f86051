from __future__ import annotations

from typing import Any

import pytest
from policykit import at, make_engine, run, spans

from charte.domain import Span

BOTH = make_engine("disclosure")
D = "MISSING_DISCLAIMER"
P = "UNDISCLOSED_PROMOTION"

CASES: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    # The disclaimer when mentioning the employer
    ("Fier de mon équipe chez Acme cette année !", {}, [(D, "Acme")]),
    ("Super soirée avec les collègues d'ACME hier.", {}, [(D, "ACME")]),
    ("Le nouveau site acme.fr est en ligne.", {}, [(D, "acme.fr")]),
    ("Happy to see the AcmePay team grow.", {}, [(D, "AcmePay")]),
    ("Back from the @Acme offsite, great people.", {}, [(D, "Acme")]),
    ("Fier de mon équipe chez Acme. Mes opinions n'engagent que moi.", {}, []),
    ("Fier de mon équipe chez Acme. Avis personnel.", {}, []),
    ("Fier de mon équipe chez Acme (ces propos n’engagent que moi)", {}, []),
    ("Proud of the Acme team. Opinions are my own.", {}, []),
    ("Proud of the Acme team. Views my own.", {}, []),
    ("Proud of the Acme team. All views expressed here are mine.", {}, []),
    ("Proud of the Acme team.", {"account": "brand", "functions": frozenset({"communications"})}, []),
    ("Fier de mon club de foot ce week-end.", {}, []),
    ("Globex vient de sortir un nouveau produit.", {}, []),
    # Promotion without disclosure of the employment relationship
    ("Achetez AcmePay avec le code BIENVENUE ! Avis personnel.", {}, [(P, "Achetez")]),
    ("Profitez de 20 % de remise sur Acme Vault. Avis personnel.", {}, [(P, "Profitez")]),
    ("Get yours now: the new Acme Vault. Views are my own.", {}, [(P, "Get yours")]),
    ("New on https://acme.com/offers this week. Views are my own.", {}, [(P, "https://acme.com")]),
    ("Use my code JANE10 for AcmePay! Views are my own.", {}, [(P, "Use my code")]),
    ("Achetez AcmePay avec le code BIENVENUE ! Avis personnel. #employé", {}, []),
    ("Achetez AcmePay ! Publicité. Avis personnel.", {}, []),
    ("Achetez AcmePay, je travaille chez Acme. Avis personnel.", {}, []),
    ("Try the new Acme Vault! #ad Views are my own.", {}, []),
    ("Try the new Acme Vault! Full disclosure: I work at Acme. Views are my own.", {}, []),
    ("Achetez Globex, c'est moins cher.", {}, []),
    # Both at once: disclaimer at the mention, promotion at the call to action
    ("Try the new AcmePay card today!", {}, [(P, "Try"), (D, "AcmePay")]),
]


@pytest.mark.parametrize(("text", "post", "expected"), CASES)
def test_disclosure(text: str, post: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    found = spans(run(BOTH, text, **post))
    assert sorted(found, key=lambda f: f[1] or 0) == sorted(
        (at(text, e, w) for e, w in expected), key=lambda f: f[1]
    )


@pytest.mark.parametrize(
    ("lang", "text", "replacement"),
    [
        ("fr", "Fier de mon équipe chez Acme !", " Mes opinions n'engagent que moi."),
        ("en", "Proud of my Acme team!  ", " Views are my own."),
    ],
)
def test_disclaimer_fix_inserts_at_the_end_in_the_post_language(
    lang: str, text: str, replacement: str
) -> None:
    (finding,) = run(BOTH, text, lang=lang)
    assert finding.fix is not None and finding.fix.kind == "add_disclaimer"
    assert finding.fix.replacement == replacement
    end = len(text.rstrip())
    assert finding.fix.span == Span(end, end)


@pytest.mark.parametrize(
    ("industry", "lang", "label"),
    [
        ("generic", "fr", " Publicité — je travaille chez Acme."),
        ("generic", "en", " #ad — I work for Acme."),
        ("finance", "fr", " #PUB — je travaille chez Acme."),
    ],
)
def test_promotion_fix_adds_the_label(industry: str, lang: str, label: str) -> None:
    engine = make_engine("disclosure", {"checks": ["promotion"]}, industry=industry)
    (finding,) = run(engine, "Essayez AcmePay dès aujourd'hui !", lang=lang)
    assert finding.entity == P and finding.fix is not None and finding.fix.replacement == label
    assert ("loi n° 2023-451" in finding.message) and (("AMF" in finding.message) == (industry == "finance"))


def test_disclaimer_required_never_and_always() -> None:
    never = make_engine("disclosure", {"checks": ["disclaimer"]}, required="never")
    assert run(never, "Fier de mon équipe chez Acme !") == []
    always = make_engine("disclosure", {"checks": ["disclaimer"]}, required="always")
    assert spans(run(always, "Belle journée à la montagne.")) == [(D, None, None)]
    assert run(always, "Belle journée à la montagne. Avis personnel.") == []


def test_extra_terms_disclaimers_and_label() -> None:
    engine = make_engine(
        "disclosure",
        {
            "mention_terms": ["ACM"],
            "disclaimers": ["perso"],
            "label": {"fr": "#partenariat", "en": "#partner"},
        },
    )
    assert spans(run(engine, "Le cours de ACM monte.")) == [(D, 12, 15)]
    assert run(engine, "Le cours de ACM monte. perso") == []
    (finding,) = run(engine, "Buy AcmePay now. perso", lang="en")
    assert finding.fix is not None and finding.fix.replacement == " #partner"


def test_unknown_check_is_refused() -> None:
    from charte.errors import PolicyError

    with pytest.raises(PolicyError) as info:
        make_engine("disclosure", {"checks": ["disclaimers"]})
    assert "disclaimer" in str(info.value) and info.value.issues[0].line is not None
