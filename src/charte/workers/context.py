"""Build the jobs' context (database sessions, publisher) from the settings, once per process."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from charte.service.publishing import Backoff, Publisher
from charte.service.runtime import configure_process
from charte.settings import Settings
from charte.store.db import make_engine, make_sessionmaker
from charte.workers.jobs import WorkerContext


def build_context(settings: Settings, factory: sessionmaker[Session] | None = None) -> WorkerContext:
    configure_process(settings)  # the keys that open stored secrets, what connectors may reach
    if factory is None:
        factory = make_sessionmaker(make_engine(settings.database_url, pool_size=settings.db_pool_size))
    publisher = Publisher(
        factory,
        backoff=Backoff(base_seconds=settings.publish_backoff_seconds),
        lease=dt.timedelta(seconds=settings.publish_lease_seconds),
    )
    return WorkerContext(factory=factory, publisher=publisher, settings=settings)
