"""Signing in and out in a real browser, in English and French: two-factor codes, errors beside their field,
the language switch remembered, CSRF refusals, the security headers, visible keyboard focus, and work kept
across an expired session."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from sqlalchemy import update

from charte.service import users
from charte.service.demo import system
from charte.store.models import BrowserSession
from charte.store.repositories import Store
from tests.web.conftest import PASSWORD, Server, screenshot, sign_in

HEADINGS = {"en": ("Sign in to Charte", "Hello, "), "fr": ("Se connecter à Charte", "Bonjour, ")}


@pytest.mark.parametrize(("lang", "email"), [("en", "approver@acme.example"), ("fr", "policy@acme.example")])
def test_sign_in_with_a_two_factor_code(new_page: Any, server: Server, lang: str, email: str) -> None:
    server.enable_totp(email)
    page = new_page(lang)
    page.goto("/")
    assert page.url.endswith("/sign-in?next=%2F")  # not signed in: sent to sign in, and back afterwards
    assert page.get_attribute("html", "lang") == lang
    assert page.inner_text("h1") == HEADINGS[lang][0]
    screenshot(page, f"sign-in.{lang}")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.fill("#f-code", server.totp_code(email))
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    assert page.inner_text("h1").startswith(HEADINGS[lang][1])
    screenshot(page, f"home.{lang}")


def test_a_recovery_code_opens_the_session_once(page: Any, server: Server) -> None:
    email = "auditor@acme.example"
    _, codes = server.enable_totp(email)
    sign_in(page, email, code=codes[0])
    assert page.inner_text("h1").startswith("Hello, ")
    page.click(".sign-out button")
    sign_in(page, email, code=codes[0])  # a recovery code is spent once
    assert "/sign-in" in page.url
    assert "not right" in page.inner_text("#f-code-error")


def test_wrong_password_and_wrong_code_are_shown_beside_their_field(new_page: Any, server: Server) -> None:
    email = "admin@acme.example"
    server.enable_totp(email)
    page = new_page("fr")
    sign_in(page, email, password="not the password", code="000000")
    assert page.get_attribute("#f-password", "aria-invalid") == "true"
    assert page.inner_text("#f-password-error").endswith(
        "L'adresse e-mail ou le mot de passe n'est pas le bon."
    )
    assert page.get_attribute("#f-password", "aria-describedby") == "f-password-error"
    assert page.is_visible(".error-summary a[href='#f-password']")
    assert page.input_value("#f-email") == email  # what was typed stays, except the password
    screenshot(page, "sign-in-error.fr")

    sign_in(page, email, code="000000")  # the right password, a wrong code
    assert page.query_selector("#f-password-error") is None
    assert "Ce code n'est pas le bon" in page.inner_text("#f-code-error")
    assert page.get_attribute("#f-code", "aria-invalid") == "true"

    sign_in(page, email)  # no code at all
    assert "deux facteurs" in page.inner_text("#f-code-error")


def test_sign_out_ends_the_session(page: Any) -> None:
    sign_in(page, "employee@acme.example")
    assert page.inner_text("h1") == "Hello, Emma Employee"
    page.click(".sign-out button")
    page.wait_for_url(re.compile(r"/sign-in$"))
    assert page.inner_text("[role=status].flash") == "You are signed out."
    page.goto("/")
    assert "/sign-in" in page.url
    assert not any(c["name"] == "charte_session" for c in page.context.cookies())


def test_the_language_switch_is_remembered(page: Any, server: Server) -> None:
    try:
        _remembered(page)
    finally:  # switched while signed in, English is now on the person: the shared server's other tests need none
        server.run(lambda store: setattr(store.users.by_email("spokesperson@acme.example"), "language", None))


def _remembered(page: Any) -> None:
    page.goto("/sign-in")
    assert page.inner_text("h1") == "Sign in to Charte"  # the browser asks for English
    page.click("button[lang=fr]")
    assert page.inner_text("h1") == "Se connecter à Charte"
    assert page.get_attribute("html", "lang") == "fr"
    page.goto("/sign-in")  # remembered: a new visit keeps French, although the browser asks for English
    assert page.inner_text("h1") == "Se connecter à Charte"
    sign_in(page, "spokesperson@acme.example")
    assert page.inner_text("h1") == "Bonjour, Sam Spokesperson"
    assert "porte-parole" in page.inner_text(".lead")
    page.click("button[lang=en]")
    assert page.inner_text("h1") == "Hello, Sam Spokesperson"
    cookie = next(c for c in page.context.cookies() if c["name"] == "charte_lang")
    assert cookie["value"] == "en" and cookie["httpOnly"]


def test_the_language_follows_the_person_to_another_browser(new_page: Any, server: Server) -> None:
    """Chosen while signed in, the language is kept on the person (``users.language``): another browser,
    which asks for English and has no cookie, opens in French once they sign in; before, it is English."""
    email = f"polyglot-{uuid.uuid4().hex[:8]}@acme.example"  # a person of their own: no other test's state

    def make(store: Store) -> None:
        admin = store.users.by_email("admin@acme.example")
        assert admin is not None
        users.create(
            store,
            system(admin.org_id),
            email=email,
            display_name="Pat Polyglot",
            role="employee",
            password=PASSWORD,
        )

    server.run(make)
    first = new_page("en")
    sign_in(first, email)
    assert first.inner_text("h1") == "Hello, Pat Polyglot"
    first.click("button[lang=fr]")
    assert first.inner_text("h1") == "Bonjour, Pat Polyglot"
    assert server.run(lambda store: store.users.by_email(email).language) == "fr"  # type: ignore[union-attr]
    second = new_page("en")
    second.goto("/sign-in")
    assert second.inner_text("h1") == "Sign in to Charte"  # not signed in: the browser's language
    sign_in(second, email)
    assert second.inner_text("h1") == "Bonjour, Pat Polyglot"
    assert second.get_attribute("html", "lang") == "fr"
    second.click("button[lang=en]")  # and back: the next sign-in anywhere is in English
    assert second.inner_text("h1") == "Hello, Pat Polyglot"
    assert server.run(lambda store: store.users.by_email(email).language) == "en"  # type: ignore[union-attr]


def test_a_form_without_its_token_is_refused(page: Any, server: Server) -> None:
    sign_in(page, "employee@acme.example")
    refused = page.request.post(f"{server.url}/sign-out", form={"x": "1"}, max_redirects=0)
    assert refused.status == 403
    assert "This form could not be accepted" in refused.text()
    assert "security token was missing or wrong" in refused.text()
    wrong = page.request.post(f"{server.url}/sign-out", form={"csrf_token": "csrf_forged"}, max_redirects=0)
    assert wrong.status == 403
    page.goto("/")
    assert page.inner_text("h1") == "Hello, Emma Employee"  # still signed in: nothing was done
    anonymous = page.request.post(
        f"{server.url}/sign-in",
        form={"email": "employee@acme.example", "password": PASSWORD},
        max_redirects=0,
    )
    assert anonymous.status == 403  # sign-in CSRF: the pre-session token is missing


def test_pages_carry_a_content_security_policy(page: Any) -> None:
    response = page.goto("/sign-in")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    sign_in(page, "employee@acme.example")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["charte_session"]["httpOnly"] and cookies["charte_session"]["sameSite"] == "Lax"
    assert cookies["charte_presession"]["httpOnly"] and cookies["charte_presession"]["sameSite"] == "Strict"


def test_keyboard_focus_is_visible(page: Any) -> None:
    page.goto("/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown on screen once focused
    page.keyboard.press("Enter")  # the skip link moves on to the content
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-email":
            break
    assert page.evaluate("document.activeElement.id") == "f-email"
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none" and outline[1] >= 2
    screenshot(page, "focus.en")


def test_every_control_has_a_label(page: Any) -> None:
    page.goto("/sign-in")
    unlabeled = page.evaluate(
        "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
        ".filter(el => !el.labels || el.labels.length === 0).map(el => el.name)"
    )
    assert unlabeled == []


def test_a_small_screen_still_works(new_page: Any) -> None:
    page = new_page("fr", width=360, height=740)
    sign_in(page, "employee@acme.example")
    assert page.inner_text("h1") == "Bonjour, Emma Employee"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page scrolls sideways on a phone"
    screenshot(page, "home-phone.fr")


def test_an_expired_session_keeps_the_work(page: Any, server: Server) -> None:
    """A form marked ``data-keep`` (docs/web.md) is posted after the session expired: sign in again, and the
    text is back in the form. The probe form is added to the home page as it is served."""
    probe = (
        '<form method="post" action="/sign-out" data-keep="probe" id="probe">'
        '<input type="hidden" name="csrf_token" value="{token}">'
        '<label for="probe-text">Text</label><textarea id="probe-text" name="text"></textarea>'
        '<label for="probe-secret">Secret</label><input id="probe-secret" name="secret" type="password">'
        '<button type="submit">Send</button></form>'
    )

    def with_probe(route: Any) -> None:
        response = route.fetch()
        body = response.text()
        token = re.search(r'name="csrf_token" value="([^"]*)"', body)
        body = body.replace("</main>", probe.format(token=token.group(1) if token else "") + "</main>")
        route.fulfill(response=response, body=body)

    page.route(re.compile(r"^http://127\.0\.0\.1:\d+/$"), with_probe)
    sign_in(page, "employee@acme.example")
    page.goto("/")  # a route does not see the redirect that follows the sign-in: load the page itself
    page.fill("#probe-text", "Le salon ouvre lundi, venez nombreux !")
    page.fill("#probe-secret", "never kept")
    server.run(
        lambda store: store.session.execute(
            update(BrowserSession).values(expires_at=BrowserSession.created_at)
        )
    )
    page.click("#probe button")
    page.wait_for_url(re.compile(r"/sign-in\?next=%2F&expired=1$"))
    assert "Your session has expired" in page.inner_text("main")
    page.fill("#f-email", "employee@acme.example")
    page.fill("#f-password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/")  # the page with the form again (the copy waits in the tab until that form shows)
    assert page.input_value("#probe-text") == "Le salon ouvre lundi, venez nombreux !"
    assert page.input_value("#probe-secret") == ""  # passwords are never kept
    assert page.is_visible("#kept-notice")
    page.reload()  # restored once
    assert page.input_value("#probe-text") == ""
