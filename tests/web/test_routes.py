"""Every page's access is declared, and held: like the API's matrix (tests/api/test_matrix.py), a route added to
the web interface without an entry in ``ACCESS`` fails ``test_every_page_is_declared``. Then each page refuses
an anonymous visitor (sent to sign in, nothing done) and, when it needs a permission, every role without it
(a 403 page naming the permission in words)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from charte.api import create_app
from charte.cli.demo import demo_policy_text
from charte.service import demo
from charte.service.permissions import ROLE_PERMISSIONS, Permission, Role
from charte.settings import load_settings
from charte.store import migrate
from charte.store.repositories import Store
from charte.web.app import PagesFallback
from charte.web.permissions import PERMISSION_LABELS

PUBLIC: Literal["public"] = "public"
SIGNED_IN: Literal["signed-in"] = "signed-in"
P = Permission

#: (method, path) -> who may use it: anyone, anyone signed in, or the holders of every permission listed.
#: Pages that check a permission through the service only (not ``Requires``) are "signed-in" here; their
#: refusals are tested where the page is.
ACCESS: dict[tuple[str, str], Literal["public", "signed-in"] | frozenset[Permission]] = {
    ("GET", "/sign-in"): PUBLIC,
    ("POST", "/sign-in"): PUBLIC,
    ("POST", "/language"): PUBLIC,
    ("POST", "/sign-out"): SIGNED_IN,
    ("GET", "/"): SIGNED_IN,
    ("GET", "/account/security"): SIGNED_IN,
    ("POST", "/account/security/totp/start"): SIGNED_IN,
    ("POST", "/account/security/totp/confirm"): SIGNED_IN,
    ("POST", "/account/security/totp/disable"): SIGNED_IN,
    # the work pages (compose, drafts, approvals, calendar)
    ("GET", "/compose"): frozenset({P.DRAFTS_WRITE}),
    ("POST", "/compose"): frozenset({P.DRAFTS_WRITE}),
    ("POST", "/compose/check"): frozenset({P.DRAFTS_WRITE}),
    ("GET", "/drafts"): frozenset({P.DRAFTS_WRITE}),
    ("GET", "/drafts/{draft_id}"): SIGNED_IN,  # the service: its author, or who reads all drafts or approves
    ("POST", "/drafts/{draft_id}"): frozenset({P.DRAFTS_WRITE}),
    ("GET", "/approvals"): frozenset({P.APPROVALS}),
    ("GET", "/approvals/{draft_id}"): frozenset({P.APPROVALS}),
    ("POST", "/approvals/{draft_id}/approve"): frozenset({P.APPROVALS}),
    ("POST", "/approvals/{draft_id}/reject"): frozenset({P.APPROVALS}),
    ("GET", "/calendar"): SIGNED_IN,  # the service: who writes drafts or reads them all
    ("POST", "/calendar/retry/{draft_id}"): frozenset({P.DRAFTS_PUBLISH}),
    # The policy, administration, audit and dashboard pages (web-admin).
    ("GET", "/policy"): frozenset({P.POLICIES_READ}),
    ("GET", "/policy/document.{fmt}"): frozenset({P.POLICIES_READ}),
    ("GET", "/policy/upload"): frozenset({P.POLICIES_WRITE}),
    ("POST", "/policy/upload"): frozenset({P.POLICIES_WRITE}),
    ("GET", "/policy/versions/{policy_id}"): frozenset({P.POLICIES_WRITE}),
    ("POST", "/policy/versions/{policy_id}/tests"): frozenset({P.POLICIES_WRITE}),
    ("POST", "/policy/versions/{policy_id}/activate"): frozenset({P.POLICIES_WRITE}),
    ("GET", "/dashboard"): frozenset({P.METRICS_READ}),
    ("GET", "/audit"): frozenset({P.AUDIT_READ}),
    ("GET", "/audit/export.{fmt}"): frozenset({P.AUDIT_READ}),
    ("GET", "/tokens"): frozenset({P.TOKENS_WRITE}),
    ("POST", "/tokens"): frozenset({P.TOKENS_WRITE}),
    ("POST", "/tokens/{token_id}/revoke"): frozenset({P.TOKENS_WRITE}),
    # listening: the inbox, alerts and sources (who sees which mention: the service, tests/service)
    ("GET", "/inbox"): frozenset({P.MENTIONS_READ}),
    ("GET", "/inbox/{mention_id}"): frozenset({P.MENTIONS_READ}),
    ("POST", "/inbox/{mention_id}/assign"): frozenset({P.MENTIONS_HANDLE}),
    ("POST", "/inbox/{mention_id}/status"): frozenset({P.MENTIONS_HANDLE}),
    ("POST", "/inbox/{mention_id}/notes"): frozenset({P.MENTIONS_HANDLE}),
    ("POST", "/inbox/{mention_id}/reply"): frozenset({P.MENTIONS_HANDLE}),
    # saved replies: reading, writing (the policy's replies.editors) and approving are decided by the service
    # (tests/web/test_replies_pages.py); the approval forms need approvals:act
    ("GET", "/replies"): SIGNED_IN,
    ("POST", "/replies"): SIGNED_IN,
    ("GET", "/replies/{reply_id}"): SIGNED_IN,
    ("POST", "/replies/{reply_id}"): SIGNED_IN,
    ("POST", "/replies/{reply_id}/archive"): SIGNED_IN,
    ("POST", "/replies/{reply_id}/versions/{version}/approve"): frozenset({P.APPROVALS}),
    ("POST", "/replies/{reply_id}/versions/{version}/reject"): frozenset({P.APPROVALS}),
    ("GET", "/alerts"): frozenset({P.MENTIONS_READ}),
    ("POST", "/alerts/{alert_id}/acknowledge"): frozenset({P.MENTIONS_HANDLE}),
    ("GET", "/lookalikes"): frozenset({P.MENTIONS_READ}),
    ("POST", "/lookalikes/{lookalike_id}/review"): frozenset({P.MENTIONS_HANDLE}),
    ("GET", "/sources"): frozenset({P.MENTIONS_READ}),
    ("POST", "/sources"): frozenset({P.SOURCES_MANAGE}),
    ("GET", "/sources/{source_id}"): frozenset({P.SOURCES_MANAGE}),
    ("POST", "/sources/{source_id}"): frozenset({P.SOURCES_MANAGE}),
    ("POST", "/sources/{source_id}/remove"): frozenset({P.SOURCES_MANAGE}),
    ("GET", "/people"): SIGNED_IN,  # users:read or teams:read (the page refuses without either)
    ("POST", "/people"): frozenset({P.USERS_WRITE}),
    ("POST", "/people/{user_id}"): frozenset({P.USERS_WRITE}),
    ("POST", "/teams"): frozenset({P.TEAMS_WRITE}),
    ("GET", "/accounts"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/accounts"): frozenset({P.ACCOUNTS_WRITE}),
    ("POST", "/accounts/{account_id}/security"): frozenset({P.ACCOUNTS_WRITE}),
    # Account safety (issue 16): an owner attests, rotates, answers; the service checks who owns what.
    ("GET", "/accounts/{account_id}"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/accounts/{account_id}/attest"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/accounts/{account_id}/rotate"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/accounts/{account_id}/recovery"): frozenset({P.ACCOUNTS_READ}),
    ("GET", "/access-reviews"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/access-reviews"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/access-reviews/{review_id}/items/{item_id}"): frozenset({P.ACCOUNTS_READ}),
    ("GET", "/incidents"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/incidents"): frozenset({P.ACCOUNTS_READ}),
    ("GET", "/incidents/{incident_id}"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/incidents/{incident_id}/steps/{step}"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/incidents/{incident_id}/close"): frozenset({P.ACCOUNTS_READ}),
    # crisis mode: everyone sees the page; the service lets only the policy's crisis.declare_roles act
    ("GET", "/crisis"): frozenset({P.CRISIS}),
    ("POST", "/crisis"): frozenset({P.CRISIS}),
    ("POST", "/crisis/end"): frozenset({P.CRISIS}),
    ("GET", "/crisis/{crisis_id}/report.pdf"): frozenset({P.CRISIS}),
    # policy acknowledgement, quiz, personal accounts (the service checks coverage: audit:read or policies:write)
    ("GET", "/policy/acknowledge"): SIGNED_IN,
    ("POST", "/policy/acknowledge"): SIGNED_IN,
    ("GET", "/policy/quiz"): SIGNED_IN,
    ("POST", "/policy/quiz"): SIGNED_IN,
    ("GET", "/policy/personal"): SIGNED_IN,
    ("GET", "/policy/acknowledgements"): SIGNED_IN,
    ("GET", "/policy/acknowledgements.{fmt}"): SIGNED_IN,
    # forgotten passwords, reset links, the organisation's sign-in rules
    ("GET", "/forgot-password"): PUBLIC,
    ("POST", "/forgot-password"): PUBLIC,
    ("GET", "/reset-password"): PUBLIC,
    ("POST", "/reset-password"): PUBLIC,
    ("POST", "/people/{user_id}/reset-link"): frozenset({P.USERS_WRITE}),
    ("POST", "/sign-in-rules"): frozenset({P.ORG_WRITE}),
}


def _web(app: FastAPI) -> FastAPI:
    fallback = app.router.default
    assert isinstance(fallback, PagesFallback) and isinstance(fallback.web, FastAPI)
    return fallback.web


def _routes(web: FastAPI) -> set[tuple[str, str]]:
    try:
        from fastapi.routing import iter_route_contexts  # FastAPI >= 0.13x flattens included routers lazily

        routes: Any = list(iter_route_contexts(web.routes))
    except ImportError:
        routes = web.routes
    return {
        (method, route.path)
        for route in routes
        if isinstance(getattr(route, "methods", None), set) and not route.path.startswith("/static")
        for method in route.methods - {"HEAD", "OPTIONS"}
    }


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('routes')) / 'charte.db'}"
    migrate.upgrade(url)
    application = create_app(load_settings(None, database_url=url, memory_connector=True))
    with application.state.sessionmaker() as session:
        demo.seed(Store(session), demo_policy_text())
        session.commit()
    yield application


def test_every_page_is_declared(app: FastAPI) -> None:
    served = _routes(_web(app))
    assert not served - set(ACCESS), f"pages without an entry in ACCESS: {sorted(served - set(ACCESS))}"
    assert not set(ACCESS) - served, f"entries for pages that no longer exist: {sorted(set(ACCESS) - served)}"


def test_every_permission_has_words() -> None:
    assert set(PERMISSION_LABELS) == {p.value for p in Permission}


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.mark.parametrize(("method", "path"), sorted(k for k, v in ACCESS.items() if v != PUBLIC))
def test_anonymous_visitors_are_sent_to_sign_in(app: FastAPI, method: str, path: str) -> None:
    client = TestClient(app, base_url="https://testserver", raise_server_exceptions=False)
    answer = client.request(method, _url(path), data={"csrf_token": "x"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text[:500]
    assert answer.headers["location"].startswith("/sign-in?next=")


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


PERMISSION_CASES = [
    (method, path, role)
    for (method, path), access in sorted(ACCESS.items())
    if isinstance(access, frozenset)
    for role in Role
    if not access <= ROLE_PERMISSIONS[role]
]


@pytest.mark.parametrize(("method", "path", "role"), PERMISSION_CASES)
def test_roles_without_the_permission_are_refused_in_words(
    app: FastAPI, method: str, path: str, role: Role
) -> None:
    client, token = _signed_in(app, role)
    answer = client.request(method, _url(path), data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 403
    assert "You need permission to" in answer.text
