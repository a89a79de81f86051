"""The embedded runner: the same jobs, run by a thread pool inside ``charte serve`` (no broker needed).

A small scheduler thread keeps a heap of (due time, job); periodic jobs put themselves back.
Retries requested with :class:`RetryLater` are re-queued after their delay. State that must
survive a restart (publications) is in the database, so a restart loses nothing: the periodic
``publish_due`` job finds whatever was in flight.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from charte.workers.jobs import JOBS, JobFailed, RetryLater, WorkerContext, job_class

log = logging.getLogger("charte.jobs")


class InProcessRunner:
    def __init__(self, context: WorkerContext, threads: int = 2, periodic: bool = True,
                 intervals: dict[str, float] | None = None) -> None:
        self.context = context
        self.context.enqueue = self.enqueue
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="charte-job")
        self.heap: list[tuple[float, int, str, dict[str, Any], bool]] = []
        self.counter = itertools.count()
        self.cond = threading.Condition()
        self.stopping = False
        self.periodic = periodic
        self.intervals = intervals or {}  # job name -> seconds, overriding the job's own interval
        self.thread = threading.Thread(target=self._loop, name="charte-scheduler", daemon=True)
        self.inflight = 0

    def start(self) -> InProcessRunner:
        if self.periodic:
            for cls in JOBS.values():
                if cls.periodic_seconds:
                    self._push(1.0, cls.name, {}, periodic=True)
        self.thread.start()
        return self

    def stop(self, wait: bool = True) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()
        self.thread.join(timeout=5)
        self.pool.shutdown(wait=wait, cancel_futures=True)  # queued jobs are dropped (the database keeps them)

    def enqueue(self, job: str, payload: Mapping[str, Any], delay: float = 0.0) -> None:
        job_class(job)  # fail now on an unknown name
        self._push(delay, job, dict(payload), periodic=False)

    def _push(self, delay: float, job: str, payload: dict[str, Any], periodic: bool) -> None:
        with self.cond:
            heapq.heappush(self.heap, (time.monotonic() + delay, next(self.counter), job, payload, periodic))
            self.cond.notify()

    def idle(self) -> bool:
        """No non-periodic job waiting or running (for tests and graceful shutdown)."""
        with self.cond:
            return self.inflight == 0 and not any(not item[4] for item in self.heap)

    def _loop(self) -> None:
        while True:
            with self.cond:
                while not self.stopping and (not self.heap or self.heap[0][0] > time.monotonic()):
                    timeout = self.heap[0][0] - time.monotonic() if self.heap else None
                    self.cond.wait(timeout)
                if self.stopping:
                    return
                _, _, job, payload, periodic = heapq.heappop(self.heap)
                self.inflight += 1
            self.pool.submit(self._run, job, payload, periodic)

    def _run(self, job: str, payload: dict[str, Any], periodic: bool) -> None:
        cls = job_class(job)
        try:
            cls(self.context).execute(uuid.uuid4().hex[:12], payload)
        except RetryLater as retry:
            self._push(retry.delay, job, payload, periodic=False)
        except JobFailed:
            pass  # logged with its traceback by Job.execute
        finally:
            with self.cond:
                self.inflight -= 1
            if periodic and not self.stopping and cls.periodic_seconds:
                self._push(self.intervals.get(job, cls.periodic_seconds), job, {}, periodic=True)
