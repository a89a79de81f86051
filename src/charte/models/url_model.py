"""Inference for the phishing URL classifier: numpy only, loaded once per process.

Artefacts (in ``url_artefacts/``): ``url_model.npz`` (one int8 weight per hash bucket with its scale, and the bias: about
10 KB compressed) and ``url_model.json`` (its SHA-256, the feature settings, the threshold chosen on the
``dev`` split, the held-out figures and the data it was trained on). Trained by
``python -m charte.models.train_url`` (``make models``); a missing or corrupt file raises
:class:`ModelError` naming it.
"""

from __future__ import annotations

import functools
import json
import math
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from charte.errors import ModelError
from charte.models import url_features
from charte.models.scorer import _verify

# A folder of its own: the URL model is not part of the text models that every checker evaluation measures.
ARTEFACTS = Path(__file__).resolve().parent / "url_artefacts"
WEIGHTS_FILE = "url_model.npz"
MANIFEST_FILE = "url_model.json"
FORMAT_VERSION = 1


class UrlModel:
    """Logistic regression over hashed URL tokens; ``score`` returns the calibrated phishing probability."""

    def __init__(self, weights: np.ndarray, bias: float, manifest: Mapping[str, Any]) -> None:
        self.weights = weights
        self.bias = bias
        self.manifest = manifest
        #: The probability above which a link is flagged (chosen on the ``dev`` split, see docs/models.md).
        self.threshold = float(manifest["threshold"])

    @classmethod
    def load(cls, folder: Path = ARTEFACTS) -> UrlModel:
        """Read and verify the artefacts; any problem raises :class:`ModelError` naming the file."""
        manifest_path = folder / MANIFEST_FILE
        weights_path = folder / WEIGHTS_FILE
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT_VERSION:
                raise ValueError(f"format {manifest.get('format')!r}, expected {FORMAT_VERSION}")
            if manifest["features"]["bits"] != url_features.BITS:
                raise ValueError("feature hashing size differs from this version of Charte")
            expected = manifest["files"][WEIGHTS_FILE]
            float(manifest["threshold"])
        except FileNotFoundError as exc:
            raise ModelError(
                f"URL model manifest missing: {manifest_path} (reinstall Charte or run `make models`)"
            ) from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"URL model manifest unreadable: {manifest_path}: {exc}") from exc
        _verify(weights_path, expected, "URL model weights")
        try:
            with np.load(weights_path, allow_pickle=False) as npz:
                quantised, scale, bias = npz["weights"], npz["scale"], npz["bias"]
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise ModelError(f"URL model weights unreadable: {weights_path}: {exc}") from exc
        if quantised.shape != (1 << url_features.BITS,) or scale.shape != () or bias.shape != ():
            raise ModelError(f"URL model weights corrupt: {weights_path} (shape {quantised.shape})")
        weights = quantised.astype(np.float32) * np.float32(scale)
        return cls(weights, float(bias), manifest)

    def logit(self, url: str) -> float:
        ids, values = url_features.featurise(url)
        return float(values @ self.weights[ids]) + self.bias

    def score(self, url: str) -> float:
        """Probability that ``url`` is a phishing address, from its text alone (nothing is fetched)."""
        z = self.logit(url)
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def scores(self, urls: Iterable[str]) -> list[float]:
        return [self.score(u) for u in urls]


@functools.cache
def load_default() -> UrlModel:
    """The shipped URL model, loaded once per process."""
    return UrlModel.load(ARTEFACTS)
