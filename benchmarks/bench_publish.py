"""Publishing throughput per connector: posts per second through the real publishing protocol.

Each publication is queued with ``enqueue_publication`` in a SQLite database, then attempted by
``Publisher.attempt`` exactly as a worker does (claim with a lease, build the connector from the target's sealed
parameters, publish with the idempotency key, mark sent, audit), against local fake servers that answer like a
Mastodon instance and a Bluesky PDS (tests/connectors/social_fakes.py). What is timed is Charte's side and a
local round trip; a real network adds its own latency (tens to hundreds of ms a request) and rate limits
(Bluesky: 5,000 points an hour per account, a post costing 3; Mastodon: 300 posts per 3 hours per account by
default), which bound a real account long before these figures do. Every run checks that each publication made
exactly one post.

    python -m benchmarks.run --only bench_publish        # CHARTE_BENCH_PUBLISH_POSTS=300 (default)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from tests.connectors.social_fakes import LOCAL, PNG, FakeMastodon, FakePDS, FakeServer

from charte.connectors.base import ConnectorEnv, using
from charte.connectors.bluesky import clear_sessions
from charte.service.publishing import Backoff, Publisher, enqueue_publication
from charte.store import sealing
from charte.store.models import Base, PublicationRow, PublishTarget

#: What this section measures (benchmarks/_measures.py): the connectors, the publishing protocol, the target
#: and publication rows with their sealed parameters, and the fake servers it runs against.
MEASURES = (
    "src/charte/connectors/",
    "src/charte/service/publishing.py",
    "src/charte/service/holds.py",
    "src/charte/store/models/",
    "src/charte/store/__init__.py",
    "src/charte/store/sealing.py",
    "src/charte/store/db.py",
    "src/charte/audit/",
    "tests/connectors/social_fakes.py",
    "benchmarks/bench_publish.py",
)

POSTS = int(os.environ.get("CHARTE_BENCH_PUBLISH_POSTS", "300"))
WORKERS = (1, 4)
TEXT = "Nos horaires d'été : ouvert tous les jours de 9 h à 19 h. Bonne journée ! #été {link}"
#: The page the post links to, served by the fake server itself (a card is read through the egress guard).
PAGE = '<html><head><meta property="og:title" content="Horaires"><meta property="og:description" content="Été"></head></html>'


@contextmanager
def _database() -> Iterator[sessionmaker[Session]]:
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'publish.db'}", connect_args={"timeout": 30})
        Base.metadata.create_all(engine)
        try:
            yield sessionmaker(engine, expire_on_commit=False)
        finally:
            engine.dispose()


def _queue(
    factory: sessionmaker[Session],
    connector: str,
    params: dict[str, Any],
    text: str,
    media: list[dict[str, str]],
) -> list[int]:
    with factory() as s, s.begin():
        target = PublishTarget(org_id=1, name=connector, connector=connector, params=params)
        s.add(target)
        s.flush()
        content = {"text": text, "lang": "fr", "attachments": media}
        return [
            enqueue_publication(s, target=target, draft_id=None, content=content).id for _ in range(POSTS)
        ]


def _posted(server: FakeServer) -> int:
    return len(server.posted) if isinstance(server, FakeMastodon) else len(server.posts_of("did:plc:brand"))


def _measure(
    server: FakeMastodon | FakePDS, connector: str, params: dict[str, Any], with_image: bool, workers: int
) -> dict[str, Any]:
    media = [{"url": server.media("/bench/a.png", PNG, "image/png"), "alt": "Le logo"}] if with_image else []
    text = TEXT.format(link=server.page("/bench/horaires", PAGE))
    with _database() as factory:
        ids = _queue(factory, connector, params, text, media)
        publisher = Publisher(factory, backoff=Backoff(base_seconds=0.0, jitter=0.0))
        latencies: list[float] = []

        def attempt(pid: int) -> str:
            start = time.perf_counter()
            status = publisher.attempt(pid).status
            latencies.append(time.perf_counter() - start)
            return status

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            statuses = list(pool.map(attempt, ids))
        elapsed = time.perf_counter() - started
        with factory() as s:
            sent = s.scalar(
                select(func.count()).select_from(PublicationRow).where(PublicationRow.status == "sent")
            )
    posted = _posted(server)
    return {
        "rate": len(ids) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": sorted(latencies)[int(0.95 * (len(latencies) - 1))] * 1000,
        "exact": posted == len(ids) == sent and all(s == "sent" for s in statuses),
    }


def run() -> str:
    sealing.configure(sealing.Keyring.generate())
    rows = []
    with using(ConnectorEnv(egress=LOCAL)):
        for connector in ("mastodon", "bluesky"):
            for with_image in (False, True):
                for workers in WORKERS:
                    clear_sessions()
                    with ExitStack() as stack:
                        if connector == "mastodon":
                            server: FakeMastodon | FakePDS = stack.enter_context(FakeMastodon())
                            params = {"instance": server.base, "access_token": "good-token-1234"}
                        else:
                            server = stack.enter_context(FakePDS())
                            params = {
                                "handle": "brand.example.com",
                                "app_password": "app-pass-1234",
                                "pds": server.base,
                            }
                        got = _measure(server, connector, params, with_image, workers)
                    what = "text, link, hashtag" + (" + one image with alt text" if with_image else "")
                    rows.append(
                        f"| {connector} | {what} | {workers} | {got['rate']:.1f} | {got['p50']:.1f} | "
                        f"{got['p95']:.1f} | {'✓' if got['exact'] else '✗'} |"
                    )
    clear_sessions()
    return (
        "## Publishing: throughput per connector\n\n"
        f"{POSTS} publications per row, queued then attempted through `Publisher.attempt` (claim, connector "
        "built from the sealed target, publish with the idempotency key, mark sent, audit) by 1 or 4 worker "
        "threads, against local fake Mastodon and Bluesky servers (one SQLite file). Bluesky's posts carry "
        "facets and a link card read through the egress guard, or an uploaded image; Mastodon's image is "
        "uploaded then attached. The last column checks that every publication made exactly one post.\n\n"
        "| connector | post | workers | posts/s | p50 per post (ms) | p95 (ms) | one post each |\n"
        "|---|---|---:|---:|---:|---:|---|\n" + "\n".join(rows) + "\n"
    )


if __name__ == "__main__":
    print(run())
