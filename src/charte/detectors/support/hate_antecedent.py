"""Which noun a plural pronoun stands for, when a protected group was named earlier in the post.

The pronoun judges of :mod:`abuse` read "they", "ils", "ce sont" as the group named first: right for
"I met some Muslims yesterday. They are vermin", wrong for "Rats got into the immigrant centre's kitchen.
They are vermin" or "Les femmes du service sont passées. Leurs imprimantes sont nulles, elles devraient
partir à la benne", where the pronoun takes up the subject of a nearer clause, a plural noun that names
no group. Centering, in short: a subject pronoun prefers the subject of the clauses before it.

:func:`elsewhere` walks back from the pronoun clause by clause (a sentence end, a comma, ``;`` or ``:``)
to the clause of the group, and reads each clause's subject: a plural noun phrase (a determiner and a noun
in ``-s``/``-x``, or an English bare plural opening the clause) that holds no group word and is not said to
be one ("my colleagues are gay") is the antecedent, and the hostile predicate is not about the group. A
clause opened by anything else ("I met…", "Saw a group of…", "Encore les juifs…") is passed over: "they"
cannot take up "I", and an English bare plural is a subject only before a verb ("Rats got into…", not
"Looks like…"). Only a pronoun hit is dropped by it; a group named as the subject is judged as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from charte.detectors.support import hate_words


def _words(text: str) -> list[str]:
    """The words of a list written as one string."""
    return text.split()


_CLAUSE = re.compile(r"[.!?;:,\n]+")
_WORD = re.compile(r"[a-z0-9'-]+")
_DET = frozenset(
    _words(
        "the their these those some many all my our your his her "
        "les des ces leurs mes tes ses nos vos quelques plusieurs certains certaines tous toutes"
    )
)
#: Words in -s that are no plural nouns where a subject would open a clause.
_NOT_PLURAL = frozenset(
    _words(
        "this these those was has does is his its us yes thus plus less news always sometimes perhaps "
        "anyways besides whereas afterwards nevertheless regardless "
        "sans dans les des ces mes tes ses nos vos leurs vous nous apres tres puis alors sous pas jamais "
        "toujours mais ils elles"
    )
)
_VERBS = frozenset(
    _words("are were have had got get will would can could should keep kept came went ate ran live")
)
_LINKS = frozenset(_words("are were sont etaient seem look become deviennent"))


def _plural(word: str) -> bool:
    return (
        len(word) > 3
        and word[-1] in "sx"
        and not word.endswith(("ss", "'s"))  # "my daughter's class": a possessive, not a plural
        and word not in _NOT_PLURAL
    )


def _group(word: str, lang: str | None) -> bool:
    langs = (lang,) if lang in ("en", "fr") else ("en", "fr")
    return any((found := hate_words.lookup(word, lg)) is not None and found[0] == "group" for lg in langs)


def _subject(found: list[re.Match[str]], lang: str | None, groups: Sequence[tuple[int, int]]) -> str | None:
    """``"group"``, ``"other"`` (a plural noun naming no group) or ``None`` (no plural subject opens it)."""

    def named(m: re.Match[str]) -> bool:
        return _group(m.group(), lang) or any(s < m.end() and m.start() < e for s, e in groups)

    words = [m.group() for m in found]
    if not words:
        return None
    if words[0] in _DET:
        head = next((i for i in range(1, min(4, len(words))) if _plural(words[i])), None)
    else:
        # An English bare plural counts only before a verb ("Rats got into …"): "Looks like …", "Thanks to …"
        # open with a verb or an idiom, not a subject.
        verb = len(words) > 1 and (words[1] in _VERBS or words[1].endswith("ed"))
        head = 0 if lang != "fr" and _plural(words[0]) and verb else None
    if head is None:
        return None
    while head + 1 < len(words) and _plural(words[head + 1]) and words[head + 1] not in _LINKS:
        head += 1  # "les nouveaux collègues": the adjective and its noun
    if any(map(named, found[: head + 2])):  # "gay neighbours", "voisins gays": the group word beside the head
        return "group"
    rest = found[head + 1 : head + 4]
    if rest and rest[0].group() in _LINKS and any(map(named, rest[1:])):
        return "group"  # "my colleagues are gay"
    return "other"


def elsewhere(
    folded: str,
    group_start: int,
    pronoun_start: int,
    lang: str | None,
    groups: Sequence[tuple[int, int]] = (),
) -> bool:
    """Whether the pronoun at ``pronoun_start`` stands for a plural noun of a nearer clause than the group
    named at ``group_start`` (which comes before it); ``groups`` are the spans where groups are named (a
    word of the lemma lists counts too)."""
    if pronoun_start <= group_start:
        return False
    bounds = [0] + [m.end() for m in _CLAUSE.finditer(folded, 0, pronoun_start)]
    starts = [b for b in bounds if b <= pronoun_start]
    # Clauses before the pronoun's own, the nearest first, back to the clause where the group is named.
    for lo in reversed(starts):
        own = folded[lo:pronoun_start].strip() == ""
        if own:
            continue
        hi = _CLAUSE.search(folded, lo)
        end = hi.start() if hi is not None else len(folded)
        found = _subject(list(_WORD.finditer(folded, lo, end)), lang, groups)
        if found == "group":
            return False
        if found == "other":
            return True
        if lo <= group_start:
            return False
    return False
