"""The *evasion* view of a post for the ``pii`` detector: personal data written so that a pattern misses it.

The ``basic`` view (NFKC, invisible characters removed) already undoes full-width digits and zero-width
characters *inside* a word. People hiding a phone number, a card or an e-mail address do more; each stage
below undoes one habit, only where it applies, and the detector runs its recognisers on this view *as
well as* on ``basic`` (a finding that only this view shows is added, nothing found on ``basic`` is lost):

* a typographic dash between digits ("318‐64‐5027", "4916–8053…") becomes "-";
* keycap emoji digits ("0️⃣6️⃣") become digits, and letters of another script shaped like a digit and
  touching one (a Cyrillic "О" or "З" in "О6 59 З1") become that digit;
* separators a pattern does not take between the groups of a number ("06 - 59 - 31", "06/59/31/08/72",
  "06•38•90", "07|68|44", "(646)~381~2290") become spaces (four groups or more, or ten digits: a date has three
  groups and eight digits), and so do those between an IBAN's groups ("FR76_3000_…", "GB58 / NWBK / …");
* an invisible character or a line break between two digits becomes a space (the groups stay groups:
  "4532 0151<ZWSP>1283" is not one eight-digit group);
* runs of single characters spaced out ("0 6 1 2 3 4 5 6 7 8", "G B 2 9 N W B K…", "p e t e r @ …")
  are joined when they hold digits or an e-mail;
* numbers written in words, in French or English, alone or mixed with digits ("zéro six, douze…",
  "seven one eight", "06 98 76 54 3deux"), and digits written as letters ("O6", "0791l", "33B") become digits
  (words are read with text2num, the same library for both languages);
* e-mail addresses spelt out ("jean point martin arobase gmail point com", "arrobase", "arobas", "lisa [at] hotmail [dot] com",
  "rob (at) icloud (dot) com", "(a)", "[@]", "a commercial", a circled "ⓐ", "period", words or letters joined
  by dashes, a space or a line break around the "@", a comma or a bullet for the last dot) become addresses;
  the domain must end in a public suffix, and a bare English "at" counts only with a spelt-out "dot";
* letters of another script inside a Latin word ("gmаil" with a Cyrillic "а") become their Latin twins.

Every character of the view maps back to the original text, so spans and fixes point at what was written.
Each stage is gated by a cheap test, so an ordinary post costs a few regex searches.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

import ahocorasick_rs
from text_to_num import alpha2digit, text2num

from charte.detectors.support.pii_entities import digit_zones
from charte.normalize import _HOMOGLYPHS, View

#: One edit of a view: replace ``[start, end)`` of its text by ``replacement`` (each new character maps
#: to the whole replaced range of the original).
Edit = tuple[int, int, str]

#: Bounds on hostile input (a 1 MB post of number words, spaced digits or homoglyphs): each stage makes at
#: most ``MAX_EDITS`` edits per post, a run of number words is read ``MAX_RUN_WORDS`` words at a time, a
#: spaced-out run longer than ``MAX_SPACED`` characters is no number nor address, and the split-number and
#: e-mail stages ask at most ``MAX_LOOKUPS`` validity questions. An ordinary post stays far below them
#: all; a hostile one costs a linear pass over its text and a bounded number of conversions.
MAX_EDITS = 200
MAX_RUN_WORDS = 48
MAX_SPACED = 400
MAX_LOOKUPS = 500
#: Numbers written in words per post: each is a text2num conversion of up to ``MAX_RUN_WORDS`` words.
MAX_NUMBER_RUNS = 50


def apply_edits(view: View, edits: Sequence[Edit]) -> View:
    """``view`` with ``edits`` (sorted, not overlapping) applied, still mapped to the original text."""
    if not edits:
        return view
    text = view.text
    starts = view.starts if view.starts is not None else range(len(text))
    ends = view.ends if view.ends is not None else range(1, len(text) + 1)
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for start, end, replacement in edits:
        out.append(text[pos:start])
        new_starts.extend(starts[pos:start])
        new_ends.extend(ends[pos:start])
        if replacement and end > start:
            lo, hi = starts[start], ends[end - 1]
            out.append(replacement)
            new_starts.extend([lo] * len(replacement))
            new_ends.extend([hi] * len(replacement))
        pos = end
    out.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return View("".join(out), view.original, new_starts, new_ends)


# -- keycaps, invisible gaps and line breaks inside numbers ------------------------------------------

_KEYCAP = "\u20e3"
# What ``basic`` removed between two digits: invisible (format or control) characters only, or spaces.
_INVISIBLE_GAP = re.compile(
    r"[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]+"
)
_DIGIT_PAIR = re.compile(r"[0-9](?=[0-9])")
_BREAK_IN_NUMBER = re.compile(r"(?<=[0-9])[ \t]*\r?\n[ \t]*(?=[+0-9])")
# A line break right after a dash inside a number ("287-65-\n4390"): the number goes on.
_BREAK_AFTER_DASH = re.compile(r"(?<=[0-9]-)[ \t]*\r?\n[ \t]*(?=[0-9])")


def _keycaps(view: View) -> list[Edit]:
    if _KEYCAP not in view.text:
        return []
    return [(m.start(), m.end(), "") for m in itertools.islice(re.finditer(_KEYCAP, view.text), MAX_EDITS)]


def _gaps(view: View) -> list[Edit]:
    """A removed invisible character between two digits, or a line break inside a number: a separator."""
    text = view.text
    edits: list[Edit] = (
        [(m.start(), m.end(), " ") for m in itertools.islice(_BREAK_IN_NUMBER.finditer(text), MAX_EDITS)]
        + [(m.start(), m.end(), "") for m in itertools.islice(_BREAK_AFTER_DASH.finditer(text), MAX_EDITS)]
        if "\n" in text
        else []
    )
    if view.starts is not None and view.ends is not None and len(view.original) > len(text):
        for pair in _DIGIT_PAIR.finditer(text):
            if len(edits) >= MAX_EDITS:
                break
            i = pair.start()
            if (
                view.ends[i] < view.starts[i + 1]
                and _INVISIBLE_GAP.fullmatch(view.original, view.ends[i], view.starts[i + 1]) is not None
            ):
                edits.append((i, i + 1, text[i] + " "))
    return sorted(edits)


#: Letters of other scripts drawn like a digit (Cyrillic, Greek): read as that digit only where they touch
#: an ASCII digit ("О6 59 З1"), never inside a word.
_DIGIT_TWINS = {
    "О": "0",
    "о": "0",
    "Ο": "0",
    "ο": "0",
    "З": "3",
    "з": "3",
    "І": "1",
    "і": "1",
    "Ӏ": "1",
    "ӏ": "1",
    "б": "6",
}
_DIGIT_TWIN = re.compile("(?<=[0-9])[" + "".join(_DIGIT_TWINS) + "]|[" + "".join(_DIGIT_TWINS) + "](?=[0-9])")


# Typographic dashes (hyphen, figure dash, en dash, minus…) between two digits: the writer's "-"
# ("318‐64‐5027", "4916–8053–7264–0190"), which the patterns take in its ASCII form only.
_DASH_IN_NUMBER = re.compile("(?<=[0-9])[\u2010-\u2015\u2212\ufe58\ufe63](?=[0-9])")


def _dashes(view: View) -> list[Edit]:
    """A typographic dash between two digits becomes "-"."""
    if view.text.isascii():
        return []
    return [
        (m.start(), m.end(), "-") for m in itertools.islice(_DASH_IN_NUMBER.finditer(view.text), MAX_EDITS)
    ]


def _digit_twins(view: View) -> list[Edit]:
    """A Cyrillic or Greek letter shaped like a digit, next to a digit, becomes that digit."""
    if view.text.isascii():
        return []
    return [
        (m.start(), m.end(), _DIGIT_TWINS[m.group()])
        for m in itertools.islice(_DIGIT_TWIN.finditer(view.text), MAX_EDITS)
    ]


# Groups of one to five digits joined by separators no phone or card pattern takes: a slash, an underscore,
# or a dash or a dot with spaces around it ("06 - 59 - 31 - 08 - 72", "06/59/31/08/72", "06_59_31_08_72"). Ten
# digits (more than any date), or four groups and eight digits from a trunk "0": "12/12/2026", "3 - 2"
# and lottery draws ("3 / 17 / 22 / 38 / 41") stay as written.
# An emoji or a geometric shape ("06🔸12🔸47", "415▪️867") or a hashtag ("#07 #81 #23") parts groups too.
_EMOJI_MARK = "\u25a0-\u25ff\u2b00-\u2bff\U0001f300-\U0001faff"
_ODD_SEPARATOR = (
    r"(?:[ ]{0,2}[/_•|~·∙][ ]{0,2}|[ ]{1,2}[\-.–][ ]{0,2}|[ ]{0,2}[\-.–][ ]{1,2}"
    rf"|[ ]{{0,2}}[{_EMOJI_MARK}]\ufe0f?[ ]{{0,2}}|[ ]{{1,2}}#)"
)
_EMOJI_MARKS = re.compile(f"[{_EMOJI_MARK}]")
# The first group may be an area code in brackets ("(646)~381~2290").
_ODD_GROUPS = re.compile(
    rf"(?<![\w/.\-])(?:\([0-9]{{2,5}}\)|[0-9]{{1,5}})(?:{_ODD_SEPARATOR}[0-9]{{1,5}}){{2,7}}(?![\w/]|[.\-][0-9])"
)
_ODD_SPLIT = re.compile(_ODD_SEPARATOR)
# An IBAN in groups joined the same way ("FR76_3000_6000…", "GB58 / NWBK / 6073…"): a country code and
# its check digits first, then groups of letters and digits.
_ODD_IBAN = re.compile(
    rf"(?<![\w/.\-])[A-Za-z]{{2}}[0-9]{{2}}(?:{_ODD_SEPARATOR}[0-9A-Za-z]{{1,5}}){{3,8}}(?![\w/]|[.\-][0-9])"
)


_SEPARATOR_HINTS = ("/", "_", " -", "- ", " .", ". ", " –", "– ", "•", "|", "~", "·", "∙")


def _separators(view: View) -> list[Edit]:
    text = view.text
    # Gated on eight digits in the post (its runs of digits are cached: every ``pii`` rule reads them),
    # then on one of the separators: most posts stop at the first test.
    if sum(digits for _, _, digits in digit_zones(text)) < 8 or not (
        any(h in text for h in _SEPARATOR_HINTS) or " #" in text or _EMOJI_MARKS.search(text) is not None
    ):
        return []
    # IBANs first: their digit groups alone would pass for a number.
    edits: list[Edit] = [
        (m.start(), m.end(), " ".join(_ODD_SPLIT.split(m.group())))
        for m in itertools.islice(_ODD_IBAN.finditer(text), MAX_EDITS)
        if len(m.group()) >= 15
    ]
    taken = [(a, b) for a, b, _ in edits]
    for m in itertools.islice(_ODD_GROUPS.finditer(text), MAX_EDITS):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        groups = _ODD_SPLIT.split(m.group())
        digits = sum(c.isdigit() for g in groups for c in g)
        if digits <= 19 and (digits >= 10 or (len(groups) >= 4 and digits >= 8 and groups[0][0] == "0")):
            # groups written as hashtags ("#07 #81 #23 #45 #96") lose the first one's "#" too
            start = (
                m.start() - 1 if m.start() and text[m.start() - 1] == "#" and " #" in m.group() else m.start()
            )
            edits.append((start, m.end(), " ".join(groups)))
    edits.sort()
    return edits


# -- single characters spaced out ----------------------------------------------------------------------

_SPACED = re.compile(r"(?<!\S)[0-9A-Za-z@.+/\-](?:[ ]{1,3}[0-9A-Za-z@.+/\-·•|~]){5,}(?![^\s,;!?)])")
# Marks that part the groups of a spaced-out number ("0 7 9 6 1 · 2 0 4 · 5 8 7"): a space once joined.
_GROUP_MARKS = str.maketrans("·•|~", "    ")


# A space then four characters separated by spaces: what every spaced-out run (six or more) holds. It
# starts with a literal space, which the regex engine jumps between: four times faster than a pattern
# starting with ``\S`` tried at every position.
_SPACED_GATE = re.compile(r" \S {1,3}\S {1,3}\S {1,3}\S")


# Single characters joined by dashes ("p-a-u-l-.-g-a-r-n-i-e-r-@-g-m-a-i-l-.-c-o-m"): an address only.
_DASHED = re.compile(r"(?<![\w\-])[0-9A-Za-z@.+](?:-[0-9A-Za-z@.+]){5,}(?![\w\-])")


def _spaced(view: View) -> list[Edit]:
    edits: list[Edit] = []
    if "@" in view.text and "-@-" in view.text:
        for m in itertools.islice(_DASHED.finditer(view.text), MAX_EDITS):
            joined = m.group().replace("-", "")
            if "@" in joined and "." in joined.split("@", 1)[1] and len(m.group()) <= MAX_SPACED:
                edits.append((m.start(), m.end(), joined))
    if _SPACED_GATE.search(view.text) is None:
        return edits
    for m in _SPACED.finditer(view.text):
        if len(edits) >= MAX_EDITS:
            break
        if m.end() - m.start() > MAX_SPACED:
            continue  # a spaced-out text, no number nor address
        joined = m.group().replace(" ", "")
        digits = sum(c.isdigit() for c in joined)
        if digits >= 6:
            edits.append((m.start(), m.end(), joined.replace("/", "-").translate(_GROUP_MARKS)))
        elif "@" in joined and "." in joined.split("@", 1)[1]:
            edits.append((m.start(), m.end(), joined))
    edits.sort()
    return edits


# -- numbers in words, and letters for digits -----------------------------------------------------------

_FR_WORDS = frozenset(
    [
        "zero",
        "un",
        "une",
        "deux",
        "trois",
        "quatre",
        "cinq",
        "six",
        "sept",
        "huit",
        "neuf",
        "dix",
        "onze",
        "douze",
        "treize",
        "quatorze",
        "quinze",
        "seize",
        "vingt",
        "vingts",
        "cent",
        "cents",
        "mille",
        "trente",
        "quarante",
        "cinquante",
        "soixante",
        "septante",
        "huitante",
        "octante",
        "nonante",
        "et",
    ]
)
_EN_WORDS = frozenset(
    [
        "zero",
        "oh",
        "o",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "double",
        "triple",
    ]
)
#: Words that are numbers inside a run but ordinary words at its edges: "et", "o" never start one, and
#: "double", "oh" never end one ("… soixante et", "… nine, oh"); "un", "one" may ("un quatre-vingt-cinq…").
_GLUE_START = frozenset({"et", "o"})
_GLUE_END = frozenset({"et", "double", "triple", "o", "oh"})
_TOKEN = re.compile(r"[^\W_]+")
_GAP = re.compile(r"[\s,.;:/\-]{0,3}")
_LEET_DIGITS = str.maketrans("OoIlBS", "001185")
_GLUED = re.compile(r"^(?:(?P<d1>[0-9]+)(?P<w1>[^\W\d_]+)|(?P<w2>[^\W\d_]+)(?P<d2>[0-9]+))$")
_STRIP = ",.;:!?()[]{}\"'«»“”"
_ALL_WORDS = (_FR_WORDS | _EN_WORDS | {"zéro"}) - {"o", "et"}


_WORD_FINDER = ahocorasick_rs.AhoCorasick(
    sorted(_ALL_WORDS), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
)
_NEAR = 3  # characters of separators between two words of a run


_GATE_CHUNK = 4096
_GATE_OVERLAP = 64  # longer than three number words and their separators


def _words_gate(text: str) -> bool:
    """:func:`_words_chunk_gate` on overlapping chunks of ``text``, stopping at the first that passes: a
    1 MB post of number words is let through after its first chunk, not after listing its 175,000 words
    (a word cut at a chunk's edge may let a chunk through: the stage itself then decides)."""
    if len(text) <= _GATE_CHUNK:
        return _words_chunk_gate(text)
    step = _GATE_CHUNK - _GATE_OVERLAP
    return any(_words_chunk_gate(text[i : i + _GATE_CHUNK]) for i in range(0, len(text), step))


def _words_chunk_gate(text: str) -> bool:
    """Whether a run of number words may start here: three number words in a row, or one next to (or glued
    to) digits. One Aho-Corasick pass finds the words, Python looks only at those: a few microseconds,
    where one regex alternation of every number word costs a hundred."""
    low = text.lower()
    hits = (  # a generator: the first three words in a row end the search
        (start, end)
        for _, start, end in _WORD_FINDER.find_matches_as_indexes(low)
        if (start == 0 or not low[start - 1].isalpha()) and (end == len(low) or not low[end].isalpha())
    )
    streak = 0
    last_end = -10
    for start, end in hits:
        if start - last_end <= _NEAR and not low[last_end:start].strip(" ,.;:/-\n\t"):
            streak += 1
            if streak >= 3:
                return True
        else:
            streak = 1
        if (start and low[start - 1].isdigit()) or (end < len(low) and low[end].isdigit()):
            return True
        before = low[max(0, start - _NEAR) : start].rstrip(" ,.;:/-")
        after = low[end : end + _NEAR].lstrip(" ,.;:/-")
        if (before and before[-1].isdigit()) or (after and after[0].isdigit()):
            return True
        last_end = end
    return False


_LEET_GATE = re.compile(r"[0-9][OoIlBS]|[OoIlBS][0-9]")
_LEET_LETTERS = frozenset("OoIlBS")


def _leet_gate(text: str) -> bool:
    """Whether a letter for a digit ("O", "l") touches a digit: ``_LEET_GATE`` asked of the runs of digits
    (cached, every ``pii`` rule reads them), not of every character. A letter right after a digit ends its
    run and one right before starts it, so a run's edges see every such letter."""
    n = len(text)
    for start, end, _ in digit_zones(text):
        if (start and text[start - 1] in _LEET_LETTERS) or (end < n and text[end] in _LEET_LETTERS):
            return _LEET_GATE.search(text) is not None
    return False


def _plain(word: str) -> str:
    return word.lower().replace("é", "e")


def _word_lang(word: str) -> str | None:
    w = _plain(word)
    if w in _FR_WORDS:
        return "fr"
    if w in _EN_WORDS:
        return "en"
    return None


@lru_cache(maxsize=1024)
def _words_to_digits(words: tuple[str, ...], lang: str) -> str | None:
    """The digits a run of number words spells ("zero six douze" -> "0612"), or ``None``."""
    expanded: list[str] = []
    repeat = 1
    for word in words:
        w = _plain(word)
        if w in ("double", "triple"):
            repeat = 2 if w == "double" else 3
            continue
        if w in ("oh", "o"):
            w = "zero"
        if w == "zero" and lang == "fr":
            w = "zéro"
        expanded.extend([w] * repeat)
        repeat = 1
    converted = alpha2digit(" ".join(expanded), lang)
    # alpha2digit leaves a lone small number in words ("one", "deux"): read those one by one.
    pieces: list[str] = []
    for piece in re.findall(r"[0-9]+|[^\W\d_]+", converted):
        if piece.isdigit():
            pieces.append(piece)
        elif piece not in ("et", "and"):
            try:
                pieces.append(str(text2num(piece, lang)))
            except ValueError:
                return None
    digits = "".join(pieces)
    return digits or None


#: One token of a run: start, end, kind (see ``_kind``), the token, and the separators before it.
_Item = tuple[int, int, str, str, str]


def _numbers(view: View, lang: str | None, is_number: Callable[[str], bool] | None = None) -> list[Edit]:
    """Runs of number words, digits and letters for digits, as digits. The groups are the writer's
    ("seven one eight, five five five…"); when, so grouped, they make no valid number but make one
    written in one piece (``is_number``), the writer's groups were words, not a phone's ("zéro six douze
    48 77 30"). Each run asks ``is_number`` at most twice."""
    text = view.text
    if not _leet_gate(text) and not _words_gate(text):
        return []
    edits: list[Edit] = []
    run: list[_Item] = []

    def close() -> None:
        while run and run[-1][2] == "W" and _plain(run[-1][3]) in _GLUE_END:
            run.pop()
        while len(run) > 1 and run[0][2] == "W" and _plain(run[0][3]) in _GLUE_START:
            run.pop(0)
        if run and len(edits) < MAX_NUMBER_RUNS and any(item[2] != "D" for item in run):
            digits = _run_digits(run, lang)
            if digits is not None and sum(c.isdigit() for c in digits) >= 7:
                if (
                    is_number is not None
                    and " " in digits
                    and any(item[2] == "W" for item in run)
                    and not is_number(digits)
                ):
                    whole = digits.replace(" ", "")
                    digits = whole if is_number(whole) else digits
                edits.append((run[0][0], run[-1][1], digits))
        run.clear()

    last_end = 0
    for m in _TOKEN.finditer(text):
        token = m.group()
        kind = _kind(token)
        gap = text[last_end : m.start()]
        if kind is None or (run and _GAP.fullmatch(gap) is None) or len(run) >= MAX_RUN_WORDS:
            close()
            if len(edits) >= MAX_NUMBER_RUNS:
                break
        if kind is not None:
            run.append((m.start(), m.end(), kind, token, gap if run else ""))
        last_end = m.end()
    close()
    return edits


def _kind(token: str) -> str | None:
    """``D`` digits, ``L`` digits with letters for some ("O6"), ``G`` digits glued to a number word
    ("3deux"), ``W`` a number word, ``None`` anything else."""
    if token.isdigit():
        return "D" if token.isascii() else None
    if any(c.isdigit() for c in token) and not token.translate(_LEET_DIGITS).strip("0123456789"):
        return "L"
    glued = _GLUED.match(token)
    if glued is not None and _word_lang(glued.group("w1") or glued.group("w2") or "") is not None:
        return "G"
    return "W" if _word_lang(token) is not None else None


def _run_digits(run: Sequence[_Item], lang: str | None) -> str | None:
    """The digits a run spells, in groups: a group ends where the writer put a separator between digits,
    or a comma between words ("seven one eight, five five five" -> "718 555")."""
    langs = [_word_lang(t) for _, _, k, t, _ in run if k == "W"]
    glued = [m for _, _, k, t, _ in run if k == "G" and (m := _GLUED.match(t)) is not None]
    langs += [_word_lang(m.group("w1") or m.group("w2") or "") for m in glued]
    fr, en = langs.count("fr"), langs.count("en")
    chosen = "fr" if fr > en else "en" if en > fr else (lang if lang in ("fr", "en") else "en")
    groups: list[str] = []
    words: list[str] = []

    def flush() -> bool:
        if words:
            digits = _words_to_digits(tuple(words), chosen)
            if digits is None:
                return False
            groups.append(digits)
            words.clear()
        return True

    previous = ""
    for _, _, kind, token, gap in run:
        if kind == "W":
            if previous != "W" or gap.strip(" -"):
                if not flush():
                    return None
                if groups:
                    groups.append(" ")
            words.append(token)
            previous = kind
            continue
        if not flush():
            return None
        if groups and gap:
            groups.append(" ")
        if kind == "D":
            groups.append(token)
        elif kind == "L":
            groups.append(token.translate(_LEET_DIGITS))
        else:
            glued_m = _GLUED.match(token)
            assert glued_m is not None
            word = glued_m.group("w1") or glued_m.group("w2") or ""
            digits = _words_to_digits((word,), chosen)
            if digits is None:
                return None
            groups.append(
                glued_m.group("d1") + digits if glued_m.group("d1") else digits + glued_m.group("d2")
            )
        previous = kind
    if not flush():
        return None
    return "".join(groups)


# -- a number split over two sentences ----------------------------------------------------------------

# A run of digits, or an IBAN's start (its country code, then digits: "FR76 1027 8060 7600").
# An IBAN's start may hold its bank's letters too ("NL13 INGB", "GB53 NWBK"), right after the check digits.
_ZONE = re.compile(
    r"(?:(?<![\w])[A-Z]{2}(?=[0-9]{2}))?\+?[0-9](?:[0-9]|[ .\-](?=[0-9])){1,32}"
    r"(?:(?<=(?<![\w])[A-Z]{2}[0-9]{2})[ ]?[A-Z]{4}(?![\w]))?"
)
_SPLIT_GAP = re.compile(r"(?:[^0-9\n]|\n(?!\s*\n)){1,60}")
_SPLIT_CUE = re.compile(
    r"(?i)(?<![^\W\d_])(?:num[ée]ro|num|n°|number|no\.|t[ée]l|phone|portable|mobile|cell|whatsapp|appel\w*|call"
    r"|joindre|joignable|reach|ring|carte|card|cb|iban|rib|compte|account|s[ée]cu|ssn|nir|vitale|suite|reste|rest"
    r"|then|puis|ensuite|fin|end|last|derniers?|followed|suivie?s?"
    # a mobile prefix named as one's own ("mon 06 c'est le 12 47 85 39")
    r"|mon|my)(?![^\W\d_])"
)
# The first group ends its sentence or clause: "… par 06 98. La suite …", "… 4532 0151, then …".
_SENTENCE_END = re.compile(
    r"[ \t]{0,2}(?:[.!?…;:,]|(?:then|puis|ensuite|and|et)\s|(?:c['’]est|it['’]s)\s)", re.IGNORECASE
)


def _split(view: View, is_number: Callable[[str], bool]) -> list[Edit]:
    """Two digit groups a short sentence apart ("commence par 06 98. La suite : 76 54 32") that make one
    valid number together (phone metadata, Luhn, NIR key…) when neither is one alone."""
    text = view.text
    if sum(digits >= 2 for _, _, digits in digit_zones(text)) < 2:
        return []
    zones = [m for m in _ZONE.finditer(text) if sum(c.isdigit() for c in m.group()) >= 2]
    edits: list[Edit] = []
    last = -1
    lookups = 0

    def apart(first: re.Match[str], second: re.Match[str]) -> bool:
        gap = text[first.end() : second.start()]
        return _SPLIT_GAP.fullmatch(gap) is not None and _SENTENCE_END.match(gap) is not None

    for i, (first, second) in enumerate(itertools.pairwise(zones)):
        if len(edits) >= MAX_EDITS or lookups >= MAX_LOOKUPS:
            break
        if first.start() < last or not apart(first, second):
            continue
        if _SPLIT_CUE.search(
            text, max(0, first.start() - 50), first.start()
        ) is None and not _SPLIT_CUE.search(text, first.end(), second.start()):
            continue
        # Two pieces, or three ("06 puis 12 47, et pour finir 85 39").
        pieces = [[first, second]]
        if i + 2 < len(zones) and apart(second, zones[i + 2]):
            pieces.append([first, second, zones[i + 2]])
        for group in pieces:
            joined = " ".join(z.group() for z in group)
            if not 8 <= sum(c.isdigit() for c in joined) <= (32 if joined[0].isalpha() else 19):
                continue
            lookups += 1
            if any(is_number(z.group()) for z in group) or not is_number(joined):
                continue
            edits.append((first.start(), group[-1].end(), joined))
            last = group[-1].end()
            break
    return edits


#: Personal mailbox providers: "lisa at gmail.com" is an address, "I work at google.com" is not.
FREEMAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.fr",
        "yahoo.co.uk",
        "ymail.com",
        "hotmail.com",
        "hotmail.fr",
        "hotmail.co.uk",
        "outlook.com",
        "outlook.fr",
        "live.com",
        "live.fr",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "protonmail.com",
        "proton.me",
        "gmx.com",
        "gmx.fr",
        "gmx.de",
        "mail.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "laposte.net",
        "bbox.fr",
        "numericable.fr",
        "btinternet.com",
        "sky.com",
        "virginmedia.com",
        "comcast.net",
        "verizon.net",
        "att.net",
        "yandex.com",
        "zoho.com",
        "tutanota.com",
    ]
)


# -- e-mail addresses spelt out --------------------------------------------------------------------------

_OPEN, _CLOSE = r"[\(\[\{<]", r"[\)\]\}>]"
# "arobase", also misspelt "arrobase" and cut short "arobas".
_AROBASE = r"ar{1,2}oba(?:s(?:e|se)?|z)"
# "(a)" for "(at)"; the French name of the sign, "a commercial"; words set apart by spaces or dashes
# ("s-dot-okafor-at-gmail-dot-com").
_AT_BRACKET = rf"[ \t]{{0,2}}{_OPEN}[ \t]?(?i:at|a|{_AROBASE}|@|chez)[ \t]?{_CLOSE}[ \t]{{0,2}}"
_WORD_GAP = r"(?:[ \t]{1,2}|-)"
_AT_WORD = rf"{_WORD_GAP}(?i:at|{_AROBASE}|chez|a commercial){_WORD_GAP}"
# A space or a line break after the "@" ("olivia@ yahoo.fr"), or a line break before it; one space only
# before it is a mention ("via @user").
_AT_SPACED = r"[ \t]{0,2}\n?[ \t]{0,2}@\s{1,3}|[ \t]{0,2}\n[ \t]{0,2}@|@"
_DOT_BRACKET = rf"[ \t]{{0,2}}{_OPEN}[ \t]?(?i:dot|point|\.)[ \t]?{_CLOSE}[ \t]{{0,2}}"
_DOT_WORD = rf"{_WORD_GAP}(?i:dot|point|period){_WORD_GAP}"
# A space around the dot, a line break before it ("daniel\n.okafor@…"), or a bullet or middle dot for it
# ("wanadoo•fr").
_DOT_SPACED = r"[ \t]{1,2}\.[ \t]{0,2}|[ \t]{0,2}\n[ \t]{0,2}\.|\.[ \t]{1,2}|[•·∙]"
_DOT = rf"(?:{_DOT_BRACKET}|{_DOT_WORD}|{_DOT_SPACED}|\.)"
# In the domain, a comma typed for the last dot ("gmail,com"): the domain must still be registrable.
_DOMAIN_DOT = rf"(?:{_DOT}|,(?=[a-z]{{2,6}}(?![\w@.])))"
_LOCAL = r"[A-Za-z0-9][A-Za-z0-9_%+\-]{0,40}"
_LABEL = r"[A-Za-z0-9][A-Za-z0-9\-]{0,40}"
_SPELT_EMAIL = re.compile(
    rf"(?<![\w.@])(?P<local>{_LOCAL}(?:{_DOT}{_LOCAL}){{0,3}})"
    rf"(?P<at>{_AT_BRACKET}|{_AT_WORD}|{_AT_SPACED})"
    rf"(?P<domain>{_LABEL}(?:{_DOMAIN_DOT}{_LABEL}){{1,4}})(?![\w@])"
)
_FREEMAIL_AFTER = re.compile(
    r"\s(?:at|chez)\s{1,2}(?:"
    + "|".join(re.escape(d) for d in sorted(FREEMAIL, key=len, reverse=True))
    + r")\b"
)
_MAIL_CUE = re.compile(r"(?i)mail|courriel|[ée]cri|write|contact|adresse|address|reach|joindre")
_FREEMAIL_GATE = ahocorasick_rs.AhoCorasick(sorted(FREEMAIL))
_BRACKET_WORD = re.compile(r"(?i)[\(\[\{<][ \t]?(?:at|a|@|chez|dot|point|\.)[ \t]?[\)\]\}>]")
_AT_THEN_DOT = re.compile(
    r"(?i)\b(?:at|chez)\b[^.!?\n]{1,40}\b(?:dot|point|period)\b|\b(?:dot|point|period)\b[^@\n]{0,40}@"
)
_SPACE_AROUND = re.compile(r"@\s|\n[ \t]{0,2}@|[ \t]\.[ \t]?[a-z]|\n[ \t]{0,2}\.[a-z]")
# An "@" then a domain whose dot is a comma, a bullet or a middle dot ("gmail,com", "wanadoo•fr").
_ODD_DOT_AFTER_AT = re.compile(r"@[\w\-]+(?:\.[\w\-]+)*(?:,[a-z]{2,6}(?![\w@.])|[•·∙]\w)")


def _email_gate(text: str) -> bool:
    """Something spelt out around an address: "arobase", a bracketed "at" or "dot", an English "at" then
    "dot", a space after an "@" or before a dot (a bare "@" is a mention, and no reason to look further).
    Substring tests first: most posts are ruled out in a microsecond."""
    low = text.lower()
    if "robas" in low or "robaz" in low or "a commercial" in low:
        return True
    if (
        "@ " in text or "@\n" in text or "\n@" in text or " ." in text or "\n." in text
    ) and _SPACE_AROUND.search(text):
        return True
    if "@" in text and ("," in text or any(c in text for c in "•·∙")) and _ODD_DOT_AFTER_AT.search(text):
        return True
    if (
        (" at " in low or " chez " in low)
        and _FREEMAIL_GATE.find_matches_as_indexes(low)
        and _FREEMAIL_AFTER.search(low)
    ):
        return True
    spelt = "dot" in low or "point" in low or "period" in low or any(c in text for c in ")]}>")
    if not spelt:
        return False
    # Each pattern holds a literal that a substring test rules out first: a bracket, or "dot" / an "@".
    if any(c in text for c in "([{<") and _BRACKET_WORD.search(text) is not None:
        return True
    return ("dot" in low or "point" in low or "period" in low or "@" in text) and _AT_THEN_DOT.search(
        text
    ) is not None


_DOTS = re.compile(rf"{_DOT_BRACKET}|{_DOT_WORD}|{_DOT_SPACED}|,(?=[a-z]{{2,6}}$)")
_EN_DOT = re.compile(rf"{_DOT_BRACKET}|[ \t]{{1,2}}(?i:dot)[ \t]{{1,2}}")


def _emails(view: View, is_domain: Callable[[str], bool]) -> list[Edit]:
    text = view.text
    if not _email_gate(text):
        return []
    edits: list[Edit] = []
    lookups = 0
    pos = 0
    while len(edits) < MAX_EDITS and lookups < MAX_LOOKUPS:
        m = _SPELT_EMAIL.search(text, pos)
        if m is None:
            break
        # A rejected candidate's domain may be the next one's local part ("me at j.doe at outlook dot com"):
        # the search goes on from it; an accepted one from its end.
        pos = m.start("domain")
        at = m.group("at")
        spelt_dots = _DOTS.search(m.group("local")) or _DOTS.search(m.group("domain"))
        plain_at = at == "@"
        if plain_at and not spelt_dots:
            continue  # an ordinary address: the e-mail recogniser reads it on ``basic``
        if (
            at.strip().lower() in ("at", "chez")
            and not _EN_DOT.search(m.group("domain"))
            and _DOTS.sub(".", m.group("domain")).lower() not in FREEMAIL
        ):
            # "I work at google.com", "say at this point in…": a bare "at" (or "chez") counts only with a
            # spelt-out "dot" in the domain, or before a personal mailbox provider ("lisa at gmail.com").
            continue
        if (
            at.strip().lower() in ("at", "chez")
            and not _EN_DOT.search(m.group("domain"))
            and not re.search(r"[._\-0-9]", m.group("local"))
            and not _DOTS.search(m.group("local"))
            and _MAIL_CUE.search(text, max(0, m.start() - 30), m.start()) is None
        ):
            continue  # "je bosse chez orange.fr": a plain word before "chez"/"at" needs "mail", "écrivez"…
        if (
            re.fullmatch(r"\W*a\W*", at.strip(), re.IGNORECASE) is not None
            and _DOTS.sub(".", m.group("domain")).lower() not in FREEMAIL
            and not re.search(r"[._\-0-9]", m.group("local"))
        ):
            continue  # "option (a) tarifs.fr": a bracketed "a" is an "@" before a mailbox provider or a dotted name
        local = _DOTS.sub(".", m.group("local"))
        domain = _DOTS.sub(".", m.group("domain")).lower()
        lookups += 1
        if not is_domain(domain):
            continue
        edits.append((m.start(), m.end(), f"{local}@{domain}"))
        pos = m.end()
    return edits


# A circled "a" for the "@" ("jeanne.rousselⓐgmail.com"): NFKC made it a plain "a" in ``basic``. Inside a
# word of circled letters it is a letter ("ⓒⓞⓝⓝⓐⓡⓓ"), so only one set among plain characters counts.
_CIRCLED_AT = "ⓐⒶ"


def _circled(char: str) -> bool:
    return "\u24b6" <= char <= "\u24e9"


def _circled_at(view: View) -> list[Edit]:
    original = view.original
    if not any(c in original for c in _CIRCLED_AT):
        return []
    starts = view.starts if view.starts is not None else range(len(view.text))
    where = {start: i for i, start in enumerate(starts)}
    edits: list[Edit] = []
    for m in itertools.islice(re.finditer(f"[{_CIRCLED_AT}]", original), MAX_EDITS):
        i = m.start()
        before = original[i - 1] if i else " "
        after = original[i + 1] if i + 1 < len(original) else " "
        if (
            i in where
            and before.isalnum()
            and after.isalnum()
            and not _circled(before)
            and not _circled(after)
        ):
            edits.append((where[i], where[i] + 1, "@"))
    return edits


# -- an e-mail address split over two sentences ----------------------------------------------------------

#: Mailbox providers named without their domain ("it's a gmail address", "c'est du hotmail"): the names
#: that mean nothing else. Ordinary words ("free", "orange", "live") count only written as a domain. Each gives
#: (the domain an English speaker most likely means, the one a French speaker does).
PROVIDER_DOMAINS: dict[str, tuple[str, str]] = {
    "gmail": ("gmail.com", "gmail.com"),
    "googlemail": ("googlemail.com", "googlemail.com"),
    "hotmail": ("hotmail.com", "hotmail.fr"),
    "yahoo": ("yahoo.com", "yahoo.fr"),
    "ymail": ("ymail.com", "ymail.com"),
    "outlook": ("outlook.com", "outlook.fr"),
    "icloud": ("icloud.com", "icloud.com"),
    "protonmail": ("protonmail.com", "protonmail.com"),
    "laposte": ("laposte.net", "laposte.net"),
    "wanadoo": ("wanadoo.fr", "wanadoo.fr"),
    "btinternet": ("btinternet.com", "btinternet.com"),
    "gmx": ("gmx.com", "gmx.fr"),
    "aol": ("aol.com", "aol.com"),
}
_PROVIDER_NAMES = sorted({*PROVIDER_DOMAINS, *(d.split(".")[0] for d in FREEMAIL)}, key=len, reverse=True)
# A provider written as a domain ("yahoo.fr", "free.fr") or named alone ("gmail").
_PROVIDER_GATE = ahocorasick_rs.AhoCorasick([*PROVIDER_DOMAINS, *FREEMAIL])
# "mail : hugo.marchand", "my email is grace.tan", "adresse c'est j_roux84": the local part alone, shaped
# like one (a dot, an underscore, a dash or a digit inside), not followed by its "@".
_LOCAL_GIVEN = re.compile(
    r"(?i)(?<![\w-])(?:e-?mail|mail|courriel|adresse(?:\s(?:e-?mail|mail|électronique|electronique))?|address"
    # the user part named as such, its domain given after ("user is k.obrien, domain is hotmail.co.uk")
    r"|identifiant|user(?:name)?|utilisateur)"
    r"(?:['’]s|\s(?:is|was|c['’]est|est|:)|\s?:)(?:\s(?:is|c['’]est))?\s{1,3}"
    r"(?P<local>[A-Za-z0-9](?=[A-Za-z0-9._%+\-]*[._\-0-9])[A-Za-z0-9._%+\-]{1,40}[A-Za-z0-9])(?![\w@])"
)
_PROVIDER = re.compile(
    r"(?i)(?<![\w.@])(?P<name>" + "|".join(_PROVIDER_NAMES) + r")(?P<suffix>(?:\.[a-z]{2,6}){1,2})?(?![\w@])"
)
#: Characters after the local part within which the provider must be named (the next sentence or so).
_SPLIT_MAIL_REACH = 90


def _split_email(view: View, lang: str | None, is_domain: Callable[[str], bool]) -> list[Edit]:
    """An address given in two pieces: its local part after "mail :" / "my email is", and its provider in
    the same or the next sentence ("Mon mail : hugo.marchand. Le domaine c'est yahoo.fr", "My email is
    grace.tan. It's a gmail address"): the local part becomes the whole address."""
    text = view.text
    low = text.lower()
    if "mail" not in low and "courriel" not in low and "adress" not in low and "domain" not in low:
        return []
    if not _PROVIDER_GATE.find_matches_as_indexes(low):
        return []
    edits: list[Edit] = []
    for m in _LOCAL_GIVEN.finditer(text):
        if len(edits) >= MAX_EDITS:
            break
        local = m.group("local")
        if is_domain(local.lower()):
            continue  # "mon mail : gmail.com" names a domain, not a mailbox
        for provider in _PROVIDER.finditer(text, m.end(), min(len(text), m.end() + _SPLIT_MAIL_REACH)):
            domain = _provider_domain(provider, lang, is_domain)
            if domain is not None:
                edits.append((m.start("local"), m.end("local"), f"{local}@{domain}"))
                break
    return edits


# The mailbox named by its provider, the user part after it ("mon gmail c'est lucie.fabre83", "my gmail is
# sarah.kent.1990", "adresse hotmail : thomas_b_1992", "on yahoo: jdawson77"); or the provider after "at" with
# its suffix spelt apart ("sarah.kent at outlook com"). The user part is shaped like one (a letter first, a
# dot, an underscore, a dash or a digit inside).
_SHAPED_LOCAL = r"[A-Za-z](?=[A-Za-z0-9._%+\-]*[._\-0-9])[A-Za-z0-9._%+\-]{1,40}[A-Za-z0-9]"
_PROVIDER_FIRST = re.compile(
    r"(?i)(?<![\w.@])(?P<name>" + "|".join(sorted(PROVIDER_DOMAINS, key=len, reverse=True)) + r")"
    r"(?:\s(?:address|adresse|account|compte))?"
    r"(?:\s(?:is|was|c['’]est|est)|\s?:)(?:\s(?:is|c['’]est))?\s{1,3}"
    rf"(?P<local>{_SHAPED_LOCAL})(?![\w@.])"
)
_AT_PROVIDER = re.compile(
    rf"(?i)(?<![\w.@])(?P<local>{_SHAPED_LOCAL})\s(?:at|chez|@)\s"
    r"(?P<name>" + "|".join(sorted(PROVIDER_DOMAINS, key=len, reverse=True)) + r")"
    r"\s(?P<suffix>com|fr|net|me|co\s?uk)(?![\w@.])"
)


def _provider_mailbox(view: View, lang: str | None, is_domain: Callable[[str], bool]) -> list[Edit]:
    text = view.text
    if not _PROVIDER_GATE.find_matches_as_indexes(text.lower()):
        return []
    edits: list[Edit] = []
    for m in itertools.islice(_PROVIDER_FIRST.finditer(text), MAX_EDITS):
        name = m.group("name").lower()
        domain = PROVIDER_DOMAINS[name][1 if lang == "fr" else 0]
        edits.append((m.start("local"), m.end("local"), f"{m.group('local')}@{domain}"))
    for m in itertools.islice(_AT_PROVIDER.finditer(text), MAX_EDITS):
        if any(a < m.end() and m.start() < b for a, b, _ in edits):
            continue
        domain = (
            f"{m.group('name').lower()}.{m.group('suffix').lower().replace(' ', '').replace('couk', 'co.uk')}"
        )
        if is_domain(domain):
            edits.append((m.start(), m.end(), f"{m.group('local')}@{domain}"))
    edits.sort()
    return edits


# -- bank details given as a French RIB, a key word before a NIR's key ----------------------------------

# "code banque 17515, guichet 90000, compte 08234567012, clé 72": with a valid RIB key, the French IBAN.
_RIB = re.compile(
    r"(?i)(?:code\s)?banque\s?:?\s?(?P<bank>[0-9]{5})[^0-9\n]{1,30}?guichet\s?:?\s?(?P<branch>[0-9]{5})"
    r"[^0-9\n]{1,30}?compte\s?:?\s?(?P<account>[0-9]{11})[^0-9\n]{1,20}?cl[ée](?:\s(?:rib|du\srib))?\s?:?\s?"
    r"(?P<key>[0-9]{2})(?![0-9])"
)


def _iban_of_rib(bank: str, branch: str, account: str, key: str) -> str | None:
    if (89 * int(bank) + 15 * int(branch) + 3 * int(account) + int(key)) % 97:
        return None
    bban = bank + branch + account + key
    check = 98 - int(bban + "152700") % 97
    iban = f"FR{check:02d}{bban}"
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def _ribs(view: View) -> list[Edit]:
    text = view.text
    if "guichet" not in text.lower():
        return []
    edits: list[Edit] = []
    for m in itertools.islice(_RIB.finditer(text), MAX_EDITS):
        iban = _iban_of_rib(m.group("bank"), m.group("branch"), m.group("account"), m.group("key"))
        if iban is not None:
            edits.append((m.start(), m.end(), iban))
    return edits


# A NIR's key after a word ("1 64 11 2B 060 120 — clé 16", "… 042 clé 63"): the word goes.
_NIR_KEY_WORD = re.compile(
    r"(?i)(?<![0-9])[12][ .]?[0-9]{2}[ .]?[0-9]{2}[ .]?(?:[0-9]{2}|2[AB])[ .]?[0-9]{3}[ .]?[0-9]{3}"
    r"(?P<word>[ \t]{0,2}[,—–\-]?\s{0,2}(?:cl[ée]|key)[ \t]{0,2}:?[ \t]{0,2})[0-9]{2}(?![0-9])"
)


def _nir_key_words(view: View) -> list[Edit]:
    text = view.text
    low = text.lower()
    if "cl" not in low and "key" not in low:
        return []
    return [
        (m.start("word"), m.end("word"), " ")
        for m in itertools.islice(_NIR_KEY_WORD.finditer(text), MAX_EDITS)
    ]


def _provider_domain(
    provider: re.Match[str], lang: str | None, is_domain: Callable[[str], bool]
) -> str | None:
    """The mailbox domain a provider mention names, or ``None`` ("free", "orange" alone are words)."""
    name = provider.group("name").lower()
    suffix = provider.group("suffix")
    if suffix:
        domain = name + suffix.lower()
        if domain in FREEMAIL or (name in PROVIDER_DOMAINS and is_domain(domain)):
            return domain
        return None
    if name in PROVIDER_DOMAINS:
        return PROVIDER_DOMAINS[name][1 if lang == "fr" else 0]
    return None


# -- letters of another script inside a Latin word -------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")


_OTHER_SCRIPTS = re.compile(
    "["
    + "".join(
        sorted(
            c for c in _HOMOGLYPHS if unicodedata.name(c, "").startswith(("CYRILLIC", "GREEK", "ARMENIAN"))
        )
    )
    + "]",
    re.IGNORECASE,
)


def _mixed_scripts(view: View) -> list[Edit]:
    text = view.text
    if text.isascii() or _OTHER_SCRIPTS.search(text) is None:
        return []
    edits: list[Edit] = []
    for m in _WORD.finditer(text):
        if len(edits) >= MAX_EDITS:
            break
        word = m.group()
        if word.isascii() or not any("a" <= c.lower() <= "z" for c in word):
            continue
        for i, c in enumerate(word):
            if c.isascii():
                continue
            latin = _HOMOGLYPHS.get(c.lower())
            if latin is not None and len(latin) == 1:
                edits.append((m.start() + i, m.start() + i + 1, latin.upper() if c.isupper() else latin))
    return edits


def evasion_view(
    basic: View, lang: str | None, is_domain: Callable[[str], bool], is_number: Callable[[str], bool]
) -> View:
    """``basic`` with the evasions above undone; ``basic`` itself (the same object) when there are none.
    ``is_domain`` says whether a name is a registrable domain, ``is_number`` whether a string of digits is
    a valid number of some kind of personal data on its own."""
    return evasion_changes(basic, lang, is_domain, is_number)[0]


def evasion_changes(
    basic: View, lang: str | None, is_domain: Callable[[str], bool], is_number: Callable[[str], bool]
) -> tuple[View, list[tuple[int, int]]]:
    """The evasion view (see :func:`evasion_view`) and the spans of the original text its edits replaced,
    in order: only around them can the view show something ``basic`` does not, so the detector reads the
    view there rather than over the whole post (at most ``MAX_EDITS`` per stage)."""
    view = basic
    changed: list[tuple[int, int]] = []
    for stage in (
        _keycaps,
        _dashes,
        _digit_twins,
        _gaps,
        _separators,
        _spaced,
        _ribs,
        _nir_key_words,
        lambda v: _numbers(v, lang, is_number),
        lambda v: _split(v, is_number),
        _circled_at,
        lambda v: _emails(v, is_domain),
        lambda v: _split_email(v, lang, is_domain),
        lambda v: _provider_mailbox(v, lang, is_domain),
        _mixed_scripts,
    ):
        edits = stage(view)
        if not edits:
            continue
        starts, ends = view.starts, view.ends
        for start, end, _ in edits:
            changed.append(
                (start if starts is None else starts[start], end if ends is None else ends[end - 1])
            )
        view = apply_edits(view, edits)
    changed.sort()
    return view, changed
