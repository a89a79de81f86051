"""The webhook connector: signed requests, error mapping, secrets never shown; and the in-memory twin."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from charte.connectors.base import Attachment, ConnectorEnv, Publication, using
from charte.connectors.egress import Egress
from charte.connectors.memory import MemoryConnector, MemoryParams, fail_next, outbox
from charte.connectors.registry import build_connector, public_params
from charte.connectors.webhook import WebhookConnector, WebhookParams, verify_signature
from charte.errors import AuthExpired, ConnectorError, InputError, RateLimited, TransientError

SECRET = "s3cret-shared-key-0123"
PUB = Publication(
    idempotency_key="pub-1-abc",
    org_id=1,
    draft_id=7,
    platform="linkedin",
    account="@acme",
    text="Bonjour à tous",
    attachments=(Attachment("https://x.test/a.png", credit="© Ana"),),
)


def webhook(handler, timeout: float = 2.0) -> WebhookConnector:
    params = WebhookParams(url="https://hooks.example.test/charte", secret=SECRET, timeout_seconds=timeout)
    return WebhookConnector(params, transport=httpx.MockTransport(handler))


def test_request_is_signed_and_carries_the_idempotency_key() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"id": "ext-42"})

    result = webhook(handler).publish(PUB)
    assert result.external_id == "ext-42"
    req = seen[0]
    assert req.headers["Idempotency-Key"] == "pub-1-abc"
    assert req.headers["Content-Type"] == "application/json"
    body = req.content
    assert verify_signature(
        SECRET.encode(), req.headers["Charte-Timestamp"], body, req.headers["Charte-Signature"]
    )
    assert not verify_signature(
        b"another-secret-key!!", req.headers["Charte-Timestamp"], body, req.headers["Charte-Signature"]
    )
    assert not verify_signature(
        SECRET.encode(), req.headers["Charte-Timestamp"], body + b" ", req.headers["Charte-Signature"]
    )
    # an old timestamp is refused (replay)
    assert not verify_signature(
        SECRET.encode(),
        req.headers["Charte-Timestamp"],
        body,
        req.headers["Charte-Signature"],
        now=time.time() + 3600,
    )
    doc = json.loads(body)
    assert doc["id"] == "pub-1-abc" and doc["text"] == "Bonjour à tous"
    assert doc["attachments"] == [{"url": "https://x.test/a.png", "credit": "© Ana", "alt": None}]


@pytest.mark.parametrize(
    ("response", "error", "words"),
    [
        (httpx.Response(500), TransientError, "HTTP 500"),
        (httpx.Response(503), TransientError, "HTTP 503"),
        (httpx.Response(429, headers={"Retry-After": "7"}), RateLimited, "429"),
        (httpx.Response(401), AuthExpired, "401"),
        (httpx.Response(403), AuthExpired, "403"),
        (httpx.Response(400), ConnectorError, "HTTP 400"),
        (httpx.Response(404), ConnectorError, "HTTP 404"),
    ],
)
def test_http_errors_are_mapped(response: httpx.Response, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words) as info:
        webhook(lambda _r: response).publish(PUB)
    assert type(info.value) is error
    if error is RateLimited:
        assert info.value.retry_after == 7.0


def test_network_failures_are_transient() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(TransientError, match=r"no answer \(refused, unreachable or timed out\)"):
        webhook(refuse).publish(PUB)


class SlowHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(1.0)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def slow_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def test_real_timeout_is_transient(slow_server: str) -> None:
    with using(
        ConnectorEnv(memory=True, egress=Egress.from_setting("127.0.0.1/32"))
    ):  # the test's own server
        conn = build_connector("webhook", {"url": slow_server, "secret": SECRET, "timeout_seconds": 0.2})
    try:
        with pytest.raises(TransientError, match=r"no answer \(refused, unreachable or timed out\)"):
            conn.publish(PUB)
    finally:
        conn.close()


def test_secrets_are_never_shown() -> None:
    conn = build_connector("webhook", {"url": "https://h.test/x", "secret": SECRET})
    assert SECRET not in repr(conn.params)
    assert SECRET not in str(conn.params.model_dump())
    shown = public_params("webhook", conn.params)
    assert shown["secret"] == "********" and shown["url"] == "https://h.test/x"
    assert WebhookConnector.secret_fields() == {"secret"}
    assert "Bonjour" not in repr(PUB)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"url": "not a url", "secret": SECRET}, "url"),
        ({"url": "https://h.test", "secret": "short"}, "secret"),
        ({"url": "https://h.test", "secret": SECRET, "timeout_seconds": 0}, "timeout_seconds"),
        ({"url": "https://h.test", "secret": SECRET, "colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_name_the_field_not_the_secret(params: dict, words: str) -> None:
    with pytest.raises(InputError, match=words) as info:
        build_connector("webhook", params)
    assert SECRET not in str(info.value)


def test_unknown_connector() -> None:
    with pytest.raises(InputError, match=r"unknown connector 'fax'.*memory, webhook"):
        build_connector("fax", {})


def test_memory_twin_deduplicates_and_fails_on_demand() -> None:
    box = outbox("twin-test")
    box.reset()
    conn = MemoryConnector(MemoryParams(name="twin-test"))
    fail_next("twin-test", TransientError("boom"))
    with pytest.raises(TransientError):
        conn.publish(PUB)
    assert conn.find(PUB.idempotency_key) is None
    first = conn.publish(PUB)
    again = conn.publish(PUB)
    assert first == again and len(box.posts) == 1 and box.calls == 3
    assert conn.find(PUB.idempotency_key) == first
