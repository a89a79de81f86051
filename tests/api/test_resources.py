"""Users, teams and brand accounts: create, read, update, delete, filters and pagination."""

from __future__ import annotations

from fastapi.testclient import TestClient

from charte.service.permissions import Role
from tests.api.conftest import PASSWORD, World, bearer


def _admin(world: World) -> dict[str, str]:
    return bearer(world.b.tokens[Role.ADMIN])


def test_users_filters_and_pagination(world: World, client: TestClient) -> None:
    headers = _admin(world)
    everyone = client.get("/v1/users?limit=200", headers=headers).json()
    assert everyone["total"] == len(everyone["items"]) >= 7
    assert all("password" not in u and "totp_secret" not in u for u in everyone["items"])
    first = client.get("/v1/users?limit=2&offset=0", headers=headers).json()
    second = client.get("/v1/users?limit=2&offset=2", headers=headers).json()
    assert len(first["items"]) == 2 and first["total"] == everyone["total"]
    assert {u["id"] for u in first["items"]}.isdisjoint({u["id"] for u in second["items"]})
    approvers = client.get("/v1/users?role=approver", headers=headers).json()["items"]
    assert [u["email"] for u in approvers] == ["approver@bravo.example"]
    found = client.get("/v1/users?q=AUDIT", headers=headers).json()["items"]
    assert [u["email"] for u in found] == ["auditor@bravo.example"]
    assert client.get("/v1/users?q=%25", headers=headers).json()["total"] == 0  # LIKE wildcards are literal


def test_create_user_validation(world: World, client: TestClient) -> None:
    headers = _admin(world)
    bad_email = client.post(
        "/v1/users", json={"email": "not-an-email", "role": "employee", "password": PASSWORD}, headers=headers
    )
    assert bad_email.status_code == 422 and bad_email.json()["errors"][0]["field"] == "email"
    weak = client.post(
        "/v1/users",
        json={"email": "weak@bravo.example", "role": "employee", "password": "123"},
        headers=headers,
    )
    assert weak.status_code == 422 and weak.json()["errors"][0]["field"] == "password"
    duplicate = client.post(
        "/v1/users",
        json={
            "email": "ADMIN@bravo.example",
            "role": "employee",  # own org
            "password": PASSWORD,
        },
        headers=headers,
    )
    assert duplicate.status_code == 409
    created = client.post(
        "/v1/users",
        json={
            "email": "New.Person@Bravo.example",
            "role": "spokesperson",
            "password": PASSWORD,
            "display_name": "New Person",
        },
        headers=headers,
    )
    assert created.status_code == 201 and created.json()["email"] == "new.person@bravo.example"
    promoted = client.patch(f"/v1/users/{created.json()['id']}", json={"role": "approver"}, headers=headers)
    assert promoted.json()["role"] == "approver"


def test_teams_crud_and_members_from_the_same_organisation_only(world: World, client: TestClient) -> None:
    headers = bearer(world.b.tokens[Role.POLICY_OWNER])
    spokesperson = world.b.users[Role.SPOKESPERSON]
    created = client.post(
        "/v1/teams", json={"key": "crisis-b", "name": "Crisis", "member_ids": [spokesperson]}, headers=headers
    )
    assert created.status_code == 201, created.text
    team = created.json()
    assert team["member_ids"] == [spokesperson]
    assert (
        client.post("/v1/teams", json={"key": "crisis-b", "name": "Again"}, headers=headers).status_code
        == 409
    )
    bad_key = client.post("/v1/teams", json={"key": "Crisis Team!", "name": "x"}, headers=headers)
    assert bad_key.status_code == 422 and bad_key.json()["errors"][0]["field"] == "key"
    foreign = client.patch(
        f"/v1/teams/{team['id']}", json={"member_ids": [world.a.users[Role.ADMIN]]}, headers=headers
    )
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "member_ids"
    mine = client.get(f"/v1/teams?member_id={spokesperson}", headers=headers).json()["items"]
    assert team["id"] in [t["id"] for t in mine]
    assert client.get("/v1/teams?key=crisis-b", headers=headers).json()["total"] == 1
    assert client.delete(f"/v1/teams/{team['id']}", headers=headers).status_code == 204
    assert client.get(f"/v1/teams/{team['id']}", headers=headers).status_code == 404


def test_brand_accounts_register(world: World, client: TestClient) -> None:
    headers = _admin(world)
    owner, poster = world.b.users[Role.ADMIN], world.b.users[Role.SPOKESPERSON]
    body = {
        "platform": "mastodon",
        "handle": "@bravo@mastodon.example",
        "owner_ids": [owner],
        "poster_ids": [poster],
        "two_factor_attested": True,
        "last_rotation_at": "2026-10-01T09:00:00+02:00",
    }
    created = client.post("/v1/accounts", json=body, headers=headers)
    assert created.status_code == 201, created.text
    account = created.json()
    assert account["owner_ids"] == [owner] and account["poster_ids"] == [poster]
    assert account["last_rotation_at"].startswith("2026-10-01T07:00:00")
    assert account["two_factor_attested_at"] is not None
    assert client.post("/v1/accounts", json=body, headers=headers).status_code == 409
    naive = client.post(
        "/v1/accounts",
        json={**body, "handle": "@other", "last_rotation_at": "2026-10-01T09:00:00"},
        headers=headers,
    )
    assert naive.status_code == 422 and naive.json()["errors"][0]["field"] == "body.last_rotation_at"
    future = client.post(
        "/v1/accounts",
        json={**body, "handle": "@other", "last_rotation_at": "2999-01-01T00:00:00Z"},
        headers=headers,
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "last_rotation_at"
    bad_platform = client.post("/v1/accounts", json={**body, "platform": "My Space"}, headers=headers)
    assert bad_platform.status_code == 422
    updated = client.patch(
        f"/v1/accounts/{account['id']}",
        json={"two_factor_attested": False, "poster_ids": []},
        headers=headers,
    ).json()
    assert updated["two_factor_attested"] is False and updated["two_factor_attested_at"] is None
    assert updated["poster_ids"] == [] and updated["owner_ids"] == [owner]
    listed = client.get("/v1/accounts?platform=mastodon&two_factor_attested=false", headers=headers).json()
    assert [a["id"] for a in listed["items"]] == [account["id"]]
    assert client.get("/v1/accounts?q=BRAVO@MASTODON", headers=headers).json()["total"] == 1
    assert client.get(f"/v1/accounts?owner_id={owner}", headers=headers).json()["total"] >= 1
    assert client.delete(f"/v1/accounts/{account['id']}", headers=headers).status_code == 204


def test_organisation_is_only_ever_ones_own(world: World, client: TestClient) -> None:
    headers = _admin(world)
    listed = client.get("/v1/organisations", headers=headers).json()
    assert [o["id"] for o in listed["items"]] == [world.b.org_id]
    renamed = client.patch(f"/v1/organisations/{world.b.org_id}", json={"name": "Bravo Org"}, headers=headers)
    assert renamed.status_code == 200
    assert (
        client.patch(
            f"/v1/organisations/{world.a.org_id}", json={"name": "pwned"}, headers=headers
        ).status_code
        == 404
    )
    for blank in ("", "   "):
        empty = client.patch(f"/v1/organisations/{world.b.org_id}", json={"name": blank}, headers=headers)
        assert empty.status_code == 422, blank
