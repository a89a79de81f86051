"""The work pages without a browser: compose and its live check, drafts, approvals, calendar — what each page
shows, the errors beside their fields, and the refusals in words (the browser path: test_work_browser.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from charte.api import create_app
from charte.cli.demo import demo_policy_text
from charte.service import demo
from charte.settings import load_settings
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import Draft, PublicationRow
from charte.store.repositories import Store

PHONE_POST = "Appelez-moi au 06 12 34 56 78 pour en parler"


@dataclass
class Site:
    app: object
    factory: object

    def store(self) -> Store:
        return Store(self.factory())  # type: ignore[operator]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    yield from make_site(tmp_path_factory)


def make_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The application over a fresh migrated SQLite database with the demo organisation."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    app = create_app(load_settings(None, database_url=url), engine=engine)
    factory = make_sessionmaker(engine)
    with factory() as session:
        demo.seed(Store(session), demo_policy_text())
        session.commit()
    yield Site(app, factory)
    engine.dispose()


def email(role: str) -> str:
    return f"{role}@acme.example"


def signed_in(site: Site, role: str, lang: str = "en") -> TestClient:
    client = TestClient(site.app, base_url="https://testserver", raise_server_exceptions=False)  # type: ignore[arg-type]
    client.headers["Accept-Language"] = lang
    page = client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    answer = client.post(
        "/sign-in",
        data={
            "email": email(role),
            "password": demo.DEMO_PASSWORD,
            "csrf_token": token.group(1),
            "next": "/",
        },
    )
    assert answer.status_code == 200 and "sign-out" in answer.text, answer.text[:500]
    return client


def csrf(client: TestClient, path: str) -> str:
    """The session's CSRF token, as the page at ``path`` puts it in its forms (not the language switcher's)."""
    page = client.get(path).text
    token = client.cookies.get("charte_csrf")
    assert token and f'name="csrf_token" value="{token}"' in page
    return token


def account_id(site: Site) -> int:
    store = site.store()
    org = store.organisations.by_slug(demo.DEMO_SLUG)
    assert org is not None
    found = store.accounts.find(org.id, "linkedin", "acme")
    assert found is not None
    return found.id


def compose_form(site: Site, text: str, **extra: str) -> dict[str, str]:
    return {"text": text, "account": str(account_id(site)), "platform": "linkedin", "lang": "fr", **extra}


# -- compose -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "clause", "fix"),
    [
        ("en", "Customers' personal data", "Apply the fix"),
        ("fr", "Données personnelles des clients", "Appliquer la correction"),
    ],
)
def test_the_live_check_highlights_and_offers_the_mask(site: Site, lang: str, clause: str, fix: str) -> None:
    client = signed_in(site, "spokesperson", lang)
    token = csrf(client, "/compose")
    answer = client.post(
        "/compose/check", data=compose_form(site, PHONE_POST), headers={"X-CSRF-Token": token}
    )
    assert answer.status_code == 200
    html = answer.text
    assert '<mark class="hl hl-review" data-findings="0">06 12 34 56 78</mark>' in html
    assert clause in unescape(html) and "5.3" in html and fix in html
    assert 'data-fixed-text="Appelez-moi au ** ** ** ** 78 pour en parler"' in html
    assert "<meter" in html  # the scores, plainly


def test_the_live_check_without_csrf_is_refused(site: Site) -> None:
    client = signed_in(site, "spokesperson")
    answer = client.post("/compose/check", data=compose_form(site, PHONE_POST))
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": "   "}, "text", "must not be empty"),
        ({"text": "x" * 20_001}, "text", "is longer than 20000 characters"),
        ({"account": "99999"}, "account", "This brand account does not exist, or you may not post on it."),
        ({"account": "abc"}, "account", "Choose an account from the list."),
        ({"scheduled_at": "tomorrow"}, "scheduled_at", "Give a date and time"),
        ({"scheduled_at": "2001-01-01T09:00"}, "scheduled_at", "is in the past"),
        ({"att_credit_0": "Photo: Ana"}, "att_url_0", "Give the address of the image or video."),
    ],
)
def test_bad_input_is_shown_beside_its_field(
    site: Site, fields: dict[str, str], field: str, message: str
) -> None:
    client = signed_in(site, "spokesperson")
    data = {**compose_form(site, "Bonne journée"), **fields, "csrf_token": csrf(client, "/compose")}
    answer = client.post("/compose", data=data)
    assert answer.status_code == 400
    beside = re.search(rf'<p class="field-error" id="f-{field}-error">(.*?)</p>', answer.text, re.S)
    assert beside is not None and message in beside.group(1)
    assert 'class="error-summary"' in answer.text


def test_errors_in_french(site: Site) -> None:
    client = signed_in(site, "spokesperson", "fr")
    data = {**compose_form(site, "  "), "csrf_token": csrf(client, "/compose")}
    answer = client.post("/compose", data=data)
    assert answer.status_code == 400 and "ne doit pas être vide" in answer.text


def test_an_auditor_is_told_what_is_missing(site: Site) -> None:
    client = signed_in(site, "auditor")
    answer = client.get("/compose")
    assert answer.status_code == 403
    assert "write and submit drafts" in answer.text and "drafts:write" not in answer.text


def test_an_employee_cannot_post_on_the_brand_account(site: Site) -> None:
    client = signed_in(site, "employee")
    data = {**compose_form(site, "Bonne journée"), "csrf_token": csrf(client, "/compose")}
    answer = client.post("/compose", data=data)
    assert answer.status_code == 400 and "does not exist, or you may not post on it" in answer.text


def test_save_submit_and_see_who_must_approve(site: Site) -> None:
    client = signed_in(site, "spokesperson")
    data = {**compose_form(site, PHONE_POST), "csrf_token": csrf(client, "/compose"), "action": "save"}
    saved = client.post("/compose", data=data)
    assert saved.status_code == 200 and "Draft saved." in saved.text
    draft_id = int(re.search(r"/drafts/(\d+)", str(saved.url)).group(1))  # type: ignore[union-attr]
    assert "Who must approve" in saved.text and "Clause 5.3" in saved.text
    submit = {
        **compose_form(site, PHONE_POST),
        "csrf_token": csrf(client, f"/drafts/{draft_id}"),
        "action": "submit",
    }
    submitted = client.post(f"/drafts/{draft_id}", data=submit)
    assert "Submitted for approval." in submitted.text and "Waiting for approval" in submitted.text
    listing = client.get("/drafts?status=in_review")
    assert f'href="/drafts/{draft_id}"' in listing.text


# -- approvals ---------------------------------------------------------------------------------------------


def _submitted(site: Site, role: str, text: str) -> int:
    client = signed_in(site, role)
    data = {**compose_form(site, text), "csrf_token": csrf(client, "/compose"), "action": "submit"}
    answer = client.post("/compose", data=data)
    return int(re.search(r"/drafts/(\d+)", str(answer.url)).group(1))  # type: ignore[union-attr]


def test_approval_with_maker_checker_and_a_required_reason(site: Site) -> None:
    draft_id = _submitted(site, "admin", PHONE_POST + " (admin)")
    admin = signed_in(site, "admin")
    refused = admin.post(
        f"/approvals/{draft_id}/approve", data={"csrf_token": csrf(admin, f"/approvals/{draft_id}")}
    )
    assert refused.status_code == 403 and "maker-checker" in refused.text
    store = site.store()
    from charte.store.models import AuditEntryRow

    denied = store.session.query(AuditEntryRow).filter(AuditEntryRow.action == "access.denied").all()
    assert any("maker-checker" in str(row.details) for row in denied)
    approver = signed_in(site, "approver")
    queue = approver.get("/approvals")
    assert f'href="/approvals/{draft_id}"' in queue.text
    no_reason = approver.post(
        f"/approvals/{draft_id}/reject", data={"csrf_token": csrf(approver, "/approvals"), "reason": " "}
    )
    assert no_reason.status_code == 400
    assert re.search(r'id="f-reason-error">.*say why the post is rejected', no_reason.text, re.S)
    done = approver.post(f"/approvals/{draft_id}/approve", data={"csrf_token": csrf(approver, "/approvals")})
    assert done.status_code == 200 and f"draft {draft_id} may now be published" in done.text


def test_the_diff_since_the_previous_version(site: Site) -> None:
    draft_id = _submitted(site, "spokesperson", PHONE_POST + " (diff)")
    author = signed_in(site, "spokesperson")
    edit = {
        **compose_form(site, "Appelez-moi au ** ** ** ** 78 pour en parler (diff)"),
        "csrf_token": csrf(author, f"/drafts/{draft_id}"),
        "action": "submit",
    }
    author.post(f"/drafts/{draft_id}", data=edit)
    page = signed_in(site, "approver").get(f"/approvals/{draft_id}")
    assert "Changes since version 1" in page.text
    assert (
        re.search(r"<del><span class=\"visually-hidden\">\[removed: </span>06 12 34 56</span>", page.text)
        is None
    )
    assert "<del>" in page.text and "06 12 34 56" in page.text and "<ins>" in page.text


def test_an_auditor_reads_a_draft_without_writing_it(site: Site) -> None:
    draft_id = _submitted(site, "spokesperson", PHONE_POST + " (audit)")
    page = signed_in(site, "auditor").get(f"/drafts/{draft_id}")
    assert page.status_code == 200 and "06 12 34 56 78" in page.text and 'name="action"' not in page.text


def test_the_queue_refuses_an_employee_in_words(site: Site) -> None:
    answer = signed_in(site, "employee").get("/approvals")
    assert answer.status_code == 403 and "act on the approval queue" in answer.text


# -- calendar ----------------------------------------------------------------------------------------------


def test_the_calendar_shows_a_failed_publication_and_its_retry(site: Site) -> None:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    spokesperson = signed_in(site, "spokesperson")
    data = {
        **compose_form(
            site, "Bonne journée à toutes et à tous !", scheduled_at=when.strftime("%Y-%m-%dT%H:%M")
        ),
        "csrf_token": csrf(spokesperson, "/compose"),
        "action": "submit",
    }
    answer = spokesperson.post("/compose", data=data)
    draft_id = int(re.search(r"/drafts/(\d+)", str(answer.url)).group(1))  # type: ignore[union-attr]
    approver = signed_in(site, "approver")
    approver.post(f"/approvals/{draft_id}/approve", data={"csrf_token": csrf(approver, "/approvals")})
    store = site.store()
    org = store.organisations.by_slug(demo.DEMO_SLUG)
    assert org is not None
    target = store.targets.by_name(org.id, demo.DEMO_TARGET)
    assert target is not None
    from charte.service import drafts
    from charte.service.principal import Principal

    user = store.users.by_email(email("spokesperson"))
    assert user is not None
    row = drafts.publish(
        store, Principal.of(user.id, org.id, user.role, "session"), draft_id, target_id=target.id
    )
    store.session.execute(
        update(PublicationRow)
        .where(PublicationRow.id == row.id)
        .values(status="failed", last_error="HTTP 503 from the webhook")
    )
    store.session.execute(update(Draft).where(Draft.id == draft_id).values(status="failed"))
    store.session.commit()
    start = when.date().isoformat()
    page = spokesperson.get(f"/calendar?start={start}")
    assert "HTTP 503 from the webhook" in page.text and f'action="/calendar/retry/{draft_id}"' in page.text
    assert f'action="/calendar/retry/{draft_id}"' not in approver.get(f"/calendar?start={start}").text
    retried = spokesperson.post(
        f"/calendar/retry/{draft_id}", data={"csrf_token": csrf(spokesperson, "/calendar")}
    )
    assert retried.status_code == 200 and f"Publication of draft {draft_id} queued again." in retried.text
    french = signed_in(site, "spokesperson", "fr").get(f"/calendar?start={start}&view=month")
    assert "Calendrier" in french.text


def test_the_calendar_refuses_bad_input(site: Site) -> None:
    client = signed_in(site, "spokesperson")
    assert client.get("/calendar?start=yesterday").status_code == 422
    assert client.get("/calendar?view=year").status_code == 422
    assert client.get("/calendar?account=99999").status_code == 422
