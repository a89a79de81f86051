"""The account register enforced (issue 16): publishing held without a valid 2FA attestation and during an
incident, released after; offboarding revokes a token in use within one request; access reviews answered once;
playbook steps ticked only by those who may; one organisation never reaches another's records."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from charte.cli.demo import demo_policy_text
from charte.connectors.memory import outbox
from charte.errors import PolicyError
from charte.service import accounts, policies, tokens, users
from charte.service.demo import system
from charte.service.permissions import Role
from charte.service.principal import Principal
from tests.api.conftest import PASSWORD, Tenant, World, bearer

R = Role
OK_TEXT = "Merci à toute l'équipe pour ce salon !"
Api = Callable[..., dict]


@pytest.fixture(scope="module")
def tenant(world: World) -> Tenant:
    return world.a


@pytest.fixture()
def api(client: TestClient, tenant: Tenant) -> Iterator[Api]:
    def call(
        method: str,
        path: str,
        who: Role,
        json: object = None,
        status: int | None = None,
        t: Tenant | None = None,
    ) -> dict:
        response = client.request(method, path, json=json, headers=bearer((t or tenant).tokens[who]))
        if status is not None:
            assert response.status_code == status, response.text
        return response.json() if response.content else {}

    yield call


def _account(
    world: World, tenant: Tenant, handle: str, *, attested: bool, posters: list[int] | None = None
) -> int:
    return world.run(
        lambda store: accounts.create(
            store,
            system(tenant.org_id),
            platform="linkedin",
            handle=handle,
            display_name=handle,
            owner_ids=[tenant.users[R.ADMIN]],
            poster_ids=posters or [],
            two_factor_attested=attested,
            last_rotation_at=None,
        )
    ).id


def _publish(api: Api, account_id: int, box: str) -> dict:
    """An admin's brand post for ``account_id``, approved and published through a memory target."""
    target = api(
        "POST",
        "/v1/publish-targets",
        R.ADMIN,
        {"name": f"t-{box}", "connector": "memory", "params": {"name": box}, "account_id": account_id},
        201,
    )["id"]
    draft = api(
        "POST",
        "/v1/drafts",
        R.ADMIN,
        {
            "text": OK_TEXT,
            "platform": "linkedin",
            "lang": "fr",
            "account_kind": "brand",
            "account_id": account_id,
        },
        201,
    )
    if api("POST", f"/v1/drafts/{draft['id']}/submit", R.ADMIN, None, 200)["status"] == "in_review":
        api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 200)
    api("POST", f"/v1/drafts/{draft['id']}/publish", R.ADMIN, {"target_id": target}, 202)
    return draft


def _wait(condition: Callable[[], bool], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_publishing_is_held_without_2fa_and_released_by_an_owners_attestation(
    api: Api, world: World, tenant: Tenant
) -> None:
    account = _account(world, tenant, "@no-2fa", attested=False)
    box = outbox("held-2fa", tenant.org_id)
    box.reset()
    draft = _publish(api, account, "held-2fa")
    shown = api("GET", f"/v1/drafts/{draft['id']}", R.ADMIN, None, 200)
    assert shown["status"] == "held"
    assert shown["publication"]["status"] == "held" and "2FA" in shown["publication"]["last_error"]
    time.sleep(1.0)  # the worker runs meanwhile: nothing goes out, nothing fails
    assert box.posts == {}
    security = api("GET", f"/v1/accounts/{account}/security", R.APPROVER, None, 200)
    assert security["two_factor"] == "missing" and "2FA" in security["hold_reason"]
    # bad input: not an owner; a time in the future; a time zone missing — each refused, nothing changed
    api("POST", f"/v1/accounts/{account}/attestations", R.APPROVER, {}, 403)
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    refused = api("POST", f"/v1/accounts/{account}/attestations", R.ADMIN, {"attested_at": future}, 422)
    assert "attested_at" in str(refused) and "future" in refused["detail"]
    api("POST", f"/v1/accounts/{account}/attestations", R.ADMIN, {"attested_at": "2026-01-01T00:00:00"}, 422)
    assert api("GET", f"/v1/drafts/{draft['id']}", R.ADMIN, None, 200)["status"] == "held"
    attested = api("POST", f"/v1/accounts/{account}/attestations", R.ADMIN, {}, 201)
    assert attested["two_factor"] == "valid" and attested["hold_reason"] is None
    assert attested["two_factor_attested_by"] == tenant.users[R.ADMIN]
    assert _wait(lambda: len(box.posts) == 1)
    assert _wait(lambda: api("GET", f"/v1/drafts/{draft['id']}", R.ADMIN, None, 200)["status"] == "published")
    for action in ("publication.held", "account.safety"):
        assert api("GET", f"/v1/audit?limit=500&action={action}", R.AUDITOR, None, 200)["items"]


def test_an_expired_attestation_holds_again(api: Api, world: World, tenant: Tenant) -> None:
    account = _account(world, tenant, "@expired-2fa", attested=False)
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=200)).isoformat()
    refused = api("POST", f"/v1/accounts/{account}/attestations", R.ADMIN, {"attested_at": old}, 422)
    assert "90 days" in refused["detail"]
    nearly = (dt.datetime.now(dt.UTC) - dt.timedelta(days=89, hours=23)).isoformat()
    api("POST", f"/v1/accounts/{account}/attestations", R.ADMIN, {"attested_at": nearly}, 201)
    with world.app.state.sessionmaker() as session:
        from charte.service import holds
        from charte.store.repositories import Store

        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
        assert holds.hold_reason(Store(session), tenant.org_id, account, later) == holds.HOLD_2FA_EXPIRED


def test_an_incident_holds_publishing_until_its_playbook_is_closed(
    api: Api, world: World, tenant: Tenant
) -> None:
    account = _account(world, tenant, "@hijacked", attested=True)
    box = outbox("held-incident", tenant.org_id)
    box.reset()
    incident = api(
        "POST", "/v1/incidents", R.ADMIN, {"account_id": account, "summary": "password phished"}, 201
    )
    keys = [s["key"] for s in incident["steps"]]
    assert keys[:5] == [
        "lock_publishing",
        "rotate_credentials",
        "tell_platform",
        "tell_public",
        "review_posts",
    ]
    assert "policy-1" in keys  # the policy's own steps follow the built-in ones
    assert incident["steps"][0]["done_by"] == tenant.users[R.ADMIN]
    api("POST", "/v1/incidents", R.ADMIN, {"account_id": account, "summary": "again"}, 409)
    draft = _publish(api, account, "held-incident")
    shown = api("GET", f"/v1/drafts/{draft['id']}", R.ADMIN, None, 200)
    assert shown["status"] == "held" and "incident" in shown["publication"]["last_error"]
    # an approver neither owns the account nor has a role the policy names in incident_roles
    refused = api("POST", f"/v1/incidents/{incident['id']}/steps/tell_platform", R.APPROVER, None, 403)
    assert "incident_roles" in refused["detail"]
    api("POST", f"/v1/incidents/{incident['id']}/steps/nope", R.ADMIN, None, 422)
    closing = api("POST", f"/v1/incidents/{incident['id']}/close", R.ADMIN, {}, 409)
    assert "tell_platform" in closing["detail"]
    for key in keys[1:]:
        api("POST", f"/v1/incidents/{incident['id']}/steps/{key}", R.ADMIN, None, 200)
    again = api("POST", f"/v1/incidents/{incident['id']}/steps/tell_public", R.ADMIN, None, 409)
    assert "already ticked" in again["detail"]
    time.sleep(0.5)
    assert box.posts == {}
    closed = api("POST", f"/v1/incidents/{incident['id']}/close", R.ADMIN, {}, 200)
    assert closed["closed_at"] and closed["override_reason"] is None
    assert _wait(lambda: len(box.posts) == 1)
    api("POST", f"/v1/incidents/{incident['id']}/steps/tell_public", R.ADMIN, None, 409)  # closed


def test_an_admin_may_close_an_incident_early_with_a_recorded_reason(
    api: Api, world: World, tenant: Tenant
) -> None:
    account = _account(world, tenant, "@false-alarm", attested=True)
    incident = api("POST", "/v1/incidents", R.ADMIN, {"account_id": account, "summary": "odd login"}, 201)
    closed = api(
        "POST",
        f"/v1/incidents/{incident['id']}/close",
        R.ADMIN,
        {"override_reason": "false alarm: our VPN"},
        200,
    )
    assert closed["override_reason"] == "false alarm: our VPN"
    entries = api("GET", "/v1/audit?limit=500&action=account.incident", R.AUDITOR, None, 200)["items"]
    assert any(
        e["details"].get("override") is True and e["object_id"] == str(incident["id"]) for e in entries
    )


def test_an_access_review_is_answered_once_per_person_by_an_owner(
    api: Api, world: World, tenant: Tenant
) -> None:
    spokesperson = tenant.users[R.SPOKESPERSON]
    account = _account(world, tenant, "@reviewed", attested=True, posters=[spokesperson])
    review = api("POST", "/v1/access-reviews", R.ADMIN, {"account_id": account}, 201)
    assert {(i["user_id"], i["access"]) for i in review["items"]} == {
        (tenant.users[R.ADMIN], "owner"),
        (spokesperson, "poster"),
    }
    api("POST", "/v1/access-reviews", R.ADMIN, {"account_id": account}, 409)  # one open review at a time
    poster = next(i for i in review["items"] if i["access"] == "poster")
    owner = next(i for i in review["items"] if i["access"] == "owner")
    url = f"/v1/access-reviews/{review['id']}/items"
    api("POST", f"{url}/{poster['id']}", R.SPOKESPERSON, {"decision": "confirm"}, 403)
    api("POST", f"{url}/{poster['id']}", R.ADMIN, {"decision": "maybe"}, 422)
    api("POST", f"{url}/{owner['id']}", R.ADMIN, {"decision": "remove"}, 409)  # the last owner stays
    api("POST", f"{url}/{poster['id']}", R.ADMIN, {"decision": "remove"}, 200)
    twice = api("POST", f"{url}/{poster['id']}", R.ADMIN, {"decision": "confirm"}, 409)
    assert "already answered" in twice["detail"]
    assert api("GET", f"/v1/accounts/{account}", R.ADMIN, None, 200)["poster_ids"] == []
    done = api("POST", f"{url}/{owner['id']}", R.ADMIN, {"decision": "confirm"}, 200)
    assert done["closed_at"] is not None
    assert api("GET", f"/v1/accounts/{account}/security", R.ADMIN, None, 200)["review"] == "done"


def test_offboarding_revokes_a_token_in_use_within_one_request(
    api: Api, client: TestClient, world: World, tenant: Tenant
) -> None:
    root = system(tenant.org_id)

    def make(store):
        user = users.create(
            store,
            root,
            email="leaver@alpha.example",
            display_name="Leaver",
            role=R.SPOKESPERSON,
            password=PASSWORD,
        )
        issued = tokens.create(
            store,
            Principal.of(user.id, tenant.org_id, R.SPOKESPERSON, "system"),
            name="leaver",
            scopes=["accounts:read", "org:read"],
            expires_in_days=30,
            max_days=365,
        )
        return user.id, issued.secret

    leaver, secret = world.run(make)
    account = _account(world, tenant, "@reached", attested=True, posters=[leaver])
    assert client.get(f"/v1/accounts/{account}", headers=bearer(secret)).status_code == 200
    api("PATCH", f"/v1/users/{leaver}", R.ADMIN, {"is_active": False}, 200)
    assert (
        client.get(f"/v1/accounts/{account}", headers=bearer(secret)).status_code == 401
    )  # the very next one
    assert leaver not in api("GET", f"/v1/accounts/{account}", R.ADMIN, None, 200)["poster_ids"]
    overview = api("GET", "/v1/account-safety", R.ADMIN, None, 200)
    tasks = [t for t in overview["rotation_tasks"] if t["account_id"] == account]
    assert [(t["reason"], t["subject_user_id"]) for t in tasks] == [("offboarding", leaver)]
    rotated = api("POST", f"/v1/accounts/{account}/rotations", R.ADMIN, {}, 201)
    assert rotated["open_rotation_tasks"] == 0 and rotated["rotation"] == "on_time"
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat()
    api("POST", f"/v1/accounts/{account}/rotations", R.ADMIN, {"rotated_at": future}, 422)


def test_recovery_contacts_and_people_with_access(api: Api, world: World, tenant: Tenant) -> None:
    account = _account(world, tenant, "@recover", attested=True, posters=[tenant.users[R.SPOKESPERSON]])
    api("PUT", f"/v1/accounts/{account}/recovery-contacts", R.APPROVER, {"recovery_contacts": ["x"]}, 403)
    api("PUT", f"/v1/accounts/{account}/recovery-contacts", R.ADMIN, {"recovery_contacts": [""]}, 422)
    shown = api(
        "PUT",
        f"/v1/accounts/{account}/recovery-contacts",
        R.ADMIN,
        {"recovery_contacts": ["secu@alpha.example"]},
        200,
    )
    assert shown["recovery_contacts"] == ["secu@alpha.example"] and shown["people_with_access"] == 2


def test_one_organisation_never_reaches_anothers_records(api: Api, world: World, tenant: Tenant) -> None:
    other = world.b
    account = _account(world, tenant, "@isolated", attested=True)
    incident = api("POST", "/v1/incidents", R.ADMIN, {"account_id": account, "summary": "isolation"}, 201)
    review = api("POST", "/v1/access-reviews", R.ADMIN, {"account_id": account}, 201)
    b = {"t": other}
    api("GET", f"/v1/incidents/{incident['id']}", R.ADMIN, None, 404, **b)
    api("POST", f"/v1/incidents/{incident['id']}/steps/tell_platform", R.ADMIN, None, 404, **b)
    api("POST", f"/v1/incidents/{incident['id']}/close", R.ADMIN, {"override_reason": "x"}, 404, **b)
    api("POST", "/v1/incidents", R.ADMIN, {"account_id": account, "summary": "theirs"}, 404, **b)
    api("GET", f"/v1/access-reviews/{review['id']}", R.ADMIN, None, 404, **b)
    api(
        "POST",
        f"/v1/access-reviews/{review['id']}/items/{review['items'][0]['id']}",
        R.ADMIN,
        {"decision": "remove"},
        404,
        **b,
    )
    api("POST", f"/v1/accounts/{account}/attestations", R.ADMIN, {}, 404, **b)
    api("POST", f"/v1/accounts/{account}/rotations", R.ADMIN, {}, 404, **b)
    api("GET", f"/v1/accounts/{account}/security", R.ADMIN, None, 404, **b)
    assert all(
        i["id"] != incident["id"] for i in api("GET", "/v1/incidents", R.ADMIN, None, 200, **b)["items"]
    )
    assert all(
        r["id"] != review["id"] for r in api("GET", "/v1/access-reviews", R.ADMIN, None, 200, **b)["items"]
    )
    theirs = api("GET", "/v1/account-safety", R.ADMIN, None, 200, **b)["accounts"]
    assert account not in {a["account_id"] for a in theirs}
    api("POST", f"/v1/incidents/{incident['id']}/close", R.ADMIN, {"override_reason": "test done"}, 200)


def test_a_policy_naming_a_role_that_does_not_exist_is_refused(api: Api) -> None:
    text = demo_policy_text().replace(
        "  require_2fa: true\n", "  require_2fa: true\n  incident_roles: [admin, ceo]\n"
    )
    with pytest.raises(PolicyError, match="incident_roles"):
        policies.validate(text)
    refused = api("POST", "/v1/policies", R.ADMIN, {"yaml": text}, 422)
    assert "incident_roles" in str(refused)
