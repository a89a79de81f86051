"""The embedded runner: the same jobs, run by a thread pool inside ``charte serve`` (no broker needed).

A scheduler thread keeps a heap of one-off jobs (due time, job) and asks the shared
:class:`~charte.workers.jobs.PeriodicSchedule` which periodic jobs are due. What happens after a run is
decided by the job's :class:`~charte.workers.jobs.Outcome`: a retry goes back on the heap after its delay.
State that must survive a restart (publications) is in the database, so a restart loses nothing: the periodic
``publish_due`` job finds whatever was in flight.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from charte.workers.jobs import (
    JobName,
    PeriodicSchedule,
    WorkerContext,
    job_name,
    periodic_intervals,
    run_job,
)


class InProcessRunner:
    def __init__(
        self,
        context: WorkerContext,
        threads: int = 2,
        periodic: bool = True,
        intervals: Mapping[str, float] | None = None,
    ) -> None:
        self.context = context
        self.context.enqueue = self.enqueue
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="charte-job")
        self.heap: list[tuple[float, int, JobName, dict[str, Any]]] = []
        self.counter = itertools.count()
        self.cond = threading.Condition()
        self.stopping = False
        # ``intervals``: job name -> seconds, overriding the job's own interval
        self.schedule = PeriodicSchedule(periodic_intervals(intervals)) if periodic else None
        self.thread = threading.Thread(target=self._loop, name="charte-scheduler", daemon=True)
        self.inflight = 0  # one-off jobs running

    def start(self) -> InProcessRunner:
        self.thread.start()
        return self

    def stop(self, wait: bool = True) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()
        self.thread.join(timeout=5)
        self.pool.shutdown(
            wait=wait, cancel_futures=True
        )  # queued jobs are dropped (the database keeps them)

    def enqueue(self, job: JobName | str, payload: Mapping[str, Any], delay: float = 0.0) -> None:
        """Queue a job; an unknown name raises :class:`~charte.errors.UnknownJob` here, not in a thread."""
        self._push(delay, job_name(job), dict(payload))

    def _push(self, delay: float, job: JobName, payload: dict[str, Any]) -> None:
        with self.cond:
            heapq.heappush(self.heap, (time.monotonic() + delay, next(self.counter), job, payload))
            self.cond.notify()

    def wake(self, job: JobName | str) -> None:
        """Run a periodic job now rather than at its next interval (``notifications`` after a commit that queued a
        notice: :mod:`charte.service.outbox_wake`). Wake-ups before it starts make one run; one during a run makes
        one more after it. Where this runner runs no periodic job (another process leads), the job is queued as a
        one-off, once however many wake-ups come before it starts: its work is claimed in the database, so
        it may run beside the leader's."""
        name = job_name(job)
        with self.cond:
            if self.stopping:
                return
            if self.schedule is not None and self.schedule.wake(name):
                self.cond.notify()
                return
            if any(queued == name for _, _, queued, _ in self.heap):
                return
            heapq.heappush(self.heap, (time.monotonic(), next(self.counter), name, {}))
            self.cond.notify()

    def idle(self) -> bool:
        """No one-off job waiting or running (for tests and graceful shutdown)."""
        with self.cond:
            return self.inflight == 0 and not self.heap

    def _wait(self) -> float | None:
        """Seconds until something is due (0: now), None when nothing is scheduled. Called under the lock."""
        waits = [self.heap[0][0] - time.monotonic()] if self.heap else []
        periodic = self.schedule.seconds_to_next() if self.schedule else None
        if periodic is not None:
            waits.append(periodic)
        return max(0.0, min(waits)) if waits else None

    def _loop(self) -> None:
        while True:
            with self.cond:
                while not self.stopping and (wait := self._wait()) != 0.0:
                    self.cond.wait(wait)
                if self.stopping:
                    return
                ready: list[tuple[JobName, dict[str, Any], bool]] = []
                while self.heap and self.heap[0][0] <= time.monotonic():
                    _, _, job, payload = heapq.heappop(self.heap)
                    ready.append((job, payload, False))
                if self.schedule is not None:
                    ready += [(job, {}, True) for job in self.schedule.take_due()]
                self.inflight += sum(1 for *_, periodic in ready if not periodic)
            for job, payload, periodic in ready:
                self.pool.submit(self._run, job, payload, periodic)

    def _run(self, job: JobName, payload: dict[str, Any], periodic: bool) -> None:
        try:
            outcome = run_job(self.context, job, uuid.uuid4().hex[:12], payload)
            if outcome.retry_in is not None:
                self._push(outcome.retry_in, job, payload)
        finally:
            with self.cond:
                if periodic and self.schedule is not None:
                    self.schedule.finished(job)
                else:
                    self.inflight -= 1
                self.cond.notify()
