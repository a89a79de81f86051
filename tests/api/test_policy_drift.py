"""Policy drift: a draft checked under one policy version and submitted or approved under another is checked
again under the active one; a changed verdict is shown to the approver and not signed unseen (docs/workflow.md,
"When the policy changes")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from charte.cli.demo import demo_policy_text
from charte.service import policies, tokens, users
from charte.service.demo import system
from charte.service.permissions import ROLE_PERMISSIONS, Role
from charte.service.principal import Principal
from tests.api.conftest import Tenant, World, bearer
from tests.api.test_workflow import OK_TEXT, REVIEW_TEXT, WORKFLOW_RULES

R = Role
APPROVALS, PARTNERSHIP = WORKFLOW_RULES.split("rules:\n")
ALLOWS = APPROVALS + "rules:\n"  # no partnership rule: the review text is allowed
REVIEWS = WORKFLOW_RULES  # partnership -> review, medium: one level
REVIEWS_HIGH = (
    APPROVALS + "rules:\n" + PARTNERSHIP.replace("severity: medium", "severity: high")
)  # two levels
BLOCKS = (
    APPROVALS
    + "rules:\n"
    + PARTNERSHIP.replace("action: review", "action: block").replace(
        "partnership.review", "partnership.block"
    )
)


@pytest.fixture(scope="module")
def tenant(world: World) -> Tenant:
    second = world.run(
        users.create,
        system(world.a.org_id),
        email="approver2@alpha.example",
        display_name="Second approver",
        role=Role.APPROVER,
        password="correct horse battery staple",
    )
    issued = world.run(
        tokens.create,
        Principal.of(second.id, world.a.org_id, Role.APPROVER, "system"),
        name="second",
        scopes=sorted(ROLE_PERMISSIONS[Role.APPROVER]),
        expires_in_days=5,
        max_days=30,
    )
    world.a.tokens["approver2"] = issued.secret  # type: ignore[index]
    return world.a


@pytest.fixture()
def activate(world: World, tenant: Tenant):
    def upload(rules: str) -> int:
        text = demo_policy_text().replace("rules:\n", rules, 1)
        return world.run(policies.upload, system(tenant.org_id), text, comment="drift", activate=True).id

    return upload


@pytest.fixture()
def api(client: TestClient, tenant: Tenant) -> Iterator[callable]:
    def call(method: str, path: str, who: object, json: object = None, status: int | None = None) -> dict:
        response = client.request(method, path, json=json, headers=bearer(tenant.tokens[who]))  # type: ignore[index]
        if status is not None:
            assert response.status_code == status, response.text
        return response.json() if response.content else {}

    yield call


def draft_of(api, text: str) -> dict:
    body = {"text": text, "platform": "linkedin", "account_kind": "personal", "lang": "fr"}
    return api("POST", "/v1/drafts", R.SPOKESPERSON, body, status=201)


def in_review(api, activate, rules: str) -> tuple[dict, int]:
    """A review draft submitted under ``rules``: in the queue, checked under that version."""
    version = activate(rules)
    draft = draft_of(api, REVIEW_TEXT)
    submitted = api("POST", f"/v1/drafts/{draft['id']}/submit", R.SPOKESPERSON, None, 200)
    assert submitted["status"] == "in_review" and submitted["policy_version_id"] == version
    return submitted, version


def test_without_a_policy_change_nothing_is_checked_again(api, activate) -> None:
    draft, version = in_review(api, activate, REVIEWS)
    assert draft["policy_change"] is None and draft["previous_verdict"] is None
    done = api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {"version": 1}, 200)
    assert done["status"] == "approved" and done["policy_version_id"] == version
    assert [(e["policy_version_id"], e["verdict"]) for e in done["events"]] == [(version, "review")]


def test_submit_takes_the_active_verdict(api, activate) -> None:
    first = activate(ALLOWS)
    draft = draft_of(api, REVIEW_TEXT)
    assert draft["verdict"] == "allow" and draft["policy_version_id"] == first
    second = activate(REVIEWS)
    shown = api("GET", f"/v1/drafts/{draft['id']}", R.SPOKESPERSON, None, 200)
    change = shown["policy_change"]
    assert change["checked_policy_version_id"] == first and change["checked_verdict"] == "allow"
    assert change["active_policy_version_id"] == second and change["active_verdict"] == "review"
    assert change["verdict_changed"] is True
    assert [f["rule_id"] for f in change["active_decision"]["findings"]] == ["partnership.review"]
    submitted = api("POST", f"/v1/drafts/{draft['id']}/submit", R.SPOKESPERSON, None, 200)
    # allowed under the old version it would have been approved at once; the active one sends it to review
    assert submitted["status"] == "in_review" and submitted["verdict"] == "review"
    assert submitted["policy_version_id"] == second and submitted["policy_change"] is None
    assert (submitted["previous_verdict"], submitted["previous_policy_version_id"]) == ("allow", first)


def test_submit_is_refused_when_the_active_policy_blocks(api, activate) -> None:
    activate(REVIEWS)
    draft = draft_of(api, REVIEW_TEXT)
    activate(BLOCKS)
    refused = api("POST", f"/v1/drafts/{draft['id']}/submit", R.SPOKESPERSON, None, 409)
    assert "partnership.block" in refused["detail"]


def test_a_changed_verdict_is_shown_and_not_signed_unseen(api, activate) -> None:
    draft, first = in_review(api, activate, REVIEWS)
    second = activate(ALLOWS)
    queue = {d["id"]: d for d in api("GET", "/v1/approvals", R.APPROVER, None, 200)["items"]}
    change = queue[draft["id"]]["policy_change"]
    assert (change["checked_verdict"], change["active_verdict"], change["verdict_changed"]) == (
        "review",
        "allow",
        True,
    )
    refused = api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 409)
    assert refused["type"] == "urn:charte:problem:policy-changed"
    assert refused["policy_change"]["checked_policy_version_id"] == first
    assert refused["policy_change"]["active_policy_version_id"] == second
    assert f"policy_version_id {second}" in refused["detail"]
    unchanged = api("GET", f"/v1/drafts/{draft['id']}", R.APPROVER, None, 200)
    assert unchanged["approved_levels"] == 0 and unchanged["policy_version_id"] == first  # nothing was signed
    stale = api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {"policy_version_id": first}, 409)
    assert f"#{second}" in stale["detail"]
    done = api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {"policy_version_id": second}, 200)
    assert done["status"] == "approved" and done["verdict"] == "allow" and done["policy_version_id"] == second
    assert (done["previous_verdict"], done["previous_policy_version_id"]) == ("review", first)
    assert [(e["kind"], e["policy_version_id"], e["verdict"]) for e in done["events"]] == [
        ("approve", second, "allow")
    ]
    assert done["policy_change"] is None


def test_a_post_the_active_policy_blocks_is_not_approved(api, activate) -> None:
    draft, _ = in_review(api, activate, REVIEWS)
    blocking = activate(BLOCKS)
    refused = api(
        "POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {"policy_version_id": blocking}, 409
    )
    assert refused["type"] == "urn:charte:problem:policy-changed" and "partnership.block" in refused["detail"]
    assert refused["policy_change"]["active_verdict"] == "block"
    rejected = api(
        "POST", f"/v1/approvals/{draft['id']}/reject", R.APPROVER, {"reason": "bloqué désormais"}, 200
    )
    assert rejected["status"] == "rejected"
    assert rejected["events"][-1]["kind"] == "reject"


def test_same_verdict_goes_on_with_the_levels_the_active_policy_asks(api, activate) -> None:
    draft, _ = in_review(api, activate, REVIEWS)
    assert draft["required_levels"] == 1
    second = activate(REVIEWS_HIGH)
    shown = api("GET", f"/v1/drafts/{draft['id']}", R.APPROVER, None, 200)
    assert shown["policy_change"]["verdict_changed"] is False
    signed = api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 200)
    # re-checked: the active version's decision is stored, and its high finding needs a second level
    assert signed["policy_version_id"] == second and signed["previous_verdict"] is None
    assert (
        signed["status"] == "in_review" and signed["required_levels"] == 2 and signed["approved_levels"] == 1
    )
    final = api("POST", f"/v1/approvals/{draft['id']}/approve", "approver2", {}, 200)
    assert final["status"] == "approved"
    assert {e["policy_version_id"] for e in final["events"]} == {second}


def test_the_recheck_is_in_the_audit_record(api, activate, world: World, tenant: Tenant) -> None:
    from charte.audit.chain import AuditAction
    from charte.store.models import AuditEntryRow

    first = activate(ALLOWS)
    draft = draft_of(api, OK_TEXT + " " + REVIEW_TEXT)
    second = activate(REVIEWS)
    api("POST", f"/v1/drafts/{draft['id']}/submit", R.SPOKESPERSON, None, 200)
    with world.app.state.sessionmaker() as session:
        checks = [
            row.details
            for row in session.query(AuditEntryRow)
            .filter_by(org_id=tenant.org_id, action=AuditAction.CHECK, object_id=str(draft["id"]))
            .order_by(AuditEntryRow.seq)
        ]
    assert [c["policy_version_id"] for c in checks] == [first, second]
    assert checks[-1]["reason"] == "policy_changed" and checks[-1]["checked_verdict"] == "allow"
    assert checks[-1]["verdict"] == "review" and checks[-1]["verdict_changed"] is True
