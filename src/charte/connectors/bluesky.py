"""Bluesky: a post, a reply with its root and parent, images with alt text, link cards, through ``atproto``.

Configure a target with the account's handle and an **app password** (Settings → Privacy and security → App
passwords: never the account's own password), and the PDS address if the account is not on bsky.social.
Every request, to the PDS and to a linked page read for its card, goes through :mod:`charte.connectors.egress`.

What goes into the record:

- the text, with facets for links, mentions (the handle resolved to its DID; a handle that does not resolve
  stays plain text) and hashtags, their offsets counted in bytes of the UTF-8 text as the lexicon says;
- a reply's ``root`` and ``parent`` strong references (URI and CID): the parent is the post answered, the
  root that post's own root when it is itself a reply;
- up to 4 images (JPEG, PNG, WebP, GIF, each at most 1,000,000 bytes) uploaded with ``uploadBlob``, each
  with its alt text; or else a link card for the first link, titled from the page's OpenGraph tags (the URL
  itself when the page cannot be read).

Idempotency: Bluesky has no idempotency key, so the record key is derived from the publication's key
(:func:`record_key`: TID-shaped, the same on every attempt). A retry either creates that very record or is
refused because it exists, and :meth:`BlueskyConnector.find` reads it back by that key (``getRecord``): a
publication can never make two posts, however late the retry.

The session (``createSession``, which Bluesky rate-limits per account) is kept in the process's memory and
reused by the next attempt; it is never stored or logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

import httpx
from atproto import Client, models
from atproto_client import exceptions as at
from atproto_client.request import Request
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, SecretStr, ValidationError, field_validator

from charte.connectors.base import Connector, Limits, MediaRule, Publication, PublishResult, current_env
from charte.connectors.egress import Egress, PinnedTransport, default_port
from charte.connectors.netio import fetch_card, fetch_media, graphemes, pinned_client, tls_context
from charte.connectors.registry import register
from charte.errors import (
    AuthExpired,
    ConnectorError,
    EgressRefused,
    InputError,
    PlatformRefused,
    RateLimited,
    TransientError,
    Unresolvable,
)

POST = "app.bsky.feed.post"
LIMITS = Limits(
    text_max=300,
    text_unit="graphemes",
    media=(MediaRule(frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"}), 1_000_000),),
    media_count=4,
    alt_max=2000,
)
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_HANDLE = re.compile(
    r"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$"
)
_DID = re.compile(r"^did:[a-z]+:[a-zA-Z0-9._:%-]{1,2000}$")
_LINK = re.compile(r"(?<![\w/])(https?://[^\s<>\"'`]+)")
_LINK_TAIL = ".,;:!?)]}»”’"
_MENTION = re.compile(
    r"(?<![\w@])(@((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?))"
)
_TAG = re.compile(r"(?<![\w#&])(#([^\s#\d\W][^\s#]*|\d+[^\s\d#][^\s#]*))", re.UNICODE)
_AT_URI = re.compile(r"^at://([^/\s]+)/app\.bsky\.feed\.post/([A-Za-z0-9._:~-]{1,512})$")
_WEB_URL = re.compile(r"^https://bsky\.app/profile/([^/\s]+)/post/([A-Za-z0-9._:~-]{1,512})/?$")

#: Sessions by (PDS, handle, password digest): reused across attempts, in this process's memory only.
_sessions: dict[tuple[str, str, str], str] = {}
_sessions_lock = threading.Lock()
T = TypeVar("T")


def record_key(idempotency_key: str) -> str:
    """The record key of the publication with this key: 13 characters of TID syntax, from a SHA-256 of the key.

    The top bit is 0 as a TID's must be; the value is not a time (``createdAt`` carries the time).
    """
    value = int.from_bytes(hashlib.sha256(idempotency_key.encode("utf-8")).digest()[:8], "big") >> 1
    return "".join(_TID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def clear_sessions() -> None:
    """Forget every kept session (tests; a process that rotates app passwords)."""
    with _sessions_lock:
        _sessions.clear()


class BlueskyParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    handle: str = Field(min_length=3, max_length=253, description="The account's handle (or DID)")
    app_password: SecretStr = Field(min_length=8, description="An app password of the account")
    pds: HttpUrl = Field(default=HttpUrl("https://bsky.social"), description="The account's PDS (entryway)")
    timeout_seconds: float = Field(default=15.0, gt=0, le=120)

    @field_validator("handle")
    @classmethod
    def _handle(cls, value: str) -> str:
        value = value.strip().removeprefix("@").lower()
        if not (_HANDLE.match(value) or _DID.match(value)):
            raise ValueError("give the account's handle (e.g. brand.bsky.social) or its DID")
        return value

    @field_validator("pds")
    @classmethod
    def _bare_origin(cls, url: HttpUrl) -> HttpUrl:
        if url.username or url.password or url.query or url.path not in (None, "", "/"):
            raise ValueError("give only the PDS address, e.g. https://bsky.social")
        return url


@dataclass(frozen=True)
class Facet:
    start: int  # bytes of the UTF-8 text
    end: int
    kind: str  # "link" | "mention" | "tag"
    value: str  # the URL, the handle, the tag without '#'


def find_facets(text: str) -> list[Facet]:
    """Links, mentions and hashtags of ``text`` with their UTF-8 byte offsets (mentions not yet resolved)."""

    def at_bytes(index: int) -> int:
        return len(text[:index].encode("utf-8"))

    found: list[Facet] = []
    for match in _LINK.finditer(text):
        url = match.group(1).rstrip(_LINK_TAIL)  # "see https://x.org/a." : the full stop ends the sentence
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:  # "http://[oops": not a link
            continue
        if "." in host:
            start = match.start(1)
            found.append(Facet(at_bytes(start), at_bytes(start + len(url)), "link", url))
    for match in _MENTION.finditer(text):
        found.append(
            Facet(at_bytes(match.start(1)), at_bytes(match.end(1)), "mention", match.group(2).lower())
        )
    for match in _TAG.finditer(text):
        tag = match.group(2).rstrip(".,;:!?)")
        if 0 < graphemes(tag) <= 64:
            end = match.start(2) + len(tag)
            found.append(Facet(at_bytes(match.start(1)), at_bytes(end), "tag", tag))
    inside_link = [(f.start, f.end) for f in found if f.kind == "link"]
    kept = [
        f for f in found if f.kind == "link" or not any(s <= f.start < e for s, e in inside_link)
    ]  # an #anchor or @user inside a URL belongs to the link
    return sorted(kept, key=lambda f: f.start)


@register
class BlueskyConnector(Connector[BlueskyParams]):
    id: ClassVar[str] = "bluesky"
    default_limits: ClassVar[Limits] = LIMITS

    def __init__(
        self,
        params: BlueskyParams,
        transport: httpx.BaseTransport | None = None,
        *,
        org_id: int | None = None,
        egress: Egress | None = None,
    ) -> None:
        super().__init__(params, org_id=org_id)
        self.egress = egress or current_env().egress
        inner = transport or httpx.HTTPTransport(verify=tls_context(), trust_env=False)
        self.client = Client(
            base_url=self.base,
            request=Request(
                transport=PinnedTransport(self.egress, inner), timeout=params.timeout_seconds, trust_env=False
            ),
        )
        self.http = pinned_client(self.egress, params.timeout_seconds, transport, follow_redirects=True)
        self._did: str | None = None

    @property
    def base(self) -> str:
        return str(self.params.pds).rstrip("/")

    @property
    def host(self) -> str:
        return self.params.pds.host or ""

    @property
    def _session_key(self) -> tuple[str, str, str]:
        digest = hashlib.sha256(self.params.app_password.get_secret_value().encode("utf-8")).hexdigest()
        return self.base, self.params.handle, digest

    def preflight(self) -> None:
        try:
            self.egress.addresses(self.host, self.params.pds.port or default_port(self.params.pds.scheme))
        except EgressRefused:
            raise InputError(
                f"pds: {self.host} does not resolve to a public address (loopback, private, link-local and "
                "cloud metadata addresses are refused unless the operator allows them with CHARTE_EGRESS_ALLOW)"
            ) from None

    def limits(self) -> Limits:
        return LIMITS

    @classmethod
    def default_length(cls, text: str) -> int:
        return graphemes(text)

    # ---------------------------------------------------------------------------------------- session

    def _login(self, fresh: bool = False) -> str:
        """The account's DID, logged in (a kept session unless ``fresh``); AuthExpired if the password is refused."""
        if self._did is not None and not fresh:
            return self._did
        with _sessions_lock:
            kept = None if fresh else _sessions.get(self._session_key)
        if kept is not None:  # atproto refreshes it itself when its access token is about to expire
            try:
                with self._calling("resuming the session"):
                    self.client.login(session_string=kept, fetch_bsky_profile=False)
            except AuthExpired:  # the refresh token expired or was revoked: sign in again below
                with _sessions_lock:
                    _sessions.pop(self._session_key, None)
            else:
                if self.client._session is not None:
                    self._did = str(self.client._session.did)
                    return self._did
        with self._calling("signing in", signing_in=True):
            self.client.login(
                self.params.handle, self.params.app_password.get_secret_value(), fetch_bsky_profile=False
            )
        session = self.client._session
        if session is None:  # pragma: no cover - atproto sets it or raises
            raise ConnectorError(f"Bluesky {self.host}: signing in gave no session")
        with _sessions_lock:
            _sessions[self._session_key] = self.client.export_session_string()
        self._did = str(session.did)
        return self._did

    def _call(self, what: str, call: Callable[[], T]) -> T:
        """``call`` logged in; once more with a fresh session if the kept one was refused."""
        self._login()
        try:
            with self._calling(what):
                return call()
        except AuthExpired:
            with _sessions_lock:
                _sessions.pop(self._session_key, None)
            self._did = None
            self._login(fresh=True)
            with self._calling(what):
                return call()

    @contextmanager
    def _calling(self, what: str, *, signing_in: bool = False) -> Iterator[None]:
        """atproto's errors as Charte's: retried, waited for, or shown on the target."""
        where = f"Bluesky {self.host}: {what}"
        try:
            yield
        except at.RateLimitExceededError as exc:
            wait = _wait(exc)
            said = f", retry after {wait:.0f} s" if wait is not None else ""
            raise RateLimited(f"{where}: HTTP 429 (rate limited{said})", wait) from None
        except at.UnauthorizedError as exc:
            refused = "the app password was refused (revoked, or the handle is wrong)"
            raise AuthExpired(
                f"{where}: HTTP {_code(exc)}, {refused if signing_in else 'session refused'}"
            ) from None
        except at.BadRequestError as exc:
            error = _xrpc_error(exc)
            if error in ("ExpiredToken", "InvalidToken"):
                raise AuthExpired(f"{where}: the session expired") from None
            if error in ("AccountTakedown", "AccountDeactivated", "AuthFactorTokenRequired"):
                raise AuthExpired(f"{where}: the account refuses sign-in ({error})") from None
            raise PlatformRefused(f"{where}: HTTP 400 ({error or 'bad request'})", error) from None
        except EgressRefused:
            raise ConnectorError(f"{where}: refused, the host does not resolve to a public address") from None
        except Unresolvable:
            raise TransientError(f"{where}: no answer (the name does not resolve now)") from None
        except (at.InvokeTimeoutError, at.NetworkError) as exc:
            status = _code(exc)
            if status == 409:
                raise PlatformRefused(
                    f"{where}: HTTP 409 ({_xrpc_error(exc) or 'conflict'})", "Conflict"
                ) from None
            if status == 413:
                raise ConnectorError(f"{where}: HTTP 413 (too large)") from None
            raise TransientError(f"{where}: {'HTTP ' + str(status) if status else 'no answer'}") from None
        except at.RequestException as exc:
            status = _code(exc)
            if isinstance(status, int) and (status >= 500 or status in (408, 425)):
                raise TransientError(f"{where}: HTTP {status}") from None
            raise ConnectorError(f"{where}: HTTP {status} ({_xrpc_error(exc) or 'refused'})") from None
        except at.AtProtocolError as exc:
            raise ConnectorError(f"{where}: {type(exc).__name__}") from None

    # -------------------------------------------------------------------------------------- reading

    def _resolve(self, handle: str) -> str | None:
        if _DID.match(handle):
            return handle
        try:
            answer = self._call(
                "resolving a handle",
                lambda: self.client.com.atproto.identity.resolve_handle(
                    models.ComAtprotoIdentityResolveHandle.Params(handle=handle)
                ),
            )
        except ConnectorError as exc:
            if isinstance(exc, TransientError | RateLimited | AuthExpired):
                raise
            return None
        return str(answer.did)

    def _strong_ref(self, uri: str, cid: str) -> Any:
        return models.ComAtprotoRepoStrongRef.Main(uri=uri, cid=cid)

    def _reply_refs(self, reply_to: str) -> Any:
        """``ReplyRef`` of the post answered: its own strong ref as parent, its root (or itself) as root."""
        match = _AT_URI.match(reply_to) or _WEB_URL.match(reply_to)
        if match is None:
            raise ConnectorError(
                f"Bluesky {self.host}: reply_to is not an at:// post URI or a bsky.app post URL"
            )
        did = self._resolve(match.group(1).lower())
        if did is None:
            raise ConnectorError(f"Bluesky {self.host}: the author of the post answered cannot be resolved")
        uri = f"at://{did}/{POST}/{match.group(2)}"
        found = self._call("reading the post answered", lambda: self.client.get_posts([uri]))
        if not found.posts:
            raise ConnectorError(f"Bluesky {self.host}: the post answered cannot be found")
        post = found.posts[0]
        parent = self._strong_ref(post.uri, post.cid)
        reply = getattr(post.record, "reply", None)
        root = self._strong_ref(reply.root.uri, reply.root.cid) if reply is not None else parent
        return models.AppBskyFeedPost.ReplyRef(root=root, parent=parent)

    def _facets(self, text: str) -> list[Any]:
        facets = []
        for facet in find_facets(text):
            feature: Any
            if facet.kind == "link":
                feature = models.AppBskyRichtextFacet.Link(uri=facet.value)
            elif facet.kind == "tag":
                feature = models.AppBskyRichtextFacet.Tag(tag=facet.value)
            else:
                did = self._resolve(facet.value)
                if did is None:
                    continue  # an unknown handle stays plain text, as the Bluesky app does
                feature = models.AppBskyRichtextFacet.Mention(did=did)
            facets.append(
                models.AppBskyRichtextFacet.Main(
                    index=models.AppBskyRichtextFacet.ByteSlice(byte_start=facet.start, byte_end=facet.end),
                    features=[feature],
                )
            )
        return facets

    def _embed(self, publication: Publication) -> Any:
        if publication.attachments:
            if len(publication.attachments) > LIMITS.media_count:
                raise ConnectorError(
                    f"Bluesky: {len(publication.attachments)} images; a post takes at most {LIMITS.media_count}"
                )
            images = []
            for attachment in publication.attachments:
                media = fetch_media(self.http, attachment.url, LIMITS, "Bluesky")
                blob = self._call(
                    "uploading an image",
                    lambda media=media: self.client.com.atproto.repo.upload_blob(  # type: ignore[misc]  # a default binds this image (mypy: untyped lambda default)
                        None, content=media.data, headers={"Content-Type": media.mime}
                    ),
                )
                images.append(models.AppBskyEmbedImages.Image(alt=attachment.alt or "", image=blob.blob))
            return models.AppBskyEmbedImages.Main(images=images)
        link = next((f.value for f in find_facets(publication.text) if f.kind == "link"), None)
        if link is None:
            return None
        title, description = fetch_card(self.http, link)
        return models.AppBskyEmbedExternal.Main(
            external=models.AppBskyEmbedExternal.External(uri=link, title=title, description=description)
        )

    def _result(self, did: str, rkey: str, cid: str | None) -> PublishResult:
        profile = self.params.handle if _HANDLE.match(self.params.handle) else did
        return PublishResult(
            external_id=f"at://{did}/{POST}/{rkey}",
            url=f"https://bsky.app/profile/{profile}/post/{rkey}",
            details={"cid": cid},
        )

    # -------------------------------------------------------------------------------------- publish

    def find(self, idempotency_key: str) -> PublishResult | None:
        """The post this publication made, read back by its record key; ``None`` if it does not exist."""
        did = self._login()
        rkey = record_key(idempotency_key)
        try:
            found = self._call(
                "reading the post back",
                lambda: self.client.com.atproto.repo.get_record(
                    models.ComAtprotoRepoGetRecord.Params(repo=did, collection=POST, rkey=rkey)
                ),
            )
        except PlatformRefused as exc:
            if exc.error in ("RecordNotFound", "NotFound", "InvalidRequest"):
                return None
            raise
        return self._result(did, rkey, found.cid)

    def publish(self, publication: Publication) -> PublishResult:
        did = self._login()
        rkey = record_key(publication.idempotency_key)
        try:
            record = models.AppBskyFeedPost.Record(
                text=publication.text,
                created_at=dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                facets=self._facets(publication.text) or None,
                langs=[publication.lang] if publication.lang else None,
                reply=self._reply_refs(publication.reply_to) if publication.reply_to else None,
                embed=self._embed(publication),
            )
            data = models.ComAtprotoRepoCreateRecord.Data(repo=did, collection=POST, rkey=rkey, record=record)
        except (
            ValidationError
        ) as exc:  # e.g. a text over the lexicon's 3,000 characters: the draft must change
            fields = ", ".join(sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()}))
            raise ConnectorError(f"Bluesky: the post does not fit a record ({fields})") from None
        try:
            created = self._call("posting", lambda: self.client.com.atproto.repo.create_record(data))
        except PlatformRefused:
            # The record key is taken: by this very publication, sent before (its answer lost). Read it back.
            found = self.find(publication.idempotency_key)
            if found is None:
                raise
            return found
        return self._result(did, rkey, created.cid)

    def close(self) -> None:
        self.client.request.close()
        self.http.close()


def _code(exc: at.AtProtocolError) -> int | None:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


def _xrpc_error(exc: at.AtProtocolError) -> str | None:
    content = getattr(getattr(exc, "response", None), "content", None)
    error = getattr(content, "error", None)
    return str(error)[:60] if isinstance(error, str) else None


def _wait(exc: at.AtProtocolError) -> float | None:
    """Seconds to wait: ``Retry-After``, else ``RateLimit-Reset`` (a Unix time) less now; capped at an hour."""
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    for name in ("retry-after", "ratelimit-reset"):
        value = headers.get(name)
        try:
            number = float(value) if value is not None else None
        except ValueError:
            number = None
        if number is not None:
            seconds = number - time.time() if name == "ratelimit-reset" else number
            return max(0.0, min(seconds, 3600.0))
    return None
