"""Build the jobs' context (database sessions, publisher) from the settings, once per process."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from charte.service.publishing import Backoff, Publisher
from charte.workers.config import WorkflowSettings
from charte.workers.jobs import WorkerContext


def build_context(settings: WorkflowSettings) -> WorkerContext:
    if settings.database_url.startswith("sqlite"):
        engine = create_engine(settings.database_url, connect_args={"timeout": 30, "check_same_thread": False})
    else:
        engine = create_engine(settings.database_url, pool_pre_ping=True)
    factory = sessionmaker(engine, expire_on_commit=False)
    publisher = Publisher(factory, backoff=Backoff(base_seconds=settings.publish_backoff_seconds),
                          lease=dt.timedelta(seconds=settings.publish_lease_seconds))
    return WorkerContext(factory=factory, publisher=publisher)
