"""A ``requests`` transport adapter that sends through httpx and the egress guard.

Mastodon.py speaks ``requests``; mounting this adapter on its session makes every request it sends go through
:class:`charte.connectors.egress.PinnedTransport` (checked, then sent to the checked address, no redirects),
and keeps the last answer's ``Retry-After`` and the last egress refusal, which Mastodon.py's errors lose.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from charte.connectors.egress import Egress
from charte.errors import EgressRefused
from charte.listening.adapters._http import pinned_client

#: The largest answer read (a page of 40 statuses is well under 1 MiB).
MAX_ANSWER_BYTES = 8 * 2**20


class EgressAdapter(BaseAdapter):
    def __init__(self, egress: Egress, timeout: float, transport: httpx.BaseTransport | None = None) -> None:
        super().__init__()
        self.client = pinned_client(egress, timeout, transport)
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
