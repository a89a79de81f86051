"""The crisis page without a browser, in English and French: an approver sees no form and is refused if they post
one (the policy names admins only), the admin declares (the banner then shows on every page, the scheduled post is
paused on the calendar with its reason), ends it with a decision per post; another organisation sees no banner."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from charte.cli.demo import demo_policy_text
from charte.service import demo, drafts, policies
from charte.service.engines import EngineCache
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.store.models import PublishTarget
from charte.store.repositories import Store
from tests.web._two_orgs import OTHER_PASSWORD, PASSWORD, signed_in, two_org_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return two_org_app(tmp_path_factory, "crisis")


def _client(app: FastAPI, email: str, lang: str = "en", password: str = PASSWORD) -> tuple[TestClient, str]:
    return signed_in(app, email, lang, password, follow_redirects=False)


def _scheduled(app: FastAPI) -> int:
    """An approved personal post of the demo admin, scheduled for tomorrow: its publication id."""
    with app.state.sessionmaker() as session:
        store = Store(session)
        org = store.organisations.by_slug(demo.DEMO_SLUG)
        assert org is not None
        admin = store.users.in_org_by_email(org.id, "admin@acme.example")
        assert admin is not None
        actor = Principal.of(admin.id, org.id, Role.ADMIN, "system")
        cache = EngineCache()
        draft = drafts.create(
            store,
            actor,
            cache,
            drafts.DraftInput("Belle journée à tous !", "linkedin", account_kind="personal"),
        )
        drafts.submit(store, actor, cache, draft.id)
        target = PublishTarget(
            org_id=org.id, name=f"web-crisis-{draft.id}", connector="memory", params={"name": "webc"}
        )
        session.add(target)
        session.flush()
        when = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        row = drafts.publish(store, actor, draft.id, target_id=target.id, scheduled_at=when)
        session.commit()
        return row.id


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_declare_banner_and_end(app: FastAPI, lang: str) -> None:
    publication = _scheduled(app)
    approver, approver_csrf = _client(app, "approver@acme.example", lang)
    page = approver.get("/crisis")
    assert page.status_code == 200 and 'action="/crisis"' not in page.text  # no form for a role not named
    refused = approver.post("/crisis", data={"csrf_token": approver_csrf, "summary": "Non"})
    assert refused.status_code == 403
    admin, csrf = _client(app, "admin@acme.example", lang)
    assert admin.post("/crisis", data={"summary": "Rappel"}).status_code == 403  # no CSRF token
    empty = admin.post("/crisis", data={"csrf_token": csrf, "summary": ""})
    assert empty.status_code == 422 and 'aria-invalid="true"' in empty.text
    declared = admin.post("/crisis", data={"csrf_token": csrf, "summary": "Rappel produit"})
    assert declared.status_code == 303
    banner = {"en": "Crisis mode:", "fr": "Mode crise :"}[lang]
    for path in ("/", "/calendar", "/crisis"):
        assert banner in admin.get(path).text, path
        assert "Rappel produit" in approver.get(path).text, path
    paused = {"en": "Paused: a crisis is declared", "fr": "Suspendue : une crise est déclarée"}[lang]
    assert paused in admin.get("/calendar").text
    listed = admin.get("/crisis").text
    assert f'name="publication_id" value="{publication}"' in listed
    other, _ = _client(app, "owner@globex.example", lang, OTHER_PASSWORD)
    assert "Rappel produit" not in other.get("/").text and banner not in other.get("/crisis").text
    undecided = admin.post("/crisis/end", data={"csrf_token": csrf})
    assert undecided.status_code == 422
    ended = admin.post(
        "/crisis/end",
        data={
            "csrf_token": csrf,
            "publication_id": [str(publication)],
            "choice": ["cancel"],
            "rest": "resume",
        },
    )
    assert ended.status_code == 303
    after = admin.get("/crisis").text
    assert banner not in after and "report.pdf" in after
    report = admin.get(after.split('href="/crisis/')[1].split('"')[0].join(["/crisis/", ""]))
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    assert other.get("/crisis/1/report.pdf").status_code == 404


def test_a_spike_alert_proposes_a_crisis_that_an_admin_confirms(app: FastAPI) -> None:
    from charte.service import mentions

    with app.state.sessionmaker() as session:
        store = Store(session)
        org = store.organisations.by_slug(demo.DEMO_SLUG)
        assert org is not None
        details = {"signal": "negative", "proposes_crisis": True}
        alert = mentions.raise_alert(store, org.id, "spike", "Spike of negative mentions", details).id
        session.commit()
    approver, _ = _client(app, "approver@acme.example")
    assert f'href="/crisis?alert={alert}"' not in approver.get("/alerts").text  # may not declare
    admin, csrf = _client(app, "admin@acme.example")
    assert f'href="/crisis?alert={alert}"' in admin.get("/alerts").text
    form = admin.get(f"/crisis?alert={alert}").text
    assert f'name="alert_id" value="{alert}"' in form
    declared = admin.post("/crisis", data={"csrf_token": csrf, "summary": "Bad buzz", "alert_id": str(alert)})
    assert declared.status_code == 303
    with app.state.sessionmaker() as session:
        store = Store(session)
        row = store.alerts.get(org.id, alert)
        assert row is not None and row.acknowledged
        current = store.crises.active(org.id)
        assert current is not None and current.alert_id == alert
    assert admin.post("/crisis/end", data={"csrf_token": csrf, "rest": "resume"}).status_code == 303


def test_the_crisis_team_is_shown_by_its_name_not_its_key(app: FastAPI) -> None:
    """Globex's policy names the conflict plan's team ``crisis`` as the crisis team: the page says its name."""
    with app.state.sessionmaker() as session:
        store = Store(session)
        org = store.organisations.by_slug("globex")
        assert org is not None
        text = demo_policy_text() + "\ncrisis:\n  declare_roles: [admin]\n  team: crisis\n"
        policies.upload(store, demo.system(org.id), text, activate=True)
        team = store.teams.by_key(org.id, "crisis")
        assert team is not None and team.name != "crisis"
        name = team.name
        session.commit()
    owner, csrf = _client(app, "owner@globex.example", "fr", OTHER_PASSWORD)
    assert owner.post("/crisis", data={"csrf_token": csrf, "summary": "Panne"}).status_code == 303
    try:
        page = owner.get("/crisis").text
        assert f"cellule de crise « {name} »" in page and "« crisis »" not in page
    finally:
        assert owner.post("/crisis/end", data={"csrf_token": csrf, "rest": "resume"}).status_code == 303
