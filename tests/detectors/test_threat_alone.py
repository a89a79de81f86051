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
