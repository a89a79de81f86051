"""Listening: sources (their secret write-only), mentions, notes, alerts."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from charte.api.schemas.base import Id, In, Out

SourceKindIn = Literal["mastodon", "bluesky", "rss", "webhook", "import"]
StatusIn = Literal["new", "assigned", "answered", "closed"]


#: The settings of each kind: its adapter's own fields plus ``keywords`` and ``handles`` (docs/listening.md).
SETTINGS_DESCRIPTION = (
    "The adapter's settings of this kind plus the watch fields `keywords` and `handles`; a field the adapter "
    "does not know is refused by name (docs/listening-sources.md)"
)
SETTINGS_EXAMPLES: list[Any] = [
    {"url": "wss://jetstream2.us-east.bsky.network/subscribe", "keywords": ["Acme Coffee"]},
    {"instance_url": "https://mastodon.social", "hashtags": ["acme"], "mentions": True},
    {"url": "https://example.com/feed.xml", "poll_interval_seconds": 600},
]


class SourceCreate(In):
    kind: SourceKindIn
    name: str = Field(min_length=1, max_length=100)
    settings: dict[str, Any] = Field(
        default_factory=dict, description=SETTINGS_DESCRIPTION, examples=SETTINGS_EXAMPLES
    )
    secret: str | None = Field(default=None, min_length=1, max_length=2000, description="Write-only")
    enabled: bool = True


class SourceUpdate(In):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    settings: dict[str, Any] | None = Field(
        default=None, description=SETTINGS_DESCRIPTION, examples=SETTINGS_EXAMPLES
    )
    secret: str | None = Field(default=None, min_length=1, max_length=2000, description="Write-only")
    enabled: bool | None = None


class SourceHealth(Out):
    last_event_at: dt.datetime | None
    lag_seconds: float | None
    events_count: int
    skipped_count: int
    skipped_reasons: dict[str, int]
    error_count: int
    last_error: str | None
    last_error_at: dt.datetime | None


class SourcePublic(Out):
    id: int
    kind: str
    name: str
    settings: dict[str, Any]
    has_secret: bool
    enabled: bool
    created_at: dt.datetime
    health: SourceHealth


class WebhookReceived(Out):
    received: int
    stored: int


class MentionPublic(Out):
    id: int
    source_id: int
    external_id: str
    text: str
    author_handle: str
    author_name: str
    url: str | None
    in_reply_to: str | None
    created_at: dt.datetime
    received_at: dt.datetime
    language: str | None
    toxicity: float | None
    sentiment: str | None
    intent: str | None
    verdict: str | None
    findings: list[dict[str, Any]]
    team: str | None
    priority: str
    due_at: dt.datetime | None
    remind_at: dt.datetime | None = None
    status: str
    assignee_id: int | None
    truncated: bool
    flag: str | None = Field(
        None, description="account: the author imitates the organisation; links: dangerous links; null: none"
    )
    flags: dict[str, Any] | None = Field(None, description="What the incoming checks found (account, links)")
    answered_at: dt.datetime | None = Field(None, description="When a reply from the inbox was sent")
    answered_late: bool = Field(False, description="That reply went out after due_at")


class MentionPage(Out):
    items: list[MentionPublic]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last")
    limit: int


class ThreadPublic(Out):
    ancestors: list[MentionPublic]
    mention: MentionPublic
    replies: list[MentionPublic]


class AssignIn(In):
    assignee_id: Id | None


class StatusChange(In):
    status: StatusIn


class NoteIn(In):
    text: str = Field(min_length=1, max_length=4000)


class NotePublic(Out):
    id: int
    mention_id: int
    author_id: int | None
    text: str
    created_at: dt.datetime


class DeliveryCounts(Out):
    """How many of an alert's notices (one per notification channel) are waiting, sent, given up."""

    pending: int = 0
    sent: int = 0
    failed: int = 0


class AlertPublic(Out):
    id: int
    kind: str
    message: str
    details: dict[str, Any]
    created_at: dt.datetime
    acknowledged: bool
    acknowledged_by: int | None
    acknowledged_at: dt.datetime | None
    delivery: DeliveryCounts | None = Field(
        default=None, description="its notices to the notification channels (none: no channel was set up)"
    )


class NoticePublic(Out):
    """One notice to one notification channel and its delivery (``GET /v1/notifications``). The channel's URL
    and the notice's body are not shown."""

    id: int
    channel_id: int
    alert_id: int | None
    kind: str
    title: str
    lang: str
    status: Literal["pending", "sent", "failed"]
    created_at: dt.datetime
    attempts: int
    next_attempt_at: dt.datetime
    delivered_at: dt.datetime | None
    failed_at: dt.datetime | None
    last_error: str | None = Field(description="why the last attempt failed, the channel URL's parts blanked")


class LookalikePublic(Out):
    """One account seen imitating the organisation, once per handle, and its review."""

    id: int
    handle: str
    display_name: str
    source_kind: str
    kind: str = Field(description="how it imitates: confusable, same_name, typo, brand_and_words, inside, …")
    target: str = Field(description="the organisation's name it imitates")
    words: list[str]
    reason: str = Field(description="why it was flagged, in the reader's language")
    score: float = Field(description="how strongly the kind of imitation suggests an impostor, 0–1")
    first_seen: dt.datetime
    last_seen: dt.datetime
    seen_count: int
    last_mention_id: int | None
    verdict: Literal["impersonator", "legitimate", "unsure"] | None
    reviewed_by: int | None
    reviewed_at: dt.datetime | None


class LookalikeReview(In):
    verdict: Literal["impersonator", "legitimate", "unsure"] = Field(
        description="legitimate stops flagging and alerting on this handle; the others keep it flagged"
    )
