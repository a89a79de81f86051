"""``/v1/check``: check a post against the organisation's active policy, with compiled engines cached."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy
from charte.service.errors import Conflict
from charte.service.permissions import Permission
from charte.service.principal import Principal
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
    refuses when there is none."""
    ref = store.policies.active_ref(org_id)
    if ref is None:
        raise Conflict("your organisation has no active policy yet: upload one with POST /v1/policies")
    return ref[0], cache.get(ref, lambda: store.policies.text_of(ref[0]) or "")


def check(store: Store, actor: Principal, cache: EngineCache, post: Post) -> dict[str, Any]:
    """The decision as ``charte check --json`` prints it."""
    actor.require(Permission.CHECK)
    return active_engine(store, cache, actor.org_id)[1].check(post).to_dict()
