"""The crisis page in a real browser: an admin declares a crisis (the banner then shows on every page), sees the
paused posts with a decision for each, and ends it; the page is left as it was for the other browser tests."""

from __future__ import annotations

import os
from typing import Any

from charte.service.demo import DEMO_USERS
from tests.web.conftest import Server, screenshot, sign_in

EMAILS = {str(role): email for role, email, _name in DEMO_USERS}


def test_declare_then_end_a_crisis(new_page: Any, server: Server) -> None:
    page = new_page("fr")
    email = EMAILS["admin"]
    sign_in(page, email, code=server.totp_code(email) if email in server.totp else "", next_path="/crisis")
    page.fill("#f-summary", "Rappel du produit X : communication suspendue")
    page.click("form[action='/crisis'] button[type=submit]")
    page.wait_for_selector(".flash-success")
    banner = page.inner_text(".crisis-banner")
    assert "Mode crise" in banner and "Rappel du produit X" in banner
    assert page.locator("form[action='/crisis/end']").count() == 1
    screenshot(page, "crisis.fr")
    if os.environ.get("CHARTE_CRISIS_SHOT"):
        page.screenshot(path=os.environ["CHARTE_CRISIS_SHOT"], full_page=True)
    page.goto(f"{server.url}/")
    assert "Rappel du produit X" in page.inner_text(".crisis-banner")
    page.goto(f"{server.url}/crisis")
    page.select_option("#f-rest", "resume")
    page.click("form[action='/crisis/end'] button[type=submit]")
    page.wait_for_selector(".flash-success")
    assert page.locator(".crisis-banner").count() == 0
    assert page.locator("a[href$='/report.pdf']").count() >= 1
