"""A publication refers to its target and reads the connector's parameters at each attempt (no copied secret)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, update
from sqlalchemy.orm import Session, sessionmaker

from charte.connectors.base import ConnectorEnv, using
from charte.connectors.memory import outbox
from charte.service.publishing import Backoff, Publisher, enqueue_publication
from charte.store.models import Base, PublicationRow, PublishTarget

FAST = Backoff(base_seconds=0.0, jitter=0.0)


@pytest.fixture()
def factory(tmp_path: Path) -> sessionmaker[Session]:
    engine = create_engine(f"sqlite:///{tmp_path / 'pub.db'}")
    Base.metadata.create_all(engine)
    return sessionmaker(engine, expire_on_commit=False)


def enqueue(factory: sessionmaker[Session], org_id: int = 1, name: str = "ref") -> tuple[int, int]:
    with factory() as s, s.begin():
        target = PublishTarget(org_id=org_id, name=name, connector="memory", params={"name": name})
        s.add(target)
        s.flush()
        return enqueue_publication(s, target=target, draft_id=None, content={"text": "t"}).id, target.id


def test_the_publication_row_has_no_parameters_of_its_own(factory: sessionmaker[Session]) -> None:
    columns = {c["name"] for c in inspect(factory.kw["bind"]).get_columns("publications")}
    assert "connector_params" not in columns and "target_id" in columns


def test_a_deleted_target_fails_its_pending_publication(factory: sessionmaker[Session]) -> None:
    pid, tid = enqueue(factory, name="deleted")
    with factory() as s, s.begin():
        s.delete(s.get(PublishTarget, tid))
    out = Publisher(factory, backoff=FAST).attempt(pid)
    assert out.status == "failed" and "publish target was deleted" in out.detail
    assert outbox("deleted", 1).calls == 0


def test_another_organisations_target_is_never_used(factory: sessionmaker[Session]) -> None:
    pid, _ = enqueue(factory, org_id=1, name="mine")
    _, theirs = enqueue(factory, org_id=2, name="theirs")
    with factory() as s, s.begin():
        s.execute(update(PublicationRow).where(PublicationRow.id == pid).values(target_id=theirs))
    out = Publisher(factory, backoff=FAST).attempt(pid)
    assert out.status == "failed" and outbox("theirs", 2).calls == 0 and outbox("theirs", 1).calls == 0


def test_a_connector_turned_off_fails_instead_of_sending(factory: sessionmaker[Session]) -> None:
    pid, _ = enqueue(factory, name="off")
    with using(ConnectorEnv(memory=False)):
        out = Publisher(factory, backoff=FAST).attempt(pid)
    assert out.status == "failed" and "cannot be used" in out.detail and outbox("off", 1).calls == 0
