"""Cross-validate the French columns' training mix without a full retrain: ``python -m charte.models.cv_columns``.

Why: a full retrain (``charte.models.train``) takes 25 minutes on a quiet machine and far longer on a
shared one, and the French `val` slices that matter are tiny (207 tweets, 102 forum comments), so a
choice made on them fits noise. The French columns are the average of the pooled head and a head
fitted on French rows alone (``train._fit_language_column`` / ``_fit_multi_language``); only the French
half depends on the mix being tuned. This tool takes the pooled half from the shipped artefacts,
refits the French half on four folds of the French ``train`` rows and scores the fifth, for each
candidate mix:

- ``sentiment``: French TV-series reviews added to the French tweets at a sample weight (0 = today's
  heads, tweets only), scored on the held-out tweets and on the held-out reviews;
- ``toxicity``: the ToxiFrench forum rows repeated n times in the French rows (1 = today), scored on
  the held-out forum rows, plus the refitted column's ROC-AUC on the French ``dev`` slices (tweets,
  chat), which must not drop.

The shipped pooled half was trained on every ``train`` row, held-out folds included, so the pooled +
French figures are optimistic in absolute terms (equally for every candidate); the French half alone is
leak-free. Figures carry a bootstrap 95 % interval. ``val`` is never read.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from charte.models import corpora, features, scorer, train

FOLDS = 5
#: Candidate mixes (see the module docstring): review sample weight, forum row repeats.
REVIEW_WEIGHTS = (0.0, 0.1, 0.25, 0.5)
FORUM_REPEATS = (1, 3, 6, 10, 20)
BOOT = 500


def fold_of(text: str, k: int = FOLDS) -> int:
    """A row's fold: from the same CRC-32 as its split (``corpora.split_of``) but its higher digits,
    so every fold holds a like share of each split bucket and duplicates stay together."""
    return int(zlib.crc32(features.normalise(text).encode("utf-8", "surrogatepass")) // 10 % k)


def pooled_columns(model: scorer.Scorer, head: str) -> tuple[np.ndarray, np.ndarray]:
    """The shipped pooled columns of ``head`` as float weights and biases, before calibration for a
    binary head (its Platt slope and offset, recorded in the manifest, are undone) and
    temperature-scaled for a softmax head (as ``_fit_multi_language`` receives them)."""
    cols = model.heads[head]["columns"]
    w = model.weights[:, cols].astype(np.float32) * model.scales[cols]
    b = model.bias[cols].astype(np.float32)
    if model.heads[head]["kind"] == "binary":
        a, c0 = model.heads[head]["selection_on_dev"]["platt"]
        return w[:, 0] / a, (b[0] - c0) / a  # one column: a vector and a scalar
    return w, b


def interval(metric: Callable[[np.ndarray, np.ndarray], float], y: np.ndarray, p: np.ndarray) -> list[float]:
    """The metric and its bootstrap 95 % interval (seeded), rounded for the report."""
    rng = np.random.default_rng(0)
    stats = [metric(y[i], p[i]) for i in (rng.integers(0, len(y), len(y)) for _ in range(BOOT))]
    lo, hi = np.nanpercentile(stats, [2.5, 97.5])
    return [round(metric(y, p), 4), round(float(lo), 4), round(float(hi), 4)]


def _macro_f1(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, p.argmax(1), average="macro", labels=sorted(set(y.tolist()))))


def _auc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")


def _own_softmax(x: Any, y: np.ndarray, weight: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest plain heads like ``train._fit_multi``, with per-row sample weights."""
    from sklearn.linear_model import LogisticRegression

    ws, bs = [], []
    for label in range(3):
        model = LogisticRegression(C=c, solver="liblinear", max_iter=200)
        model.fit(x, (y == label).astype(int), sample_weight=weight)
        ws.append(model.coef_[0].astype(np.float32))
        bs.append(float(model.intercept_[0]))
    return np.stack(ws, axis=1), np.asarray(bs, np.float32)


def _temperature(logits: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import log_loss

    temps = np.linspace(0.2, 3.0, 57)
    losses = [log_loss(y, train._softmax(logits / t), labels=[0, 1, 2]) for t in temps]
    return float(temps[int(np.argmin(losses))])


def cv_sentiment(
    rows: Sequence[corpora.Row], x: Any, pooled: tuple[np.ndarray, np.ndarray]
) -> dict[str, Any]:
    """French sentiment columns per review weight: held-out macro-F1 on tweets and on reviews."""
    y = np.array([r.label for r in rows])
    fr_train = np.array([i for i, r in enumerate(rows) if r.lang == "fr" and r.split == "train"])
    dev = np.array([r.lang == "fr" and r.split == "dev" for r in rows])
    review = np.array([corpora.domain_of(r.source) == "reviews" for r in rows])
    fold = np.array([fold_of(r.text) for r in rows])
    c = dict(train.LANGUAGE_CANDIDATES["sentiment"])["plain"]
    out: dict[str, Any] = {}
    for rw in REVIEW_WEIGHTS:
        mixed = np.zeros((len(rows), 3), np.float32)
        own = np.zeros((len(rows), 3), np.float32)
        for f in range(FOLDS):
            fit = fr_train[(fold[fr_train] != f) & (~review[fr_train] | (rw > 0))]
            w, b = _own_softmax(x[fit], y[fit], np.where(review[fit], rw, 1.0), c)
            t = _temperature(x[dev] @ w + b, y[dev])  # as train.py: own heads scaled on French dev rows
            held = fr_train[fold[fr_train] == f]
            own[held] = x[held] @ w + b
            mixed[held] = x[held] @ (0.5 * (pooled[0] + w / t)) + 0.5 * (pooled[1] + b / t)
        tweets, reviews = fr_train[~review[fr_train]], fr_train[review[fr_train]]
        out[f"review weight {rw:g}"] = {
            "tweets (pooled + own)": interval(_macro_f1, y[tweets], mixed[tweets]),
            "tweets (own alone)": interval(_macro_f1, y[tweets], own[tweets]),
            "reviews (pooled + own)": interval(_macro_f1, y[reviews], mixed[reviews]),
        }
        print(
            f"[sentiment] review weight {rw:g}: {out[f'review weight {rw:g}']}", file=sys.stderr, flush=True
        )
    out["n"] = {"tweets": int((~review[fr_train]).sum()), "reviews": int(review[fr_train].sum())}
    return out


def cv_toxicity(rows: Sequence[corpora.Row], x: Any, pooled: tuple[np.ndarray, np.ndarray]) -> dict[str, Any]:
    """French toxicity column per forum repeat: held-out ROC-AUC on ToxiFrench, and the whole-train
    refit's ROC-AUC on the French dev slices."""
    y = np.array([r.label for r in rows])
    fr_train = np.array([i for i, r in enumerate(rows) if r.lang == "fr" and r.split == "train"])
    forum = np.array([r.source == "toxifrench" for r in rows])
    fold = np.array([fold_of(r.text) for r in rows])
    variant, c = train.CANDIDATES["toxicity"][0]
    dev = {
        "dev FR tweets (MLMA, FTR)": ("mlma", "ftr_racism"),
        "dev FR chat (CyberAgressionAdo)": ("cyberagressionado",),
        "dev FR forum (ToxiFrench)": ("toxifrench",),
    }
    out: dict[str, Any] = {}
    for n in FORUM_REPEATS:
        mixed = np.zeros(len(rows), np.float32)
        own = np.zeros(len(rows), np.float32)
        for f in range(FOLDS):
            keep = fr_train[~forum[fr_train] | (fold[fr_train] != f)]
            fit = np.concatenate([keep, *[keep[forum[keep]]] * (n - 1)])
            w, b = train._fit_one(x[fit], y[fit], variant, c)
            held = fr_train[forum[fr_train] & (fold[fr_train] == f)]
            own[held] = x[held] @ w + b
            mixed[held] = x[held] @ (0.5 * (pooled[0] + w)) + 0.5 * (pooled[1] + b)
        held = fr_train[forum[fr_train]]
        report: dict[str, Any] = {
            "forum CV (pooled + own)": interval(_auc, y[held], mixed[held]),
            "forum CV (own alone)": interval(_auc, y[held], own[held]),
        }
        fit = np.concatenate([fr_train, *[fr_train[forum[fr_train]]] * (n - 1)])
        w, b = train._fit_one(x[fit], y[fit], variant, c)
        for name, sources in dev.items():
            m = np.array([r.split == "dev" and r.lang == "fr" and r.source in sources for r in rows])
            report[name] = interval(_auc, y[m], x[m] @ (0.5 * (pooled[0] + w)) + 0.5 * (pooled[1] + b))
        out[f"forum rows x{n}"] = report
        print(f"[toxicity] forum rows x{n}: {report}", file=sys.stderr, flush=True)
    out["n"] = {"forum train rows": int(forum[fr_train].sum())}
    return out


def run(data: Path, heads: Sequence[str]) -> dict[str, Any]:
    model = scorer.Scorer.load()  # installs the shipped valence table for featurisation
    out: dict[str, Any] = {}
    for head in heads:
        rows = [r for r in corpora.HEADS[head][0](data) if r.lang == "fr" and r.split in ("train", "dev")]
        x = train._matrix([features.featurise(r.text) for r in rows])
        cv = cv_sentiment if head == "sentiment" else cv_toxicity
        out[head] = cv(rows, x, pooled_columns(model, head))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with the labelled corpora")
    parser.add_argument("--head", choices=("sentiment", "toxicity"), action="append")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.data, args.head or ["sentiment", "toxicity"]), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
