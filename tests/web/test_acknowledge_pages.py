"""The acknowledgement, quiz, coverage, reset and sign-in-rules pages without a browser: who sees what, the
exports, and bad input shown beside the field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from charte.api import create_app
from charte.cli.demo import demo_policy_text
from charte.service import demo, policies
from charte.service.permissions import Role
from charte.settings import load_settings
from charte.store import migrate
from charte.store.repositories import Store
from tests.acks import policies as texts


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('ack-pages')) / 'charte.db'}"
    migrate.upgrade(url)
    application = create_app(load_settings(None, database_url=url, memory_connector=True))
    with application.state.sessionmaker() as session:
        store = Store(session)
        seeded = demo.seed(store, demo_policy_text())
        policies.upload(store, demo.system(seeded.org.id), texts.with_quiz(), activate=True)
        session.commit()
    yield application


def _signed_in(app: FastAPI, role: Role) -> tuple[TestClient, str]:
    email = next(e for r, e, _ in demo.DEMO_USERS if r == role)
    client = TestClient(app, base_url="https://testserver", raise_server_exceptions=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text)
    assert token
    answer = client.post(
        "/sign-in",
        data={"csrf_token": token.group(1), "email": email, "password": demo.DEMO_PASSWORD},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    return client, client.cookies["charte_csrf"]


def test_banner_until_acknowledged(app: FastAPI) -> None:
    client, csrf = _signed_in(app, Role.SPOKESPERSON)
    assert "ack-banner" in client.get("/").text
    page = client.get("/policy/acknowledge?lang=fr").text
    version = re.search(r'name="policy_version_id" value="(\d+)"', page)
    sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', page)
    assert version and sha
    data = {"csrf_token": csrf, "policy_version_id": version.group(1), "sha256": sha.group(1), "lang": "fr"}
    unticked = client.post("/policy/acknowledge", data=data, follow_redirects=True)
    assert "Tick the box" in unticked.text and "ack-banner" in client.get("/").text
    stale = client.post(
        "/policy/acknowledge", data={**data, "read": "yes", "sha256": "0" * 64}, follow_redirects=True
    )
    assert "changed while you were reading" in stale.text
    done = client.post("/policy/acknowledge", data={**data, "read": "yes"}, follow_redirects=True)
    assert "your acknowledgement is recorded" in done.text
    assert "ack-banner" not in client.get("/").text


def test_coverage_page_and_exports_for_supervisors_only(app: FastAPI) -> None:
    auditor, _ = _signed_in(app, Role.AUDITOR)
    page = auditor.get("/policy/acknowledgements")
    assert page.status_code == 200 and "Export CSV" in page.text
    exported = auditor.get("/policy/acknowledgements.csv")
    assert exported.status_code == 200 and exported.text.startswith("user_id,email,name,role,teams,status")
    assert auditor.get("/policy/acknowledgements.json").json()["totals"]["people"] == len(demo.DEMO_USERS)
    assert auditor.get("/policy/acknowledgements.xml").status_code == 422
    employee, _ = _signed_in(app, Role.EMPLOYEE)
    refused = employee.get("/policy/acknowledgements")
    assert refused.status_code == 403 and "You need permission to" in refused.text
    assert employee.get("/policy/acknowledgements.csv").status_code == 403


def test_quiz_page_scores_and_shows_bad_answers_beside_the_question(app: FastAPI) -> None:
    client, csrf = _signed_in(app, Role.EMPLOYEE)
    page = client.get("/policy/quiz")
    assert page.status_code == 200 and 'name="q-phone"' in page.text
    missing = client.post("/policy/quiz", data={"csrf_token": csrf, "q-phone": "1"})
    assert missing.status_code == 400 and "Choose one of the answers." in missing.text
    out_of_range = client.post("/policy/quiz", data={"csrf_token": csrf, "q-phone": "7", "q-speak": "1"})
    assert out_of_range.status_code == 400
    scored = client.post("/policy/quiz", data={"csrf_token": csrf, "q-phone": "1", "q-speak": "0"})
    assert scored.status_code == 200 and "Your score: 1 out of 2." in scored.text
    section = client.get("/policy/quiz?clause=2.1")
    assert 'name="q-speak"' in section.text and 'name="q-phone"' not in section.text
    assert client.get("/policy/quiz?clause=9.9").status_code == 404


def test_personal_page_in_french(app: FastAPI) -> None:
    client, _ = _signed_in(app, Role.EMPLOYEE)
    client.cookies.set("charte_lang", "fr")
    page = client.get("/policy/personal")
    assert page.status_code == 200 and "Je travaille chez Acme." in page.text


def test_forgot_password_says_plainly_that_email_is_not_set_up(app: FastAPI) -> None:
    client = TestClient(app, base_url="https://testserver")
    page = client.get("/forgot-password")
    assert "E-mail is not set up" in page.text and 'name="email"' not in page.text
    bad = client.get("/reset-password?token=chr_nothing")
    assert "This link is not valid" in bad.text and 'name="password"' not in bad.text


def test_sign_in_rules_for_admins(app: FastAPI) -> None:
    admin, csrf = _signed_in(app, Role.ADMIN)
    assert 'action="/sign-in-rules"' in admin.get("/people").text
    on = admin.post(
        "/sign-in-rules", data={"csrf_token": csrf, "require_totp": "yes"}, follow_redirects=False
    )
    assert on.status_code == 303
    try:
        employee, _ = _signed_in(app, Role.EMPLOYEE)
        sent = employee.get("/compose", follow_redirects=False)
        assert sent.status_code == 303 and sent.headers["location"] == "/account/security"
        assert "requires two-factor sign-in" in employee.get("/account/security").text
    finally:
        with app.state.sessionmaker() as session:
            org = Store(session).organisations.by_slug(demo.DEMO_SLUG)
            assert org is not None
            org.require_totp = False
            session.commit()
