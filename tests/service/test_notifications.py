"""Notifications through apprise to a local JSON webhook: delivery (through the outbox, after commit), failures
recorded (never raised), URLs sealed at rest and never logged, one organisation's channels never used for another,
bad URLs named (SQLite and PostgreSQL). The outbox's own guarantees are in test_outbox.py."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import text

from charte import i18n
from charte.connectors.base import ConnectorEnv, using
from charte.connectors.egress import Egress
from charte.service import notifications, organisations
from charte.service.demo import system
from charte.service.errors import Conflict, Invalid, NotFound, PermissionDenied
from charte.service.notifications import Notification
from charte.service.outbox import Deliverer
from charte.service.principal import Principal
from charte.service.publishing import Backoff
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.repositories import Store

SECRET = "s3cr3t-t0ken-do-not-leak"


class Hook:
    """A local HTTP server answering like a chat webhook; ``status`` sets its answer."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                hook.received.append(
                    {"path": self.path, "body": json.loads(self.rfile.read(length) or b"{}")}
                )
                self.send_response(hook.status)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hooks/{SECRET}"


@pytest.fixture()
def hook() -> Iterator[Hook]:
    server = Hook()
    with using(ConnectorEnv(egress=Egress.from_setting("127.0.0.1/32"))):
        yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture(scope="module")
def stores(database_url: str) -> Iterator[tuple[Store, Principal, Principal, Any]]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        store = Store(session)
        a = organisations.create(store, "Alpha", "alpha-n")
        b = organisations.create(store, "Bravo", "bravo-n")
        session.commit()
        yield store, system(a.id), system(b.id), factory
    engine.dispose()


ALERT = Notification(
    "alert", "Spike: negative mentions", "42 negative mentions in the last 5 minutes (expected 3)."
)


def test_an_alert_reaches_the_webhook_and_the_success_is_recorded(stores: Any, hook: Hook) -> None:
    store, alpha, _, factory = stores
    row = notifications.add_channel(store, alpha, name="chat", url=hook.url())
    assert row.kind == "json"
    assert notifications.notify(store, alpha.org_id, ALERT) == 1  # queued, not sent
    assert hook.received == []
    store.session.commit()
    assert Deliverer(factory).run().sent == 1
    assert hook.received[0]["path"] == f"/hooks/{SECRET}"
    body = hook.received[0]["body"]
    assert body["title"] == ALERT.title and body["message"] == ALERT.body and body["type"] == "warning"
    store.session.refresh(row)
    assert row.failures == 0 and row.last_success_at is not None and row.last_error is None
    notifications.delete_channel(store, alpha, row.id)
    store.session.commit()


def test_failures_are_recorded_never_raised_and_never_leak_the_url(
    stores: Any, hook: Hook, caplog: pytest.LogCaptureFixture
) -> None:
    store, alpha, _, factory = stores
    caplog.set_level(logging.DEBUG)
    row = notifications.add_channel(store, alpha, name="down", url=hook.url())
    hook.status = 500
    notifications.notify(store, alpha.org_id, ALERT)
    store.session.commit()
    later = [dt.datetime.now(dt.UTC)]
    deliverer = Deliverer(
        factory, max_attempts=2, backoff=Backoff(base_seconds=1, jitter=0), clock=lambda: later[0]
    )
    assert deliverer.run().retrying == 1
    store.session.refresh(row)
    assert row.failures == 1 and row.last_error
    first = row.last_error
    hook.server.shutdown()
    hook.server.server_close()  # connection refused now
    later[0] += dt.timedelta(seconds=2)
    assert deliverer.run().failed == 1
    store.session.refresh(row)
    assert row.failures == 2
    [notice] = store.outbox.list(alpha.org_id, status="failed", alert_id=None, limit=5, offset=0).items
    for said in (first, row.last_error, notice.last_error, caplog.text):
        assert SECRET not in (said or "") and str(hook.port) not in (said or "")
    assert f"channel {row.id}" in caplog.text  # the failure is logged by id
    notifications.delete_channel(store, alpha, row.id)
    store.session.commit()


def test_the_url_is_sealed_at_rest(stores: Any, hook: Hook) -> None:
    store, alpha, *_ = stores
    row = notifications.add_channel(store, alpha, name="sealed", url=hook.url())
    store.session.commit()
    stored = store.session.execute(
        text("SELECT url_sealed FROM notification_channels WHERE id = :id"), {"id": row.id}
    ).scalar_one()
    assert stored.startswith("fernet:") and SECRET not in stored
    notifications.delete_channel(store, alpha, row.id)
    store.session.commit()


def test_one_organisation_never_uses_or_sees_anothers_channels(stores: Any, hook: Hook) -> None:
    store, alpha, bravo, factory = stores
    row = notifications.add_channel(store, alpha, name="alpha only", url=hook.url())
    assert notifications.notify(store, bravo.org_id, ALERT) == 0
    store.session.commit()
    Deliverer(factory).run()
    assert hook.received == []
    assert notifications.list_channels(store, bravo) == []
    with (
        i18n.use_lang("fr"),
        pytest.raises(NotFound, match=f"^canal de notification {row.id} introuvable$") as no,
    ):
        notifications.delete_channel(store, bravo, row.id)
    assert no.value.what == "notification channel"  # for code, never translated
    with pytest.raises(NotFound):
        notifications.send_test(store, bravo, row.id)
    assert notifications.send_test(store, alpha, row.id).ok
    assert hook.received[0]["body"]["type"] == "info"
    notifications.delete_channel(store, alpha, row.id)
    store.session.commit()


@pytest.mark.parametrize(
    ("name", "url", "message"),
    [
        ("x", "not a url", "apprise"),
        ("x", "nosuchscheme://host/path", "apprise"),
        ("x", "", "1 to 2000"),
        ("", "json://127.0.0.1/x", "name"),
        ("x", "json://10.1.2.3/hook", "public address"),
    ],
)
def test_bad_channels_are_named(stores: Any, hook: Hook, name: str, url: str, message: str) -> None:
    store, alpha, *_ = stores
    with pytest.raises(Invalid, match=message) as caught:
        notifications.add_channel(store, alpha, name=name, url=url)
    assert caught.value.errors[0].field in ("url", "name")
    store.session.rollback()


def test_a_private_address_is_refused_without_the_allow_list(stores: Any) -> None:
    store, alpha, *_ = stores
    with pytest.raises(Invalid, match="url"):
        notifications.add_channel(store, alpha, name="internal", url="json://127.0.0.1:9/hook")
    store.session.rollback()


def test_duplicate_names_and_permissions(stores: Any, hook: Hook) -> None:
    store, alpha, *_ = stores
    row = notifications.add_channel(store, alpha, name="twice", url=hook.url())
    with pytest.raises(Conflict, match="named “twice” already exists"):
        notifications.add_channel(store, alpha, name="twice", url=hook.url())
    with (
        i18n.use_lang("fr"),
        pytest.raises(Conflict, match="un canal de notification nommé «\u00a0twice\u00a0»"),
    ):
        notifications.add_channel(store, alpha, name="twice", url=hook.url())
    employee = Principal.of(1, alpha.org_id, "employee", "session")
    with pytest.raises(PermissionDenied):
        notifications.add_channel(store, employee, name="mine", url=hook.url())
    with pytest.raises(PermissionDenied):
        notifications.list_channels(store, employee)
    notifications.delete_channel(store, alpha, row.id)
    store.session.commit()
