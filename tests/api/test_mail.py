"""E-mail through ``CHARTE_MAIL_URL`` to a real SMTP server on the loopback (aiosmtpd): a password-reset link
asked for over the API arrives and works, a policy request reaches a person, a refusing or absent server makes
``send`` answer False without a traceback or the link in the logs, and a bad setting stops the start."""

from __future__ import annotations

import email
import email.policy
import logging
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi.testclient import TestClient

from charte.api import create_app
from charte.errors import SettingsError
from charte.service import delivery, reminders
from charte.service.notifications import SmtpMailer
from charte.service.permissions import Role
from charte.service.runtime import configure_process
from charte.settings import load_settings
from charte.store.db import make_engine
from charte.store.repositories import Store
from tests.api.conftest import PASSWORD, World

STRONG = "a much longer passphrase 2025!"
SENDER = "charte@alpha.example"


@dataclass
class Inbox:
    """An aiosmtpd handler: keeps what it accepts, or refuses every message with ``refuse``."""

    refuse: str | None = None
    received: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refuse:
            return self.refuse
        assert isinstance(envelope.content, bytes)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append((str(envelope.mail_from), list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for _sender, rcpts, message in self.received if rcpts == [address]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _smtp(inbox: Inbox) -> Iterator[str]:
    """A local SMTP server for ``inbox``; yields its ``CHARTE_MAIL_URL`` (plain SMTP, no login)."""
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"mailto://127.0.0.1:{port}?from={SENDER}"
    finally:
        controller.stop()


@pytest.fixture()
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture()
def mail_url(inbox: Inbox) -> Iterator[str]:
    yield from _smtp(inbox)


@pytest.fixture(autouse=True)
def _no_mailer_after() -> Iterator[None]:
    yield
    delivery.set_mailer(None)


def _link(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(r"https://testserver/reset-password\?token=(\S+)", body.get_content())
    assert found, "no reset link in the e-mail"
    return found.group(1)


def test_a_reset_link_asked_over_the_api_arrives_and_works(world: World, inbox: Inbox, mail_url: str) -> None:
    settings = load_settings(None, database_url=world.url, mail_url=mail_url)
    engine = make_engine(world.url)
    try:
        app = create_app(settings, engine=engine)  # plugs the mailer in, as `charte serve` does
        assert delivery.mailer() is not None
        client = TestClient(app, base_url="https://testserver", raise_server_exceptions=False)
        address = world.a.emails[Role.AUDITOR]
        asked = client.post("/v1/auth/password-reset/request", json={"email": address})
        assert asked.status_code == 202 and asked.json()["email_configured"] is True
        assert client.post(
            "/v1/auth/password-reset/request", json={"email": "ghost@alpha.example"}
        ).json() == (asked.json())
        (message,) = inbox.to(address)
        assert [sender for sender, _rcpts, _m in inbox.received] == [
            SENDER
        ]  # nothing for the unknown address
        assert message["Subject"] == "Reset your Charte password"
        token = _link(message)
        done = client.post("/v1/auth/password-reset/complete", json={"token": token, "new_password": STRONG})
        assert done.status_code == 204
        assert client.post("/v1/auth/login", json={"email": address, "password": PASSWORD}).status_code == 401
        assert client.post("/v1/auth/login", json={"email": address, "password": STRONG}).status_code == 200
    finally:
        engine.dispose()


def test_a_policy_request_reaches_each_person(world: World, inbox: Inbox, mail_url: str) -> None:
    configure_process(load_settings(None, database_url=world.url, mail_url=mail_url))
    assert world.run(reminders.run_all) > 0
    address = world.a.emails[Role.EMPLOYEE]
    (message,) = inbox.to(address)
    assert message["Subject"] == "Please read and acknowledge the social media policy"
    assert "/policy/acknowledge" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    with world.app.state.sessionmaker() as session:
        notices = Store(session).policy_notices.of_user(world.a.org_id, world.a.users[Role.EMPLOYEE])
        assert [(n.kind, n.emailed) for n in notices] == [("request", True)]


_SECRET_LINK = "https://charte.example/reset-password?token=SECRET-TOKEN-123"


@pytest.mark.parametrize("refuse", ["554 5.7.1 refused", None])
def test_a_failing_server_answers_false_and_logs_nothing_of_the_message(
    refuse: str | None, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = Inbox(refuse=refuse)
    servers = _smtp(inbox)
    url = next(servers) if refuse else f"mailto://127.0.0.1:{_free_port()}?from={SENDER}"  # nobody listens
    message = delivery.Message(
        "someone@alpha.example", "password_reset", "Reset", f"Open {_SECRET_LINK}", "en"
    )
    try:
        with caplog.at_level(logging.DEBUG):
            assert SmtpMailer(url).send(message) is False
    finally:
        servers.close()
    assert inbox.received == []
    ours = [r for r in caplog.records if not r.name.startswith("mail.log")]  # mail.log: the test's server
    said = "\n".join(r.getMessage() for r in ours) + "".join(capsys.readouterr())
    assert "SECRET-TOKEN" not in said and "someone@alpha.example" not in said and "Traceback" not in said
    assert all(record.exc_info is None for record in ours)
    assert any("password_reset message could not be sent" in record.getMessage() for record in ours)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("smtp://mail.example.org", "mailto:// or mailtos://"),
        ("mailtos://user:hunter2secret@mail.example.org", "from="),
        ("mailtos://user:hunter2secret@mail.example.org?from=nobody", "from="),
        ("mailtos://user:hunter2secret@mail.example.org?from=a@example.org&bcc=b@example.org", "recipients"),
        ("mailtos://user:hunter2secret@mail.example.org/b@example.org?from=a@example.org", "recipients"),
    ],
)
def test_a_bad_mail_url_stops_the_start_naming_the_setting(url: str, says: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(None, mail_url=url)
    assert "CHARTE_MAIL_URL" in str(caught.value) and says in str(caught.value)
    assert "hunter2secret" not in str(caught.value)


def test_a_mail_url_apprise_refuses_stops_the_start() -> None:
    settings = load_settings(
        None, mail_url="mailtos://user:hunter2secret@mail.example.org?from=a@example.org&mode=rot13"
    )
    with pytest.raises(SettingsError) as caught:
        configure_process(settings)
    assert "CHARTE_MAIL_URL" in str(caught.value) and "hunter2secret" not in str(caught.value)
    assert delivery.mailer() is None
