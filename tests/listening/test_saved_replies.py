"""Saved replies' variables (parsed, never evaluated) and the suggestion ranking, without a database."""

from __future__ import annotations

import pytest

from charte.listening.replies import VARIABLES, Candidate, Ranker, TemplateError, fill, tokens, variables


def test_variables_are_listed_in_order_and_known() -> None:
    assert variables("Bonjour {first_name}, dossier {case_number}. {first_name}") == [
        "first_name",
        "case_number",
    ]
    assert variables("Une accolade {{ littérale }}") == []


@pytest.mark.parametrize(
    ("body", "kind", "name"),
    [
        ("Hi {prenom}", "unknown", "prenom"),
        ("Hi {first_name.__class__}", "form", "{first_name.__class__}"),
        ("Hi {first_name[0]}", "form", "{first_name[0]}"),
        ("Hi {first_name!r}", "form", "{first_name!r}"),
        ("Hi {first_name:>30}", "form", "{first_name:>30}"),
        ("Hi {}", "form", "{}"),
        ("Hi {0}", "form", "{0}"),
        ("Hi {first_name", "syntax", "{first_name"),
        ("Hi first_name}", "syntax", "}"),
    ],
)
def test_anything_but_a_known_plain_name_is_refused_naming_it(body: str, kind: str, name: str) -> None:
    with pytest.raises(TemplateError) as caught:
        variables(body)
    assert caught.value.kind == kind and caught.value.name == name


def test_fill_substitutes_plain_text_and_names_what_is_missing() -> None:
    body = "Bonjour {first_name} ({handle}), dossier {case_number} {{ok}}"
    values = {"first_name": "{case_number}", "handle": "@a", "case_number": " 42 "}
    assert (
        fill(body, values) == "Bonjour {case_number} (@a), dossier 42 {ok}"
    )  # a value is never parsed again
    with pytest.raises(TemplateError) as missing:
        fill(body, {"first_name": "A", "handle": "@a"})
    assert (missing.value.kind, missing.value.name) == ("missing", "case_number")
    with pytest.raises(TemplateError) as blank:
        fill(body, {"first_name": "  ", "handle": "@a", "case_number": "1"})
    assert (blank.value.kind, blank.value.name) == ("missing", "first_name")
    with pytest.raises(TemplateError) as long:
        fill("{date}", {"date": "x" * 201})
    assert long.value.kind == "value"
    with pytest.raises(TemplateError) as control:
        fill("{date}", {"date": "a\nb"})
    assert control.value.kind == "value"
    assert set(VARIABLES) >= {"first_name", "case_number"}


def test_tokens_fold_accents_and_drop_links_handles_and_stop_words() -> None:
    assert tokens("@Acme Où est ma Livraison ? https://x.example/a #colis") == ["livraison", "coli"]


CANDIDATES = [
    Candidate(1, "Password reset", "Hi {first_name}, reset your password here.", "en", "question", "account"),
    Candidate(2, "Late delivery", "Sorry {first_name}, your parcel is late.", "en", "complaint", "delivery"),
    Candidate(3, "Livraison en retard", "Désolés, votre colis a du retard.", "fr", "complaint", "livraison"),
    Candidate(4, "Outage", "We know about the outage and will update you.", "en", "crisis", None, True),
]


def test_words_intent_and_language_order_the_suggestions() -> None:
    ranker = Ranker(CANDIDATES)
    ranked = ranker.rank("My parcel delivery is late again", lang="en", intent="complaint")
    assert [s.key for s in ranked][:1] == [2] and ranked[0].intent_match and ranked[0].words == 1.0
    assert ranked[-1].key == 3 and not ranked[-1].lang_match  # another language comes last
    # the intent alone decides between replies the words do not tell apart
    assert ranker.rank("hello", lang="en", intent="crisis")[0].key == 4
    # past uses teach a reply the words people use
    taught = Ranker(
        [*CANDIDATES[:1], Candidate(5, "Refund", "We refund you.", "en", examples=("where is my money",))]
    )
    assert taught.rank("where is my money?", lang="en", intent=None)[0].key == 5


def test_holding_statements_first_in_a_crisis_only() -> None:
    ranker = Ranker(CANDIDATES)
    assert ranker.rank("password", lang="en", intent="question", crisis=True)[0].key == 4
    assert ranker.rank("password", lang="en", intent="question")[0].key == 1
    assert (
        ranker.rank("password", lang="en", intent=None, limit=2)
        and len(ranker.rank("x", lang=None, intent=None, limit=2)) == 2
    )
    assert Ranker([]).rank("anything", lang="fr", intent=None) == []
