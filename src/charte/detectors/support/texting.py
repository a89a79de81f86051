"""Texting spellings spelt out, FR and EN, on the folded view the hate and threat rules read.

The rules of :mod:`charte.detectors.support.abuse` and the clause judge were written from tweets and formal
statements; forum replies and SMS write the same statements with other function words: "jsuis pas raciste
mais", "jdeteste les X", "c des rats", "qqn doit brûler", "qu il", "u r", "they r", "theyre", "ill kill u",
"needs 2 burn". Rather than teaching every pattern each spelling, this module rewrites the folded view once,
word by word, into the spelling the rules know ("je deteste", "c'est des rats", "quelqu'un", "you are",
"they're", "i'll kill you", "needs to burn"). Only function words, pronouns, elisions and contractions are
respelt — never a group name or a predicate — so a rule still needs the same evidence to fire, and the
guards (negation, counter-speech, reported speech) read the same words as before.

The rewrite keeps a map to the original text (each replacement character maps to the whole word it
replaces), so spans still point at what the author wrote. A post without any texting spelling comes back
unchanged (the same :class:`~charte.normalize.View` object); the cost is one regular-expression scan.
"""

from __future__ import annotations

import re
from functools import cache

from charte.detectors.support import hate_words
from charte.normalize import View

#: Spellings of texting and forum writing that stand for one or more function words, by language. Only
#: words that cannot be read otherwise in a post of that language (no "vs", "mm", "sa", "id").
_EN = {
    "u": "you",
    "ya": "you",
    "r": "are",
    "ppl": "people",
    "ppls": "people",
    "n": "and",
    "em": "them",
    "dem": "them",
    "dey": "they",
    "da": "the",
    "dat": "that",
    "dis": "this",
    "tho": "though",
    "y": "why",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "tonite": "tonight",
    "2nite": "tonight",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2moro": "tomorrow",
    "b4": "before",
    "h8": "hate",
    "h8s": "hates",
    "m8": "mate",
    "some1": "someone",
    "sum1": "someone",
    "any1": "anyone",
    "ne1": "anyone",
    "every1": "everyone",
    "no1": "no one",
    "yall": "you all",
    "im": "i'm",
    "ive": "i've",
    "theyre": "they're",
    "youre": "you're",
    "dont": "don't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "arent": "aren't",
    "werent": "weren't",
    "wasnt": "wasn't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "shouldnt": "shouldn't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "aint": "ain't",
    "thats": "that's",
    "lets": "let's",
    "shud": "should",
    "shld": "should",
    "wud": "would",
    "nvr": "never",
    "abt": "about",
    "bout": "about",
}
_FR = {
    "c": "c'est",
    "cest": "c'est",
    "ct": "c'etait",
    "jsuis": "je suis",
    "jsui": "je suis",
    "chui": "je suis",
    "chuis": "je suis",
    "jss": "je suis",
    "jsp": "je sais pas",
    "g": "j'ai",
    "qqn": "quelqu'un",
    "qqun": "quelqu'un",
    "qq1": "quelqu'un",
    "kelkun": "quelqu'un",
    "qqch": "quelque chose",
    "qd": "quand",
    "qnd": "quand",
    "kan": "quand",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "pkoi": "pourquoi",
    "pcq": "parce que",
    "pck": "parce que",
    "psk": "parce que",
    "tjrs": "toujours",
    "tjr": "toujours",
    "tjs": "toujours",
    "jms": "jamais",
    "bcp": "beaucoup",
    "dc": "donc",
    "ds": "dans",
    "ms": "mais",
    "ns": "nous",
    "tt": "tout",
    "ts": "tous",
    "tte": "toute",
    "ttes": "toutes",
    "pr": "pour",
    "ke": "que",
    "k": "que",
    "ki": "qui",
    "koi": "quoi",
    "kwa": "quoi",
    "ya": "il y a",
    "fo": "faut",
    "d": "des",
    "tkt": "t'inquiete",
}
#: Clause-initial "ill" is "I'll" ("ill kill u"); after a link it is the adjective ("they are ill").
_ILL_AFTER = re.compile(r"(?:^|[.!?,;:\n]|\b(?:and|n|but|then|so|or|if|because|bc|cuz|coz|lol|tbh|ngl)) *$")
#: "ur" is "you're" before what describes a person ("ur dead", "ur gonna"), "your" otherwise.
_YOURE_NEXT = frozenset(
    [
        "dead",
        "gonna",
        "going",
        "a",
        "an",
        "so",
        "such",
        "not",
        "done",
        "finished",
        "next",
        "toast",
        "getting",
        "lucky",
        "nothing",
        "just",
        "too",
        "all",
        "being",
        "never",
        "always",
        "disgusting",
        "pathetic",
    ]
)
#: French elisions written without the apostrophe, before a vowel or h: "qu il", "l argent", "j ai".
#: A lone "c" is elided only before "est"/"etait" ("c un rat" is "c'est un rat", read below).
_ELISION = re.compile(r"(?<![a-z0-9'])(?:(qu|[djlmnst]) (?=[aeiouyh][a-z])|(c) (?=est\b|etai))")
#: "I'll" is "I will" for the rules ("I'll never respect X" reads as "I will never respect X").
_WILL = re.compile(r"(?<![a-z0-9'])(i|we|they|you|u)'ll(?![a-z])")
#: French "t'" for "tu" at the head of a clause ("je sais ou t habites", "si t'viens"); after a subject it is
#: "te" ("je t'attends"), and "t'es", "t'as" are left as the rules read them.
_TU = re.compile(
    r"(?:^|[.!?,;:\n] *|\b(?:ou|que|qu'|quand|qd|si|et|mais|comme|car|pourquoi|pk) )(t['\s](?=[aeiouyh]))(?!es\b|as\b|etai)"
)
#: Words of the posts; digits count for "2", "h8", "some1".
#: A respelt word stands between spaces or punctuation: never inside a word, a handle, a path, or next to
#: an emoji that spells a letter ("c🅾nnard" is no "c").
_EDGE_BEFORE = r"(?<![^\s.,!?;:()\[\]\"«»<>-])"
_EDGE_AFTER = r"(?![^\s.,!?;:()\[\]\"«»<>])"


def _candidates(words: list[str], extra: str = "") -> re.Pattern[str]:
    """One regular expression for the words a language respells, so the scan runs in the regex engine and
    Python sees only the candidates (a post in ten holds one)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(f"{_EDGE_BEFORE}(?:{alternatives}{extra}){_EDGE_AFTER}")


#: "2" is "to" after a word that takes an infinitive ("needs 2 burn", "threatened 2 kill", "too dumb 2 vote",
#: "old enough 2 know"); elsewhere it is a
#: number ("lost 2-0", "seized 2 tonnes").
_TO_BEFORE = frozenset(
    [
        "need",
        "needs",
        "needed",
        "want",
        "wants",
        "wanted",
        "going",
        "have",
        "has",
        "had",
        "got",
        "ought",
        "time",
        "try",
        "tries",
        "tried",
        "trying",
        "threatened",
        "threatens",
        "threaten",
        "deserve",
        "deserves",
        "deserved",
        "used",
        "able",
        "about",
        "like",
        "love",
        "wish",
        "plan",
        "ready",
        "go",
        "come",
    ]
)
#: "je" glued to its verb ("jdeteste", "jvais", "jte", "jlui"): j, a consonant, a French word. Forms that
#: are words or acronyms of their own are left alone.
_J_GLUED = re.compile(r"j[bcdfghklmnpqrstvwxz][a-z]+")
_J_KEEP = frozenset(["jk", "jpg", "jpeg", "js", "jr", "jfk", "jsp", "jpp", "jtm", "json"])


@cache
def _french_words() -> frozenset[str]:
    """Folded words that may follow a glued "j" ("deteste", "hais", "vais", "te"): the tweets' vocabulary and
    the inflected predicates of the hate lexicon."""
    from charte.models import lang as lang_model

    words = {hate_words.fold(w) for w in lang_model.vocabulary()}
    words.update(hate_words.forms("fr"))
    return frozenset(words)


def _glued_je(word: str) -> str | None:
    if word in _J_KEEP or len(word) < 3 or not _J_GLUED.fullmatch(word):
        return None
    rest = word[1:]
    if rest in _french_words():
        return "je " + rest
    return None


def _english(text: str, m: re.Match[str]) -> str | None:
    word = m.group()
    if word == "2":
        before = text[max(0, m.start() - 24) : m.start()].split()
        after = text[m.end() : m.end() + 2]
        takes_to = bool(before) and (
            before[-1] in _TO_BEFORE or before[-1] == "enough" or before[-2:-1] == ["too"]
        )
        return "to" if takes_to and after[:1] == " " and after[1:].isalpha() else None
    if word == "b":  # "need 2 b deported"; a lone "b" elsewhere may be a masked word ("you b itch")
        before = text[max(0, m.start() - 8) : m.start()].split()
        return "be" if before and before[-1] in _BE_BEFORE else None
    if word == "ill":
        return "i will" if _ILL_AFTER.search(text[max(0, m.start() - 12) : m.start()]) else None
    if word == "ur":
        nxt = text[m.end() :].lstrip().split(" ", 1)[0].strip(".,!?")
        return "you're" if nxt in _YOURE_NEXT else "your"
    if word == "y":  # "y r muslims…": "why" only before a verb
        nxt = text[m.end() :].lstrip()[:5]
        return "why" if re.match(r"(?:r|are|do|does|is|did|would|should)\b", nxt) else None
    return _EN.get(word)


def _french(text: str, m: re.Match[str]) -> str | None:
    word = m.group()
    if word == "c":
        nxt = text[m.end() : m.end() + 4]
        return None if nxt.startswith((" est", "'", "-", "+", "#")) else _FR["c"]
    if word == "d":  # "tous d parasites"; "d accord" is an elision, handled before
        return "des" if re.match(r" [b-df-gj-np-tv-z]", text[m.end() : m.end() + 2]) else None
    return _FR.get(word) or _glued_je(word)


#: After these, a lone "b" is "be".
_BE_BEFORE = frozenset(
    [
        "2",
        "to",
        "will",
        "should",
        "shud",
        "must",
        "can",
        "cant",
        "wont",
        "never",
        "not",
        "could",
        "would",
        "may",
    ]
)
_CANDIDATES = {
    "en": _candidates([*_EN, "2", "b", "ill", "ur", "y"]),
    "fr": _candidates([*_FR], "|j[bcdfghklmnpqrstvwxz][a-z]+"),
}
_TU_GATE = re.compile(r"(?<![a-z0-9])t['\s][aeiouyh]")


def respell(text: str, lang: str | None) -> list[tuple[int, int, str]]:
    """The ``(start, end, replacement)`` ranges of ``text`` (folded) written in texting spelling."""
    if lang not in ("en", "fr"):
        return []
    pieces: list[tuple[int, int, str]] = []
    if lang == "fr":
        tu = [(m.start(1), m.end(1), "tu ") for m in _TU.finditer(text)] if _TU_GATE.search(text) else []
        pieces.extend(tu)
        taken = {start for start, _, _ in tu}
        pieces.extend((m.end() - 1, m.end(), "'") for m in _ELISION.finditer(text) if m.start() not in taken)
    else:
        pieces.extend(
            (m.start(), m.end(), _EN.get(m.group(1), m.group(1)) + " will") for m in _WILL.finditer(text)
        )
    respelt = _french if lang == "fr" else _english
    elided = {start for start, _, _ in pieces}  # "d humains" is "d'humains": the elision wins
    for m in _CANDIDATES[lang].finditer(text):
        out = respelt(text, m)
        if out is not None and out != m.group() and m.end() not in elided:
            pieces.append((m.start(), m.end(), out))
    pieces.sort()
    return pieces


def texting(view: View, lang: str | None) -> View:
    """``view`` with the texting spellings of ``lang`` spelt out; ``view`` itself when there are none."""
    pieces = respell(view.text, lang)
    if not pieces:
        return view
    n = len(view.text)
    starts = view.starts if view.starts is not None else range(n)
    ends = view.ends if view.ends is not None else range(1, n + 1)
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for start, end, replacement in pieces:
        if start < pos:
            continue  # overlapping respellings: the first one wins
        out.append(view.text[pos:start])
        new_starts.extend(starts[pos:start])
        new_ends.extend(ends[pos:start])
        out.append(replacement)
        if len(replacement) == end - start:
            new_starts.extend(starts[start:end])
            new_ends.extend(ends[start:end])
        else:  # each character of a longer or shorter spelling maps to the whole word it replaces
            new_starts.extend([starts[start]] * len(replacement))
            new_ends.extend([ends[end - 1]] * len(replacement))
        pos = end
    out.append(view.text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return View("".join(out), view.original, new_starts, new_ends)
