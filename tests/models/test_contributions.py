"""``features.contributions`` gives, to the last bit, the shares of the vectorised version it replaced
(kept below as the reference), so the words an explanation names did not change with the speed-up."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from charte.models import features as F
from charte.models import scorer

TEXTS = [
    "Ferme ta gueule espèce de соnnаrd",
    "You are a fucking idiot",
    "a",
    "b c",
    "é ü ø",
    "🤮🤮 les gays sont",
    "I  a b c d e f g",
    "the the the the cat the",
    "x" * 300,
    "c.o.n.n.a.r.d t'es nul https://t.co/x @bob",
    "Les immigrés ne sont pas des êtres humains.",
    "je vais te retrouver et te tuer, tu vas le payer",
    "Great service, thanks @acme! 10/10 would recommend",
    "12345 67890",
    "!!! ??? ...",
]


def _reference(norm: str, ids: np.ndarray, contrib: np.ndarray) -> dict[str, float]:
    """The vectorised version ``contributions`` replaced (n-grams of the whole padded text)."""
    tokens = F._TOKEN.findall(norm)
    if not tokens:
        return {}
    n_tok = len(tokens)
    uni = np.asarray(F._hashes(["w " + t for t in tokens]), dtype=np.int64) & F._MASK_INT
    bi = (
        np.asarray(F._hashes(["b " + a + " " + b for a, b in itertools.pairwise(tokens)]), dtype=np.int64)
        & F._MASK_INT
    )
    padded = " " + " ".join(tokens) + " "
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=n_tok)
    word_at = np.full(len(padded), -1, dtype=np.int64)
    starts = 1 + np.cumsum(lengths + 1) - (lengths + 1)  # each word's first position in ``padded``
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    word_at[np.repeat(starts, lengths) + offsets] = np.repeat(np.arange(n_tok), lengths)
    codes = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    gram_ids, gram_owner = [], []
    rolling = codes
    for n in range(2, max(F.CHAR_NGRAMS) + 1):
        if len(codes) < n:
            break
        rolling = rolling[:-1] * F._PRIME + codes[n - 1 :]
        if n not in F._SEEDS:
            continue
        mixed = (rolling ^ F._SEEDS[n]) * F._MIX
        grams = ((mixed ^ (mixed >> np.uint64(29))) & F._MASK).astype(np.int64)
        first, last = word_at[: len(grams)], word_at[n - 1 :]
        lo = np.where(first >= 0, first, word_at[1 : len(grams) + 1])
        hi = np.where(last >= 0, last, word_at[n - 2 : n - 2 + len(grams)])
        keep = (lo == hi) & (lo >= 0)
        gram_ids.append(grams[keep])
        gram_owner.append(lo[keep])
    pair = np.arange(len(bi), dtype=np.int64)
    feats = np.concatenate([uni, bi, bi, *gram_ids])
    owner = np.concatenate([np.arange(n_tok, dtype=np.int64), pair, pair + 1, *gram_owner])
    part = np.concatenate([np.ones(n_tok), np.full(2 * len(bi), 0.5), np.ones(sum(map(len, gram_ids)))])
    counted = np.concatenate([uni, bi, *gram_ids])  # a word pair is one occurrence, shared by two words
    uniq, counts = np.unique(counted, return_counts=True)
    grams_only = ids < (1 << F.BITS)
    known, values = ids[grams_only], np.asarray(contrib, dtype=np.float64)[grams_only]
    order = np.argsort(known)
    known, values = known[order], values[order]
    at = np.clip(np.searchsorted(known, feats), 0, max(len(known) - 1, 0))
    value = np.where(known[at] == feats, values[at], 0.0) if len(known) else np.zeros(len(feats))
    share = value / counts[np.searchsorted(uniq, feats)] * part
    per_word = np.bincount(owner, weights=share, minlength=n_tok)
    out: dict[str, float] = {}
    for token, v in zip(tokens, per_word.tolist(), strict=True):
        out[token] = out.get(token, 0.0) + v
    return out


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("column", [0, 1, 3])
def test_same_shares_as_the_reference(text: str, column: int) -> None:
    model = scorer.load_default()
    norm = F.normalise(text)
    ids, values = F.featurise_normalised(norm)
    contrib = values * (model.weights[ids, column].astype(np.float32) * model.scales[column])
    expected = _reference(norm, ids, contrib)
    got = F.contributions(norm, ids, contrib)
    assert list(got) == list(expected)
    assert [v.hex() for v in got.values()] == [v.hex() for v in expected.values()]


def test_ids_not_of_the_text_contribute_nothing() -> None:
    norm = F.normalise("hello there")
    other = np.array([1, 2, 3], dtype=np.int64)
    assert F.contributions(norm, other, np.ones(3, np.float32)) == _reference(
        norm, other, np.ones(3, np.float32)
    )


def test_batch_word_grams_equal_the_one_word_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """The numpy path hashes the words not memoised yet: the same ids, in the same order, as the
    pure-Python :func:`features._word_grams` (which fills the memo too)."""
    tokens = [t for text in TEXTS for t in F._TOKEN.findall(F.normalise(text))]
    tokens += ["a", "ab", "abc", "é", "ß", "😀x", "\ud800z", "y" * 80, "a", "ab"]  # and repeats
    monkeypatch.setattr(F, "_GRAMS_CACHE", {})
    expected = [F._word_grams(t) for t in tokens]
    monkeypatch.setattr(F, "_GRAMS_CACHE", {})
    assert F._grams_of(tokens) == expected
    assert F._grams_of(tokens[::-1]) == expected[::-1]  # now from the memo
    monkeypatch.setattr(F, "_HASH_CACHE_MAX", 0)  # a full memo: computed, not kept
    monkeypatch.setattr(F, "_GRAMS_CACHE", {})
    assert F._grams_of(tokens) == expected
    assert F._GRAMS_CACHE == {}
