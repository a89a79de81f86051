"""The cross-validation of the French columns' training mix (``charte.models.cv_columns``): it must see
the shipped pooled half exactly as training hands it to the French half, and fold rows reproducibly."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn")

from charte.models import corpora, cv_columns, features
from charte.models.scorer import load_default


def test_pooled_toxicity_column_is_the_shipped_one_before_platt() -> None:
    model = load_default()
    w, b = cv_columns.pooled_columns(model, "toxicity")
    a, c0 = model.heads["toxicity"]["selection_on_dev"]["platt"]
    col = model.heads["toxicity"]["columns"][0]
    np.testing.assert_allclose(w * a, model.weights[:, col] * model.scales[col], rtol=1e-5, atol=1e-7)
    assert w.ndim == 1
    assert b * a + c0 == pytest.approx(float(model.bias[col]), rel=1e-6)


def test_pooled_sentiment_columns_are_the_shipped_softmax_logits() -> None:
    model = load_default()
    w, b = cv_columns.pooled_columns(model, "sentiment")
    idx, values = features.featurise("merci, super service !")
    shipped = model._logits_of(idx, values)[model.heads["sentiment"]["columns"]]
    np.testing.assert_allclose(values @ w[idx] + b, shipped, rtol=1e-5, atol=1e-5)


def test_folds_are_deterministic_balanced_and_shared_by_duplicates() -> None:
    # Digits all normalise to "0": vary letters instead.
    texts = [
        f"post {chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676)} sur le forum"
        for i in range(2000)
    ]
    folds = [cv_columns.fold_of(t) for t in texts]
    assert folds == [cv_columns.fold_of(t) for t in texts]
    counts = np.bincount(folds, minlength=cv_columns.FOLDS)
    assert counts.min() > 300
    assert cv_columns.fold_of("Quel CONNARD :hap:") == cv_columns.fold_of("quel connard :hap:")
    # Within one split bucket rows still spread over every fold (the fold uses the CRC's higher digits).
    val = [f for t, f in zip(texts, folds, strict=True) if corpora.split_of(t) == "val"]
    assert len(set(val)) == cv_columns.FOLDS


def test_interval_brackets_the_metric() -> None:
    y = np.array([0, 1] * 50)
    p = np.where(y == 1, 0.7, 0.3) + np.linspace(-0.3, 0.3, 100)
    value, lo, hi = cv_columns.interval(cv_columns._auc, y, p)
    assert lo <= value <= hi
