"""Celery in production: ``charte worker`` runs the same :mod:`charte.workers.jobs` fed by Redis or RabbitMQ.

Delivery is at-least-once (``acks_late``, ``reject_on_worker_lost``): a job whose worker dies is
given to another one, and the publication protocol makes the repeat harmless. Each worker also
runs the periodic jobs in a thread (``publish_due``), so no separate beat process is needed and
publications left by a dead worker are resumed once their lease runs out.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

from celery import Celery, Task
from celery.signals import worker_process_init, worker_ready, worker_shutdown

from charte.errors import safe_traceback
from charte.settings import Settings, load_settings
from charte.workers.context import build_context
from charte.workers.jobs import (
    JOBS,
    JobName,
    PeriodicSchedule,
    WorkerContext,
    job_name,
    periodic_intervals,
    run_job,
)

log = logging.getLogger("charte.jobs")
TASK_PREFIX = "charte."


def create_celery(settings: Settings) -> Celery:
    app = Celery("charte", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=settings.queue_name,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.broker_visibility_timeout,
            **({"global_keyprefix": settings.broker_key_prefix} if settings.broker_key_prefix else {}),
        },
        worker_hijack_root_logger=False,
    )
    for name in JOBS:
        _register(app, name)
    return app


def _register(app: Celery, name: JobName) -> None:
    def task(self: Task, **payload: Any) -> str:
        outcome = run_job(worker_context(), name, self.request.id or "-", payload)
        if outcome.retry_in is not None:
            raise self.retry(countdown=outcome.retry_in, max_retries=None)
        return outcome.status  # a failure is logged by the lifecycle; the database row says what happened

    # Registered by a call rather than ``@app.task``: Celery publishes no types, and a decorator typed Any
    # would erase this function's own signature for the type checker.
    app.task(name=TASK_PREFIX + name, bind=True, max_retries=None, shared=False)(task)  # this app only


_CONTEXT: WorkerContext | None = None
_APP: Celery | None = None
_LOCK = threading.Lock()


def worker_context() -> WorkerContext:
    global _CONTEXT
    with _LOCK:
        if _CONTEXT is None:
            _CONTEXT = build_context(load_settings())
            _CONTEXT.enqueue = celery_enqueue
        return _CONTEXT


def get_app() -> Celery:
    global _APP
    with _LOCK:
        if _APP is None:
            _APP = create_celery(load_settings())
        return _APP


def send(app: Celery, job: JobName | str, payload: Mapping[str, Any], delay: float = 0.0) -> None:
    """Hand a job to the broker; an unknown name raises :class:`~charte.errors.UnknownJob` before sending."""
    app.send_task(TASK_PREFIX + job_name(job), kwargs=dict(payload), countdown=delay or None)


def celery_enqueue(job: JobName | str, payload: Mapping[str, Any], delay: float = 0.0) -> None:
    """The worker's own queue (a periodic job queueing others)."""
    send(get_app(), job, payload, delay)


class CeleryQueue:
    """What ``charte serve`` uses with ``CHARTE_JOBS=celery``: jobs go to the broker, workers run them."""

    def __init__(self, settings: Settings) -> None:
        self.app = create_celery(settings)

    def enqueue(self, job: JobName | str, payload: Mapping[str, Any], delay: float = 0.0) -> None:
        send(self.app, job, payload, delay)


class _Ticker(threading.Thread):
    """Runs the periodic jobs in the worker process, on the schedule the embedded runner uses too."""

    def __init__(self, schedule: PeriodicSchedule) -> None:
        super().__init__(name="charte-ticker", daemon=True)
        self.schedule = schedule
        self.stopped = threading.Event()

    def run(self) -> None:
        while True:
            wait = self.schedule.seconds_to_next()
            if self.stopped.wait(1.0 if wait is None else min(1.0, wait)):
                return
            for name in self.schedule.take_due():
                try:
                    run_job(worker_context(), name, "tick", {})  # a failure is logged; next time is the retry
                except Exception as exc:  # no context (bad settings, database down): say so, keep ticking
                    log.error("periodic job %s could not start: %s", name, safe_traceback(exc))
                finally:
                    self.schedule.finished(name)


_TICKER: _Ticker | None = None
_LISTENING: Any = None  # the ingestion worker (charte.workers.listening), when this worker runs it


def _start_ticker(**_: Any) -> None:
    global _TICKER, _LISTENING
    settings = load_settings()
    overrides = {
        JobName.PUBLISH_DUE: settings.scheduler_interval_seconds,
        JobName.NOTIFICATIONS: settings.notify_interval_seconds,
    }
    _TICKER = _Ticker(PeriodicSchedule(periodic_intervals(overrides)))
    _TICKER.start()
    if settings.listening:  # every worker may: each source is read by the one holding its lease
        from charte.workers.listening import ListeningWorker

        _LISTENING = ListeningWorker(
            worker_context().factory,
            refresh_seconds=settings.listening_refresh_seconds,
            processes=settings.listening_processes,
        ).start()


def _stop_ticker(**_: Any) -> None:
    if _TICKER is not None:
        _TICKER.stopped.set()
    if _LISTENING is not None:
        _LISTENING.stop()


def _fresh_context(**_: Any) -> None:
    global _CONTEXT
    _CONTEXT = None  # a forked pool process opens its own connections


# Connected by calls, not decorators, for the same reason as the tasks above (Celery publishes no types).
worker_ready.connect(_start_ticker)
worker_shutdown.connect(_stop_ticker)
worker_process_init.connect(_fresh_context)
