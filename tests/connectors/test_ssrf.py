"""Server-side request forgery through webhook targets (issue 10, severe 1).

Refusals are tested by resolving and classifying, before any connection (name resolution is stubbed);
the only real connections go to loopback servers these tests start, allowed explicitly as an operator would.
"""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from charte.connectors.base import Publication
from charte.connectors.egress import Egress, EgressRefused, is_public
from charte.connectors.registry import build_connector
from charte.connectors.webhook import WebhookConnector, WebhookParams
from charte.errors import ConnectorError, InputError, TransientError
from charte.settings import SettingsError, load_settings
from tests.conftest import STUB_PUBLIC_ADDRESS

SECRET = "s3cret-shared-key-0123"
PUB = Publication(
    idempotency_key="pub-ssrf-1", org_id=1, draft_id=1, platform="x", account="@acme", text="Bonjour"
)
LOOPBACK = Egress.from_setting("127.0.0.1/32")

NON_PUBLIC_URLS = [
    "http://127.0.0.1/",
    "http://127.0.0.1:6379/",
    "http://localhost:8000/",
    "http://LOCALHOST./",
    "http://api.localhost/",
    "http://0.0.0.0/",
    "http://10.0.0.5/",
    "http://172.16.3.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://metadata.google.internal/",
    "http://metadata/",
    "http://100.100.100.200/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fd00::1]/",
    "http://[fd00:ec2::254]/",
    "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[2002:7f00:1::]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[::127.0.0.1]/",
    "http://[fec0::1]/",
    "http://2130706433/",
    "http://127.1/",
    "http://0x7f.1/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://017700000001/",
    "http://%31%32%37.0.0.1/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://unknown-name-that-does-not-resolve/",
]


def connector(
    url: str, egress: Egress | None = None, transport: httpx.BaseTransport | None = None, timeout: float = 2.0
) -> WebhookConnector:
    params = WebhookParams(url=url, secret=SECRET, timeout_seconds=timeout)
    return WebhookConnector(params, transport=transport, egress=egress)


def resolving(*answers: list[str]):
    """A resolver giving each answer in turn (the last one again), counting the lookups."""
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return answers[min(len(calls), len(answers)) - 1]

    resolve.calls = calls  # type: ignore[attr-defined]
    return resolve


def never(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no request may be sent, yet one went to {request.url}")


@pytest.mark.parametrize("url", NON_PUBLIC_URLS)
def test_non_public_destinations_are_refused_when_configured(url: str) -> None:
    conn = build_connector("webhook", {"url": url, "secret": SECRET})
    with pytest.raises(InputError, match="does not resolve to a public address") as info:
        conn.preflight()
    assert SECRET not in str(info.value)


@pytest.mark.parametrize("url", NON_PUBLIC_URLS)
def test_non_public_destinations_are_refused_at_send_time_without_a_request(url: str) -> None:
    with pytest.raises(ConnectorError) as info:
        connector(url, transport=httpx.MockTransport(never)).publish(PUB)
    assert "does not resolve to a public address" in str(info.value) or "no answer" in str(info.value)


@pytest.mark.parametrize(
    "answer",
    [
        ["10.1.2.3"],
        ["169.254.169.254"],
        ["127.0.0.1"],
        ["fd12::5"],
        [STUB_PUBLIC_ADDRESS, "10.1.2.3"],
        ["::ffff:192.168.0.1"],
    ],
)
def test_a_public_name_resolving_to_an_internal_address_is_refused(answer: list[str]) -> None:
    egress = Egress(resolver=resolving(answer))
    with pytest.raises(InputError, match="does not resolve to a public address"):
        connector("https://hooks.attacker.example/x", egress).preflight()


def test_internal_names_and_unknown_names_get_the_same_answer() -> None:
    """No oracle of the internal DNS: 'resolves to 10.x' and 'does not resolve' read the same."""

    def fail(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "no such name")

    messages = set()
    for resolver in (resolving(["10.9.8.7"]), fail):
        with pytest.raises(InputError) as info:
            connector("https://db.corp.example/x", Egress(resolver=resolver)).preflight()
        messages.add(str(info.value))
    assert len(messages) == 1


def test_dns_rebinding_after_configuration_is_refused_at_send_time() -> None:
    resolver = resolving([STUB_PUBLIC_ADDRESS], ["169.254.169.254"])
    conn = connector(
        "https://rebind.example/hook", Egress(resolver=resolver), transport=httpx.MockTransport(never)
    )
    conn.preflight()  # public when the admin saved the target
    with pytest.raises(
        ConnectorError, match="refused, the host does not resolve to a public address"
    ) as info:
        conn.publish(PUB)
    assert not isinstance(info.value, TransientError)  # not retried: it would not get better
    assert resolver.calls == ["rebind.example", "rebind.example"]  # type: ignore[attr-defined]


def test_the_request_goes_to_the_checked_address_with_the_name_in_host() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "ext-1"})

    resolver = resolving([STUB_PUBLIC_ADDRESS])
    result = connector(
        "https://hooks.example.test:8443/x", Egress(resolver=resolver), transport=httpx.MockTransport(handler)
    ).publish(PUB)
    assert result.external_id == "ext-1"
    request = seen[0]
    assert request.url.host == STUB_PUBLIC_ADDRESS and request.url.port == 8443
    assert request.headers["Host"] == "hooks.example.test:8443"
    assert request.extensions["sni_hostname"] == "hooks.example.test"


def test_the_operator_allows_chosen_hosts_and_networks() -> None:
    settings = load_settings(None, egress_allow="10.20.0.0/16, hooks.intranet.example ,fd00:1::/32")
    egress = Egress.from_setting(settings.egress_allow)
    private = Egress(egress.networks, egress.hosts, resolver=resolving(["10.99.0.1"]))
    connector("https://hooks.intranet.example/x", private).preflight()  # the named host, wherever it points
    connector("http://10.20.1.2:8080/x", egress).preflight()
    connector("http://[fd00:1::5]/x", egress).preflight()
    for refused in ("http://10.21.0.1/", "http://127.0.0.1/", "http://169.254.169.254/"):
        with pytest.raises(InputError):
            connector(refused, egress).preflight()
    everything = Egress.from_setting("0.0.0.0/0")
    with pytest.raises(EgressRefused):  # "any address" and broadcast are never a receiver
        everything.addresses("0.0.0.0", 80)


@pytest.mark.parametrize("entry", ["not a host!", "10.0.0.0/33", "http://x.example/"])
def test_a_bad_allowance_stops_the_service_naming_the_variable(entry: str) -> None:
    with pytest.raises(SettingsError, match="CHARTE_EGRESS_ALLOW"):
        load_settings(None, egress_allow=entry)


def test_classification_of_addresses() -> None:
    public = ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4007:80e::200e"]
    assert all(is_public(ipaddress.ip_address(a)) for a in public)
    internal = [
        "127.0.0.1",
        "10.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "fd00::1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "2002:a00:1::",
        "64:ff9b::7f00:1",
        "192.0.2.1",
        "240.0.0.1",
        "224.0.0.1",
    ]
    assert not any(is_public(ipaddress.ip_address(a)) for a in internal)


# --- real connections: loopback servers started here, allowed as an operator would --------------------


class Recorder(http.server.BaseHTTPRequestHandler):
    answers: ClassVar[list[tuple[int, dict[str, str], bytes]]] = []
    seen: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        type(self).seen.append(dict(self.headers))
        status, headers, body = type(self).answers.pop(0) if type(self).answers else (200, {}, b"{}")
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[tuple[http.server.ThreadingHTTPServer, type[Recorder]]]:
    handler = type("Handler", (Recorder,), {"answers": [], "seen": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, handler
    httpd.shutdown()
    httpd.server_close()


def test_redirects_are_not_followed(server) -> None:
    httpd, handler = server
    handler.answers.append((302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""))
    url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    with pytest.raises(ConnectorError, match="redirects are not followed") as info:
        connector(url, LOOPBACK).publish(PUB)
    assert not isinstance(info.value, TransientError) and len(handler.seen) == 1


def test_the_receivers_answer_never_comes_back(server) -> None:
    httpd, handler = server
    url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    page = b"<html>internal admin console: root password hunter2</html>"
    handler.answers += [
        (400, {}, page),
        (200, {"Content-Type": "application/json"}, json.dumps({"id": page.decode()}).encode()),
        (200, {}, b"x" * 2_000_000),
        (200, {}, b'{"id": 42}'),
    ]
    with pytest.raises(ConnectorError) as info:
        connector(url, LOOPBACK).publish(PUB)
    assert "hunter2" not in str(info.value) and str(info.value).endswith(
        "HTTP 400 (the receiver refused the request)"
    )
    assert connector(url, LOOPBACK).publish(PUB).external_id == PUB.idempotency_key  # not the page
    assert connector(url, LOOPBACK).publish(PUB).external_id == PUB.idempotency_key  # 2 MB: not read
    assert connector(url, LOOPBACK).publish(PUB).external_id == "42"


def test_closed_and_silent_ports_read_the_same(tmp_path: Path) -> None:
    """No port-scan oracle: refused and timed out are one category."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections, never answers
    try:
        errors = []
        for port in (closed_port, silent.getsockname()[1]):
            with pytest.raises(TransientError) as info:
                connector(f"http://127.0.0.1:{port}/hook", LOOPBACK, timeout=0.3).publish(PUB)
            errors.append(str(info.value))
    finally:
        silent.close()
    assert errors[0] == errors[1] == "webhook 127.0.0.1: no answer (refused, unreachable or timed out)"


def test_proxy_variables_cannot_route_around_the_pin(server, monkeypatch: pytest.MonkeyPatch) -> None:
    httpd, handler = server
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:1")  # nothing listens there
    connector(f"http://127.0.0.1:{httpd.server_address[1]}/hook", LOOPBACK).publish(PUB)
    assert len(handler.seen) == 1


def _self_signed(tmp_path: Path, name: str) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def test_https_is_pinned_with_the_name_as_sni_and_certificate_check(server, tmp_path: Path) -> None:
    """The connection goes to the checked IP, yet TLS still verifies the certificate of the name."""
    httpd, handler = server
    cert, key = _self_signed(tmp_path, "pinned.test")
    names: list[str | None] = []
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    tls.sni_callback = lambda _sock, name, _ctx: names.append(name)  # type: ignore[assignment]
    httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    port = httpd.server_address[1]
    trust = ssl.create_default_context(cafile=str(cert))
    # "pinned.test" is not in any DNS: only the pinned address makes this connection possible
    egress = Egress(hosts=frozenset({"pinned.test", "other.test"}), resolver=resolving(["127.0.0.1"]))
    conn = connector(f"https://pinned.test:{port}/hook", egress, transport=httpx.HTTPTransport(verify=trust))
    conn.publish(PUB)
    assert names == ["pinned.test"] and handler.seen[0]["Host"] == f"pinned.test:{port}"
    wrong = connector(f"https://other.test:{port}/hook", egress, transport=httpx.HTTPTransport(verify=trust))
    with pytest.raises(TransientError):  # the certificate is not other.test's: refused, nothing sent
        wrong.publish(PUB)
    assert len(handler.seen) == 1


def test_an_international_name_is_checked_and_sent_in_its_idna_form() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    resolver = resolving([STUB_PUBLIC_ADDRESS])
    conn = connector(
        "https://hooks.bücher.example/x", Egress(resolver=resolver), transport=httpx.MockTransport(handler)
    )
    conn.preflight()
    conn.publish(PUB)
    assert resolver.calls == ["hooks.xn--bcher-kva.example"] * 2  # type: ignore[attr-defined]
    assert seen[0].extensions["sni_hostname"] == "hooks.xn--bcher-kva.example"
    assert seen[0].url.host == STUB_PUBLIC_ADDRESS
