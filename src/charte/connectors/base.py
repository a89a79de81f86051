"""The connector contract: what a connector is given, what it returns, what the process lets it do.

A connector names its parameters model as the type argument of :class:`Connector`
(``class WebhookConnector(Connector[WebhookParams])``); secrets are ``SecretStr`` fields, so they
never appear in a repr, a log line or an API answer (:func:`public_params` masks them). ``publish``
receives the idempotency key of the publication and must make a retry with the same key harmless:
either the platform deduplicates on it (the webhook sends it as ``Idempotency-Key``) or the
connector asks the platform with ``find`` whether the post already exists. The registry of connectors
is :mod:`charte.connectors.registry`; this module imports none of them.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, SecretStr

from charte.connectors.egress import Egress
from charte.plugins import bind_params

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
    reply_to: str | None = None

    def __repr__(self) -> str:  # never print the post text
        return (
            f"Publication(key={self.idempotency_key!r}, org={self.org_id}, draft={self.draft_id}, "
            f"platform={self.platform!r})"
        )


@dataclass(frozen=True)
class MediaRule:
    """Media of these MIME types are accepted up to ``max_bytes`` each."""

    types: frozenset[str]
    max_bytes: int


@dataclass(frozen=True)
class Limits:
    """What a network accepts in one post, so a draft can be refused before it is submitted.

    ``text_max`` is counted in ``text_unit`` by the connector's :meth:`Connector.text_length` (Mastodon counts a
    link as 23 characters, Bluesky counts graphemes); ``None`` means no limit (the webhook). ``media`` empty
    means the network takes no media through this connector.
    """

    text_max: int | None = None
    text_unit: str = "characters"
    media: tuple[MediaRule, ...] = ()
    media_count: int = 0
    alt_max: int | None = None

    def rule_for(self, mime: str) -> MediaRule | None:
        mime = mime.split(";")[0].strip().lower()
        accepted = {mime, f"{mime.split('/')[0]}/*", "*/*"}
        return next((r for r in self.media if accepted & r.types), None)

    @property
    def media_types(self) -> frozenset[str]:
        return frozenset().union(*(r.types for r in self.media)) if self.media else frozenset()


#: No limit at all: what a connector that forwards the post elsewhere (the webhook) accepts.
UNLIMITED = Limits(text_max=None, media=(MediaRule(frozenset({"*/*"}), 2**62),), media_count=1_000)


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


P = TypeVar("P", bound=BaseModel)


class Connector(ABC, Generic[P]):
    """A platform connector. Subclasses name their params model as the type argument, set ``id`` and
    implement ``publish``; ``@register`` (:mod:`charte.connectors.registry`) offers them.

    ``org_id`` is the organisation the connector works for (a twin keeps each organisation's posts apart).
    """

    id: ClassVar[str]
    Params: ClassVar[type[BaseModel]]
    #: Only for tests and demos: offered only when the operator turns it on (``CHARTE_MEMORY_CONNECTOR``).
    test_only: ClassVar[bool] = False
    #: The network's limits before any server is asked (Mastodon's defaults; Bluesky's, which are fixed): what
    #: a draft is checked against while it has no publish target yet, so that check and the one at publish
    #: time come from the same place.
    default_limits: ClassVar[Limits] = UNLIMITED

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        bind_params(cls, Connector)

    def __init__(self, params: P, *, org_id: int | None = None) -> None:
        if not isinstance(params, self.Params):
            raise TypeError(
                f"{type(self).__name__} takes {self.Params.__name__}, not {type(params).__name__}"
            )
        self.params: P = params
        self.org_id = org_id

    def preflight(self) -> None:
        """Check the destination when a target is configured; raise ``InputError`` naming the field."""

    @abstractmethod
    def publish(self, publication: Publication) -> PublishResult:
        """Send the post; raise ``TransientError``/``RateLimited`` to be retried, ``ConnectorError`` not to."""

    def limits(self) -> Limits:
        """What one post may hold on this network (may ask the server once, then cached; never raises)."""
        return UNLIMITED

    def text_length(self, text: str) -> int:
        """The length of ``text`` as the network counts it against ``limits().text_max``."""
        return type(self).default_length(text)

    @classmethod
    def default_length(cls, text: str) -> int:
        """The length of ``text`` as the network counts it, with its default settings (no server asked)."""
        return len(text)

    def find(self, idempotency_key: str) -> PublishResult | None:
        """The post already published under this key, if the platform can tell; ``None`` otherwise."""
        return None

    def close(self) -> None:
        """Release network resources."""

    @classmethod
    def secret_fields(cls) -> frozenset[str]:
        return frozenset(
            name
            for name, f in cls.Params.model_fields.items()
            if f.annotation is SecretStr or f.annotation == SecretStr | None
        )
