"""Every decision the check gives on a fixed set of posts, written as JSON lines, so a speed change can be
shown not to change any verdict, finding, span or score (``--compare`` against a file from before).

Posts: the ``bench_scan`` corpus (10,000 FR/EN posts) under the demo policy and under the finance starter
of each post's language, and the hand-written functional cases (tests/functional) under their finance starter.

    python -m benchmarks.verdict_snapshot -o /tmp/before.jsonl            # on the old code
    python -m benchmarks.verdict_snapshot -o /tmp/after.jsonl --compare /tmp/before.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import corpus
from benchmarks import functional_suite as fs

BATCH = 128


def _posts(limit: int | None = None) -> Iterator[tuple[str, str, list[Any]]]:
    """(label, policy source, posts): the sets to check, each under one policy (``limit``: the first posts
    of the corpus only, for the slow cascade)."""
    from charte.domain import Post

    records = corpus.build()[:limit]
    bench = [Post(text=str(r["text"]), lang=str(r["lang"])) for r in records]
    yield "bench/demo", "demo", bench
    for lang in fs.LANGS:
        yield f"bench/finance.{lang}", f"finance.{lang}", [p for p in bench if p.lang == lang]
        cases = fs.load(lang)
        yield (
            f"functional/finance.{lang}",
            f"finance.{lang}",
            [Post(text=c.text, lang=c.lang, account=c.account) for c in cases],
        )  # type: ignore[arg-type]
        # Without a language: the check identifies it (the path a caller who does not know it takes).
        yield (
            f"functional-nolang/finance.{lang}",
            f"finance.{lang}",
            [Post(text=c.text, account=c.account) for c in cases],
        )  # type: ignore[arg-type]


def _engine(source: str, cascade: bool) -> Any:
    import charte
    from charte.cli.demo import demo_policy_text
    from charte.policy.loader import parse_policy

    if source == "demo":
        policy = parse_policy(demo_policy_text(), "<demo policy>")
    else:
        policy = charte.load_policy(fs.ROOT / "policies" / f"{source}.yaml")
    return charte.CheckEngine(policy, cascade=cascade)


def snapshot(out: Path, *, cascade: bool, single: int, limit: int | None = None) -> int:
    """Write one line per (set, post, mode); ``single``: how many posts of each set also go one at a time
    through ``check`` (the API's path), the rest only through ``check_many`` (``charte scan``'s)."""
    n = 0
    with out.open("w", encoding="utf-8") as handle:
        for label, source, posts in _posts(limit):
            engine = _engine(source, cascade)
            decisions = []
            for i in range(0, len(posts), BATCH):
                decisions += engine.check_many(posts[i : i + BATCH])
            for i, decision in enumerate(decisions):
                handle.write(
                    json.dumps(
                        {"set": label, "i": i, "mode": "batch", **decision.to_dict()},
                        ensure_ascii=False,
                        sort_keys=True,
                    )
                    + "\n"
                )
                n += 1
            for i, post in enumerate(posts[:single]):
                handle.write(
                    json.dumps(
                        {"set": label, "i": i, "mode": "single", **engine.check(post).to_dict()},
                        ensure_ascii=False,
                        sort_keys=True,
                    )
                    + "\n"
                )
                n += 1
            print(f"{label}: {len(posts)} posts", file=sys.stderr)
    return n


def compare(after: Path, before: Path, limit: int = 20) -> int:
    """Lines that differ (same order expected); prints the first ``limit`` differences."""
    old = before.read_text(encoding="utf-8").splitlines()
    new = after.read_text(encoding="utf-8").splitlines()
    if len(old) != len(new):
        print(f"different line counts: {len(old)} before, {len(new)} after")
    diffs = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            diffs += 1
            if diffs <= limit:
                print(f"- {a}\n+ {b}")
    print(f"{diffs} of {min(len(old), len(new))} decisions differ")
    return diffs + abs(len(old) - len(new))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--compare", type=Path, help="a snapshot from before the change")
    parser.add_argument("--cascade", action="store_true", help="with the stage-2 cascade on")
    parser.add_argument("--single", type=int, default=500, help="posts per set also checked one at a time")
    parser.add_argument("--limit", type=int, help="only the first posts of the corpus")
    args = parser.parse_args(argv)
    written = snapshot(args.out, cascade=args.cascade, single=args.single, limit=args.limit)
    print(f"{written} decisions written to {args.out}", file=sys.stderr)
    return 1 if args.compare and compare(args.out, args.compare) else 0


if __name__ == "__main__":
    sys.exit(main())
