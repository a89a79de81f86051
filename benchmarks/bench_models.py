"""Cost of the shipped models per post, and peers on the same posts, speed and accuracy side by side.

Peers (installed by the ``bench`` extra, all offline): alt-profanity-check (English toxicity, linear SVM
over a bag of words) and VADER (English sentiment lexicon). Posts are the held-out ``val`` rows of the
training corpora when the data folder is there, else the bundled demo posts (speed only).
"""

from __future__ import annotations

import json
import os
import statistics
import time
from importlib import resources
from pathlib import Path

import numpy as np

from benchmarks._report import ROOT

#: What this section measures (benchmarks/_measures.py): the shipped models and the whole check on the
#: corpora's val rows (real posts only).
MEASURES = (
    "@checker",
    "@demo-policy",
    "src/charte/models/corpora.py",
    "benchmarks/bench_models.py",
)


def _pin_one_core() -> str:
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        return "pinned to one core"
    except (AttributeError, OSError):
        return "not pinned"


def _latencies(fn, texts: list[str], repeats: int = 3) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Per-post wall-clock latency in µs, one row per pass over ``texts``."""
    for t in texts[:50]:
        fn(t)
    out = np.zeros((repeats, len(texts)))
    for r in range(repeats):
        for i, t in enumerate(texts):
            start = time.perf_counter_ns()
            fn(t)
            out[r, i] = (time.perf_counter_ns() - start) / 1000.0
    return out


def _row(name: str, lat: np.ndarray, note: str = "") -> str:
    """Median and p99 of the best of the passes per post (scheduler noise removed), p99 of one pass,
    and throughput of one pass."""
    best = lat.min(axis=0)
    return (
        f"| {name} | {statistics.median(best.tolist()):.0f} | {np.percentile(best, 99):.0f} | "
        f"{np.percentile(lat[0], 99):.0f} | {1e6 / lat[0].mean():,.0f} | {note} |"
    )


def _demo_texts() -> list[str]:
    lines = (resources.files("charte.demo") / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def run() -> str:
    pin = _pin_one_core()
    from charte.cli.demo import demo_policy_text
    from charte.domain import Post
    from charte.engine.engine import CheckEngine
    from charte.models import features
    from charte.models.scorer import load_default
    from charte.policy.loader import parse_policy

    started = time.perf_counter()
    load_default.cache_clear()
    model = load_default()
    load_s = time.perf_counter() - started

    data = Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))
    tox_rows, sent_rows = [], []
    if data.is_dir():
        from charte.models import corpora

        tox_rows = [
            r for r in corpora.toxicity(data) if r.split == "val" and not corpora.is_template(r.source)
        ]
        sent_rows = [r for r in corpora.sentiment(data) if r.split == "val"]
        texts = [r.text for r in tox_rows + sent_rows]
    else:
        texts = _demo_texts() * 50
    texts = texts[:4000]
    mean_len = sum(map(len, texts)) / len(texts)

    lines = [
        "## Language models: cost per post and peers",
        "",
        f"{len(texts)} posts (mean {mean_len:.0f} characters), one call per post, {pin}; model load "
        f"{load_s * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores during the "
        "run. Latency in µs: each post is timed in 3 passes; median and p99 of each post's best pass "
        "(the model's own cost), and p99 of a single pass (includes preemption by other processes).",
        "",
        "| what | median µs | p99 µs (best of 3) | p99 µs (one pass) | posts/s (one pass) | note |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    lines.append(_row("Charte models: featurise only", _latencies(features.featurise, texts)))
    lines.append(
        _row("Charte models: all heads, language given", _latencies(lambda t: model(t, "en"), texts))
    )
    lines.append(
        _row(
            "Charte models: all heads + language identification",
            _latencies(lambda t: model(t, None), texts),
            "budget: ≤ 1,000 median, ≤ 3,000 p99",
        )
    )
    engine = CheckEngine(parse_policy(demo_policy_text(), "<demo policy>"))
    lines.append(
        _row(
            "Whole check (demo policy, every rule, models included)",
            _latencies(lambda t: engine.check(Post(t)), texts),
            "target ≥ 3,000 posts/s",
        )
    )
    peers_note = []
    try:
        import profanity_check

        lines.append(
            _row(
                "alt-profanity-check, one post per call",
                _latencies(lambda t: profanity_check.predict_prob([t]), texts[:1000], repeats=1),
                "English only; 1,000 posts, one pass (slow per call)",
            )
        )
    except ImportError:
        profanity_check = None
        peers_note.append("alt-profanity-check not installed (`pip install -e '.[bench]'`).")
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        vader = SentimentIntensityAnalyzer()
        lines.append(_row("VADER sentiment", _latencies(vader.polarity_scores, texts), "English only"))
    except ImportError:
        vader = None
        peers_note.append("vaderSentiment not installed (`pip install -e '.[bench]'`).")

    if tox_rows:
        from sklearn.metrics import f1_score, roc_auc_score

        lines += [
            "",
            "Accuracy on the same held-out posts:",
            "",
            "| task | slice | n | Charte | peer |",
            "| --- | --- | ---: | ---: | ---: |",
        ]
        for lang in ("en", "fr"):
            rows = [r for r in tox_rows if r.lang == lang]
            y = np.array([r.label for r in rows])
            ours = np.array([model(r.text, lang)["toxicity"] for r in rows])
            peer = (
                f"{roc_auc_score(y, profanity_check.predict_prob([r.text for r in rows])):.3f} "
                "(alt-profanity-check)"
                if profanity_check
                else "–"
            )
            lines.append(
                f"| toxicity ROC-AUC | {lang} | {len(rows)} | {roc_auc_score(y, ours):.3f} | {peer} |"
            )
        for lang in ("en", "fr"):
            rows = [r for r in sent_rows if r.lang == lang]
            y = np.array([r.label for r in rows])
            labels = ("negative", "neutral", "positive")
            ours = np.array(
                [labels.index(max((s := model(r.text, lang)["sentiment"]), key=s.get)) for r in rows]
            )
            peer = "–"
            if vader:
                compound = np.array([vader.polarity_scores(r.text)["compound"] for r in rows])
                vpred = np.where(compound >= 0.05, 2, np.where(compound <= -0.05, 0, 1))
                peer = f"{f1_score(y, vpred, average='macro'):.3f} (VADER)"
            lines.append(
                f"| sentiment macro-F1 | {lang} | {len(rows)} | {f1_score(y, ours, average='macro'):.3f} "
                f"| {peer} |"
            )
    else:
        lines += ["", f"Accuracy skipped: training data not found at `{data}`."]
    if peers_note:
        lines += ["", *peers_note]
    return "\n".join(lines) + "\n"
