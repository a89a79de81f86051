"""The phrase pre-check never hides a match: whenever a fragment's regex matches, its gate is open."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policykit import make_engine

from charte import normalize, prefilter
from charte.detectors.support import phrases as ph
from charte.detectors.support.packs import PACKS

ROOT = Path(__file__).resolve().parents[2]
QUIET = [
    {
        "name": "Q",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "topics": ["résultats", "chiffre d'affaires", "acquisition"],
    }
]
BOOKS = [
    d.book
    for d in (
        make_engine("spokesperson").detectors[0],
        make_engine("disclosure").detectors[0],
        make_engine("regulated", {"packs": list(PACKS)}).detectors[0],
        make_engine("quiet_period", quiet=QUIET).detectors[0],
    )
]
TEXTS = [
    json.loads(line)["text"]
    for line in (ROOT / "benchmarks" / "data" / "policy_detectors_eval.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]


def _check(text: str) -> None:
    view = normalize.folded(text)
    for book in BOOKS:
        scan = book.scan(view)
        for index in range(len(book.sources)):
            pattern = book.pattern(index)
            if next(ph._bounded(pattern, view.text), None) is not None:
                assert index in scan.opened, pattern.pattern


@pytest.mark.parametrize("text", TEXTS)
def test_gate_is_open_whenever_a_fragment_matches(text: str) -> None:
    _check(text)


WORDS = [
    "nous",
    "annonçons",
    "we",
    "will",
    "refund",
    "you",
    "sorry",
    "to",
    "hear",
    "rendement",
    "garanti",
    "5 %",
    "guaranteed",
    "returns",
    "vote",
    "for",
    "the",
    "candidate",
    "vin",
    "match",
    "Acme",
    "acme.com",
    "cures",
    "sans",
    "risque",
    "résultats",
    "deal",
    "#ad",
    "@Acme",
    "officially",
    "launching",
    "au",
    "nom",
    "de",
    "d'Acme",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
def test_gate_is_open_on_random_phrases(words: list[str]) -> None:
    _check(" ".join(words))


@pytest.mark.parametrize(
    ("fragment", "parts"),
    [
        ("a|b", ["a", "b"]),
        ("a(?:b|c)|d", ["a(?:b|c)", "d"]),
        (r"x[|]y|z", [r"x[|]y", "z"]),
        (r"a\|b|c", [r"a\|b", "c"]),
        ("plain", ["plain"]),
        (r"[\]|]a|b", [r"[\]|]a", "b"]),  # an escaped "]" does not close the class
        ("[]|]a|b", ["[]|]a", "b"]),  # nor does a "]" first in it
        ("[^]|]a|b", ["[^]|]a", "b"]),
        ("(?i)a|b", ["(?i)a|b"]),  # a global flag would stay with the first part: kept whole
        ("(?x)a # x|y\n|b", ["(?x)a # x|y\n|b"]),
    ],
)
def test_split_top(fragment: str, parts: list[str]) -> None:
    assert prefilter.split_top(fragment) == parts
    whole = re.compile(fragment)
    for probe in ("a", "b", "]a", "|a", "x", "y", "B", "A"):
        assert any(re.search(p, probe) for p in parts) == (whole.search(probe) is not None)


def test_split_top_refuses_a_bad_fragment_with_re_message() -> None:
    with pytest.raises(re.error, match="missing \\)"):
        prefilter.split_top("a|(b")


def test_a_local_ignorecase_part_requires_no_literal_of_its_case() -> None:
    """``(?i:abc)d`` matches "ABCd": "abc" is no pre-check of it, only "d" is."""
    pattern = re.compile("(?i:abc)d")
    assert prefilter.required_in(pattern.pattern) == frozenset({"d"})
    assert [m.span() for m in prefilter.Gated(pattern).finditer("x ABCd")] == [(2, 6)]


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        ("(?:rendement garanti)(?![a-z0-9])", {"rendement garanti"}),
        ("(?:nous (?:annoncons|lancons))(?![a-z0-9])", {"annoncons", "lancons"}),
        (r"(?:\d+ ?% garanti)(?![a-z0-9])", {"% garanti"}),
        ("(?:a|b)", None),
    ],
)
def test_required_substrings(pattern: str, gate: set[str] | None) -> None:
    found = prefilter.required_in(pattern)
    assert (set(found) if found is not None else None) == gate


_GATED_PATTERNS = [
    re.compile(
        r"(?<![a-z0-9])(?:proprietary[\s\-_.]*and[\s\-_.]*confidential|sous[\s\-_.]*nda|nda|confidentiel"
        r"|confidential)(?![a-z0-9])"
    ),
    re.compile(r"(?<![a-z0-9])(?:acmepay|acme|globex)(?![a-z0-9])"),
    re.compile(r"ab?c|x+y"),
    re.compile(r"[a-z]+"),
]


@given(st.text(alphabet="acdefilmnoprstuxy- _.", max_size=40), st.sampled_from(range(len(_GATED_PATTERNS))))
def test_a_gated_pattern_finds_exactly_what_the_pattern_finds(text: str, which: int) -> None:
    pattern = _GATED_PATTERNS[which]
    for probe in (text, f"x {text} sous nda", f"{text}acme"):
        assert [m.span() for m in prefilter.Gated(pattern).finditer(probe)] == [
            m.span() for m in pattern.finditer(probe)
        ]


def _books_with_threats() -> list[ph.Phrases]:
    from charte.detectors.support import threat_frames

    return [*BOOKS, threat_frames._book()[0]]


def test_every_fragment_compiles_and_keeps_the_gate_of_its_bounded_pattern() -> None:
    """Fragments are compiled lazily and their gate read from the fragment's own parse: each still compiles,
    and its gate is the one the bounded pattern (``(?:fragment)(?![a-z0-9])``) itself requires."""
    for book in _books_with_threats():
        gated = {i for ids in book.gate_ids for i in ids}
        for index, source in enumerate(book.sources):
            assert book.pattern(index).pattern == source
            whole = prefilter.required_in(source)
            if whole is None or any(prefilter.weight(g) < 2 for g in whole):
                assert index in book.always and index not in gated, source
            else:
                assert index not in book.always, source
                assert {k for k, ids in zip(book.gates, book.gate_ids, strict=True) if index in ids} == whole


def test_a_malformed_fragment_fails_at_build() -> None:
    for bad in ("a)(?:b", "a|(b", "(?i)a"):
        with pytest.raises(re.error):
            ph.Phrases().words([bad])


def _split_top_reference(fragment: str) -> list[str]:
    """What split_top did when it parsed the whole fragment first (public API: ``re.compile``)."""
    whole = re.compile(fragment)  # raises on a bad fragment
    if whole.flags != re.compile("").flags:
        return [fragment]
    parts = prefilter._cut(fragment)
    try:
        for part in parts:
            re.compile(part)
    except re.error:
        return [fragment]
    return parts


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "b", "|", "(", ")", "(?:", "(?i)", "(?P<n>", "(?P=n)", r"\1", "[", "]", "*", "?"]
        ),
        max_size=10,
    )
)
def test_split_top_without_parsing_the_whole_cuts_as_before(pieces: list[str]) -> None:
    fragment = "".join(pieces)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # "[[": a possible nested set, either way
        try:
            expected: list[str] | type[re.error] = _split_top_reference(fragment)
        except re.error:
            expected = re.error
        try:
            got: list[str] | type[re.error] = prefilter.split_top(fragment)
        except re.error:
            got = re.error
    assert got == expected, fragment
