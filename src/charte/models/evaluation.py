"""Metrics of the shipped heads on held-out rows (training and ``make eval``; needs the train extra)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from charte.models.corpora import Row, domain_of
from charte.models.scorer import Scorer


def ece(confidence: np.ndarray, correct: np.ndarray, bins: int = 15) -> float:
    """Expected calibration error: mean |accuracy - confidence| over equal-width bins, weighted by size."""
    if len(confidence) == 0:
        return float("nan")
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() * abs(correct[mask].mean() - confidence[mask].mean())
    return float(total / len(confidence))


def _binary(p: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    from sklearn.metrics import f1_score, roc_auc_score

    out: dict[str, Any] = {"n": len(y), "positives": int(y.sum())}
    out["roc_auc"] = round(float(roc_auc_score(y, p)), 4) if 0 < y.sum() < len(y) else None
    out["f1"] = round(float(f1_score(y, p >= 0.5, zero_division=0)), 4)
    out["ece"] = round(ece(p, y.astype(float)), 4)
    return out


def _multi(p: np.ndarray, y: np.ndarray, k: int) -> dict[str, Any]:
    from sklearn.metrics import f1_score

    pred = p.argmax(1)
    present = sorted(set(y.tolist()))
    return {
        "n": len(y),
        "macro_f1": round(float(f1_score(y, pred, labels=present, average="macro")), 4),
        "accuracy": round(float((pred == y).mean()), 4),
        "classes": len(present),
        "ece": round(ece(p.max(1), (pred == y).astype(float)), 4),
    }


def evaluate_head(model: Scorer, name: str, rows: list[Row]) -> dict[str, Any]:
    """Metrics of head ``name`` on ``rows``: all, per language, per language and domain, per source corpus."""
    spec = model.heads[name]
    probs = (
        np.stack([model.head(model.logits(r.text), name, r.lang) for r in rows]) if rows else np.zeros((0, 1))
    )
    labels = np.array([r.label for r in rows])
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups["all"].append(i)
        groups[f"lang={r.lang}"].append(i)
        groups[f"lang={r.lang} domain={domain_of(r.source)}"].append(i)
        groups[f"source={r.source}"].append(i)
    out = {}
    for group, idx in sorted(groups.items()):
        sel = np.asarray(idx)
        if spec["kind"] == "binary":
            out[group] = _binary(probs[sel, 0], labels[sel])
        else:
            out[group] = _multi(probs[sel], labels[sel], len(spec["labels"]))
    return out
