"""The blind probe set (issue #12) loads, is well formed and balanced, and its scorer says what is wrong.

The engine is not run here (``make eval`` does, section eval_probe2): these tests keep the data honest
(valid rows, no duplicates within or across splits, the 60/40 balance) and the loader's errors readable.
"""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest

from benchmarks import eval_probe2 as p2


def _line(**fields: str) -> str:
    row = {"text": "hello", "lang": "en", "construction": "ordinary_post", "expected": "allow"}
    row.update(fields)
    return json.dumps(row)


def test_both_splits_load_with_both_languages_and_expectations() -> None:
    for split in p2.SPLITS:
        rows = p2.load(split)
        assert {r.lang for r in rows} == {"fr", "en"}
        assert {r.expected for r in rows} == {"flag", "allow"}


def test_no_sentence_appears_twice_within_or_across_splits() -> None:
    texts = [r.text.strip().casefold() for split in p2.SPLITS for r in p2.load(split)]
    repeated = [t for t, n in Counter(texts).items() if n > 1]
    assert not repeated, repeated


@pytest.mark.parametrize("split", p2.SPLITS)
def test_about_sixty_percent_should_be_flagged_in_each_language(split: str) -> None:
    rows = p2.load(split)
    for lang in ("fr", "en"):
        mine = [r for r in rows if r.lang == lang]
        share = sum(r.must_flag for r in mine) / len(mine)
        assert 0.55 <= share <= 0.65, (split, lang, share)


def test_every_construction_is_in_both_splits_and_languages() -> None:
    keys = {split: {(r.construction, r.lang) for r in p2.load(split)} for split in p2.SPLITS}
    assert keys["dev"] == keys["test"]
    constructions = {c for c, _ in keys["dev"]}
    assert {(c, lang) for c in constructions for lang in ("fr", "en")} == keys["dev"]


def test_a_construction_has_a_single_expected_verdict() -> None:
    seen: dict[str, set[str]] = {}
    for split in p2.SPLITS:
        for r in p2.load(split):
            seen.setdefault(r.construction, set()).add(r.expected)
    assert all(len(v) == 1 for v in seen.values()), seen


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "x.jsonl:1: not valid JSON"),
        ("[1, 2]", "x.jsonl:1: expected a JSON object, got list"),
        (json.dumps({"text": "a", "lang": "en", "expected": "flag"}), "missing fields ['construction']"),
        (_line(extra="1"), "unknown fields ['extra']"),
        (_line(lang="de"), "lang must be one of ['fr', 'en'], not 'de'"),
        (_line(expected="review"), "expected must be one of ['flag', 'allow'], not 'review'"),
        (_line(text="  "), "every field must be a non-empty string"),
    ],
)
def test_a_bad_row_is_named_with_its_line_and_fault(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"x\.jsonl:1") as err:
        p2.parse([line], "x.jsonl")
    assert message in str(err.value)


def test_blank_lines_are_skipped_and_line_numbers_kept() -> None:
    with pytest.raises(ValueError, match=r"x\.jsonl:3: lang"):
        p2.parse([_line(), "", _line(lang="xx")], "x.jsonl")


def test_an_unknown_split_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown probe2 split 'val'"):
        p2.path("val")


def test_wilson_interval_brackets_the_rate_and_is_empty_for_no_sample() -> None:
    pytest.importorskip("scipy")
    low, high = p2.wilson(7, 10)
    assert 0.39 < low < 0.7 < high < 0.9
    assert p2.wilson(0, 5)[0] == 0.0
    assert all(math.isnan(b) for b in p2.wilson(0, 0))
    assert p2.cell([]) == "—"
    assert p2.cell([True, True, False, True]).endswith("(3/4)")


def test_the_report_has_a_row_per_construction_and_a_cell_per_language_and_split() -> None:
    pytest.importorskip("scipy")
    rows = {split: p2.load(split) for split in p2.SPLITS}
    results = {split: [(r, r.must_flag) for r in rows[split]] for split in p2.SPLITS}
    text = p2.report(results)
    constructions = {r.construction for r in rows["dev"]}
    table = [line for line in text.splitlines() if line.startswith(("| flag |", "| allow |"))]
    assert len(table) == len(constructions)
    assert all(" 100 % [" in line for line in table)
