"""Shared plumbing: discover section modules, run them, write one Markdown report.

Each section is written between ``<!-- section: NAME commit=SHA -->`` and ``<!-- /section -->``: the commit
is the one the section measured (``-dirty`` when the files it measures had uncommitted changes, ``failed``
when it failed), so that ``python -m benchmarks.stale`` can tell when it is older than its code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import pkgutil
import platform
import re
import sys
import time
import traceback
from pathlib import Path

from benchmarks import stale

ROOT = Path(__file__).resolve().parents[1]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} "
        f"{platform.release()}; last run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )


COMMITS = (
    "- Commits: each section's marker (`<!-- section: NAME commit=SHA -->`) records the commit it measured; "
    "`make stale` lists the sections whose code changed since, `make stale RUN=1` reruns them."
)


def run_sections(prefix: str, title: str, command: str, output: Path, intro: str) -> None:
    """Run every ``benchmarks/<prefix>*.py`` module's ``run() -> str`` and write the report."""
    parser = argparse.ArgumentParser(description=title)
    parser.add_argument(
        "--only",
        help="run only these sections: comma-separated module names (a name that is no module's selects "
        "the modules whose name contains it)",
    )
    args = parser.parse_args()
    import benchmarks

    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith(prefix))
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        names = [n for n in names if n in wanted or any(w not in names and w in n for w in wanted)]
    # Every section says what it measures before anything runs (a missing declaration is an error here).
    measures = {name: stale.declared(ROOT, name) for name in names}
    sections: dict[str, tuple[str, str]] = {}
    for name in names:
        started = time.perf_counter()
        print(f"[{name}] running…", file=sys.stderr, flush=True)
        before = stale.stamp(ROOT, measures[name])
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            body = module.run().strip()
            after = stale.stamp(ROOT, measures[name])
            # The code changed under the run (a commit, an edit): which version was measured is unknown.
            commit = before if before == after or before.endswith(stale.DIRTY) else before + stale.DIRTY
        except Exception as exc:  # one broken section must not lose the figures of the others
            traceback.print_exc()
            body = f"## {name}\n\nThis section failed in this run: {type(exc).__name__}: {exc}"
            commit = "failed"
        sections[name] = (commit, body)
        print(f"[{name}] done in {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    if args.only and output.exists():
        # Refresh only these sections, keep the others as they were measured.
        text = output.read_text(encoding="utf-8")
        for name, (commit, body) in sections.items():
            block = _block(name, commit, body)
            pattern = re.compile(
                rf"^<!-- section: {re.escape(name)}(?: commit=\S+)? -->$.*?<!-- /section -->",
                re.DOTALL | re.MULTILINE,
            )
            text = (
                pattern.sub(lambda _m, b=block: b, text)
                if pattern.search(text)
                else text + "\n" + block + "\n"
            )
        text = re.sub(r"- Machine: .*", f"- Machine: {machine()}", text, count=1)
        output.write_text(text, encoding="utf-8")
    else:
        header = f"# {title}\n\n{intro}\n\n- Command: `{command}`\n- Machine: {machine()}\n{COMMITS}\n"
        body = "\n\n".join(_block(name, commit, text) for name, (commit, text) in sections.items())
        output.write_text(header + "\n" + body + "\n", encoding="utf-8")
    print(f"wrote {output.relative_to(ROOT)}", file=sys.stderr)


def _block(name: str, commit: str, body: str) -> str:
    return f"{stale.marker(name, commit)}\n{body}\n<!-- /section -->"
