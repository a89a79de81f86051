"""The accounts page shows where the organisation publishes and each target's health: credentials the network
refused (expired or revoked), the last failure and when, the last post sent; in English and French, only to the
roles that may see the targets (never their secrets)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from charte.service.demo import DEMO_USERS
from charte.store.models import PublishTarget
from charte.store.repositories import Store
from tests.web.conftest import Server, screenshot, sign_in

EMAILS = {str(role): email for role, email, _name in DEMO_USERS}
WORDS = {
    "en": ("Publishing targets", "credentials refused (expired or revoked)", "working"),
    "fr": ("Cibles de publication", "identifiants refusés (expirés ou révoqués)", "fonctionne"),
}


@pytest.fixture(scope="module")
def targets(server: Server) -> None:
    def work(store: Store) -> None:
        admin = store.users.by_email(EMAILS["admin"])
        assert admin is not None
        org = admin.org_id
        when = dt.datetime(2026, 12, 7, 7, 30, tzinfo=dt.UTC)
        store.targets.add(
            PublishTarget(
                org_id=org,
                name="masto-health",
                connector="mastodon",
                params={"instance": "https://mastodon.example", "access_token": "tok-never-shown-1"},
                last_error="Mastodon mastodon.example: posting: HTTP 401, the access token was refused (expired or revoked)",
                last_error_at=when,
                credentials_refused=True,
            )
        )
        store.targets.add(
            PublishTarget(
                org_id=org,
                name="bsky-health",
                connector="bluesky",
                params={"handle": "brand.example.com", "app_password": "pass-never-shown"},
                last_sent_at=when,
            )
        )

    server.run(work)


def _sign_in(page: Any, server: Server, role: str, next_path: str) -> None:
    email = EMAILS[role]
    code = server.totp_code(email) if email in server.totp else ""
    sign_in(page, email, code=code, next_path=next_path)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_admin_sees_each_targets_health(new_page: Any, server: Server, targets: None, lang: str) -> None:
    title, refused, working = WORDS[lang]
    page = new_page(lang)
    _sign_in(page, server, "admin", "/accounts")
    page.wait_for_url(re.compile(r"/accounts$"))
    assert page.inner_text("#targets") == title
    table = page.locator("#targets ~ .table-wrap").first
    rows = {
        r.locator("th").inner_text(): r.locator("td:nth-child(4)").inner_text()
        for r in table.locator("tr:has(th[scope=row])").all()
    }
    assert refused in rows["masto-health"] and "HTTP 401" in rows["masto-health"]
    assert working in rows["bsky-health"]
    html = page.content()
    assert "tok-never-shown" not in html and "pass-never-shown" not in html
    page.locator("#targets").scroll_into_view_if_needed()
    screenshot(page, f"targets-health.{lang}")


def test_a_role_that_may_not_see_targets_does_not(new_page: Any, server: Server, targets: None) -> None:
    page = new_page("en")
    _sign_in(page, server, "approver", "/accounts")
    page.wait_for_url(re.compile(r"/accounts$"))
    assert page.locator("#targets").count() == 0 and "masto-health" not in page.content()
