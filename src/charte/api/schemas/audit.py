"""The audit record."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from charte.api.schemas.base import Out


class AuditEntryPublic(Out):
    seq: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


class AuditPage(Out):
    items: list[AuditEntryPublic]
    next_after_seq: int | None = Field(description="Pass as after_seq for the next page; null at the end")


class AuditVerifyPublic(Out):
    ok: bool
    entries: int
    first_seq: int | None
    last_seq: int | None
    head_hash: str
    problem_seq: int | None
    problem: str | None
