"""The account page (2FA, rotation, access, recovery), access reviews and incidents without a browser, in
English and French: the owner attests (a date in the future is refused beside its field), the hold shows and
goes; an incident's steps are ticked only by those who may; a review is answered once; another organisation's
records stay out of reach."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from charte.service import demo
from charte.store.repositories import Store
from tests.web._two_orgs import OTHER_PASSWORD, PASSWORD, signed_in, two_org_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return two_org_app(tmp_path_factory, "safety")


def _client(app: FastAPI, email: str, lang: str = "en", password: str = PASSWORD) -> tuple[TestClient, str]:
    return signed_in(app, email, lang, password, follow_redirects=False)


def _account_id(app: FastAPI, platform: str) -> int:
    with app.state.sessionmaker() as session:
        store = Store(session)
        org = store.organisations.by_slug(demo.DEMO_SLUG)
        assert org is not None
        return next(a.id for a in store.safety.organisation_accounts(org.id) if a.platform == platform)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_owner_attests_2fa_on_the_account_page(app: FastAPI, lang: str) -> None:
    client, csrf = _client(app, "admin@acme.example", lang)
    account = _account_id(app, "x")
    client.post(f"/accounts/{account}/security", data={"csrf_token": csrf, "two_factor": ""})  # withdrawn
    page = client.get(f"/accounts/{account}")
    assert page.status_code == 200
    held = {"en": "Held: the policy requires 2FA", "fr": "Suspendu"}[lang]
    assert held in page.text
    future = client.post(
        f"/accounts/{account}/attest", data={"csrf_token": csrf, "attested_on": "2999-01-01"}
    )
    assert future.status_code == 422
    assert re.search(r'id="f-attested_on-error">.*?(future|futur)', future.text, re.S)
    done = client.post(f"/accounts/{account}/attest", data={"csrf_token": csrf, "attested_on": ""})
    assert done.status_code == 303
    page = client.get(f"/accounts/{account}").text
    assert held not in page and {"en": "valid until", "fr": "valable jusqu"}[lang] in page
    rotated = client.post(f"/accounts/{account}/rotate", data={"csrf_token": csrf, "rotated_on": ""})
    assert rotated.status_code == 303
    listing = client.get("/accounts").text
    assert f'href="/accounts/{account}"' in listing


def test_only_an_owner_attests_and_an_employee_sees_no_account_page(app: FastAPI) -> None:
    approver, csrf = _client(app, "approver@acme.example")
    account = _account_id(app, "linkedin")
    assert approver.get(f"/accounts/{account}").status_code == 200
    assert "I attest" not in approver.get(f"/accounts/{account}").text
    assert approver.post(f"/accounts/{account}/attest", data={"csrf_token": csrf}).status_code == 403
    employee, _ = _client(app, "employee@acme.example")
    for path in (f"/accounts/{account}", "/incidents", "/access-reviews"):
        assert employee.get(path).status_code == 403, path


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_incident_is_worked_through_and_closed(app: FastAPI, lang: str) -> None:
    admin, csrf = _client(app, "admin@acme.example", lang)
    account = _account_id(app, "mastodon")
    empty = admin.post("/incidents", data={"csrf_token": csrf, "account_id": account, "summary": " "})
    assert empty.status_code == 422 and 'id="f-summary-error"' in empty.text
    opened = admin.post("/incidents", data={"csrf_token": csrf, "account_id": account, "summary": "phished"})
    assert opened.status_code == 303
    url = opened.headers["location"]
    page = admin.get(url).text
    assert {"en": "Tell the platform", "fr": "plateforme"}[lang] in page
    approver, approver_csrf = _client(app, "approver@acme.example", lang)
    assert approver.post(f"{url}/steps/tell_platform", data={"csrf_token": approver_csrf}).status_code == 403
    steps = re.findall(rf'action="{url}/steps/([a-z0-9_-]+)"', page)
    assert "tell_platform" in steps and "lock_publishing" not in steps  # ticked when opened
    assert admin.post(f"{url}/close", data={"csrf_token": csrf}).status_code == 409
    for step in steps:
        assert admin.post(f"{url}/steps/{step}", data={"csrf_token": csrf}).status_code == 303
    assert admin.post(f"{url}/steps/{steps[0]}", data={"csrf_token": csrf}).status_code == 409
    assert admin.post(f"{url}/close", data={"csrf_token": csrf}).status_code == 303
    assert "/steps/" not in admin.get(url).text
    other, _ = _client(app, "owner@globex.example", lang, OTHER_PASSWORD)
    assert other.get(url).status_code == 404
    assert other.get(f"/accounts/{account}").status_code == 404


def test_an_access_review_is_answered_once(app: FastAPI) -> None:
    admin, csrf = _client(app, "admin@acme.example", "fr")
    account = _account_id(app, "linkedin")
    assert admin.post("/access-reviews", data={"csrf_token": csrf, "account_id": account}).status_code == 303
    page = admin.get("/access-reviews").text
    items = re.findall(r'action="/access-reviews/(\d+)/items/(\d+)"', page)
    assert len(items) == 2  # the owner and the poster
    review, item = items[0]
    url = f"/access-reviews/{review}/items/{item}"
    assert admin.post(url, data={"csrf_token": csrf, "decision": "confirm"}).status_code == 303
    twice = admin.post(url, data={"csrf_token": csrf, "decision": "confirm"})
    assert twice.status_code == 409 and "déjà reçu sa réponse" in twice.text  # the page speaks French
    spokesperson, sp_csrf = _client(app, "spokesperson@acme.example")
    other = f"/access-reviews/{review}/items/{items[1][1]}"
    assert spokesperson.post(other, data={"csrf_token": sp_csrf, "decision": "remove"}).status_code == 403
    globex, g_csrf = _client(app, "owner@globex.example", "en", OTHER_PASSWORD)
    assert globex.post(other, data={"csrf_token": g_csrf, "decision": "remove"}).status_code == 404
    assert f"review-{review}" not in globex.get("/access-reviews").text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_dashboard_shows_the_posture_score(app: FastAPI, lang: str) -> None:
    auditor, _ = _client(app, "auditor@acme.example", lang)
    page = auditor.get("/dashboard")
    assert page.status_code == 200
    assert re.search(r'id="posture-h">[^<]*: \d+ / 100', page.text)


def test_a_held_post_shows_its_reason_on_the_calendar_and_the_draft(app: FastAPI) -> None:
    admin, csrf = _client(app, "admin@acme.example", "fr")
    api = {"X-CSRF-Token": csrf}
    account = _account_id(app, "x")
    admin.post(f"/accounts/{account}/security", data={"csrf_token": csrf, "two_factor": ""})  # not attested
    text = "Merci à toute l'équipe pour ce salon !"
    body = {"text": text, "platform": "x", "lang": "fr", "account_kind": "brand", "account_id": account}
    draft = admin.post("/v1/drafts", json=body, headers=api).json()
    if admin.post(f"/v1/drafts/{draft['id']}/submit", headers=api).json()["status"] == "in_review":
        approver, approver_csrf = _client(app, "approver@acme.example")
        approved = approver.post(
            f"/v1/approvals/{draft['id']}/approve", json={}, headers={"X-CSRF-Token": approver_csrf}
        )
        assert approved.status_code == 200, approved.text
    target = next(t for t in admin.get("/v1/publish-targets").json()["items"] if t["account_id"] is None)
    published = admin.post(f"/v1/drafts/{draft['id']}/publish", json={"target_id": target["id"]}, headers=api)
    assert published.status_code == 202, published.text
    reason = "Suspendu : la charte exige la double authentification"
    assert reason in admin.get(f"/drafts/{draft['id']}").text
    assert reason in admin.get("/calendar").text
    assert admin.post(f"/accounts/{account}/attest", data={"csrf_token": csrf}).status_code == 303
    assert admin.get(f"/v1/drafts/{draft['id']}").json()["status"] in ("publishing", "published")
