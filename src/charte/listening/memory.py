"""An in-memory ``MentionSink`` and ``SourceStateStore``: dry runs of a source, tests, and the ingest benchmark.

It keeps the contract the database store keeps: a batch's mentions and its cursor are stored together (under
one lock), idempotently on ``(source_id, external_id)``, so a batch delivered again after a restart adds
nothing and ``accept`` says so.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from charte.listening.types import Batch, IncomingMention


@dataclass
class SourceHealth:
    """What the store knows of one source: its last cursor, event counts and its last error."""

    cursor: str | None = None
    stored: int = 0
    duplicates: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    last_error: str | None = None
    last_error_at: datetime | None = None
    last_event_at: datetime | None = None


class MemoryStore:
    """Mentions, cursors and health of every source, in this process's memory (lost when it ends)."""

    def __init__(self, *, keep_mentions: bool = True) -> None:
        self._lock = threading.Lock()
        self._seen: dict[int, set[str]] = {}
        self._mentions: dict[int, list[IncomingMention]] = {}
        self._health: dict[int, SourceHealth] = {}
        self.keep_mentions = keep_mentions  # False: count and dedupe only (long dry runs, the benchmark)
        self.batches = 0

    def accept(self, source_id: int, batch: Batch) -> int:
        with self._lock:
            seen = self._seen.setdefault(source_id, set())
            kept = self._mentions.setdefault(source_id, [])
            health = self._health.setdefault(source_id, SourceHealth())
            new = 0
            for mention in batch.mentions:
                if mention.external_id in seen:
                    health.duplicates += 1
                    continue
                seen.add(mention.external_id)
                new += 1
                if self.keep_mentions:
                    kept.append(mention)
                if health.last_event_at is None or mention.created_at > health.last_event_at:
                    health.last_event_at = mention.created_at
            health.stored += new
            health.skipped.update(s.reason for s in batch.skipped)
            if batch.cursor is not None:
                health.cursor = batch.cursor
            self.batches += 1
            return new

    def load_cursor(self, source_id: int) -> str | None:
        with self._lock:
            health = self._health.get(source_id)
            return health.cursor if health else None

    def record_error(self, source_id: int, message: str, at: datetime) -> None:
        with self._lock:
            health = self._health.setdefault(source_id, SourceHealth())
            health.errors += 1
            health.last_error = message
            health.last_error_at = at

    def mentions(self, source_id: int) -> list[IncomingMention]:
        """The mentions stored for a source, in arrival order."""
        with self._lock:
            return list(self._mentions.get(source_id, ()))

    def health(self, source_id: int) -> SourceHealth:
        with self._lock:
            return self._health.setdefault(source_id, SourceHealth())
