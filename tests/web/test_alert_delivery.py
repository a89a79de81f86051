"""The alerts page says how many of each alert's notices reached the notification channels, wait or were given
up (English and French); an alert raised with no channel set up says nothing of it."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi import FastAPI

from charte.connectors.base import ConnectorEnv, using
from charte.connectors.egress import Egress
from charte.listening.spikes import Spike
from charte.service import demo, incoming, notifications
from charte.store.repositories import Store
from tests.web._two_orgs import signed_in, two_org_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return two_org_app(tmp_path_factory, "alert-delivery")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Notices: 0 sent, 1 waiting, 0 failed"),
        ("fr", "Avis aux canaux\u00a0: 0 envoyés, 1 en attente, 0 en échec"),
    ],
)
def test_the_alerts_page_shows_the_delivery_of_each_alerts_notices(
    app: FastAPI, lang: str, said: str
) -> None:
    with app.state.sessionmaker() as session:
        store = Store(session)
        org = store.organisations.by_slug(demo.DEMO_SLUG)
        assert org is not None
        if not store.notification_channels.list(org.id):
            with using(ConnectorEnv(egress=Egress.from_setting("127.0.0.1/32"))):
                notifications.add_channel(store, demo.system(org.id), name="chat", url="json://127.0.0.1:9/x")
        spike = Spike("negative", dt.datetime.now(dt.UTC), 300, 40, 2.0, 1e-9)
        incoming.raise_spike(store, org.id, spike)
        session.commit()
    # the app's runner may try it meanwhile: nothing listens on port 9 (and the egress guard refuses it), so it
    # stays waiting for its next attempt
    admin, _ = signed_in(app, "admin@acme.example", lang, demo.DEMO_PASSWORD, follow_redirects=False)
    page = admin.get("/alerts").text
    assert said in page.replace("&nbsp;", "\u00a0")
