from __future__ import annotations

from typing import Any

import pytest
from policykit import at, make_engine, run, spans

ENGINE = make_engine("spokesperson")
S = "UNAUTHORISED_STATEMENT"
C = "UNAUTHORISED_COMPLAINT_ANSWER"
ENGINEER: dict[str, Any] = {"functions": frozenset({"engineer"})}

# (text, post fields, expected findings as (entity, words) in order)
CASES: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    # French official statements by someone who is not a spokesperson
    ("Au nom d'Acme, merci à tous nos clients.", ENGINEER, [(S, "Au nom d'Acme")]),
    ("Au nom de la direction, bonne année.", ENGINEER, [(S, "Au nom de la direction")]),
    ("NOUS ANNONÇONS le rachat de Globex.", ENGINEER, [(S, "NOUS ANNONÇONS")]),
    (
        "Nous sommes fiers de vous présenter notre nouvelle gamme.",
        ENGINEER,
        [(S, "Nous sommes fiers de vous présenter")],
    ),
    (
        "J'ai le plaisir d'annoncer qu'Acme ouvre un bureau à Nantes.",
        ENGINEER,
        [(S, "J'ai le plaisir d'annoncer qu'Acme")],
    ),
    (
        "Ne vous inquiétez pas, vous serez intégralement remboursé.",
        ENGINEER,
        [(S, "vous serez intégralement remboursé")],
    ),
    ("Pas de souci, nous vous rembourserons la commande.", ENGINEER, [(S, "nous vous rembourserons")]),
    (
        "Acme a le plaisir de vous annoncer son arrivée à Lille.",
        ENGINEER,
        [(S, "Acme a le plaisir de vous annoncer")],
    ),
    # English
    ("On behalf of the company, thank you for your patience.", ENGINEER, [(S, "On behalf of the company")]),
    ("We're thrilled to announce our new AcmePay card!", ENGINEER, [(S, "We're thrilled to announce")]),
    ("Don't worry, we will refund you by Monday.", ENGINEER, [(S, "we will refund you")]),
    ("You'll get a full refund, I promise.", ENGINEER, [(S, "You'll get a full refund")]),
    (
        "Acme is pleased to announce a partnership with a local bakery.",
        ENGINEER,
        [(S, "Acme is pleased to announce")],
    ),
    ("Officially launching the new store today.", ENGINEER, [(S, "Officially launching")]),
    # Near misses: the press officer, sharing with attribution, quotes, private life
    (
        "Nous annonçons le rachat de Globex.",
        {"functions": frozenset({"communications"}), "account": "brand"},
        [],
    ),
    ("Nous annonçons le rachat de Globex.", {"functions": frozenset({"communications"})}, []),
    ("Acme a annoncé aujourd'hui un partenariat avec une start-up lyonnaise.", ENGINEER, []),
    ("As announced by Acme this morning, the new store opens on Monday.", ENGINEER, []),
    ("Acme sur LinkedIn : « Nous annonçons l'ouverture d'un site à Lyon »", ENGINEER, []),
    ("We are excited to announce our wedding next spring!", ENGINEER, []),
    ("J'ai enfin été remboursé par mon assurance.", ENGINEER, []),
    ("I got a full refund from the airline after a month.", ENGINEER, []),
    # Platforms and account kinds
    (
        "We are proud to announce our new office in Leeds.",
        {"functions": frozenset({"executive"}), "platform": "LinkedIn"},
        [],
    ),
    (
        "We are proud to announce our new office in Leeds.",
        {"functions": frozenset({"executive"}), "platform": "x"},
        [(S, "We are proud to announce")],
    ),
    (
        "We are proud to announce our new office in Leeds.",
        {"functions": frozenset({"customer_service"})},
        [(S, "We are proud to announce")],
    ),
    # Complaint answers
    ("Nous sommes désolés pour ce retard, envoyez-nous un MP.", ENGINEER, [(C, "Nous sommes désolés pour")]),
    ("We apologize for the inconvenience, please DM us.", ENGINEER, [(C, "We apologize for")]),
    ("Your order has been escalated to the right team.", ENGINEER, [(C, "Your order has been escalated")]),
    (
        "Nous sommes désolés pour ce retard, envoyez-nous un MP.",
        {"functions": frozenset({"customer_service"}), "account": "brand"},
        [],
    ),
    (
        "Sorry for the wait, we're on it.",
        {"functions": frozenset({"communications"}), "account": "brand"},
        [],
    ),
    ("Nous sommes de retour au bureau lundi.", ENGINEER, []),
]


@pytest.mark.parametrize(("text", "post", "expected"), CASES)
def test_spokesperson(text: str, post: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    found = spans(run(ENGINE, text, **post))
    assert found == [at(text, entity, words) for entity, words in expected]


def test_reply_to_complaint_without_phrasing_has_no_span() -> None:
    findings = run(
        ENGINE,
        "Je regarde ça avec l'équipe.",
        lang="fr",
        functions=frozenset({"engineer"}),
        in_reply_to_complaint=True,
    )
    assert spans(findings) == [(C, None, None)]
    # The message lists who could answer from this kind of account: customer service posts from the brand.
    assert "(autorisés : communications)" in findings[0].message
    (brand,) = run(
        ENGINE,
        "We'll look at it.",
        lang="en",
        functions=frozenset({"engineer"}),
        account="brand",
        in_reply_to_complaint=True,
    )
    assert "(allowed: communications, customer_service)" in brand.message


def test_customer_service_may_not_answer_from_a_personal_account() -> None:
    findings = run(
        ENGINE,
        "Désolé pour la gêne, je transmets.",
        lang="fr",
        functions=frozenset({"customer_service"}),
        in_reply_to_complaint=True,
    )
    assert [f.entity for f in findings] == [C]


def test_missing_role_is_not_a_spokesperson_unless_the_policy_says_so() -> None:
    text = "We are thrilled to announce our new product range."
    assert spans(run(ENGINE, text)) == [at(text, S, "We are thrilled to announce")]
    assert run(ENGINE, text, account="brand") == []  # brand accounts are restricted: trusted by default
    lenient = make_engine("spokesperson", {"unknown_role_may_speak": True})
    assert run(lenient, text) == []
    strict = make_engine("spokesperson", {"unknown_role_may_speak": False})
    assert spans(run(strict, text, account="brand")) == [at(text, S, "We are thrilled to announce")]


def test_extra_phrases_and_switches() -> None:
    engine = make_engine(
        "spokesperson", {"statements": ["en exclusivité pour vous"], "check_complaints": False}
    )
    text = "En exclusivite pour vous : la nouvelle carte. Désolé pour le retard."
    assert spans(run(engine, text, functions=frozenset({"engineer"}), in_reply_to_complaint=True)) == [
        at(text, S, "En exclusivite pour vous")
    ]


def test_messages_follow_the_post_language_and_suggest_a_fix() -> None:
    (fr,) = run(ENGINE, "Nous annonçons notre nouvelle offre.", lang="fr", functions=frozenset({"engineer"}))
    (en,) = run(ENGINE, "We are announcing our new offer.", lang="en", functions=frozenset({"engineer"}))
    assert "porte-parole" in fr.message and fr.fix is not None and fr.fix.kind == "rephrase"
    assert "spokespeople" in en.message and en.clause == "1"


def test_bad_params_are_refused_with_the_field() -> None:
    from charte.errors import PolicyError

    with pytest.raises(PolicyError) as info:
        make_engine("spokesperson", {"statement": ["x"]})
    assert info.value.issues[0].field == "rules[0].params.statement"


def test_any_one_of_the_authors_functions_may_allow_the_post() -> None:
    text = "We are proud to announce our new office in Leeds."
    # executive speaks on personal LinkedIn only; customer_service on brand accounts only.
    both = frozenset({"executive", "customer_service"})
    assert run(ENGINE, text, functions=both, platform="linkedin") == []
    assert run(ENGINE, text, functions=both, account="brand") == []
    assert spans(run(ENGINE, text, functions=both, platform="x")) == [at(text, S, "We are proud to announce")]


def test_an_author_known_to_have_no_function_is_not_trusted_on_a_brand_account() -> None:
    """``None`` means the functions are unknown (brand accounts trusted by default); an empty set is a known
    answer: this person holds no function, so the brand account does not make them a spokesperson."""
    text = "We are thrilled to announce our new product range."
    assert run(ENGINE, text, account="brand") == []
    (finding,) = run(ENGINE, text, account="brand", functions=frozenset())
    assert finding.entity == S and "“none”" in finding.message
    (fr,) = run(
        ENGINE, "Nous annonçons notre nouvelle offre.", lang="fr", account="brand", functions=frozenset()
    )
    assert "« aucune »" in fr.message
