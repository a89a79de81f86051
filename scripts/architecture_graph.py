"""Draw the imports between Charte's packages as a Mermaid graph, for ``docs/architecture.md``.

Each arrow is "imports"; an arrow that import-linter's contracts ignore (a known exception waiting for its
step of issue 11) is dotted. ``charte.errors`` is left out: every layer may raise and catch its errors.
``tests/test_architecture.py`` fails when the drawing in the document is not what this prints:

    PYTHONPATH=src .venv/bin/python scripts/architecture_graph.py
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
LEFT_OUT = {"charte.errors"}


def _layer_order() -> tuple[list[str], set[tuple[str, str]]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["id"] == "layers")
    order = [name.strip() for layer in contract["layers"] for name in layer.split("|")]
    ignored = {
        (_top(a.strip()), _top(b.strip()))
        for a, b in (rule.split("->") for rule in contract.get("ignore_imports", []))
    }
    return order, ignored


def _top(module: str) -> str:
    return ".".join(module.split(".")[:2])


def mermaid() -> str:
    order, ignored = _layer_order()
    graph = grimp.build_graph("charte")
    edges: set[tuple[str, str]] = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            a, b = _top(module), _top(imported)
            if a != b and a in order and b in order and not {a, b} & LEFT_OUT:
                edges.add((a, b))
    lines = ["```mermaid", "graph TD"]
    for name in order:
        if name not in LEFT_OUT:
            lines.append(f"    {name.removeprefix('charte.')}")
    for a, b in sorted(edges, key=lambda e: (order.index(e[0]), order.index(e[1]))):
        arrow = "-.->" if (a, b) in ignored else "-->"
        lines.append(f"    {a.removeprefix('charte.')} {arrow} {b.removeprefix('charte.')}")
    lines.append("```")
    return "\n".join(lines)


if __name__ == "__main__":
    print(mermaid())
