"""Saved replies (their versions, approvals, suggestions) and replies written from the inbox."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from charte.api.schemas.base import Id, In, Out

Intent = Literal["complaint", "question", "praise", "crisis", "other"]


class SavedReplyIn(In):
    """Variables are written ``{first_name}``; the allowed names are in docs/replies.md."""

    title: str = Field(min_length=1, max_length=120)
    body: str = Field(min_length=1, max_length=2000)
    lang: Literal["fr", "en"]
    intent: Intent | None = None
    topic: str | None = Field(default=None, max_length=64)
    holding_statement: bool = Field(
        default=False, description="A crisis holding statement: first in a crisis"
    )


class SavedReplyUpdate(SavedReplyIn):
    """A new version (approved before it is used); ``version``: the latest you saw (refused if it changed)."""

    version: Id | None = None


class VersionPublic(Out):
    version: int
    title: str
    body: str
    lang: str
    intent: str | None
    topic: str | None
    holding_statement: bool
    variables: list[str]
    author_id: int | None
    status: str = Field(description="in_review, approved, superseded, withdrawn or rejected")
    verdict: str
    decision: dict[str, Any]
    policy_version_id: int | None
    required_levels: int
    approved_levels: int
    approvals: list[dict[str, Any]]
    reject_reason: str | None
    decided_at: dt.datetime | None
    created_at: dt.datetime


class SavedReplyPublic(Out):
    id: int
    latest_version: int
    approved_version: int | None = Field(description="The version in use; null until one is approved")
    archived: bool
    use_count: int
    last_used_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    latest: VersionPublic
    approved: VersionPublic | None = None


class DecideIn(In):
    comment: str = Field(default="", max_length=2000)


class RejectReplyIn(In):
    reason: str = Field(min_length=1, max_length=1000)


class SuggestionPublic(Out):
    reply_id: int
    version: int
    title: str
    body: str
    lang: str
    intent: str | None
    topic: str | None
    holding_statement: bool
    score: float = Field(description="Words (0 to 1) plus 0.35 when the intent matches")
    words: float
    intent_match: bool
    lang_match: bool
    matched: list[str] = Field(description="Words the mention and the reply share")


class MentionReplyIn(In):
    """Free ``text``, or ``saved_reply_id`` (its approved version) with ``values`` for its variables."""

    text: str | None = Field(default=None, min_length=1, max_length=5000)
    saved_reply_id: Id | None = None
    values: dict[str, str] = Field(default_factory=dict, max_length=20)
    account_id: Id | None = Field(default=None, description="Default: your one brand account on the network")
    lang: Literal["fr", "en"] | None = None
