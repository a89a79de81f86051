"""The connector contract and its registry.

A connector declares its parameters as a pydantic model; secrets are ``SecretStr`` fields, so they
never appear in a repr, a log line or an API answer (:func:`public_params` masks them). ``publish``
receives the idempotency key of the publication and must make a retry with the same key harmless:
either the platform deduplicates on it (the webhook sends it as ``Idempotency-Key``) or the
connector asks the platform with ``find`` whether the post already exists.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from pydantic import BaseModel, SecretStr, ValidationError

from charte.connectors.egress import Egress
from charte.errors import InputError

if TYPE_CHECKING:
    from charte.settings import Settings


@dataclass(frozen=True)
class Attachment:
    url: str
    credit: str | None = None
    alt: str | None = None


@dataclass(frozen=True)
class Publication:
    """What a connector sends: the approved text and where, with the key that makes retries safe."""

    idempotency_key: str
    org_id: int
    draft_id: int
    platform: str
    account: str
    text: str
    attachments: tuple[Attachment, ...] = ()
    lang: str | None = None
    scheduled_at: datetime | None = None

    def __repr__(self) -> str:  # never print the post text
        return (f"Publication(key={self.idempotency_key!r}, org={self.org_id}, draft={self.draft_id}, "
                f"platform={self.platform!r})")


@dataclass(frozen=True)
class PublishResult:
    external_id: str
    url: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ConnectorEnv:
    """What the operator lets connectors do in this process (from the settings, see :func:`configure`).

    ``memory``: offer the in-memory twin (it keeps every post in the server's memory: tests and the
    demo only). ``egress``: where connectors may connect (:mod:`charte.connectors.egress`).
    """

    memory: bool = False
    egress: Egress = field(default_factory=Egress)

    @classmethod
    def from_settings(cls, settings: Settings) -> ConnectorEnv:
        return cls(memory=settings.memory_connector, egress=Egress.from_setting(settings.egress_allow))


_ENV: ConnectorEnv | None = None
_ENV_LOCK = threading.Lock()


def configure(env: ConnectorEnv | Settings) -> ConnectorEnv:
    """Set the process's connector environment (the app and the worker do it from their settings)."""
    global _ENV
    with _ENV_LOCK:
        _ENV = env if isinstance(env, ConnectorEnv) else ConnectorEnv.from_settings(env)
        return _ENV


def current_env() -> ConnectorEnv:
    """The configured environment; unconfigured (a script, a CLI command), the one the settings give."""
    global _ENV
    with _ENV_LOCK:
        if _ENV is None:
            from charte.settings import load_settings

            _ENV = ConnectorEnv.from_settings(load_settings())
        return _ENV


@contextmanager
def using(env: ConnectorEnv) -> Iterator[ConnectorEnv]:
    """Run a block under another connector environment (tests)."""
    global _ENV
    with _ENV_LOCK:
        previous, _ENV = _ENV, env
    try:
        yield env
    finally:
        with _ENV_LOCK:
            _ENV = previous


class Connector(ABC):
    """A platform connector. Subclasses set ``id`` and ``Params`` and implement ``publish``.

    ``org_id`` is the organisation the connector works for (a twin keeps each organisation's posts apart).
    """

    id: ClassVar[str]
    Params: ClassVar[type[BaseModel]]
    #: Only for tests and demos: offered only when the operator turns it on (``CHARTE_MEMORY_CONNECTOR``).
    test_only: ClassVar[bool] = False

    def __init__(self, params: BaseModel, *, org_id: int | None = None) -> None:
        self.params = params
        self.org_id = org_id

    def preflight(self) -> None:  # noqa: B027  (optional hook: most connectors have nothing to check)
        """Check the destination when a target is configured; raise ``InputError`` naming the field."""

    @abstractmethod
    def publish(self, publication: Publication) -> PublishResult:
        """Send the post; raise ``TransientError``/``RateLimited`` to be retried, ``ConnectorError`` not to."""

    def find(self, idempotency_key: str) -> PublishResult | None:
        """The post already published under this key, if the platform can tell; ``None`` otherwise."""
        return None

    def close(self) -> None:  # noqa: B027  (optional hook: most connectors hold nothing)
        """Release network resources."""

    @classmethod
    def secret_fields(cls) -> frozenset[str]:
        return frozenset(name for name, f in cls.Params.model_fields.items() if f.annotation is SecretStr
                         or f.annotation == SecretStr | None)


def public_params(connector_id: str, params: Mapping[str, Any] | BaseModel) -> dict[str, Any]:
    """Parameters safe to show: every secret replaced by ``"********"`` (every value, for an unknown connector)."""
    _load_builtin()
    cls = _REGISTRY.get(connector_id)  # also a twin the operator has turned off since: still listed, masked
    data = params.model_dump(mode="json") if isinstance(params, BaseModel) else dict(params)
    secret = cls.secret_fields() if cls is not None else frozenset(data)
    return {k: ("********" if k in secret and v is not None else
                (v.get_secret_value() if isinstance(v, SecretStr) else v)) for k, v in data.items()}


_REGISTRY: dict[str, type[Connector]] = {}
C = TypeVar("C", bound=type[Connector])


def register(cls: C) -> C:
    if cls.id in _REGISTRY and _REGISTRY[cls.id] is not cls:
        raise ValueError(f"connector id {cls.id!r} is registered twice")
    _REGISTRY[cls.id] = cls
    return cls


def _load_builtin() -> None:
    from charte.connectors import memory, webhook  # noqa: F401  (registers by decorator)


def registered() -> dict[str, type[Connector]]:
    """The connectors this server offers (the test-only twin only when the operator turned it on)."""
    _load_builtin()
    memory = current_env().memory
    return {k: v for k, v in _REGISTRY.items() if memory or not v.test_only}


def get_connector(connector_id: str) -> type[Connector]:
    offered = registered()
    try:
        return offered[connector_id]
    except KeyError:
        known = ", ".join(sorted(offered))
        raise InputError(f"unknown connector {connector_id!r}; known: {known}") from None


def build_connector(connector_id: str, params: Mapping[str, Any],
                    factory: Callable[[type[Connector], BaseModel], Connector] | None = None, *,
                    org_id: int | None = None) -> Connector:
    """Validate the parameters and make the connector; errors name the field, never a secret value."""
    cls = get_connector(connector_id)
    try:
        parsed = cls.Params.model_validate(dict(params))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise InputError(f"connector {connector_id}: {problems}") from None
    return factory(cls, parsed) if factory else cls(parsed, org_id=org_id)

