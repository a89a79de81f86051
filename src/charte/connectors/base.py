"""The connector contract and its registry.

A connector declares its parameters as a pydantic model; secrets are ``SecretStr`` fields, so they
never appear in a repr, a log line or an API answer (:func:`public_params` masks them). ``publish``
receives the idempotency key of the publication and must make a retry with the same key harmless:
either the platform deduplicates on it (the webhook sends it as ``Idempotency-Key``) or the
connector asks the platform with ``find`` whether the post already exists.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, SecretStr, ValidationError

from charte.errors import InputError


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


class Connector(ABC):
    """A platform connector. Subclasses set ``id`` and ``Params`` and implement ``publish``."""

    id: ClassVar[str]
    Params: ClassVar[type[BaseModel]]

    def __init__(self, params: BaseModel) -> None:
        self.params = params

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
    """Parameters safe to show: every secret replaced by ``"********"``."""
    cls = get_connector(connector_id)
    data = params.model_dump(mode="json") if isinstance(params, BaseModel) else dict(params)
    return {k: ("********" if k in cls.secret_fields() and v is not None else
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
    _load_builtin()
    return dict(_REGISTRY)


def get_connector(connector_id: str) -> type[Connector]:
    _load_builtin()
    try:
        return _REGISTRY[connector_id]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise InputError(f"unknown connector {connector_id!r}; known: {known}") from None


def build_connector(connector_id: str, params: Mapping[str, Any],
                    factory: Callable[[type[Connector], BaseModel], Connector] | None = None) -> Connector:
    """Validate the parameters and make the connector; errors name the field, never a secret value."""
    cls = get_connector(connector_id)
    try:
        parsed = cls.Params.model_validate(dict(params))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise InputError(f"connector {connector_id}: {problems}") from None
    return factory(cls, parsed) if factory else cls(parsed)

