"""Inference for the shipped models: numpy only, loaded once per process.

``load_default()`` returns a callable ``(text, lang) -> dict`` with calibrated probabilities:
``toxicity`` (and ``toxicity_types``: ``hate``, ``threat``), ``sentiment``, ``intent``, ``illegal``
(and ``illegal_categories`` from the lexicon evidence), and ``lang``. All heads share one feature
vector, so scoring every model is one gather and one small matrix product.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import math
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from charte.errors import ModelError
from charte.models import features, lexicons
from charte.models import lang as langid

FORMAT_VERSION = 1
WEIGHTS_FILE = "models.npz"
MANIFEST_FILE = "manifest.json"
ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
# Placeholders and function words: true contributors at times, but they tell a reviewer nothing.
_NOT_WORDS = frozenset(
    [
        "xurl",
        "xuser",
        "a",
        "an",
        "the",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "is",
        "it",
        "i",
        "my",
        "me",
        "that",
        "this",
        "be",
        "un",
        "une",
        "le",
        "la",
        "les",
        "l",
        "de",
        "des",
        "du",
        "d",
        "et",
        "ou",
        "en",
        "est",
        "je",
        "j",
        "ta",
        "ton",
        "tes",
        "ma",
        "mon",
        "ce",
        "c",
        "qu",
        "que",
        "s",
    ]
)

#: Texts whose features a scorer keeps after a batch (a few batches of ``charte scan``), and the longest kept.
_RECENT_MAX = 1024
_RECENT_CHARS = 4 * features.MAX_CHARS


class Scorer:
    """Linear heads over hashed n-grams; ``__call__`` is thread-safe (read-only arrays)."""

    def __init__(
        self, weights: np.ndarray, scales: np.ndarray, bias: np.ndarray, manifest: Mapping[str, Any]
    ) -> None:
        self.weights = weights
        self.scales = scales
        self.bias = bias
        self.manifest = manifest
        self.heads: dict[str, dict[str, Any]] = dict(manifest["heads"])
        #: text -> (normalised text, feature ids, values) of the posts scored last in a batch, so that an
        #: explanation or the cascade's routing does not normalise and featurise them again.
        self._recent: dict[str, tuple[str, np.ndarray, np.ndarray]] = {}
        self._plans: dict[str | None, list[tuple[str, bool, list[int], list[str]]]] = {}
        #: (text, head, lang, k) -> :meth:`explain`'s answer: a post is often explained more than once (by
        #: each rule that reports it, and reposted texts recur), at ~0.1-0.3 ms a time.
        self._explained: dict[tuple[str, str, str | None, int], tuple[tuple[str, float], ...]] = {}

    @classmethod
    def load(cls, folder: Path = ARTEFACTS) -> Scorer:
        """Read and verify the artefacts; any problem raises :class:`ModelError` naming the file.

        The valence table is a per-process feature setting: loading a folder installs its table, so
        artefacts of different trainings should not be mixed in one process.
        """
        manifest_path = folder / MANIFEST_FILE
        weights_path = folder / WEIGHTS_FILE
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            heads = manifest["heads"]
            expected = manifest["files"][WEIGHTS_FILE]
            if manifest.get("format") != FORMAT_VERSION:
                raise ValueError(f"format {manifest.get('format')!r}, expected {FORMAT_VERSION}")
            if (manifest["features"]["bits"], manifest["features"].get("valence_rows", 0)) != (
                features.BITS,
                features.EXTRA,
            ):
                raise ValueError("feature hashing size differs from this version of Charte")
        except FileNotFoundError as exc:
            raise ModelError(
                f"model manifest missing: {manifest_path} (reinstall Charte or run `make models`)"
            ) from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"model manifest unreadable: {manifest_path}: {exc}") from exc
        _verify(weights_path, expected, "model weights")
        try:
            with np.load(weights_path, allow_pickle=False) as npz:
                weights, scales, bias = npz["weights"], npz["scales"], npz["bias"]
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise ModelError(f"model weights unreadable: {weights_path}: {exc}") from exc
        valence = manifest["files"].get(features.VALENCE_FILE)
        if valence is not None:
            cls._install_valence(folder / features.VALENCE_FILE, valence)
        n_cols = 1 + max(
            c
            for h in heads.values()
            for c in [*h["columns"], *(c for cs in h.get("by_lang", {}).values() for c in cs)]
        )
        rows = (1 << features.BITS) + features.EXTRA
        if weights.shape != (rows, n_cols) or scales.shape != (n_cols,) or bias.shape != (n_cols,):
            raise ModelError(
                f"model weights corrupt: {weights_path} (shape {weights.shape} does not match "
                f"{MANIFEST_FILE})"
            )
        return cls(weights, scales, bias, manifest)

    @staticmethod
    def _install_valence(path: Path, expected: str) -> None:
        """Verify the word-valence table the weights were trained with and hand it to ``features``."""
        _verify(path, expected, "model valence table")
        try:
            with np.load(path, allow_pickle=False) as npz:
                features.set_valence(npz["keys"], npz["tenths"])
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise ModelError(f"model valence table unreadable: {path}: {exc}") from exc

    def logits(self, text: str) -> np.ndarray:
        """Raw calibrated logits of every column for ``text``."""
        return self._logits(features.normalise(text))

    def _logits(self, norm: str) -> np.ndarray:
        return self._logits_of(*features.featurise_normalised(norm))

    def _logits_of(self, idx: np.ndarray, values: np.ndarray) -> np.ndarray:
        if len(idx) == 0:
            return self.bias.copy()
        logits: np.ndarray = (values @ np.take(self.weights, idx, axis=0)) * self.scales + self.bias
        return logits

    def head(self, logits: np.ndarray, name: str, lang: str | None = None) -> np.ndarray:
        """Probabilities of one head: ``[p]`` for a binary head, a distribution for a softmax head.

        A head may carry a column of its own for a language (``by_lang``), used when ``lang`` matches.
        """
        spec = self.heads[name]
        z = logits[spec.get("by_lang", {}).get(lang, spec["columns"])]
        probs: np.ndarray
        if spec["kind"] == "binary":
            probs = 1.0 / (1.0 + np.exp(-z))
        else:
            e = np.exp(z - z.max())
            probs = e / e.sum()
        return probs

    def explain(
        self, text: str, head: str = "toxicity", lang: str | None = None, k: int = 3
    ) -> list[tuple[str, float]]:
        """The ``k`` words that pushed binary head ``head`` up most for ``text``, with their share of the logit.

        Words are shown as the models read them (folded: "c0nnard" and "соnnаrd" read "connard"), so a
        reviewer sees the evasion undone. Placeholders, numbers, punctuation and words pulling the
        score down are left out. The shares, the n-grams across two words and the valence features add
        up to the logit minus the bias (a linear head: no approximation).
        """
        key = (text, head, lang, k)
        known = self._explained.get(key)
        if known is not None:
            return list(known)
        words = self._explain(text, head, lang, k)
        if len(text) <= _RECENT_CHARS:  # thread-safe: a lost entry is only computed again
            if len(self._explained) >= _RECENT_MAX:
                self._explained.clear()
            self._explained[key] = tuple(words)
        return words

    def _explain(self, text: str, head: str, lang: str | None, k: int) -> list[tuple[str, float]]:
        spec = self.heads[head]
        if spec["kind"] != "binary":
            raise ValueError(f"explain works on binary heads, not {head!r}")
        col = (spec.get("by_lang", {}).get(lang) or spec["columns"])[0]
        norm, idx, values = self.featurised(text)
        if len(idx) == 0:
            return []
        weights = self.weights[idx, col].astype(np.float32) * self.scales[col]
        shares = features.contributions(norm, idx, values * weights)
        ranked = sorted(
            (
                (w, v)
                for w, v in shares.items()
                if v > 0.05 and w not in _NOT_WORDS and any(c.isalpha() for c in w)
            ),
            key=lambda item: -item[1],
        )
        return [(w, round(v, 2)) for w, v in ranked[:k]]

    def featurised(self, text: str) -> tuple[str, np.ndarray, np.ndarray]:
        """``(normalise(text), *featurise_normalised(norm))``, from the last batches when ``text`` was in one."""
        found = self._recent.get(text)
        if found is not None:
            return found
        norm = features.normalise(text)
        return (norm, *features.featurise_normalised(norm))

    def _remember(
        self,
        texts: Sequence[str],
        norms: Sequence[str],
        ids: np.ndarray,
        values: np.ndarray,
        bounds: np.ndarray,
    ) -> None:
        """Keep a batch's features (views, no copy) until a few batches later; long texts are not kept,
        so the memory held stays small. Thread-safe: a lost entry is only computed again."""
        recent = self._recent
        if len(recent) >= _RECENT_MAX:
            recent.clear()
        for text, norm, (start, end) in zip(texts, norms, itertools.pairwise(bounds.tolist()), strict=True):
            if len(text) <= _RECENT_CHARS:
                recent[text] = (norm, ids[start:end], values[start:end])

    def __call__(self, text: str, lang: str | None = None) -> dict[str, Any]:
        lang = lang or langid.identify(text)
        norm = features.normalise(text)
        idx, values = features.featurise_normalised(norm)
        if len(text) <= _RECENT_CHARS:  # one post at a time (the API): kept for its explanation too
            if len(self._recent) >= _RECENT_MAX:
                self._recent.clear()
            self._recent[text] = (norm, idx, values)
        return self._result(self._logits_of(idx, values).tolist(), norm, lang)

    def score_many(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[dict[str, Any]]:
        """``[self(text, lang) for text, lang in zip(texts, langs)]``, equal to the last digit, in one batch.

        Why: one post costs ~30 small numpy calls whose fixed overhead dwarfs their arithmetic; here
        they run once per batch (a few dozen to a few hundred posts amortise it best). Only the
        reductions whose float summation order must stay the one-post one run per post.
        """
        given: Sequence[str | None] = [None] * len(texts) if langs is None else langs
        known = [lang or langid.identify(text) for text, lang in zip(texts, given, strict=True)]
        norms = features.normalise_many(texts)
        featurised = features.featurise_many(norms)
        self._remember(texts, norms, *featurised)
        return [
            self._result(z, norm, lang)
            for z, norm, lang in zip(self._logits_featurised(*featurised), norms, known, strict=True)
        ]

    def _logits_many(self, norms: Sequence[str]) -> list[list[float]]:
        """Each text's logits as :meth:`_logits` gives them (``.tolist()``), one gather for the batch."""
        return self._logits_featurised(*features.featurise_many(norms))

    def _logits_featurised(
        self, ids: np.ndarray, values: np.ndarray, bounds: np.ndarray
    ) -> list[list[float]]:
        gathered = np.take(self.weights, ids, axis=0)
        rows = [
            values[start:end] @ gathered[start:end] if end > start else None
            for start, end in itertools.pairwise(bounds.tolist())
        ]
        full = [row for row in rows if row is not None]
        out = iter(((np.stack(full) * self.scales) + self.bias).tolist() if full else [])
        bias = self.bias.tolist()
        return [next(out) if row is not None else list(bias) for row in rows]

    def _plan(self, lang: str | None) -> list[tuple[str, bool, list[int], list[str]]]:
        """``(head, binary, columns, labels)`` of every head for ``lang``, worked out once per language."""
        plan = self._plans.get(lang)
        if plan is None:
            plan = []
            for name, spec in self.heads.items():
                by_lang = spec.get("by_lang")
                cols = by_lang.get(lang, spec["columns"]) if by_lang else spec["columns"]
                plan.append((name, spec["kind"] == "binary", list(cols), list(spec.get("labels", ()))))
            self._plans[lang] = plan
        return plan

    def _result(self, z: list[float], norm: str, lang: str) -> dict[str, Any]:
        """The scores of one post from its logits; plain Python math, faster than many tiny numpy calls."""
        out: dict[str, Any] = {}
        for name, binary, columns, labels in self._plan(lang):
            if binary:
                out[name] = _sigmoid(z[columns[0]])
            else:
                cols = [z[c] for c in columns]
                top = max(cols)
                exps = [math.exp(v - top) for v in cols]
                total = sum(exps)
                out[name] = {label: round(e / total, 4) for label, e in zip(labels, exps, strict=True)}
        illegal = out["illegal"]
        categories = dict.fromkeys(lexicons.ILLEGAL, 0.0)
        # The normalised text is lower-case, accent- and leet-free like the folded view the lexicon expects.
        for cat, _start, _end, strength in lexicons.illegal_hits(norm):
            categories[cat] = max(categories[cat], round(strength * (0.5 + 0.5 * illegal), 4))
        return {
            "toxicity": round(out["toxicity"], 4),
            "toxicity_types": {"hate": round(out["hate"], 4), "threat": round(out["threat"], 4)},
            "sentiment": out["sentiment"],
            "intent": out["intent"],
            "illegal": round(illegal, 4),
            "illegal_categories": categories,
            "lang": lang,
        }


def _verify(path: Path, expected: str, what: str) -> None:
    """The file exists, is readable and has the SHA-256 the manifest recorded; else a ModelError naming it."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError as exc:
        raise ModelError(f"{what} missing: {path} (reinstall Charte or run `make models`)") from exc
    except OSError as exc:
        raise ModelError(f"{what} unreadable: {path}: {exc}") from exc
    if hashlib.sha256(blob).hexdigest() != expected:
        raise ModelError(f"{what} corrupt: {path} (checksum differs from {MANIFEST_FILE})")


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def _r(x: float) -> float:
    return round(float(x), 4)


@functools.lru_cache(maxsize=1)
def load_default() -> Scorer:
    """The shipped models, loaded once per process."""
    return Scorer.load(ARTEFACTS)
