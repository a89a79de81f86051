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
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import ssl
import time
from typing import ClassVar

import httpx
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, SecretStr

from charte.connectors.base import Connector, Publication, PublishResult, register
from charte.errors import AuthExpired, ConnectorError, RateLimited, TransientError

SIGNATURE_HEADER = "Charte-Signature"
TIMESTAMP_HEADER = "Charte-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
USER_AGENT = "Charte-Webhook/1"


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


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret, str(timestamp).encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"v1={digest}"


def verify_signature(secret: bytes, timestamp: str, body: bytes, signature: str, tolerance_seconds: int = 300,
                     now: float | None = None) -> bool:
    """True when ``signature`` is ours for this body and the timestamp is recent (receiver side)."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - ts) > tolerance_seconds:
        return False
    return hmac.compare_digest(sign(secret, ts, body), signature)


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
    }


@register
class WebhookConnector(Connector):
    id: ClassVar[str] = "webhook"
    Params: ClassVar[type[BaseModel]] = WebhookParams

    def __init__(self, params: BaseModel, transport: httpx.BaseTransport | None = None) -> None:
        super().__init__(params)
        assert isinstance(params, WebhookParams)
        self.p = params
        self.client = httpx.Client(transport=transport, timeout=params.timeout_seconds, verify=_tls_context(),
                                   headers={"User-Agent": USER_AGENT}, follow_redirects=False)

    def publish(self, publication: Publication) -> PublishResult:
        body = json.dumps(payload(publication), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        ts = int(time.time())
        headers = {"Content-Type": "application/json", IDEMPOTENCY_HEADER: publication.idempotency_key,
                   TIMESTAMP_HEADER: str(ts),
                   SIGNATURE_HEADER: sign(self.p.secret.get_secret_value().encode("utf-8"), ts, body)}
        host = self.p.url.host
        try:
            response = self.client.post(str(self.p.url), content=body, headers=headers)
        except httpx.TimeoutException:
            raise TransientError(f"webhook {host}: no answer within {self.p.timeout_seconds:g} s") from None
        except httpx.HTTPError as exc:
            raise TransientError(f"webhook {host}: {type(exc).__name__}") from None
        status = response.status_code
        if 200 <= status < 300:
            external = publication.idempotency_key
            try:
                data = response.json()
                if isinstance(data, dict) and isinstance(data.get("id"), str | int):
                    external = str(data["id"])[:200]
            except ValueError:
                pass
            return PublishResult(external_id=external, details={"status": status})
        if status == 429:
            retry_after = _retry_after(response.headers.get("Retry-After"))
            raise RateLimited(f"webhook {host}: HTTP 429 (rate limited)", retry_after)
        if status in (401, 403):
            raise AuthExpired(f"webhook {host}: HTTP {status} (the receiver refused our signature)")
        if status >= 500 or status in (408, 425):
            raise TransientError(f"webhook {host}: HTTP {status}")
        raise ConnectorError(f"webhook {host}: HTTP {status} (the receiver refused the request)")

    def close(self) -> None:
        self.client.close()


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, min(float(value), 3600.0))
    except ValueError:
        return None
