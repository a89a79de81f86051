"""Size, complexity and duplication of the code at given git revisions: the "before" and "after" figures of
a closing note come from this command, not from prose.

    python scripts/code_metrics.py                  # HEAD
    python scripts/code_metrics.py b4e535f HEAD     # before and after, side by side

For each revision, the committed tree (``git archive``: the working tree's uncommitted changes are not seen)
is unpacked into a temporary folder and measured there:

* files and lines under ``src/`` and ``tests/`` (Python files; every line, and radon's source lines without
  blanks, comments and docstrings);
* the most complex functions of ``src/`` (radon's cyclomatic complexity; a method is named Class.method);
* the duplicate report of the ``duplicates`` tool, when it is on PATH, for ``src/`` and ``tests/`` apart.

Requires radon (the ``test`` extra).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from radon.complexity import cc_visit
from radon.raw import analyze
from radon.visitors import Function

ROOT = Path(__file__).resolve().parents[1]
TREES = ("src", "tests")
DUPLICATES_SECONDS = 120
#: The first line of a ``duplicates`` report: "N pairs of places (M files read), …" or "no duplicates …".
PAIRS = re.compile(r"^(?P<pairs>\d+) pairs? of places|^no duplicates")
BOILERPLATE = re.compile(r"(?P<n>\d+) of those marked boilerplate")


@dataclass(frozen=True)
class Size:
    files: int
    lines: int
    sloc: int


@dataclass(frozen=True)
class Complex:
    complexity: int
    name: str
    where: str


@dataclass(frozen=True)
class Metrics:
    revision: str
    commit: str
    sizes: dict[str, Size]
    complex: list[Complex]
    #: tree -> (pairs, of which boilerplate, the report's first line); None when the tool is not installed.
    duplicates: dict[str, tuple[int, int, str]] | None


def export(root: Path, revision: str, dest: Path) -> str:
    """Unpack ``src/`` and ``tests/`` of ``revision`` into ``dest``; return the full commit id."""
    commit = _git(root, "rev-parse", "--verify", f"{revision}^{{commit}}").strip()
    present = [t for t in TREES if _git(root, "ls-tree", "--name-only", commit, t).strip()]
    archive = subprocess.run(["git", "archive", commit, *present], cwd=root, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return commit


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def _python_files(tree: Path) -> Iterator[Path]:
    return (p for p in sorted(tree.rglob("*.py")) if p.is_file())


def size(tree: Path) -> Size:
    files = lines = sloc = 0
    for path in _python_files(tree):
        text = path.read_text(encoding="utf-8", errors="replace")
        files += 1
        lines += len(text.splitlines())
        sloc += analyze(text).sloc
    return Size(files, lines, sloc)


def most_complex(tree: Path, base: Path, top: int) -> list[Complex]:
    found: list[Complex] = []
    for path in _python_files(tree):
        where = path.relative_to(base).as_posix()
        try:
            blocks = cc_visit(path.read_text(encoding="utf-8", errors="replace"))
        except SyntaxError:
            continue
        # radon lists every function and method once as a Function (a Class's methods are listed again).
        for function in blocks:
            if isinstance(function, Function):
                name = f"{function.classname}.{function.name}" if function.classname else function.name
                found.append(Complex(function.complexity, name, f"{where}:{function.lineno}"))
    return sorted(found, key=lambda c: (-c.complexity, c.where))[:top]


def duplicates(tree: Path) -> tuple[int, int, str] | None:
    tool = shutil.which("duplicates")
    if tool is None or not tree.is_dir():
        return None
    report = subprocess.run(
        [tool, "--repo", str(tree), "--seconds", str(DUPLICATES_SECONDS)], capture_output=True, text=True
    )
    first = report.stdout.splitlines()[0] if report.stdout.strip() else "(no output)"
    match = PAIRS.match(first)
    pairs = int(match["pairs"]) if match and match["pairs"] else 0
    boilerplate = BOILERPLATE.search(first)
    return pairs, int(boilerplate["n"]) if boilerplate else 0, first


def measure(root: Path, revision: str, top: int = 10) -> Metrics:
    with tempfile.TemporaryDirectory(prefix="charte-metrics-") as tmp:
        base = Path(tmp)
        commit = export(root, revision, base)
        sizes = {t: size(base / t) for t in TREES}
        complex_ = most_complex(base / "src", base, top)
        dups = {t: d for t in TREES if (d := duplicates(base / t)) is not None}
        return Metrics(revision, commit, sizes, complex_, dups if shutil.which("duplicates") else None)


def render(results: Sequence[Metrics]) -> str:
    heads = " | ".join(f"`{m.revision}` ({m.commit[:9]})" for m in results)
    rule = " | ".join("---:" for _ in results)
    lines = [
        f"Measured by `python scripts/code_metrics.py {' '.join(m.revision for m in results)}` "
        "(committed trees; radon cyclomatic complexity).",
        "",
        f"| Python code | {heads} |",
        f"| --- | {rule} |",
    ]
    for tree in TREES:
        sizes = [m.sizes[tree] for m in results]
        lines.append(f"| `{tree}/` files | " + " | ".join(f"{s.files:,}" for s in sizes) + " |")
        lines.append(f"| `{tree}/` lines | " + " | ".join(f"{s.lines:,}" for s in sizes) + " |")
        lines.append(
            f"| `{tree}/` source lines (no blanks, comments, docstrings) | "
            + " | ".join(f"{s.sloc:,}" for s in sizes)
            + " |"
        )
    for tree in TREES:
        cells = []
        for m in results:
            found = m.duplicates.get(tree) if m.duplicates is not None else None
            cells.append(f"{found[0]} ({found[0] - found[1]} not boilerplate)" if found else "n/a")
        lines.append(f"| `{tree}/` duplicate pairs (`duplicates`) | " + " | ".join(cells) + " |")
    for m in results:
        lines += [
            "",
            f"Most complex functions of `src/` at `{m.revision}`:",
            "",
            "| complexity | function | where |",
            "| ---: | --- | --- |",
        ]
        lines += [f"| {c.complexity} | `{c.name}` | `{c.where}` |" for c in m.complex]
        if m.duplicates is None:
            lines += ["", "`duplicates` is not on PATH: no duplicate report."]
        else:
            lines += ["", f"`duplicates` at `{m.revision}`:"]
            lines += [f"- `{tree}/`: {first}" for tree, (_, _, first) in m.duplicates.items()]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("revisions", nargs="*", default=["HEAD"], help="git revisions (default HEAD)")
    parser.add_argument("--top", type=int, default=10, help="how many of the most complex functions")
    args = parser.parse_args(argv)
    if args.top < 1:
        parser.error("--top must be at least 1")
    print(render([measure(ROOT, rev, args.top) for rev in args.revisions]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
