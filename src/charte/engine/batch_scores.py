"""Model scores for many posts at once, bit for bit what the shipped scorer returns post by post.

Why: scoring one post makes ~30 small numpy calls (n-gram hashing, ``np.unique``, log weights, the
gather, the scaling), each with a fixed cost of about a microsecond that dwarfs the arithmetic on a
few hundred features. Here those run once per batch on concatenated arrays; only the two reductions
whose floating-point summation order must stay exactly the per-post one — the L2 norm's ``np.dot``
and the ``values @ weights`` product — remain one call per post, on slices of the batch arrays.

This mirrors ``features.normalise``, ``features.featurise_normalised`` and ``Scorer.__call__``: it
calls their regexes, tokeniser, word hash, polarity and lexicon, and copies the order of the steps,
the array arithmetic and the head math. :func:`supports` trusts it only while the source of those
functions is the one it was written for (:data:`MIRRORED`) and it agrees exactly with the scorer on
probe texts, so a change in ``charte.models`` can make batches slower, never different.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import itertools
import math
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np

from charte.detectors import lang as langid
from charte.models import features, lexicons
from charte.models import scorer as scorer_module

#: Texts the batch path must score exactly like the scorer before the engine trusts it.
PROBES: tuple[tuple[str, str], ...] = (
    ("", "fr"),
    ("   ", "en"),
    ("!", "en"),
    ("a", "fr"),
    ("Franchement @acme votre service client est nul, 3 jours sans réponse !!! https://t.co/x", "fr"),
    ("I love this so much 😍😍 thanks Acme, best delivery ever", "en"),
    ("t'es qu'un c0nnard, je vais te retrouver", "fr"),
    ("vends weed et faux billets, dm pour le prix", "fr"),
    ("Ｃｏｎｆｉｄｅｎｔｉｅｌ : résultats du T3 en hausse de 12 %", "fr"),
    ("not bad at all, not great either… where is my order #12345?", "en"),
    ("ceci est un très long message " * 90, "fr"),
    ("\u0416\u0443\u043a \u4e2d\u6587 \ufffd", "other"),
)


#: ``features._polarity`` yields nothing for posts without a word of its lexicons: skip the call then.
_POLAR = features._POSITIVE | features._NEGATIVE


#: SHA-256 of the source of each ``charte.models`` function this module mirrors. When one changes, the
#: batch path turns itself off (per-post calls stay correct) until this module is brought up to date.
MIRRORED = {
    "normalise": "346184a6b53cbfecfb43da84778323a857a20b549c9bdd1554c482a9d81aacd9",
    "featurise_normalised": "160be34545e53ec2d226072714f5981725157e49ffa04df87a95d84cc35cdf7e",
    "_polarity": "3fb988fee8a5110b03aaa184dcd0764a4137d142c9fb1cca9b9ae461446f1345",
    "Scorer._logits": "4d022eb6e2d3063525fcbaacb7c0a1ca0d430c8298ea8355c17a267522f6494c",
    "Scorer.__call__": "38dd03c55caa381171539cf7efabc7ab75b058543a1f0c3fea656bc8dfa9c8bc",
}


def fingerprints() -> dict[str, str]:
    """The current SHA-256 of the mirrored functions' source."""
    functions = {"normalise": features.normalise, "featurise_normalised": features.featurise_normalised,
                 "_polarity": features._polarity, "Scorer._logits": scorer_module.Scorer._logits,
                 "Scorer.__call__": scorer_module.Scorer.__call__}
    return {name: hashlib.sha256(inspect.getsource(f).encode()).hexdigest() for name, f in functions.items()}


def supports(scorer: object) -> bool:
    """Whether ``scorer`` is the shipped model type, and the batch path gives its exact results."""
    if type(scorer) is not scorer_module.Scorer:
        return False
    return _verified(scorer)


@functools.lru_cache(maxsize=8)
def _verified(scorer: scorer_module.Scorer) -> bool:
    """Checked once per scorer (a few ms): engines of every policy share the process's models."""
    try:
        return fingerprints() == MIRRORED and agrees(scorer)
    except (OSError, AttributeError, TypeError, ValueError, IndexError, KeyError):
        return False  # charte.models changed shape, or its source is not shipped: per-post calls remain correct


def agrees(scorer: scorer_module.Scorer) -> bool:
    texts = [t for t, _ in PROBES]
    langs = [lang for _, lang in PROBES]
    batch = scores_many(scorer, texts, langs)
    return all(b == scorer(t, lang) for b, t, lang in zip(batch, texts, langs, strict=True))


def _features(norms: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(ids, values, bounds)``: every post's unique bucket ids and normalised weights, concatenated;
    post ``i`` owns ``[bounds[i], bounds[i + 1])``."""
    n_posts = len(norms)
    words: list[str] = []
    n_words: list[int] = []
    padded: list[str] = []
    owners: list[int] = []
    tokenise = features._TOKEN.findall
    for i, norm in enumerate(norms):
        tokens = tokenise(norm)
        if not tokens:
            continue
        before = len(words)
        words += ["w " + t for t in tokens]
        words += ["b " + a + " " + b for a, b in itertools.pairwise(tokens)]
        if not (_POLAR.isdisjoint(tokens)):
            words += features._polarity(tokens)
        n_words.append(len(words) - before)
        padded.append(" " + " ".join(tokens) + " ")
        owners.append(i)
    if not padded:
        return np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(n_posts + 1, np.int64)
    # The scorer's memoised CRC-32 of each word: one C-level dict look-up each, computed when missing.
    hashes = list(map(features._HASH_CACHE.get, words))
    if None in hashes:
        for i in [i for i, h in enumerate(hashes) if h is None]:
            hashes[i] = features._word_hash(words[i])
    owner_keys = np.asarray(owners, dtype=np.uint64) << np.uint64(features.BITS)
    word_keys = (np.asarray(hashes, dtype=np.uint64) & features._MASK) | np.repeat(owner_keys, n_words)
    joined = "".join(padded)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    ends = np.cumsum(lengths)
    total = int(ends[-1])
    # Characters left in its own post from each position: an n-gram may start only where >= n remain.
    remaining = np.repeat(ends, lengths) - np.arange(total, dtype=np.int64)
    owner = np.repeat(owner_keys, lengths)
    rolling = codes
    grams = []
    gram_owners = []
    for n in range(2, max(features.CHAR_NGRAMS) + 1):
        if total < n:
            break
        rolling = rolling[:-1] * features._PRIME + codes[n - 1:]
        if n in features._SEEDS:
            ok = remaining[: total - n + 1] >= n
            grams.append(rolling[ok] ^ features._SEEDS[n])
            gram_owners.append(owner[: total - n + 1][ok])
    mixed = np.concatenate(grams) * features._MIX
    mixed = ((mixed ^ (mixed >> np.uint64(29))) & features._MASK) | np.concatenate(gram_owners)
    keys = np.concatenate([word_keys, mixed]).astype(np.int64)
    uniq, counts = np.unique(keys, return_counts=True)
    values = (1.0 + np.log(counts)).astype(np.float32)
    bounds = np.searchsorted(uniq >> features.BITS, np.arange(n_posts + 1, dtype=np.int64))
    for start, end in itertools.pairwise(bounds.tolist()):
        if end > start:
            part = values[start:end]
            part /= np.sqrt(np.dot(part, part))
    return uniq & ((1 << features.BITS) - 1), values, bounds


def logits_many(scorer: scorer_module.Scorer, norms: Sequence[str]) -> list[list[float]]:
    """Each post's calibrated logits as a list, as ``scorer._logits(norm).tolist()`` gives them."""
    ids, values, bounds = _features(norms)
    gathered = np.take(scorer.weights, ids, axis=0)
    bias = scorer.bias
    rows = []
    empty = []
    for i, (start, end) in enumerate(itertools.pairwise(bounds.tolist())):
        if end > start:
            rows.append(values[start:end] @ gathered[start:end])
        else:
            rows.append(bias)
            empty.append(i)
    out = ((np.stack(rows) * scorer.scales) + bias).tolist() if rows else []
    bias_list = bias.tolist()
    for i in empty:
        out[i] = bias_list
    return out


#: Joins the texts of a batch for :func:`normalise_many`: whitespace (so URLs, mentions, words and
#: repeats stop at it), a starter in NFKD, untouched by every step, and not found in the texts.
_SEP = "\ue000"


def normalise_many(texts: Sequence[str]) -> list[str]:
    """``[features.normalise(t) for t in texts]`` with each substitution run once on the joined batch."""
    cut = [t[: features.MAX_CHARS] for t in texts]
    joined = f"\n{_SEP}\n".join(cut)
    if joined.count(_SEP) != len(cut) - 1:
        return [features.normalise(t) for t in texts]
    text = features._URL.sub(" xurl ", joined)
    text = features._MENTION.sub(" xuser ", text)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = features._COMBINING.sub("", text)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = features._LEET_WORD.sub(lambda m: m.group(0).translate(features._LEET), text)
    text = features._DIGITS.sub("0", text)
    text = features._REPEAT.sub(r"\1\1", text)
    spaces = features._SPACES
    return [spaces.sub(" ", part).strip() for part in text.split(_SEP)]


def scores_many(scorer: scorer_module.Scorer, texts: Sequence[str], langs: Sequence[str | None]) -> list[dict[str, Any]]:
    """``[scorer(text, lang) for text, lang in zip(texts, langs)]``, computed as one batch."""
    norms = normalise_many(texts)
    heads = [(name, spec["kind"] == "binary", spec["columns"], spec.get("labels")) for name, spec in
             scorer.heads.items()]
    sigmoid = scorer_module._sigmoid
    results = []
    for text, lang, norm, z in zip(texts, langs, norms, logits_many(scorer, norms), strict=True):
        out: dict[str, Any] = {}
        for name, binary, columns, labels in heads:
            cols = [z[c] for c in columns]
            if binary:
                out[name] = sigmoid(cols[0])
            else:
                top = max(cols)
                exps = [math.exp(v - top) for v in cols]
                total = sum(exps)
                out[name] = {label: round(e / total, 4) for label, e in zip(labels, exps, strict=True)}
        illegal = out["illegal"]
        categories = dict.fromkeys(lexicons.ILLEGAL, 0.0)
        for cat, _start, _end, strength in lexicons.illegal_hits(norm):
            categories[cat] = max(categories[cat], round(strength * (0.5 + 0.5 * illegal), 4))
        results.append({
            "toxicity": round(out["toxicity"], 4),
            "toxicity_types": {"hate": round(out["hate"], 4), "threat": round(out["threat"], 4)},
            "sentiment": out["sentiment"],
            "intent": out["intent"],
            "illegal": round(illegal, 4),
            "illegal_categories": categories,
            "lang": lang or langid.identify(text),
        })
    return results
