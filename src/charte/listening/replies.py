"""Saved replies without a database: their variables (parsed, checked, filled) and the ranking that suggests
them for an inbox item.

Variables are Python format fields (``{first_name}``), parsed with :class:`string.Formatter` — never evaluated:
no attribute or index access (``{first_name.upper}``, ``{x[0]}``), no conversion (``!r``), no format spec
(``:>10``), no positional field (``{}``). Only the names of :data:`VARIABLES` exist; ``{{`` and ``}}`` write a
literal brace. Filling substitutes plain text (a value is never parsed again), so a value holding braces is
harmless.

Suggestions rank the approved replies of an organisation for one mention by the mention's words (BM25 over
each reply's title, topic, body and the texts of the mentions it answered before), its intent and its
language: a reply in another language than the mention comes after every reply in its language; within a
language, an intent match adds to the word score. During a crisis, holding statements come first.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from charte.errors import TemplateError

#: The variables a saved reply may use, with what fills them (the inbox fills the first four itself).
VARIABLES: dict[str, str] = {
    "first_name": "the author's first name (the first word of their display name)",
    "handle": "the author's handle on the network (@name)",
    "agent_name": "the name of the person who answers",
    "brand": "the organisation's name (the policy's organisation.name)",
    "case_number": "a case or ticket number",
    "order_number": "an order number",
    "contact_url": "a link where the author can follow up",
    "date": "a date (a delivery, a call back…)",
}
MAX_VALUE = 200
"""The longest value of one variable."""

__all__ = ["VARIABLES", "Candidate", "Ranker", "Suggestion", "TemplateError", "fill", "tokens", "variables"]


_FORMATTER = string.Formatter()
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # a value is one line


def _fields(body: str) -> list[tuple[str, str | None]]:
    """``(literal, field)`` pieces of ``body``, the field checked for form (not for being known)."""
    try:
        parsed = list(_FORMATTER.parse(body))
    except ValueError:
        raise TemplateError("syntax", _brace_fragment(body)) from None
    out: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in parsed:
        if name is None:
            out.append((literal, None))
            continue
        if not name or not _NAME.match(name) or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise TemplateError("form", shown)
        out.append((literal, name))
    return out


def _brace_fragment(body: str) -> str:
    """The first lone brace with a little of its context, for the message."""
    match = re.search(r"(?<!\{)\{(?!\{)[^}]*$|(?<!\})\}(?!\})", body)
    start = match.start() if match else 0
    return body[start : start + 20]


def variables(body: str) -> list[str]:
    """The variables ``body`` uses, in order of first use; :class:`TemplateError` names the first unknown one."""
    names = list(dict.fromkeys(name for _, name in _fields(body) if name is not None))
    for name in names:
        if name not in VARIABLES:
            raise TemplateError("unknown", name)
    return names


def fill(body: str, values: Mapping[str, str]) -> str:
    """``body`` with each variable replaced by its value; :class:`TemplateError` names a missing or bad one."""
    pieces = _fields(body)
    for name in dict.fromkeys(n for _, n in pieces if n is not None):
        if name not in VARIABLES:
            raise TemplateError("unknown", name)
        value = (values.get(name) or "").strip()
        if not value:
            raise TemplateError("missing", name)
        if len(value) > MAX_VALUE or _CONTROL.search(value):
            raise TemplateError("value", name)
    return "".join(literal + ((values[name] or "").strip() if name else "") for literal, name in pieces)


def sample_values() -> dict[str, str]:
    """A value for every variable: what the policy check of a saved reply is run with (the words around the
    variables are what the approvers sign; the values are checked again with the real reply)."""
    return {
        "first_name": "Camille",
        "handle": "@camille",
        "agent_name": "Dominique",
        "brand": "Charte",
        "case_number": "12345",
        "order_number": "A-12345",
        "contact_url": "https://example.org/contact",
        "date": "2026-01-15",
    }


# -- suggestions --------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@[\w.@-]+")
_STOP_WORDS = """a an the and or but if of to in on at for from by with about as is are was were be been being am do does
    did have has had i me my we our you your he she it its they them their this that these those there here what
    which who whom how when where why not no so than too very can could will would should shall may might must
    just also any all some please hi hello hey thanks thank dm us
    le la les un une des du de d l et ou mais si au aux en dans sur pour par avec sans est sont etre ai as a
    avons avez ont je j me m moi tu te t toi il elle nous vous ils elles on ce cet cette ces ca qui que qu quoi
    ne pas plus mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs y bonjour merci svp"""
_STOP = frozenset(_STOP_WORDS.split())


def tokens(text: str) -> list[str]:
    """Lower-cased, accent-free words of ``text`` without links, handles, hashtags' signs and stop words."""
    text = _MENTION.sub(" ", _URL.sub(" ", text))
    folded = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    out = []
    for word in _WORD.findall(folded):
        word = word.split("'")[-1] if "'" in word and len(word.split("'")[0]) <= 2 else word
        if len(word) > 1 and word not in _STOP:
            out.append(word[:-1] if len(word) > 4 and word.endswith("s") else word)  # plural, roughly
    return out


@dataclass(frozen=True)
class Candidate:
    """One approved saved reply as the ranking sees it. ``examples``: texts of mentions it answered."""

    key: int
    title: str
    body: str
    lang: str
    intent: str | None = None
    topic: str | None = None
    holding_statement: bool = False
    examples: Sequence[str] = ()


@dataclass(frozen=True)
class Suggestion:
    key: int
    score: float
    words: float
    """The BM25 score of the mention's words against the reply, divided by the best one's (0 to 1)."""
    intent_match: bool
    lang_match: bool
    holding_statement: bool
    matched: tuple[str, ...] = field(default=())
    """Words the mention and the reply share (at most 8): why it was suggested."""


INTENT_WEIGHT = 0.35
"""What an intent match adds to the word score (which is at most 1)."""


class Ranker:
    """BM25 (k1 1.2, b 0.75) over the candidates' words, plus intent and language; built once per list."""

    K1, B = 1.2, 0.75

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.candidates = list(candidates)
        self.docs: list[Counter[str]] = []
        for c in self.candidates:
            words = tokens(" ".join([c.title, c.topic or "", c.body, *c.examples]))
            self.docs.append(Counter(words))
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update(d.keys())
        n = len(self.docs)
        self.idf = {w: math.log(1 + (n - k + 0.5) / (k + 0.5)) for w, k in df.items()}

    def _bm25(self, query: Sequence[str], i: int) -> float:
        doc, length = self.docs[i], self.lengths[i]
        score = 0.0
        for word in set(query):
            tf = doc.get(word, 0)
            if tf:
                norm = tf + self.K1 * (1 - self.B + self.B * length / (self.avg or 1.0))
                score += self.idf[word] * tf * (self.K1 + 1) / norm
        return score

    def rank(
        self,
        text: str,
        *,
        lang: str | None,
        intent: str | None,
        crisis: bool = False,
        limit: int = 5,
    ) -> list[Suggestion]:
        """The best ``limit`` candidates for a mention, best first (ties: the lower key, i.e. the older reply)."""
        query = tokens(text)
        raw = [self._bm25(query, i) for i in range(len(self.candidates))]
        best = max(raw, default=0.0) or 1.0
        qset = set(query)
        scored = []
        for i, c in enumerate(self.candidates):
            words = raw[i] / best
            intent_match = intent is not None and c.intent == intent
            lang_match = lang is None or c.lang == lang
            score = words + (INTENT_WEIGHT if intent_match else 0.0)
            matched = tuple(sorted(qset & self.docs[i].keys()))[:8]
            suggestion = Suggestion(c.key, round(score, 4), round(words, 4), intent_match, lang_match,
                                    c.holding_statement, matched)  # fmt: skip
            order = (not (crisis and c.holding_statement), not lang_match, -score, c.key)
            scored.append((order, suggestion))
        scored.sort(key=lambda pair: pair[0])
        return [s for _, s in scored[:limit]]
