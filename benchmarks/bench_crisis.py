"""Crisis mode: the time from declaring a crisis to every scheduled post being paused, on SQLite and PostgreSQL.

1. A migrated database with one organisation (the demo policy), two brand accounts, ``POSTS`` approved drafts
   and their scheduled publications written straight into it in bulk (due over the next 30 days, half on each
   account), and as many of another organisation (which must stay untouched).
2. ``charte.service.crisis.declare`` as the admin, in one transaction, committed: the crisis row, its timeline
   entries, and the pause — one set-based UPDATE of the publications and one of their drafts, no loop. Timed
   from the call to the commit's return; then checked: every scheduled post of the organisation is ``paused``,
   none of the other organisation's is. Run ``RUNS`` times (each run ends the crisis, resuming every post in
   one statement, outside the timing).

``CHARTE_BENCH_CRISIS_POSTS`` sets the size (default 10,000; the target is ≤ 5 s at that size).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_api import _database

#: What this section measures (benchmarks/_measures.py): the service and the store over the demo policy.
MEASURES = ("@service", "@demo-policy", "benchmarks/bench_crisis.py", "benchmarks/bench_api.py")

POSTS = int(os.environ.get("CHARTE_BENCH_CRISIS_POSTS", "10000"))
RUNS = int(os.environ.get("CHARTE_BENCH_CRISIS_RUNS", "5"))
TARGET_S = 5.0
PASSWORD = "correct horse battery staple"


def _org(store: Any, slug: str) -> tuple[int, int, list[int], int]:
    from charte.cli.demo import demo_policy_text
    from charte.service import accounts, organisations, policies, users
    from charte.service.demo import system
    from charte.service.permissions import Role
    from charte.store.models import PublishTarget

    org = organisations.create(store, slug, slug).id
    root = system(org)
    policies.upload(store, root, demo_policy_text(), comment="bench", activate=True)
    admin = users.create(
        store, root, email=f"a@{slug}.example", display_name="A", role=Role.ADMIN, password=PASSWORD
    ).id
    ids = [
        accounts.create(
            store,
            root,
            platform="linkedin",
            handle=f"@{slug}{i}",
            display_name=None,
            owner_ids=[admin],
            poster_ids=[],
            two_factor_attested=True,
            last_rotation_at=None,
        ).id
        for i in range(2)
    ]
    target = PublishTarget(
        org_id=org, name="bench", connector="webhook", params={"url": "https://example.com/h"}
    )
    store.session.add(target)
    store.session.flush()
    return org, admin, ids, target.id


def _seed(url: str, count: int, now: dt.datetime) -> dict[str, Any]:
    from sqlalchemy import insert, select, update

    from charte.store import migrate
    from charte.store.db import make_engine, make_sessionmaker
    from charte.store.models import Draft, PublicationRow
    from charte.store.repositories import Store

    migrate.upgrade(url)
    engine = make_engine(url)
    orgs = []
    with make_sessionmaker(engine)() as session:
        store = Store(session)
        for slug in ("bench", "other"):
            orgs.append(_org(store, slug))
        session.commit()
    started = time.perf_counter()
    for org, admin, account_ids, target in orgs:
        with engine.begin() as conn:
            for start in range(0, count, 5_000):
                n = min(5_000, count - start)
                conn.execute(
                    insert(Draft),
                    [
                        {
                            "org_id": org,
                            "author_id": admin,
                            "last_editor_id": admin,
                            "text": f"Post {start + i}",
                            "platform": "linkedin",
                            "account_kind": "brand",
                            "account_id": account_ids[(start + i) % 2],
                            "status": "scheduled",
                            "version": 1,
                            "required_levels": 0,
                            "approved_levels": 0,
                            "verdict": "allow",
                            "decision": {},
                            "attachments": [],
                            "created_at": now,
                            "updated_at": now,
                        }
                        for i in range(n)
                    ],
                )
            draft_ids = list(conn.scalars(select(Draft.id).where(Draft.org_id == org).order_by(Draft.id)))
            for start in range(0, len(draft_ids), 5_000):
                conn.execute(
                    insert(PublicationRow),
                    [
                        {
                            "org_id": org,
                            "draft_id": d,
                            "idempotency_key": f"bench-{org}-{d}",
                            "connector": "webhook",
                            "target_id": target,
                            "account_id": account_ids[i % 2],
                            "content": {"text": f"Post {i}", "platform": "linkedin"},
                            "status": "scheduled",
                            "due_at": now + dt.timedelta(minutes=1 + (i * 4320) // max(1, count)),
                            "attempts": 0,
                            "max_attempts": 5,
                            "created_at": now,
                        }
                        for i, d in enumerate(draft_ids[start : start + 5_000], start)
                    ],
                )
            conn.execute(
                update(Draft)
                .where(Draft.org_id == org)
                .values(
                    publication_id=select(PublicationRow.id)
                    .where(PublicationRow.draft_id == Draft.id)
                    .scalar_subquery()
                )
            )
    if url.startswith("postgresql"):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE publications")
            conn.exec_driver_sql("VACUUM ANALYZE drafts")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    seeded = time.perf_counter() - started
    engine.dispose()
    return {"org": orgs[0][0], "admin": orgs[0][1], "other": orgs[1][0], "seed_seconds": seeded}


def _time(url: str, seed: dict[str, Any]) -> list[tuple[float, int]]:
    from sqlalchemy import func, select

    from charte.service import crisis
    from charte.service.demo import system
    from charte.service.permissions import Role
    from charte.service.principal import Principal
    from charte.store.db import make_engine, make_sessionmaker
    from charte.store.models import Draft, PublicationRow
    from charte.store.repositories import Store

    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    admin = Principal.of(seed["admin"], seed["org"], Role.ADMIN, "system")
    out = []
    for _ in range(RUNS):
        with factory() as session:
            started = time.perf_counter()
            row = crisis.declare(Store(session), admin, summary="bench")
            session.commit()
            elapsed = time.perf_counter() - started
            paused = row.paused_count
        with factory() as session:
            count = lambda *w: session.scalar(select(func.count()).where(*w)) or 0  # noqa: E731
            waiting = count(PublicationRow.org_id == seed["org"], PublicationRow.status != "paused")
            drafts = count(Draft.org_id == seed["org"], Draft.status != "paused")
            touched = count(PublicationRow.org_id == seed["other"], PublicationRow.status == "paused")
            if waiting or drafts or touched or paused != POSTS:
                raise RuntimeError(
                    f"not every post paused: {waiting} publications and {drafts} drafts left, "
                    f"{touched} of the other organisation paused, {paused} counted"
                )
        with factory() as session:  # back to scheduled for the next run (not timed)
            crisis.end(Store(session), system(seed["org"]), rest="resume")
            session.commit()
        out.append((elapsed, paused))
    engine.dispose()
    return out


def run() -> str:
    from charte.store import sealing

    sealing.configure(sealing.Keyring.generate())  # the publish targets' sealed parameters
    now = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1)
    rows, seeds = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in ("sqlite", "postgresql"):
            with _database(backend, Path(tmp)) as url:
                if url is None:
                    rows.append(f"| {backend} | (not reachable) | | | |")
                    continue
                seed = _seed(url, POSTS, now)
                seeds.append(f"{backend} {seed['seed_seconds']:.0f} s")
                runs = _time(url, seed)
                times = [t for t, _ in runs]
                worst = max(times)
                mark = "✓" if worst <= TARGET_S else f"✗ (target {TARGET_S:.0f} s)"
                rows.append(
                    f"| {backend} | {runs[0][1]:,} | {statistics.median(times):.2f} | {worst:.2f} | {mark} |"
                )
    return (
        "## Crisis mode: pausing every scheduled post\n\n"
        f"{POSTS:,} approved posts scheduled over the next 30 days on two brand accounts of one organisation, "
        f"and as many of another organisation (loading: {', '.join(seeds)}). The time is "
        "`charte.service.crisis.declare` as the admin through its commit: the crisis, its timeline in the "
        "audit record and the pause (one set-based UPDATE of the publications, one of their drafts). After "
        "each run every post of the organisation is checked paused and none of the other's; the crisis is "
        f"then ended (all resumed, not timed). {RUNS} runs.\n\n"
        "| backend | posts paused | median (s) | slowest (s) | |\n|---|---:|---:|---:|---|\n"
        + "\n".join(rows)
        + "\n"
    )


if __name__ == "__main__":
    print(run())
