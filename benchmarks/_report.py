"""Shared plumbing: discover section modules, run them, write one Markdown report."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import pkgutil
import platform
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path

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
    commit = (
        subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        or "unknown"
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} "
        f"{platform.release()}; commit {commit}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )


def run_sections(prefix: str, title: str, command: str, output: Path, intro: str) -> None:
    """Run every ``benchmarks/<prefix>*.py`` module's ``run() -> str`` and write the report."""
    parser = argparse.ArgumentParser(description=title)
    parser.add_argument("--only", help="run only the sections whose module name contains this")
    args = parser.parse_args()
    import benchmarks

    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith(prefix))
    if args.only:
        names = [n for n in names if args.only in n]
    sections: dict[str, str] = {}
    for name in names:
        started = time.perf_counter()
        print(f"[{name}] running…", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            sections[name] = module.run().strip()
        except Exception as exc:  # one broken section must not lose the figures of the others
            traceback.print_exc()
            sections[name] = f"## {name}\n\nThis section failed in this run: {type(exc).__name__}: {exc}"
        print(f"[{name}] done in {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    if args.only and output.exists():
        # Refresh only these sections, keep the others as they were measured.
        text = output.read_text(encoding="utf-8")
        for name, body in sections.items():
            block = _block(name, body)
            pattern = re.compile(rf"<!-- section: {re.escape(name)} -->.*?<!-- /section -->", re.DOTALL)
            text = (
                pattern.sub(lambda _m, b=block: b, text)
                if pattern.search(text)
                else text + "\n" + block + "\n"
            )
        text = re.sub(r"- Machine: .*", f"- Machine: {machine()}", text, count=1)
        output.write_text(text, encoding="utf-8")
    else:
        header = f"# {title}\n\n{intro}\n\n- Command: `{command}`\n- Machine: {machine()}\n"
        body = "\n\n".join(_block(name, text) for name, text in sections.items())
        output.write_text(header + "\n" + body + "\n", encoding="utf-8")
    print(f"wrote {output.relative_to(ROOT)}", file=sys.stderr)


def _block(name: str, body: str) -> str:
    return f"<!-- section: {name} -->\n{body}\n<!-- /section -->"
