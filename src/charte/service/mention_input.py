"""The shape of one mention as people and programs send it: a line of ``charte mentions import`` (JSONL or
CSV) and an item of the inbound webhook's body. The post shape of ``charte scan`` (``id``, ``text``, ``lang``,
``author``…) plus ``author_name``, ``created_at``, ``url`` and ``in_reply_to``; other fields are ignored (real
exports carry many)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from charte.engine.records import MAX_TEXT, describe
from charte.errors import InputError
from charte.i18n import _
from charte.listening.types import MAX_TEXT_CHARS, IncomingMention, Skipped

#: The longest external id stored (the column's width); a longer one is refused, never cut (it would collide).
MAX_EXTERNAL_ID = 512
MAX_HANDLE = 300
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_KNOWN = frozenset({"id", "text", "lang", "author", "author_name", "created_at", "url", "in_reply_to"})


class MentionIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str | int | None = None
    text: str = Field(max_length=MAX_TEXT)
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    author: str = Field(default="", max_length=MAX_HANDLE)
    author_name: str = Field(default="", max_length=MAX_HANDLE)
    created_at: dt.datetime | None = None
    url: str | None = Field(default=None, max_length=4000)
    in_reply_to: str | int | None = None

    @field_validator("id", "in_reply_to")
    @classmethod
    def _id_length(cls, value: str | int | None) -> str | int | None:
        if value is not None and len(str(value)) > MAX_EXTERNAL_ID:
            raise ValueError(f"at most {MAX_EXTERNAL_ID} characters")
        if isinstance(value, str) and not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must start with https:// or http://")
        return value or None

    def to_mention(self, received_at: dt.datetime) -> IncomingMention:
        """The mention, its id made from its content when none was given (so importing a file twice
        stores each line once), its time in UTC (a time without a zone is read as UTC)."""
        created = self.created_at or received_at
        created = created.replace(tzinfo=dt.UTC) if created.tzinfo is None else created.astimezone(dt.UTC)
        external = str(self.id) if self.id is not None else _content_id(self)
        text, truncated = clean_text(self.text)
        return IncomingMention(
            external_id=external,
            text=text,
            author_handle=clean_text(self.author, MAX_HANDLE)[0],
            author_name=clean_text(self.author_name, MAX_HANDLE)[0],
            created_at=created,
            url=self.url,
            in_reply_to=None if self.in_reply_to is None else str(self.in_reply_to),
            lang=self.lang,
            truncated=truncated,
        )


def _content_id(item: MentionIn) -> str:
    basis = json.dumps(
        [item.author, item.created_at.isoformat() if item.created_at else None, item.text], ensure_ascii=False
    )
    return "sha256:" + hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()


def clean_text(text: str, limit: int | None = None) -> tuple[str, bool]:
    """Text safe to store anywhere: NUL and other control characters (but tab and line breaks) removed,
    invalid Unicode (lone surrogates) replaced by U+FFFD, cut at ``limit`` (default: ``MAX_TEXT_CHARS``).
    Returns the text and whether it was cut."""
    limit = MAX_TEXT_CHARS if limit is None else limit
    if not text.isprintable():  # a printable text has neither (both are Unicode "Other"): nothing to replace
        text = _CONTROL.sub("", _SURROGATE.sub("\ufffd", text))
    if len(text) > limit:
        return text[:limit], True
    return text, False


def parse_item(data: Any, received_at: dt.datetime) -> IncomingMention:
    """One mention from a decoded JSON value; :class:`InputError` naming the field that is wrong."""
    if not isinstance(data, dict):
        raise InputError(_("expected a JSON object, got {kind}", kind=type(data).__name__))
    try:
        return MentionIn.model_validate(data).to_mention(received_at)
    except ValidationError as exc:
        raise InputError(describe(exc)) from None


def parse_json_line(line: str, received_at: dt.datetime) -> IncomingMention:
    try:
        data = json.loads(line, strict=False)
    except json.JSONDecodeError as exc:
        raise InputError(
            _("not valid JSON ({problem} at column {column})", problem=exc.msg, column=exc.colno)
        ) from None
    except (RecursionError, ValueError):
        raise InputError(_("not readable JSON")) from None
    return parse_item(data, received_at)


def parse_csv_row(row: dict[str | None, Any], received_at: dt.datetime) -> IncomingMention:
    """A CSV row (header = field names; empty cells are absent values; extra columns ignored)."""
    if None in row:
        raise InputError(_("more cells than the header has columns"))
    data = {k: v for k, v in row.items() if k in _KNOWN and v not in (None, "")}
    if "text" not in data:
        raise InputError(_("text: field required"))
    return parse_item(data, received_at)


def skipped(line: int, exc: InputError) -> Skipped:
    return Skipped(reason="malformed", detail=f"line {line}: {exc}")
