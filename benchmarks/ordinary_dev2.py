"""Blind dev set of hand-written ordinary posts (issue #12, "cry-wolf kills a compliance tool").

``benchmarks/data/ordinary_dev2.jsonl``: 328 posts nobody should flag (163 EN, 165 FR), written by helper
``fp3`` before reading the detectors and committed before their first run: invitations, family logistics,
cooking, sport, gaming, shopping, fashion (faux leather), LGBTQ+ events and identity stated positively,
religion and origin mentioned neutrally, health, work, news shares, mild profanity at no one, quoted
lyrics, film titles and idioms with violent words. Unlike the labelled tweets of ``ordinary_posts`` these
were written to exercise what a model alone tends to misread, so they are a dev set: rules and guards may
be tuned on them (the held-out suites are the independent measure).

Each post is checked with the finance starter of its language as a personal and as a brand post (as
``eval_functional`` does); a review or block is a false positive. Run:
``PYTHONPATH=src:. python -m benchmarks.ordinary_dev2 [--show]``.

First (blind) run, main at d98c94c, personal and brand alike: FR 12/165 flagged (7.3 %, 8 blocked by a
toxicity score alone), EN 6/163 (3.7 %, 3 blocked as threats by a score alone); the other flags were
uncredited quotes (lyrics, titles in quotation marks) and a revenue figure without a risk warning.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict

from benchmarks import functional_suite as fs

PATH = fs.ROOT / "benchmarks" / "data" / "ordinary_dev2.jsonl"


def rows() -> list[dict[str, str]]:
    return [json.loads(line) for line in PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


def report(show: bool = False) -> str:
    """Flagged share per account and language, the causes, and (``show``) the flagged posts."""
    from charte.domain import Post

    data = rows()
    lines = ["| account | language | posts | flagged | blocked |", "| --- | --- | --- | --- | --- |"]
    causes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    shown: list[str] = []
    for account in ("personal", "brand"):
        for lang in fs.LANGS:
            mine = [r for r in data if r["lang"] == lang]
            decisions = fs.engine(lang).check_many(
                [Post(text=r["text"], lang=lang, account=account) for r in mine]
            )  # type: ignore[arg-type]
            flagged = blocked = 0
            for row, decision in zip(mine, decisions, strict=True):
                if decision.verdict.value == "allow":
                    continue
                flagged += 1
                blocked += decision.verdict.value == "block"
                found = sorted({f"{f.rule_id} {f.entity or ''}".strip() for f in decision.findings})
                causes[(account, lang)].update(found)
                shown.append(f"{account} {lang} {decision.verdict.value} {found} :: {row['text']}")
            lines.append(
                f"| {account} | {lang} | {len(mine)} | {flagged} ({100 * flagged / len(mine):.1f} %) | {blocked} |"
            )
    lines.append("")
    for key, counter in sorted(causes.items()):
        lines.append(f"- {key[0]}, {key[1]}: " + ", ".join(f"{k} ({n})" for k, n in counter.most_common()))
    if show:
        lines += ["", *shown]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(show="--show" in sys.argv))
