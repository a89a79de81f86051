"""Mastodon through ``Mastodon.py``: hashtag timelines, the account's mentions, and search, polled.

Each feed (a hashtag, the notifications of type ``mention``, a search) is read with ``min_id`` from the last
id seen, page after page, so a burst larger than one page leaves no gap (``since_id`` would return only the
newest page). The cursor is a JSON object of the last id per feed. Notifications and search need a user
access token since Mastodon 4.2 (``SourceConfig.secret``, scope ``read``). Mastodon.py is synchronous: each
poll runs in a worker thread. Requests go through the egress guard (``_http.requests_bridge``).
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx
import requests
from mastodon import (
    Mastodon,
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)
from mastodon import MastodonAPIError as _APIError
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from charte.connectors.egress import Egress
from charte.errors import AuthExpired, ConnectorError, InputError, RateLimited, TransientError
from charte.listening.adapters._common import egress_or_default, http_error, retry_after, validate_settings
from charte.listening.adapters._http import requests_bridge
from charte.listening.adapters.mastodon_live import LiveStreams, id_key
from charte.listening.text import clean_text, html_to_text, parse_time
from charte.listening.types import Batch, IncomingMention, Skipped, SourceConfig

#: Pages read per feed and poll at most (40 statuses each): a backlog is caught up over a few polls.
MAX_PAGES = 10
PAGE = 40
_VERSION = re.compile(r"\d+\.\d+\.\d+")


class MastodonSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    instance_url: HttpUrl = Field(description="the instance, e.g. https://mastodon.social")
    hashtags: list[str] = Field(default_factory=list, max_length=20, description="tags to follow, without #")
    mentions: bool = Field(False, description="the account's mentions (its notifications); needs a token")
    searches: list[str] = Field(
        default_factory=list, max_length=10, description="full-text searches; need a token"
    )
    poll_interval_seconds: float = Field(60.0, ge=1, le=86_400)
    streaming: bool = Field(False, description="after catching up, follow hashtags and mentions live (SSE)")
    timeout_seconds: float = Field(20.0, gt=0, le=120)

    @field_validator("hashtags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        cleaned = [t.strip().lstrip("#") for t in tags]
        for tag in cleaned:
            if not tag or not all(c.isalnum() or c == "_" for c in tag) or len(tag) > 100:
                raise ValueError(f"{tag!r} is not a hashtag (letters, digits and _ only)")
        return cleaned

    @field_validator("searches")
    @classmethod
    def _queries(cls, queries: list[str]) -> list[str]:
        if any(not q.strip() or len(q) > 200 for q in queries):
            raise ValueError("each search is 1 to 200 characters")
        return [q.strip() for q in queries]

    @model_validator(mode="after")
    def _something(self) -> MastodonSettings:
        if not (self.hashtags or self.mentions or self.searches):
            raise ValueError("give hashtags, mentions: true or searches: there is nothing to read")
        if self.streaming and self.searches:
            raise ValueError("streaming: searches cannot be streamed; give them a polled source of their own")
        return self


Fetch = Callable[[str | None], list[Any]]


class MastodonAdapter:
    """Polls the configured feeds of one instance; see the module's docstring."""

    def __init__(
        self, config: SourceConfig, egress: Egress | None = None, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings = validate_settings(MastodonSettings, config.settings)
        if (self.settings.mentions or self.settings.searches) and not config.secret:
            raise InputError(
                "secret: mentions and searches need a user access token (Mastodon 4.2 and later)"
            )
        self.host = urlsplit(str(self.settings.instance_url)).hostname or ""
        self.base = str(self.settings.instance_url).rstrip("/")
        self.secret = config.secret
        self.bridge = requests_bridge(egress_or_default(egress), self.settings.timeout_seconds, transport)
        self._api: Mastodon | None = None

    @property
    def api(self) -> Mastodon:
        """The Mastodon.py client, made once the instance has said its version (read here, not by Mastodon.py,
        whose own version probe loops without end when the instance does not answer)."""
        if self._api is None:
            session = requests.Session()
            session.trust_env = False
            session.mount("http://", self.bridge)
            session.mount("https://", self.bridge)
            self._api = Mastodon(
                access_token=self.secret,
                api_base_url=self.base,
                session=session,
                ratelimit_method="throw",
                request_timeout=self.settings.timeout_seconds,
                mastodon_version=self.instance_version(),
                version_check_mode="created",  # checks against the version read above, no probe
            )
        return self._api

    def instance_version(self) -> str:
        """The instance's Mastodon version from ``/api/v1/instance`` ("4.3.0" of "4.3.0+glitch")."""
        try:
            answer = self.bridge.client.get(f"{self.base}/api/v1/instance")
        except httpx.TimeoutException:
            raise TransientError("mastodon: timed out") from None
        except httpx.TransportError as exc:
            raise TransientError(f"mastodon: network error ({type(exc).__name__})") from None
        if answer.status_code != 200:
            raise http_error(answer.status_code, answer.headers, "mastodon")
        try:
            info = answer.json()
            version = _VERSION.match(str(info["version"]))
        except (ValueError, KeyError, TypeError):
            version = None
        if version is None:
            raise ConnectorError(
                "mastodon: the address does not answer like a Mastodon instance (/api/v1/instance)"
            )
        return version.group(0)

    def feeds(self) -> dict[str, Fetch]:
        """Each feed's name in the cursor and how to read one page after an id (``None``: the newest page)."""
        feeds: dict[str, Fetch] = {}
        for tag in self.settings.hashtags:
            feeds[f"tag:{tag}"] = functools.partial(self._hashtag, tag)
        if self.settings.mentions:
            feeds["mentions"] = self._mentions
        for query in self.settings.searches:
            feeds[f"search:{query}"] = functools.partial(self._search, query)
        return feeds

    def _hashtag(self, tag: str, after: str | None) -> list[Any]:
        return list(self.api.timeline_hashtag(tag, min_id=after, limit=PAGE))

    def _mentions(self, after: str | None) -> list[Any]:
        return list(self.api.notifications(types=["mention"], min_id=after, limit=PAGE))

    def _search(self, query: str, after: str | None) -> list[Any]:
        found = self.api.search_v2(
            query, resolve=False, result_type="statuses", min_id=after, limit=PAGE, exclude_unreviewed=False
        )
        return list(found.get("statuses") or [])

    def live_feeds(self) -> dict[str, tuple[str, dict[str, str]]]:
        """The streaming endpoint of each feed that has one (searches have none)."""
        feeds = {f"tag:{tag}": ("/api/v1/streaming/hashtag", {"tag": tag}) for tag in self.settings.hashtags}
        if self.settings.mentions:
            feeds["mentions"] = ("/api/v1/streaming/user/notification", {})
        return feeds

    async def stream(self, cursor: str | None) -> AsyncIterator[Batch]:
        positions = _load(cursor)
        while True:
            batch = await asyncio.to_thread(self.poll, positions)
            yield batch
            if self.settings.streaming:
                # Caught up: follow live until a stream ends or fails (the runner then polls and streams again).
                live = LiveStreams(
                    self.bridge.client, self.base, self.secret, self.live_feeds(), self.mention
                )
                async for batch in live.batches(positions):
                    yield batch
            await asyncio.sleep(self.settings.poll_interval_seconds)

    def poll(self, positions: dict[str, str]) -> Batch:
        """Read every feed after its position (updated in place); one batch for all, with the new cursor."""
        mentions: list[IncomingMention] = []
        skipped: list[Skipped] = []
        seen: set[str] = set()
        for name, fetch in self.feeds().items():
            after = positions.get(name)
            for _ in range(MAX_PAGES):
                page = self._call(fetch, after)
                if not page:
                    break
                items = sorted(page, key=lambda item: id_key(item.get("id")))
                for item in items:
                    status = item.get("status") if name == "mentions" else item
                    made = self.mention(status)
                    if isinstance(made, Skipped):
                        skipped.append(made)
                    elif made.external_id not in seen:
                        seen.add(made.external_id)
                        mentions.append(made)
                after = str(items[-1].get("id"))
                positions[name] = after
                if after is None or len(page) < PAGE:
                    break
        return Batch(
            tuple(mentions), tuple(skipped), json.dumps(positions, sort_keys=True, separators=(",", ":"))
        )

    def _call(self, fetch: Fetch, after: str | None) -> list[Any]:
        try:
            return fetch(after)
        except MastodonRatelimitError:
            wait = retry_after(self.bridge.retry_after)
            reset = getattr(self.api, "ratelimit_reset", None)
            if wait is None and isinstance(reset, int | float):
                wait = max(0.0, reset - time.time())
            said = f", retry after {wait:.0f} s" if wait is not None else ""
            raise RateLimited(f"mastodon: HTTP 429 too many requests{said}", wait) from None
        except MastodonUnauthorizedError:
            raise AuthExpired("mastodon: the access token was refused (HTTP 401)") from None
        except MastodonNotFoundError:
            raise ConnectorError("mastodon: not found (HTTP 404): is this a Mastodon instance?") from None
        except MastodonServerError:
            raise TransientError("mastodon: the instance failed (HTTP 5xx)") from None
        except MastodonNetworkError:
            if self.bridge.refused is not None:
                raise self.bridge.refused from None
            raise TransientError("mastodon: network error or timeout") from None
        except _APIError as exc:
            status = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else None
            raise ConnectorError(
                f"mastodon: the instance refused the request (HTTP {status or '?'})"
            ) from None
        except MastodonError as exc:
            raise ConnectorError(f"mastodon: unreadable answer ({type(exc).__name__})") from None

    def mention(self, status: object) -> IncomingMention | Skipped:
        """An ``IncomingMention`` from a status, or why it cannot be one."""
        if not isinstance(status, Mapping):
            return Skipped("malformed status", "not an object")
        ident, account = status.get("id"), status.get("account")
        created = parse_time(status.get("created_at"))
        if ident is None or not isinstance(account, Mapping) or created is None:
            return Skipped("malformed status", "id, account or created_at missing")
        acct = str(account.get("acct") or account.get("username") or "")
        if not acct:
            return Skipped("malformed status", "account.acct missing")
        handle = f"@{acct}" if "@" in acct else f"@{acct}@{self.host}"
        warning = html_to_text(str(status.get("spoiler_text") or ""))
        body = html_to_text(str(status.get("content") or ""))
        text, cut = clean_text(f"{warning}\n\n{body}" if warning else body)
        reply = status.get("in_reply_to_id")
        lang = status.get("language")
        url = status.get("url") or status.get("uri")
        return IncomingMention(
            external_id=str(ident),
            text=text,
            author_handle=clean_text(handle, 300)[0],
            author_name=clean_text(str(account.get("display_name") or ""), 200)[0],
            created_at=created,
            url=str(url) if url else None,
            in_reply_to=str(reply) if reply is not None else None,
            lang=str(lang)[:35] if lang else None,
            truncated=cut,
        )


def _load(cursor: str | None) -> dict[str, str]:
    try:
        data = json.loads(cursor) if cursor else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items() if v is not None} if isinstance(data, dict) else {}
