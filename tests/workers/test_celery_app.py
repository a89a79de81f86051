"""The Celery backend without a broker: one task per registered job, unknown names refused before sending, and
the task carries out the lifecycle's outcome (a retry becomes Celery's retry; a failure is not re-raised)."""

from __future__ import annotations

from typing import Any

import pytest
from celery.exceptions import Retry

from charte.errors import UnknownJob
from charte.settings import load_settings
from charte.workers import celery_app
from charte.workers.jobs import JobName, Outcome


@pytest.fixture()
def app() -> Any:
    return celery_app.create_celery(load_settings(None, broker_url="memory://", queue_name="t"))


def test_one_task_per_job_and_unknown_names_refused(app: Any) -> None:
    assert {celery_app.TASK_PREFIX + name for name in JobName} <= set(app.tasks)
    with pytest.raises(UnknownJob, match="unknown job 'publsh'"):
        celery_app.send(app, "publsh", {"publication_id": 1})


@pytest.mark.parametrize(
    ("outcome", "raised"),
    [(Outcome("retry", retry_in=2.5), Retry), (Outcome("failed"), None), (Outcome("done", "sent"), None)],
)
def test_the_task_carries_out_the_outcome(
    app: Any, monkeypatch: pytest.MonkeyPatch, outcome: Outcome, raised: type[BaseException] | None
) -> None:
    calls: list[tuple[Any, ...]] = []

    def fake_run(context: object, name: JobName, job_id: str, payload: dict[str, Any]) -> Outcome:
        calls.append((name, payload))
        return outcome

    monkeypatch.setattr(celery_app, "run_job", fake_run)
    monkeypatch.setattr(celery_app, "worker_context", lambda: object())
    task = app.tasks[celery_app.TASK_PREFIX + JobName.PUBLISH]
    if raised is None:
        assert task.apply(kwargs={"publication_id": 7}).get() == outcome.status
    else:
        with pytest.raises(raised):
            task.apply(kwargs={"publication_id": 7}, throw=True).get()
    assert calls[0] == (JobName.PUBLISH, {"publication_id": 7})


def test_the_ticker_survives_a_failing_context_and_runs_the_schedule(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import logging
    import time

    from charte.workers.jobs import PeriodicSchedule

    ran: list[JobName] = []
    contexts = iter([RuntimeError("database down: password=hunter2")])

    def context() -> object:
        failure = next(contexts, None)
        if failure is not None:
            raise failure
        return object()

    monkeypatch.setattr(celery_app, "worker_context", context)
    monkeypatch.setattr(
        celery_app, "run_job", lambda ctx, name, job_id, payload: ran.append(name) or Outcome("done")
    )
    ticker = celery_app._Ticker(PeriodicSchedule({JobName.PUBLISH_DUE: 0.05}, first_in=0.0))
    with caplog.at_level(logging.ERROR, logger="charte.jobs"):
        ticker.start()
        deadline = time.monotonic() + 10
        while len(ran) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        ticker.stopped.set()
        ticker.join(timeout=5)
    assert ran[:2] == [JobName.PUBLISH_DUE, JobName.PUBLISH_DUE]  # the next ticks ran
    assert "periodic job publish_due could not start" in caplog.text and "hunter2" not in caplog.text
