"""Approval levels at run time: a level scoped to a team, and ``review_brand_posts``, through the API.

The policy model validates these settings; these tests prove the running service obeys them: a level
named for a team is signed only by its members (membership read at the moment of approval), and a brand
post the checks allow still waits for a person when the policy says so — and stops waiting once the
organisation activates a version that says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from charte.cli.demo import demo_policy_text
from charte.service import policies, tokens, users
from charte.service.demo import system
from charte.service.permissions import ROLE_PERMISSIONS, Role
from charte.service.principal import Principal
from charte.store.repositories import Store
from tests.api.conftest import Tenant, World, bearer

R = Role
APPROVALS = """approvals:
  levels:
    - id: communications
      roles: [approver, admin]
    - id: legal
      roles: [approver, admin]
      team: approval
  by_severity: {{info: 1, low: 1, medium: 1, high: 2, critical: 2}}
  review_brand_posts: {brand}

rules:
  - id: partnership.review
    detector: confidential
    action: review
    severity: medium
    clause: "5.2"
    params: {{terms: [partenariat], markers: false}}
  - id: merger.review
    detector: confidential
    action: review
    severity: high
    clause: "5.3"
    params: {{terms: [fusion], markers: false}}
"""
OK_TEXT = "Merci à toute l'équipe pour ce salon !"
MEDIUM_TEXT = "Annonce de notre partenariat avec Atlas lundi."
HIGH_TEXT = "Nous préparons une fusion avec Atlas."
PASSWORD = "correct horse battery staple"


def _policy(brand: bool) -> str:
    return demo_policy_text().replace("rules:\n", APPROVALS.format(brand=str(brand).lower()), 1)


@pytest.fixture(scope="module")
def tenant(world: World) -> Tenant:
    world.run(policies.upload, system(world.a.org_id), _policy(True), comment="levels", activate=True)
    for who in ("legal1", "legal2"):
        user = world.run(
            users.create,
            system(world.a.org_id),
            email=f"{who}@alpha.example",
            display_name=who,
            role=Role.APPROVER,
            password=PASSWORD,
        )
        issued = world.run(
            tokens.create,
            Principal.of(user.id, world.a.org_id, Role.APPROVER, "system"),
            name=who,
            scopes=sorted(ROLE_PERMISSIONS[Role.APPROVER]),
            expires_in_days=5,
            max_days=30,
        )
        world.a.tokens[who] = issued.secret  # type: ignore[index]
        world.a.users[who] = user.id  # type: ignore[index]
    return world.a


@pytest.fixture()
def client(world: World) -> Iterator[TestClient]:
    with TestClient(world.app, base_url="https://testserver", raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture()
def api(client: TestClient, tenant: Tenant):
    def call(method: str, path: str, who: object, json: object = None, status: int | None = None) -> dict:
        response = client.request(method, path, json=json, headers=bearer(tenant.tokens[who]))  # type: ignore[index]
        if status is not None:
            assert response.status_code == status, response.text
        return response.json() if response.content else {}

    return call


def _legal_team(api, tenant: Tenant, members: list[int]) -> None:
    """Set the members of the policy's ``approval`` team (created when the policy was activated)."""
    found = api("GET", "/v1/teams?key=approval", R.ADMIN, status=200)
    items = found["items"] if isinstance(found, dict) else found
    assert [t["key"] for t in items] == ["approval"]
    api("PATCH", f"/v1/teams/{items[0]['id']}", R.ADMIN, {"member_ids": members}, 200)


def _submitted(api, text: str, who: Role = R.POLICY_OWNER, **extra: object) -> dict:
    body = {"text": text, "platform": "linkedin", "account_kind": "personal", "lang": "fr", **extra}
    draft = api("POST", "/v1/drafts", who, body, 201)
    return api("POST", f"/v1/drafts/{draft['id']}/submit", who, {}, 200)


def test_one_level_needs_no_team(api, tenant: Tenant) -> None:
    _legal_team(api, tenant, [tenant.users["legal1"]])  # type: ignore[index]
    draft = _submitted(api, MEDIUM_TEXT)
    assert draft["status"] == "in_review" and draft["required_levels"] == 1
    done = api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {"version": 1}, 200)
    assert done["status"] == "approved" and done["approved_levels"] == 1


def test_the_team_level_is_signed_only_by_its_members(api, tenant: Tenant) -> None:
    _legal_team(api, tenant, [tenant.users["legal1"]])  # type: ignore[index]
    draft = _submitted(api, HIGH_TEXT)
    assert draft["status"] == "in_review" and draft["required_levels"] == 2
    first = api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {"version": 1}, 200)
    assert first["status"] == "in_review" and first["approved_levels"] == 1
    # the admin has the role but not the team; legal2 has neither the team nor a way round it
    for outsider in (R.ADMIN, "legal2"):
        refused = api("POST", f"/v1/approvals/{draft['id']}/approve", outsider, {"version": 1}, 403)
        assert "legal" in refused["detail"]
    done = api("POST", f"/v1/approvals/{draft['id']}/approve", "legal1", {"version": 1}, 200)
    assert done["status"] == "approved" and done["approved_levels"] == 2


def test_team_membership_is_read_when_approving(api, tenant: Tenant) -> None:
    _legal_team(api, tenant, [tenant.users["legal1"]])  # type: ignore[index]
    draft = _submitted(api, HIGH_TEXT)
    api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {"version": 1}, 200)
    _legal_team(api, tenant, [tenant.users["legal2"]])  # type: ignore[index]  # legal1 leaves the team
    api("POST", f"/v1/approvals/{draft['id']}/approve", "legal1", {"version": 1}, 403)
    done = api("POST", f"/v1/approvals/{draft['id']}/approve", "legal2", {"version": 1}, 200)
    assert done["status"] == "approved"


def test_brand_posts_wait_for_a_person_while_the_policy_says_so(api, world: World, tenant: Tenant) -> None:
    on_brand = {"account_kind": "brand", "account_id": tenant.account_id}  # the admin owns the brand account
    personal = _submitted(api, OK_TEXT, R.ADMIN)
    assert personal["verdict"] == "allow" and personal["status"] == "approved"
    brand = _submitted(api, OK_TEXT, R.ADMIN, **on_brand)
    assert brand["verdict"] == "allow" and brand["status"] == "in_review" and brand["required_levels"] == 1
    done = api("POST", f"/v1/approvals/{brand['id']}/approve", R.APPROVER, {"version": 1}, 200)
    assert done["status"] == "approved"
    # a new policy version without the setting applies to the next submission
    world.run(
        policies.upload, system(tenant.org_id), _policy(False), comment="no brand review", activate=True
    )
    try:
        again = _submitted(api, OK_TEXT, R.ADMIN, **on_brand)
        assert again["verdict"] == "allow" and again["status"] == "approved" and again["required_levels"] == 0
    finally:
        world.run(
            policies.upload, system(tenant.org_id), _policy(True), comment="levels again", activate=True
        )


def test_a_stored_version_with_a_level_nobody_signs_still_loads(world: World) -> None:
    """The upload refuses such a level (tests/service/test_policy_levels.py); versions stored before keep loading,
    so an organisation is never left without its active policy by the stricter upload."""
    import hashlib

    from charte.errors import PolicyError
    from charte.service import engines, organisations
    from charte.store.models import PolicyVersion

    text = demo_policy_text().replace(
        "rules:\n", "approvals:\n  levels:\n    - id: press\n      roles: [spokesperson]\n\nrules:\n", 1
    )
    with pytest.raises(PolicyError, match="no role of level 'press' may approve"):
        policies.validate(text)

    def stored(store: Store) -> list[str]:
        org = organisations.create(store, "Delta Org", "delta-levels")
        row = PolicyVersion(
            org_id=org.id,
            version=1,
            label="1",
            yaml_text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            comment="stored before the check",
            is_active=True,
        )
        store.policies.add(row)
        store.session.flush()
        return [level.id for level in engines.active_policy(store, None, org.id).approvals.levels]

    assert world.run(stored) == ["press"]
