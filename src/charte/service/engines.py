"""Compiled policy engines: one cache per process, and the one place that finds the active version.

Its own module so that every use case (checks, drafts, teams' functions) can reach the active policy
without importing each other.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy
from charte.service.errors import NoActivePolicy
from charte.store.repositories import Store


class EngineCache:
    """Compiled engines by policy version (an immutable row), least recently used evicted first."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._engines: OrderedDict[tuple[int, str], CheckEngine] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[int, str], load_text: Callable[[], str]) -> CheckEngine:
        with self._lock:
            engine = self._engines.get(key)
            if engine is not None:
                self._engines.move_to_end(key)
                return engine
        engine = CheckEngine(parse_policy(load_text(), f"policy #{key[0]}"))  # compiled outside the lock
        with self._lock:
            self._engines[key] = engine
            while len(self._engines) > self.size:
                self._engines.popitem(last=False)
        return engine


def active_engine(store: Store, cache: EngineCache, org_id: int) -> tuple[int, CheckEngine]:
    """The id of the organisation's active policy version and its compiled engine; the one place that
    refuses with :class:`~charte.errors.NoActivePolicy` when there is none."""
    return engine_of(store, cache, store.policies.active_ref(org_id))


def engine_of(store: Store, cache: EngineCache, ref: tuple[int, str] | None) -> tuple[int, CheckEngine]:
    """:func:`active_engine` for an active version's reference (id, hash) already read in this transaction
    (``None``: the organisation has no active policy)."""
    if ref is None:
        raise NoActivePolicy()
    return ref[0], cache.get(ref, lambda: store.policies.text_of(ref[0]) or "")
