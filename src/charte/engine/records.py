"""The JSON shape of a post and of a decision, shared by ``charte scan``, ``check --json`` and the API."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from charte.domain import Attachment, Decision, Post
from charte.errors import InputError

MAX_TEXT = 1_000_000


class AttachmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = "image"
    url: str | None = None
    credit: str | None = None
    alt: str | None = None
    source: str | None = None


class PostIn(BaseModel):
    """A post as programs send it. Strict types: a number is not a text."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | int | None = None
    text: str = Field(max_length=MAX_TEXT)
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    author: str | None = None
    functions: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        default=None, max_length=32
    )
    """The author's functions as the policy names them; left out: not known."""
    account: Literal["personal", "brand"] = "personal"
    platform: str | None = None
    attachments: list[AttachmentIn] = []
    in_reply_to_complaint: bool = False

    @model_validator(mode="before")
    @classmethod
    def _no_role(cls, data: Any) -> Any:
        if isinstance(data, dict) and "role" in data:
            raise ValueError(
                '"role" is now "functions", a list: write "functions": ["communications"] '
                "(the author's functions, as the policy names them)"
            )
        return data

    def to_post(self) -> Post:
        functions = None if self.functions is None else frozenset(self.functions)
        return Post(
            text=self.text,
            lang=self.lang,
            author=self.author,
            functions=functions,
            account=self.account,
            platform=self.platform,
            in_reply_to_complaint=self.in_reply_to_complaint,
            attachments=tuple(Attachment(**a.model_dump()) for a in self.attachments),
        )


def describe(exc: ValidationError) -> str:
    """A one-line explanation naming each bad field."""
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "record"
        parts.append(f"{field}: {error['msg']}")
    return "; ".join(parts)


def parse_line(line: str) -> PostIn:
    """Parse one JSONL line into a post, or raise :class:`InputError` saying what is wrong."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object, got {type(data).__name__}")
    try:
        return PostIn.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe(exc)) from None


def decision_record(post_id: Any, decision: Decision) -> dict[str, Any]:
    """The ``charte scan`` output line for one post."""
    return {"id": post_id, **decision.to_dict()}
