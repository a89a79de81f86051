"""Worst cases of a hostile policy: the loader on YAML bombs, the checker on adversarial posts
against adversarial terms (docs/security.md).

Every load runs in a fresh child process, so its time and peak memory (growth of the child's peak
resident set over its state after the imports) are its own; the child has an address-space cap and a
time-out, so a regression shows as a failed row instead of freezing the machine. The tests
(tests/policy/test_loader_limits.py, tests/detectors/test_terms_linear.py) use the same inputs.
"""

from __future__ import annotations

import json
import os
import random
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from benchmarks._report import ROOT

#: What this section measures (benchmarks/_measures.py): the loader and every detector on hostile policies
#: (engine without models).
MEASURES = (
    "@rules",
    "policies/generic.en.yaml",
    "benchmarks/bench_policy_limits.py",
)

STARTER = ROOT / "policies" / "generic.en.yaml"
CHILD_MEMORY_CAP = 3 << 30  # bytes of address space: a bomb stops here instead of eating the machine
CHILD_TIMEOUT = 60.0

# --- hostile policies ------------------------------------------------------------------------------


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """ "Billion laughs": each anchor lists ``width`` aliases of the previous one (9⁹ ≈ 387 M strings)."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def deep_flow(depth: int = 100_000) -> str:
    return "a: " + "[" * depth + "\n"


def deep_block(depth: int = 1_000) -> str:
    return "".join(f"{' ' * i}k{i}:\n" for i in range(depth)) + f"{' ' * depth}v\n"


def many_values(size: int = 990_000) -> str:
    """Just under 1 MB of one-character list items: ~250,000 values."""
    text, i = ["x:\n"], 0
    total = 3
    while total + 6 <= size:
        text.append("  - a\n")
        total += 6
        i += 1
    return "".join(text)


def oversize(size: int = 1_200_000) -> str:
    return "comment: " + "x" * size + "\n"


def long_integer(digits: int = 5_000) -> str:
    return "n: " + "1" * digits + "\n"


#: Adversarial terms: separators that today's patterns turn into gaps, in a row.
HOSTILE_TERMS = (
    "x" + " -" * 16 + " y",
    "x" + " ." * 16 + " y",
    "x" + " '" * 16 + " y",
    "x" + " _" * 16 + " y",
    "x" + " " * 40 + "y",
    "a" * 30 + " b",
)


def hostile_policy(terms: tuple[str, ...] = HOSTILE_TERMS) -> str:
    """The English generic starter with ``terms`` in every list of terms a policy can hold."""
    data = yaml.safe_load(STARTER.read_text(encoding="utf-8"))
    words = list(terms)
    org = data["organisation"]
    org["brands"] = [*org["brands"], *words]
    org["competitors"] = [*org["competitors"], *words]
    org["products"] = words
    data["legal"]["confidential"]["terms"] = words
    data["legal"]["confidential"]["code_names"] = words
    data["legal"]["quiet_periods"] = [
        {"name": "Q4", "start": "2026-01-01", "end": "2026-12-31", "topics": words}
    ]
    extra: dict[str, dict[str, Any]] = {
        "confidential": {"terms": words},
        "toxicity": {"terms": words},
        "negativity": {"targets": words},
        "spokesperson": {"statements": words, "complaint_phrases": words},
        "disclosure": {"promotion_phrases": words, "mention_terms": words, "disclaimers": words},
        "quiet_period": {"extra_topics": words},
        "pii": {"patterns": [{"entity": "HOSTILE", "regex": "(a|aa)*(x|-)+y", "context": words}]},
        "secrets": {"patterns": ["(a+)+$", "(x|x-)*y"]},
    }
    seen = set()
    for rule in data["rules"]:
        detector = rule["detector"]
        if detector in extra and detector not in seen:
            seen.add(detector)
            rule["params"] = {**(rule.get("params") or {}), **extra[detector]}
    missing = set(extra) - seen
    if missing:
        raise RuntimeError(f"the starter has no rule for {sorted(missing)}: update hostile_policy")
    data.pop("tests", None)  # the starter's own cases do not hold under hostile names
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


class _NoAliases(yaml.SafeDumper):
    """Writes shared lists out in full (policies refuse aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def hostile_posts(length: int) -> dict[str, str]:
    """Posts that make a backtracking engine try every split of a run of separators."""

    def run(unit: str, head: str = "x", tail: str = "") -> str:
        return head + unit * ((length - len(head) - len(tail)) // len(unit)) + tail

    return {
        "dashes": run("-"),
        "dots": run(". "),
        "spaces": run(" "),
        "apostrophes": run(" '"),
        "underscores": run("_"),
        "letters": run("a", head=""),
        "hosts": run("www.", head="", tail="lumio.fr"),
        "mixed": run("x -'. _"),
    }


def many_terms(count: int = 4_000, letters: int = 5) -> str:
    """The starter with ``count`` confidential terms of four random words (~25 characters each)."""
    rng = random.Random(3)
    data = yaml.safe_load(STARTER.read_text(encoding="utf-8"))
    data["legal"]["confidential"]["terms"] = [
        " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(letters)) for _ in range(4))
        for _ in range(count)
    ]
    data.pop("tests", None)
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1 << 30)


BOMBS: dict[str, Callable[[], str]] = {
    "alias bomb (9 anchors × 9 aliases)": alias_bomb,
    "flow nesting, 100,000 `[`": deep_flow,
    "block nesting, 1,000 levels": deep_block,
    "~250,000 values, just under 1 MB": many_values,
    "1.2 MB file": oversize,
    "5,000-digit integer": long_integer,
    "hostile terms in every list (accepted)": hostile_policy,
    "4,000 confidential terms (accepted: 80,000 characters)": many_terms,
    "15,000 confidential terms (420,000 characters)": lambda: many_terms(15_000, 7),
}

# --- measuring in a child process ------------------------------------------------------------------

_CHILD = r"""
import json, resource, sys, time
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from charte.engine.engine import CheckEngine
from charte.errors import PolicyError
from charte.policy.loader import load_policy_file
from charte.domain import Post
from charte.detectors import registry
registry.load()  # the detector modules are imported once per process, whatever the policy: not its cost
mode = sys.argv[2]
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    engine = CheckEngine(load_policy_file(sys.argv[1]), scorer=None)
    outcome = "loaded"
except PolicyError as exc:
    engine, outcome = None, "refused: " + exc.issues[0].message
seconds = time.perf_counter() - started
out = {"outcome": outcome, "seconds": seconds,
       "peak_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024}
if mode == "check" and engine is not None:
    posts = json.loads(sys.stdin.read())
    out["checks"] = {}
    for name, text in posts.items():
        best = float("inf")
        for _ in range(int(sys.argv[4])):
            started = time.perf_counter()
            engine.check(Post(text, lang="en"))
            best = min(best, time.perf_counter() - started)
        out["checks"][name] = best
print(json.dumps(out))
"""


def measure(
    text: str,
    posts: dict[str, str] | None = None,
    *,
    timeout: float = CHILD_TIMEOUT,
    memory_cap: int = CHILD_MEMORY_CAP,
    repeat: int = 1,
) -> dict[str, Any]:
    """Load ``text`` as a policy file (and check ``posts``) in a child process.

    Returns ``outcome`` ("loaded", "refused: …", "crashed: …" or "timed out"), ``seconds``, ``peak_mb``
    and, for ``posts``, ``checks``: seconds per post name (the best of ``repeat`` runs).
    """
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8", delete=False) as handle:
        handle.write(text)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _CHILD,
                handle.name,
                "check" if posts else "load",
                str(memory_cap),
                str(repeat),
            ],
            input=json.dumps(posts or {}),
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": "timed out", "seconds": time.perf_counter() - started, "peak_mb": float("nan")}
    finally:
        Path(handle.name).unlink(missing_ok=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {
            "outcome": f"crashed: {last[:200]}",
            "seconds": time.perf_counter() - started,
            "peak_mb": float("nan"),
        }
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- the report section ----------------------------------------------------------------------------


def run() -> str:
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = ["| policy file | size | outcome | time | peak memory |", "| --- | ---: | --- | ---: | ---: |"]
    for name, make in BOMBS.items():
        text = make()
        got = measure(text)
        rows.append(
            f"| {name} | {len(text.encode()):,} B | {got['outcome'][:90]} | {got['seconds']:.2f} s "
            f"| {got['peak_mb']:.0f} MB |"
        )
    lengths = (10_000, 100_000, 400_000)
    checks: dict[int, dict[str, float]] = {}
    for length in lengths:
        got = measure(hostile_policy(), hostile_posts(length), timeout=600.0, repeat=3)
        checks[length] = got.get("checks", {})
    names = list(hostile_posts(lengths[0]))
    post_rows = [
        f"| post ({len(names)} kinds) | {' | '.join(f'{n:,} chars' for n in lengths)} |",
        "| --- |" + " ---: |" * len(lengths),
    ]
    for name in names:
        cells = []
        for n in lengths:
            seconds = checks[n].get(name, float("nan"))
            cells.append(f"{seconds * 1000:,.0f} ms ({seconds / n * 1e6:.2f} µs/char)")
        post_rows.append(f"| {name} | {' | '.join(cells)} |")
    return "\n".join(
        [
            "## Hostile policies: loader bounds and term matching",
            "",
            "A policy is written by an organisation admin. Each file below is loaded (and compiled into a check "
            "engine) in a fresh process; the time and the growth of peak resident memory are that process's "
            f"(cap {CHILD_MEMORY_CAP >> 30} GB of address space, time-out {CHILD_TIMEOUT:.0f} s). Budget: any file "
            "≤ 1 MB loads or is refused in ≤ 2 s and ≤ 200 MB. `benchmarks/bench_policy_limits.py`; load average "
            f"when the section started: {load} on {os.cpu_count()} cores (1/5/15 min).",
            "",
            *rows,
            "",
            "The policy with hostile terms in every list (confidential terms and code names, brands, competitors, "
            "products, quiet-period topics, spokesperson, disclosure, negativity and toxicity terms, PII and secret "
            "patterns) then checks posts built to make a backtracking engine try every split of a run of "
            "separators (rules only, models off; best of 3 runs). Linear time: the cost per character stays flat "
            "when the post grows fortyfold (the shortest posts are a little cheaper per character: fixed costs and "
            "caches). Before the fix (issue 10) the time grew exponentially with the length of the run; "
            "tests/detectors/test_terms_linear.py, on the same posts, failed on that code.",
            "",
            *post_rows,
        ]
    )
