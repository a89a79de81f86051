"""The hand-labelled evaluation set is well formed and kept apart from the tests and starter policies."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from charte.policy.model import INDUSTRIES
from charte.policy.templates import render_starter

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "benchmarks" / "data" / "policy_detectors_eval.jsonl"


def _cases() -> list[dict[str, object]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_each_detector_has_forty_cases_in_both_languages_with_near_misses() -> None:
    cases = _cases()
    per = Counter(str(c["detector"]) for c in cases)
    assert set(per) == {"spokesperson", "disclosure", "attribution", "regulated", "quiet_period"}
    for detector, count in per.items():
        assert count >= 40, detector
        for lang in ("fr", "en"):
            labels = {c["label"] for c in cases if c["detector"] == detector and c["lang"] == lang}
            assert labels == {0, 1}, (detector, lang)


def test_eval_sentences_are_not_test_sentences() -> None:
    texts = {str(c["text"]) for c in _cases()}
    starters = "".join(
        render_starter(
            org="Acme", brands=["Acme"], competitors=[], domains=["acme.com"], industry=i, lang="fr"
        )
        for i in INDUSTRIES
    )
    unit_tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py"))
    overlap = [t for t in texts if t in starters or t in unit_tests]
    assert not overlap
