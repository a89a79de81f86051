"""In the browser: acknowledging the policy in French, a password reset from the admin's link to signing in
with the new password, and an organisation that requires two-factor sign-in sending a person to enrol."""

from __future__ import annotations

import re
from typing import Any

import pyotp

from charte.service import organisations, password_reset
from charte.service.demo import system
from tests.web.conftest import PASSWORD, Server, sign_in

NEW_PASSWORD = "plinth orbit walrus cascade"


def test_acknowledge_the_policy_in_french(new_page: Any, server: Server) -> None:
    page = new_page(lang="fr")
    sign_in(page, "approver@acme.example")
    banner = page.locator("aside.ack-banner")
    assert "attend votre accusé de réception" in banner.inner_text()
    banner.locator("a").click()
    assert page.inner_text("h1") == "Accusé de réception de la charte"
    assert page.is_visible(".policy-document, main h2")  # the document, in French
    page.click(".ack-form button[type=submit]")  # without ticking: the browser refuses (required)
    assert page.url.endswith("/policy/acknowledge")
    page.check(".ack-form input[name=read]")
    page.click(".ack-form button[type=submit]")
    assert "Merci : votre accusé de réception est enregistré." in page.inner_text("main")
    assert page.locator("aside.ack-banner").count() == 0

    def recorded(store: Any) -> tuple[list[tuple[str, str]], str]:
        user = store.users.by_email("approver@acme.example")
        active = store.policies.active(user.org_id)
        return [
            (a.lang, a.policy_sha256) for a in store.acknowledgements.of_user(user.org_id, user.id)
        ], active.sha256

    rows, active = server.run(recorded)
    assert rows == [("fr", active)]
    page.goto("/policy/personal")
    assert "Mes opinions n'engagent que moi." in page.inner_text("main")


def test_reset_a_password_end_to_end(new_page: Any, server: Server) -> None:
    admin = new_page()
    sign_in(admin, "admin@acme.example")
    admin.goto("/people")
    row = admin.locator("tr", has_text="employee@acme.example")
    row.locator("form[action$='/reset-link'] button").click()
    link = admin.inner_text("code.reset-link").strip()
    assert re.search(r"/reset-password\?token=chr_", link)

    person = new_page()
    person.goto("/forgot-password")
    assert "E-mail is not set up" in person.inner_text("main")  # said plainly, no pretend form
    person.goto(link)
    person.fill("#f-password", "password1234")
    person.fill("#f-confirm", "password1234")
    person.click("form.stack button[type=submit]")
    assert "not strong enough" in person.inner_text("#f-password-error")
    person.fill("#f-password", NEW_PASSWORD)
    person.fill("#f-confirm", NEW_PASSWORD)
    person.click("form.stack button[type=submit]")
    assert person.url.endswith("/sign-in")
    assert "Your password is changed" in person.inner_text("main")
    sign_in(person, "employee@acme.example", NEW_PASSWORD)
    assert person.inner_text("h1").startswith("Hello")
    person.goto(link)  # used once: refused with a clear message
    assert "already been used" in person.inner_text("main")
    server.run(lambda store: password_reset.reset_by_email(store, "employee@acme.example", PASSWORD))


def test_required_totp_sends_a_person_to_enrolment(new_page: Any, server: Server) -> None:
    org_id = server.run(lambda store: store.organisations.by_slug("acme").id)  # type: ignore[union-attr]
    server.run(lambda store: organisations.set_require_totp(store, system(org_id), True))
    try:
        page = new_page()
        sign_in(page, "auditor@acme.example")
        assert page.url.endswith("/account/security")
        assert "requires two-factor sign-in" in page.inner_text("main")
        page.goto("/audit")
        assert page.url.endswith("/account/security")  # nothing else opens
        page.fill("#f-password", PASSWORD)
        page.click("form.stack button[type=submit]")
        key = re.sub(r"\s", "", page.inner_text(".qr figcaption").split(":")[-1])
        page.fill("#f-code", pyotp.TOTP(key).now())
        page.click("form.stack button[type=submit]")
        assert len(page.locator(".codes code").all_inner_texts()) == 10
        page.goto("/audit")
        assert page.url.endswith("/audit")  # enrolled: the pages open again
    finally:
        server.run(lambda store: organisations.set_require_totp(store, system(org_id), False))

        def off(store: Any) -> None:
            user = store.users.by_email("auditor@acme.example")
            user.totp_enabled, user.totp_secret, user.totp_last_step = False, None, None

        server.run(off)
