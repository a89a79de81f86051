"""The confidential detector on its own: the policy's terms and code names, classification markers, evasions.

Every case names the span it expects, so a detector that flags the whole post, or nothing, fails.
"""

from __future__ import annotations

import pytest
from policykit import at, make_engine, policy_text, run, spans

from charte.engine.engine import CheckEngine
from charte.errors import PolicyError
from charte.policy.loader import parse_policy

TERM, MARK = "CONFIDENTIAL_TERM", "CLASSIFICATION_MARKER"
LEGAL = {"terms": ["Projet Mistral"], "code_names": ["Falcon-9X"]}
ENGINE = make_engine("confidential", confidential=LEGAL)

CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # The policy's terms and code names, any case, with accents or not
    ("Le Projet Mistral avance bien !", [(TERM, "Projet Mistral")]),
    ("Hâte de vous montrer projet mistral la semaine prochaine.", [(TERM, "projet mistral")]),
    ("Our Falcon-9X launch is close.", [(TERM, "Falcon-9X")]),
    ("falcon 9x is coming", [(TERM, "falcon 9x")]),
    # Evasions: spaces, digits for letters, a Cyrillic look-alike
    ("Bientôt : P r o j e t  M i s t r a l", [(TERM, "P r o j e t  M i s t r a l")]),
    ("Our FALC0N-9X demo went great", [(TERM, "FALC0N-9X")]),
    ("Le Projet Mіstral arrive", [(TERM, "Projet Mіstral")]),  # Cyrillic і
    # Classification markers, French and English
    ("CONFIDENTIEL – chiffres du trimestre en pièce jointe", [(MARK, "CONFIDENTIEL")]),
    ("Document à usage interne uniquement, merci.", [(MARK, "à usage interne uniquement")]),
    ("Internal only: the new pricing grid.", [(MARK, "Internal only")]),
    ("Shared under NDA, do not forward.", [(MARK, "under NDA"), (MARK, "do not forward")]),
    ("Strictly confidential: Q3 numbers", [(MARK, "Strictly confidential")]),
    # Both kinds in one post, in text order
    ("Confidentiel : Projet Mistral", [(MARK, "Confidentiel"), (TERM, "Projet Mistral")]),
    # Nothing to find: words that merely contain a term, ordinary posts
    ("Le mistral souffle fort sur Marseille aujourd'hui.", []),
    ("The falcon flew over the bay.", []),
    ("Nous recrutons : rejoignez une équipe confidentiellement géniale", []),
    ("Great quarter for the whole team, thank you all!", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_confidential(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(run(ENGINE, text)) == [at(text, entity, words) for entity, words in expected]


def test_markers_follow_the_policy_and_the_rule_can_override() -> None:
    text = "CONFIDENTIEL – Projet Mistral"
    without = make_engine("confidential", confidential={**LEGAL, "markers": False})
    assert spans(run(without, text)) == [at(text, TERM, "Projet Mistral")]
    back_on = make_engine("confidential", {"markers": True}, confidential={**LEGAL, "markers": False})
    assert spans(run(back_on, text)) == [at(text, MARK, "CONFIDENTIEL"), at(text, TERM, "Projet Mistral")]


def test_rule_terms_add_to_the_policy_terms() -> None:
    engine = make_engine("confidential", {"terms": ["Opération Bleue"]}, confidential=LEGAL)
    text = "Opération Bleue et Falcon-9X : même combat."
    assert spans(run(engine, text)) == [at(text, TERM, "Opération Bleue"), at(text, TERM, "Falcon-9X")]


def test_no_terms_and_no_markers_finds_nothing() -> None:
    engine = make_engine("confidential", confidential={"markers": False})
    assert run(engine, "CONFIDENTIEL : Projet Mistral, Falcon-9X") == []


def test_findings_speak_the_post_language_and_offer_a_removal() -> None:
    fr = run(ENGINE, "Le Projet Mistral avance.", lang="fr")
    en = run(ENGINE, "The Projet Mistral is on track.", lang="en")
    assert "terme confidentiel" in fr[0].message and "confidential term" in en[0].message
    for finding in (*fr, *en):
        assert finding.fix is not None and finding.fix.replacement == ""
        assert finding.rule_id == "rule" and finding.action.value == "review"


def test_unknown_param_is_refused_at_load() -> None:
    with pytest.raises(PolicyError, match="code_name"):
        CheckEngine(parse_policy(policy_text("confidential", {"code_name": ["x"]}), "test.yaml"), scorer=None)


def test_long_post_with_many_terms_is_linear_enough() -> None:
    engine = make_engine("confidential", confidential={"terms": [f"terme{i}" for i in range(2000)]})
    text = "rien à signaler " * 5000 + "terme1999"
    assert spans(run(engine, text)) == [at(text, TERM, "terme1999")]


# Inside information is read on every post: its cue and event alternations run behind their pre-check.
LEAKS = [
    "Pas encore annoncé, mais le plan social touchera 200 postes au printemps",
    "Nobody knows yet, but the takeover of our rival closes on Monday",
    "Entre nous, le Projet Orion sort jeudi",
]
NO_CUE = ["Great quarter for the whole team, thank you all!", "Le mistral souffle fort sur Marseille."]


def test_inside_information_cues_sit_behind_a_pre_check() -> None:
    from charte.detectors import confidential

    assert confidential._LEAK.automaton is not None and confidential._EVENT.automaton is not None
    for text in NO_CUE:  # no word a cue needs: the regex is not run at all
        assert not confidential._LEAK.automaton.passes(text.lower())
    for text in LEAKS:
        found = run(ENGINE, text)
        assert [f.entity for f in found] == ["INSIDE_INFORMATION"], text
