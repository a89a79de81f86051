"""/v1/notifications and the delivery of an alert's notices on /v1/alerts: sent by the embedded runner's periodic
job (no call of the test's own), a failing channel's error shown without its URL, administrators only, one
organisation never seeing another's notices, a bad filter named."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from charte.connectors.base import ConnectorEnv, using
from charte.connectors.egress import Egress
from charte.listening.spikes import Spike
from charte.service import incoming, notifications, outbox_wake
from charte.service.demo import system
from charte.service.permissions import Role
from charte.store.models import NotificationOutbox
from charte.store.repositories import Store
from charte.workers.jobs import JobName
from charte.workers.runner import InProcessRunner
from tests.api.conftest import World, bearer
from tests.service.test_notifications import SECRET, Hook


@pytest.fixture()
def hooks() -> Iterator[tuple[Hook, Hook]]:
    good, bad = Hook(), Hook()
    bad.status = 500
    with using(ConnectorEnv(egress=Egress.from_setting("127.0.0.1/32"))):
        yield good, bad
    for hook in (good, bad):
        hook.server.shutdown()
        hook.server.server_close()


def _notices(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    r = client.get("/v1/notifications", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_an_alerts_notices_are_sent_by_the_embedded_job_and_shown(
    client: TestClient, world: World, hooks: tuple[Hook, Hook]
) -> None:
    good, bad = hooks
    root = system(world.a.org_id)
    world.run(lambda s: notifications.add_channel(s, root, name="chat", url=good.url()))
    world.run(lambda s: notifications.add_channel(s, root, name="broken", url=bad.url()))
    spike = Spike("negative", dt.datetime.now(dt.UTC), 300, 40, 2.0, 1e-9)
    world.run(lambda s: incoming.raise_spike(s, world.a.org_id, spike))
    admin = bearer(world.a.tokens[Role.ADMIN])
    [alert] = client.get("/v1/alerts", headers=admin).json()["items"]
    deadline = time.monotonic() + 30
    while True:  # the periodic ``notifications`` job of the app's own runner sends them
        items = _notices(client, admin, alert_id=alert["id"])["items"]
        if {(n["status"], n["last_error"] is not None) for n in items} == {
            ("sent", False),
            ("pending", True),
        }:
            break
        assert time.monotonic() < deadline, items
        time.sleep(0.2)
    assert len(good.received) == 1 and good.received[0]["body"]["title"] == alert["message"]
    waiting = next(n for n in items if n["status"] == "pending")
    assert (
        waiting["last_error"]
        and SECRET not in waiting["last_error"]
        and str(bad.port) not in waiting["last_error"]
    )
    [listed] = client.get("/v1/alerts", headers=admin).json()["items"]
    assert listed["delivery"] == {"pending": 1, "sent": 1, "failed": 0}
    assert SECRET not in client.get("/v1/notifications", headers=admin).text

    with (
        world.app.state.sessionmaker() as session
    ):  # given up after its last attempt (tests/service/test_outbox.py)
        session.execute(
            update(NotificationOutbox).where(NotificationOutbox.id == waiting["id"]).values(status="failed")
        )
        session.commit()
    [failed] = _notices(client, admin, status="failed")["items"]
    assert failed["id"] == waiting["id"] and failed["last_error"] == waiting["last_error"]
    assert client.get("/v1/alerts", headers=admin).json()["items"][0]["delivery"]["failed"] == 1

    assert _notices(client, bearer(world.b.tokens[Role.ADMIN]), alert_id=alert["id"])["total"] == 0
    for role in (Role.EMPLOYEE, Role.AUDITOR):
        r = client.get("/v1/notifications", headers=bearer(world.a.tokens[role]))
        assert r.status_code == 403
    r = client.get("/v1/notifications", params={"status": "lost"}, headers=admin)
    assert r.status_code == 422 and "status" in r.text


def test_an_alert_without_channels_has_no_delivery(client: TestClient, world: World) -> None:
    world.run(
        lambda s: incoming.raise_spike(
            s, world.b.org_id, Spike("crisis", dt.datetime.now(dt.UTC), 60, 9, 1.0, 1e-6)
        )
    )
    [alert] = client.get("/v1/alerts", headers=bearer(world.b.tokens[Role.ADMIN])).json()["items"]
    assert alert["delivery"] is None


def test_the_apps_runner_is_woken_by_a_commit_that_queued_a_notice(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the app runs, a commit that queued a notice makes its runner's ``notifications`` job due at once (the
    service tests show the notice then sent); once it has stopped, nothing is woken."""
    woken: list[tuple[InProcessRunner, object]] = []
    monkeypatch.setattr(InProcessRunner, "wake", lambda self, job: woken.append((self, job)))

    def queue(store: Store) -> None:
        outbox_wake.mark(store.session)  # what notifications.notify does once it has written a notice

    with TestClient(world.app, base_url="https://testserver"):
        runner = world.app.state.jobs
        world.run(queue)
        # only this app's runner counts: another test's app, still subscribed in this process, may be woken too
        assert [job for r, job in woken if r is runner] == [JobName.NOTIFICATIONS]
    world.run(queue)
    assert [job for r, job in woken if r is runner] == [JobName.NOTIFICATIONS]
