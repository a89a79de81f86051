"""The look-alike accounts page in Chromium, in English and in French: accounts imitating the demo organisation
come in on an RSS source, a spokesperson filters the list, marks one impersonator and sees who reviewed it; a
form without its CSRF token is refused."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from charte.listening.types import Batch, IncomingMention
from charte.service import demo, sources
from charte.service.ingestion import IngestionStore
from tests.web.conftest import Server, screenshot, sign_in

SPOKESPERSON = "spokesperson@acme.example"
WORDS = {
    "en": ("Look-alike accounts", "Review saved.", "impersonator", "not reviewed"),
    "fr": ("Comptes sosies", "Examen enregistré.", "usurpateur", "non examiné"),
}


def _feed(server: Server) -> str:
    """Mentions from two look-alike accounts and one ordinary author; returns the suffix of the handles."""
    word = uuid.uuid4().hex[:6]

    def make(store: Any) -> int:
        org = store.organisations.by_slug(demo.DEMO_SLUG)
        return int(
            sources.create_source(
                store,
                demo.system(org.id),
                kind="rss",
                name=f"impostors-{word}",
                settings={"url": "https://example.com/feed.xml"},
                secret=None,
            ).id
        )

    source = server.run(make)
    now = dt.datetime.now(dt.UTC)
    batch = Batch(
        [
            IncomingMention(
                f"{word}-1", "Send us your password", f"@Acme_Support_{word}", now, "Acme Support"
            ),
            IncomingMention(f"{word}-2", "Refunds here", f"@Acme_Support_{word}", now, "Acme Support"),
            IncomingMention(f"{word}-3", "Official giveaway", f"@AcmePay_Official_{word}", now, "AcmePay"),
            IncomingMention(f"{word}-4", "Nice coffee", f"@marie_{word}", now, "Marie"),
        ]
    )
    assert IngestionStore(server.app.state.sessionmaker, server.app.state.engines).accept(source, batch) == 4
    return word


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_filter_and_review_a_lookalike_account(
    new_page: Callable[..., Any], server: Server, lang: str
) -> None:
    title, saved, impersonator, unreviewed = WORDS[lang]
    word = _feed(server)
    page = new_page(lang)
    sign_in(page, SPOKESPERSON, next_path="/lookalikes")
    page.goto("/lookalikes")
    assert page.inner_text("h1") == title
    page.fill("#f-q", word)
    page.click("form[role=search] button[type=submit]")
    rows = page.locator("tbody tr")
    assert rows.count() == 2  # one row per account, the ordinary author not listed
    support = page.locator(f"tbody tr:has-text('@Acme_Support_{word}')")
    assert unreviewed in support.inner_text() and "2" in support.inner_text()
    screenshot(page, f"lookalikes.{lang}")
    support.locator("select").select_option("impersonator")
    support.locator("button[type=submit]").click()
    assert saved in page.inner_text("body")
    assert word in page.input_value("#f-q")  # back to the same filtered list
    support = page.locator(f"tbody tr:has-text('@Acme_Support_{word}')")
    assert impersonator in support.inner_text() and "Sam Spokesperson" in support.inner_text()
    page.select_option("#f-status", "impersonator")
    page.click("form[role=search] button[type=submit]")
    assert page.locator("tbody tr").count() == 1


def test_a_review_without_its_csrf_token_is_refused(new_page: Callable[..., Any], server: Server) -> None:
    word = _feed(server)
    page = new_page("en")
    sign_in(page, SPOKESPERSON, next_path="/lookalikes")
    page.goto(f"/lookalikes?q={word}")
    page.evaluate("document.querySelectorAll('input[name=csrf_token]').forEach(e => e.value = 'forged')")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("tbody tr").first.locator("button[type=submit]").click()
    assert answer.value.status == 403
    assert "Review saved." not in page.inner_text("body")
    page.goto(f"/lookalikes?q={word}&status=unreviewed")
    assert page.locator("tbody tr").count() == 2  # nothing was reviewed


def test_a_wrong_filter_is_named_beside_its_field(new_page: Callable[..., Any], server: Server) -> None:
    page = new_page("fr")
    sign_in(page, SPOKESPERSON, next_path="/lookalikes")
    answer = page.goto("/lookalikes?status=maybe")
    assert answer is not None and answer.status == 422
    assert page.locator("#f-status-error").is_visible()
    assert page.locator("#f-kind-error").count() == 0
