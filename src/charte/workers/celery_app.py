"""Celery in production: ``charte worker`` runs the same :mod:`charte.workers.jobs` fed by Redis or RabbitMQ.

Delivery is at-least-once (``acks_late``, ``reject_on_worker_lost``): a job whose worker dies is
given to another one, and the publication protocol makes the repeat harmless. Each worker also
runs the periodic jobs in a thread (``publish_due``), so no separate beat process is needed and
publications left by a dead worker are resumed once their lease runs out.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from celery import Celery, Task
from celery.signals import worker_process_init, worker_ready, worker_shutdown

from charte.settings import Settings, load_settings
from charte.workers.context import build_context
from charte.workers.jobs import JOBS, JobFailed, RetryLater, WorkerContext, job_class

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
        broker_transport_options={"visibility_timeout": settings.broker_visibility_timeout,
                                  **({"global_keyprefix": settings.broker_key_prefix}
                                     if settings.broker_key_prefix else {})},
        worker_hijack_root_logger=False,
    )
    for name in JOBS:
        _register(app, name)
    return app


def _register(app: Celery, name: str) -> None:
    @app.task(name=TASK_PREFIX + name, bind=True, max_retries=None)
    def task(self: Task, **payload: Any) -> Any:
        try:
            return job_class(name)(worker_context()).execute(self.request.id or "-", payload)
        except RetryLater as retry:
            raise self.retry(countdown=retry.delay, max_retries=None) from None
        except JobFailed:
            return None  # logged with its traceback; the database row says what happened


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


def celery_enqueue(job: str, payload: Mapping[str, Any], delay: float = 0.0) -> None:
    job_class(job)
    get_app().send_task(TASK_PREFIX + job, kwargs=dict(payload), countdown=delay or None)


class CeleryQueue:
    """What ``charte serve`` uses with ``CHARTE_JOBS=celery``: jobs go to the broker, workers run them."""

    def __init__(self, settings: Settings) -> None:
        self.app = create_celery(settings)

    def enqueue(self, job: str, payload: Mapping[str, Any], delay: float = 0.0) -> None:
        job_class(job)
        self.app.send_task(TASK_PREFIX + job, kwargs=dict(payload), countdown=delay or None)


class _Ticker(threading.Thread):
    """Runs the periodic jobs in the worker process, each at its own interval."""

    def __init__(self, intervals: dict[str, float]) -> None:
        super().__init__(name="charte-ticker", daemon=True)
        self.intervals = intervals
        self.stopped = threading.Event()

    def run(self) -> None:
        due = {name: time.monotonic() + 1.0 for name in self.intervals}
        while not self.stopped.wait(min(1.0, *self.intervals.values())):
            for name, when in due.items():
                if time.monotonic() >= when:
                    due[name] = time.monotonic() + self.intervals[name]
                    with contextlib.suppress(JobFailed):  # logged; try again next time
                        job_class(name)(worker_context()).execute("tick", {})


_TICKER: _Ticker | None = None


@worker_ready.connect
def _start_ticker(**_: Any) -> None:
    global _TICKER
    intervals = {cls.name: cls.periodic_seconds for cls in JOBS.values() if cls.periodic_seconds}
    intervals["publish_due"] = load_settings().scheduler_interval_seconds
    _TICKER = _Ticker(intervals)
    _TICKER.start()


@worker_shutdown.connect
def _stop_ticker(**_: Any) -> None:
    if _TICKER is not None:
        _TICKER.stopped.set()


@worker_process_init.connect
def _fresh_context(**_: Any) -> None:
    global _CONTEXT
    _CONTEXT = None  # a forked pool process opens its own connections


