"""The jobs and the one lifecycle both backends share.

A job is a class with a ``run`` method, registered under a :class:`JobName` by the :func:`job` decorator when
this module is imported (the registry is read-only afterwards). :meth:`Job.execute` owns the lifecycle of one
run: start, run, finish, and the failure logged with its type and stack (never its message, which may carry
post text or a secret) — it returns an :class:`Outcome` instead of raising. The backends only carry out the
outcome: the embedded runner and Celery re-queue a retry after ``Outcome.retry_in``, and both run the periodic
jobs through the same :class:`PeriodicSchedule`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from charte.audit.store import AuditLog
from charte.errors import JobError, RetryLater, UnknownJob, safe_traceback
from charte.service import access_reviews, account_register, reminders
from charte.service.publishing import RETRYING, Publisher
from charte.store.repositories import Store

if TYPE_CHECKING:
    from charte.settings import Settings

log = logging.getLogger("charte.jobs")


class JobName(StrEnum):
    """Every job's name: what the queue carries (Celery's task is ``charte.<name>``)."""

    PUBLISH = "publish"
    PUBLISH_DUE = "publish_due"
    AUDIT_RETENTION = "audit_retention"
    ACCOUNT_SAFETY = "account_safety"
    POLICY_REMINDERS = "policy_reminders"
    SLA_NOTICES = "sla_notices"
    NOTIFICATIONS = "notifications"


class Enqueue(Protocol):
    def __call__(self, job: JobName | str, payload: Mapping[str, Any], delay: float = 0.0) -> None: ...


def _no_queue(job: JobName | str, payload: Mapping[str, Any], delay: float = 0.0) -> None:
    raise JobError(
        f"no queue is attached to this worker context: job {job!s} would be lost "
        "(start an InProcessRunner or use the Celery worker's context)"
    )


@dataclass
class WorkerContext:
    """What jobs need, built once per process. ``enqueue`` is set by the backend that runs the jobs; until
    then queueing a job is an error, never a silent drop."""

    factory: sessionmaker[Session]
    publisher: Publisher
    enqueue: Enqueue = field(default=_no_queue)
    settings: Settings | None = None


@dataclass(frozen=True)
class Outcome:
    """How one run ended: ``done`` (with the job's ``result``), ``retry`` (run again after ``retry_in``
    seconds) or ``failed`` (logged; the database row of the work says what happened)."""

    status: Literal["done", "retry", "failed"]
    result: Any = None
    retry_in: float | None = None


class Job(ABC):
    """Register a subclass with :func:`job` and implement ``run``; raise :class:`RetryLater` to run again."""

    name: ClassVar[JobName]
    periodic_seconds: ClassVar[float | None] = None

    def __init__(self, context: WorkerContext) -> None:
        self.context = context

    @abstractmethod
    def run(self, *args: Any, **payload: Any) -> Any:
        """Do the work with the payload's keys as keyword arguments (each job declares its own). Raise
        :class:`RetryLater` to be run again later."""

    def execute(self, job_id: str, payload: Mapping[str, Any]) -> Outcome:
        """Run once with logging and timing. Never raises (but for ``BaseException``s such as a shutdown)."""
        started = time.perf_counter()
        log.debug("job %s %s started", self.name, job_id)
        try:
            result = self.run(**payload)
        except RetryLater as retry:
            log.info("job %s %s will retry in %.1f s", self.name, job_id, retry.delay)
            return Outcome("retry", retry_in=max(0.0, retry.delay))
        except Exception as exc:  # the lifecycle owner records every failure once: type and stack, no message
            log.error(
                "job %s %s failed after %.0f ms: %s",
                self.name,
                job_id,
                (time.perf_counter() - started) * 1000,
                safe_traceback(exc),
            )
            return Outcome("failed")
        log.debug("job %s %s finished in %.0f ms", self.name, job_id, (time.perf_counter() - started) * 1000)
        return Outcome("done", result)


_REGISTRY: dict[JobName, type[Job]] = {}
JOBS: Mapping[JobName, type[Job]] = MappingProxyType(_REGISTRY)
"""Every registered job by name (read-only)."""
J = TypeVar("J", bound=type[Job])


def job(name: JobName, *, every: float | None = None) -> Callable[[J], J]:
    """Register a job class under ``name``; ``every`` seconds makes it periodic."""

    def register(cls: J) -> J:
        if name in _REGISTRY:
            raise JobError(
                f"job {name!s} is registered twice ({_REGISTRY[name].__qualname__}, {cls.__qualname__})"
            )
        cls.name, cls.periodic_seconds = name, every
        _REGISTRY[name] = cls
        return cls

    return register


def job_name(name: JobName | str) -> JobName:
    """The typed name, or :class:`UnknownJob` naming the known ones."""
    try:
        name = JobName(name)
    except ValueError:
        raise UnknownJob(str(name), list(_REGISTRY)) from None
    if name not in _REGISTRY:
        raise UnknownJob(str(name), list(_REGISTRY))
    return name


def job_class(name: JobName | str) -> type[Job]:
    return _REGISTRY[job_name(name)]


def run_job(context: WorkerContext, name: JobName | str, job_id: str, payload: Mapping[str, Any]) -> Outcome:
    """What every backend calls to run one job."""
    return job_class(name)(context).execute(job_id, payload)


def periodic_intervals(
    overrides: Mapping[JobName, float] | Mapping[str, float] | None = None,
) -> dict[JobName, float]:
    """Each periodic job's interval in seconds, ``overrides`` (by name) replacing the job's own."""
    overrides = {job_name(k): v for k, v in (overrides or {}).items()}
    return {
        name: overrides.get(name, cls.periodic_seconds or 0.0)
        for name, cls in _REGISTRY.items()
        if cls.periodic_seconds or name in overrides
    }


class PeriodicSchedule:
    """When each periodic job runs next: ``interval`` seconds after its previous run ended, so that a slow run
    is never overlapped by the next one. Used by the embedded runner and by each Celery worker."""

    def __init__(
        self,
        intervals: Mapping[JobName, float],
        first_in: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.intervals = dict(intervals)
        self.clock = clock
        self._next = {name: clock() + first_in for name in self.intervals}
        self._running: set[JobName] = set()
        self._again: set[JobName] = set()  # woken while running: due again as soon as the run ends
        self._lock = threading.Lock()

    def take_due(self) -> list[JobName]:
        """The jobs due now, marked running until :meth:`finished`."""
        now = self.clock()
        with self._lock:
            due = [n for n, when in self._next.items() if when <= now and n not in self._running]
            self._running.update(due)
        return due

    def finished(self, name: JobName) -> None:
        with self._lock:
            self._running.discard(name)
            again = name in self._again
            self._again.discard(name)
            self._next[name] = self.clock() + (0.0 if again else self.intervals[name])

    def wake(self, name: JobName) -> bool:
        """Make ``name`` due now, or, while it runs, due again as soon as that run ends (what it was woken for
        may have come after the run read the database); many wake-ups before it starts make one run. False
        when ``name`` is not scheduled here."""
        with self._lock:
            if name not in self._next:
                return False
            if name in self._running:
                self._again.add(name)
            else:
                self._next[name] = min(self._next[name], self.clock())
            return True

    def seconds_to_next(self) -> float | None:
        """Until the next job not already running is due (0 if one is), or None with nothing to wait for."""
        with self._lock:
            pending = [when for n, when in self._next.items() if n not in self._running]
        return max(0.0, min(pending) - self.clock()) if pending else None


# ------------------------------------------------------------------------------------------ the jobs


@job(JobName.PUBLISH)
class PublishJob(Job):
    """Attempt one publication; a replay of a finished one is a no-op."""

    def run(self, publication_id: int) -> str:
        outcome = self.context.publisher.attempt(int(publication_id))
        if outcome.status == RETRYING and outcome.retry_in is not None:
            raise RetryLater(outcome.retry_in, outcome.detail)
        return outcome.status


@job(JobName.PUBLISH_DUE, every=5.0)
class DuePublicationsJob(Job):
    """Every few seconds: queue publications that are due (scheduled, retrying, or left by a dead worker)."""

    def run(self) -> int:
        ids = self.context.publisher.due()
        for pid in ids:
            self.context.enqueue(JobName.PUBLISH, {"publication_id": pid})
        return len(ids)


@job(JobName.AUDIT_RETENTION, every=24 * 3600.0)
class AuditRetentionJob(Job):
    """Once a day, when ``CHARTE_AUDIT_RETENTION_DAYS`` is set: prune old entries behind a signed checkpoint."""

    def run(self) -> int:
        settings = self.context.settings
        if settings is None or settings.audit_retention_days is None or settings.audit_key is None:
            return 0
        key = settings.audit_key.get_secret_value().encode()
        removed = 0
        with self.context.factory() as session, session.begin():
            audit = AuditLog(session)
            for org in audit.organisations():
                removed += audit.prune(org, dt.timedelta(days=settings.audit_retention_days), key).removed
        return removed


@job(JobName.ACCOUNT_SAFETY, every=3600.0)
class AccountSafetyJob(Job):
    """Every hour: open the access reviews that fall due, escalate the late ones, remind owners of rotations
    due soon (docs/account-safety.md). Each organisation in its own transaction."""

    def run(self) -> dict[str, int]:
        totals = {"reviews_opened": 0, "reviews_escalated": 0, "rotation_reminders": 0}
        with self.context.factory() as session:
            orgs = Store(session).safety.organisation_ids()
        for org_id in orgs:
            now = dt.datetime.now(dt.UTC)
            with self.context.factory() as session, session.begin():
                store = Store(session)
                opened, escalated = access_reviews.sweep(store, org_id, now)
                totals["reviews_opened"] += opened
                totals["reviews_escalated"] += escalated
                totals["rotation_reminders"] += account_register.remind_rotations(store, org_id, now)
        return totals


@job(JobName.POLICY_REMINDERS, every=6 * 3600.0)
class PolicyRemindersJob(Job):
    """Every six hours: ask whoever has not acknowledged the active policy (a notice they see in Charte, and
    an e-mail when e-mail is set up), again every ``REMINDER_DAYS`` until they do (docs/acknowledgements.md)."""

    def run(self) -> int:
        made = 0
        with self.context.factory() as session, session.begin():
            made = reminders.run_all(Store(session))
        return made


@job(JobName.SLA_NOTICES, every=60.0)
class SlaNoticesJob(Job):
    """Every minute: remind the teams of answers due soon and escalate the late ones, once each."""

    def run(self) -> tuple[int, int]:
        from charte.service.incoming import send_sla_notices
        from charte.store.repositories import Store

        with self.context.factory() as session, session.begin():
            return send_sla_notices(Store(session), dt.datetime.now(dt.UTC))


@job(JobName.NOTIFICATIONS, every=5.0)
class NotificationsJob(Job):
    """Every few seconds: send the notices the outbox holds (written by alerts, SLA notices, crises…, in their
    own transactions, now committed), retry the failed ones whose backoff is over, and once an hour forget old
    ones (docs/listening-signals.md, "Notifications")."""

    PRUNE_EVERY: ClassVar[float] = 3600.0
    _pruned_at: ClassVar[float | None] = None

    def run(self) -> dict[str, int]:
        from charte.service.outbox import Deliverer
        from charte.service.publishing import Backoff

        settings = self.context.settings
        deliverer = Deliverer(self.context.factory)
        if settings is not None:
            deliverer.max_attempts = settings.notify_max_attempts
            deliverer.backoff = Backoff(base_seconds=settings.notify_backoff_seconds)
        report = deliverer.run()
        pruned = 0
        now = time.monotonic()
        if NotificationsJob._pruned_at is None or now - NotificationsJob._pruned_at >= self.PRUNE_EVERY:
            NotificationsJob._pruned_at = now
            pruned = deliverer.prune()
        return {"sent": report.sent, "retrying": report.retrying, "failed": report.failed, "pruned": pruned}
