"""The inbox's main path in Chromium, in English and in French: mentions come in from an RSS source (routed to
the press team by the demo policy), a spokesperson of that team finds one by searching, opens it, sees the
message it answers, takes it, marks it answered and leaves a note. And the sources page shows its health,
with an error beside the field of a bad source."""

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

SPOKESPERSON, ADMIN = "spokesperson@acme.example", "admin@acme.example"
WORDS = {
    "en": ("Inbox", "Assignment saved.", "Status saved.", "Note added.", "answered"),
    "fr": (
        "Boîte de réception",
        "Attribution enregistrée.",
        "Statut enregistré.",
        "Note ajoutée.",
        "répondu",
    ),
}


def _feed(server: Server) -> str:
    """Two mentions from a new RSS source, the second answering the first; returns the word to search."""
    word = f"zq{uuid.uuid4().hex[:8]}"

    def make(store: Any) -> int:
        org = store.organisations.by_slug(demo.DEMO_SLUG)
        return int(
            sources.create_source(
                store,
                demo.system(org.id),
                kind="rss",
                name=f"press-{word}",
                settings={"url": "https://example.com/feed.xml"},
                secret=None,
            ).id
        )

    source = server.run(make)
    now = dt.datetime.now(dt.UTC)
    batch = Batch(
        [
            IncomingMention(
                f"{word}-1", f"Article about Acme ({word}): the new branch opens", "press.example", now
            ),
            IncomingMention(
                f"{word}-2",
                f"Follow-up {word}: questions to Acme",
                "press.example",
                now,
                in_reply_to=f"{word}-1",
            ),
        ],
        cursor="after-2",
    )
    assert IngestionStore(server.app.state.sessionmaker, server.app.state.engines).accept(source, batch) == 2
    return word


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_find_open_take_answer_and_note(new_page: Callable[..., Any], server: Server, lang: str) -> None:
    title, assigned, status_saved, noted, answered = WORDS[lang]
    word = _feed(server)
    page = new_page(lang)
    sign_in(page, SPOKESPERSON, next_path="/inbox")
    page.goto("/inbox")
    assert page.inner_text("h1") == title
    page.fill("#f-q", word)
    page.click("form[role=search] button[type=submit]")
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    screenshot(page, f"inbox.{lang}")
    page.click(f"tbody tr:has-text('Follow-up {word}') th a")
    assert f"Article about Acme ({word})" in page.inner_text("main")  # the message it answers
    page.select_option("#f-assignee", label="Sam Spokesperson")
    page.click("form[action$='/assign'] button")
    assert assigned in page.inner_text("body")
    page.select_option("#f-status", "answered")
    page.click("form[action$='/status'] button")
    assert status_saved in page.inner_text("body")
    assert answered in page.inner_text("dl.facts")
    page.fill("#f-text", "Sent the press kit")
    page.click("form[action$='/notes'] button")
    assert noted in page.inner_text("body") and "Sent the press kit" in page.inner_text("main")
    empty = page.locator("form[action$='/notes'] button")
    page.fill("#f-text", "   ")
    empty.click()
    assert page.locator("#f-text-error").is_visible()


def test_sources_page_shows_health_and_errors_beside_fields(
    new_page: Callable[..., Any], server: Server
) -> None:
    _feed(server)
    server.enable_totp(ADMIN)
    page = new_page("fr")
    sign_in(page, ADMIN, code=server.totp_code(ADMIN), next_path="/sources")
    page.goto("/sources")
    assert "press-" in page.inner_text("tbody")
    page.click("details summary")
    page.select_option("#f-kind", "rss")
    page.fill("#f-name", "bad feed")
    page.fill("#f-settings", '{"url": "ftp://nowhere"}')
    page.click("form[action='/sources'] button[type=submit]")
    assert page.locator("#f-settings-error").is_visible()
    assert "settings.url" in page.inner_text("#f-settings-error")
