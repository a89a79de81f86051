"""The threat probe (issue #12) loads, is well formed, keeps dev and test apart, and its loader says what is wrong.

The engine is not run here (``make eval`` does, section eval_threat_probe): these tests keep the data honest.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import eval_threat_probe as tp


def _line(**fields: str) -> str:
    row = {"text": "see you soon", "lang": "en", "construction": "ordinary", "expected": "allow"}
    row.update(fields)
    return json.dumps(row)


def test_both_splits_load_with_both_languages_and_expectations() -> None:
    for split in tp.SPLITS:
        rows = tp.load(split)
        assert {r.lang for r in rows} == {"fr", "en"}
        assert {r.expected for r in rows} == {"flag", "allow"}
        assert sum(r.lang == "en" for r in rows) > sum(r.lang == "fr" for r in rows)  # English chat first


def test_no_sentence_appears_twice_within_or_across_splits() -> None:
    texts = [r.text.strip().casefold() for split in tp.SPLITS for r in tp.load(split)]
    repeated = [t for t, n in Counter(texts).items() if n > 1]
    assert not repeated, repeated


def test_a_construction_has_a_single_expected_verdict() -> None:
    seen: dict[str, set[str]] = {}
    for split in tp.SPLITS:
        for r in tp.load(split):
            seen.setdefault(r.construction, set()).add(r.expected)
    assert all(len(v) == 1 for v in seen.values()), seen


def test_game_talk_rows_say_why_they_are_allowed() -> None:
    rows = [r for r in tp.load("dev") if r.construction == "game_internal"]
    assert rows and all(r.rationale for r in rows)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{", "not valid JSON"),
        ("[1]", "expected a JSON object"),
        (_line(lang="de"), "lang must be one of"),
        (_line(expected="maybe"), "expected must be one of"),
        (_line(text=" "), "non-empty string"),
        (json.dumps({"text": "x", "lang": "en"}), "missing fields"),
        (_line(note="x"), "unknown fields"),
    ],
)
def test_bad_rows_are_errors_naming_the_line(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tp.parse([line], "probe.jsonl")


def test_an_unknown_split_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown threat probe split 'val'"):
        tp.path("val")


def test_threatgram_is_skipped_without_the_data(tmp_path: Path) -> None:
    assert "skipped" in tp.threatgram_report(tmp_path)
