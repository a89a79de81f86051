"""The work pages' main path in Chromium, in English and in French: sign in with a two-factor code, write a
post with a phone number, see it highlighted as you type, mask it with the fix in one click, submit it, be
refused approving your own post (maker-checker), approve it as someone else, find it on the calendar. And the
post being written survives an expired session."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import update

from charte.service import demo
from charte.store.models import BrowserSession
from tests.web.conftest import PASSWORD, Server, screenshot, sign_in

ADMIN, APPROVER = "admin@acme.example", "approver@acme.example"

#: lang → (the post, what the page says after submitting, the maker-checker refusal, the approval message)
CASES = {
    "en": (
        "Call me on 06 12 34 56 78. Our competitor Globex is useless and dishonest.",
        "Submitted for approval.",
        "maker-checker",
        "may now be published",
    ),
    "fr": (
        "Appelez-moi au 06 12 34 56 78. Notre concurrent Globex est nul et malhonnête.",
        "Soumis pour approbation.",
        "principe des quatre yeux",
        "peut maintenant être publié",
    ),
}


def linkedin_account(server: Server) -> int:
    def find(store: Any) -> int:
        org = store.organisations.by_slug(demo.DEMO_SLUG)
        return int(store.accounts.find(org.id, "linkedin", "acme").id)

    return int(server.run(find))


def marks(page: Any) -> list[str]:
    return [m.inner_text() for m in page.query_selector_all(".compose-backdrop mark")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_compose_fix_submit_approve_and_calendar(
    new_page: Callable[..., Any], server: Server, lang: str
) -> None:
    text, submitted, refused, approved = CASES[lang]
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    server.enable_totp(ADMIN)
    page = new_page(lang)
    sign_in(page, ADMIN, code=server.totp_code(ADMIN))
    page.goto("/compose")
    page.select_option("#f-account", str(linkedin_account(server)))
    page.fill("#f-text", text)
    page.wait_for_function("() => document.querySelectorAll('.compose-backdrop mark').length === 2")
    assert marks(page)[0] == "06 12 34 56 78"
    panel = page.inner_text("#check")
    assert (
        "5.3" in panel and ("Customers' personal data" if lang == "en" else "Données personnelles") in panel
    )
    screenshot(page, f"compose.{lang}")
    page.fill("#f-scheduled_at", f"{tomorrow.isoformat()}T09:30")
    page.click("#check button.fix")  # the first finding's fix: mask the number
    page.wait_for_function("() => document.getElementById('f-text').value.includes('** ** ** ** 78')")
    page.wait_for_function("() => document.querySelectorAll('.compose-backdrop mark').length === 1")
    assert "06 12 34 56" not in page.input_value("#f-text")
    page.click("button[name=action][value=submit]")
    page.wait_for_url(re.compile(r"/drafts/\d+$"))
    assert submitted in page.inner_text("main")
    draft_id = int(page.url.rsplit("/", 1)[1])

    page.goto(f"/approvals/{draft_id}")  # the author is an administrator: may approve, but not this post
    page.click("form[action$='/approve'] button[type=submit]")
    assert refused in page.inner_text(".error-summary")

    approver = new_page(lang)
    server.enable_totp(
        APPROVER
    )  # whatever other tests did to the approver's sign-in, it has a second factor now
    sign_in(approver, APPROVER, code=server.totp_code(APPROVER))
    approver.goto("/approvals")
    assert approver.is_visible(f"a[href='/approvals/{draft_id}']")
    screenshot(approver, f"approvals.{lang}")
    approver.goto(f"/approvals/{draft_id}")
    approver.click("form[action$='/reject'] button[type=submit]")  # no reason: refused beside the field
    approver.wait_for_selector("#f-reason-error")
    assert approver.get_attribute("#f-reason", "aria-invalid") == "true"
    screenshot(approver, f"approval.{lang}")
    approver.click("form[action$='/approve'] button[type=submit]")
    approver.wait_for_url(re.compile(r"/approvals$"))
    assert approved in approver.inner_text("main")

    approver.goto(f"/calendar?start={tomorrow.isoformat()}")
    entry = approver.locator(f".entry:has(a[href='/drafts/{draft_id}'])")
    assert entry.count() == 1
    assert ("Approved" if lang == "en" else "Approuvé") in entry.inner_text()
    screenshot(approver, f"calendar.{lang}")


def test_drafts_list_and_small_screen(new_page: Callable[..., Any], server: Server) -> None:
    page = new_page("fr", width=360, height=740)
    sign_in(page, "spokesperson@acme.example")
    page.goto("/compose")
    page.fill("#f-text", "Appelez-moi au 06 12 34 56 78 pour en parler")
    page.wait_for_selector(".compose-backdrop mark")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the composer scrolls sideways"
    screenshot(page, "compose-phone.fr")
    page.click("button[name=action][value=save]")
    page.wait_for_url(re.compile(r"/drafts/\d+$"))
    page.goto("/drafts")
    assert page.locator("table.list tbody tr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    wide = new_page("en")
    sign_in(wide, "spokesperson@acme.example")
    wide.goto("/drafts")
    screenshot(wide, "drafts.en")


def test_the_keyboard_reaches_the_fix(new_page: Callable[..., Any], server: Server) -> None:
    page = new_page("en")
    sign_in(page, "spokesperson@acme.example")
    page.goto("/compose")
    page.fill("#f-text", "Call me on 06 12 34 56 78 please")
    page.wait_for_selector("#check button.fix")
    page.focus("#check button.fix")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('f-text').value.includes('** ** ** ** 78')")
    assert page.evaluate("document.activeElement.id") == "f-text"  # back to the text after the fix


def test_an_expired_session_keeps_the_post_being_written(
    new_page: Callable[..., Any], server: Server
) -> None:
    page = new_page("en")
    sign_in(page, "spokesperson@acme.example")
    page.goto("/compose")
    text = "Le salon ouvre lundi à Lyon : venez nombreux sur notre stand !"
    page.fill("#f-text", text)
    server.run(
        lambda store: store.session.execute(
            update(BrowserSession).values(expires_at=BrowserSession.created_at)
        )
    )
    page.click("button[name=action][value=save]")
    page.wait_for_url(re.compile(r"/sign-in\?next=%2Fcompose&expired=1$"))
    page.fill("#f-email", "spokesperson@acme.example")
    page.fill("#f-password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/compose$"))
    assert page.input_value("#f-text") == text
    assert page.is_visible("#kept-notice")
    page.wait_for_selector("#check .verdict")  # checked again once restored
