"""The periodic ``policy_reminders`` job: one notice per person not up to date, through the job lifecycle."""

from __future__ import annotations

from pathlib import Path

from charte.cli.demo import demo_policy_text
from charte.service import demo
from charte.service.publishing import Publisher
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.repositories import Store
from charte.workers.jobs import JobName, PolicyRemindersJob, WorkerContext, run_job


def test_the_job_records_notices_once_per_interval(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    migrate.upgrade(url)
    factory = make_sessionmaker(make_engine(url))
    with factory() as session:
        demo.seed(Store(session), demo_policy_text())
        session.commit()
    context = WorkerContext(factory, Publisher(factory))
    assert PolicyRemindersJob.periodic_seconds == 6 * 3600
    outcome = run_job(context, JobName.POLICY_REMINDERS, "1", {})
    assert (outcome.status, outcome.result) == ("done", len(demo.DEMO_USERS))
    assert run_job(context, JobName.POLICY_REMINDERS, "2", {}).result == 0  # not again within the interval
    with factory() as session:
        store = Store(session)
        user = store.users.by_email("employee@acme.example")
        assert user is not None
        assert [n.kind for n in store.policy_notices.of_user(user.org_id, user.id)] == ["request"]


def test_the_request_is_e_mailed_in_the_language_each_person_chose(tmp_path: Path) -> None:
    from charte.service import delivery

    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    migrate.upgrade(url)
    factory = make_sessionmaker(make_engine(url))
    with factory() as session:
        demo.seed(Store(session), demo_policy_text())
        user = Store(session).users.by_email("employee@acme.example")
        assert user is not None
        user.language = "fr"
        session.commit()
    sent: list[delivery.Message] = []

    class Box:
        def send(self, message: delivery.Message) -> bool:
            sent.append(message)
            return True

    delivery.set_mailer(Box())
    try:
        run_job(WorkerContext(factory, Publisher(factory)), JobName.POLICY_REMINDERS, "1", {})
    finally:
        delivery.set_mailer(None)
    by_to = {m.to: m for m in sent}
    assert by_to["employee@acme.example"].lang == "fr"
    assert by_to["employee@acme.example"].subject.startswith("Merci de lire")
    assert {m.lang for t, m in by_to.items() if t != "employee@acme.example"} == {"en"}
