"""The pass all gated patterns share (prefilter.SharedScan) answers as each pattern's own automaton would."""

from __future__ import annotations

import ahocorasick_rs
import pytest

from charte import prefilter

TEXTS = [
    "",
    "rien à signaler ici",
    "on va braquer la banque demain",
    "a pipe bomb and some coke",
    "----------",
    "héhé c'est l'été 🤪 à Marseille",
    "abcabcabc",
]
GATES = [["braquer", "coke"], ["bomb", "abc"], ["été", "--"], ["zzz"], ["ab", "bc", "ca"]]


def _own(keys: list[str], text: str) -> bool:
    return bool(ahocorasick_rs.AhoCorasick(sorted(keys)).find_matches_as_indexes(text))


def test_shared_gates_answer_as_their_own_automata() -> None:
    scan = prefilter.SharedScan()
    ids = [scan.register(keys) for keys in GATES]
    for text in TEXTS * 2:  # the second time from the remembered answers
        present = scan.present(text)
        for keys, mine in zip(GATES, ids, strict=True):
            assert mine is not None
            assert (not present.isdisjoint(mine)) == _own(keys, text), (keys, text)


def test_a_pattern_registered_after_a_text_was_read_is_seen_in_it() -> None:
    scan = prefilter.SharedScan()
    first = scan.register(["braquer"])
    text = "on va braquer la banque"
    assert first is not None and not scan.present(text).isdisjoint(first)
    later = scan.register(["banque"])  # a policy compiled while the service runs
    assert later is not None and not scan.present(text).isdisjoint(later)
    assert scan.present("rien").isdisjoint(later | first)


def test_a_full_shared_pass_leaves_new_gates_their_own_automaton(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefilter, "SHARED", prefilter.SharedScan())
    monkeypatch.setattr(prefilter.SharedScan, "MAX_KEYS", 2)
    shared = prefilter.Gate(["braquer", "coke"])
    own = prefilter.Gate(["bomb"])
    assert own._own is not None and shared._own is None
    assert shared.passes("la coke") and not shared.passes("la bombe")
    assert own.passes("la bombe") and not own.passes("la coke")


def test_a_lone_surrogate_raises_as_an_automaton_does() -> None:
    scan = prefilter.SharedScan()
    scan.register(["abc"])
    with pytest.raises(UnicodeEncodeError):
        ahocorasick_rs.AhoCorasick(["abc"]).find_matches_as_indexes("a\ud800bc")
    with pytest.raises(UnicodeEncodeError):
        scan.present("a\ud800bc")
