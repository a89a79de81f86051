"""Find URLs and host names in a post and describe them (shared by the ``links`` and ``secrets`` detectors).

Extraction runs on the ``basic`` view (NFKC, invisible characters removed), so a zero-width space
inside a domain does not hide it and full-width dots become dots; spans map back to the original.
Registrable domains come from the public suffix list shipped inside the ``publicsuffixlist``
package (read from its own file, never fetched).
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from charte import normalize
from charte.domain import Span

# A URL with a scheme, or a dotted host name (Unicode letters allowed, so IDNs and homoglyphs are seen),
# optionally followed by a port or a path. Labels are bounded and separated by literal dots, so the
# pattern cannot backtrack badly; an address after "@" (an e-mail) is left to the PII detector.
_CANDIDATE = re.compile(
    r"(?P<url>\b(?:https?|ftp|wss?)://[^\s<>\"'`{}|\\^]{1,2048})"
    r"|(?<![\w.@/-])(?P<host>(?:[^\W_][\w-]{0,62}\.){1,10}[^\W\d_][\w-]{0,62})(?![\w@-]|\.[\w-])"
    r"(?P<path>[:/?#][^\s<>\"'`]{0,2048})?",
    re.IGNORECASE,
)
_IPV4 = re.compile(
    r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)(?P<rest>(?::\d{1,5})?(?:/[^\s<>\"'`]{0,2048})?)"
)
# Digits left after leetspeak folding (at the end of a label: "acm3", "paypa1") read as the letter they imitate.
_DIGIT_LOOKALIKES = str.maketrans("013457", "oleast")
_SPACE = re.compile(r"\s")
_TRAILING = ".,;:!?'\"»…”’>"
_OPENING = {")": "(", "]": "[", "}": "{"}
# File names that look like host names (".py" is Paraguay, ".md" Moldova): not links without a scheme.
#: A post with more links than this is spam; the rest are not examined, which keeps time bounded.
MAX_HOSTS = 1000
IP = ipaddress.IPv4Address | ipaddress.IPv6Address
_FILE_SUFFIXES = frozenset({"py", "rs", "sh", "md", "ps", "pl", "zip", "mov"})


@dataclass(frozen=True, slots=True)
class Host:
    """One URL or bare host name found in a post."""

    span: Span  # in the original text: the whole URL or domain as written
    host: str  # lower-case, Unicode (IDN labels decoded), no port
    registrable: str | None  # e.g. acme.co.uk; None for IPs and unknown suffixes
    suffix: str | None  # the public suffix, e.g. co.uk
    ip: IP | None
    has_scheme: bool
    userinfo: str = ""  # what precedes "@" in a URL ("https://acme.com@evil.io": the browser goes to evil.io)

    @property
    def label(self) -> str:
        """The registrable label ("acme" in shop.acme.co.uk), or the first label when there is none."""
        if self.registrable and self.suffix:
            return self.registrable[: -len(self.suffix) - 1]
        return self.host.split(".", 1)[0]

    @property
    def subdomain_labels(self) -> list[str]:
        if self.registrable:
            head = self.host[: -len(self.registrable)].rstrip(".")
            return head.split(".") if head else []
        return self.host.split(".")[:-1]


@cache
def psl() -> PublicSuffixList:
    """The public suffix list shipped in the package (about 0.2 s to parse, once per process)."""
    return PublicSuffixList(accept_unknown=False)


def decode_idn(host: str) -> str:
    """Lower-case Unicode form of ``host``: punycode labels (xn--) decoded where valid."""
    host = host.lower().rstrip(".")
    if "xn--" not in host:
        return host
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError):
                label = label.encode("ascii").decode("idna")
        labels.append(label)
    return ".".join(labels)


def _trim(text: str, start: int, end: int) -> int:
    """Drop trailing punctuation from a URL, keeping a closing bracket that has its opening one."""
    while end > start:
        char = text[end - 1]
        opening = _OPENING.get(char)
        unbalanced = opening is not None and text.count(opening, start, end) < text.count(char, start, end)
        if char not in _TRAILING and not unbalanced:
            break
        end -= 1
    return end


def _ip(host: str) -> IP | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _describe(raw_host: str) -> tuple[str, str | None, str | None, IP | None]:
    """Unicode host, registrable domain, public suffix and IP of a raw host name (cached: hosts repeat)."""
    host = decode_idn(raw_host)
    ip = _ip(host) if host[:1].isdigit() or ":" in host else None
    if ip is not None or not host:
        return host, None, None, ip
    lst = psl()
    return host, lst.privatesuffix(host), lst.publicsuffix(host), None


def _windows(s: str) -> Iterator[tuple[int, int]]:
    """Whitespace-delimited chunks of ``s``, in order, that hold "://" or a dot between two letters or
    digits. Only these can hold a host, so the patterns run on a few short windows instead of the
    whole post; finding them takes a handful of C-level ``find`` calls, and never looks back past
    the previous window, so the time stays linear."""
    n = len(s)
    hi = 0
    dot, scheme = s.find("."), s.find("://")
    while dot != -1 or scheme != -1:
        i = dot if scheme == -1 or (dot != -1 and dot < scheme) else scheme
        if 0 < i < n - 1 and s[i - 1].isalnum() and (i == scheme or s[i + 1].isalnum()):
            floor = max(hi - 1, i - 2048)
            lo = max(floor, *(s.rfind(c, floor + 1, i) for c in " \n\t\r")) + 1
            space = _SPACE.search(s, i)
            hi = space.start() if space else n
            yield lo, hi
            nxt = hi
        else:
            nxt = i + 1
        if dot != -1 and dot < nxt:
            dot = s.find(".", nxt)
        if scheme != -1 and scheme < nxt:
            scheme = s.find("://", nxt)


def find_hosts(text: str | normalize.View, *, bare_unknown: bool = False) -> list[Host]:
    """URLs and host names in ``text`` (or its ``basic`` view), in order, at most :data:`MAX_HOSTS`.

    Bare names need a known public suffix unless ``bare_unknown`` (then ``intranet.corp`` is
    returned too, with ``registrable=None``). The scan of a post is cached, so the ``links`` and
    ``secrets`` detectors share it."""
    original = text.original if isinstance(text, normalize.View) else text
    if "." not in original and "．" not in original and "://" not in original:
        return []
    hosts = _RECENT.get(original)
    if hosts is None:
        view = text if isinstance(text, normalize.View) else normalize.basic(text)
        hosts = tuple(_scan_view(view))
        if len(_RECENT) >= 16:
            _RECENT.clear()  # a few posts at a time are in flight; the cache only links detectors of one post
        _RECENT[original] = hosts
    if bare_unknown:
        return list(hosts)
    return [h for h in hosts if h.has_scheme or h.ip is not None or h.suffix is not None]


def scan(view: normalize.View) -> list[Host]:
    """Every URL and host name of ``view`` (any view of a post, not cached: the ``links`` detector's
    refanged view of a post whose ``basic`` scan is cached under the same text)."""
    return _scan_view(view)


# The last scans, keyed on the post text (never on a view: hashing its offset maps would cost a pass).
_RECENT: dict[str, tuple[Host, ...]] = {}


def _scan_view(view: normalize.View) -> list[Host]:
    s = view.text
    found: list[Host] = []
    for lo, hi in _windows(s):
        urls: list[tuple[int, int]] = []
        for m in _CANDIDATE.finditer(s, lo, hi):
            start, end = m.start(), _trim(s, m.start(), m.end())
            if m.group("url"):
                try:
                    parts = urlsplit(s[start:end])
                    raw_host = parts.hostname or ""
                except ValueError:
                    continue
                userinfo = parts.netloc.rpartition("@")[0]
            else:
                raw_host = m.group("host")
                userinfo = ""
            if not raw_host:
                continue
            host, registrable, suffix, ip = _describe(raw_host)
            has_scheme = m.group("url") is not None
            if ip is None and not has_scheme:
                tld = host.rsplit(".", 1)[-1]
                if suffix == tld and tld in _FILE_SUFFIXES and m.group("path") is None:
                    continue  # "script.py" is a file name
            found.append(
                Host(view.to_original(start, end), host, registrable, suffix, ip, has_scheme, userinfo)
            )
            urls.append((start, end))
            if len(found) >= MAX_HOSTS:
                return found
        for m in _IPV4.finditer(s, lo, hi):
            if any(a <= m.start() < b for a, b in urls):
                continue  # inside a URL already found
            ip = _ip(m.group()[: len(m.group()) - len(m.group("rest"))])
            if ip is not None:
                end = _trim(s, m.start(), m.end())
                found.append(Host(view.to_original(m.start(), end), str(ip), None, None, ip, False))
                if len(found) >= MAX_HOSTS:
                    return found
    found.sort(key=lambda h: h.span.start)
    return found


@lru_cache(maxsize=8192)
def skeleton(label: str) -> str:
    """What a label looks like: homoglyphs, accents and leetspeak folded, hyphens dropped, and the
    classic visual swaps (rn→m, vv→w, cl→d) undone, so look-alikes compare equal."""
    folded = normalize.folded(label).text.translate(_DIGIT_LOOKALIKES)
    out = "".join(c for c in folded if c.isalnum())
    return out.replace("rn", "m").replace("vv", "w").replace("cl", "d")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (adjacent swaps count one), or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]
