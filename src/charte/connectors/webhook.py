"""The outgoing webhook: a JSON POST signed with HMAC-SHA256, how a team plugs Charte into its own tools.

Every request carries::

    Content-Type: application/json
    Idempotency-Key: <publication key>           the same on every retry of one publication
    Charte-Timestamp: <unix seconds>
    Charte-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>." + raw body)>

A receiver recomputes the HMAC over the timestamp, a dot and the raw body bytes with the shared
secret, compares in constant time, refuses timestamps older than a few minutes (replay), and
ignores a second delivery with an Idempotency-Key it has already processed.
:func:`verify_signature` does exactly this for Python receivers.

The URL must reach a public address unless the operator allows it (:mod:`charte.connectors.egress`):
checked when the target is configured and again before each request, which then goes to the checked
address; redirects are not followed. What is stored of a failure is a short category (no answer,
refused, HTTP status), never the receiver's body.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import re
import ssl
import time
from typing import ClassVar

import httpx
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, SecretStr, field_validator

from charte.connectors.base import Connector, Publication, PublishResult, current_env
from charte.connectors.egress import Egress, PinnedTransport, default_port
from charte.connectors.registry import register
from charte.errors import (
    AuthExpired,
    ConnectorError,
    EgressRefused,
    InputError,
    RateLimited,
    TransientError,
    Unresolvable,
)

SIGNATURE_HEADER = "Charte-Signature"
TIMESTAMP_HEADER = "Charte-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
USER_AGENT = "Charte-Webhook/1"
MAX_ANSWER_BYTES = 64 * 1024  # enough for {"id": …}; a receiver cannot make us hold more
_EXTERNAL_ID = re.compile(r"^[A-Za-z0-9._:@/+=~-]{1,200}$")


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs about a second: do it once per process, not once per publication."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


class WebhookParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: HttpUrl
    secret: SecretStr = Field(min_length=16, description="Shared HMAC key (at least 16 characters)")
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)

    @field_validator("url")
    @classmethod
    def _no_credentials(cls, url: HttpUrl) -> HttpUrl:
        if url.username or url.password:
            raise ValueError(
                "put no user name or password in the URL (the request is signed with the secret)"
            )
        return url


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret, str(timestamp).encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"v1={digest}"


def verify_signature(
    secret: bytes | str,
    timestamp: str | bytes | None,
    body: bytes | str,
    signature: str | bytes | None,
    tolerance_seconds: int = 300,
    now: float | None = None,
) -> bool:
    """True when ``signature`` is ours for this body and the timestamp is recent (receiver side).

    Anything a receiver may be handed (a ``str`` secret or body, a missing header, garbage) gives
    False or True, never an exception.
    """
    if not (
        isinstance(timestamp, str | bytes)
        and isinstance(signature, str | bytes)
        and isinstance(secret, str | bytes | bytearray)
        and isinstance(body, str | bytes | bytearray)
    ):
        return False
    try:
        key = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
        raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        stamp = timestamp.decode("ascii") if isinstance(timestamp, bytes) else timestamp
        given = signature.decode("ascii") if isinstance(signature, bytes) else signature
        if not stamp.strip().isdigit() or len(stamp) > 20:
            return False
        ts = int(stamp)
    except (TypeError, ValueError, UnicodeError):
        return False
    if not key or abs((time.time() if now is None else now) - ts) > tolerance_seconds:
        return False
    return hmac.compare_digest(sign(key, ts, raw).encode("ascii"), given.encode("utf-8", "replace"))


def payload(publication: Publication) -> dict[str, object]:
    return {
        "type": "publication",
        "id": publication.idempotency_key,
        "organisation_id": publication.org_id,
        "draft_id": publication.draft_id,
        "platform": publication.platform,
        "account": publication.account,
        "lang": publication.lang,
        "text": publication.text,
        "attachments": [{"url": a.url, "credit": a.credit, "alt": a.alt} for a in publication.attachments],
        "scheduled_at": publication.scheduled_at.isoformat() if publication.scheduled_at else None,
        "reply_to": publication.reply_to,  # a reply from the inbox: the network reference it answers
    }


@register
class WebhookConnector(Connector[WebhookParams]):
    id: ClassVar[str] = "webhook"

    def __init__(
        self,
        params: WebhookParams,
        transport: httpx.BaseTransport | None = None,
        *,
        org_id: int | None = None,
        egress: Egress | None = None,
    ) -> None:
        super().__init__(params, org_id=org_id)
        self.egress = egress or current_env().egress
        inner = transport or httpx.HTTPTransport(verify=_tls_context(), trust_env=False)
        self.client = httpx.Client(
            transport=PinnedTransport(self.egress, inner),
            timeout=params.timeout_seconds,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
            trust_env=False,
        )

    @property
    def host(self) -> str:
        return self.params.url.host or ""

    def preflight(self) -> None:
        """The URL must reach an allowed address now (it is checked again before every request)."""
        try:
            self.egress.addresses(self.host, self.params.url.port or default_port(self.params.url.scheme))
        except EgressRefused:
            raise InputError(
                f"url: {self.host} does not resolve to a public address (loopback, private, "
                "link-local and cloud metadata addresses are refused unless the operator allows "
                "them with CHARTE_EGRESS_ALLOW)"
            ) from None

    def publish(self, publication: Publication) -> PublishResult:
        body = json.dumps(payload(publication), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        ts = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "Accept-Encoding": "identity",
            IDEMPOTENCY_HEADER: publication.idempotency_key,
            TIMESTAMP_HEADER: str(ts),
            SIGNATURE_HEADER: sign(self.params.secret.get_secret_value().encode("utf-8"), ts, body),
        }
        host = self.host
        no_answer = f"webhook {host}: no answer (refused, unreachable or timed out)"
        try:
            with self.client.stream("POST", str(self.params.url), content=body, headers=headers) as response:
                status = response.status_code
                answer = _read_capped(response, self.params.timeout_seconds) if 200 <= status < 300 else b""
        except Unresolvable:
            raise TransientError(no_answer) from None
        except EgressRefused:
            raise ConnectorError(
                f"webhook {host}: refused, the host does not resolve to a public address"
            ) from None
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError):
            raise TransientError(no_answer) from None
        except httpx.HTTPError:
            raise TransientError(f"webhook {host}: the connection failed (TLS or protocol error)") from None
        if 200 <= status < 300:
            return PublishResult(
                external_id=_external_id(answer, publication.idempotency_key), details={"status": status}
            )
        if status == 429:
            retry_after = _retry_after(response.headers.get("Retry-After"))
            raise RateLimited(f"webhook {host}: HTTP 429 (rate limited)", retry_after)
        if status in (401, 403):
            raise AuthExpired(f"webhook {host}: HTTP {status} (the receiver refused our signature)")
        if status >= 500 or status in (408, 425):
            raise TransientError(f"webhook {host}: HTTP {status}")
        if 300 <= status < 400:
            raise ConnectorError(
                f"webhook {host}: HTTP {status} (redirects are not followed: give the final URL)"
            )
        raise ConnectorError(f"webhook {host}: HTTP {status} (the receiver refused the request)")

    def close(self) -> None:
        self.client.close()


def _read_capped(response: httpx.Response, timeout: float) -> bytes:
    """At most :data:`MAX_ANSWER_BYTES` of the answer, within the timeout overall (not per chunk)."""
    if response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
        return b""  # we asked for none: a compressed answer is not read (no decompression bomb)
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_ANSWER_BYTES or time.monotonic() > deadline:
            return b""  # too big or too slow to be a {"id": …}: ignore it, the post went out
    return b"".join(chunks)


def _external_id(answer: bytes, fallback: str) -> str:
    """The receiver's id for the post if it gave a plain one, else our idempotency key (never its text)."""
    try:
        data = json.loads(answer) if answer else None
    except (ValueError, UnicodeError, RecursionError):
        return fallback
    if isinstance(data, dict) and isinstance(data.get("id"), str | int) and not isinstance(data["id"], bool):
        candidate = str(data["id"])
        if _EXTERNAL_ID.match(candidate):
            return candidate
    return fallback


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, min(float(value), 3600.0))
    except ValueError:
        return None
