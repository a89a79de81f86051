"""Mastodon: a post, a reply, media with alt text, through Mastodon.py and the egress guard.

Configure a target with the instance's address and an access token of an application created on the
brand account (Preferences → Development, scope ``write:statuses write:media read:search``; ``read:search``
only to answer a post given by its URL). Every request goes through :mod:`charte.connectors.egress`.

Idempotency: each status is sent with ``Idempotency-Key: <publication key>``. Mastodon keeps that key for
an hour per account and answers a repeat with the status it created the first time, so a retry, or the
attempt that follows a worker killed after the post went out (its lease runs out after two minutes),
finds the same status instead of posting twice. Mastodon offers no way to look a status up by that key
later, so :meth:`MastodonConnector.find` cannot tell: if no worker could retry for more than an hour after
such a crash, a second status is possible (docs/connectors.md).

Errors: HTTP 429 → :class:`RateLimited` with the ``Retry-After`` delay; 401 (token expired or revoked) and
403 (token without the scope, account suspended) → :class:`AuthExpired`, not retried, shown on the target;
5xx and no answer → :class:`TransientError`; any other refusal → :class:`ConnectorError` (not retried).
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Literal

import httpx
import requests
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, SecretStr, field_validator

from charte.connectors.base import Connector, Limits, MediaRule, Publication, PublishResult, current_env
from charte.connectors.egress import Egress, default_port
from charte.connectors.netio import RequestsBridge, fetch_media, graphemes, pinned_client
from charte.connectors.registry import register
from charte.errors import (
    AuthExpired,
    ConnectorError,
    EgressRefused,
    InputError,
    RateLimited,
    TransientError,
)

IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/avif"})
VIDEO_TYPES = frozenset({"video/mp4", "video/webm", "video/quicktime"})
#: Mastodon's defaults (4.x), used when the instance does not say otherwise in /api/v2/instance.
DEFAULT_LIMITS = Limits(
    text_max=500,
    text_unit="characters",
    media=(MediaRule(IMAGE_TYPES, 16 * 2**20), MediaRule(VIDEO_TYPES, 99 * 2**20)),
    media_count=4,
    alt_max=1500,
)
DEFAULT_URL_LENGTH = 23
#: How long an instance's limits are kept before asking again (a failed read: a minute).
LIMITS_TTL, FAILED_TTL = 3600.0, 60.0
#: The longest Charte waits for the instance's limits (a person is queueing a draft meanwhile).
LIMITS_TIMEOUT = 5.0
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_REMOTE_MENTION = re.compile(r"(?<![\w/])(@\w+)@[\w.-]+\w", re.UNICODE)
_STATUS_ID = re.compile(r"^\d{1,30}$")

_limits_cache: dict[str, tuple[float, Limits, int, str]] = {}
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)")
DEFAULT_VERSION = "4.0.0"
_limits_lock = threading.Lock()


class MastodonParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    instance: HttpUrl = Field(description="The instance's address, e.g. https://mastodon.social")
    access_token: SecretStr = Field(
        min_length=8, description="Access token with write:statuses and write:media"
    )
    visibility: Literal["public", "unlisted", "private"] = "public"
    timeout_seconds: float = Field(default=15.0, gt=0, le=120)

    @field_validator("instance")
    @classmethod
    def _bare_origin(cls, url: HttpUrl) -> HttpUrl:
        if url.username or url.password:
            raise ValueError("put no user name or password in the address (the token authenticates)")
        if url.path not in (None, "", "/") or url.query:
            raise ValueError("give only the instance's address, e.g. https://mastodon.social")
        return url


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, min(float(value.strip()), 3600.0))
    except ValueError:
        import email.utils

        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, min(when.timestamp() - time.time(), 3600.0))


def _version(data: Any) -> str:
    """The instance's Mastodon version ("4.3.0" of "4.3.0+glitch"), for Mastodon.py's feature checks."""
    found = _VERSION.match(str(data.get("version", ""))) if isinstance(data, dict) else None
    return ".".join(found.groups()) if found else DEFAULT_VERSION


def _parse_limits(data: Any) -> tuple[Limits, int]:
    """The instance's limits from its /api/v2/instance answer (Mastodon's defaults for what it leaves out)."""
    config = data.get("configuration", {}) if isinstance(data, dict) else {}
    statuses = config.get("statuses", {}) if isinstance(config, dict) else {}
    media = config.get("media_attachments", {}) if isinstance(config, dict) else {}

    def number(source: Any, key: str, default: int) -> int:
        value = source.get(key) if isinstance(source, dict) else None
        return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default

    types = media.get("supported_mime_types") if isinstance(media, dict) else None
    known = {t.lower() for t in types if isinstance(t, str)} if isinstance(types, list) else None
    images = IMAGE_TYPES if known is None else frozenset(t for t in known if t.startswith("image/"))
    videos = VIDEO_TYPES if known is None else frozenset(t for t in known if t.startswith("video/"))
    limits = Limits(
        text_max=number(statuses, "max_characters", DEFAULT_LIMITS.text_max or 500),
        text_unit="characters",
        media=(
            MediaRule(images, number(media, "image_size_limit", DEFAULT_LIMITS.media[0].max_bytes)),
            MediaRule(videos, number(media, "video_size_limit", DEFAULT_LIMITS.media[1].max_bytes)),
        ),
        media_count=number(statuses, "max_media_attachments", DEFAULT_LIMITS.media_count),
        alt_max=number(media, "description_limit", DEFAULT_LIMITS.alt_max or 1500),
    )
    return limits, number(statuses, "characters_reserved_per_url", DEFAULT_URL_LENGTH)


def count_text(text: str, url_length: int) -> int:
    """As Mastodon counts: graphemes, a link as ``url_length``, a remote mention without its domain."""
    counted = _URL.sub("x" * url_length, text)
    counted = _REMOTE_MENTION.sub(r"\1", counted)
    return graphemes(counted)


@register
class MastodonConnector(Connector[MastodonParams]):
    id: ClassVar[str] = "mastodon"
    default_limits: ClassVar[Limits] = DEFAULT_LIMITS

    def __init__(
        self,
        params: MastodonParams,
        transport: httpx.BaseTransport | None = None,
        *,
        org_id: int | None = None,
        egress: Egress | None = None,
    ) -> None:
        super().__init__(params, org_id=org_id)
        self.egress = egress or current_env().egress
        self.bridge = RequestsBridge(self.egress, params.timeout_seconds, transport)
        self.http = pinned_client(self.egress, params.timeout_seconds, transport, follow_redirects=True)
        self._api: Mastodon | None = None

    @property
    def base(self) -> str:
        return str(self.params.instance).rstrip("/")

    @property
    def host(self) -> str:
        return self.params.instance.host or ""

    @property
    def api(self) -> Mastodon:
        if self._api is None:
            session = requests.Session()
            session.trust_env = False
            session.mount("http://", self.bridge)
            session.mount("https://", self.bridge)
            self._api = Mastodon(
                access_token=self.params.access_token.get_secret_value(),
                api_base_url=self.base,
                session=session,
                ratelimit_method="throw",
                request_timeout=self.params.timeout_seconds,
                mastodon_version=self._instance()[2],
                version_check_mode="created",  # checks against the version read above, no probe
            )
        return self._api

    def preflight(self) -> None:
        try:
            self.egress.addresses(
                self.host, self.params.instance.port or default_port(self.params.instance.scheme)
            )
        except EgressRefused:
            raise InputError(
                f"instance: {self.host} does not resolve to a public address (loopback, private, link-local "
                "and cloud metadata addresses are refused unless the operator allows them with CHARTE_EGRESS_ALLOW)"
            ) from None

    # ----------------------------------------------------------------------------------------- limits

    def _instance(self) -> tuple[Limits, int, str]:
        """The instance's limits, link length and version, read from /api/v2/instance once an hour."""
        now = time.monotonic()
        with _limits_lock:
            cached = _limits_cache.get(self.base)
        if cached is not None and cached[0] > now:
            return cached[1], cached[2], cached[3]
        try:
            answer = self.bridge.client.get(
                f"{self.base}/api/v2/instance",
                headers={"Accept": "application/json"},
                timeout=min(self.params.timeout_seconds, LIMITS_TIMEOUT),
            )
            if answer.status_code != 200:
                raise ValueError(answer.status_code)
            data = answer.json()
            limits, url_length = _parse_limits(data)
            version, ttl = _version(data), LIMITS_TTL
        except (httpx.HTTPError, ConnectorError, ValueError):
            limits, url_length, version, ttl = DEFAULT_LIMITS, DEFAULT_URL_LENGTH, DEFAULT_VERSION, FAILED_TTL
        with _limits_lock:
            _limits_cache[self.base] = (now + ttl, limits, url_length, version)
        return limits, url_length, version

    def limits(self) -> Limits:
        """The instance's own limits from /api/v2/instance (kept an hour), Mastodon's defaults if unreadable."""
        return self._instance()[0]

    def text_length(self, text: str) -> int:
        """As Mastodon counts: graphemes, a link as 23 (the instance's setting), a remote mention without its domain."""
        return count_text(text, self._instance()[1])

    @classmethod
    def default_length(cls, text: str) -> int:
        return count_text(text, DEFAULT_URL_LENGTH)

    # --------------------------------------------------------------------------------------- publish

    @contextmanager
    def _calling(self, what: str) -> Iterator[None]:
        """Mastodon.py's errors as Charte's: retried, waited for, or shown on the target."""
        where = f"Mastodon {self.host}: {what}"
        try:
            yield
        except MastodonRatelimitError:
            wait = _retry_after(self.bridge.retry_after)
            said = f", retry after {wait:.0f} s" if wait is not None else ""
            raise RateLimited(f"{where}: HTTP 429 (rate limited{said})", wait) from None
        except MastodonUnauthorizedError:
            raise AuthExpired(
                f"{where}: HTTP 401, the access token was refused (expired or revoked)"
            ) from None
        except MastodonServerError as exc:
            raise TransientError(f"{where}: HTTP {_status(exc)}") from None
        except MastodonNotFoundError:
            raise ConnectorError(f"{where}: HTTP 404 (not found)") from None
        except MastodonAPIError as exc:
            status = _status(exc)
            if status == 403:
                raise AuthExpired(
                    f"{where}: HTTP 403, the token may not do this (scope missing, or the account is suspended)"
                ) from None
            if status in (408, 425):
                raise TransientError(f"{where}: HTTP {status}") from None
            raise ConnectorError(f"{where}: HTTP {status}{_reason(exc)}") from None
        except MastodonNetworkError:
            if self.bridge.refused is not None:
                raise ConnectorError(
                    f"{where}: refused, the host does not resolve to a public address"
                ) from None
            raise TransientError(f"{where}: no answer (refused, unreachable or timed out)") from None
        except MastodonError as exc:
            raise ConnectorError(f"{where}: {type(exc).__name__}") from None

    def _reply_id(self, reply_to: str) -> str:
        """The local id of the status answered: given as an id, or found from its URL (resolved if remote)."""
        if _STATUS_ID.match(reply_to):
            return reply_to
        if not reply_to.startswith(("https://", "http://")):
            raise ConnectorError(f"Mastodon {self.host}: reply_to is neither a status id nor a status URL")
        with self._calling("finding the status answered"):
            found = self.api.search_v2(reply_to, resolve=True, result_type="statuses")
        statuses = found.get("statuses") if isinstance(found, dict) else None
        if not statuses:
            raise ConnectorError(f"Mastodon {self.host}: the status answered cannot be found from its URL")
        return str(statuses[0]["id"])

    def _processed(self, uploaded: Any) -> None:
        """Wait for a media file the instance processes in the background (a video: HTTP 202, no URL yet)."""
        deadline = time.monotonic() + 4 * self.params.timeout_seconds
        while uploaded.get("url") is None:
            if time.monotonic() > deadline:
                raise TransientError(f"Mastodon {self.host}: the media file is still being processed")
            time.sleep(1.0)
            with self._calling("waiting for media processing"):
                uploaded = self.api.media(uploaded["id"])

    def publish(self, publication: Publication) -> PublishResult:
        limits = self.limits()
        if len(publication.attachments) > limits.media_count:
            raise ConnectorError(
                f"Mastodon {self.host}: {len(publication.attachments)} media files; the instance takes {limits.media_count}"
            )
        in_reply_to = self._reply_id(publication.reply_to) if publication.reply_to else None
        media_ids = []
        for attachment in publication.attachments:
            media = fetch_media(self.http, attachment.url, limits, "Mastodon")
            with self._calling("uploading media"):
                uploaded = self.api.media_post(
                    io.BytesIO(media.data),
                    mime_type=media.mime,
                    description=(attachment.alt or None),
                    file_name=media.filename,
                )
            self._processed(uploaded)
            media_ids.append(uploaded["id"])
        with self._calling("posting"):
            status = self.api.status_post(
                publication.text,
                in_reply_to_id=in_reply_to,
                media_ids=media_ids or None,
                visibility=self.params.visibility,
                language=publication.lang,
                idempotency_key=publication.idempotency_key,
            )
        return PublishResult(
            external_id=str(status["id"]),
            url=status.get("url") or None,
            details={"uri": status.get("uri"), "in_reply_to_id": in_reply_to},
        )

    def close(self) -> None:
        self.bridge.close()
        self.http.close()


def _status(exc: MastodonAPIError) -> int | str:
    """The HTTP status Mastodon.py put in the error's arguments ("?" if none)."""
    return next((a for a in exc.args if isinstance(a, int) and not isinstance(a, bool)), "?")


def _reason(exc: MastodonAPIError) -> str:
    """The instance's short reason ("Validation failed: Text character limit of 500 exceeded"), capped."""
    texts = [a for a in exc.args[1:] if isinstance(a, str) and a not in ("Mastodon API returned error",)]
    reason = texts[-1] if texts else ""
    return f" ({' '.join(reason.split())[:200]})" if reason else ""
