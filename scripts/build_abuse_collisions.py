"""Build ``src/charte/detectors/support/data/abuse_collisions.txt``: misspellings of the abuse word lists
(``charte.detectors.support.abuse``) that are real English or French words, so the evasion matcher never takes
them for abuse ("banner" is one letter from a slur, "couille" from another).

Reads the system word lists of Debian's ``wamerican``, ``wbritish`` and ``wfrench`` packages
(``/usr/share/dict``); run it again after editing the word lists:

    apt-get install wamerican wbritish wfrench
    .venv/bin/python scripts/build_abuse_collisions.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from charte.detectors.support import abuse as _abuse
from charte.detectors.support import abuse_fuzzy

DICTS = [Path("/usr/share/dict") / name for name in ("american-english", "british-english", "french")]
OUT = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "charte"
    / "detectors"
    / "support"
    / "data"
    / "abuse_collisions.txt"
)


def main() -> int:
    missing = [str(p) for p in DICTS if not p.is_file()]
    if missing:
        print(
            f"missing word lists: {', '.join(missing)} (apt-get install wamerican wbritish wfrench)",
            file=sys.stderr,
        )
        return 1
    words = _abuse.abuse_table(collisions=frozenset())
    real: set[str] = set()
    written: set[str] = set()
    for path in DICTS:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            word = _abuse.fold_word(line.strip().split("/")[0])
            if word.isalpha() and not words.is_abusive(word):
                real.add(_abuse.squeeze(word))
                written.add(word)
    candidates = set(words.fuzzy) | set(words.squeezed)
    collisions = {c for c in candidates if c in real and not words.is_abusive(c)}
    # One edit of a listed form as written ("couille" from "crouille"): abuse_fuzzy vetoes the token itself.
    edits = abuse_fuzzy.Fuzzy(words.exact, words.prefixes, frozenset()).edits
    collisions |= {e for e in edits if e in written and not words.is_abusive(e)}
    collisions = sorted(collisions)
    header = (
        "# Built by scripts/build_abuse_collisions.py from Debian's wamerican, wbritish and wfrench word "
        "lists; do not edit by hand.\n"
    )
    OUT.write_text(header + "\n".join(collisions) + "\n", encoding="utf-8")
    print(f"wrote {len(collisions)} collisions to {OUT.relative_to(OUT.parents[3])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
