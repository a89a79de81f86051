"""CPU seconds of one check of hostile 1 MB posts (finance policy), one engine per language.

Run from a checkout: ``PYTHONPATH=src python -m benchmarks.hostile_cases fr,en [case …]``. It measures
that the evasion view and the defanged-link stage stay bounded (docs/detectors.md).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import charte
from charte.domain import Post

CASES = {
    "words": "zéro six douze trente quatre " * 35000,
    "digits-break": "12\n34\u200b56 " * 100000,
    "mixed": "gmаil.com пароль 06 12 34 56 78 " * 30000,
    "defang": "hxxps://bit[.]ly/ " * 60000,
    "spaced": "0 6 1 2 " * 130000,
}


def main(argv: list[str]) -> None:
    """Print case, language, CPU seconds and findings for each case asked (all by default)."""
    langs = argv[0].split(",") if argv else ["fr", "en"]
    engines = {
        lang: charte.CheckEngine(charte.load_policy(Path("policies") / f"finance.{lang}.yaml"))
        for lang in langs
    }
    for lang, engine in engines.items():
        engine.check(Post(text="hello 06 12 34 56 78 bit[.]ly", lang=lang))  # warm caches
    for name, text in CASES.items():
        if len(argv) > 1 and name not in argv[1:]:
            continue
        for lang, engine in engines.items():
            start = time.process_time()
            decision = engine.check(Post(text=text[:1_000_000], lang=lang))
            print(name, lang, f"{time.process_time() - start:.2f}s", len(decision.findings), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
