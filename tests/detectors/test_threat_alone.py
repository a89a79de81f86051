"""The threat head alone on a harmless post aimed at no one (issue #12, cry-wolf): its training threats are full
of "hang", "execute" and "military", so it reads "hang out with me tonight?" as a threat while the toxicity head
reads the post as harmless. Such a score needs someone aimed at, or a toxic reading, to be a threat."""

from __future__ import annotations

import pytest
from policykit import check_finance


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("hang out with me tonight?", "en"),
        ("Thanks for hanging in there", "en"),
        ("Look at my hanging plants!", "en"),
        ("Our executive team met today", "en"),
    ],
)
def test_a_threat_score_on_a_harmless_post_aimed_at_no_one_is_no_threat(text: str, lang: str) -> None:
    assert check_finance(text, lang) == ("allow", set())


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hope you've updated your will.", "en"),
        ("I've already bought the rope. You know what it's for.", "en"),
        ("je vais te retrouver", "fr"),
    ],
)
def test_a_threat_the_head_alone_reads_still_counts_when_it_names_the_reader(text: str, lang: str) -> None:
    verdict, entities = check_finance(text, lang)
    assert verdict != "allow" and "THREAT" in entities


@pytest.mark.parametrize(
    "text",
    [
        "firing squad at dawn for the lot",
        "A noose would fix this",
    ],
)
def test_a_punishment_called_for_without_a_name_is_a_threat(text: str) -> None:
    """ThreatGram's threats against politicians often name no one ("Public hangings for treason"): a word of
    violent punishment is what the threat head read, so the score stands (support.threat_senses)."""
    verdict, entities = check_finance(text, "en")
    assert verdict != "allow" and "THREAT" in entities


@pytest.mark.parametrize(
    "text",
    [
        "they hung the christmas lights yesterday",
        "I'm going to hang the painting in the hall",
        "we executed the trade at open",
        "who wants to hang this weekend",
        "The board will execute the merger in Q3",
    ],
)
def test_a_trigger_word_in_its_everyday_sense_is_no_threat(text: str) -> None:
    assert check_finance(text, "en") == ("allow", set())


@pytest.mark.parametrize("text", ["Assassinate him", "Castrate them."])
def test_a_call_to_kill_people_named_by_a_pronoun_is_a_threat(text: str) -> None:
    """The head scores these 0.2-0.3; the imperative with a person as object is the threat
    (support.threat_senses.calls)."""
    verdict, entities = check_finance(text, "en")
    assert verdict != "allow" and "THREAT" in entities


def test_a_passive_call_to_kill_a_person_is_a_threat() -> None:
    verdict, entities = check_finance("he has to be murdered, no other way", "en")
    assert verdict != "allow" and "THREAT" in entities


def test_the_senses_are_read_in_english_only() -> None:
    """ "exécuté" folds to "execute": a French order executed is no punishment called for."""
    assert check_finance("Ordre exécuté à l'ouverture", "fr") == ("allow", set())
