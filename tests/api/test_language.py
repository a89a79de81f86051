"""The API answers in the caller's language (``Accept-Language``): the service's refusals and the problems'
titles in French for ``fr``, in English otherwise; ``PATCH /v1/me`` keeps one's interface language."""

from __future__ import annotations

from fastapi.testclient import TestClient

from charte.service.permissions import Role
from tests.api.conftest import PASSWORD, World, bearer

FR = {"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8"}


def test_a_missing_permission_is_refused_in_french(world: World, client: TestClient) -> None:
    employee = bearer(world.a.tokens[Role.EMPLOYEE])
    french = client.get("/v1/approvals", headers={**employee, **FR}).json()
    assert french["title"] == "Accès refusé"
    assert french["detail"] == "votre rôle ou votre jeton n'autorise pas «\u00a0approvals:act\u00a0»"
    assert french["permission"] == "approvals:act"  # for programs: the same in every language
    english = client.get("/v1/approvals", headers=employee).json()
    assert english["title"] == "Forbidden"
    assert english["detail"] == "your role or token does not grant 'approvals:act'"


def test_a_duplicate_team_and_a_scope_beyond_one_s_own_in_french(world: World, client: TestClient) -> None:
    owner = {**bearer(world.a.tokens[Role.POLICY_OWNER]), **FR}
    team = {"key": "fr-dup", "name": "Doublon", "member_ids": []}
    assert client.post("/v1/teams", json=team, headers=owner).status_code == 201
    again = client.post("/v1/teams", json=team, headers=owner)
    assert again.status_code == 409
    assert again.json()["detail"] == "une équipe de clé «\u00a0fr-dup\u00a0» existe déjà"
    assert again.json()["title"] == "Conflit"
    employee = {**bearer(world.a.tokens[Role.EMPLOYEE]), **FR}
    beyond = client.post(
        "/v1/tokens", json={"name": "x", "scopes": ["audit:read"], "expires_in_days": 1}, headers=employee
    )
    assert beyond.status_code == 422
    error = beyond.json()["errors"][0]
    assert error["field"] == "scopes"
    assert error["message"] == "vous ne pouvez pas accorder ce que vous n'avez pas : audit:read"


def test_a_bad_password_change_is_refused_in_french(world: World, client: TestClient) -> None:
    login = client.post(
        "/v1/auth/login", json={"email": world.a.emails[Role.AUDITOR], "password": PASSWORD}, headers=FR
    )
    assert login.status_code == 200, login.text
    headers = {"X-CSRF-Token": login.json()["csrf_token"], **FR}
    weak = client.post(
        "/v1/me/password", json={"current_password": PASSWORD, "new_password": "short"}, headers=headers
    )
    assert weak.status_code == 422
    assert weak.json()["errors"] == [
        {"field": "new_password", "message": "doit compter au moins 12 caractères"}
    ]
    wrong = client.post(
        "/v1/me/password",
        json={"current_password": "not the password", "new_password": "a long and unusual passphrase 42"},
        headers=headers,
    )
    assert wrong.status_code == 401 and wrong.json()["detail"] == "le mot de passe actuel n'est pas le bon"


def test_one_s_language_is_kept_and_validated(world: World, client: TestClient) -> None:
    me = bearer(world.a.tokens[Role.SPOKESPERSON])
    kept = client.patch("/v1/me", json={"language": "fr"}, headers=me)
    assert kept.status_code == 200 and kept.json()["user"]["language"] == "fr"
    assert client.get("/v1/me", headers=me).json()["user"]["language"] == "fr"
    bad = client.patch("/v1/me", json={"language": "de"}, headers={**me, **FR})
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"field": "language", "message": "choisissez parmi en, fr"}]
    too_long = client.patch("/v1/me", json={"language": "x" * 50}, headers=me)
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "body.language"
    other = bearer(world.b.tokens[Role.SPOKESPERSON])
    assert client.get("/v1/me", headers=other).json()["user"]["language"] is None  # one's own only
    assert client.patch("/v1/me", json={"language": "en"}, headers=me).json()["user"]["language"] == "en"


def test_pydantic_s_own_validation_errors_are_answered_in_french(world: World, client: TestClient) -> None:
    """A bad body reaches pydantic before the service: its errors are in the caller's language too (the
    field and the machine ``type`` stay as they are); English keeps pydantic's sentences."""
    employee = bearer(world.a.tokens[Role.EMPLOYEE])
    body = {"text": "Bonjour", "functions": ["x" * 65], "account": "group", "unknown": 1}
    french = client.post("/v1/check", json=body, headers={**employee, **FR})
    assert french.status_code == 422, french.text
    errors = {e["type"]: e for e in french.json()["errors"]}
    assert errors["string_too_long"]["message"] == "Indiquez au plus 64 caractères."
    assert errors["string_too_long"]["field"] == "body.functions.0"
    assert errors["literal_error"]["message"] == "Indiquez l'une de ces valeurs : 'personal' ou 'brand'."
    assert errors["extra_forbidden"]["message"] == "Ce champ n'est pas accepté ici."
    assert french.json()["title"] != "Unprocessable Entity"
    english = client.post("/v1/check", json=body, headers=employee)
    assert {e["type"] for e in english.json()["errors"]} == set(errors)
    assert all(not e["message"].startswith("Indiquez") for e in english.json()["errors"])
    missing = client.post("/v1/check", json={}, headers={**employee, **FR}).json()["errors"]
    assert {"field": "body.text", "message": "Ce champ est obligatoire.", "type": "missing"} in missing
