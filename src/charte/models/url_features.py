"""Lexical features of a URL for the phishing classifier (``url_model``): no network, no page fetched.

A URL is read as its parts (host, registrable domain, public suffix, path, query) and described by
tokens: the structure (sub-domain depth, path depth, lengths and digit counts in coarse bins, an IP
host, punycode or other scripts in the host, ``@`` in the address, an explicit port, ``//`` inside the
path), the words of the host and the path, suspicious words (``login``, ``verify``, ``webscr``…),
query keys, the file extension, the character entropy of the host and path (random-looking names),
and character 3- to 5-grams of the host and of the start of the path. Every token is hashed with
CRC-32 into ``2**BITS`` buckets, so training (scikit-learn) and inference (numpy) compute the same ids.

The scheme is left out on purpose: in both training sets ``https`` tracks the collection date rather
than phishing (see the data's provenance notes), and real phishing sites mostly use ``https`` today.
"""

from __future__ import annotations

import contextlib
import ipaddress
import math
import re
import zlib
from collections import Counter
from functools import cache
from urllib.parse import urlsplit

import numpy as np
from publicsuffixlist import PublicSuffixList

#: Number of hash buckets (2**BITS); changing it invalidates the shipped URL model.
BITS = 14
_MASK = (1 << BITS) - 1
#: Characters of a URL that are read; the rest of a very long URL is ignored (bounded time).
MAX_CHARS = 512
#: Characters of the path whose n-grams are hashed.
PATH_NGRAM_CHARS = 120
CHAR_NGRAMS = (3, 4, 5)
#: Words phishing pages use in their addresses (English and French), matched as whole words.
SUSPICIOUS_WORDS = frozenset(
    [
        "login",
        "logon",
        "signin",
        "sign",
        "verify",
        "verification",
        "validate",
        "confirm",
        "account",
        "secure",
        "security",
        "update",
        "banking",
        "bank",
        "webscr",
        "cmd",
        "password",
        "passwd",
        "wallet",
        "unlock",
        "suspended",
        "recovery",
        "billing",
        "invoice",
        "payment",
        "auth",
        "session",
        "token",
        "support",
        "service",
        "official",
        "free",
        "bonus",
        "gift",
        "prize",
        "connexion",
        "compte",
        "identifiant",
        "securite",
        "verification",
        "colis",
        "livraison",
        "remboursement",
        "facture",
        "paiement",
    ]
)
_WORDS = re.compile(r"[a-z]{3,20}")
_SPLIT = re.compile(r"[/._\-=?&~+%,;:!]+")
_HEX_OR_RANDOM = re.compile(r"[a-z0-9]{16,}")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]{0,15}://", re.IGNORECASE)


def _bin(value: float, edges: tuple[float, ...]) -> int:
    """Index of the first edge ``value`` is below (``len(edges)`` past the last)."""
    for i, edge in enumerate(edges):
        if value < edge:
            return i
    return len(edges)


def entropy(text: str) -> float:
    """Shannon entropy of the characters of ``text``, in bits per character (0 for an empty text)."""
    if not text:
        return 0.0
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def _split(url: str) -> tuple[str, str, str, str, str]:
    """(netloc, host, path, query, fragment) of ``url`` with or without a scheme; never raises."""
    text = url.strip()[:MAX_CHARS]
    if not _SCHEME.match(text):
        text = "http://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        return parts.netloc.lower(), host, parts.path, parts.query, parts.fragment
    except ValueError:  # an invalid IPv6 literal or port: read the host as written
        netloc = text.split("://", 1)[1].split("/", 1)[0].lower()
        return netloc, netloc.rpartition("@")[2].split(":", 1)[0], "", "", ""


@cache
def _psl() -> PublicSuffixList:
    """The public suffix list shipped in ``publicsuffixlist`` (never fetched)."""
    return PublicSuffixList(accept_unknown=False)


def _decode_idn(host: str) -> str:
    """Lower-case Unicode form of ``host``, punycode labels decoded where valid."""
    labels = []
    for label in host.lower().rstrip(".").split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError):
                label = label.encode("ascii").decode("idna")
        labels.append(label)
    return ".".join(labels)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def tokens(url: str) -> list[str]:
    """The tokens that describe ``url`` (before hashing): structure, words and character n-grams."""
    struct, grams = _tokens(url)
    return struct + grams


def _tokens(url: str) -> tuple[list[str], list[str]]:
    """The structure and word tokens of ``url``, then its character n-grams."""
    netloc, raw_host, path, query, fragment = _split(url)
    host = _decode_idn(raw_host)
    out: list[str] = []
    if (host[:1].isdigit() or ":" in host) and _is_ip(host):
        out.append("ip")
        registrable = suffix = None
        label, subs = "", []
    else:
        registrable = _psl().privatesuffix(host) if host else None
        suffix = _psl().publicsuffix(host) if host else None
        if registrable and suffix:
            label = registrable[: -len(suffix) - 1]
            head = host[: -len(registrable)].rstrip(".")
            subs = head.split(".") if head else []
        else:
            label, subs = host.split(".", 1)[0], host.split(".")[1:-1]
        out.append(f"tld:{suffix}" if suffix else "tld:unknown")
        out.append(f"reg:{label}")
        out.extend(f"sub:{s}" for s in subs[:6])
        out.append(f"nsub:{min(len(subs), 5)}")
        if subs[:1] == ["www"]:
            out.append("www")
    if "xn--" in raw_host:
        out.append("punycode")
    if not host.isascii():
        out.append("nonascii")
    if "@" in netloc:
        out.append("at")
    if re.search(r":\d+$", netloc):
        out.append("port")
    if "//" in path:
        out.append("dslash")
    segments = [s for s in path.split("/") if s]
    out.append(f"depth:{min(len(segments), 8)}")
    if path.endswith("/"):
        out.append("slash_end")
    last = segments[-1] if segments else ""
    if "." in last:
        out.append("ext:" + last.rsplit(".", 1)[1][:8].lower())
    pairs = [p for p in query.split("&") if p]
    out.append(f"nq:{min(len(pairs), 6)}")
    out.extend("qk:" + p.split("=", 1)[0][:20].lower() for p in pairs[:10])
    if fragment:
        out.append("frag")
    full_len = len(host) + len(path) + len(query)
    out.append(f"len:{_bin(full_len, (16, 24, 32, 48, 64, 96, 128, 192, 256))}")
    out.append(f"hlen:{_bin(len(host), (8, 12, 16, 20, 26, 34, 45, 60))}")
    out.append(f"llen:{_bin(len(label), (4, 6, 8, 11, 15, 20, 30))}")
    out.append(f"hdig:{_bin(sum(c.isdigit() for c in host), (1, 2, 4, 8))}")
    out.append(f"hyph:{min(host.count('-'), 4)}")
    out.append(f"pdig:{_bin(sum(c.isdigit() for c in path), (1, 3, 6, 12, 24))}")
    out.append(f"hent:{_bin(entropy(host), (2.5, 3.0, 3.3, 3.6, 3.9, 4.2))}")
    out.append(f"pent:{_bin(entropy(path), (1.0, 2.5, 3.2, 3.8, 4.2, 4.6))}")
    rest = (path + " " + query).lower()
    words = set(_WORDS.findall(host)) | set(_WORDS.findall(rest))
    out.extend("sus:" + w for w in sorted(words & SUSPICIOUS_WORDS))
    out.extend("pw:" + w for w in _WORDS.findall(" ".join(_SPLIT.split(path.lower())))[:30])
    if _HEX_OR_RANDOM.search(rest):
        out.append("prand")
    return out, _ngrams("c:", f"<{host}>") + _ngrams("p:", path[:PATH_NGRAM_CHARS].lower())


def _ngrams(prefix: str, text: str) -> list[str]:
    return [prefix + text[i : i + n] for n in CHAR_NGRAMS for i in range(len(text) - n + 1)]


def _ids(keys: list[str]) -> np.ndarray:
    return (
        np.fromiter((zlib.crc32(k.encode("utf-8", "surrogatepass")) for k in keys), np.int64, len(keys))
        & _MASK
    )


def featurise(url: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique bucket ids and their values for ``url``: structure tokens count 1, n-grams
    sub-linearly (``1 + log count``), the n-gram block scaled to unit length."""
    struct, grams = _tokens(url)
    ids = [np.unique(_ids(struct))]
    vals = [np.ones(len(ids[0]), np.float32)]
    if grams:
        gram_ids, counts = np.unique(_ids(grams), return_counts=True)
        weights = (1.0 + np.log(counts)).astype(np.float32)
        ids.append(gram_ids)
        vals.append(weights / np.float32(np.sqrt(weights @ weights)))
    all_ids, inverse = np.unique(np.concatenate(ids), return_inverse=True)
    values = np.zeros(len(all_ids), np.float32)
    np.add.at(values, inverse, np.concatenate(vals))
    return all_ids, values
