"""Web pages: time to the first highlighted finding while typing, and page render times with 10,000 drafts.

1. ``charte serve --demo`` on SQLite (then PostgreSQL when reachable), and 10,000 drafts written straight into
   its database: in review, planned, scheduled, published and failed, spread over the current month.
2. Pages: the approval queue (first page and a late one) as the demo approver, and the calendar (a month) as
   the demo spokesperson, each fetched ``PAGE_RUNS`` times one after the other by a signed-in client; the
   time is the client's round trip (the page rendered in full by the server).
3. Typing (SQLite only): Debian's Chromium driven by Playwright opens the composer signed in as the
   spokesperson, types a post up to the last digit of a phone number, then the last key. Measured in the
   page (``performance.now()``): from the keystroke's ``input`` event to the moment a ``<mark>`` appears in
   the highlighted copy under the text box, so it includes the page's debounce (150 ms), the request, the
   check and the rendering.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.bench_api import _database, _server

#: What this section measures (benchmarks/_measures.py): `charte serve --demo` serving the web pages over the
#: service, the live check while typing (the checker), with the server helpers of bench_api.
MEASURES = (
    "@checker",
    "@demo-policy",
    "@service",
    "benchmarks/bench_web.py",
    "benchmarks/bench_api.py",
)

DRAFTS = int(os.environ.get("CHARTE_BENCH_WEB_DRAFTS", "10000"))
PAGE_RUNS = int(os.environ.get("CHARTE_BENCH_WEB_PAGES", "100"))
TYPING_RUNS = int(os.environ.get("CHARTE_BENCH_WEB_TYPING", "30"))
CHROMIUM = os.environ.get("CHARTE_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
PASSWORD = "charte-demo-password"
TYPING_TARGET_MS, PAGE_TARGET_MS = 300, 200
PHONE_POST = "Appelez-moi au 06 12 34 56 78 pour en parler"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def sign_in(client: httpx.Client, email: str) -> str:
    """Sign in through the page's form (no two-factor on the demo users); the session's CSRF token."""
    page = client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if token is None:
        raise RuntimeError("the sign-in page has no CSRF token")
    answer = client.post(
        "/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1), "next": "/"}
    )
    if answer.status_code != 200 or "/sign-in" in str(answer.url):
        raise RuntimeError(f"signing in as {email} failed ({answer.status_code})")
    return client.cookies.get("charte_csrf") or ""


def seed(url: str, count: int, now: dt.datetime) -> dict[str, int]:
    """``count`` drafts by the demo spokesperson on the demo LinkedIn account, written in bulk; by status."""
    from sqlalchemy import insert, select

    from charte.cli.demo import demo_policy_text
    from charte.domain import Post
    from charte.engine.engine import CheckEngine
    from charte.policy.loader import parse_policy
    from charte.store.db import make_engine, make_sessionmaker
    from charte.store.models import BrandAccount, Draft, PublicationRow, PublishTarget, User

    decision = CheckEngine(parse_policy(demo_policy_text(), "demo")).check(
        Post(text=PHONE_POST, lang="fr", account="brand", platform="linkedin")
    )
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    counts: dict[str, int] = {}
    with factory() as s:
        author = s.scalar(select(User).where(User.email == "spokesperson@acme.example"))
        account = s.scalar(select(BrandAccount).where(BrandAccount.platform == "linkedin"))
        target = s.execute(
            select(PublishTarget.id, PublishTarget.connector)
        ).first()  # its sealed params unread
        assert author is not None and account is not None and target is not None
        from charte.store.repositories import Store

        ref = Store(s).policies.active_ref(author.org_id)
        assert ref is not None
        statuses = ["in_review"] * 4 + ["draft"] * 2 + ["approved"] * 2 + ["scheduled", "published", "failed"]
        rows, pubs = [], []
        for i in range(count):
            status = statuses[i % len(statuses)]
            counts[status] = counts.get(status, 0) + 1
            when = month + dt.timedelta(minutes=(i * 263) % (28 * 24 * 60))
            rows.append(
                {
                    "org_id": author.org_id,
                    "author_id": author.id,
                    "last_editor_id": author.id,
                    "account_id": account.id,
                    "account_kind": "brand",
                    "platform": "linkedin",
                    "lang": "fr",
                    "text": f"{PHONE_POST} (#{i})",
                    "previous_text": PHONE_POST if i % 3 == 0 else None,
                    "attachments": [],
                    "scheduled_at": when
                    if status in ("approved", "scheduled", "published", "failed")
                    else None,
                    "status": status,
                    "version": 2 if i % 3 == 0 else 1,
                    "verdict": str(decision.verdict),
                    "decision": decision.to_dict(),
                    "policy_version_id": ref[0],
                    "required_levels": 1,
                    "approved_levels": 1 if status != "in_review" and status != "draft" else 0,
                    "created_at": now - dt.timedelta(minutes=count - i),
                    "updated_at": now - dt.timedelta(minutes=count - i),
                }
            )
        s.execute(insert(Draft), rows)
        s.flush()
        published = s.execute(
            select(Draft.id, Draft.status, Draft.scheduled_at).where(
                Draft.status.in_(["scheduled", "published", "failed"])
            )
        ).all()
        for i, (draft_id, status, when) in enumerate(published):
            pubs.append(
                {
                    "org_id": author.org_id,
                    "draft_id": draft_id,
                    "idempotency_key": f"bench_{i}_{draft_id}",
                    "connector": target.connector,
                    "target_id": target.id,
                    "content": {"text": PHONE_POST},
                    "status": {"scheduled": "scheduled", "published": "sent", "failed": "failed"}[status],
                    "due_at": when,
                    "attempts": 5 if status == "failed" else 1,
                    "max_attempts": 5,
                    "last_error": "HTTP 503 from the webhook" if status == "failed" else None,
                    "sent_at": when if status == "published" else None,
                    "created_at": now,
                }
            )
        s.execute(insert(PublicationRow), pubs)
        s.flush()
        for row in s.execute(select(PublicationRow.id, PublicationRow.draft_id)).all():
            s.query(Draft).filter(Draft.id == row.draft_id).update({"publication_id": row.id})
        s.commit()
    engine.dispose()
    return counts


def _time_pages(base: str, month: dt.date) -> list[tuple[str, list[float], int]]:
    out = []
    with httpx.Client(base_url=base, timeout=30, follow_redirects=True) as approver:
        sign_in(approver, "approver@acme.example")
        first = approver.get("/approvals")
        pages = re.findall(r"page=(\d+)", first.text)
        late = max((int(p) for p in pages), default=1)
        for name, path in (
            ("approval queue, page 1", "/approvals"),
            ("approval queue, a late page", f"/approvals?page={late}"),
        ):
            out.append((name, *_fetch(approver, path)))
    with httpx.Client(base_url=base, timeout=30, follow_redirects=True) as spokesperson:
        sign_in(spokesperson, "spokesperson@acme.example")
        path = f"/calendar?view=month&start={month.isoformat()}"
        out.append(("calendar, a month (first page: 50 posts)", *_fetch(spokesperson, path)))
    return out


def _fetch(client: httpx.Client, path: str) -> tuple[list[float], int]:
    for _ in range(5):  # warm-up: templates compiled, connections open
        client.get(path)
    times, errors = [], 0
    for _ in range(PAGE_RUNS):
        t0 = time.perf_counter()
        r = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        errors += r.status_code != 200
    return times, errors


#: In the page: the time from the next ``input`` event on the text box to the first <mark> in the backdrop.
_WATCH = """() => {
  window.__hl = undefined;
  const box = document.getElementById('f-text');
  const backdrop = document.querySelector('.compose-backdrop');
  box.addEventListener('input', () => { window.__t0 = performance.now(); }, { once: true });
  const seen = new MutationObserver(() => {
    if (backdrop.querySelector('mark') && window.__t0 !== undefined) {
      window.__hl = performance.now() - window.__t0; seen.disconnect();
    }
  });
  seen.observe(backdrop, { childList: true, subtree: true });
}"""


def _time_typing(base: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{base}/sign-in")
            page.fill("#f-email", "spokesperson@acme.example")
            page.fill("#f-password", PASSWORD)
            page.click("form.sign-in button[type=submit], main form button[type=submit]")
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/compose")
            for i in range(TYPING_RUNS + 3):
                page.fill("#f-text", "")
                page.wait_for_function("() => !document.querySelector('.compose-backdrop mark')")
                page.type("#f-text", f"Essai {i} : appelez-moi au 06 12 34 56 7", delay=5)
                page.wait_for_timeout(400)  # the check of the incomplete number has come back
                page.evaluate(_WATCH)
                page.keyboard.type("8")
                page.wait_for_function("() => window.__hl !== undefined", timeout=10_000)
                if i >= 3:  # the first runs warm the server and the browser
                    times.append(float(page.evaluate("window.__hl")))
        finally:
            browser.close()
    return times


def _row(name: str, times: list[float], errors: int, target: int) -> str:
    p95 = _pct(times, 0.95)
    verdict = "meets" if p95 <= target and not errors else "misses"
    return (
        f"| {name} | {statistics.median(times):.0f} | {p95:.0f} | {max(times):.0f} | {errors} | "
        f"{verdict} the {target} ms target |"
    )


def _backend(backend: str, workdir: Path) -> tuple[list[str], list[float] | None, dict[str, int]]:
    os.environ["CHARTE_COOKIE_SECURE"] = (
        "false"  # the server is plain http on localhost: send the cookie back
    )
    with _database(backend, workdir) as url:
        if url is None:
            return [f"| {backend}: PostgreSQL unavailable | — | — | — | — | |"], None, {}
        with _server(url, workdir) as (base, _token, _pid):
            now = dt.datetime.now(dt.UTC)
            counts = seed(url, DRAFTS, now)
            rows = [
                _row(f"{backend}: {name}", times, errors, PAGE_TARGET_MS)
                for name, times, errors in _time_pages(base, now.date().replace(day=1))
            ]
            typing = _time_typing(base) if backend == "sqlite" else None
            return rows, typing, counts


def run() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        results: dict[str, Any] = {b: _backend(b, workdir) for b in ("sqlite", "postgresql")}
    page_rows = [r for rows, _, _ in results.values() for r in rows]
    typing = results["sqlite"][1] or []
    counts = results["sqlite"][2]
    mix = ", ".join(f"{n:,} {status.replace('_', ' ')}" for status, n in sorted(counts.items()))
    typing_row = _row("first highlighted finding after the keystroke (SQLite)", typing, 0, TYPING_TARGET_MS)
    return (
        "## Web pages\n\n"
        f"`charte serve --demo` with {DRAFTS:,} drafts of one author on one brand account ({mix}), the scheduled, "
        "published and failed ones with their publications, all within the current month.\n\n"
        f"Page render: {PAGE_RUNS} sequential requests per page by a signed-in client (round trip, the page "
        "rendered in full).\n\n"
        "| page | p50 (ms) | p95 (ms) | max (ms) | errors | |\n|---|---:|---:|---:|---:|---|\n"
        + "\n".join(page_rows)
        + "\n\n"
        f"Typing: {TYPING_RUNS} posts typed in Chromium (Playwright) in the composer; from the keystroke "
        "completing a phone number to its highlight in the text box (the 150 ms debounce, the request, the "
        "check and the rendering).\n\n"
        "| measure | p50 (ms) | p95 (ms) | max (ms) | errors | |\n|---|---:|---:|---:|---:|---|\n"
        + typing_row
        + "\n"
    )


if __name__ == "__main__":
    print(run())
