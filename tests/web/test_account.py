"""Turning two-factor sign-in on and off from the browser: password again, QR code and key, a code from the
app, the recovery codes shown once, then signing in with one of them."""

from __future__ import annotations

import re
from typing import Any

import pyotp

from tests.web.conftest import PASSWORD, screenshot, sign_in

EMAIL = "spokesperson@acme.example"


def test_two_factor_enrolment_from_the_browser(page: Any) -> None:
    sign_in(page, EMAIL)
    page.click("a[href='/account/security']")
    assert page.inner_text("h1") == "Sign-in security"
    page.fill("#f-password", "not my password")
    page.click("form.stack button[type=submit]")
    assert "not right" in page.inner_text("#f-password-error")  # beside the field, still signed in
    page.fill("#f-password", PASSWORD)
    page.click("form.stack button[type=submit]")
    assert page.is_visible(".qr svg")
    key = re.sub(r"\s", "", page.inner_text(".qr figcaption").split(":")[-1])
    screenshot(page, "two-factor.en")
    page.fill("#f-code", "000000")
    page.click("form.stack button[type=submit]")
    assert "not right" in page.inner_text("#f-code-error")
    assert page.is_visible(".qr svg")  # the same key, shown again
    page.fill("#f-code", pyotp.TOTP(key).now())
    page.click("form.stack button[type=submit]")
    codes = page.locator(".codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z0-9]{4}(-[a-z0-9]{4}){3}", c) for c in codes)

    page.click(".sign-out button")
    sign_in(page, EMAIL)
    assert "two-factor" in page.inner_text("#f-code-error")  # now a code is needed
    sign_in(page, EMAIL, code=codes[0])
    assert page.inner_text("h1") == "Hello, Sam Spokesperson"

    page.goto("/account/security")
    page.fill("#f-code", codes[1])
    page.click("form.stack button[type=submit]")
    assert page.inner_text("[role=status].flash") == "Two-factor sign-in is off."
    page.click(".sign-out button")
    sign_in(page, EMAIL)
    assert page.inner_text("h1") == "Hello, Sam Spokesperson"
