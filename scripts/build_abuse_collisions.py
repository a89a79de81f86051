"""Build ``src/charte/detectors/support/data/abuse_collisions.txt``: misspellings of the abuse word lists
(``charte.detectors.support.abuse``) that are real English or French words, so the evasion matcher never takes
them for abuse ("banner" is one letter from a slur, "couille" from another).

Reads the system word lists of Debian's ``wamerican``, ``wbritish`` and ``wfrench`` packages
(``/usr/share/dict``) and adds :data:`HAND`, the real words those lists lack; run it again after editing the
word lists or :data:`HAND` (never the generated file: a rebuild would drop the edit):

    apt-get install wamerican wbritish wfrench
    .venv/bin/python scripts/build_abuse_collisions.py

``--check`` writes nothing and fails when the shipped file is not what a rebuild gives (tests run it).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
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
#: Real words one misspelling from a listed form that the Debian word lists lack, kept by every rebuild
#: (folded: lower case, no accents). Never a spelling of an insult ("conard", "conase"): a collision counts
#: as abuse only right after "you", "quelle"… (and a listed form or an ending of a listed stem is dropped).
HAND: tuple[str, ...] = ()
HEADER = (
    "# Built by scripts/build_abuse_collisions.py from Debian's wamerican, wbritish and wfrench word "
    "lists and its HAND list; do not edit by hand.\n"
)


def build(lines: Iterable[str], hand: Iterable[str] = HAND) -> list[str]:
    """The sorted collisions given the lines of the word lists and the hand-kept real words."""
    words = _abuse.abuse_table(collisions=frozenset())
    real: set[str] = set()
    written: set[str] = set()
    for line in (*lines, *hand):
        word = _abuse.fold_word(line.strip().split("/")[0])
        if word.isalpha() and not words.is_abusive(word):
            real.add(_abuse.squeeze(word))
            written.add(word)
    candidates = set(words.fuzzy) | set(words.squeezed)
    collisions = {c for c in candidates if c in real and not words.is_abusive(c)}
    # One edit of a listed form as written ("couille" from "crouille"): abuse_fuzzy vetoes the token itself.
    edits = abuse_fuzzy.Fuzzy(words.exact, words.prefixes, frozenset()).edits
    collisions |= {e for e in edits if e in written and not words.is_abusive(e)}
    # The hand-kept words themselves, whatever edit of a listed form they are.
    collisions |= {w for w in (_abuse.fold_word(h) for h in hand) if w.isalpha() and not words.is_abusive(w)}
    return sorted(collisions)


def _dictionary_lines() -> list[str]:
    lines: list[str] = []
    for path in DICTS:
        lines.extend(path.read_text(encoding="utf-8", errors="replace").splitlines())
    return lines


def main(argv: Sequence[str] = ()) -> int:
    missing = [str(p) for p in DICTS if not p.is_file()]
    if missing:
        print(
            f"missing word lists: {', '.join(missing)} (apt-get install wamerican wbritish wfrench)",
            file=sys.stderr,
        )
        return 1
    text = HEADER + "\n".join(build(_dictionary_lines())) + "\n"
    where = OUT.relative_to(OUT.parents[3])
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != text:
            print(
                f"{where} is not what a rebuild gives: run scripts/build_abuse_collisions.py", file=sys.stderr
            )
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10)) - 1} collisions to {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
