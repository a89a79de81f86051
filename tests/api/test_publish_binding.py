"""A post cannot escape its account's rules (issue 10, severe 5), and the test connector is not for everyone.

- a target bound to a brand account publishes only brand drafts for that account, written and
  published by people who may post on it *now*;
- a personal draft (auto-approved, never under ``review_brand_posts``) never goes out through a
  brand-bound target, and a personal draft cannot carry a brand account at all;
- the in-memory connector is offered only when the operator turns it on, and each organisation's
  outboxes are its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from charte.connectors.memory import outbox
from charte.service import accounts
from charte.service.demo import system
from charte.service.permissions import Role
from tests.api.conftest import Tenant, World, bearer

R = Role
OK_TEXT = "Merci à toute l'équipe pour ce salon !"
Api = Callable[..., dict]


@pytest.fixture(scope="module")
def tenant(world: World) -> Tenant:
    return world.a


@pytest.fixture()
def api(client: TestClient, tenant: Tenant) -> Iterator[Api]:
    def call(method: str, path: str, who: Role, json: object = None, status: int | None = None) -> dict:
        response = client.request(method, path, json=json, headers=bearer(tenant.tokens[who]))
        if status is not None:
            assert response.status_code == status, response.text
        return response.json() if response.content else {}

    yield call


def _target(api: Api, name: str, account_id: int | None, outbox_name: str = "binding") -> int:
    return api(
        "POST",
        "/v1/publish-targets",
        R.ADMIN,
        {"name": name, "connector": "memory", "params": {"name": outbox_name}, "account_id": account_id},
        201,
    )["id"]


def _approved(api: Api, who: Role, **fields: object) -> dict:
    """A draft written by ``who``, submitted, and approved by the approver when it went to review."""
    draft = api(
        "POST", "/v1/drafts", who, {"text": OK_TEXT, "platform": "linkedin", "lang": "fr", **fields}, 201
    )
    submitted = api("POST", f"/v1/drafts/{draft['id']}/submit", who, None, 200)
    if submitted["status"] == "in_review":
        api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 200)
    return draft


def _set_posters(world: World, tenant: Tenant, posters: list[int]) -> None:
    world.run(
        lambda store: accounts.update(store, system(tenant.org_id), tenant.account_id, poster_ids=posters)
    )


def test_a_personal_draft_never_goes_out_through_a_brand_bound_target(api: Api, tenant: Tenant) -> None:
    draft = _approved(api, R.SPOKESPERSON, account_kind="personal")
    assert api("GET", f"/v1/drafts/{draft['id']}", R.SPOKESPERSON, None, 200)["status"] == "approved"
    brand_target = _target(api, "brand-bound", tenant.account_id)
    refused = api(
        "POST", f"/v1/drafts/{draft['id']}/publish", R.SPOKESPERSON, {"target_id": brand_target}, 422
    )
    assert "personal post cannot go out" in refused["detail"]
    assert api("GET", f"/v1/drafts/{draft['id']}", R.SPOKESPERSON, None, 200)["status"] == "approved"
    # an admin (who may post on every account) cannot push it through either
    api("POST", f"/v1/drafts/{draft['id']}/publish", R.ADMIN, {"target_id": brand_target}, 422)
    # the same draft may still go out through a target bound to no account
    free_target = _target(api, "unbound", None)
    api("POST", f"/v1/drafts/{draft['id']}/publish", R.SPOKESPERSON, {"target_id": free_target}, 202)


def test_a_personal_draft_cannot_name_a_brand_account(api: Api, tenant: Tenant) -> None:
    body = {
        "text": OK_TEXT,
        "platform": "linkedin",
        "lang": "fr",
        "account_kind": "personal",
        "account_id": tenant.account_id,
    }
    refused = api("POST", "/v1/drafts", R.ADMIN, body, 422)
    assert "account_id" in str(refused)
    draft = api("POST", "/v1/drafts", R.ADMIN, {**body, "account_id": None}, 201)
    api("PATCH", f"/v1/drafts/{draft['id']}", R.ADMIN, {"account_id": tenant.account_id, "version": 1}, 422)


def test_a_brand_target_publishes_only_for_its_posters(api: Api, world: World, tenant: Tenant) -> None:
    spokesperson = tenant.users[R.SPOKESPERSON]
    _set_posters(world, tenant, [spokesperson])
    try:
        target = _target(api, "brand-posters", tenant.account_id)
        draft = _approved(api, R.SPOKESPERSON, account_kind="brand", account_id=tenant.account_id)
        # the spokesperson is no longer one of the account's posters: the approved draft stays in
        _set_posters(world, tenant, [])
        refused = api("POST", f"/v1/drafts/{draft['id']}/publish", R.SPOKESPERSON, {"target_id": target}, 403)
        assert f"brand account {tenant.account_id}" in refused["detail"]
        # nor can an admin publish it for them: its author may not post on the account
        api("POST", f"/v1/drafts/{draft['id']}/publish", R.ADMIN, {"target_id": target}, 403)
        _set_posters(world, tenant, [spokesperson])
        api("POST", f"/v1/drafts/{draft['id']}/publish", R.SPOKESPERSON, {"target_id": target}, 202)
    finally:
        _set_posters(world, tenant, [])


def test_a_brand_draft_goes_out_only_on_its_own_account(api: Api, world: World, tenant: Tenant) -> None:
    other = world.run(
        lambda store: accounts.create(
            store,
            system(tenant.org_id),
            platform="linkedin",
            handle="@binding-other",
            display_name="Other",
            owner_ids=[tenant.users[R.ADMIN]],
            poster_ids=[],
            two_factor_attested=True,
            last_rotation_at=None,
        )
    ).id
    draft = _approved(api, R.ADMIN, account_kind="brand", account_id=tenant.account_id)
    other_target = _target(api, "other-account", other)
    refused = api("POST", f"/v1/drafts/{draft['id']}/publish", R.ADMIN, {"target_id": other_target}, 422)
    assert "another brand account" in refused["detail"]


def test_the_memory_connector_is_offered_only_when_the_operator_turns_it_on(api: Api, world: World) -> None:
    from charte.connectors.base import ConnectorEnv, using

    with using(ConnectorEnv(memory=False)):
        refused = api(
            "POST",
            "/v1/publish-targets",
            R.ADMIN,
            {"name": "twin-off", "connector": "memory", "params": {"name": "x"}},
            422,
        )
        assert "unknown connector 'memory'" in refused["detail"] and "webhook" in refused["detail"]
    target = _target(api, "twin-on", None, "switched-off")
    draft = _approved(api, R.SPOKESPERSON, account_kind="personal")
    with using(ConnectorEnv(memory=False)):  # turned off after the target was made: listed, but sends nothing
        listed = api("GET", "/v1/publish-targets?limit=200", R.ADMIN, None, 200)["items"]
        assert any(t["id"] == target and t["params"] == {"name": "switched-off"} for t in listed)
        api("POST", f"/v1/drafts/{draft['id']}/publish", R.SPOKESPERSON, {"target_id": target}, 422)


def test_outboxes_are_per_organisation(api: Api, world: World, tenant: Tenant) -> None:
    import time

    other = world.b if tenant.org_id == world.a.org_id else world.a
    theirs = outbox("shared-name", other.org_id)
    theirs.reset()
    mine = outbox("shared-name", tenant.org_id)
    mine.reset()
    target = _target(api, "shared-name-target", None, "shared-name")
    draft = _approved(api, R.SPOKESPERSON, account_kind="personal")
    api("POST", f"/v1/drafts/{draft['id']}/publish", R.SPOKESPERSON, {"target_id": target}, 202)
    deadline = time.monotonic() + 20
    while not mine.posts and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(mine.posts) == 1 and theirs.posts == {} and theirs.calls == 0
