"""``/v1/check``: check a post against the organisation's active policy, with compiled engines cached."""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy
from charte.service import functions
from charte.service.errors import Conflict, Invalid
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


def check(store: Store, actor: Principal, cache: EngineCache, post: Post) -> dict[str, Any]:
    """The decision as ``charte check --json`` prints it, for a post by the caller: checked with the functions
    their teams give them (a request cannot claim functions: anyone could then speak for the brand)."""
    actor.require(Permission.CHECK)
    if post.functions is not None:
        raise Invalid.one("functions", "the service checks a post with the functions your teams give you; "
                                       "leave functions out (ask a policy owner to add you to a team)")
    post = dataclasses.replace(post, functions=functions.of_user(store, actor.org_id, actor.user_id))
    ref = store.policies.active_ref(actor.org_id)
    if ref is None:
        raise Conflict("your organisation has no active policy yet: upload one with POST /v1/policies")
    engine = cache.get(ref, lambda: store.policies.text_of(ref[0]) or "")
    return engine.check(post).to_dict()
