"""The hot path of ``/v1/check``: compiled policies cached per version and followed across worker processes,
authentication by a hash lookup (never argon2), one transaction per request, errors still problem+json."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from charte.api import create_app
from charte.cli.demo import demo_policy_text
from charte.service import engines, policies, security
from charte.service.demo import system
from charte.service.permissions import Role
from charte.store.db import make_engine
from charte.store.models import ApiToken
from tests.api.conftest import PASSWORD, World, bearer

ORION = {"text": "Le projet Orion avance bien", "lang": "fr"}


@pytest.fixture()
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source name of every policy the engine cache compiles."""
    seen: list[str] = []
    real = engines.parse_policy

    def counting(text: str, source: str):  # type: ignore[no-untyped-def]
        seen.append(source)
        return real(text, source)

    monkeypatch.setattr(engines, "parse_policy", counting)
    return seen


@pytest.fixture()
def other_worker(world: World) -> Iterator[TestClient]:
    """A second application on the same database with its own connection pool and engine cache: what
    another ``charte serve`` worker process holds."""
    engine = make_engine(world.url)
    app = create_app(world.settings, engine=engine)
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as client:
        yield client
    engine.dispose()


def _activate(world: World, text: str) -> int:
    return world.run(lambda store: policies.upload(store, system(world.a.org_id), text, activate=True).id)


def test_each_policy_version_is_compiled_once_per_worker(
    world: World, client: TestClient, compiles: list[str]
) -> None:
    headers = bearer(world.a.tokens[Role.EMPLOYEE])
    world.app.state.engines = engines.EngineCache()  # cold, as in a fresh worker
    for _ in range(3):
        assert client.post("/v1/check", json=ORION, headers=headers).status_code == 200
    assert compiles == [f"policy #{world.a.policy_id}"]


def test_an_activation_is_followed_at_once_by_every_worker(
    world: World, client: TestClient, other_worker: TestClient, compiles: list[str]
) -> None:
    headers = bearer(world.a.tokens[Role.EMPLOYEE])
    for worker in (client, other_worker):  # both caches hold the current version
        assert worker.post("/v1/check", json=ORION, headers=headers).json()["verdict"] == "allow"
    compiled_before = len(compiles)
    orion = _activate(
        world, demo_policy_text().replace('code_names: ["Phénix"]', 'code_names: ["Phénix", "Orion"]')
    )
    try:
        # The activation went through neither application's cache: each sees the new version on its next check.
        for worker in (other_worker, client):
            assert worker.post("/v1/check", json=ORION, headers=headers).json()["verdict"] == "block"
        assert compiles[compiled_before:] == [f"policy #{orion}", f"policy #{orion}"]
    finally:
        back = world.run(lambda store: policies.activate(store, system(world.a.org_id), world.a.policy_id).id)
    assert back == world.a.policy_id
    for worker in (other_worker, client):  # the older version is still cached: no compile to go back
        assert worker.post("/v1/check", json=ORION, headers=headers).json()["verdict"] == "allow"
    assert len(compiles) == compiled_before + 2


def test_tokens_are_checked_by_their_hash_never_by_argon2(
    world: World, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_argon2(*_args: object) -> bool:
        raise AssertionError("argon2 on the hot path")

    monkeypatch.setattr(security, "verify_password", no_argon2)
    response = client.post(
        "/v1/check", json={"text": "Bonjour"}, headers=bearer(world.a.tokens[Role.EMPLOYEE])
    )
    assert response.status_code == 200, response.text


def test_the_check_commits_the_token_use(world: World, client: TestClient) -> None:
    created = client.post(
        "/v1/tokens",
        json={"name": "fresh", "scopes": ["check"], "expires_in_days": 1},
        headers=bearer(world.a.tokens[Role.EMPLOYEE]),
    ).json()
    assert (
        client.post("/v1/check", json={"text": "Bonjour"}, headers=bearer(created["token"])).status_code
        == 200
    )
    with world.app.state.sessionmaker() as session:
        used = session.scalar(select(ApiToken.last_used_at).where(ApiToken.id == created["id"]))
    assert used is not None


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
        ({"Authorization": "Bearer "}, 401),
        ({"Authorization": "Bearer chk_not-a-real-token"}, 401),
    ],
)
def test_a_check_without_valid_credentials_is_refused(
    world: World, client: TestClient, headers: dict[str, str], status: int
) -> None:
    response = client.post("/v1/check", json={"text": "Bonjour"}, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:charte:problem:unauthenticated"
    assert "Bonjour" not in response.text


def test_a_role_without_the_check_permission_is_refused(world: World, client: TestClient) -> None:
    response = client.post(
        "/v1/check", json={"text": "Bonjour"}, headers=bearer(world.a.tokens[Role.AUDITOR])
    )
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


def test_bad_bodies_are_problems_whatever_the_credentials(world: World, client: TestClient) -> None:
    for headers in (bearer(world.a.tokens[Role.EMPLOYEE]), bearer("chk_not-a-real-token")):
        response = client.post("/v1/check", json={"text": 42}, headers=headers)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == "body.text"
    response = client.post("/v1/check", json={"text": "hi"})
    assert response.status_code == 401  # no credentials at all: refused before the body is looked at


def test_a_browser_check_needs_the_csrf_header(world: World, client: TestClient) -> None:
    login = client.post("/v1/auth/login", json={"email": world.a.emails[Role.EMPLOYEE], "password": PASSWORD})
    csrf = login.json()["csrf_token"]
    refused = client.post("/v1/check", json={"text": "Bonjour"})
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["detail"]
    accepted = client.post("/v1/check", json={"text": "Bonjour"}, headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 200, accepted.text
    client.post("/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert (
        client.post("/v1/check", json={"text": "Bonjour"}, headers={"X-CSRF-Token": csrf}).status_code == 401
    )
