"""The senses of the threat head's trigger words (support.threat_senses)."""

from __future__ import annotations

import pytest

from charte.detectors.support import threat_senses


@pytest.mark.parametrize(
    "text",
    [
        "hang out with me tonight?",
        "hang tight, almost done",
        "look at my hanging plants",
        "she hung the laundry out to dry",
        "we executed the trade at open",
        "great execution by the whole team",
        "our executive team met today",
        "jump rope workout done",
    ],
)
def test_everyday_senses(text: str) -> None:
    assert threat_senses.everyday(text)


@pytest.mark.parametrize(
    "text",
    [
        "hang him",
        "public hangings for treason",
        "execute them all",
        "firing squad",
        "send her to gitmo",
        "hang them up by the neck",
    ],
)
def test_violent_senses(text: str) -> None:
    assert not threat_senses.everyday(text)
    assert threat_senses.punishment(text)


@pytest.mark.parametrize("text", ["assassinate him", "so castrate them", "we should lynch them. now"])
def test_calls_to_kill_people(text: str) -> None:
    assert threat_senses.calls(text)


@pytest.mark.parametrize(
    "text", ["shoot them a text when you land", "kill them with kindness", "hunt them out of the attic"]
)
def test_no_call_to_kill(text: str) -> None:
    assert not threat_senses.calls(text)


@pytest.mark.parametrize("text", ["the cop should be shot the same way", "they all deserve to be hanged"])
def test_passive_calls_to_kill_people(text: str) -> None:
    assert threat_senses.calls(text)


@pytest.mark.parametrize(
    "text",
    [
        "the video should be shot in 4k",
        "the painting should be hung at eye level",
        "the trade must be executed at open",
        "this bill needs to be killed in committee",
    ],
)
def test_no_passive_call_to_kill(text: str) -> None:
    assert not threat_senses.calls(text)
