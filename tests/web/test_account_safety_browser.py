"""The account-safety pages in a real browser: an owner attests 2FA on the account page (a date in the future
shown beside its field), an incident is opened, its steps ticked and closed, an access review answered."""

from __future__ import annotations

import re
from typing import Any

from charte.service.demo import DEMO_USERS
from tests.web.conftest import Server, sign_in

EMAILS = {str(role): email for role, email, _name in DEMO_USERS}


def _admin(page: Any, server: Server, next_path: str) -> None:
    email = EMAILS["admin"]
    sign_in(page, email, code=server.totp_code(email) if email in server.totp else "", next_path=next_path)


def test_an_owner_attests_2fa_on_the_account_page(new_page: Any, server: Server) -> None:
    page = new_page("en")
    _admin(page, server, "/accounts")
    page.click("a:has-text('@acme'):not(:has-text('mastodon'))")
    page.wait_for_url(re.compile(r"/accounts/\d+$"))
    page.fill("#f-attested_on", "2999-01-01")
    page.click("form[action$='/attest'] button")
    assert page.get_attribute("#f-attested_on", "aria-invalid") == "true"
    assert "future" in page.inner_text("#f-attested_on-error")
    page.fill("#f-attested_on", "")
    page.click("form[action$='/attest'] button")
    page.wait_for_selector(".flash-success")
    assert "valid until" in page.inner_text("table")


def test_an_incident_is_opened_ticked_and_closed(new_page: Any, server: Server) -> None:
    page = new_page("fr")
    _admin(page, server, "/incidents")
    page.fill("#f-summary", "Mot de passe hameçonné")
    page.click("form[action='/incidents'] button[type=submit]")
    page.wait_for_url(re.compile(r"/incidents/\d+$"))
    assert "suspendue" in page.inner_text("main")
    page.click("form[action$='/steps/tell_platform'] button")
    page.wait_for_selector(".flash-success")
    assert page.locator("form[action$='/steps/tell_platform']").count() == 0
    page.fill("#f-override_reason", "fausse alerte")
    page.click("form[action$='/close'] button")
    page.wait_for_selector(".flash-success")
    assert "fausse alerte" in page.inner_text("main")
    assert page.locator("form[action*='/steps/']").count() == 0


def test_an_access_review_is_answered(new_page: Any, server: Server) -> None:
    page = new_page("en")
    _admin(page, server, "/access-reviews")
    page.click("form[action='/access-reviews'] button")
    page.wait_for_selector(".flash-success")
    while page.locator("form[action*='/items/'] button[value=confirm]").count():
        page.locator("form[action*='/items/'] button[value=confirm]").first.click()
        page.wait_for_load_state()
    assert re.search(r"closed", page.inner_text("main"))
