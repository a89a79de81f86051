"""The inbox: query times with many stored mentions, on SQLite and PostgreSQL.

1. A migrated database with one organisation (the demo policy's teams) and ``MENTIONS`` mentions written
   straight into it in bulk: received over the last 90 days, spread over five teams, four statuses, five
   intents, three sentiments, two languages and two sources, a few assigned.
2. The inbox's queries through the service (``charte.service.mentions.list_mentions``: the permission check,
   the team restriction and the keyset page of 50), each run ``RUNS`` times: newest first as an admin; one
   team's new mentions as a member of that team; complaints by deadline; a text search within a team; the
   20th page by keyset cursor; one week of negative mentions; a search for a word in one mention only; a
   common text by deadline; two characters found nowhere (on SQLite, a page reads at most
   ``charte.store.repositories.listening.SCAN_BOUND`` mentions: that page is empty, with a cursor).

On SQLite the mentions' full-text index (migration 0022) is kept by triggers as the rows are loaded, which is
most of the loading time there.

``CHARTE_BENCH_INBOX_MENTIONS`` sets the size (default 1,000,000; the section below says which was run);
``CHARTE_BENCH_INBOX_BACKENDS`` the backends (default ``sqlite,postgresql``).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_api import _database

#: What this section measures (benchmarks/_measures.py): the service and the store over the demo policy.
MEASURES = ("@service", "@demo-policy", "benchmarks/bench_inbox.py", "benchmarks/bench_api.py")

MENTIONS = int(os.environ.get("CHARTE_BENCH_INBOX_MENTIONS", "1000000"))
RUNS = int(os.environ.get("CHARTE_BENCH_INBOX_RUNS", "50"))
#: The backends measured, comma-separated (a 1,000,000-mention load takes minutes on each).
BACKENDS = tuple(
    b.strip()
    for b in os.environ.get("CHARTE_BENCH_INBOX_BACKENDS", "sqlite,postgresql").split(",")
    if b.strip()
)
TARGET_MS = 100
TEAMS = ("crisis", "care", "pr", "social", "approval")
STATUSES = ("new", "assigned", "answered", "closed")
INTENTS = ("complaint", "question", "praise", "crisis", "other")
WORDS = ("colis", "remboursement", "appli", "agence", "carte", "delivery", "refund", "branch", "card", "fees")


def _seed(url: str, count: int, now: dt.datetime) -> dict[str, Any]:
    from sqlalchemy import insert

    from charte.cli.demo import demo_policy_text
    from charte.service import organisations, policies, sources, users
    from charte.service.demo import system
    from charte.service.permissions import Role
    from charte.store import migrate
    from charte.store.db import make_engine, make_sessionmaker
    from charte.store.models import Mention
    from charte.store.repositories import Store

    migrate.upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        store = Store(session)
        org = organisations.create(store, "Bench", "bench").id
        policies.upload(store, system(org), demo_policy_text(), comment="bench", activate=True)
        admin = users.create(
            store,
            system(org),
            email="a@bench.example",
            display_name="A",
            role=Role.ADMIN,
            password="correct horse battery staple",
        )
        member = users.create(
            store,
            system(org),
            email="c@bench.example",
            display_name="C",
            role=Role.SPOKESPERSON,
            password="correct horse battery staple",
        )
        store.teams.set_members(store.teams.by_key(org, "care"), [member.id])
        ids = [
            sources.create_source(store, system(org), kind=k, name=k, settings=s, secret=None).id
            for k, s in (("rss", {"url": "https://example.com/f"}), ("import", {}))
        ]
        session.commit()
    rng = random.Random(20261207)
    span = 90 * 86_400
    started = time.perf_counter()
    with engine.begin() as conn:
        batch: list[dict[str, Any]] = []
        for i in range(count):
            received = now - dt.timedelta(seconds=rng.randrange(span))
            team = rng.choice(TEAMS)
            words = " ".join(rng.choice(WORDS) for _ in range(8))
            batch.append(
                {
                    "org_id": org,
                    "source_id": ids[i % 2],
                    "external_id": f"m{i}",
                    "text": f"mention {i}: {words}",
                    "author_handle": f"@user{rng.randrange(50_000)}",
                    "author_name": "",
                    "url": None,
                    "in_reply_to": None,
                    "created_at": received,
                    "received_at": received,
                    "language": rng.choice(("fr", "en")),
                    "toxicity": round(rng.random(), 3),
                    "sentiment": rng.choice(("negative", "neutral", "positive")),
                    "intent": rng.choice(INTENTS),
                    "verdict": "allow",
                    "findings": [],
                    "team": team,
                    "priority": "normal",
                    "due_at": received + dt.timedelta(minutes=120),
                    "status": rng.choice(STATUSES),
                    "assignee_id": member.id if rng.random() < 0.05 else None,
                    "truncated": False,
                    "updated_at": received,
                }
            )
            if len(batch) == 10_000:
                conn.execute(insert(Mention), batch)
                batch = []
        if batch:
            conn.execute(insert(Mention), batch)
    if url.startswith("postgresql"):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE mentions")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    seeded = time.perf_counter() - started
    engine.dispose()
    return {"org": org, "admin": admin.id, "member": member.id, "seed_seconds": seeded, "rare": count // 2}


def _queries(seed: dict[str, Any], now: dt.datetime) -> list[tuple[str, str, Any]]:
    from charte.store.repositories.listening import MentionQuery

    week = now - dt.timedelta(days=7)
    return [
        ("newest first (admin: every mention)", "admin", MentionQuery()),
        ("one team's new mentions (a member of the team)", "member", MentionQuery(status="new")),
        ("complaints by deadline (admin)", "admin", MentionQuery(intent="complaint", sort="due")),
        ("text search within a team (a member)", "member", MentionQuery(q="remboursement refund")),
        # One mention in the whole inbox: without an index, every row of the organisation is read.
        ("text search, a rare word (admin)", "admin", MentionQuery(q=f"mention {seed['rare']}:")),
        ("page 20 by keyset cursor (admin)", "admin-page20", MentionQuery()),
        ("one week of negative mentions (admin)", "admin", MentionQuery(sentiment="negative", since=week)),
        ("text search by deadline (admin)", "admin", MentionQuery(q="remboursement refund", sort="due")),
        # Two characters, found nowhere: no trigram; SQLite reads a bounded window per page (PostgreSQL scans).
        ("two characters found nowhere (admin)", "admin", MentionQuery(q="zq")),
    ]


def _time(url: str, seed: dict[str, Any], now: dt.datetime) -> list[tuple[str, list[float], int]]:
    from charte.service import mentions
    from charte.service.permissions import Role
    from charte.service.principal import Principal
    from charte.store.db import make_engine, make_sessionmaker
    from charte.store.repositories import Store

    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    people = {
        "admin": Principal.of(seed["admin"], seed["org"], Role.ADMIN, "system"),
        "member": Principal.of(seed["member"], seed["org"], Role.SPOKESPERSON, "system"),
    }
    out = []
    for name, who, query in _queries(seed, now):
        actor = people["admin" if who.startswith("admin") else who]
        cursor = None
        if who == "admin-page20":
            with factory() as session:
                for _ in range(19):
                    cursor = mentions.list_mentions(
                        Store(session), actor, query, limit=50, cursor=cursor
                    ).next_cursor
        times, found = [], 0
        for _ in range(RUNS):
            with factory() as session:
                started = time.perf_counter()
                page = mentions.list_mentions(Store(session), actor, query, limit=50, cursor=cursor)
                times.append((time.perf_counter() - started) * 1000)
                found = len(page.items)
        out.append((name, times, found))
    engine.dispose()
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run() -> str:
    from charte.store import sealing

    sealing.configure(sealing.Keyring.generate())  # the sources' sealed column, on both databases
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    rows, seeds = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in BACKENDS:
            with _database(backend, Path(tmp)) as url:
                if url is None:
                    rows.append(f"| {backend} | (not reachable) | | | | |")
                    continue
                seed = _seed(url, MENTIONS, now)
                seeds.append(f"{backend} {seed['seed_seconds']:.0f} s")
                for name, times, found in _time(url, seed, now):
                    p95 = _pct(times, 0.95)
                    mark = "✓" if p95 <= TARGET_MS else f"✗ (target {TARGET_MS} ms)"
                    rows.append(
                        f"| {backend} | {name} | {statistics.median(times):.1f} | {p95:.1f} | {found} | {mark} |"
                    )
    return (
        "## Inbox: queries with many stored mentions\n\n"
        f"{MENTIONS:,} mentions of one organisation received over 90 days (five teams, four statuses, five "
        f"intents), written in bulk (loading: {', '.join(seeds)}). Each query is the service's "
        f"`list_mentions` (permission, team restriction, a keyset page of 50), run {RUNS} times, each in a "
        "new session; the time excludes opening the session.\n\n"
        "| backend | query | p50 (ms) | p95 (ms) | rows | |\n|---|---|---:|---:|---:|---|\n"
        + "\n".join(rows)
        + "\n"
    )


if __name__ == "__main__":
    print(run())
