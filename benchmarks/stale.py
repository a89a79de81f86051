"""Which sections of docs/benchmarks.md and docs/evaluation.md are older than the code they measure.

Each section's marker records the commit it was measured on (``<!-- section: NAME commit=SHA -->``,
written by ``benchmarks/_report.py``); each section module declares the paths it measures (``MEASURES``,
groups in ``benchmarks/_measures.py``). A section is stale when one of those files differs between the
recorded commit and ``HEAD`` — or when the record cannot be trusted: none, ``unknown`` (no git at the time),
``failed``, ``-dirty`` (measured with uncommitted changes to its files), a commit this clone lacks or one that
is not an ancestor of ``HEAD``. A Python file counts as changed when its syntax tree does, so a change to
comments, formatting or the ``MEASURES`` declaration itself leaves the figures current; anything else,
a docstring included, makes them stale.

    python -m benchmarks.stale              # list the stale sections and the command that refreshes each
    python -m benchmarks.stale --all        # every section, fresh ones too
    python -m benchmarks.stale --run [NAME…]  # rerun the stale ones (or those of them named), then list again

Exit status: 0 when every section is fresh, 1 when one is stale, 2 when git cannot answer or ``--run`` is
refused (uncommitted changes to files a stale section measures: a run on them would be recorded dirty).
tests/benchmarks/test_docs_fresh.py fails on the same verdicts.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks._measures import expand

ROOT = Path(__file__).resolve().parents[1]
SHA = re.compile(r"[0-9a-f]{40}")
#: A section's opening marker, alone on its line (as ``benchmarks/_report.py`` writes it).
MARKER = re.compile(r"^<!-- section: (?P<name>[\w.-]+)(?: commit=(?P<commit>\S+))? -->$", re.MULTILINE)
#: How many changed files and commits a verdict names (the rest are counted).
SHOWN = 12
DIRTY = "-dirty"


@dataclass(frozen=True)
class Doc:
    """A generated document: its path, the prefix of its section modules and the module that writes it."""

    path: str
    prefix: str
    runner: str


DOCS = (
    Doc("docs/benchmarks.md", "bench_", "benchmarks.run"),
    Doc("docs/evaluation.md", "eval_", "benchmarks.evaluate"),
)


@dataclass(frozen=True)
class Verdict:
    """One section's state: stale or not, why, and what changed since it was measured."""

    doc: Doc
    name: str
    recorded: str | None
    stale: bool
    reason: str
    changed: tuple[str, ...] = ()
    commits: tuple[str, ...] = field(default=())

    @property
    def command(self) -> str:
        return f"python -m {self.doc.runner} --only {self.name}"

    def describe(self) -> str:
        """Several lines: the section, the verdict, the files and commits since, the command to rerun."""
        head = f"{self.doc.path} § {self.name}: {'STALE' if self.stale else 'fresh'} — {self.reason}"
        if not self.stale:
            return head
        lines = [head]
        if self.changed:
            more = f" (+{len(self.changed) - SHOWN} more)" if len(self.changed) > SHOWN else ""
            lines.append(f"    changed since: {', '.join(self.changed[:SHOWN])}{more}")
        lines += [f"    commit: {c}" for c in self.commits[:SHOWN]]
        if len(self.commits) > SHOWN:
            lines.append(f"    (+{len(self.commits) - SHOWN} more commits: git log {self.recorded}..HEAD)")
        lines.append(f"    rerun: {self.command}")
        return "\n".join(lines)


class GitUnavailable(RuntimeError):
    """No git repository (or no git) at the root: freshness cannot be decided."""


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def git_problem(root: Path) -> str | None:
    """Why freshness cannot be checked here (no .git, no git), or None."""
    if not (root / ".git").exists():
        return f"no git repository at {root} (an sdist or an export): the recorded commits cannot be checked"
    try:
        result = git(root, "rev-parse", "--verify", "HEAD")
    except OSError as exc:
        return f"git cannot run: {exc}"
    if result.returncode != 0:
        return f"git rev-parse HEAD failed: {result.stderr.strip()}"
    return None


def declared(root: Path, name: str) -> tuple[str, ...]:
    """The paths the section module ``benchmarks/NAME.py`` declares in ``MEASURES``, groups expanded.

    Read from the source (``ast.literal_eval``), not by importing the module, so checking freshness needs
    neither the benchmark's dependencies nor its import time."""
    path = root / "benchmarks" / f"{name}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in tree.body:
        if _is_measures(node):
            assert isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
            value = ast.literal_eval(node.value)
            if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"benchmarks/{name}.py: MEASURES must be a tuple of strings")
            return expand(value, f"benchmarks/{name}.py MEASURES")
    raise ValueError(
        f"benchmarks/{name}.py declares no MEASURES: add a literal tuple of the paths it measures "
        "(see benchmarks/_measures.py)"
    )


def _is_measures(node: ast.stmt) -> bool:
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == "MEASURES" for t in node.targets)
    return (
        isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "MEASURES"
    )


def stamp(root: Path, paths: Sequence[str]) -> str:
    """What a section's marker records: the full commit of HEAD, ``-dirty`` when the measured files have
    uncommitted (or untracked) changes, ``unknown`` outside a git checkout."""
    if git_problem(root) is not None:
        return "unknown"
    head = git(root, "rev-parse", "HEAD").stdout.strip()
    status = git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths)
    return head + DIRTY if status.returncode != 0 or status.stdout.strip() else head


def marker(name: str, commit: str) -> str:
    return f"<!-- section: {name} commit={commit} -->"


def recorded_commits(text: str) -> dict[str, str | None]:
    """Section name -> the commit its marker records (None for a marker without one)."""
    return {m["name"]: m["commit"] for m in MARKER.finditer(text)}


def section_modules(root: Path, prefix: str) -> list[str]:
    return sorted(p.stem for p in (root / "benchmarks").glob(f"{prefix}*.py"))


def check(root: Path, doc: Doc, name: str, recorded: str | None, paths: Sequence[str]) -> Verdict:
    """The verdict on one section measured on ``recorded`` whose module measures ``paths``."""

    def stale(reason: str, changed: tuple[str, ...] = (), commits: tuple[str, ...] = ()) -> Verdict:
        return Verdict(doc, name, recorded, True, reason, changed, commits)

    if recorded is None:
        return stale("its marker records no commit (written before commits were recorded, or by hand)")
    if recorded == "unknown":
        return stale("measured outside a git checkout: the commit is unknown")
    if recorded == "failed":
        return stale("its last run failed")
    if recorded.endswith(DIRTY):
        return stale(
            f"measured on {recorded[:12]} with uncommitted changes to the files it measures: commit, then rerun"
        )
    if not SHA.fullmatch(recorded):
        return stale(f"unreadable commit {recorded!r} in its marker (a full 40-digit sha is expected)")
    if git(root, "cat-file", "-e", f"{recorded}^{{commit}}").returncode != 0:
        shallow = git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"
        hint = (
            "this clone is shallow: fetch the history (`git fetch --unshallow`) or rerun the section"
            if shallow
            else "measured on a commit this repository does not have (another clone, a rebased branch)"
        )
        return stale(f"commit {recorded[:12]} is not in this clone — {hint}")
    if git(root, "merge-base", "--is-ancestor", recorded, "HEAD").returncode != 0:
        return stale(f"commit {recorded[:12]} is not an ancestor of HEAD (measured on another branch)")
    diff = git(root, "diff", "--name-only", "--no-renames", recorded, "HEAD", "--", *paths)
    if diff.returncode != 0:
        return stale(f"git diff failed: {diff.stderr.strip()}")
    sections = {f"benchmarks/{n}.py" for d in DOCS for n in section_modules(root, d.prefix)}
    changed = tuple(
        p for p in diff.stdout.split() if not _same_code(root, p, recorded, strip_measures=p in sections)
    )
    if not changed:
        return Verdict(
            doc, name, recorded, False, f"measured on {recorded[:12]}; nothing it measures changed"
        )
    log = git(root, "log", "--format=%h %ad %s", "--date=short", f"{recorded}..HEAD", "--", *changed)
    commits = tuple(line[:140] for line in log.stdout.splitlines())
    return stale(
        f"measured on {recorded[:12]}; {len(changed)} measured file(s) changed since, in {len(commits)} commit(s)",
        changed,
        commits,
    )


def _same_code(root: Path, path: str, old: str, *, strip_measures: bool) -> bool:
    """Whether a Python file says the same at ``old`` and HEAD once comments, layout (and, in a section
    module, the MEASURES declaration) are set aside. Any other file: changed."""
    if not path.endswith(".py"):
        return False
    trees = []
    for rev in (old, "HEAD"):
        shown = git(root, "show", f"{rev}:{path}")
        if shown.returncode != 0:
            return False  # added or removed since
        try:
            tree = ast.parse(shown.stdout)
        except SyntaxError:
            return False
        if strip_measures:
            tree.body = [n for n in tree.body if not _is_measures(n)]
        trees.append(ast.dump(tree))
    return trees[0] == trees[1]


def survey(root: Path = ROOT) -> list[Verdict]:
    """Every section of both documents, and every section module that has no section yet."""
    problem = git_problem(root)
    if problem is not None:
        raise GitUnavailable(problem)
    verdicts: list[Verdict] = []
    for doc in DOCS:
        path = root / doc.path
        records = recorded_commits(path.read_text(encoding="utf-8")) if path.exists() else {}
        modules = section_modules(root, doc.prefix)
        for name in modules:
            if name not in records:
                verdicts.append(Verdict(doc, name, None, True, f"no section in {doc.path}: never run"))
                continue
            verdicts.append(check(root, doc, name, records[name], declared(root, name)))
        for name in sorted(set(records) - set(modules)):
            verdicts.append(
                Verdict(doc, name, records[name], True, f"no module benchmarks/{name}.py: drop the section")
            )
    return verdicts


def dirty_files(root: Path, paths: Sequence[str]) -> list[str]:
    status = git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths)
    return [line[3:] for line in status.stdout.splitlines()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.stale", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--all", action="store_true", help="list the fresh sections too")
    parser.add_argument(
        "--run", action="store_true", help="rerun the stale sections, each in its own process"
    )
    parser.add_argument("names", nargs="*", help="with --run: only these sections (if stale)")
    args = parser.parse_args(argv)
    try:
        verdicts = survey(ROOT)
    except GitUnavailable as exc:
        print(f"cannot tell: {exc}", file=sys.stderr)
        return 2
    _print(verdicts, every=args.all)
    todo = [v for v in verdicts if v.stale and (not args.names or v.name in args.names)]
    if not args.run or not todo:
        return 1 if any(v.stale for v in verdicts) else 0
    runnable = [v for v in todo if (ROOT / "benchmarks" / f"{v.name}.py").exists()]
    dirty = sorted({f for v in runnable for f in dirty_files(ROOT, declared(ROOT, v.name))})
    if dirty:
        print(
            "refused: uncommitted changes to measured files (a run on them is recorded dirty and stays stale); "
            "commit them first:\n  " + "\n  ".join(dirty),
            file=sys.stderr,
        )
        return 2
    for verdict in runnable:
        print(f"\n$ {verdict.command}", file=sys.stderr, flush=True)
        subprocess.run(
            [sys.executable, "-m", verdict.doc.runner, "--only", verdict.name], cwd=ROOT, check=False
        )
    after = survey(ROOT)
    print(file=sys.stderr)
    _print(after, every=args.all)
    return 1 if any(v.stale for v in after) else 0


def _print(verdicts: Sequence[Verdict], *, every: bool) -> None:
    stale = [v for v in verdicts if v.stale]
    for verdict in verdicts:
        if verdict.stale or every:
            print(verdict.describe())
    print(f"{len(stale)} stale section(s), {len(verdicts) - len(stale)} fresh.")


if __name__ == "__main__":
    sys.exit(main())
