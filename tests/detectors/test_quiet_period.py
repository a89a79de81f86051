from __future__ import annotations

import datetime as dt

import pytest
from policykit import at, make_engine, policy_text, run, spans

from charte.engine.engine import CheckEngine
from charte.errors import PolicyError
from charte.policy.loader import parse_policy

Q = "QUIET_PERIOD_TOPIC"
PERIODS = [
    {
        "name": "Résultats annuels",
        "start": "2027-01-15",
        "end": "2027-02-10",
        "topics": ["résultats", "chiffre d'affaires"],
    },
    {"name": "Projet de rachat", "start": "2026-11-01", "end": "2026-11-30", "topics": ["acquisition"]},
]
ENGINE = make_engine("quiet_period", quiet=PERIODS)
IN_RESULTS = dt.date(2027, 1, 20)
IN_DEAL = dt.date(2026, 11, 23)

CASES: list[tuple[str, dt.date, list[str]]] = [
    ("Nos résultats annuels seront excellents.", IN_RESULTS, ["résultats annuels"]),
    ("Le chiffre d’affaires a bondi ce trimestre.", IN_RESULTS, ["chiffre d’affaires"]),
    ("Revenue is well ahead of plan.", IN_RESULTS, ["Revenue"]),  # synonym of chiffre d'affaires
    ("Great earnings coming, stay tuned!", IN_RESULTS, ["earnings"]),  # synonym of résultats
    ("Q4 looks strong.", IN_RESULTS, ["Q4"]),
    ("RÉSULTATS en hausse !", IN_RESULTS, ["RÉSULTATS"]),
    ("Big merger news soon, and a takeover too.", IN_DEAL, ["merger", "takeover"]),
    ("Le rachat de notre concurrent avance.", IN_DEAL, ["rachat"]),
    # Outside the windows, or another period's topics
    ("Nos résultats annuels seront excellents.", dt.date(2027, 2, 11), []),
    ("Nos résultats annuels seront excellents.", dt.date(2027, 1, 14), []),
    ("Nos résultats annuels seront excellents.", IN_DEAL, []),
    ("Big merger news soon.", IN_RESULTS, []),
    # Inclusive boundaries
    ("Nos résultats arrivent.", dt.date(2027, 1, 15), ["résultats"]),
    ("Nos résultats arrivent.", dt.date(2027, 2, 10), ["résultats"]),
    # Words that only contain a topic
    ("Ça va, et toi ? Les ventilateurs sont arrivés.", IN_RESULTS, []),
]


@pytest.mark.parametrize(("text", "today", "words"), CASES)
def test_quiet_period(text: str, today: dt.date, words: list[str]) -> None:
    assert spans(run(ENGINE, text, today=today)) == [at(text, Q, w) for w in words]


def test_synonyms_can_be_switched_off_and_topics_added() -> None:
    literal = make_engine("quiet_period", {"synonyms": False, "extra_topics": ["dividende"]}, quiet=PERIODS)
    assert run(literal, "Revenue is up.", today=IN_RESULTS) == []
    text = "Le dividende sera relevé."
    assert spans(run(literal, text, today=IN_DEAL)) == [at(text, Q, "dividende")]


def test_message_names_the_period_and_its_end() -> None:
    (fr,) = run(ENGINE, "Nos résultats arrivent.", today=IN_RESULTS, lang="fr")
    assert "Résultats annuels" in fr.message and "10/02/2027" in fr.message
    (en,) = run(ENGINE, "Results are coming.", today=IN_RESULTS, lang="en")
    assert "2027-02-10" in en.message and en.fix is not None and en.fix.kind == "remove"


def test_no_period_no_finding() -> None:
    assert run(make_engine("quiet_period"), "Nos résultats arrivent.", today=IN_RESULTS) == []


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (
            {"name": "Q4", "start": "2027-02-01", "end": "2027-01-01", "topics": ["résultats"]},
            "swap the dates",
        ),
        ({"name": "Q4", "start": "2027-01-01", "end": "2027-01-31", "topics": []}, "at least 1"),
        ({"name": "Q4", "start": "2027-13-01", "end": "2027-01-31", "topics": ["x"]}, "date"),
    ],
)
def test_bad_windows_are_refused_at_their_line(period: dict[str, object], message: str) -> None:
    text = policy_text("quiet_period", quiet=[period])
    with pytest.raises(PolicyError) as info:
        CheckEngine(parse_policy(text, "p.yaml"), scorer=None)
    issue = info.value.issues[0]
    assert message in str(issue)
    assert issue.line == next(i for i, row in enumerate(text.splitlines(), 1) if "quiet_periods" in row)
    assert issue.field.startswith("legal.quiet_periods[0]")


def test_policy_test_cases_can_fix_the_day() -> None:
    from charte.engine.policy_tests import run_policy_tests

    text = (
        policy_text("quiet_period", quiet=PERIODS)
        + """\
tests:
  - name: results are blocked during the window
    today: 2027-01-20
    post: {text: "Nos résultats sont excellents.", lang: fr}
    expect: review
    expect_rules: [rule]
  - name: and allowed after it
    today: 2027-03-01
    post: {text: "Nos résultats sont excellents.", lang: fr}
    expect: allow
"""
    )
    results = run_policy_tests(CheckEngine(parse_policy(text, "p.yaml"), scorer=None))
    assert [r.passed for r in results] == [True, True]
