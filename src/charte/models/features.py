"""Hashed word and character n-gram features, identical at training and inference time.

Why our own hashing: Python's ``hash()`` is salted per process, and sklearn is only installed for
training. Words go through CRC-32 (stable, in C); character n-grams use a polynomial rolling hash
computed for all positions at once with numpy ``uint64`` arithmetic (wrap-around is well defined),
so a 200-character post costs a few dozen vectorised operations rather than a thousand calls.

A post becomes ``(indices, values)``: unique bucket ids in ``[0, 2**bits)`` and their L2-normalised
sub-linear term frequencies, plus a few valence features at a fixed weight (ids ``2**bits + k``,
``k < EXTRA``, see ``VALENCE_WEIGHT``).
A linear head is then ``values @ W[indices] + b``.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from charte import normalize as views
from charte.errors import ModelError

#: Number of hash buckets (2**BITS); changing it invalidates the shipped artefacts.
BITS = 18
#: Character n-gram lengths.
CHAR_NGRAMS = (2, 3, 4, 5)
#: Posts longer than this are featurised on their first MAX_CHARS characters (bounded cost).
MAX_CHARS = 2000

_MASK = np.uint64((1 << BITS) - 1)
_MASK_INT = (1 << BITS) - 1
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SEEDS = {n: np.uint64(0x51ED270B + 7919 * n) for n in CHAR_NGRAMS}

_URL = re.compile(r"(?:https?://|www\.)\S+")
_MENTION = re.compile(r"@\w+")
_DIGITS = re.compile(r"\d+")
_REPEAT = re.compile(r"(.)\1{2,}")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_CHAR = re.compile(r"[013457@$]")
_LEET_WORD = re.compile(r"\b(?=\w*[a-z])(?=\w*[013457@$])[a-z0134570@$]+\b")


def _fold(text: str) -> str:
    """The detectors' folded view (lower case, no accents, homoglyphs, leetspeak and spaced or dotted
    letters undone: "соnnаrd" with Cyrillic letters, "c.o.n.n.a.r.d", "1d10t"), so an evasion that
    defeats a word list defeats the models no more; NFKD catches what the per-character fold leaves."""
    text = views.folded(text).text
    return text if text.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def normalise(text: str) -> str:
    """Folded (see :func:`_fold`), URL/mention/number placeholders, elongations shortened.

    Accents are dropped because the French training data is partly de-accented upstream; the same
    function runs at training and inference time, so the two never disagree.
    """
    text = text[:MAX_CHARS]
    # Each step is skipped when it cannot change the text (same output, fewer regex passes).
    if "http" in text or "www." in text:
        text = _URL.sub(" xurl ", text)
    if "@" in text:
        text = _MENTION.sub(" xuser ", text)
    text = _fold(text)
    if "&" in text:
        text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    if _LEET_CHAR.search(text):
        text = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), text)
    text = _DIGITS.sub("0", text)
    text = _REPEAT.sub(r"\1\1", text)
    return _SPACES.sub(" ", text).strip()


# Prior polarity of common FR/EN words and emoji (normalised forms), written for this project: they
# enter the valence table below (+2 / -2) wherever VADER's lexicon has no entry (French above all).
_POSITIVE = frozenset(
    [
        "good",
        "great",
        "excellent",
        "amazing",
        "awesome",
        "love",
        "loved",
        "loves",
        "lovely",
        "best",
        "perfect",
        "nice",
        "happy",
        "glad",
        "beautiful",
        "wonderful",
        "fantastic",
        "brilliant",
        "cool",
        "fun",
        "enjoy",
        "enjoyed",
        "thanks",
        "thank",
        "congrats",
        "congratulations",
        "excited",
        "exciting",
        "favorite",
        "favourite",
        "win",
        "winner",
        "recommend",
        "superb",
        "impressive",
        "proud",
        "yay",
        "wow",
        "incredible",
        "fabulous",
        "outstanding",
        "delighted",
        "bon",
        "bonne",
        "bons",
        "bonnes",
        "super",
        "genial",
        "geniale",
        "top",
        "excellent",
        "excellente",
        "parfait",
        "parfaite",
        "magnifique",
        "merveilleux",
        "adore",
        "adorable",
        "aime",
        "aimer",
        "j'adore",
        "bravo",
        "merci",
        "felicitations",
        "heureux",
        "heureuse",
        "content",
        "contente",
        "ravi",
        "ravie",
        "sublime",
        "formidable",
        "incroyable",
        "chouette",
        "cool",
        "recommande",
        "meilleur",
        "meilleure",
        "fier",
        "fiere",
        "plaisir",
        "bonheur",
        "rapide",
        "efficace",
        "impeccable",
        "extra",
        "trop+bien",
        "dinguerie",
        "tuerie",
        "pepite",
        "kiffe",
        "kiff",
        "😀",
        "😃",
        "😄",
        "😁",
        "😊",
        "😍",
        "🥰",
        "😘",
        "❤",
        "❤️",
        "💕",
        "💖",
        "👍",
        "👏",
        "🙌",
        "🎉",
        "🔥",
        "💪",
        "✨",
        "😎",
        "🤩",
        "☺",
        "🙂",
        ":)",
        ":-)",
        ":d",
        "<0",
    ]
)
_NEGATIVE = frozenset(
    [
        "bad",
        "worst",
        "terrible",
        "awful",
        "horrible",
        "hate",
        "hated",
        "hates",
        "sucks",
        "suck",
        "poor",
        "sad",
        "angry",
        "annoyed",
        "annoying",
        "disappointed",
        "disappointing",
        "disgusting",
        "useless",
        "broken",
        "fail",
        "failed",
        "failure",
        "problem",
        "problems",
        "issue",
        "issues",
        "wrong",
        "waste",
        "never",
        "ugly",
        "boring",
        "stupid",
        "scam",
        "rubbish",
        "pathetic",
        "unacceptable",
        "sick",
        "tired",
        "upset",
        "worried",
        "fear",
        "afraid",
        "mauvais",
        "mauvaise",
        "nul",
        "nulle",
        "nuls",
        "pire",
        "horrible",
        "affreux",
        "deteste",
        "decu",
        "decue",
        "decevant",
        "decevante",
        "honte",
        "lamentable",
        "inadmissible",
        "inacceptable",
        "arnaque",
        "pourri",
        "pourrie",
        "triste",
        "colere",
        "enerve",
        "enervee",
        "marre",
        "galere",
        "panne",
        "probleme",
        "problemes",
        "bug",
        "ennuyeux",
        "ennuyeuse",
        "ennui",
        "naze",
        "catastrophe",
        "scandale",
        "inutile",
        "degueulasse",
        "lent",
        "lente",
        "cher",
        "chere",
        "mediocre",
        "rate",
        "ratee",
        "insupportable",
        "penible",
        "peur",
        "😡",
        "😠",
        "🤬",
        "😢",
        "😭",
        "😞",
        "😔",
        "😒",
        "🙄",
        "👎",
        "💔",
        "😤",
        "😩",
        "😫",
        "🤮",
        ":(",
        ":-(",
        ":'(",
    ]
)
_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "pas",
        "plus",
        "jamais",
        "rien",
        "aucun",
        "aucune",
        "ni",
        "don",
        "doesn",
        "didn",
        "isn",
        "wasn",
        "aren",
        "weren",
        "won",
        "wouldn",
        "couldn",
        "shouldn",
        "cant",
        "dont",
        "doesnt",
        "isnt",
    ]
)


#: Word valences (shipped as ``artefacts/valence.npz``: CRC-32 of ``"w " + word`` -> valence in tenths),
#: derived at training time from VADER's lexicon (MIT) plus the FR/EN word lists above. Each post then
#: gets a few valence features (binned compound score, positive and negative mass, per-hit strength)
#: at a fixed weight next to the L2-normalised n-grams: a graded polarity signal that a few thousand
#: labelled tweets cannot learn word by word.
VALENCE_FILE = "valence.npz"
VALENCE_WEIGHT = 0.3
_VALENCE_PATH = Path(__file__).resolve().parent / "artefacts" / VALENCE_FILE
_VALENCE: dict[int, float] | None = None
_BUT = frozenset(["but", "mais", "however", "pourtant", "cependant"])


def set_valence(keys: np.ndarray, tenths: np.ndarray) -> None:
    """Install the valence table (training builds it; :meth:`Scorer.load` installs the verified file)."""
    global _VALENCE
    _VALENCE = {int(k): int(v) / 10.0 for k, v in zip(keys.tolist(), tenths.tolist(), strict=True)}


def _valence() -> dict[int, float]:
    if _VALENCE is None:
        # Featurising without Scorer.load (benchmarks, evaluation): the shipped table, or a clear error
        # rather than posts silently featurised without their valence features.
        try:
            with np.load(_VALENCE_PATH, allow_pickle=False) as npz:
                set_valence(npz["keys"], npz["tenths"])
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"model valence table missing or unreadable: {_VALENCE_PATH}: {exc}") from exc
    return _VALENCE  # type: ignore[return-value]  # set_valence has set it, or raised: never None here


# Valence features live in rows of their own after the 2**BITS hashed buckets (no collision, no merge):
# compound score in 10 bins, positive and negative mass 0..6, and each hit's rounded strength -4..4.
_VC, _VP, _VN, _VT = 0, 10, 17, 24
#: Number of valence feature rows after the hashed buckets (feature space = 2**BITS + EXTRA).
EXTRA = 33


def _valence_features(tokens: list[str], hashes: list[int]) -> dict[int, float]:
    """VADER-style polarity of the post as a few feature ids -> weights (negation within 3 words flips
    and damps a valence; around "but"/"mais" the first part counts half, the second 1.5 times)."""
    vals = list(map(_valence().get, hashes))
    if vals.count(None) == len(vals):
        return {}
    hits = [(i, v) for i, v in enumerate(vals) if v is not None]
    if not _NEGATORS.isdisjoint(tokens):
        hits = [
            (i, -0.74 * v if i and not _NEGATORS.isdisjoint(tokens[max(0, i - 3) : i]) else v)
            for i, v in hits
        ]
    but = -1 if _BUT.isdisjoint(tokens) else max(i for i, t in enumerate(tokens) if t in _BUT)
    if but >= 0:
        hits = [(i, v * 0.5 if i < but else v * 1.5) for i, v in hits]
    total = pos = neg = 0.0
    base = 1 << BITS
    out: dict[int, float] = {}
    for _, v in hits:
        total += v
        if v > 0:
            pos += v
        else:
            neg -= v
        key = base + _VT + 4 + max(-4, min(4, round(v)))
        out[key] = out.get(key, 0.0) + VALENCE_WEIGHT
    compound = total / math.sqrt(total * total + 15.0)
    out[base + _VC + int((compound + 1.0) * 4.999)] = VALENCE_WEIGHT
    out[base + _VP + min(int(pos), 6)] = VALENCE_WEIGHT
    out[base + _VN + min(int(neg), 6)] = VALENCE_WEIGHT
    return out


# 1 + log(count) for every possible count (a post has at most ~6 ids per character of MAX_CHARS).
_SUBLINEAR = np.concatenate([[0.0], 1.0 + np.log(np.arange(1, 8 * MAX_CHARS + 16))]).astype(np.float32)

_HASH_CACHE: dict[str, int] = {}
_HASH_CACHE_MAX = 200_000


def _word_hash(token: str) -> int:
    """CRC-32 of a token, memoised: the same words recur from post to post."""
    h = _HASH_CACHE.get(token)
    if h is None:
        h = zlib.crc32(token.encode("utf-8", "surrogatepass"))
        if len(_HASH_CACHE) < _HASH_CACHE_MAX:
            _HASH_CACHE[token] = h
    return h


def _counted(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique ids and 1 + log(count) of each: ``np.unique(ids, return_counts=True)`` without its
    Python overhead, the weights from a table. Sorts ``ids`` in place."""
    ids.sort()
    starts = np.empty(len(ids) + 1, dtype=bool)
    starts[0] = starts[-1] = True
    np.not_equal(ids[1:], ids[:-1], out=starts[1:-1])
    edges = np.flatnonzero(starts)
    return ids[edges[:-1]], _SUBLINEAR[np.diff(edges)]


def featurise(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Unique bucket ids (int64) and their weights (float32) for one post: n-grams with L2 norm 1, plus
    valence features at ``VALENCE_WEIGHT`` each when the post has polar words."""
    return featurise_normalised(normalise(text))


def featurise_normalised(norm: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`featurise` for a text already passed through :func:`normalise`."""
    tokens = _TOKEN.findall(norm)
    if not tokens:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    words = _hashes(["w " + t for t in tokens])
    polar = _valence_features(tokens, words)
    words += _hashes(["b " + a + " " + b for a, b in itertools.pairwise(tokens)])
    padded = " " + " ".join(tokens) + " "
    codes = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    rolling = codes
    grams = []
    for n in range(2, max(CHAR_NGRAMS) + 1):
        if len(codes) < n:
            break
        rolling = rolling[:-1] * _PRIME + codes[n - 1 :]
        if n in _SEEDS:
            grams.append(rolling ^ _SEEDS[n])
    # Mix every n-gram hash in one pass (fewer, larger numpy operations).
    mixed = np.concatenate(grams) * _MIX
    mixed = (mixed ^ (mixed >> np.uint64(29))) & _MASK
    uniq, values = _counted(
        np.concatenate([np.array(words, dtype=np.int64) & _MASK_INT, mixed.view(np.int64)])
    )
    values /= np.sqrt(np.dot(values, values))
    if not polar:
        return uniq, values
    # Valence features: a fixed weight each, outside the n-grams' L2 normalisation, in their own rows.
    return (
        np.concatenate([uniq, np.fromiter(polar, dtype=np.int64, count=len(polar))]),
        np.concatenate([values, np.fromiter(polar.values(), dtype=np.float32, count=len(polar))]),
    )


def contributions(norm: str, ids: np.ndarray, contrib: np.ndarray) -> dict[str, float]:
    """Share of a linear score carried by each word of a normalised text (for explanations).

    ``ids`` and ``contrib`` are the text's feature ids as :func:`featurise_normalised` returns them and
    each one's contribution (value x weight). A word gets its unigram, half of each word pair it is in,
    and the character n-grams that lie within it (with the spaces around it); an id met several times is
    shared equally between its occurrences. N-grams that straddle two words and the valence features go
    to no word.

    A word's own n-grams are those of " word ", the same wherever it occurs: they come from a per-word
    cache rather than from the whole padded text each time (a dozen numpy calls instead of ~60). Each
    word's share is summed in the order of the version this replaced, so the floats are the same to the
    last bit (tests/models/test_contributions.py).
    """
    tokens = _TOKEN.findall(norm)
    if not tokens:
        return {}
    n_tok = len(tokens)
    grams = _grams_of(tokens)
    n_grams = np.fromiter(map(len, grams), dtype=np.int64, count=n_tok)
    counted = (
        np.fromiter(
            itertools.chain(
                _hashes(["w " + t for t in tokens]),
                _hashes(["b " + a + " " + b for a, b in itertools.pairwise(tokens)]),
            ),
            dtype=np.int64,
            count=2 * n_tok - 1,
        )
        & _MASK_INT
    )
    # Occurrences counted once each (a word pair is one occurrence, shared by its two words).
    counted = np.concatenate(
        [counted, np.fromiter(itertools.chain.from_iterable(grams), dtype=np.int64, count=int(n_grams.sum()))]
    )
    # Every id of ``counted`` is one of the text's own features: found in ``ids`` (sorted, unique) by
    # bisection, its occurrences counted there, rather than sorting ``counted`` again.
    grams_only = ids < (1 << BITS)
    known, values = ids[grams_only], np.asarray(contrib, dtype=np.float64)[grams_only]
    if len(known) > 1 and not (known[1:] > known[:-1]).all():  # featurise_normalised gives them sorted
        order = np.argsort(known)
        known, values = known[order], values[order]
    if not len(known):
        return dict.fromkeys(tokens, 0.0)
    at = np.minimum(np.searchsorted(known, counted), len(known) - 1)
    found = known[at] == counted
    counts = np.bincount(at[found], minlength=len(known))
    # One occurrence's share of its id (an id absent from ``ids`` contributes nothing).
    share = np.where(found, values[at] / np.maximum(counts[at], 1), 0.0)
    halves = share[n_tok : 2 * n_tok - 1] * 0.5
    pair = np.arange(n_tok - 1, dtype=np.int64)
    # Each word's unigram, the pair on its right, the pair on its left, then its n-grams: per word, the
    # order (and so the float sums) of the vectorised version this replaced.
    owner = np.concatenate(
        [
            np.arange(n_tok, dtype=np.int64),
            pair,
            pair + 1,
            np.repeat(np.arange(n_tok, dtype=np.int64), n_grams),
        ]
    )
    weights = np.concatenate([share[:n_tok], halves, halves, share[2 * n_tok - 1 :]])
    per_word = np.bincount(owner, weights=weights, minlength=n_tok)
    out: dict[str, float] = {}
    for token, v in zip(tokens, per_word.tolist(), strict=True):
        out[token] = out.get(token, 0.0) + v
    return out


_U64 = (1 << 64) - 1
_PRIME_INT = int(_PRIME)
_MIX_INT = int(_MIX)
_SEEDS_INT = {n: int(seed) for n, seed in _SEEDS.items()}
_GRAMS_CACHE: dict[str, tuple[int, ...]] = {}


def _word_grams(token: str) -> tuple[int, ...]:
    """Bucket ids of the character n-grams of " token " (lengths 2 to 5, by length then position), the
    same hash as :func:`featurise_normalised` computes with numpy; memoised like :func:`_word_hash`."""
    found = _GRAMS_CACHE.get(token)
    if found is not None:
        return found
    codes = [ord(c) for c in f" {token} "]
    rolling = codes
    out: list[int] = []
    for n in range(2, max(CHAR_NGRAMS) + 1):
        if len(codes) < n:
            break
        rolling = [(r * _PRIME_INT + c) & _U64 for r, c in zip(rolling[:-1], codes[n - 1 :], strict=True)]
        if n in _SEEDS_INT:
            seed = _SEEDS_INT[n]
            for r in rolling:
                mixed = ((r ^ seed) * _MIX_INT) & _U64
                out.append((mixed ^ (mixed >> 29)) & _MASK_INT)
    grams = tuple(out)
    if len(_GRAMS_CACHE) < _HASH_CACHE_MAX:
        _GRAMS_CACHE[token] = grams
    return grams


def _grams_of(tokens: Sequence[str]) -> list[tuple[int, ...]]:
    """``[_word_grams(t) for t in tokens]``, the tokens not yet memoised hashed together with numpy.

    Why: an explained post brings a dozen words never seen before, and :func:`_word_grams` costs ~10 µs
    each in pure Python; here they cost a few numpy calls per post. Same uint64 arithmetic, same ids
    in the same order (tests/models/test_contributions.py compares both).
    """
    cache = _GRAMS_CACHE
    missing = list(dict.fromkeys(t for t in tokens if t not in cache))
    if missing:
        padded = [f" {t} " for t in missing]
        codes = np.frombuffer("".join(padded).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(
            np.uint64
        )
        lengths = [len(p) for p in padded]
        starts = list(itertools.accumulate(lengths, initial=0))
        rolling = codes
        per_n: list[tuple[int, list[int]]] = []
        for n in range(2, max(CHAR_NGRAMS) + 1):
            rolling = rolling[:-1] * _PRIME + codes[n - 1 :]
            if n in _SEEDS:
                mixed = (rolling ^ _SEEDS[n]) * _MIX
                per_n.append((n, ((mixed ^ (mixed >> np.uint64(29))) & _MASK).tolist()))
        fresh: dict[str, tuple[int, ...]] = {}
        for token, start, size in zip(missing, starts, lengths, strict=False):
            out: list[int] = []
            for n, ids in per_n:
                if size < n:
                    break
                out += ids[start : start + size - n + 1]
            fresh[token] = tuple(out)
            if len(cache) < _HASH_CACHE_MAX:
                cache[token] = fresh[token]
        return [fresh[t] if t in fresh else cache[t] for t in tokens]
    return [cache[t] for t in tokens]


#: Joins the texts of a batch for :func:`normalise_many`: whitespace (so URLs, mentions, words and
#: repeats stop at it), a starter in NFKD, untouched by every step, and absent from the texts.
_SEP = "\ue000"


def normalise_many(texts: Sequence[str]) -> list[str]:
    """``[normalise(t) for t in texts]`` with each substitution run once over the joined batch.

    Why: each regex pass has a fixed cost per call that dominates on short posts. The steps that
    :func:`normalise` skips when they cannot change a text change nothing here either.
    """
    cut = [t[:MAX_CHARS] for t in texts]
    joiner = f"\n{_SEP}\n"
    joined = joiner.join(cut)
    if joined.count(_SEP) != len(cut) - 1:  # a text holds the separator: no shortcut
        return [normalise(t) for t in texts]
    text = _URL.sub(" xurl ", joined)
    text = _MENTION.sub(" xuser ", text)
    # Leetspeak undone only in the posts holding a leet character (as :func:`normalise` does): its pattern
    # looks ahead at every word start, the costliest pass of the batch. A match never holds a line break
    # or the separator, so each post read apart matches as it does in the joined batch.
    text = joiner.join(map(_fold, text.split(joiner)))
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = joiner.join(
        _LEET_WORD.sub(_unleet, part) if _LEET_CHAR.search(part) else part for part in text.split(joiner)
    )
    text = _DIGITS.sub("0", text)
    text = _REPEAT.sub(r"\1\1", text)
    # ``" ".join(part.split())`` is ``_SPACES.sub(" ", part).strip()``: ``\s``, ``str.split`` and
    # ``str.strip`` all stop at the characters ``str.isspace`` knows, and it runs without a regex.
    return [" ".join(part.split()) for part in text.split(_SEP)]


def _unleet(m: re.Match[str]) -> str:
    return m.group(0).translate(_LEET)


def _hashes(keys: list[str]) -> list[int]:
    """:func:`_word_hash` of each key: one C-level dict look-up each, CRC-32 computed when missing."""
    found = list(map(_HASH_CACHE.get, keys))
    if None in found:
        return [h if h is not None else _word_hash(k) for k, h in zip(keys, found, strict=True)]
    return found  # type: ignore[return-value]  # no None left: checked just above


def featurise_many(norms: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`featurise_normalised` of many normalised texts at once, concatenated.

    Returns ``(ids, values, bounds)``: post ``i`` owns ``ids[bounds[i]:bounds[i + 1]]`` and the same
    slice of ``values``, element for element what :func:`featurise_normalised` returns for it. The
    hashing, counting and sub-linear weights run once per batch (each post's ids carry its index above
    ``BITS`` while they are sorted and counted); only the L2 norm stays one ``np.dot`` per post, so its
    floating-point summation order, and hence every score, is exactly the one-post one.
    """
    n_posts = len(norms)
    word_keys: list[int] = []
    n_words: list[int] = []
    padded: list[str] = []
    owners: list[int] = []
    extras: list[tuple[int, dict[int, float]]] = []
    for i, norm in enumerate(norms):
        tokens = _TOKEN.findall(norm)
        if not tokens:
            continue
        unigrams = _hashes(["w " + t for t in tokens])
        polar = _valence_features(tokens, unigrams)
        if polar:
            extras.append((i, polar))
        bigrams = _hashes(["b " + a + " " + b for a, b in itertools.pairwise(tokens)])
        word_keys += unigrams
        word_keys += bigrams
        n_words.append(len(unigrams) + len(bigrams))
        padded.append(" " + " ".join(tokens) + " ")
        owners.append(i)
    if not padded:
        return np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(n_posts + 1, np.int64)
    owner_keys = np.asarray(owners, dtype=np.uint64) << np.uint64(BITS)
    words = (np.asarray(word_keys, dtype=np.uint64) & _MASK) | np.repeat(owner_keys, n_words)
    codes = np.frombuffer("".join(padded).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(
        np.uint64
    )
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    ends = np.cumsum(lengths)
    total = int(ends[-1])
    # Characters left in its own post from each position: an n-gram may start only where >= n remain.
    remaining = np.repeat(ends, lengths) - np.arange(total, dtype=np.int64)
    owner = np.repeat(owner_keys, lengths)
    rolling = codes
    grams = []
    gram_owners = []
    for n in range(2, max(CHAR_NGRAMS) + 1):
        if total < n:
            break
        rolling = rolling[:-1] * _PRIME + codes[n - 1 :]
        if n in _SEEDS:
            ok = remaining[: total - n + 1] >= n
            grams.append(rolling[ok] ^ _SEEDS[n])
            gram_owners.append(owner[: total - n + 1][ok])
    mixed = np.concatenate(grams) * _MIX
    mixed = ((mixed ^ (mixed >> np.uint64(29))) & _MASK) | np.concatenate(gram_owners)
    uniq, values = _counted(np.concatenate([words, mixed]).view(np.int64))
    bounds = np.searchsorted(uniq >> BITS, np.arange(n_posts + 1, dtype=np.int64))
    for start, end in itertools.pairwise(bounds.tolist()):
        if end > start:
            part = values[start:end]
            part /= np.sqrt(np.dot(part, part))
    ids = uniq & _MASK_INT
    if not extras:
        return ids, values, bounds
    # Valence features go after each post's n-grams, in the order featurise_normalised gives them.
    at = [int(bounds[i + 1]) for i, polar in extras for _ in polar]
    added = np.zeros(n_posts + 1, dtype=np.int64)
    for i, polar in extras:
        added[i + 1] = len(polar)
    ids = np.insert(ids, at, [k for _, polar in extras for k in polar])
    values = np.insert(values, at, np.array([v for _, polar in extras for v in polar.values()], np.float32))
    return ids, values, bounds + np.cumsum(added)
