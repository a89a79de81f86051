"""One adapter per platform, each validating its own settings and yielding ``Batch``es (``listening.types``)."""

from __future__ import annotations

from collections.abc import Callable

from charte.connectors.egress import Egress
from charte.listening.adapters.jetstream import JetstreamAdapter
from charte.listening.adapters.mastodon import MastodonAdapter
from charte.listening.adapters.rss import FeedAdapter
from charte.listening.types import SourceAdapter, SourceConfig, SourceKind

#: The adapter class for each kind of source the runner reads (webhook and import sources are pushed instead).
ADAPTERS: dict[SourceKind, Callable[[SourceConfig, Egress | None], SourceAdapter]] = {
    "bluesky": JetstreamAdapter,
    "mastodon": MastodonAdapter,
    "rss": FeedAdapter,
}

__all__ = ["ADAPTERS", "FeedAdapter", "JetstreamAdapter", "MastodonAdapter"]
