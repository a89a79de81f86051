"""Every fast path of the check (gates, early returns, shortcuts) against the general code it skips,
on a few hundred varied posts: the same views, candidates, contexts, decisions and dictionaries."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from tests.engine import varied_posts

from charte import normalize
from charte.detectors import secrets
from charte.detectors.base import Context
from charte.detectors.pii import PiiDetector
from charte.detectors.support import pii_entities as ent
from charte.detectors.support import pii_person as _pii_person
from charte.domain import Fix, Span, _fix_dict
from charte.engine.engine import CheckEngine, _without_surrogates
from charte.policy.loader import parse_policy

TODAY = dt.date(2026, 6, 1)
SPACED = [
    "c o n f i d e n t i e l",
    "P.h.e.n.i.x",
    "a-b-c-d",
    "x * y * z * w",
    "1 2 3 4",
    "a  b  c  d",
    "ab c d e",
    "a b c",
    "é t é s",
    "C O N F I D E N T I E L",
]


@pytest.fixture(scope="module")
def posts() -> list:
    return [_without_surrogates(p) for p in varied_posts.build(400, seed=5)]


@pytest.fixture(scope="module")
def engine() -> CheckEngine:
    return CheckEngine(parse_policy(varied_posts.EVERYTHING, "<everything>"), scorer=None)


def test_spaced_gate_never_hides_spaced_letters(posts: list) -> None:
    for text in [p.text for p in posts] + SPACED + [s.upper() for s in SPACED]:
        view = normalize.folded(text)
        before_spacing = (
            normalize.View(text.lower(), text)
            if normalize._clean_ascii(text)
            else normalize._apply_table(text, normalize._FOLDED)
        )
        if normalize._SPACED_GATE.search(before_spacing.text) is None:
            assert normalize._SPACED_RE.search(before_spacing.text) is None
        assert normalize._SPACED_RE.search(view.text) is None or normalize._SPACED_GATE.search(view.text)
    assert normalize.folded("c o n f i d e n t i e l").text == "confidentiel"


def test_secret_gates_are_the_substring_tests(posts: list) -> None:
    texts = [p.text for p in posts] + list(secrets._TOKEN_HINTS) + list(secrets._PASSWORD_HINTS) + ["", "clé"]
    for text in texts:
        for gate, hints in (
            (secrets._TOKEN_GATE, secrets._TOKEN_HINTS),
            (secrets._GENERIC_GATE, secrets._GENERIC_HINTS),
            (secrets._PASSWORD_GATE, secrets._PASSWORD_HINTS),
        ):
            assert bool(gate.find_matches_as_indexes(text)) == any(h in text for h in hints)


def _all_candidates(detector: PiiDetector, text: str, ctx: Context) -> list[ent.Candidate]:
    """The candidates as computed before the shared windows: every recogniser called, windows per recogniser."""
    found: list[ent.Candidate] = []
    zones = ent.digit_zones(text) if detector.numeric else ()
    n = len(text)
    for recognizer in detector.recognizers:
        if recognizer.needs == "digit":
            if zones:
                wins = ent.windows(zones, recognizer.margin, n, recognizer.min_digits)
                found.extend(recognizer.find_in(text, wins, ctx.today))
        elif not recognizer.needs or recognizer.needs in text:
            found.extend(recognizer.find_in(text, [(0, n)], ctx.today))
    if detector.person is not None:
        found.extend(detector.person.find(text))
    for pattern in detector.custom:
        found.extend(pattern.find(text, [(0, n)]))
    return found


def test_pii_candidates_as_with_every_recogniser_called(posts: list, engine: CheckEngine) -> None:
    detectors = [d for d in engine.detectors if isinstance(d, PiiDetector)]
    assert detectors
    extra = [
        "fe80::1 only",
        "fe80::1 and 2001:db8::8a2e:370:7334 at 9",
        "ip 10.0.0.12 then 3",
        "4111 1111 1111 1111",
    ]
    for post in posts + [dataclasses.replace(posts[0], text=t) for t in extra]:
        ctx = Context(post, "fr", engine.policy, today=TODAY)
        text = ctx.basic.text
        for detector in detectors:
            assert detector.candidates(text, ctx) == _all_candidates(detector, text, ctx)


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


def test_left_context_early_return(posts: list, monkeypatch: pytest.MonkeyPatch) -> None:
    befores = []
    for post in posts:
        text = normalize.basic(post.text).text
        befores += [text[max(0, i - 40) : i] for i in range(0, len(text), 2)]
    befores += [
        f"{cue} " for cue in (*_pii_person.INTRODUCERS, *_pii_person.PUBLIC_TITLES, "le président dit")
    ]
    fast = [_pii_person.left_context(b) for b in befores]
    monkeypatch.setattr(_pii_person, "_LAST_WORDS", _Everything())  # always the full analysis
    assert [_pii_person.left_context(b) for b in befores] == fast
    assert {"strong", "weak", "public", "pair", None} <= set(fast)


def test_fix_dict_matches_asdict() -> None:
    for fix in (
        Fix("mask", "Mask it.", replacement="***", span=Span(2, 5)),
        Fix("add_disclaimer", "Add #ad."),
        Fix("remove", "Remove.", replacement="", span=None),
    ):
        reference = dataclasses.asdict(fix)
        reference["span"] = [fix.span.start, fix.span.end] if fix.span else None
        assert _fix_dict(fix) == reference
        assert list(_fix_dict(fix)) == list(reference)  # the same key order, so the same JSON


def test_offset_map_as_one_repeat_per_character(posts: list) -> None:
    from itertools import chain, repeat

    texts = [p.text for p in posts] + ["ﬁn… ❤️ œuvre\u200b", "a\u00adb", "Ⅻ ①②", "x\ufe0f\ufe0f y", "…"]
    for text in texts:
        for table in (normalize._BASIC, normalize._FOLDED):
            parts = [table[c] for c in text]
            lens = [len(p) for p in parts]
            view = normalize._apply_table(text, table)
            assert view.text == "".join(parts)
            if view.starts is not None:
                assert view.starts == list(chain.from_iterable(map(repeat, range(len(parts)), lens)))
                assert view.ends == list(chain.from_iterable(map(repeat, range(1, len(parts) + 1), lens)))
                assert all(type(i) is int for i in view.starts)  # spans must stay JSON-serialisable
    assert normalize.folded("ﬁn… c0nfidentiel").to_original(7, 19) == Span(4, 16)  # "c0nfidentiel"
