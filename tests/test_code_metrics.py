"""scripts/code_metrics.py: the closing note's before/after figures, measured on a throwaway repository."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("radon")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ROOT = Path(__file__).resolve().parents[1]
BRANCHY = """def branchy(x: int) -> str:
    if x > 2:
        return "big"
    elif x > 1:
        return "mid"
    for _ in range(x):
        pass
    return "small"
"""
TWICE = """
def {name}(rows):
    total = 0
    for row in rows:
        total += row.price * row.quantity
        total -= row.discount
        total += row.shipping_cost
    result = round(total, 2)
    return result
"""


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("code_metrics", ROOT / "scripts" / "code_metrics.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["code_metrics"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_sizes_complexity_and_duplicates_of_a_committed_tree(tmp_path: Path) -> None:
    metrics = _script()
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    (tmp_path / "tests").mkdir()
    (tmp_path / "src" / "pkg" / "a.py").write_text(BRANCHY, encoding="utf-8")
    twice = TWICE.format(name="first") + TWICE.format(name="second")
    (tmp_path / "src" / "pkg" / "b.py").write_text(f'"""Two of a kind."""\n{twice}', encoding="utf-8")
    (tmp_path / "tests" / "test_a.py").write_text(
        "def test_a() -> None:\n    assert True\n", encoding="utf-8"
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "one")
    # Uncommitted work is not measured: the committed tree is.
    (tmp_path / "src" / "pkg" / "c.py").write_text("X = 1\n", encoding="utf-8")

    result = metrics.measure(tmp_path, "HEAD", top=1)

    assert result.sizes["src"].files == 2
    assert result.sizes["src"].lines == len(BRANCHY.splitlines()) + 1 + len(twice.splitlines())
    assert result.sizes["tests"].files == 1 and result.sizes["tests"].lines == 2
    assert [(c.complexity, c.name, c.where) for c in result.complex] == [
        (4, "branchy", "src/pkg/a.py:1")
    ]  # 1 + if, elif, for
    if shutil.which("duplicates") is None:
        assert result.duplicates is None
    else:
        assert result.duplicates["src"][0] == 1 and result.duplicates["tests"][0] == 0
    text = metrics.render([result])
    assert "python scripts/code_metrics.py HEAD" in text and "`branchy`" in text


def test_an_unknown_revision_is_a_clear_error(tmp_path: Path) -> None:
    metrics = _script()
    _git(tmp_path, "init", "-q")
    with pytest.raises(SystemExit, match="git rev-parse"):
        metrics.measure(tmp_path, "no-such-revision")
