"""The policy, dashboard, audit, tokens, people and accounts pages without a browser: who may open each, what
an employee never sees, errors beside their field for bad input, CSRF, and another organisation's objects."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from charte.audit.store import AuditLog
from charte.cli.demo import demo_policy_text
from charte.service import demo, policies
from charte.store.repositories import Store
from tests.web._two_orgs import OTHER_PASSWORD, PASSWORD, field_error, signed_in, two_org_app

SECRET = "Orion"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """The demo organisation (its policy protects a second code name) and another one, with its own owner."""

    def second_code_name(store: Store, seeded: demo.DemoSeed) -> None:
        text = demo_policy_text().replace('code_names: ["Phénix"]', f'code_names: ["Phénix", "{SECRET}"]')
        policies.upload(store, demo.system(seeded.org.id), text, comment=f"code name {SECRET}", activate=True)

    return two_org_app(tmp_path_factory, "admin", second_code_name)


def _client(app: FastAPI, email: str, lang: str = "en", password: str = PASSWORD) -> tuple[TestClient, str]:
    return signed_in(app, email, lang, password)


_field_error = field_error


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_employee_reads_the_policy_without_its_confidential_terms(app: FastAPI, lang: str) -> None:
    client, _ = _client(app, "employee@acme.example", lang)
    for path in ("/policy", f"/policy?lang={lang}", "/policy/document.md", "/policy/document.html"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert (
            SECRET not in response.text
            and "Phénix" not in response.text
            and "code_names" not in response.text
        )
    page = client.get("/policy").text
    assert "/policy/upload" not in page and "Versions" not in page
    refused = client.get("/policy/upload")
    assert refused.status_code == 403
    words = (
        "upload and activate policy versions"
        if lang == "en"
        else "déposer et activer des versions de la charte"
    )
    assert words in refused.text


def test_the_owner_sees_the_versions_and_the_upload_form(app: FastAPI) -> None:
    client, _ = _client(app, "policy@acme.example")
    page = client.get("/policy").text
    assert f"code name {SECRET}" in page  # the upload comment, for owners
    assert SECRET not in page.split('<article class="policy-doc"', 1)[1].split("</article>", 1)[0]
    assert SECRET in client.get("/policy/upload").text  # the file itself, to edit


def test_upload_errors_come_back_beside_the_field_with_their_line(app: FastAPI) -> None:
    client, csrf = _client(app, "policy@acme.example", "fr")
    broken = "schema_version: 1\npolicy:\n  id: x\n   version: [oops\n"
    response = client.post("/policy/upload", data={"csrf_token": csrf, "yaml_text": broken})
    assert response.status_code == 422
    assert "1 erreur(s)" in _field_error(response.text, "yaml_text")
    assert "Ligne 4" in response.text and broken.split("\n")[3] in response.text  # the text is kept
    not_utf8 = client.post(
        "/policy/upload",
        data={"csrf_token": csrf},
        files={"file": ("p.yaml", b"\xff\xfe\x00bad", "application/yaml")},
    )
    assert not_utf8.status_code == 422 and "UTF-8" in _field_error(not_utf8.text, "file")
    empty = client.post("/policy/upload", data={"csrf_token": csrf, "yaml_text": "  "})
    assert empty.status_code == 422 and _field_error(empty.text, "yaml_text")
    without_csrf = client.post("/policy/upload", data={"yaml_text": demo_policy_text()})
    assert without_csrf.status_code == 403


def test_a_file_upload_stores_a_version_to_compare_and_activate(app: FastAPI) -> None:
    client, csrf = _client(app, "policy@acme.example")
    text = demo_policy_text().replace(
        'code_names: ["Phénix"]', '["Phénix", "Lyra"]'.join(["code_names: ", ""])
    )
    response = client.post(
        "/policy/upload",
        data={"csrf_token": csrf, "comment": "lyra"},
        files={"file": ("policy.yaml", text.encode(), "application/yaml")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    version = client.get(response.headers["location"])
    assert version.status_code == 200 and "Lyra" in version.text and '<table class="changes">' in version.text
    other, _ = _client(app, "owner@globex.example", password=OTHER_PASSWORD)
    assert other.get(response.headers["location"]).status_code == 404  # another organisation's version
    assert other.post(response.headers["location"] + "/activate", data={"csrf_token": "x"}).status_code in (
        403,
        404,
    )


def test_the_dashboard_and_the_audit_refuse_an_employee_in_words(app: FastAPI) -> None:
    client, _ = _client(app, "employee@acme.example")
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 403 and "see the dashboard&#39;s figures" in dashboard.text
    audit = client.get("/audit")
    assert audit.status_code == 403 and "read and export the audit record" in audit.text
    assert client.get("/audit/export.csv").status_code == 403


def test_bad_periods_are_named(app: FastAPI) -> None:
    client, _ = _client(app, "auditor@acme.example", "fr")
    response = client.get("/dashboard?since=2026-02-30")
    assert response.status_code == 422 and "AAAA-MM-JJ" in _field_error(response.text, "since")
    backwards = client.get("/dashboard?since=2026-12-01&until=2026-11-01")
    assert backwards.status_code == 422 and _field_error(backwards.text, "since")
    audit = client.get("/audit?from=2026-12-01&to=2026-11-01")
    assert audit.status_code == 422 and _field_error(audit.text, "from")
    unknown = client.get("/audit?action=made.up")
    assert unknown.status_code == 422 and _field_error(unknown.text, "action")


def test_the_audit_export_holds_the_organisation_s_own_entries(app: FastAPI) -> None:
    client, _ = _client(app, "auditor@acme.example")
    rows = list(csv.DictReader(io.StringIO(client.get("/audit/export.csv?action=policy.change").text)))
    assert rows and {r["action"] for r in rows} == {"policy.change"}
    assert len({r["org_id"] for r in rows}) == 1
    assert "intact" in client.get("/audit?verify=true").text
    jsonl = client.get("/audit/export.jsonl")
    assert jsonl.headers["content-type"].startswith("application/x-ndjson") and jsonl.text.count("\n") > 3


def test_a_token_secret_is_shown_once_and_scopes_are_bounded(app: FastAPI) -> None:
    client, csrf = _client(app, "employee@acme.example")
    made = client.post(
        "/tokens", data={"csrf_token": csrf, "name": "script", "scopes": ["check"], "expires_in_days": "30"}
    )
    secret = re.search(r'id="new-secret"[^>]*value="([^"]+)"', made.text)
    assert made.status_code == 200 and secret
    assert secret.group(1) not in client.get("/tokens").text
    beyond = client.post(
        "/tokens", data={"csrf_token": csrf, "name": "x", "scopes": ["audit:read"], "expires_in_days": "30"}
    )
    assert beyond.status_code == 422 and "audit:read" in _field_error(beyond.text, "scopes")
    too_long = client.post(
        "/tokens", data={"csrf_token": csrf, "name": "x", "scopes": ["check"], "expires_in_days": "99999"}
    )
    assert too_long.status_code == 422 and _field_error(too_long.text, "expires_in_days")


def test_people_and_accounts_forms_validate_and_keep_the_last_admin(app: FastAPI) -> None:
    client, csrf = _client(app, "admin@acme.example")
    bad = client.post(
        "/people", data={"csrf_token": csrf, "email": "nope", "role": "employee", "password": "x"}
    )
    assert bad.status_code == 422 and _field_error(bad.text, "email")
    role = client.post("/people", data={"csrf_token": csrf, "email": "a@acme.example", "role": "king"})
    assert role.status_code == 422 and _field_error(role.text, "role")
    with app.state.sessionmaker() as session:
        admin = Store(session).users.by_email("admin@acme.example")
        assert admin is not None
        admin_id = admin.id
    demote = client.post(
        f"/people/{admin_id}", data={"csrf_token": csrf, "role": "employee", "active": "true"}
    )
    assert demote.status_code == 409 and "last active admin" in demote.text
    team = client.post("/teams", data={"csrf_token": csrf, "key": "Not A Key"})
    assert team.status_code == 422 and _field_error(team.text, "key")
    account = client.post(
        "/accounts",
        data={"csrf_token": csrf, "platform": "linkedin", "handle": "x", "last_rotation": "2999-01-01"},
    )
    assert account.status_code == 422 and _field_error(account.text, "last_rotation")
    employee, _ = _client(app, "employee@acme.example")
    assert employee.get("/people").status_code == 403 and employee.get("/accounts").status_code == 403


def test_service_refusals_read_in_french_beside_their_field(app: FastAPI) -> None:
    """The service's own messages (a duplicate team, a scope one does not hold, a weak new password) come in
    the page's language, not as an English "Details" line."""
    client, csrf = _client(app, "admin@acme.example", lang="fr")
    first = client.post(
        "/teams", data={"csrf_token": csrf, "key": "social-fr", "name": "Réseaux"}, follow_redirects=False
    )
    assert first.status_code == 303, first.text
    again = client.post("/teams", data={"csrf_token": csrf, "key": "social-fr", "name": "Réseaux"})
    assert again.status_code == 409
    assert (
        unescape(_field_error(again.text, "key")) == "une équipe de clé «\u00a0social-fr\u00a0» existe déjà"
    )
    employee, employee_csrf = _client(app, "employee@acme.example", lang="fr")
    beyond = employee.post(
        "/tokens",
        data={"csrf_token": employee_csrf, "name": "x", "scopes": ["audit:read"], "expires_in_days": "30"},
    )
    assert beyond.status_code == 422
    assert unescape(_field_error(beyond.text, "scopes")).startswith(
        "vous ne pouvez pas accorder ce que vous n'avez"
    )
    weak = client.post(
        "/people",
        data={
            "csrf_token": csrf,
            "email": "weak@acme.example",
            "role": "employee",
            "password": "password1234",
        },
    )
    assert weak.status_code == 422
    assert unescape(_field_error(weak.text, "password")).startswith(
        "est trop facile à deviner : c'est un mot de"
    )
    with app.state.sessionmaker() as session:
        admin = Store(session).users.by_email("admin@acme.example")
        assert admin is not None
        admin_id = admin.id
    demote = client.post(
        f"/people/{admin_id}", data={"csrf_token": csrf, "role": "employee", "active": "true"}
    )
    assert demote.status_code == 409  # the error page: its details in French, no longer marked as English
    assert "c'est le dernier administrateur actif de l'organisation" in unescape(demote.text)
    assert '<span lang="en">' not in demote.text


def test_the_audit_shows_who_by_name_within_the_organisation_only(app: FastAPI) -> None:
    """People of the reader's organisation show by name (e-mail on hover), tokens by name; another
    organisation's user stays a raw reference; the export keeps raw references."""
    admin, csrf = _client(app, "admin@acme.example")
    made = admin.post(
        "/v1/tokens",
        json={"name": "nightly-report", "scopes": ["tokens:write"], "expires_in_days": 5},
        headers={"X-CSRF-Token": csrf},
    )
    assert made.status_code == 201, made.text
    by_token = {"Authorization": f"Bearer {made.json()['token']}"}
    child = {"name": "child", "scopes": ["tokens:write"], "expires_in_days": 1}
    assert admin.post("/v1/tokens", json=child, headers=by_token).status_code == 201  # done through the token
    with app.state.sessionmaker() as session:
        store = Store(session)
        acme = store.users.by_email("admin@acme.example")
        stranger = store.users.by_email("owner@globex.example")
        assert acme is not None and stranger is not None
        AuditLog(session).append(acme.org_id, f"user:{stranger.id}", "user.change", "user", "0", {})
        session.commit()
        admin_ref, stranger_ref = f"user:{acme.id}", f"user:{stranger.id}"
    auditor, _ = _client(app, "auditor@acme.example")
    page = auditor.get("/audit").text
    assert f'title="admin@acme.example · {admin_ref}">Alice Admin</span>' in page
    assert re.search(
        r'title="admin@acme.example · user:\d+/token:\d+">Alice Admin \(token “nightly-report”\)', page
    )
    assert f"<code>{stranger_ref}</code>" in page and "globex" not in page
    export = auditor.get("/audit/export.csv").text
    assert stranger_ref in export and admin_ref in export and "Alice Admin" not in export
