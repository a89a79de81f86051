"""An on-disk cache of sentence embeddings, so re-training the stage-2 heads costs seconds, not an hour.

Why: embedding ~40,000 texts takes 30-60 minutes on a shared 2-core machine; the heads train in
seconds. The cache lives outside the repository (``$CHARTE_CACHE`` or ``~/.cache/charte``), in a
folder named after the embedding model's SHA-256 and the cut length, so a different model never
reuses stale vectors. Chunks are written as they finish (float16, keyed by a SHA-1 of the embedded
string), so an interrupted run resumes where it stopped and several processes can fill it at once.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from charte.models import stage2_embed

CHUNK = 128


def folder(model_sha256: str) -> Path:
    root = Path(os.environ.get("CHARTE_CACHE") or Path.home() / ".cache" / "charte")
    return root / f"e5-{model_sha256[:16]}-{stage2_embed.MAX_CHARS}"


def key(text: str) -> bytes:
    return hashlib.sha1(stage2_embed.prepare(text).encode("utf-8")).digest()


class Cache:
    def __init__(self, model_sha256: str) -> None:
        self.dir = folder(model_sha256)
        self.vectors: dict[bytes, np.ndarray] = {}
        self.reload()

    def reload(self) -> None:
        """Read every chunk on disk (other processes may have added some); unreadable ones are skipped."""
        if not self.dir.is_dir():
            return
        for path in sorted(self.dir.glob("*.npz")):
            try:
                with np.load(path, allow_pickle=False) as npz:
                    keys, vecs = npz["keys"], npz["vecs"]
            except (OSError, ValueError, KeyError):
                continue
            for k, v in zip(keys.tolist(), vecs, strict=True):
                self.vectors[k] = v

    def missing(self, texts: Sequence[str]) -> list[str]:
        seen: set[bytes] = set()
        out = []
        for text in texts:
            k = key(text)
            if k not in self.vectors and k not in seen:
                seen.add(k)
                out.append(text)
        return out

    def fill(
        self,
        texts: Sequence[str],
        encode: Callable[[Sequence[str]], np.ndarray],
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Embed the texts not cached yet, writing one chunk file per :data:`CHUNK` texts."""
        todo = self.missing(texts)
        self.dir.mkdir(parents=True, exist_ok=True)
        for start in range(0, len(todo), CHUNK):
            batch = todo[start : start + CHUNK]
            vecs = encode(batch).astype(np.float16)
            keys = np.array([key(t) for t in batch], dtype="S20")
            tmp = self.dir / f".{uuid.uuid4().hex}.tmp.npz"
            np.savez(tmp, keys=keys, vecs=vecs)
            tmp.rename(self.dir / f"{uuid.uuid4().hex}.npz")
            for k, v in zip(keys.tolist(), vecs, strict=True):
                self.vectors[k] = v
            if progress:
                progress(start + len(batch), len(todo))

    def matrix(self, texts: Sequence[str]) -> np.ndarray:
        """The cached vectors of ``texts`` as float32 rows (every text must be cached)."""
        return np.stack([self.vectors[key(t)] for t in texts]).astype(np.float32)

    def has(self, text: str) -> bool:
        return key(text) in self.vectors
