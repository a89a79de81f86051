"""The style-shifted dev probe loads, is balanced, and shares no sentence with the probe2 dev split."""

from __future__ import annotations

from benchmarks import eval_probe2 as p2
from benchmarks import probe_styles


def test_loads_with_both_languages_and_balance() -> None:
    rows = probe_styles.load()
    for lang in ("fr", "en"):
        mine = [r for r in rows if r.lang == lang]
        assert len(mine) >= 100
        assert 0.55 <= sum(r.must_flag for r in mine) / len(mine) <= 0.65


def test_constructions_come_from_probe2_dev() -> None:
    dev = {r.construction for r in p2.load("dev")}
    assert {r.construction for r in probe_styles.load()} <= dev


def test_no_sentence_shared_with_probe2_dev() -> None:
    dev = {r.text.casefold() for r in p2.load("dev")}
    assert not [r.text for r in probe_styles.load() if r.text.casefold() in dev]


def test_report_names_the_misses() -> None:
    rows = probe_styles.load()[:2]
    out = probe_styles.report(rows, [False, False], misses=True)
    assert "| en | flag | all |" in out and rows[0].text in out
