"""benchmarks/stale.py on a throwaway repository: what makes a section stale, what does not, and what a run
records (the freshness test of the real docs is tests/benchmarks/test_docs_fresh.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from benchmarks import _report, stale

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SECTION = '''"""A section."""

MEASURES = ("src/scorer.py", "benchmarks/bench_x.py")


def run() -> str:
    return "## x"
'''
SCORER = '''"""The scorer."""


def score(text: str) -> float:
    return len(text) / 10  # a comment
'''
BENCH = stale.DOCS[0]


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _commit(root: Path, files: dict[str, str], message: str) -> str:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)
    return _git(root, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str]:
    _git(tmp_path, "init", "-q", "-b", "main")
    first = _commit(
        tmp_path,
        {"benchmarks/bench_x.py": SECTION, "src/scorer.py": SCORER, "src/web.py": "PAGE = 1\n"},
        "first",
    )
    _commit(
        tmp_path,
        {"docs/benchmarks.md": f"# B\n\n{stale.marker('bench_x', first)}\n## x\n<!-- /section -->\n"},
        "doc",
    )
    return tmp_path, first


def _verdict(root: Path, recorded: str | None) -> stale.Verdict:
    return stale.check(root, BENCH, "bench_x", recorded, stale.declared(root, "bench_x"))


def test_fresh_until_a_measured_file_changes(repo: tuple[Path, str]) -> None:
    root, first = repo
    assert not _verdict(root, first).stale
    _commit(root, {"src/web.py": "PAGE = 2\n"}, "web only")
    assert not _verdict(root, first).stale, "a file the section does not measure changed"
    _commit(root, {"src/scorer.py": SCORER.replace("/ 10", "/ 20")}, "scorer: another scale")
    verdict = _verdict(root, first)
    assert verdict.stale and verdict.changed == ("src/scorer.py",)
    assert [c.split(" ", 2)[2] for c in verdict.commits] == ["scorer: another scale"]
    described = verdict.describe()
    assert "bench_x" in described and "src/scorer.py" in described
    assert "python -m benchmarks.run --only bench_x" in described


def test_comments_layout_and_the_declaration_do_not_make_it_stale(repo: tuple[Path, str]) -> None:
    root, first = repo
    _commit(
        root,
        {"src/scorer.py": SCORER.replace("# a comment", "# another comment").replace("(text)", "( text )")},
        "c",
    )
    section = SECTION.replace('"src/scorer.py", ', '"src/scorer.py", "src/other.py", ')
    _commit(root, {"benchmarks/bench_x.py": section}, "declaration")
    assert not _verdict(root, first).stale


def test_a_docstring_or_the_section_code_does_make_it_stale(repo: tuple[Path, str]) -> None:
    root, first = repo
    _commit(root, {"src/scorer.py": SCORER.replace("The scorer.", "The new scorer.")}, "doc")
    assert _verdict(root, first).stale
    root_section = SECTION.replace('"## x"', '"## y"')
    _commit(root, {"benchmarks/bench_x.py": root_section, "src/scorer.py": SCORER}, "section")
    assert _verdict(root, first).changed == ("benchmarks/bench_x.py",)


def test_a_record_that_cannot_be_trusted_is_stale(repo: tuple[Path, str]) -> None:
    root, first = repo
    for recorded, words in (
        (None, "records no commit"),
        ("unknown", "outside a git checkout"),
        ("failed", "last run failed"),
        (first + "-dirty", "uncommitted changes"),
        ("abc123", "unreadable commit"),
        ("0" * 40, "not in this clone"),
    ):
        verdict = _verdict(root, recorded)
        assert verdict.stale and words in verdict.reason, (recorded, verdict.reason)
    _git(root, "checkout", "-q", "-b", "elsewhere")
    other = _commit(root, {"src/web.py": "PAGE = 3\n"}, "elsewhere")
    _git(root, "checkout", "-q", "main")
    assert "not an ancestor" in _verdict(root, other).reason


def test_a_run_records_head_or_dirty(repo: tuple[Path, str]) -> None:
    root, _ = repo
    head = _git(root, "rev-parse", "HEAD")
    paths = stale.declared(root, "bench_x")
    assert stale.stamp(root, paths) == head
    (root / "src" / "web.py").write_text("PAGE = 9\n", encoding="utf-8")
    assert stale.stamp(root, paths) == head, "an edit outside what the section measures"
    (root / "src" / "scorer.py").write_text(SCORER + "\n# edited\n", encoding="utf-8")
    assert stale.stamp(root, paths) == head + stale.DIRTY
    assert stale.dirty_files(root, paths) == ["src/scorer.py"]


def test_survey_names_sections_never_run_and_sections_without_a_module(repo: tuple[Path, str]) -> None:
    root, _ = repo
    _commit(root, {"benchmarks/bench_y.py": SECTION.replace("bench_x", "bench_y")}, "y")
    doc = root / "docs" / "benchmarks.md"
    doc.write_text(
        doc.read_text(encoding="utf-8") + stale.marker("bench_gone", "unknown") + "\n", encoding="utf-8"
    )
    verdicts = {v.name: v for v in stale.survey(root)}
    assert not verdicts["bench_x"].stale
    assert "never run" in verdicts["bench_y"].reason
    assert "no module" in verdicts["bench_gone"].reason


def test_a_section_without_measures_or_with_an_unknown_group_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "bench_z.py").write_text(
        "def run() -> str:\n    return ''\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="declares no MEASURES"):
        stale.declared(tmp_path, "bench_z")
    (tmp_path / "benchmarks" / "bench_z.py").write_text('MEASURES = ("@nope",)\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown group '@nope'"):
        stale.declared(tmp_path, "bench_z")


def test_without_a_repository_nothing_is_decided(tmp_path: Path) -> None:
    assert "no git repository" in (stale.git_problem(tmp_path) or "")
    assert stale.stamp(tmp_path, ["src/"]) == "unknown"
    with pytest.raises(stale.GitUnavailable):
        stale.survey(tmp_path)


def test_the_report_writes_markers_the_survey_reads() -> None:
    block = _report._block("bench_x", "a" * 40, "## x\n\nbody")
    assert stale.recorded_commits(f"# t\n\n{_report.COMMITS}\n\n{block}\n") == {"bench_x": "a" * 40}
    assert stale.recorded_commits("<!-- section: bench_x -->\n") == {"bench_x": None}
