"""The job base class owns the lifecycle (start, run, finish, failure with traceback, retry); jobs implement ``run``."""

from __future__ import annotations

import datetime as dt
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from sqlalchemy.orm import Session, sessionmaker

from charte.audit.store import AuditLog
from charte.errors import CharteError
from charte.service.publishing import RETRYING, Publisher

if TYPE_CHECKING:
    from charte.settings import Settings

log = logging.getLogger("charte.jobs")


class RetryLater(CharteError):
    """Raised by ``run`` to ask the runner to run the job again after ``delay`` seconds."""

    def __init__(self, delay: float, reason: str = "") -> None:
        self.delay = delay
        self.reason = reason
        super().__init__(f"retry in {delay:.1f} s: {reason}")


class JobFailed(CharteError):
    """A job raised something unexpected; the traceback has been logged (without user content)."""


class Enqueue(Protocol):
    def __call__(self, job: str, payload: Mapping[str, Any], delay: float = 0.0) -> None: ...


@dataclass
class WorkerContext:
    """What jobs need, built once per process."""

    factory: sessionmaker[Session]
    publisher: Publisher
    enqueue: Enqueue = field(default=lambda job, payload, delay=0.0: None)
    settings: Settings | None = None


class Job(ABC):
    """Subclasses set ``name`` (and ``periodic_seconds`` for a periodic job) and implement ``run``."""

    name: ClassVar[str]
    periodic_seconds: ClassVar[float | None] = None

    def __init__(self, context: WorkerContext) -> None:
        self.context = context

    @abstractmethod
    def run(self, **payload: Any) -> Any:
        """Do the work. Raise :class:`RetryLater` to be run again later."""

    def execute(self, job_id: str, payload: Mapping[str, Any]) -> Any:
        """Run once with logging and timing; unexpected errors are logged with their traceback."""
        started = time.perf_counter()
        log.debug("job %s %s started", self.name, job_id)
        try:
            result = self.run(**payload)
        except RetryLater as retry:
            log.info("job %s %s will retry in %.1f s", self.name, job_id, retry.delay)
            raise
        except Exception as exc:  # the lifecycle owner logs every failure once, then reports it
            log.exception("job %s %s failed after %.0f ms", self.name, job_id,
                          (time.perf_counter() - started) * 1000)
            raise JobFailed(f"job {self.name} {job_id} failed: {type(exc).__name__}") from exc
        log.debug("job %s %s finished in %.0f ms", self.name, job_id, (time.perf_counter() - started) * 1000)
        return result


class PublishJob(Job):
    """Attempt one publication; a replay of a finished one is a no-op."""

    name = "publish"

    def run(self, publication_id: int) -> str:
        outcome = self.context.publisher.attempt(int(publication_id))
        if outcome.status == RETRYING and outcome.retry_in is not None:
            raise RetryLater(outcome.retry_in, outcome.detail)
        return outcome.status


class DuePublicationsJob(Job):
    """Every few seconds: queue publications that are due (scheduled, retrying, or left by a dead worker)."""

    name = "publish_due"
    periodic_seconds = 5.0

    def run(self) -> int:
        ids = self.context.publisher.due()
        for pid in ids:
            self.context.enqueue(PublishJob.name, {"publication_id": pid})
        return len(ids)


class AuditRetentionJob(Job):
    """Once a day, when ``CHARTE_AUDIT_RETENTION_DAYS`` is set: prune old entries behind a signed checkpoint."""

    name = "audit_retention"
    periodic_seconds = 24 * 3600.0

    def run(self) -> int:
        settings = self.context.settings
        if settings is None or settings.audit_retention_days is None or settings.audit_key is None:
            return 0
        key = settings.audit_key.get_secret_value().encode()
        removed = 0
        with self.context.factory() as session, session.begin():
            log = AuditLog(session)
            for org in log.organisations():
                removed += log.prune(org, dt.timedelta(days=settings.audit_retention_days), key).removed
        return removed


JOBS: dict[str, type[Job]] = {cls.name: cls for cls in (PublishJob, DuePublicationsJob, AuditRetentionJob)}


def job_class(name: str) -> type[Job]:
    try:
        return JOBS[name]
    except KeyError:
        raise CharteError(f"unknown job {name!r}; known: {', '.join(sorted(JOBS))}") from None


JobFactory = Callable[[str], Job]
