"""Last-chance spellings of slurs and insults that the word table of :mod:`abuse` does not list (issue #12).

The table already undoes a dropped or swapped letter, but compares *squeezed* skeletons and vetoes any
skeleton that is a real word: "faaggot" squeezes to "fagot" (a bundle of sticks), "connrad" to "conrad",
so both were let through. Here the written token itself is compared, and only the token is vetoed when it
is a real word ("slope", "niger", "cnut" stay words):

* **edit** — one interior letter dropped or two neighbours swapped (Damerau–Levenshtein distance 1, first
  letter kept) from a listed form of 5 letters or more, or a swap of the two middle letters of a 4-letter
  slur ("kkie", "sipc"); stems ending in "*" are tried with their usual endings ("bognoule").
* **doubled** — letters repeated, each run at least as long as in the listed form ("faaggot", "niggeer"),
  so "Nigerrrr" (one "g") is not "nigger".
* **leet** — digits the folded view leaves alone: "9" for "g" and a digit at the end ("fa99ot", "kik3"),
  with the "!" the folded view glued on as an "i" ("fa990t!").
* **glued** — an adjective glued before the word ("dirtyspic", "grospede"), the rest an exact form.

Every candidate is a precomputed dict key, so a token costs a few hash look-ups; :func:`abuse._lookup`
caches the answer per token and calls this only when the table found nothing.
"""

from __future__ import annotations

import itertools
from functools import cache

from charte.detectors.support import hate_words
from charte.detectors.support.hate_words import squeeze

Found = tuple[str, str]

#: Endings tried after a stem listed with "*" ("bougnoul*" → "bougnoule", "bougnoules").
_STEM_ENDINGS = ("", "e", "s", "es")
#: Adjectives writers glue before a slur to get it past a filter ("dirtyspic", "salenegro").
_GLUED_BEFORE = (
    "dirty",
    "filthy",
    "stupid",
    "fucking",
    "fuckin",
    "fkn",
    "ugly",
    "fat",
    "sale",
    "sales",
    "gros",
    "grosse",
    "petit",
    "petite",
    "espece",
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "8": "b"})


def _runs(word: str) -> list[tuple[str, int]]:
    return [(c, len(list(g))) for c, g in itertools.groupby(word)]


class Fuzzy:
    """Edited forms of the slurs and insults of a word table, with the real words that veto them."""

    def __init__(
        self, exact: dict[str, Found], prefixes: list[tuple[str, str]], vetoes: frozenset[str]
    ) -> None:
        self.exact = exact
        self.vetoes = vetoes
        forms: dict[str, Found] = {}
        for form, found in exact.items():
            if found[0] in ("slur", "insult") and form.isalpha():
                forms.setdefault(form, found)
        for prefix, kind in prefixes:
            if kind in ("slur", "insult") and prefix.isalpha() and len(prefix) >= 5:
                for ending in _STEM_ENDINGS:
                    forms.setdefault(prefix + ending, (kind, prefix))
        self.forms = forms
        self.edits: dict[str, Found] = {}
        self.doubled: dict[str, list[tuple[list[tuple[str, int]], Found]]] = {}
        for form, found in forms.items():
            if len(form) >= 5:
                for edit in _edits(form):
                    if edit not in forms:
                        self.edits.setdefault(edit, found)
            elif len(form) == 4 and found[0] == "slur":
                swapped = form[0] + form[2] + form[1] + form[3]
                if swapped not in forms:
                    self.edits.setdefault(swapped, found)
            if len(form) >= 4:
                self.doubled.setdefault(squeeze(form), []).append((_runs(form), found))

    def lookup(self, token: str) -> Found | None:
        """The slur or insult ``token`` spells with one edit, doubled letters, leet or a glued adjective."""
        if len(token) < 4 or token in self.vetoes:
            return None
        if not token.isalpha():
            if not any(c.isdigit() for c in token) or sum(c.isalpha() for c in token) < 2:
                return None
            plain = token.translate(_LEET)
            if not plain.isalpha():
                return None
            for word in (plain, plain[:-1]) if plain[-1] in "il" else (plain,):
                # The folded view reads a "!" or "|" after a leet word as a letter ("fa99ot!" → "fa99oti").
                found = self.forms.get(word) or (self._spelt(word) if word not in self.vetoes else None)
                if found is not None:
                    return found
            return None
        found = self._spelt(token)
        if found is not None:
            return found
        for head in _GLUED_BEFORE if token.startswith(_GLUED_BEFORE) else ():
            rest = token[len(head) :]
            if token.startswith(head) and len(rest) >= 4:
                found = self.forms.get(rest) or (self._spelt(rest) if rest not in self.vetoes else None)
                if found is not None:
                    return found
        return None

    def _spelt(self, token: str) -> Found | None:
        found = self.edits.get(token)
        if found is not None:
            return found
        candidates = self.doubled.get(squeeze(token))
        if candidates:
            runs = _runs(token)
            for form_runs, found in candidates:
                if len(runs) == len(form_runs) and all(
                    c == fc and n >= fn for (c, n), (fc, fn) in zip(runs, form_runs, strict=True)
                ):
                    return found
        return None


def _edits(form: str) -> set[str]:
    """One interior letter dropped or two neighbours swapped, the first letter kept."""
    out = {form[:i] + form[i + 1 :] for i in range(1, len(form))}
    out |= {form[:i] + form[i + 1] + form[i] + form[i + 2 :] for i in range(1, len(form) - 1)}
    out.discard(form)
    return {e for e in out if len(e) >= 4}


@cache
def real_words() -> frozenset[str]:
    """Words as written (not squeezed) that the language identifier knows from tweets in FR and EN."""
    return frozenset(word for word, _ in hate_words.vocabulary())
