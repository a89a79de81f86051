"""Saved replies in Chromium, in English and in French: a spokesperson writes one (an unknown variable is shown
beside the field first), an approver approves it, and the spokesperson answers a mention of the inbox with it,
its variables filled, landing on the reply draft."""

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

SPOKESPERSON, APPROVER = "spokesperson@acme.example", "approver@acme.example"
WORDS = {
    "en": ("Saved replies", "waiting for approval", "Version approved.", "Suggested saved replies"),
    "fr": (
        "Réponses enregistrées",
        "en attente d'approbation",
        "Version approuvée.",
        "Réponses enregistrées suggérées",
    ),
}


def _mention(server: Server, word: str) -> int:
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
    mention = IncomingMention(
        f"{word}-1",
        f"Where is my parcel {word}? The delivery is late",
        "press.example",
        dt.datetime.now(dt.UTC),
    )
    IngestionStore(server.app.state.sessionmaker, server.app.state.engines).accept(source, Batch([mention]))

    def find(store: Any) -> int:
        from sqlalchemy import select

        from charte.store.models import Mention

        return int(store.session.scalar(select(Mention.id).where(Mention.external_id == f"{word}-1")))

    return int(server.run(find))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_write_approve_and_answer_with_a_saved_reply(
    new_page: Callable[..., Any], server: Server, lang: str
) -> None:
    title, waiting, approved, suggested = WORDS[lang]
    word = f"zq{uuid.uuid4().hex[:8]}"
    mention = _mention(server, word)
    page = new_page(lang)
    sign_in(page, SPOKESPERSON, next_path="/replies")
    page.goto("/replies")
    assert page.inner_text("h1") == title
    page.click("details summary")
    page.fill("#f-title", f"Late parcel {word}")
    page.fill("#f-body", "Hello {first_nam}, your order {order_number} is on its way.")
    page.select_option("#f-lang", "en")
    page.fill("#f-topic", f"parcel delivery {word}")
    page.click("form[action='/replies'] button[type=submit]")
    assert "first_nam" in page.inner_text("#f-body-error")
    page.fill("#f-body", "Hello, your order {order_number} is on its way. {agent_name}")
    page.click("form[action='/replies'] button[type=submit]")
    assert waiting in page.inner_text("main")
    reply_url = page.url

    checker = new_page(lang)
    sign_in(checker, APPROVER, next_path=reply_url)
    checker.goto(reply_url)
    checker.click("form[action$='/versions/1/approve'] button")
    assert approved in checker.inner_text("body")
    screenshot(checker, f"saved-reply.{lang}")

    page.goto(f"/inbox/{mention}")
    assert suggested in page.inner_text("main") and f"Late parcel {word}" in page.inner_text("main")
    page.locator("form[action$='/reply']").scroll_into_view_if_needed()
    screenshot(page, f"inbox-reply.{lang}")
    assert not page.locator("#reply-values").is_visible()  # own words: no variable to fill
    page.select_option("#f-reply_saved_reply_id", label=f"Late parcel {word}")
    # only the fields of the chosen reply's variables are shown ({agent_name} is the person's own name)
    assert page.locator("#f-reply_values_order_number").is_visible()
    assert not page.locator("#f-reply_values_case_number").is_visible()
    page.click("form[action$='/reply'] button[type=submit]")
    assert page.locator("#f-reply_values_order_number-error").is_visible()  # the value is missing
    page.select_option("#f-reply_saved_reply_id", label=f"Late parcel {word}")
    page.fill("#f-reply_values_order_number", "A-1")
    page.click("form[action$='/reply'] button[type=submit]")
    assert "/drafts/" in page.url
    assert "your order A-1 is on its way. Sam" in page.input_value("#f-text")
    page.click("button[name=action][value=submit]")  # sent for approval (or approved at once: allowed)
    assert "/drafts/" in page.url
    assert ("Soumis" if lang == "fr" else "Submitted") in page.locator(".flash").first.inner_text()
