"""A draft's publication, as the draft shows it."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, Field

from charte.api.schemas.base import Id, In, Out


class PublishIn(In):
    target_id: Id
    scheduled_at: AwareDatetime | None = Field(default=None, strict=False)


class PublicationPublic(Out):
    id: int
    status: str
    connector: str
    due_at: dt.datetime
    attempts: int
    max_attempts: int
    last_error: str | None
    external_id: str | None
    sent_at: dt.datetime | None
    reply_to: str | None = Field(default=None, description="The network reference of the message it answers")
