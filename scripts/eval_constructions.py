"""Flag rates per construction and language on sentences the rules were not written from, through the whole
engine with the finance starter policy: the held-out functional templates (``val`` of
``charte.models.functional``), the probe file, and any other JSONL file of the same shape.

    PYTHONPATH=src python scripts/eval_constructions.py                    # templates and probe
    PYTHONPATH=src python scripts/eval_constructions.py path/to/dev.jsonl   # another file too

A JSONL row has ``text``, ``lang`` ("fr" or "en"), ``construction`` and either ``flag`` (true/false) or
``expected`` ("flag"/"allow"). A row counts as passed when the verdict is review or block for a row to flag,
allow for the others. Prints a table; writes nothing (docs/evaluation.md is the lead's).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "benchmarks" / "data" / "functional_probe.jsonl"

Row = tuple[str, str, str, bool]  # text, lang, construction, to flag


def read_jsonl(path: Path) -> list[Row]:
    """The rows of a probe-shaped file; a row missing a field is named with its line number."""
    rows: list[Row] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            want = r["flag"] if "flag" in r else r["expected"] == "flag"
            rows.append((str(r["text"]), str(r["lang"]), str(r.get("construction", "?")), bool(want)))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise SystemExit(f"{path}:{number}: not a probe row ({exc})") from exc
    return rows


def held_out_templates() -> list[Row]:
    from charte.models import corpora, functional

    rows: dict[tuple[str, str], Row] = {}
    for head in ("toxicity", "threat", "illegal", "hate"):
        for r in corpora.functional_rows(head):
            if r.split == "val":
                name = r.source.removeprefix("functional_")
                rows[(r.text, r.lang)] = (r.text, r.lang, name, functional.CONSTRUCTIONS[name].flag)
    return list(rows.values())


def rates(rows: list[Row]) -> dict[tuple[str, bool, str], list[bool]]:
    """(construction, to flag, lang) -> passed per row, plus ("ALL", …) per language."""
    import charte
    from charte.domain import Post

    groups: dict[tuple[str, bool, str], list[bool]] = defaultdict(list)
    for lang in ("en", "fr"):
        mine = [r for r in rows if r[1] == lang]
        if not mine:
            continue
        engine: Any = charte.CheckEngine(charte.load_policy(ROOT / "policies" / f"finance.{lang}.yaml"))
        decisions = engine.check_many([Post(text=r[0], lang=lang) for r in mine])
        for (_, _, name, want), d in zip(mine, decisions, strict=True):
            passed = (d.verdict.value != "allow") == want
            groups[(name, want, lang)].append(passed)
            groups[("ALL", want, lang)].append(passed)
    return groups


def table(title: str, rows: list[Row]) -> str:
    groups = rates(rows)
    lines = [f"### {title}", "", "| construction | should be | lang | passed |", "| --- | --- | --- | ---: |"]
    for key in sorted(groups, key=lambda k: (k[0] == "ALL", k)):
        v = groups[key]
        lines.append(
            f"| {key[0]} | {'flagged' if key[1] else 'allowed'} | {key[2]} | "
            f"{sum(v)}/{len(v)} ({100 * sum(v) / len(v):.1f} %) |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parts = [
        table("Held-out functional templates", held_out_templates()),
        table("Probe sentences", read_jsonl(PROBE)),
    ]
    parts += [table(Path(p).name, read_jsonl(Path(p))) for p in argv]
    print("\n\n".join(parts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
