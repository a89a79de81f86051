"""What the social-network connectors share on the wire: every request through the egress guard.

- :func:`pinned_client`: an httpx client whose every request is checked by :mod:`charte.connectors.egress`
  and sent to the address it checked (redirects, when followed, are checked again hop by hop);
- :class:`RequestsBridge`: the same for Mastodon.py, which speaks ``requests``; it keeps the last answer's
  ``Retry-After``, which Mastodon.py's rate-limit error loses;
- :func:`fetch_media`: a post's media, read through the guard with the network's size cap, its type taken
  from the bytes themselves when the server's ``Content-Type`` is vague;
- :func:`fetch_card`: a page's OpenGraph title and description for a link card (the URL itself when the
  page cannot be read: a card never stops a post).
"""

from __future__ import annotations

import functools
import mimetypes
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx
import regex
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from charte.connectors.base import Limits
from charte.connectors.egress import Egress, PinnedTransport
from charte.errors import ConnectorError, EgressRefused, MediaRefused, TransientError, Unresolvable

USER_AGENT = "Charte-Publisher/1"
#: The most of a page read for its OpenGraph tags (they sit in <head>).
MAX_PAGE_BYTES = 512 * 1024
#: The most of an API answer read by the requests bridge.
MAX_ANSWER_BYTES = 8 * 2**20

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"ftypavif", 4, "image/avif"),
    (b"ftypheic", 4, "image/heic"),
    (b"ftypqt", 4, "video/quicktime"),
    (b"ftyp", 4, "video/mp4"),
    (b"\x1a\x45\xdf\xa3", 0, "video/webm"),
)


_GRAPHEME = regex.compile(r"\X")


def graphemes(text: str) -> int:
    """How many user-perceived characters (extended grapheme clusters, UAX #29): 👩‍👩‍👧 and é count one."""
    return len(_GRAPHEME.findall(text))


@functools.cache
def tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs about a second: once per process."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def pinned_client(
    egress: Egress,
    timeout: float,
    transport: httpx.BaseTransport | None = None,
    *,
    follow_redirects: bool = False,
    user_agent: str = USER_AGENT,
) -> httpx.Client:
    """A client whose requests are checked by ``egress`` before each one (each redirect hop included)."""
    inner = transport or httpx.HTTPTransport(verify=tls_context(), trust_env=False)
    return httpx.Client(
        transport=PinnedTransport(egress, inner),
        timeout=timeout,
        headers={"User-Agent": user_agent},
        follow_redirects=follow_redirects,
        max_redirects=3,
        trust_env=False,
    )


def sniff(data: bytes) -> str | None:
    """The media type the first bytes announce (JPEG, PNG, GIF, WebP, AVIF, HEIC, MP4, QuickTime, WebM)."""
    for magic, offset, mime in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return mime
    return None


def guess_type(url: str) -> str | None:
    """The media type a URL's file name says (``None`` when it says nothing usable)."""
    mime, _ = mimetypes.guess_type(urlsplit(url).path)
    return mime


@dataclass(frozen=True)
class Media:
    data: bytes
    mime: str
    filename: str


def fetch_media(client: httpx.Client, url: str, limits: Limits, network: str) -> Media:
    """Read one media file, refusing it (:class:`MediaRefused`, with the reason) if the network would."""
    cap = max((rule.max_bytes for rule in limits.media), default=0)
    host = urlsplit(url).hostname or "?"
    try:
        with client.stream("GET", url, headers={"Accept-Encoding": "identity"}) as answer:
            if answer.status_code >= 500 or answer.status_code in (408, 429):
                raise TransientError(f"{network}: media at {host}: HTTP {answer.status_code}")
            if answer.status_code != 200:
                raise MediaRefused(f"{network}: media at {host} cannot be read: HTTP {answer.status_code}")
            declared = answer.headers.get("Content-Type", "").split(";")[0].strip().lower()
            data = bytearray()
            for chunk in answer.iter_bytes():
                data += chunk
                if len(data) > cap:
                    raise MediaRefused(
                        f"{network}: media at {host} is larger than {cap:,} bytes, the most {network} accepts"
                    )
    except (Unresolvable, httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError):
        raise TransientError(f"{network}: media at {host}: no answer") from None
    except EgressRefused:
        raise MediaRefused(
            f"{network}: media at {host}: the host does not resolve to a public address"
        ) from None
    except httpx.HTTPError:
        raise TransientError(f"{network}: media at {host}: the connection failed") from None
    mime = sniff(bytes(data[:32])) or (declared if declared not in ("", "application/octet-stream") else None)
    mime = mime or guess_type(url) or "application/octet-stream"
    rule = limits.rule_for(mime)
    if rule is None:
        accepted = ", ".join(sorted(limits.media_types))
        raise MediaRefused(f"{network}: media at {host} is {mime}; {network} accepts {accepted}")
    if len(data) > rule.max_bytes:
        raise MediaRefused(
            f"{network}: media at {host} is {len(data):,} bytes; {network} accepts {mime} "
            f"up to {rule.max_bytes:,} bytes"
        )
    name = urlsplit(url).path.rsplit("/", 1)[-1] or "media"
    return Media(bytes(data), mime, name[:100])


class _OpenGraph(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self._in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            found = dict(attrs)
            key = (found.get("property") or found.get("name") or "").lower()
            if key in ("og:title", "og:description", "description") and found.get("content"):
                self.meta.setdefault(key, found["content"] or "")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title and len(self.title) < 300:
            self.title += data


def fetch_card(client: httpx.Client, url: str) -> tuple[str, str]:
    """The page's (title, description) from its OpenGraph tags (or <title>); ``(url, "")`` when unreadable."""
    try:
        with client.stream("GET", url, headers={"Accept": "text/html", "Accept-Encoding": "identity"}) as r:
            if r.status_code != 200 or "html" not in r.headers.get("Content-Type", "").lower():
                return url, ""
            data = bytearray()
            for chunk in r.iter_bytes():
                data += chunk
                if len(data) >= MAX_PAGE_BYTES:
                    break
            encoding = r.encoding or "utf-8"
    except (httpx.HTTPError, EgressRefused, ConnectorError):
        return url, ""
    parser = _OpenGraph()
    try:
        parser.feed(bytes(data).decode(encoding, "replace"))
    except (AssertionError, LookupError):  # a malformed page or an unknown charset: no card text
        return url, ""
    title = " ".join((parser.meta.get("og:title") or parser.title).split())[:300] or url
    description = " ".join((parser.meta.get("og:description") or parser.meta.get("description", "")).split())
    return title, description[:1000]


class RequestsBridge(BaseAdapter):
    """A ``requests`` transport adapter sending through :func:`pinned_client` (for Mastodon.py, which speaks
    ``requests``: publishing here, reading timelines in :mod:`charte.listening.adapters.mastodon`). It keeps the
    last answer's ``Retry-After`` and the last egress refusal, which Mastodon.py's errors lose."""

    def __init__(
        self,
        egress: Egress,
        timeout: float,
        transport: httpx.BaseTransport | None = None,
        *,
        user_agent: str = USER_AGENT,
    ) -> None:
        super().__init__()
        self.client = pinned_client(egress, timeout, transport, user_agent=user_agent)
        self.retry_after: str | None = None
        self.refused: EgressRefused | None = None

    def send(  # type: ignore[override]  # requests' signature is untyped keyword soup
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | None = None,
        verify: bool | str = True,
        cert: object = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        self.retry_after, self.refused = None, None
        body = request.body.encode("utf-8") if isinstance(request.body, str) else request.body
        limit = max(timeout) if isinstance(timeout, tuple) else timeout
        try:
            with self.client.stream(
                request.method or "GET",
                request.url or "",
                headers={
                    k: v if isinstance(v, str) else v.decode("latin-1") for k, v in request.headers.items()
                },
                content=body if isinstance(body, bytes) else None,
                timeout=limit if limit is not None else httpx.USE_CLIENT_DEFAULT,
            ) as answer:
                content = bytearray()
                for chunk in answer.iter_bytes():
                    content += chunk
                    if len(content) > MAX_ANSWER_BYTES:
                        raise requests.exceptions.ContentDecodingError("answer too large")
        except EgressRefused as exc:
            self.refused = exc
            raise requests.exceptions.ConnectionError(str(exc)) from None
        except httpx.TimeoutException:
            raise requests.exceptions.Timeout("timed out") from None
        except httpx.TransportError as exc:
            raise requests.exceptions.ConnectionError(type(exc).__name__) from None
        response = requests.Response()
        response.status_code = answer.status_code
        response.headers = CaseInsensitiveDict(dict(answer.headers))
        response._content = bytes(content)
        response.reason = answer.reason_phrase
        response.url = request.url or ""
        response.request = request
        response.encoding = answer.encoding
        self.retry_after = answer.headers.get("retry-after")
        return response

    def close(self) -> None:
        self.client.close()
