"""The dashboard's figures from real drafts, checks and approvals (SQLite and PostgreSQL): counts by day and
verdict, rules grouped by clause, the approval lead time from submission to approval, the period's bounds,
who may see them, and that another organisation's activity never counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from charte.audit.store import AuditLog
from charte.cli.demo import demo_policy_text
from charte.service import approvals, dashboard, drafts, organisations, policies, users
from charte.service.demo import system
from charte.service.engines import EngineCache
from charte.service.errors import Invalid, PermissionDenied
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.repositories import Store

PASSWORD = "correct horse battery staple 42"
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)  # a Monday


@dataclass
class Clock:
    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Org:
    author: Principal
    approver: Principal
    employee: Principal


def _org(store: Store, slug: str) -> Org:
    org = organisations.create(store, f"{slug} org", slug)
    root = system(org.id)
    people = {
        role: users.create(
            store,
            root,
            email=f"{role.value}@{slug}.example",
            display_name=role.value,
            role=role,
            password=PASSWORD,
        )
        for role in (Role.SPOKESPERSON, Role.APPROVER, Role.EMPLOYEE)
    }
    policies.upload(store, root, demo_policy_text(), activate=True)
    return Org(
        *(
            Principal.of(people[r].id, org.id, r, "system")
            for r in (Role.SPOKESPERSON, Role.APPROVER, Role.EMPLOYEE)
        )
    )


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[tuple[Callable[[], Store], Org, Org, Clock]]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    maker = make_sessionmaker(engine)
    clock = Clock(T0)
    defaults = AuditLog.__init__.__defaults__
    AuditLog.__init__.__defaults__ = (clock,)  # the record's timestamps follow the test's clock
    try:
        with maker() as session:
            store = Store(session)
            a, b = _org(store, "alpha"), _org(store, "bravo")
            cache = EngineCache()

            def draft(org: Org, text: str, at: dt.datetime) -> int:
                clock.now = at
                return drafts.create(
                    store,
                    org.author,
                    cache,
                    drafts.DraftInput(text, "linkedin", account_kind="personal", lang="fr"),
                    now=at,
                ).id

            def submit_and_approve(
                org: Org, draft_id: int, submitted: dt.datetime, approved: dt.datetime
            ) -> None:
                clock.now = submitted
                drafts.submit(store, org.author, cache, draft_id, now=submitted)
                clock.now = approved
                approvals.approve(store, org.approver, cache, draft_id, now=approved)

            day = dt.timedelta(days=1)
            # Alpha: day 0, two checks (allow, review); day 1, one block; day 3, a review approved 5 h after.
            draft(a, "Belle journée à tous", T0)
            first = draft(a, "Appelez le client au 06 12 34 56 78", T0 + dt.timedelta(hours=1))
            draft(a, "Le projet Phénix sort lundi", T0 + day)
            second = draft(a, "Nous annonçons un nouveau produit", T0 + 3 * day)
            submit_and_approve(a, first, T0 + 2 * day, T0 + 2 * day + dt.timedelta(hours=2))
            submit_and_approve(a, second, T0 + 3 * day, T0 + 3 * day + dt.timedelta(hours=5))
            # Bravo: plenty of activity that must not show in Alpha's figures.
            for i in range(5):
                draft(b, "Le projet Phénix sort lundi", T0 + dt.timedelta(minutes=i))
            session.commit()
        opened: list[Store] = []

        def fresh() -> Store:
            opened.append(Store(maker()))
            return opened[-1]

        yield (fresh, a, b, clock)
        for each in opened:
            each.session.close()
    finally:
        AuditLog.__init__.__defaults__ = defaults
        engine.dispose()


def test_checks_by_day_and_verdict(world: tuple[Callable[[], Store], Org, Org, Clock]) -> None:
    store, a, _b, _clock = world
    board = dashboard.build(store(), a.approver, T0.date(), T0.date() + dt.timedelta(days=7))
    assert board.granularity == "day" and len(board.buckets) == 7
    by = {s.key: s.values for s in board.checks}
    # A draft is checked when written; submitting it under the same policy does not check it again.
    assert by == {
        "allow": (1, 0, 0, 0, 0, 0, 0),
        "review": (1, 0, 0, 1, 0, 0, 0),
        "block": (0, 1, 0, 0, 0, 0, 0),
    }
    assert board.total_checks == sum(sum(v) for v in by.values())
    assert sum(by["block"]) == 1  # Bravo's five blocked posts are not Alpha's


def test_findings_by_clause_and_top_rules(world: tuple[Callable[[], Store], Org, Org, Clock]) -> None:
    store, a, _b, _clock = world
    board = dashboard.build(store(), a.approver, T0.date(), T0.date() + dt.timedelta(days=7), lang="fr")
    top = {t.rule_id: t for t in board.top_findings}
    assert set(top) == {"pii.contact-details", "confidential.terms-and-markers", "spokesperson.statements"}
    assert top["confidential.terms-and-markers"].count == 1
    assert top["confidential.terms-and-markers"].clause == "5.2"
    assert top["confidential.terms-and-markers"].clause_title == "Informations confidentielles"
    clauses = {s.key: s for s in board.clauses}
    assert clauses["5.2"].values[1] == 1 and clauses["5.2"].label.startswith("5.2 ")
    assert sum(clauses[top["pii.contact-details"].clause].values) == top["pii.contact-details"].count


def test_approval_lead_time_from_the_submission(world: tuple[Callable[[], Store], Org, Org, Clock]) -> None:
    store, a, _b, _clock = world
    board = dashboard.build(store(), a.approver, T0.date(), T0.date() + dt.timedelta(days=7))
    lead = board.lead_time
    assert lead.approved == 2
    assert lead.median_hours == pytest.approx(3.5) and lead.p90_hours == pytest.approx(4.7)
    assert lead.by_bucket[2] == pytest.approx(2.0) and lead.by_bucket[3] == pytest.approx(5.0)
    assert lead.by_bucket[0] is None


def test_a_long_period_is_shown_week_by_week(world: tuple[Callable[[], Store], Org, Org, Clock]) -> None:
    store, a, _b, _clock = world
    board = dashboard.build(
        store(), a.approver, T0.date() - dt.timedelta(days=60), T0.date() + dt.timedelta(days=30)
    )
    assert board.granularity == "week" and all(b.weekday() == 0 for b in board.buckets)
    week = board.buckets.index(T0.date())
    assert sum(s.values[week] for s in board.checks) == board.total_checks  # all of Alpha's checks that week


def test_bad_periods_name_the_field(world: tuple[Callable[[], Store], Org, Org, Clock]) -> None:
    store, a, _b, _clock = world
    with pytest.raises(Invalid) as backwards:
        dashboard.build(store(), a.approver, T0.date(), T0.date() - dt.timedelta(days=1))
    assert backwards.value.errors[0].field == "since"
    with pytest.raises(Invalid) as too_long:
        dashboard.build(store(), a.approver, T0.date() - dt.timedelta(days=400), T0.date())
    assert "366" in too_long.value.errors[0].message


def test_an_employee_may_not_see_the_dashboard(world: tuple[Callable[[], Store], Org, Org, Clock]) -> None:
    store, a, _b, _clock = world
    with pytest.raises(PermissionDenied) as denied:
        dashboard.build(store(), a.employee)
    assert denied.value.permission == "metrics:read"


def test_closed_days_come_from_the_cache_and_today_from_the_database(
    world: tuple[Callable[[], Store], Org, Org, Clock],
) -> None:
    store, a, _b, _clock = world
    now = T0 + dt.timedelta(days=3, hours=6)  # "today" is day 3 (Thursday); days 0-2 are over
    cache = dashboard.DayCache()
    first = dashboard.build(
        store(), a.approver, T0.date(), T0.date() + dt.timedelta(days=4), cache=cache, now=now
    )
    asked: list[tuple[dt.datetime, dt.datetime]] = []
    again = store()
    real = again.metrics.checks_by_day

    def spy(org_id: int, since: dt.datetime, until: dt.datetime) -> list[dashboard.DayCount]:
        asked.append((since, until))
        return real(org_id, since, until)

    again.metrics.checks_by_day = spy  # type: ignore[method-assign]
    second = dashboard.build(
        again, a.approver, T0.date(), T0.date() + dt.timedelta(days=4), cache=cache, now=now
    )
    assert second.checks == first.checks
    assert asked == [(T0.replace(hour=0) + dt.timedelta(days=3), T0.replace(hour=0) + dt.timedelta(days=4))]
