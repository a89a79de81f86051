"""The saved replies pages and answering from the inbox page, without a browser: errors beside their field,
CSRF, who may write and approve, French words, another organisation's reply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from charte.listening.types import Batch, IncomingMention
from charte.service import demo, sources
from charte.service.ingestion import IngestionStore
from charte.store.models import BrandAccount, Mention
from charte.store.repositories import Store
from tests.web._two_orgs import OTHER_PASSWORD, PASSWORD, field_error, signed_in, two_org_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    made: list[int] = []

    def import_source(store: Store, seeded: demo.DemoSeed) -> None:
        root = demo.system(seeded.org.id)
        made.append(
            sources.create_source(store, root, kind="import", name="imports", settings={}, secret=None).id
        )

    application = two_org_app(tmp_path_factory, "replies", import_source)
    source_id = made[0]
    mention = IncomingMention(
        "page-1",
        "Mon colis n'est jamais arrivé, où en est ma livraison ?",
        "@camille",
        dt.datetime.now(dt.UTC),
        author_name="Camille Martin",
        lang="fr",
    )
    IngestionStore(application.state.sessionmaker, application.state.engines).accept(
        source_id, Batch([mention])
    )
    yield application


def _client(app: FastAPI, email: str, lang: str = "en", password: str = PASSWORD) -> tuple[TestClient, str]:
    return signed_in(app, email, lang, password)


_field_error = field_error


FORM = {
    "title": "Livraison en retard",
    "body": "Bonjour {first_name}, votre commande {order_number} arrive bientôt. {agent_name}",
    "lang": "fr",
    "intent": "complaint",
    "topic": "livraison colis",
}


def test_write_approve_and_answer_from_the_inbox(app: FastAPI) -> None:
    writer, csrf = _client(app, "spokesperson@acme.example")
    assert writer.get("/replies").status_code == 200
    bad = writer.post("/replies", data={**FORM, "body": "Bonjour {prenom}", "csrf_token": csrf})
    assert bad.status_code == 422 and "prenom" in _field_error(bad.text, "body")
    assert writer.post("/replies", data=FORM).status_code == 403  # no CSRF token
    made = writer.post("/replies", data={**FORM, "csrf_token": csrf}, follow_redirects=False)
    assert made.status_code == 303
    path = made.headers["location"]
    reply_id = int(path.rsplit("/", 1)[1])
    page = writer.get(path).text
    assert "waiting for approval" in page and "Approve v1" not in page  # a spokesperson does not approve

    approver, acsrf = _client(app, "approver@acme.example")
    assert "Approve v1" in approver.get(path).text
    refused = approver.post(f"{path}/versions/1/reject", data={"reason": "", "csrf_token": acsrf})
    assert refused.status_code == 422 and _field_error(refused.text, "reason")
    done = approver.post(f"{path}/versions/1/approve", data={"csrf_token": acsrf}, follow_redirects=False)
    assert done.status_code == 303
    assert "none yet" not in approver.get(path).text

    admin, scsrf = _client(app, "admin@acme.example")
    with app.state.sessionmaker() as session:
        mention_id = session.scalar(select(Mention.id).where(Mention.external_id == "page-1"))
        account_id = session.scalar(select(BrandAccount.id).where(BrandAccount.platform == "linkedin"))
    inbox = admin.get(f"/inbox/{mention_id}").text
    assert "Suggested saved replies" in inbox and "Livraison en retard" in inbox
    form = {"saved_reply_id": str(reply_id), "account_id": str(account_id), "csrf_token": scsrf}
    missing = admin.post(f"/inbox/{mention_id}/reply", data=form)
    assert missing.status_code == 422 and "order_number" in _field_error(
        missing.text, "reply_values_order_number"
    )
    sent = admin.post(
        f"/inbox/{mention_id}/reply", data={**form, "value_order_number": "A-1"}, follow_redirects=False
    )
    assert sent.status_code == 303 and sent.headers["location"].startswith("/drafts/")
    draft = admin.get(sent.headers["location"]).text
    assert "Bonjour Camille, votre commande A-1 arrive bientôt." in unescape(draft)
    answered = admin.get(f"/inbox/{mention_id}").text
    assert "Reply #" in answered and "· Draft" in answered and "· draft" not in answered  # its state in words
    assert "1" in admin.get("/replies").text

    other, _ = _client(app, "owner@globex.example", password=OTHER_PASSWORD)
    assert other.get(path).status_code == 404
    assert other.get(f"/inbox/{mention_id}").status_code == 404


def test_who_may_see_and_write(app: FastAPI) -> None:
    employee, _ = _client(app, "employee@acme.example")
    assert employee.get("/replies").status_code == 403
    approver, acsrf = _client(app, "approver@acme.example")
    page = approver.get("/replies").text
    assert "Write a saved reply" not in page  # approvers approve; the policy's editors write
    assert approver.post("/replies", data={**FORM, "csrf_token": acsrf}).status_code == 403


def test_the_pages_in_french(app: FastAPI) -> None:
    writer, _ = _client(app, "spokesperson@acme.example", "fr")
    page = writer.get("/replies").text
    assert "Réponses enregistrées" in page and "Saved replies" not in page
