"""What the detectors assume of the packages they match text with, on the constructions they rely on.

The PERSON and attribution drop of 2026-12-06 was first blamed on a package version (ahocorasick_rs 1.0,
google-re2 1.1.2025…, Faker 40): it was not (the November code gives its November figures with today's
packages; the drop came from code changes of that day, see tests/detectors/test_pii.py). These tests
pin the behaviour the code does rely on, so a package that changes it fails here, not in an evaluation.
"""

from __future__ import annotations

import ahocorasick_rs
import re2

from charte.detectors.support import pii_person


def test_aho_corasick_offsets_are_characters_on_non_ascii_text() -> None:
    """``TermPattern`` and ``phrases`` map hits back to ``str`` positions: offsets must count characters."""
    ac = ahocorasick_rs.AhoCorasick(["crédit", "via"])
    text = "😀 le crédit de Jean via X"
    hits = ac.find_matches_as_indexes(text)
    assert [(text[s:e]) for _, s, e in hits] == ["crédit", "via"]
    assert ac.find_matches_as_indexes("rien ici") == []  # the gates test the list for emptiness


def test_aho_corasick_leftmost_longest_and_overlapping() -> None:
    longest = ahocorasick_rs.AhoCorasick(
        ["mot", "mot de passe"], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
    )
    assert longest.find_matches_as_strings("le mot de passe est") == ["mot de passe"]
    standard = ahocorasick_rs.AhoCorasick(["passe", "mot de passe"])
    assert set(standard.find_matches_as_strings("mot de passe", overlapping=True)) == {
        "passe",
        "mot de passe",
    }


def test_re2_offsets_on_str_and_bytes() -> None:
    """``Lexicon`` reads ``str`` offsets; ``PolicyPattern`` runs on UTF-8 bytes and reads byte offsets."""
    text = "Élodie a payé CMD-12345678"
    m = re2.compile(r"CMD-\d{8}").search(text)
    assert m is not None and text[m.start() : m.end()] == "CMD-12345678"
    data = text.encode()
    b = re2.compile(rb"CMD-\d{8}").search(data)
    assert b is not None and data[b.start() : b.end()] == b"CMD-12345678" and b.start() == m.start() + 2


def test_re2_word_boundary_is_ascii_only() -> None:
    """``Lexicon`` re-checks the characters around a match because RE2's ``\\b`` ignores accented letters."""
    assert re2.compile(r"\bcon\b").search("écon") is not None
    options = re2.Options()
    options.log_errors = False
    options.max_mem = 8 << 20
    assert re2.compile("a+", options=options).search("baa") is not None


def test_person_gazetteer_and_letters() -> None:
    """The shipped gazetteer (not Faker at run time) and the Latin letters a name token may hold."""
    names = pii_person.first_names()
    assert len(names) > 4000 and {"julie", "grace", "sophie", "nora"} <= names
    assert all(c in pii_person._UP + pii_person._LOW for c in "ŁłŐőŞşıİÆæÐðØøÞþ")
