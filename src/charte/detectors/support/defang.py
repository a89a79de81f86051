"""Links written so that they are not links: "bit[.]ly/x", "tinyurl(.)com", "hxxps://", "bit dot ly slash x",
"bit . ly / x". Security people call it *defanging*; in a post it hides a shortener or a look-alike from a
link check. :func:`refanged` gives a view of the post with such links written back as links, every character
mapped to the original text, so that the ``links`` detector judges them like any other (a defanged
shortener is still a shortener). A spelt-out or spaced name counts only when it ends in a public suffix.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from charte.detectors.support.intervals import Spans
from charte.detectors.support.pii_evasions import Edit, apply_edits
from charte.normalize import View

_SCHEME = re.compile(r"(?i)\bh(?:xx|\*\*|tt)p(s?)(?:\[:\]|\(:\)|:)//")
_BRACKET_DOT = r"[ \t]?[\[\(\{][ \t]?(?:\.|dot|point)[ \t]?[\]\)\}][ \t]?"
_WORD_DOT = r"[ \t]{1,2}(?:dot|point)[ \t]{1,2}"
_SPACED_DOT = r"[ \t]{1,2}\.[ \t]{1,2}"
_SEP = rf"(?:{_BRACKET_DOT}|{_WORD_DOT}|{_SPACED_DOT}|\.)"
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_HOST = re.compile(
    rf"(?i)(?<![\w.@-])(?P<host>{_LABEL}(?:{_SEP}{_LABEL}){{1,5}})"
    r"(?P<path>(?:[ \t]{0,2}(?:/|\bslash\b)[ \t]{0,2}[\w\-.~%?=&#+]{1,200})*)"
)
_OBFUSCATED = re.compile(rf"(?i){_BRACKET_DOT}|{_WORD_DOT}|{_SPACED_DOT}")
_BRACKETED = re.compile(rf"(?i){_BRACKET_DOT}")
#: Endings a name spelt with a word ("dot", "point") or spaced dots must have: the suffixes links use that are
#: no French or English word ("le point de départ" is no "le.de", "at this point in" no "this.in").
LINK_SUFFIXES = frozenset(
    [
        "com",
        "net",
        "org",
        "fr",
        "io",
        "ly",
        "co",
        "me",
        "info",
        "biz",
        "eu",
        "uk",
        "gl",
        "gd",
        "ws",
        "tv",
        "app",
        "xyz",
        "ru",
        "cn",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "top",
        "site",
        "online",
        "shop",
        "link",
        "click",
        "live",
        "club",
        "vip",
        "icu",
        "cc",
        "pw",
        "gov",
        "edu",
    ]
)
_SEPARATOR = re.compile(rf"(?i){_SEP}")
_SLASH = re.compile(r"(?i)[ \t]{0,2}(?:/|\bslash\b)[ \t]{0,2}")
_GATE = re.compile(r"(?i)[\[\(\{][ \t]?(?:\.|dot|point)[ \t]?[\]\)\}]|\bdot\b|\bpoint\b| \. |hxxp|h\*\*p")


#: What every match of ``_GATE`` holds (lower case): a post with none of them is ruled out in microseconds.
_GATE_SUBSTRINGS = ("[", "(", "{", "dot", "point", " . ", "hxxp", "h**p")


def maybe(text: str) -> bool:
    """Whether ``text`` may hold a defanged link (a cheap test: substrings first, the regex only then)."""
    low = text.lower()
    if not any(s in low for s in _GATE_SUBSTRINGS):
        return False
    return _GATE.search(text) is not None


#: At most this many defanged links are written back per post, and at most this many obfuscated names are
#: looked up in the public suffix list: a hostile 1 MB post of "hxxps://bit[.]ly/ " costs what a few hundred
#: links cost, not 60,000 look-ups and findings (an ordinary post holds one or two).
MAX_LINKS = 200
MAX_LOOKUPS = 1000


#: Characters of the refanged view read on each side of a link written back, and how far a window's edge
#: moves out to the next space so that no URL is cut (URLs hold no space).
AROUND = 300
SNAP = 2000


def refanged(view: View, is_domain: Callable[[str], bool]) -> View:
    """``view`` with defanged links written back; ``view`` itself when there is none."""
    return apply_edits(view, edits(view.text, is_domain))


def refanged_parts(view: View, is_domain: Callable[[str], bool]) -> list[View]:
    """The parts of the refanged view around the links written back (each still mapped to the original
    text; none when there is no defanged link). Elsewhere the refanged view is ``view``, already scanned:
    reading only these parts keeps a 1 MB post at a bounded number of short scans."""
    found = edits(view.text, is_domain)
    if not found:
        return []
    new = apply_edits(view, found)
    text, n = new.text, len(new.text)
    starts = new.starts if new.starts is not None else range(n)
    ends = new.ends if new.ends is not None else range(1, n + 1)
    windows: list[tuple[int, int]] = []
    shift = 0
    for start, end, replacement in found:
        lo, hi = start + shift, start + shift + len(replacement)
        shift += len(replacement) - (end - start)
        a = _snap(text, max(0, lo - AROUND), -1)
        b = _snap(text, min(n, hi + AROUND), 1)
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], b))
        else:
            windows.append((a, b))
    return [View(text[a:b], new.original, list(starts[a:b]), list(ends[a:b])) for a, b in windows]


def _snap(text: str, pos: int, step: int) -> int:
    """``pos`` moved (back for ``step`` -1, forward for 1) to the nearest space within ``SNAP``
    characters, so that a window cuts no URL; ``pos`` itself when there is none."""
    if step < 0:
        found = max(
            text.rfind(" ", max(0, pos - SNAP), pos + 1), text.rfind("\n", max(0, pos - SNAP), pos + 1)
        )
        return found if found >= 0 else pos
    hits = [i for i in (text.find(" ", pos, pos + SNAP), text.find("\n", pos, pos + SNAP)) if i >= 0]
    return min(hits) if hits else pos


def edits(text: str, is_domain: Callable[[str], bool]) -> list[Edit]:
    """The edits that write the defanged links of ``text`` back (sorted, not overlapping, bounded)."""
    if not maybe(text):
        return []
    schemes: list[Edit] = []
    for m in _SCHEME.finditer(text):
        if len(schemes) >= MAX_LINKS:
            break
        schemes.append((m.start(), m.end(), f"http{m.group(1)}://"))
    taken = Spans((start, end) for start, end, _ in schemes)
    hosts: list[Edit] = []
    lookups = 0
    for m in _HOST.finditer(text):
        if len(hosts) >= MAX_LINKS or lookups >= MAX_LOOKUPS:
            break
        if not _OBFUSCATED.search(m.group("host")):
            continue
        if taken.overlaps(m.start(), m.end()):
            continue
        host = _SEPARATOR.sub(".", m.group("host")).lower()
        lookups += 1
        if not is_domain(host):
            continue
        if not _BRACKETED.search(m.group("host")) and host.rsplit(".", 1)[-1] not in LINK_SUFFIXES:
            continue
        path = _SLASH.sub("/", m.group("path"))
        hosts.append((m.start(), m.end(), host + path))
    return sorted(schemes + hosts)
