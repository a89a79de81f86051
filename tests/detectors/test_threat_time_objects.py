"""A time after a violent verb is no victim: "we're going to shoot this weekend" is a photo shoot or a day at
the range, "gonna hunt this weekend" a hunting trip (issue #12, found by benchmarks/eval_vocab_frames.py)."""

from __future__ import annotations

import pytest

from charte.detectors.support import abuse


@pytest.mark.parametrize(
    "text",
    [
        "we're going to shoot this weekend",
        "we're going to hunt this weekend",
        "i'm going to shoot this morning if the light holds",
        "we'll shoot that afternoon, weather permitting",
        "gonna cut this week, the hair is way too long",
    ],
)
def test_a_time_after_the_verb_is_no_threat(text: str) -> None:
    assert abuse.threat_hits(text) == []


@pytest.mark.parametrize(
    "text",
    ["i'm going to shoot this guy", "we're going to kill that idiot", "i'll find you this weekend"],
)
def test_a_person_after_the_verb_is_still_a_threat(text: str) -> None:
    assert abuse.threat_hits(text)


@pytest.mark.parametrize(
    "text",
    [
        "je vais le terminer demain, il me reste trois chapitres",
        "je vais le demonter demain pour le demenagement",
        "je vais les planter demain dans le jardin",
        "on va l'abattre demain, l'arbre est malade",
        "je vais la bruler, cette vieille lettre",
        "je vais les descendre a la cave",
    ],
)
def test_a_verb_said_of_things_with_le_la_les_is_no_threat(text: str) -> None:
    """'le', 'la', 'les' stand for things as often as people: finishing a book, taking a wardrobe apart,
    planting bulbs, felling a tree. With 'te' or 'vous' the same verbs still threaten."""
    assert abuse.threat_hits(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "je vais te demonter",
        "je vais vous planter",
        "je vais le tuer demain",
        "je vais la poignarder",
        "je vais les massacrer",
        "je vais lui planter un couteau",
    ],
)
def test_a_violent_verb_on_a_person_is_still_a_threat(text: str) -> None:
    assert abuse.threat_hits(text)
