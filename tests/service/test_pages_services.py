"""The use cases behind the web pages: the check while typing, the diff, the queue and the calendar paged in
SQL, and retrying a failed publication — on a migrated database with the demo organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from charte.cli.demo import demo_policy_text
from charte.domain import Fix, Span
from charte.service import approvals, calendar, compose, demo, drafts
from charte.service.diffs import changed, word_diff
from charte.service.engines import EngineCache, active_policy
from charte.service.errors import Conflict, Invalid, NotFound, PermissionDenied
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.repositories import Store

PHONE_POST = "Appelez-moi au 06 12 34 56 78 pour en parler"


@pytest.fixture()
def session(tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path / 'pages.db'}"
    migrate.upgrade(url)
    factory = make_sessionmaker(make_engine(url))
    with factory() as s:
        demo.seed(Store(s), demo_policy_text())
        s.commit()
        yield s


def who(store: Store, role: Role) -> Principal:
    email = next(e for r, e, _ in demo.DEMO_USERS if r == role)
    user = store.users.by_email(email)
    assert user is not None
    return Principal.of(user.id, user.org_id, user.role, "session")


def account(store: Store, platform: str = "linkedin") -> int:
    org = store.organisations.by_slug(demo.DEMO_SLUG)
    assert org is not None
    found = store.accounts.find(org.id, platform, "acme")
    assert found is not None
    return found.id


def brand(store: Store, text: str = PHONE_POST) -> drafts.DraftInput:
    return drafts.DraftInput(text=text, platform="linkedin", account_id=account(store), lang="fr")


# -- the check while typing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ui", "title"), [("fr", "Données personnelles des clients"), ("en", "Customers' personal data")]
)
def test_live_check_highlights_the_phone_number_with_its_clause_and_mask(
    session: Session, ui: str, title: str
) -> None:
    store = Store(session)
    live = compose.live_check(store, who(store, Role.SPOKESPERSON), EngineCache(), brand(store), ui_lang=ui)
    assert live.verdict == "review"
    (finding,) = live.findings
    assert (finding.start, finding.end, finding.quote) == (15, 29, "06 12 34 56 78")
    assert finding.clause_id == "5.3" and finding.clause_title == title
    assert (
        finding.fix is not None and finding.fix.fixed_text == "Appelez-moi au ** ** ** ** 78 pour en parler"
    )
    marked = [s for s in live.segments if s.findings]
    assert [(s.text, s.findings, s.action) for s in marked] == [("06 12 34 56 78", (0,), "review")]
    assert "".join(s.text for s in live.segments) == PHONE_POST
    assert {s.key for s in live.scores} >= {"toxicity", "negative"}
    assert all(0 <= s.percent <= 100 for s in live.scores)


def test_the_fixed_text_checks_clean(session: Session) -> None:
    store, cache = Store(session), EngineCache()
    actor = who(store, Role.SPOKESPERSON)
    first = compose.live_check(store, actor, cache, brand(store), ui_lang="en")
    fixed = first.findings[0].fix
    assert fixed is not None and fixed.fixed_text is not None
    again = compose.live_check(store, actor, cache, brand(store, fixed.fixed_text), ui_lang="en")
    assert not [f for f in again.findings if f.rule_id == "pii.contact-details"]


def test_live_check_is_the_saved_drafts_check(session: Session) -> None:
    store, cache = Store(session), EngineCache()
    actor = who(store, Role.SPOKESPERSON)
    live = compose.live_check(store, actor, cache, brand(store), ui_lang="en")
    draft = drafts.create(store, actor, cache, brand(store))
    saved = compose.present(draft.checked(), active_policy(store, cache, actor.org_id), "en")
    assert saved == live


@pytest.mark.parametrize(("text", "field"), [("   ", "text"), ("x" * (drafts.MAX_TEXT + 1), "text")])
def test_live_check_refuses_what_saving_refuses(session: Session, text: str, field: str) -> None:
    store = Store(session)
    with pytest.raises(Invalid) as err:
        compose.live_check(
            store, who(store, Role.SPOKESPERSON), EngineCache(), brand(store, text), ui_lang="en"
        )
    assert err.value.errors[0].field == field


def test_live_check_on_an_unknown_or_forbidden_account(session: Session) -> None:
    store = Store(session)
    data = drafts.DraftInput(text="Bonjour", platform="linkedin", account_id=99999)
    with pytest.raises(NotFound):
        compose.live_check(store, who(store, Role.SPOKESPERSON), EngineCache(), data, ui_lang="en")
    with pytest.raises(PermissionDenied):  # the employee is not one of the account's posters
        compose.live_check(store, who(store, Role.EMPLOYEE), EngineCache(), brand(store), ui_lang="en")
    with pytest.raises(PermissionDenied):  # an auditor writes no drafts
        compose.live_check(store, who(store, Role.AUDITOR), EngineCache(), brand(store), ui_lang="en")


def test_overlapping_findings_cut_the_text_once() -> None:
    views = [
        compose.FindingView(0, 0, 5, "", "a", "1", "", "low", "review", "", None),
        compose.FindingView(1, 3, 8, "", "b", "2", "", "high", "block", "", None),
    ]
    segs = compose.segments("abcdefghij", views)
    assert [(s.text, s.findings, s.action) for s in segs] == [
        ("abc", (0,), "review"),
        ("de", (0, 1), "block"),
        ("fgh", (1,), "block"),
        ("ij", (), None),
    ]


@pytest.mark.parametrize(
    ("fix", "expected"),
    [
        (Fix("mask", "", replacement="**", span=Span(4, 6)), "tel **, ok"),
        (Fix("remove_link", "", replacement="", span=Span(4, 6)), "tel, ok"),
        (Fix("add_disclaimer", "", replacement=" #ad", span=Span(10, 10)), "tel 06, ok #ad"),
        (Fix("add_credit", "", replacement="Photo: X"), "tel 06, ok Photo: X"),
        (Fix("rephrase", "", span=Span(0, 3)), None),
    ],
)
def test_apply_fix(fix: Fix, expected: str | None) -> None:
    assert compose.apply_fix("tel 06, ok", fix) == expected


def test_who_must_approve_and_why(session: Session) -> None:
    store, cache = Store(session), EngineCache()
    actor = who(store, Role.SPOKESPERSON)
    draft = drafts.create(store, actor, cache, brand(store))
    need = compose.approval_needed(store, cache, actor.org_id, draft.checked(), "brand", "fr")
    assert need.levels and not need.blocked
    assert any("5.3" in r and "Données personnelles" in r for r in need.reasons)
    clean = drafts.create(store, actor, cache, brand(store, "Bonne journée à toutes et à tous !"))
    assert clean.verdict == "allow"
    none = compose.approval_needed(store, cache, actor.org_id, clean.checked(), "personal", "en")
    assert none.levels == () and none.reasons == ()


# -- the diff --------------------------------------------------------------------------------------------


def test_word_diff_marks_the_changed_words() -> None:
    pieces = word_diff("Call me at 06 12 34 56 78 today", "Call me at ** ** ** ** 78 today")
    assert [(p.kind, p.text) for p in pieces if p.kind != "same"] == [
        ("removed", "06 12 34 56"),
        ("added", "** ** ** **"),
    ]
    assert "".join(p.text for p in pieces if p.kind != "removed") == "Call me at ** ** ** ** 78 today"
    assert "".join(p.text for p in pieces if p.kind != "added") == "Call me at 06 12 34 56 78 today"
    assert not changed(word_diff("same", "same"))


def test_word_diff_of_long_texts_goes_by_line() -> None:
    old = "\n".join(f"line {i}" for i in range(2000))
    new = old.replace("line 1000\n", "line one thousand\n")
    pieces = word_diff(old, new)
    assert [(p.kind, p.text) for p in pieces if p.kind != "same"] == [
        ("removed", "line 1000\n"),
        ("added", "line one thousand\n"),
    ]


def test_an_edit_keeps_the_previous_text(session: Session) -> None:
    store, cache = Store(session), EngineCache()
    actor = who(store, Role.SPOKESPERSON)
    draft = drafts.create(store, actor, cache, brand(store))
    assert draft.previous_text is None
    drafts.update(store, actor, cache, draft.id, brand(store, "Appelez-moi pour en parler"))
    assert draft.previous_text == PHONE_POST and draft.version == 2


# -- the queue and the calendar, paged in SQL ------------------------------------------------------------


def test_the_queue_pages_in_sql_and_keeps_maker_checker(session: Session) -> None:
    store, cache = Store(session), EngineCache()
    author, approver = who(store, Role.SPOKESPERSON), who(store, Role.APPROVER)
    ids = []
    for i in range(5):
        d = drafts.create(store, author, cache, brand(store, f"{PHONE_POST} ({i})"))
        drafts.submit(store, author, cache, d.id)
        ids.append(d.id)
    page = approvals.queue(store, approver, cache, limit=2, offset=0)
    assert page.total == 5 and [d.id for d in page.items] == ids[:2]
    assert [d.id for d in approvals.queue(store, approver, cache, limit=2, offset=4).items] == ids[4:]
    admin = who(store, Role.ADMIN)
    assert approvals.queue(store, admin, cache, limit=10, offset=0).total == 5
    with pytest.raises(PermissionDenied):
        approvals.queue(store, author, cache, limit=10, offset=0)  # a spokesperson does not approve
    approvals.approve(store, approver, cache, ids[0])
    left = approvals.queue(store, approver, cache, limit=10, offset=0)
    assert ids[0] not in [d.id for d in left.items] and left.total == 4
    own = drafts.create(store, admin, cache, brand(store))
    drafts.submit(store, admin, cache, own.id)
    assert own.id not in [d.id for d in approvals.queue(store, admin, cache, limit=10, offset=0).items]
    with pytest.raises(
        PermissionDenied
    ) as err:  # maker-checker: an admin may approve, but not their own post
        approvals.approve(store, admin, cache, own.id)
    assert "maker-checker" in err.value.permission


def test_the_calendar_shows_planned_scheduled_and_failed_posts(session: Session) -> None:
    store, cache = Store(session), EngineCache()
    author, approver = who(store, Role.SPOKESPERSON), who(store, Role.APPROVER)
    now = dt.datetime.now(dt.UTC)
    start = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    planned = drafts.create(
        store,
        author,
        cache,
        drafts.DraftInput(**{**brand(store).__dict__, "scheduled_at": start + dt.timedelta(hours=9)}),
    )
    other = drafts.create(
        store,
        author,
        cache,
        drafts.DraftInput(
            **{**brand(store, "Bonne journée").__dict__, "scheduled_at": start + dt.timedelta(days=40)}
        ),
    )
    page = calendar.entries(store, author, start=start, days=7, account_id=None, limit=50, offset=0)
    assert [e.draft.id for e in page.items if e.draft] == [planned.id] and page.total == 1
    assert page.items[0].status == "draft" and page.items[0].publication is None
    assert (
        calendar.entries(store, author, start=start, days=62, account_id=None, limit=50, offset=0).total == 2
    )
    assert other.id  # outside the week
    # an employee sees neither (not their posts, not an account they post on); an approver sees all
    assert (
        calendar.entries(
            store, who(store, Role.EMPLOYEE), start=start, days=7, account_id=None, limit=50, offset=0
        ).total
        == 0
    )
    assert (
        calendar.entries(store, approver, start=start, days=7, account_id=None, limit=50, offset=0).total == 1
    )
    with pytest.raises(Invalid):
        calendar.entries(store, author, start=start, days=400, account_id=None, limit=50, offset=0)
    with pytest.raises(Invalid):
        calendar.entries(store, author, start=start, days=7, account_id=999999, limit=50, offset=0)


def test_a_failed_publication_can_be_retried_by_who_may_publish(session: Session) -> None:
    store, cache = Store(session), EngineCache()
    author, approver = who(store, Role.SPOKESPERSON), who(store, Role.APPROVER)
    when = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    d = drafts.create(store, author, cache, brand(store, "Bonne journée à toutes et à tous !"))
    drafts.submit(store, author, cache, d.id)
    if d.status == "in_review":
        approvals.approve(store, approver, cache, d.id)
    target = store.targets.by_name(author.org_id, demo.DEMO_TARGET)
    assert target is not None
    row = drafts.publish(store, author, d.id, target_id=target.id, scheduled_at=when)
    with pytest.raises(Conflict):
        drafts.retry_publication(store, author, d.id)  # not failed
    row.status, row.last_error, d.status = "failed", "HTTP 500 from the webhook", "failed"
    session.flush()
    entry = calendar.entries(
        store, author, start=when - dt.timedelta(hours=1), days=1, account_id=None, limit=5, offset=0
    ).items[0]
    assert entry.status == "failed" and entry.last_error == "HTTP 500 from the webhook" and entry.may_retry
    seen_by_approver = calendar.entries(
        store, approver, start=when - dt.timedelta(hours=1), days=1, account_id=None, limit=5, offset=0
    ).items[0]
    assert not seen_by_approver.may_retry
    with pytest.raises(PermissionDenied):
        drafts.retry_publication(store, approver, d.id)
    again = drafts.retry_publication(store, author, d.id)
    assert again.status == "pending" and again.attempts == 0 and d.status == "publishing"
