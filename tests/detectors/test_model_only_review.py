"""A toxicity or threat finding the models make alone (no rude word, threat pattern or hateful statement)
blocks only with a clear score or when the post names a group of people; otherwise it asks for review
(issue #12: "next time you come, bring the wine" scored threat 0.60 and was blocked)."""

from __future__ import annotations

from typing import Any

import pytest
from policykit import policy_text

from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy


def _engine(scores: dict[str, float], params: dict[str, Any] | None = None) -> CheckEngine:
    def scorer(text: str, lang: str) -> dict[str, Any]:
        return {
            "toxicity": scores.get("toxicity", 0.05),
            "toxicity_types": {"threat": scores.get("threat", 0.0), "hate": scores.get("hate", 0.0)},
            "sentiment": {"negative": 0.3, "neutral": 0.4, "positive": 0.3},
            "lang": lang,
        }

    text = policy_text("toxicity", params or {}).replace("action: review", "action: block")
    return CheckEngine(parse_policy(text, "test.yaml"), scorer=scorer)


def _verdict(engine: CheckEngine, text: str, lang: str = "en") -> str:
    return engine.check(Post(text=text, lang=lang)).verdict.value


@pytest.mark.parametrize(
    ("scores", "text", "lang"),
    [
        ({"threat": 0.62}, "see you when you get back from the trip", "en"),
        ({"toxicity": 0.88}, "Ma sœur accouche la semaine prochaine, je vais être tata !", "fr"),
    ],
)
def test_a_score_alone_below_the_bar_asks_for_review(scores: dict[str, float], text: str, lang: str) -> None:
    assert _verdict(_engine(scores), text, lang) == "review"


def test_a_clear_score_alone_still_blocks() -> None:
    assert _verdict(_engine({"threat": 0.97}), "see you when you get back from the trip") == "block"
    assert (
        _verdict(_engine({"threat": 0.62}, {"model_block": 0.5}), "see you when you get back from the trip")
        == "block"
    )


def test_a_score_on_a_post_naming_a_group_blocks() -> None:
    assert _verdict(_engine({"toxicity": 0.88}), "remettez les migrants dans les bateaux", "fr") == "block"


def test_rule_evidence_keeps_the_rule_action() -> None:
    assert _verdict(_engine({"toxicity": 0.85}), "Shut up, you are a fucking idiot.") == "block"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("next time you come, bring the wine", "en"),
        ("La prochaine fois que tu viens, apporte le vin", "fr"),
        ("dead 💀💀 I can't breathe", "en"),
        ("mort 😂 je peux plus respirer", "fr"),
        ("We wiped the whole enemy squad in the last circle 🔥", "en"),
    ],
)
def test_invitations_laughter_and_games_are_not_read_as_threats_by_a_score_alone(
    text: str, lang: str
) -> None:
    assert _verdict(_engine({"threat": 0.9, "toxicity": 0.9}), text, lang) == "allow"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("you're dead 😂 wait till I find you", "en"),
        ("next time you come I'll break your legs, bring the wine", "en"),
    ],
)
def test_the_guards_leave_threats_aimed_at_the_reader(text: str, lang: str) -> None:
    assert _verdict(_engine({"threat": 0.9, "toxicity": 0.9}), text, lang) != "allow"
