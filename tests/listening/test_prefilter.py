"""The literal prefilter of the intent cues answers exactly as the plain alternation would."""

from __future__ import annotations

import re

import pytest

from charte.listening import intent
from charte.listening.prefilter import AnyOf

PATTERNS = (
    r"\bstill (?:waiting|no\b|not\b)",
    r"\b(?:been|kept) waiting\b",
    r"(?<!you )\b(?:getting|got) (?:this|an) error\b",
    r"\bunacceptable\b|\bridiculous\b|#fix ?it\b",
    r"\bj'attends (?:depuis|toujours)\b|\bça fait \w+ (?:jours|mois)\b",
    r"\b(?:no|zero) (?:reply|answer)\b",  # no literal of 3 letters required by every match: always searched
    r"[|(]x|y\b",  # "|" and "(" inside a class are not alternatives
)
TEXTS = (
    "I am STILL WAITING for my order",
    "still nothing",
    "you got an error there",
    "I got an error again",
    "this is \u017ftill waiting",  # the long s: re.IGNORECASE reads it as s
    "RIDICULOUS",
    "#FixIt now",
    "j'attends depuis lundi",
    "Ça fait trois MOIS",
    "zero reply",
    "no answers",
    "a (x) and y",
    "nothing to see",
    "",
)


@pytest.mark.parametrize("text", TEXTS)
def test_same_answer_as_the_alternation(text: str) -> None:
    plain = re.compile("|".join(f"(?:{p})" for p in PATTERNS), re.IGNORECASE)
    assert AnyOf(PATTERNS).search(text) == (plain.search(text) is not None)


def test_unusable_literals_are_always_searched() -> None:
    found = AnyOf((r"\b(?:no|zero) (?:reply|answer)\b", r"\bk\w+"))
    assert found.search("ZERO REPLY") and found.search("Kelvin") and not found.search("nothing")


def test_a_bad_pattern_is_refused_with_re_message() -> None:
    with pytest.raises(re.error, match="missing \\)"):
        AnyOf((r"\bstill (waiting",))


def test_intent_cues_still_found() -> None:
    assert intent.complaint_cue("Still waiting for my refund!!")
    assert intent.complaint_cue("toujours aucune réponse")
    assert not intent.complaint_cue("lovely coffee this morning")
    assert intent.agent_reply("So sorry to hear that, please DM us *MS")
    assert not intent.agent_reply("the queue took forever")
