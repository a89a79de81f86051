"""An organisation's listening signals on the store: its business calendar drives the SLA clock, its spike
detector survives a worker restart, one organisation's counts never reach another's (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from charte.listening.spikes import Spike
from charte.service import organisations, signals
from charte.service.demo import system
from charte.service.errors import Invalid, PermissionDenied
from charte.service.principal import Principal
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.repositories import Store

T0 = dt.datetime(2026, 3, 6, 15, 0, tzinfo=dt.UTC)  # a Friday, 16:00 in Paris


@pytest.fixture(scope="module")
def stores(database_url: str) -> Iterator[tuple[Any, Principal, Principal]]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    maker = make_sessionmaker(engine)
    with maker() as session:
        store = Store(session)
        a = organisations.create(store, "Alpha", "alpha-s")
        b = organisations.create(store, "Bravo", "bravo-s")
        session.commit()
    yield maker, system(a.id), system(b.id)
    engine.dispose()


def test_calendar_drives_the_sla_clock(stores: Any) -> None:
    maker, alpha, bravo = stores
    with maker() as session:
        store = Store(session)
        assert signals.sla_clock(store, alpha.org_id, T0, 120).due_at == T0 + dt.timedelta(minutes=120)
        signals.set_calendar(
            store,
            alpha,
            {
                "timezone": "Europe/Paris",
                "always_open": False,
                "hours": {"mon": ["09:00-17:00"], "fri": ["09:00-17:00"]},
            },
        )
        session.commit()
    with maker() as session:
        store = Store(session)
        clock = signals.sla_clock(store, alpha.org_id, T0, 120)
        assert clock.due_at == dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC)  # Monday 10:00 in Paris
        assert signals.sla_clock(store, bravo.org_id, T0, 120).due_at == T0 + dt.timedelta(minutes=120)


def test_bad_calendars_name_the_field(stores: Any) -> None:
    maker, alpha, _ = stores
    with maker() as session:
        store = Store(session)
        with pytest.raises(Invalid) as caught:
            signals.set_calendar(store, alpha, {"timezone": "Nowhere/Land", "hours": {"mon": ["9-5"]}})
        fields = {e.field: e.message for e in caught.value.errors}
        assert set(fields) == {"timezone", "hours"} and "hours.mon" in fields["hours"]
        assert "Nowhere/Land" in fields["timezone"]
        employee = Principal.of(1, alpha.org_id, "employee", "session")
        with pytest.raises(PermissionDenied):
            signals.set_calendar(store, employee, {})


def test_spike_state_survives_a_restart_and_stays_in_its_organisation(stores: Any) -> None:
    maker, alpha, bravo = stores
    at = T0 + dt.timedelta(days=30)
    with maker() as session:
        store = Store(session)
        watch = signals.SpikeWatch()
        items = [(("negative",), at + dt.timedelta(seconds=i)) for i in range(9)]
        assert watch.observe_batch(store, alpha.org_id, items, at + dt.timedelta(seconds=10)) == []
        assert watch.observe_batch(store, bravo.org_id, items, at + dt.timedelta(seconds=10)) == []
        session.commit()
    with maker() as session:  # a new worker
        store = Store(session)
        watch = signals.SpikeWatch()
        one = [(("negative",), at + dt.timedelta(seconds=20))]
        [spike] = watch.observe_batch(store, alpha.org_id, one, at + dt.timedelta(seconds=21))
        assert spike.observed == 10
        session.commit()
    with maker() as session:  # the cooldown was saved with the alert; bravo's counts were its own
        store = Store(session)
        watch = signals.SpikeWatch()
        more = [(("negative",), at + dt.timedelta(seconds=30))]
        assert watch.observe_batch(store, alpha.org_id, more, at + dt.timedelta(seconds=31)) == []
        [theirs] = watch.observe_batch(store, bravo.org_id, more + one, at + dt.timedelta(seconds=31))
        assert theirs.observed == 11


@pytest.mark.parametrize(("lang", "word"), [("en", "negative mentions"), ("fr", "mentions négatives")])
def test_spike_notification_has_counts_not_text(lang: str, word: str) -> None:
    spike = Spike("negative", T0, 300, 42, 3.2, 1e-9)
    message = signals.spike_notification(spike, lang)
    assert message.kind == "alert" and word in message.title and "42" in message.body and "5" in message.body
    keyword = signals.spike_notification(Spike("keyword:acme", T0, 3600, 80, 10.0, 1e-9), lang)
    assert "acme" in keyword.title


@pytest.mark.parametrize(("lang", "word"), [("en", "30 seconds"), ("fr", "30 dernières secondes")])
def test_a_short_window_spike_says_seconds(lang: str, word: str) -> None:
    message = signals.spike_notification(Spike("crisis", T0, 30, 9, 0.4, 1e-12), lang)
    assert word in message.body and "9" in message.body and "0.4" in message.body
