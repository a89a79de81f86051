"""The pages' machinery without a browser (Starlette's test client): refusals in words and in the audit
record, error pages without tracebacks, the API's own answers kept on its paths, the language, the
sign-in's next address, flash messages that cannot be forged, and form validation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import APIRouter, FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.responses import Response

from charte.api import create_app
from charte.cli.demo import demo_policy_text
from charte.service import demo
from charte.service.permissions import Permission
from charte.settings import load_settings
from charte.store import migrate
from charte.store.models import AuditEntryRow
from charte.store.repositories import Store
from charte.web.app import PagesFallback
from charte.web.deps import Requires, ViewerDep
from charte.web.flash import FLASH_COOKIE
from charte.web.language import from_accept_language, pick
from charte.web.security import safe_next
from charte.web.session import Viewer
from charte.web.templating import render

PASSWORD = demo.DEMO_PASSWORD


def _probe_router() -> APIRouter:
    """Pages that exist only in these tests, to exercise the machinery every page uses."""
    router = APIRouter()

    @router.get("/probe/audit")
    def audit_page(request: Request, viewer: Annotated[Viewer, Requires(Permission.AUDIT_READ)]) -> Response:
        return render(request, "home.html", {"role_label": "x", "security_page": None}, viewer=viewer)

    @router.get("/probe/boom")
    def boom(viewer: ViewerDep) -> Response:
        raise RuntimeError("secret customer 0612345678 in an error message")

    return router


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('pages')) / 'charte.db'}"
    migrate.upgrade(url)
    application = create_app(load_settings(None, database_url=url, memory_connector=True))
    with application.state.sessionmaker() as session:
        demo.seed(Store(session), demo_policy_text())
        session.commit()
    fallback = application.router.default
    assert isinstance(fallback, PagesFallback)
    web = fallback.web
    assert isinstance(web, FastAPI)
    web.include_router(_probe_router())
    yield application


def _client(app: FastAPI, lang: str = "en") -> TestClient:
    return TestClient(
        app, base_url="https://testserver", raise_server_exceptions=False, headers={"Accept-Language": lang}
    )


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def _session_token(html: str) -> str:
    """The token of the signed-in forms (the sign-out form's), not the language switcher's pre-session one."""
    match = re.search(
        r'action="/sign-out"[^>]*>\s*<input type="hidden" name="csrf_token" value="([^"]+)"', html
    )
    assert match
    return match.group(1)


def _signed_in(app: FastAPI, email: str, lang: str = "en") -> TestClient:
    client = _client(app, lang)
    token = _token(client.get("/sign-in").text)
    answer = client.post(
        "/sign-in", data={"csrf_token": token, "email": email, "password": PASSWORD}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    return client


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "You need permission to read and export the audit record."),
        ("fr", "Il vous faut le droit de consulter et exporter le journal d'audit."),
    ],
)
def test_a_refusal_names_the_missing_permission_in_words(app: FastAPI, lang: str, words: str) -> None:
    client = _signed_in(app, "employee@acme.example", lang)
    page = client.get("/probe/audit")
    assert page.status_code == 403
    assert words in page.text.replace("&#39;", "'")
    assert "audit:read" not in page.text and "AUDIT_READ" not in page.text
    assert ("salarié" if lang == "fr" else "employee") in page.text  # the role, in words too
    assert "<nav" in page.text  # the refusal is a page of the site: navigation, sign-out
    with app.state.sessionmaker() as session:
        last = session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id.desc()).limit(1)).one()
    assert last.action == "access.denied" or "denied" in str(last.action)
    assert last.details["permission"] == "audit:read" and last.details["via"] == "web"


def test_a_permitted_page_opens(app: FastAPI) -> None:
    assert _signed_in(app, "auditor@acme.example").get("/probe/audit").status_code == 200


def test_a_failure_is_a_page_with_the_request_id_and_no_traceback(app: FastAPI) -> None:
    page = _signed_in(app, "employee@acme.example").get("/probe/boom")
    assert page.status_code == 500
    assert "Something went wrong on our side" in page.text
    assert page.headers["x-request-id"] in page.text
    assert "0612345678" not in page.text and "Traceback" not in page.text
    assert "content-security-policy" in page.headers


def test_pages_over_https_ask_browsers_to_stay_on_https(app: FastAPI) -> None:
    page = _client(app).get("/sign-in")
    assert page.headers["strict-transport-security"] == "max-age=31536000"
    assert page.headers["x-frame-options"] == "DENY" and page.headers["referrer-policy"] == "same-origin"


def test_an_unknown_page_is_a_page_and_an_unknown_api_path_stays_a_problem(app: FastAPI) -> None:
    client = _client(app, "fr")
    page = client.get("/nothing-here")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Page introuvable" in page.text
    api = client.get("/v1/nothing-here")
    assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"
    assert client.put("/v1/check").status_code == 405  # the API's wrong method, not a page
    assert client.get("/openapi.json").json()["info"]["title"] == "Charte"
    assert "/sign-in" not in client.get("/openapi.json").json()["paths"]  # pages are not API endpoints


def test_a_page_needs_a_session_and_brings_the_person_back(app: FastAPI) -> None:
    client = _client(app)
    answer = client.get("/probe/audit?x=1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=%2Fprobe%2Faudit%3Fx%3D1"
    client.cookies.set("charte_session", "chs_expired_or_forged")
    assert client.get("/", follow_redirects=False).headers["location"] == "/sign-in?next=%2F&expired=1"


def test_a_form_posted_after_the_session_expired_returns_to_the_page_of_the_form(app: FastAPI) -> None:
    client = _client(app)
    client.cookies.set("charte_session", "chs_expired")
    answer = client.post(
        "/sign-out",
        data={"csrf_token": "whatever", "text": "my draft"},
        headers={"Referer": "https://testserver/compose?account=2"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=%2Fcompose%3Faccount%3D2&expired=1"
    elsewhere = client.post(
        "/sign-out", data={}, headers={"Referer": "https://evil.example/x"}, follow_redirects=False
    )
    assert elsewhere.headers["location"] == "/sign-in?next=%2F&expired=1"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/compose?x=1", "/compose?x=1"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_sign_in_returns_only_to_pages_of_charte(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected


def test_signing_in_goes_back_to_the_page_asked_for(app: FastAPI) -> None:
    client = _client(app)
    token = _token(client.get("/sign-in?next=/probe/audit").text)
    answer = client.post(
        "/sign-in",
        data={
            "csrf_token": token,
            "email": "auditor@acme.example",
            "password": PASSWORD,
            "next": "https://evil.example/",
        },
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/"
    answer = client.post(
        "/sign-in",
        data={
            "csrf_token": token,
            "email": "auditor@acme.example",
            "password": PASSWORD,
            "next": "/probe/audit",
        },
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/probe/audit"


def test_empty_fields_are_named_beside_them(app: FastAPI) -> None:
    client = _client(app, "fr")
    token = _token(client.get("/sign-in").text)
    page = client.post("/sign-in", data={"csrf_token": token, "email": " ", "password": ""})
    assert page.status_code == 400
    assert 'id="f-email-error"' in page.text and "Saisissez votre adresse e-mail." in page.text
    assert 'id="f-password-error"' in page.text and "Saisissez votre mot de passe." in page.text
    long = client.post("/sign-in", data={"csrf_token": token, "email": "a" * 5000, "password": "x"})
    assert long.status_code == 422 and "email" in long.text and "Traceback" not in long.text
    bad_lang = client.post("/language", data={"csrf_token": token, "lang": "de"})
    assert bad_lang.status_code == 422 and "lang" in bad_lang.text


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8", "fr"),
        ("de-DE, en;q=0.5, fr;q=0.7", "fr"),
        ("en-US,en;q=0.9", "en"),
        ("de, es", None),
        ("fr;q=0, en;q=0.1", "en"),
        ("fr;q=abc", None),
        ("", None),
    ],
)
def test_the_browser_language(header: str, expected: str | None) -> None:
    assert from_accept_language(header) == expected


def test_the_chosen_language_wins_over_the_browser() -> None:
    assert pick("fr", "en-GB") == "fr"
    assert pick("klingon", "fr-FR") == "fr"
    assert pick(None, None) == "en"


def test_a_forged_flash_message_is_not_shown(app: FastAPI) -> None:
    client = _client(app)
    client.cookies.set(FLASH_COOKIE, '[{"kind": "error", "message": "Call +33 6 12 34 56 78 now"}]')
    page = client.get("/sign-in")
    assert "Call +33" not in page.text
    assert FLASH_COOKIE in page.headers.get("set-cookie", "")  # and it is cleared


def test_signing_out_says_so_in_the_next_page_language(app: FastAPI) -> None:
    client = _signed_in(app, "employee@acme.example", "fr")
    home = client.get("/")
    answer = client.post("/sign-out", data={"csrf_token": _session_token(home.text)}, follow_redirects=False)
    assert answer.status_code == 303
    page = client.get("/sign-in")
    assert "Vous êtes déconnecté." in page.text
    assert "Vous êtes déconnecté." not in client.get("/sign-in").text  # shown once


def test_dates_and_numbers_follow_the_page_language() -> None:
    import datetime as dt

    from charte.web.templating import ENV

    template = ENV.from_string("{{ when|datetime }} | {{ day|date }} | {{ n|number }} | {{ share|percent }}")
    values = {
        "when": dt.datetime(2026, 12, 7, 14, 5),
        "day": dt.date(2026, 3, 1),
        "n": 12345.5,
        "share": 0.25,
    }
    english = template.render(lang="en", **values)
    french = template.render(lang="fr", **values)
    assert english == "7 Dec 2026, 14:05:00 UTC | 1 Mar 2026 | 12,345.5 | 25%"
    assert french.replace("\u202f", " ").replace("\xa0", " ") == (
        "7 déc. 2026, 14:05:00 UTC | 1 mars 2026 | 12 345,5 | 25 %"
    )


def test_template_words_are_translated_with_their_placeholders() -> None:
    from charte.web.templating import ENV

    template = ENV.from_string('{{ _("Hello, %(name)s", name=who) }}')
    assert template.render(lang="fr", who="<b>Ava</b>") == "Bonjour, &lt;b&gt;Ava&lt;/b&gt;"  # escaped
    assert template.render(lang="en", who="Ava") == "Hello, Ava"
