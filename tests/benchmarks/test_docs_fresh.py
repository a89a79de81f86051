"""docs/benchmarks.md and docs/evaluation.md are not older than the code they measure (issue "One house").

Each section's marker records the commit it measured; each section module declares the paths it measures
(``MEASURES``). The first test fails when a measured file differs between that commit and HEAD and says which
command refreshes the section; the second keeps the declarations honest (every path exists, and what a
section imports is declared). ``python -m benchmarks.stale`` prints the same verdicts; ``--run`` refreshes.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from benchmarks import stale

ROOT = Path(__file__).resolve().parents[2]
#: Imported by sections without being measured: the package marker, the report's plumbing (ROOT, the writer),
#: and the exception tree (raised only on failure, caught to say a section was skipped).
NOT_MEASURED = {"benchmarks/__init__.py", "benchmarks/_report.py", "src/charte/errors.py"}


def _require_git() -> None:
    problem = stale.git_problem(ROOT)
    if problem is None:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true needs a git checkout with its history to check the docs' freshness: {problem}")
    pytest.skip(problem)


def test_every_section_of_the_generated_docs_is_fresh() -> None:
    _require_git()
    stale_ones = [v for v in stale.survey(ROOT) if v.stale]
    if stale_ones:
        pytest.fail(
            f"{len(stale_ones)} section(s) older than the code they measure:\n\n"
            + "\n\n".join(v.describe() for v in stale_ones)
            + "\n\nCommit the code, then refresh these sections: `make stale RUN=1` "
            "(python -m benchmarks.stale --run) reruns exactly them.",
            pytrace=False,
        )


def _module_file(name: str) -> str | None:
    """The repository path of an importable module of this project (charte.* or benchmarks.*), or None."""
    parts = name.split(".")
    base = ROOT / "src" if parts[0] == "charte" else ROOT if parts[0] == "benchmarks" else None
    if base is None:
        return None
    stem = base.joinpath(*parts)
    for candidate in (stem.with_suffix(".py"), stem / "__init__.py"):
        if candidate.is_file():
            return candidate.relative_to(ROOT).as_posix()
    return None


def _imported_files(path: Path) -> set[str]:
    """The project files a module imports directly, at any depth (imports inside functions included)."""
    files: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from charte import normalize` imports the module charte.normalize when there is one.
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        for name in names:
            found = _module_file(name)
            if found is not None:
                files.add(found)
    return files


def _covered(file: str, paths: tuple[str, ...]) -> bool:
    return any(file == p or (p.endswith("/") and file.startswith(p)) for p in paths)


SECTIONS = [name for doc in stale.DOCS for name in stale.section_modules(ROOT, doc.prefix)]


@pytest.mark.parametrize("name", SECTIONS)
def test_a_section_declares_what_it_measures(name: str) -> None:
    paths = stale.declared(ROOT, name)
    missing = [p for p in paths if not (ROOT / p).exists() or (p.endswith("/") and not (ROOT / p).is_dir())]
    assert not missing, f"benchmarks/{name}.py MEASURES names paths that do not exist: {missing}"
    assert f"benchmarks/{name}.py" in paths, f"benchmarks/{name}.py must measure itself"
    # The section and the helper modules of benchmarks/ it declares: what they import is measured too.
    modules = [p for p in paths if p.startswith("benchmarks/") and p.endswith(".py")]
    undeclared = {
        f"{file} (imported by {module})"
        for module in modules
        for file in _imported_files(ROOT / module)
        if file not in NOT_MEASURED and not _covered(file, paths)
    }
    assert not undeclared, f"benchmarks/{name}.py MEASURES leaves out: {sorted(undeclared)}"
    source = (ROOT / "benchmarks" / f"{name}.py").read_text(encoding="utf-8")
    data = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "benchmarks" / "data").iterdir()
        if f'"{p.name}"' in source and not _covered(p.relative_to(ROOT).as_posix(), paths)
    ]
    assert not data, f"benchmarks/{name}.py reads {data} without declaring it in MEASURES"
