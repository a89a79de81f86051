"""RSS and Atom feeds through ``feedparser``, polled with conditional requests (ETag, Last-Modified).

The cursor is a small JSON object: the validators of the last answer, the newest entry date seen and the ids
of the entries seen at the last polls (bounded), so that an entry is handed over once even when a feed
rewrites its dates or keeps old entries. A feed that does not parse is counted as skipped with feedparser's
reason; one that parses with a recoverable fault keeps the entries it has.
"""

from __future__ import annotations

import asyncio
import calendar
import json
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import feedparser
import httpx
from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from charte.connectors.egress import Egress
from charte.errors import TransientError
from charte.listening.adapters._common import egress_or_default, http_error, validate_settings
from charte.listening.adapters._http import pinned_client
from charte.listening.matching import Watchlist
from charte.listening.text import clean_text, html_to_text
from charte.listening.types import Batch, IncomingMention, Skipped, SourceConfig

#: Entry ids remembered in the cursor (a feed rarely carries more than a hundred entries).
SEEN_IDS = 500
#: An entry dated this much before the newest one seen, and not remembered, is old: not handed over again.
GRACE = timedelta(days=2)


class FeedSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    url: HttpUrl = Field(description="the feed's address (http or https)")
    poll_interval_seconds: float = Field(300.0, ge=1, le=86_400)
    timeout_seconds: float = Field(20.0, gt=0, le=120)
    max_bytes: int = Field(5 * 2**20, ge=1024, le=50 * 2**20, description="largest feed read")
    only_watched: bool = Field(False, description="keep only the entries naming a watched term")


@dataclass
class FeedCursor:
    etag: str | None = None
    modified: str | None = None
    newest: datetime | None = None
    seen: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, text: str | None) -> FeedCursor:
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        newest = data.get("newest")
        seen = data.get("seen")
        return cls(
            etag=data.get("etag") if isinstance(data.get("etag"), str) else None,
            modified=data.get("modified") if isinstance(data.get("modified"), str) else None,
            newest=datetime.fromisoformat(newest) if isinstance(newest, str) else None,
            seen=[s for s in seen if isinstance(s, str)] if isinstance(seen, list) else [],
        )

    def dump(self) -> str:
        return json.dumps(
            {
                "etag": self.etag,
                "modified": self.modified,
                "newest": self.newest.isoformat() if self.newest else None,
                "seen": self.seen[-SEEN_IDS:],
            },
            separators=(",", ":"),
        )


class FeedAdapter:
    """Polls one feed every ``poll_interval_seconds``; see the module's docstring."""

    def __init__(
        self, config: SourceConfig, egress: Egress | None = None, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings = validate_settings(FeedSettings, config.settings)
        self.watch = Watchlist(config.watch) if self.settings.only_watched else None
        self.client = pinned_client(egress_or_default(egress), self.settings.timeout_seconds, transport)

    async def stream(self, cursor: str | None) -> AsyncIterator[Batch]:
        state = FeedCursor.load(cursor)
        while True:
            batch, state = await asyncio.to_thread(self.poll, state)
            yield batch
            await asyncio.sleep(self.settings.poll_interval_seconds)

    def fetch(self, state: FeedCursor) -> tuple[bytes, httpx.Headers] | None:
        """The feed's bytes, or ``None`` when unchanged since the last answer (HTTP 304)."""
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.modified:
            headers["If-Modified-Since"] = state.modified
        url = str(self.settings.url)
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return None
                if response.status_code != 200:
                    raise http_error(response.status_code, response.headers, "feed")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.settings.max_bytes:
                        raise TransientError(f"feed: larger than max_bytes ({self.settings.max_bytes})")
                return bytes(body), response.headers
        except httpx.TimeoutException:
            raise TransientError("feed: timed out") from None
        except httpx.TransportError as exc:
            raise TransientError(f"feed: network error ({type(exc).__name__})") from None

    def poll(self, state: FeedCursor) -> tuple[Batch, FeedCursor]:
        fetched = self.fetch(state)
        if fetched is None:
            return Batch(), state
        content, headers = fetched
        parsed = feedparser.parse(content, response_headers={k.lower(): v for k, v in headers.items()})
        entries = parsed.get("entries") or []
        new_state = FeedCursor(
            headers.get("etag"), headers.get("last-modified"), state.newest, list(state.seen)
        )
        if not entries and (parsed.get("bozo") or not parsed.get("version")):
            fault = parsed.get("bozo_exception")
            reason = type(fault).__name__ if fault is not None else "neither RSS nor Atom"
            return Batch(skipped=(Skipped("malformed feed", reason),), cursor=new_state.dump()), new_state
        feed_info = parsed.get("feed") or {}
        mentions: list[IncomingMention] = []
        skipped: list[Skipped] = []
        seen = set(state.seen)
        fetched_at = datetime.now(UTC)
        for entry in reversed(entries):  # oldest first, as feeds list newest first
            made = self._mention(entry, feed_info, fetched_at)
            if isinstance(made, Skipped):
                skipped.append(made)
                continue
            mention, dated = made
            if mention.external_id in seen or (
                dated and state.newest and mention.created_at < state.newest - GRACE
            ):
                continue
            seen.add(mention.external_id)
            new_state.seen.append(mention.external_id)
            if dated and (new_state.newest is None or mention.created_at > new_state.newest):
                new_state.newest = mention.created_at
            if self.watch is None or self.watch.matches(mention.text):
                mentions.append(mention)
        new_state.seen = new_state.seen[-SEEN_IDS:]
        return Batch(tuple(mentions), tuple(skipped), new_state.dump()), new_state

    def _mention(
        self, entry: Mapping[str, Any], feed_info: Mapping[str, Any], fetched_at: datetime
    ) -> tuple[IncomingMention, bool] | Skipped:
        link = entry.get("link") if isinstance(entry.get("link"), str) else None
        key = entry.get("id") or link
        if not isinstance(key, str) or not key.strip():
            return Skipped("malformed entry", "no id and no link")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        created = (
            datetime.fromtimestamp(calendar.timegm(stamp), UTC)
            if isinstance(stamp, time.struct_time)
            else None
        )
        title = entry.get("title") or ""
        content = entry.get("content")
        body = (
            content[0].get("value", "") if isinstance(content, list) and content else entry.get("summary", "")
        )
        parts = [html_to_text(str(p)) for p in (title, body) if p]
        text, cut = clean_text("\n\n".join(p for p in parts if p))
        author = (
            entry.get("author") or feed_info.get("title") or urlsplit(str(self.settings.url)).hostname or ""
        )
        lang = entry.get("language") or feed_info.get("language")
        mention = IncomingMention(
            external_id=clean_text(key.strip(), 1000)[0],
            text=text,
            author_handle=clean_text(str(author), 200)[0],
            author_name=clean_text(str(author), 200)[0],
            created_at=created or fetched_at,
            url=link,
            lang=str(lang)[:35] if lang else None,
            truncated=cut,
        )
        return mention, created is not None
