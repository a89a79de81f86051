"""One adapter per platform, each validating its own settings and yielding ``Batch``es (``listening.types``)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from charte.connectors.egress import Egress
from charte.listening.adapters.jetstream import JetstreamAdapter, JetstreamSettings
from charte.listening.adapters.mastodon import MastodonAdapter, MastodonSettings
from charte.listening.adapters.rss import FeedAdapter, FeedSettings
from charte.listening.types import SourceAdapter, SourceConfig, SourceKind

#: The adapter class for each kind of source the runner reads (webhook and import sources are pushed instead).
ADAPTERS: dict[SourceKind, Callable[[SourceConfig, Egress | None], SourceAdapter]] = {
    "bluesky": JetstreamAdapter,
    "mastodon": MastodonAdapter,
    "rss": FeedAdapter,
}

#: The settings each kind's adapter validates: the single model the service saves too (plus the watch fields).
ADAPTER_SETTINGS: dict[SourceKind, type[BaseModel]] = {
    "bluesky": JetstreamSettings,
    "mastodon": MastodonSettings,
    "rss": FeedSettings,
}

__all__ = ["ADAPTERS", "ADAPTER_SETTINGS", "FeedAdapter", "JetstreamAdapter", "MastodonAdapter"]
