"""How long the intent cues (``charte.listening.intent``) take per mention, prefiltered (``charte.prefilter.AnyOf``)
against one plain ``re`` alternation of the same parts, and whether both answer the same on every text.

CPU time (``time.process_time``), best of ``--repeat`` runs over the texts of the labelled data named below (and
variants of each: upper case, swapped case, Unicode characters that ``re.IGNORECASE`` matches to ASCII letters,
accents decomposed). Needs ``CHARTE_DATA_DIR`` (the shared data folder); nothing is written.

    CHARTE_DATA_DIR=/work/shared/data PYTHONPATH=src python scripts/time_intent_cues.py
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from charte.listening import intent

#: Labelled sets of short English and French posts (see each folder's PROVENANCE.md).
SETS = (
    "complaints_twitter_en",
    "fr_tv_reviews_sentiment",
    "xlmt_umsab_sentiment_fr",
    "tweeteval_sentiment_en",
)
#: Characters that ``re.IGNORECASE`` matches to ASCII letters though ``str.lower`` does not give them.
LOOKALIKES = str.maketrans({"s": "\u017f", "k": "\u212a", "i": "\u0130", "I": "\u0131"})


def texts(root: Path, most: int) -> list[str]:
    out: list[str] = []
    for name in SETS:
        path = root / name / "train.csv"
        if not path.exists():
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            out += [row["text"] for _, row in zip(range(most), csv.DictReader(handle), strict=False)]
    return out


def variants(text: str) -> list[str]:
    return [
        text,
        text.upper(),
        text.swapcase(),
        text.translate(LOOKALIKES),
        unicodedata.normalize("NFD", text),
    ]


def cue_sets() -> dict[str, Any]:
    """The module's prefiltered cue sets (whatever their class: anything with ``patterns`` and ``search``)."""
    found = {n: v for n, v in vars(intent).items() if hasattr(v, "patterns") and hasattr(v, "search")}
    for name, family in getattr(intent, "_FAMILY", {}).items():
        found[f"_FAMILY[{name}]"] = family
    return found


def cpu(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-set", type=int, default=3000, help="texts read from each labelled set")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    root = Path(os.environ.get("CHARTE_DATA_DIR", ""))
    corpus = texts(root, args.per_set)
    if not corpus:
        print("no texts: set CHARTE_DATA_DIR to the shared data folder", file=sys.stderr)
        return 2
    checked = [v for t in corpus for v in variants(t)]
    sets = cue_sets()
    plain = {n: re.compile("|".join(p.pattern for p in s.patterns), re.IGNORECASE) for n, s in sets.items()}
    differ = [
        (n, t) for n, s in sets.items() for t in checked if s.search(t) != (plain[n].search(t) is not None)
    ]
    hits = sum(s.search(t) for s in sets.values() for t in checked)
    print(f"{len(sets)} cue sets, {len(checked)} texts ({len(corpus)} and their variants), {hits} cue hits")
    print(f"different answers (prefiltered vs plain re): {len(differ)}")
    for name, text in differ[:5]:
        print(f"  {name}: {text[:80]!r}")
    n = len(corpus)
    fast = cpu(lambda: [s.search(t) for t in corpus for s in sets.values()], args.repeat)
    slow = cpu(lambda: [p.search(t) for t in corpus for p in plain.values()], args.repeat)
    print(
        f"all cue sets, CPU per mention: prefiltered {fast / n * 1e6:.1f} µs, plain re {slow / n * 1e6:.1f} µs"
    )
    complaint = sets.get("_COMPLAINT")
    if complaint is not None:
        one = cpu(lambda: [complaint.search(t) for t in corpus], args.repeat)
        alone = cpu(lambda: [plain["_COMPLAINT"].search(t) for t in corpus], args.repeat)
        print(f"complaint cues alone: prefiltered {one / n * 1e6:.1f} µs, plain re {alone / n * 1e6:.1f} µs")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
