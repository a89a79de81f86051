"""What changed in a post between two versions, word by word, for an approver.

An approver who saw version 3 and now gets version 4 should read what the author changed, not the whole
post again. :func:`word_diff` compares the two texts as runs of words and of the spaces between them
(difflib's matcher on tokens, so a changed word shows as one word removed and one added, not as scattered
letters) and returns the pieces in order; the page marks them with ``<del>``/``<ins>`` and words a screen
reader says ("removed", "added").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

_TOKEN = re.compile(r"\s+|[^\s]+")

#: Longer texts are compared line by line: word-level matching is quadratic and a draft may hold 20,000
#: characters.
WORD_LEVEL_LIMIT = 4000


@dataclass(frozen=True)
class Piece:
    kind: Literal["same", "added", "removed"]
    text: str


def _tokens(text: str, by_line: bool) -> list[str]:
    return text.splitlines(keepends=True) if by_line else _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces of ``new`` and of ``old`` in reading order: same, removed (from ``old``), added (in ``new``).

    Consecutive pieces of one kind are merged; concatenating the ``same`` and ``added`` pieces gives ``new``,
    the ``same`` and ``removed`` pieces give ``old``.
    """
    by_line = max(len(old), len(new)) > WORD_LEVEL_LIMIT
    a, b = _tokens(old, by_line), _tokens(new, by_line)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    out: list[Piece] = []

    def emit(kind: Literal["same", "added", "removed"], text: str) -> None:
        if not text:
            return
        if out and out[-1].kind == kind:
            out[-1] = Piece(kind, out[-1].text + text)
        else:
            out.append(Piece(kind, text))

    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        emit("removed", "".join(removed))
        emit("added", "".join(added))
        removed.clear()
        added.clear()

    opcodes = matcher.get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < n < len(opcodes) - 1 and all(not t.strip() for t in a[i1:i2])
        if op == "equal" and not between_changes:
            flush()
            emit("same", "".join(a[i1:i2]))
        else:  # a change, or the spaces between two changes: one removed run and one added run
            removed.extend(a[i1:i2])
            added.extend(b[j1:j2])
    flush()
    return out


def changed(pieces: list[Piece]) -> bool:
    return any(p.kind != "same" for p in pieces)
