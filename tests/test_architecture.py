"""The layers of docs/architecture.md hold: import-linter's contracts (``[tool.importlinter]`` in pyproject.toml)
are kept by the code, and broken by an upward import or a circle planted in a copy of it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytest.importorskip("importlinter", reason="import-linter is in the test extra: pip install 'charte[test]'")

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(src: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}  # this tree's charte, not an installed one
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def test_the_code_keeps_every_contract() -> None:
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def copy_of_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("arch") / "src"
    shutil.copytree(
        ROOT / "src" / "charte",
        src / "charte",
        ignore=shutil.ignore_patterns("__pycache__", "artefacts", "data", "*.jsonl"),
    )
    return src


@pytest.mark.parametrize(
    ("module", "planted", "broken"),
    [
        ("engine/combine.py", "import charte.store.db", "Layers"),  # the engine reaching the database
        (
            "policy/model.py",
            "import charte.engine.engine",
            "Layers",
        ),  # a circle: the engine imports the policy
        ("web/templating.py", "import charte.api.deps", "Layers"),  # the pages reaching up into the API
        ("detectors/base.py", "import fastapi", "imports no server package"),  # the core needing the server
        ("engine/combine.py", "import charte.engine.engine", "No import circle"),  # siblings in a circle
    ],
)
def test_a_planted_import_breaks_a_contract(
    copy_of_src: Path, module: str, planted: str, broken: str
) -> None:
    path = copy_of_src / "charte" / module
    original = path.read_text(encoding="utf-8")
    path.write_text(
        original.replace(
            "from __future__ import annotations\n", f"from __future__ import annotations\n\n{planted}\n", 1
        ),
        encoding="utf-8",
    )
    try:
        result = lint_imports(copy_of_src)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 1, result.stdout[-3000:]
    assert re.search(rf"{re.escape(broken)}[^\n]* BROKEN", result.stdout), result.stdout[-3000:]


def test_the_documented_layers_are_the_contract() -> None:
    """docs/architecture.md lists the contract's layers, in its order, and its drawing is the generated one."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "layers")["layers"]
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `([a-z0-9_]+)` \|", doc.split("## The layers", 1)[1].split("\n## ", 1)[0], flags=re.M
    )
    assert rows == [name.strip().removeprefix("charte.") for layer in layers for name in layer.split("|")]

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from architecture_graph import mermaid
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    drawn = doc.split("<!-- graph:start -->\n", 1)[1].split("\n<!-- graph:end -->", 1)[0]
    assert drawn == mermaid(), "regenerate the drawing: PYTHONPATH=src python scripts/architecture_graph.py"
