"""The contract between the source adapters (this package) and the store (the service layer).

An adapter turns what a platform sends into ``IncomingMention`` batches, each with the cursor that resumes the
stream just after it. The runner hands each batch and its cursor to a ``MentionSink`` which stores both in one
transaction, idempotently on ``(source_id, external_id)``: replaying a batch after a crash stores nothing twice,
and a cursor is never saved ahead of the mentions it covers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol, runtime_checkable

SourceKind = Literal["mastodon", "bluesky", "rss", "webhook", "import"]
SOURCE_KINDS: tuple[SourceKind, ...] = ("mastodon", "bluesky", "rss", "webhook", "import")

#: Longest text stored for one mention, in characters; longer texts are cut (``IncomingMention.truncated``).
MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class IncomingMention:
    """One message from the public, as a source delivered it, before classification."""

    external_id: str  # unique within its source (a status id, an at:// URI, a feed entry id…)
    text: str  # plain text, HTML stripped, invalid Unicode replaced, at most MAX_TEXT_CHARS
    author_handle: str  # e.g. "@alice@mastodon.social", "alice.bsky.social"
    created_at: datetime  # timezone-aware, UTC
    author_name: str = ""  # the display name, where the platform has one
    url: str | None = None  # where a person can read it
    in_reply_to: str | None = None  # the external id of the message it answers, for the thread view
    lang: str | None = None  # the language the platform declared, if any ("fr", "en"…)
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Skipped:
    """An event the adapter could not turn into a mention: counted on the source's health, with the reason."""

    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Batch:
    """What an adapter yields: mentions, skipped events, and the cursor that resumes right after them."""

    mentions: Sequence[IncomingMention] = ()
    skipped: Sequence[Skipped] = ()
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """A configured source as the runner sees it (the service layer decrypts ``secret`` before handing it over)."""

    id: int
    organisation_id: int
    kind: SourceKind
    settings: Mapping[str, Any] = field(default_factory=dict)  # validated per kind by the adapter
    secret: str | None = None  # a Mastodon user token, a webhook's HMAC key…
    watch: Sequence[str] = ()  # the organisation's handles, names and keywords to match


class SourceAdapter(Protocol):
    """Reads one source from ``cursor`` on; a long-lived stream or a poll loop, ended by cancellation."""

    def stream(self, cursor: str | None) -> AsyncIterator[Batch]: ...


class MentionSink(Protocol):
    def accept(self, source_id: int, batch: Batch) -> int:
        """Store the batch's mentions and its cursor in one transaction; return how many were new."""
        ...


@runtime_checkable
class PipelinedSink(Protocol):
    """A sink that stores a batch in two steps, so the runner prepares (classifies) the next batch while the
    one before is committed: ``commit(prepare(id, batch))`` is ``accept(id, batch)``."""

    def prepare(self, source_id: int, batch: Batch) -> Any:
        """Everything but the write (no transaction held): what :meth:`commit` needs."""
        ...

    def commit(self, prepared: Any) -> int:
        """Store a prepared batch and its cursor in one transaction; return how many mentions were new."""
        ...


class SourceStateStore(Protocol):
    def load_cursor(self, source_id: int) -> str | None: ...

    def record_error(self, source_id: int, message: str, at: datetime) -> None:
        """Count an error and keep its message (no secret, no personal data) for the source's health."""
        ...
