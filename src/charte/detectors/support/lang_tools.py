"""Helpers shared by the language detectors (toxicity, illegal, negativity): sentences, clauses,
policy targets and re-scoring a part of a post. Private module: not a detector."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from charte.detectors.support.phrases import gated
from charte.detectors.support.terms import TermPattern, term_pattern
from charte.domain import Span
from charte.prefilter import Gated

_SENTENCE = re.compile(r"[^.!?\n…]+[.!?…]*")
# Clause boundaries: sentence ends, semicolons, and contrast words ("mais", "but", "however").
_CLAUSE_BREAK = re.compile(
    r"[.!?;\n…]+|\s(?:mais|cependant|pourtant|par contre|alors que|but|however|whereas|"
    r"although|while)\s"
)
_NAME = re.compile(r"(?<![\w@#])[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)*")
_NOT_NAMES = frozenset(
    [
        "Le",
        "La",
        "Les",
        "Un",
        "Une",
        "Des",
        "Ce",
        "Cette",
        "Il",
        "Elle",
        "On",
        "Nous",
        "Vous",
        "Ils",
        "Je",
        "Tu",
        "Mais",
        "Et",
        "Ou",
        "Si",
        "Quand",
        "Pourquoi",
        "Comment",
        "Merci",
        "Bonjour",
        "Salut",
        "Franchement",
        "Sérieux",
        "The",
        "A",
        "An",
        "This",
        "That",
        "He",
        "She",
        "We",
        "You",
        "They",
        "It",
        "I",
        "But",
        "And",
        "Or",
        "If",
        "When",
        "Why",
        "How",
        "Thanks",
        "Hello",
        "Hi",
        "Honestly",
        "Seriously",
        "Lol",
        "Mdr",
        "Ok",
        "Oui",
        "Non",
        "Yes",
        "No",
        "Bravo",
        "Super",
        "Mon",
        "Ma",
        "Mes",
        "My",
        "Your",
        "Our",
        "Votre",
        "Vos",
        "Ton",
        "Ta",
        "Tes",
        "Son",
        "Sa",
        "Ses",
        "Notre",
        "Nos",
        "Leur",
        "Leurs",
        "Their",
        "His",
        "Her",
        "Its",
        "What",
        "Quel",
        "Quelle",
        "Quels",
        "Ça",
        "Ca",
        "Encore",
        "Toujours",
        "Jamais",
        "Plus",
        "Trop",
        "Très",
        "Vraiment",
        "Quelle",
        "Putain",
        "Sale",
        "Espèce",
        "Pauvre",
        "Bande",
        "Va",
        "Ferme",
        "Ta",
        "Dis",
        "Arrête",
        "Stop",
        "Shut",
        "Go",
        "Get",
        "Fuck",
        "Damn",
        "What",
        "Who",
        "Where",
        "Is",
        "Are",
        "Was",
        "Do",
        "Does",
        "Did",
        "Can",
        "Will",
        "Just",
        "Still",
        "Never",
        "Always",
        "Really",
        "Very",
        "So",
        "Too",
        "Attention",
        "Urgent",
        "Alerte",
        "Enfin",
        "Bref",
        "Wesh",
        "Hey",
        "Oh",
        "Ah",
        "Eh",
        "Bah",
        "Ben",
        "Voilà",
        "Voila",
        "Tout",
        "Tous",
        "Toute",
        "Rien",
        "Personne",
    ]
)


def sentences(text: str) -> list[Span]:
    """Non-blank sentence spans, stripped of surrounding spaces."""
    out = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Span(start, end))
    return out


def clause_bounds(text: str) -> tuple[list[int], list[int]]:
    """Sorted starts and ends of the clause breaks of ``text``, computed once per post."""
    starts, ends = [], []
    for m in _CLAUSE_BREAK.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def clause_around(
    text: str, start: int, end: int, bounds: tuple[list[int], list[int]] | None = None
) -> tuple[int, int]:
    """The clause of ``text`` that contains ``[start, end)``: bounded by sentence ends and contrasts.
    Logarithmic per call given ``bounds`` from :func:`clause_bounds`."""
    starts, ends = bounds if bounds is not None else clause_bounds(text)
    i = bisect.bisect_right(ends, start)  # breaks ending at or before the mention
    left = ends[i - 1] if i else 0
    j = bisect.bisect_left(starts, end)  # first break starting at or after the mention's end
    right = starts[j] if j < len(starts) else len(text)
    return left, right


class Scored(Protocol):
    """What :func:`score` reads of a detector's context (:class:`charte.detectors.base.Context`), named
    here so that the support modules do not import the detector contract, which reads them (the texting
    view): no import circle between ``charte.detectors.base`` and ``charte.detectors.support``."""

    @property
    def text(self) -> str: ...

    @property
    def lang(self) -> str: ...

    @property
    def part_scores(self) -> Mapping[str, Mapping[str, Any]]: ...

    @property
    def scores(self) -> Mapping[str, Any]: ...


def score(ctx: Scored, text: str) -> Mapping[str, Any]:
    """Model scores of a part of the post (same scorer as the engine); empty without models."""
    scorer = getattr(ctx, "_scorer", None)
    if scorer is None or not text.strip():
        return {}
    if text == ctx.text:
        return ctx.scores
    known = ctx.part_scores.get(text)
    return known if known is not None else scorer(text, ctx.lang)


def targets_pattern(names: Iterable[str]) -> TermPattern | None:
    """Whole-word pattern over the folded forms of brand/competitor names (linear time: see ``terms``)."""
    return term_pattern(names)


def gated_targets(names: Iterable[str]) -> Gated | TermPattern | None:
    """:func:`targets_pattern` behind a pre-check of the names' letters: most posts name no target."""
    return gated(targets_pattern(names))


def capitalised_names(text: str, window: Span) -> list[Span]:
    """Capitalised words in ``window`` that look like names. Common openers ("Honestly", "Le") are
    dropped, and a single capitalised word that starts a sentence ("Watch your back") is not a name."""
    out = []
    for m in _NAME.finditer(text, window.start, window.end):
        start = m.start()
        words = re.split(r"[ -]", m.group(0))
        while words and words[0] in _NOT_NAMES:
            start += len(words.pop(0)) + 1
        if not words:
            continue
        before = text[:start].rstrip()
        if len(words) == 1 and (not before or before[-1] in ".!?\n…"):
            continue
        out.append(Span(start, m.end()))
    return out
