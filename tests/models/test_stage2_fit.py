"""Fitting the cascade's mixing per language: stage 2 gets the weight it earns, classes weigh the same per language."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn")

from charte.models import cascade
from charte.models.stage2_data import Item
from charte.models.stage2_fit import choose_mixing, sample_weights, source_group


def _fast(p: float) -> dict[str, object]:
    return {"toxicity": p, "toxicity_types": {"hate": 0.0, "threat": 0.0}, "illegal": 0.0}


def _posts(n: int, seed: int) -> tuple[list[Item], np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    return [Item(f"post {i}", int(label), "fr", "mlma", "dev") for i, label in enumerate(y)], y


def test_a_stage_2_that_knows_nothing_gets_no_weight_and_the_fast_score_stands() -> None:
    rows, y = _posts(400, 1)
    rng = np.random.default_rng(2)
    fast = [
        _fast(float(np.clip(0.5 + 0.35 * (2 * label - 1) + rng.normal(0, 0.15), 0.01, 0.99))) for label in y
    ]
    slow = [{"toxicity": float(rng.uniform(0.01, 0.99))} for _ in y]
    result = choose_mixing("toxicity", [(rows, fast, slow)])
    assert result["blend"] == {"alpha": 0.0}
    assert cascade.mix_one("toxicity", fast[0], slow[0], result["blend"]) == pytest.approx(
        fast[0]["toxicity"], abs=1e-6
    )


def test_a_stage_2_that_knows_better_gets_weight_and_a_recalibration() -> None:
    rows, y = _posts(400, 3)
    rng = np.random.default_rng(4)
    fast = [_fast(float(rng.uniform(0.2, 0.8))) for _ in y]
    slow = [{"toxicity": 0.9 if label else 0.1} for label in y]
    blend = choose_mixing("toxicity", [(rows, fast, slow)])["blend"]
    assert blend["alpha"] >= 0.5 and blend["a"] > 0


def test_per_language_weights_give_each_language_and_class_the_same_total() -> None:
    rows = (
        [Item("a", 1, "en", "s", "train")] * 30
        + [Item("b", 0, "en", "s", "train")] * 10
        + [Item("c", 1, "fr", "s", "train")] * 5
        + [Item("d", 0, "fr", "s", "train")] * 5
    )
    w = sample_weights(rows, "per_language")
    assert w is not None
    totals = {}
    for r, weight in zip(rows, w, strict=True):
        totals[(r.lang, r.label)] = totals.get((r.lang, r.label), 0.0) + weight
    assert max(totals.values()) == pytest.approx(min(totals.values()))
    assert sample_weights(rows, "balanced") is None and sample_weights(rows, "none") is None


def test_a_whole_corpus_in_one_language_is_held_out_together() -> None:
    assert source_group(Item("x", 1, "fr", "mlma", "dev")) == "mlma:fr"
    assert source_group(Item("x", 1, "en", "mlma", "dev")) == "mlma:en"
    assert source_group(Item("x", 1, "fr", "synth_hate_pronoun", "dev")) == source_group(
        Item("y", 0, "en", "synth_hate_pronoun", "train")
    )
