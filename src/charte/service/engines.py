"""Compiled policy engines: one cache per process, and the one place that finds the active version.

Its own module so that every use case (checks, drafts, teams' functions) can reach the active policy
without importing each other.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from charte.engine.engine import CheckEngine
from charte.i18n import gettext
from charte.policy.loader import parse_policy
from charte.policy.model import Policy
from charte.service.errors import NoActivePolicy
from charte.store.repositories import Store


class EngineCache:
    """Compiled engines by policy version (an immutable row), least recently used evicted first; and parsed
    policies without their engine (:meth:`policy`), for a process that routes decisions made elsewhere."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._engines: OrderedDict[tuple[int, str], CheckEngine] = OrderedDict()
        self._parsed: OrderedDict[tuple[int, str], Policy] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[int, str], load_text: Callable[[], str]) -> CheckEngine:
        return self._get(key, lambda: parse_policy(load_text(), f"policy #{key[0]}"))

    def get_parsed(self, key: tuple[int, str], policy: Policy) -> CheckEngine:
        """:meth:`get` for a version already parsed (``policy``): compiled from it if it is not yet."""
        return self._get(key, lambda: policy)

    def _get(self, key: tuple[int, str], parse: Callable[[], Policy]) -> CheckEngine:
        with self._lock:
            engine = self._engines.get(key)
            if engine is not None:
                self._engines.move_to_end(key)
                return engine
            parsed = self._parsed.get(key)
        # Compiled outside the lock, from the version's policy when it was already parsed (one Policy object
        # per version: what is keyed on it, such as the incoming checks' identity, stays valid).
        engine = CheckEngine(parsed or parse())
        with self._lock:
            self._engines[key] = engine
            self._parsed.pop(key, None)
            while len(self._engines) > self.size:
                self._engines.popitem(last=False)
        return engine

    def compiled(self, key: tuple[int, str]) -> CheckEngine | None:
        """The version's engine if it is compiled in this process (nothing compiled)."""
        with self._lock:
            return self._engines.get(key)

    def policy(self, key: tuple[int, str], load_text: Callable[[], str]) -> Policy:
        """The version's policy: its compiled engine's, else parsed alone and kept (no detector compiled: the
        ingestion worker whose checks run in classifier processes only routes, which reads the policy).
        :meth:`get` compiles from it later if this process has to check."""
        with self._lock:
            engine = self._engines.get(key)
            if engine is not None:
                return engine.policy
            parsed = self._parsed.get(key)
            if parsed is not None:
                self._parsed.move_to_end(key)
                return parsed
        parsed = parse_policy(load_text(), f"policy #{key[0]}")
        with self._lock:
            parsed = self._parsed.setdefault(
                key, parsed
            )  # one Policy object per version, whoever parsed first
            while len(self._parsed) > self.size:
                self._parsed.popitem(last=False)
        return parsed


def _known(ref: tuple[int, str] | None, why: str) -> tuple[int, str]:
    """The one place that refuses with :class:`~charte.errors.NoActivePolicy` when there is no active policy."""
    if ref is None:
        message = (
            gettext(
                "your organisation has no active policy yet ({why}): upload one with POST /v1/policies",
                why=why,
            )
            if why
            else gettext("your organisation has no active policy yet: upload one with POST /v1/policies")
        )
        raise NoActivePolicy(why, message=message)
    return ref


def _active_ref(store: Store, org_id: int, why: str) -> tuple[int, str]:
    return _known(store.policies.active_ref(org_id), why)


def active_engine(store: Store, cache: EngineCache, org_id: int) -> tuple[int, CheckEngine]:
    """The id of the organisation's active policy version and its compiled engine."""
    return engine_of(store, cache, _active_ref(store, org_id, ""))


def engine_of(store: Store, cache: EngineCache, ref: tuple[int, str] | None) -> tuple[int, CheckEngine]:
    """:func:`active_engine` for an active version's reference (id, hash) already read in this transaction
    (``None``: the organisation has no active policy)."""
    policy_id, _ = known = _known(ref, "")
    return policy_id, cache.get(known, lambda: store.policies.text_of(policy_id) or "")


def active_policy(store: Store, cache: EngineCache | None, org_id: int, why: str = "") -> Policy:
    """The organisation's active policy: from the compiled engine when a cache is given, else parsed alone
    (no engine compiled: a caller that only reads the policy, such as seeding the demo's teams). ``why``
    says what needed it in the refusal when there is none."""
    policy_id, _ = ref = _active_ref(store, org_id, why)
    if cache is not None:
        return cache.get(ref, lambda: store.policies.text_of(policy_id) or "").policy
    return parse_policy(store.policies.text_of(policy_id) or "", f"policy #{policy_id}")


def active_policy_or_none(store: Store, cache: EngineCache | None, org_id: int) -> Policy | None:
    """The active policy, or ``None`` for a reader that shows something either way (which functions a team's
    grant names, an account's rotation period) rather than refusing."""
    try:
        return active_policy(store, cache, org_id)
    except NoActivePolicy:
        return None
