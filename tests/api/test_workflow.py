"""Drafts, approvals and publishing through the API, with the bad inputs of issue 6."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from charte.cli.demo import demo_policy_text
from charte.connectors.base import ConnectorEnv, using
from charte.connectors.egress import Egress
from charte.connectors.memory import outbox
from charte.service import policies
from charte.service.demo import system
from charte.service.permissions import Role
from charte.service.publishing import Backoff
from tests.api.conftest import Tenant, World, bearer

R = Role
WORKFLOW_RULES = """approvals:
  levels:
    - id: communications
      roles: [approver, admin]
    - id: legal
      roles: [approver, admin]
  by_severity: {info: 1, low: 1, medium: 1, high: 2, critical: 2}
  override_roles: [policy_owner]

rules:
  - id: partnership.review
    detector: confidential
    action: review
    severity: medium
    clause: "5.2"
    params: {terms: [partenariat], markers: false}
"""

OK_TEXT = "Merci à toute l'équipe pour ce salon !"
REVIEW_TEXT = "Annonce de notre partenariat avec Atlas lundi."
BLOCK_TEXT = "Petit aperçu du document CONFIDENTIEL sur le projet Phénix"


@pytest.fixture(scope="module")
def tenant(world: World) -> Tenant:
    text = demo_policy_text().replace("rules:\n", WORKFLOW_RULES, 1)
    world.run(policies.upload, system(world.a.org_id), text, comment="workflow", activate=True)
    # a second approver, so that two levels can be signed by two people
    from charte.service import users

    second = world.run(
        users.create,
        system(world.a.org_id),
        email="approver2@alpha.example",
        display_name="Second approver",
        role=Role.APPROVER,
        password="correct horse battery staple",
    )
    from charte.service import tokens
    from charte.service.permissions import ROLE_PERMISSIONS
    from charte.service.principal import Principal

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
def api(client: TestClient, tenant: Tenant) -> Iterator[callable]:
    def call(method: str, path: str, who: object, json: object = None, status: int | None = None) -> dict:
        response = client.request(method, path, json=json, headers=bearer(tenant.tokens[who]))  # type: ignore[index]
        if status is not None:
            assert response.status_code == status, response.text
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")
        return response.json() if response.content else {}

    yield call


def new_draft(api, text: str, who: Role = R.SPOKESPERSON, **extra: object) -> dict:
    body = {"text": text, "platform": "linkedin", "account_kind": "personal", "lang": "fr", **extra}
    return api("POST", "/v1/drafts", who, body, status=201)


def test_draft_is_checked_on_create_and_edit(api) -> None:
    draft = new_draft(api, OK_TEXT)
    assert draft["verdict"] == "allow" and draft["status"] == "draft" and draft["version"] == 1
    assert draft["decision"]["findings"] == []
    edited = api(
        "PATCH", f"/v1/drafts/{draft['id']}", R.SPOKESPERSON, {"text": REVIEW_TEXT, "version": 1}, 200
    )
    assert edited["verdict"] == "review" and edited["version"] == 2
    finding = edited["decision"]["findings"][0]
    assert finding["rule_id"] == "partnership.review"
    assert REVIEW_TEXT[finding["start"] : finding["end"]].lower() == "partenariat"
    # a stale version is refused
    stale = api("PATCH", f"/v1/drafts/{draft['id']}", R.SPOKESPERSON, {"text": OK_TEXT, "version": 1}, 409)
    assert "version 2" in stale["detail"]


def test_allow_is_approved_at_once_review_goes_to_queue(api) -> None:
    ok = new_draft(api, OK_TEXT)
    assert api("POST", f"/v1/drafts/{ok['id']}/submit", R.SPOKESPERSON, None, 200)["status"] == "approved"
    review = new_draft(api, REVIEW_TEXT)
    sub = api("POST", f"/v1/drafts/{review['id']}/submit", R.SPOKESPERSON, None, 200)
    assert (
        sub["status"] == "in_review" and sub["required_levels"] == 1 and sub["next_level"] == "communications"
    )
    queue = api("GET", "/v1/approvals", R.APPROVER, None, 200)
    listed = {d["id"]: d for d in queue["items"]}
    assert review["id"] in listed and ok["id"] not in listed
    assert (
        listed[review["id"]]["decision"]["findings"][0]["rule_id"] == "partnership.review"
    )  # findings beside it


def test_maker_checker_and_approving_twice(api) -> None:
    draft = new_draft(api, REVIEW_TEXT + " À bientôt !", who=R.APPROVER)
    api("POST", f"/v1/drafts/{draft['id']}/submit", R.APPROVER, None, 200)
    own = api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 403)
    assert "maker-checker" in own["detail"]
    assert draft["id"] not in {d["id"] for d in api("GET", "/v1/approvals", R.APPROVER, None, 200)["items"]}
    done = api("POST", f"/v1/approvals/{draft['id']}/approve", "approver2", {"version": 1}, 200)
    assert done["status"] == "approved" and done["approved_levels"] == 1
    again = api("POST", f"/v1/approvals/{draft['id']}/approve", "approver2", {}, 409)
    assert "approved" in again["detail"]


def test_two_levels_need_two_people(api) -> None:
    # a block overridden by the policy owner needs the levels of a high finding: two
    draft = new_draft(api, BLOCK_TEXT, who=R.POLICY_OWNER)
    assert draft["verdict"] == "block"
    refused = api("POST", f"/v1/drafts/{draft['id']}/submit", R.POLICY_OWNER, None, 409)
    assert "confidential.terms-and-markers" in refused["detail"]
    short = api("POST", f"/v1/drafts/{draft['id']}/submit", R.POLICY_OWNER, {"override_reason": "ok"}, 422)
    assert "override_reason" in short["detail"]
    sub = api(
        "POST",
        f"/v1/drafts/{draft['id']}/submit",
        R.POLICY_OWNER,
        {"override_reason": "Le projet est annoncé publiquement ce matin."},
        200,
    )
    assert sub["status"] == "in_review" and sub["required_levels"] == 2
    assert sub["override_reason"].startswith("Le projet")
    first = api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 200)
    assert first["status"] == "in_review" and first["approved_levels"] == 1 and first["next_level"] == "legal"
    twice = api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 409)
    assert "already approved" in twice["detail"]
    final = api("POST", f"/v1/approvals/{draft['id']}/approve", "approver2", {}, 200)
    assert final["status"] == "approved" and [e["level"] for e in final["events"]] == [1, 2]


def test_override_needs_a_role_the_policy_names(api) -> None:
    draft = new_draft(api, BLOCK_TEXT)
    denied = api(
        "POST",
        f"/v1/drafts/{draft['id']}/submit",
        R.SPOKESPERSON,
        {"override_reason": "Je pense que c'est acceptable ici."},
        403,
    )
    assert "override_roles" in denied["detail"]


def test_edit_under_approval_restarts_it(api, tenant: Tenant) -> None:
    draft = new_draft(api, BLOCK_TEXT, who=R.POLICY_OWNER)
    api(
        "POST",
        f"/v1/drafts/{draft['id']}/submit",
        R.POLICY_OWNER,
        {"override_reason": "Annonce validée par la direction ce matin."},
        200,
    )
    api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {"version": 1}, 200)
    edited = api("PATCH", f"/v1/drafts/{draft['id']}", R.POLICY_OWNER, {"text": REVIEW_TEXT}, 200)
    assert edited["version"] == 2 and edited["status"] == "in_review" and edited["approved_levels"] == 0
    assert edited["required_levels"] == 1  # now only a medium finding
    stale = api("POST", f"/v1/approvals/{draft['id']}/approve", "approver2", {"version": 1}, 409)
    assert "version 2" in stale["detail"]
    # the approver who edits becomes a maker of this version and cannot approve it
    by_approver = api(
        "PATCH", f"/v1/drafts/{draft['id']}", R.APPROVER, {"text": REVIEW_TEXT + " Merci."}, 200
    )
    assert by_approver["version"] == 3 and by_approver["last_editor_id"] == tenant.users[R.APPROVER]
    assert by_approver["author_id"] == tenant.users[R.POLICY_OWNER]
    api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 403)
    assert (
        api("POST", f"/v1/approvals/{draft['id']}/approve", "approver2", {"version": 3}, 200)["status"]
        == "approved"
    )


def test_reject_needs_a_reason_and_is_visible(api) -> None:
    draft = new_draft(api, REVIEW_TEXT)
    api("POST", f"/v1/drafts/{draft['id']}/submit", R.SPOKESPERSON, None, 200)
    api("POST", f"/v1/approvals/{draft['id']}/reject", R.APPROVER, {"reason": ""}, 422)
    api("POST", f"/v1/drafts/{draft['id']}/comments", R.APPROVER, {"text": "Attendre lundi."}, 201)
    out = api(
        "POST", f"/v1/approvals/{draft['id']}/reject", R.APPROVER, {"reason": "embargo not lifted"}, 200
    )
    assert out["status"] == "rejected" and out["reject_reason"] == "embargo not lifted"
    assert [e["kind"] for e in out["events"]] == ["comment", "reject"]
    api("POST", f"/v1/approvals/{draft['id']}/approve", "approver2", {}, 409)


def test_schedule_in_the_past_is_refused(api) -> None:
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat()
    out = api(
        "POST",
        "/v1/drafts",
        R.SPOKESPERSON,
        {"text": OK_TEXT, "platform": "linkedin", "account_kind": "personal", "scheduled_at": past},
        422,
    )
    assert "scheduled_at" in out["detail"] and "past" in out["detail"]
    naive = api(
        "POST",
        "/v1/drafts",
        R.SPOKESPERSON,
        {
            "text": OK_TEXT,
            "platform": "linkedin",
            "account_kind": "personal",
            "scheduled_at": "2030-01-01T09:00:00",
        },
        422,
    )
    assert "scheduled_at" in str(naive)


def wait_for(api, draft_id: int, statuses: set[str], timeout: float = 20.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = api("GET", f"/v1/drafts/{draft_id}", R.SPOKESPERSON, None, 200)
        if body["status"] in statuses or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def test_publish_now_through_the_embedded_runner(api, world: World, tenant: Tenant) -> None:
    box = outbox("workflow-api", tenant.org_id)
    box.reset()
    target = api(
        "POST",
        "/v1/publish-targets",
        R.ADMIN,
        {"name": "twin", "connector": "memory", "params": {"name": "workflow-api"}},
        201,
    )
    draft = new_draft(api, OK_TEXT)
    early = api("POST", f"/v1/drafts/{draft['id']}/publish", R.SPOKESPERSON, {"target_id": target["id"]}, 409)
    assert "submit it first" in early["detail"]
    api("POST", f"/v1/drafts/{draft['id']}/submit", R.SPOKESPERSON, None, 200)
    api("POST", f"/v1/drafts/{draft['id']}/publish", R.SPOKESPERSON, {"target_id": target["id"]}, 202)
    done = wait_for(api, draft["id"], {"published", "failed"})
    assert done["status"] == "published" and done["publication"]["status"] == "sent"
    assert len(box.posts) == 1 and next(iter(box.posts.values())).text == OK_TEXT
    again = api("POST", f"/v1/drafts/{draft['id']}/publish", R.SPOKESPERSON, {"target_id": target["id"]}, 409)
    assert "published" in again["detail"]


def test_failing_webhook_is_retried_then_failed_with_reason_on_the_draft(
    api, world: World, client: TestClient
) -> None:
    world.app.state.jobs.context.publisher.backoff = Backoff(base_seconds=0.05)  # retries in ms, not minutes
    with using(
        ConnectorEnv(memory=True, egress=Egress.from_setting("127.0.0.1/32"))
    ):  # operator allows loopback
        _failing_webhook(api, world)


def _failing_webhook(api, world: World) -> None:
    # nothing listens on this port: every attempt fails with a connection error
    target = api(
        "POST",
        "/v1/publish-targets",
        R.ADMIN,
        {
            "name": "dead-hook",
            "connector": "webhook",
            "params": {
                "url": "http://127.0.0.1:9/hook",
                "secret": "0123456789abcdef0123",
                "timeout_seconds": 0.5,
            },
        },
        201,
    )
    assert target["params"]["secret"] == "********"
    draft = new_draft(api, OK_TEXT)
    api("POST", f"/v1/drafts/{draft['id']}/submit", R.SPOKESPERSON, None, 200)
    api("POST", f"/v1/drafts/{draft['id']}/publish", R.SPOKESPERSON, {"target_id": target["id"]}, 202)
    done = wait_for(api, draft["id"], {"failed", "published"}, timeout=30)
    assert done["status"] == "failed", done
    pub = done["publication"]
    assert pub["status"] == "failed" and pub["attempts"] == world.settings.publish_max_attempts
    assert "webhook 127.0.0.1" in pub["last_error"]


def test_audit_record_covers_the_workflow_and_verifies(api) -> None:
    draft = new_draft(api, REVIEW_TEXT)
    api("POST", f"/v1/drafts/{draft['id']}/submit", R.SPOKESPERSON, None, 200)
    api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 200)
    page = api("GET", "/v1/audit?limit=500", R.AUDITOR, None, 200)
    mine = [e for e in page["items"] if e["object_type"] == "draft" and e["object_id"] == str(draft["id"])]
    assert [e["action"] for e in mine] == ["draft.create", "draft.check", "draft.submit", "approval.approve"]
    assert all(REVIEW_TEXT not in str(e) for e in page["items"])
    only = api("GET", "/v1/audit?action=approval.approve&limit=500", R.AUDITOR, None, 200)["items"]
    assert only and {e["action"] for e in only} == {"approval.approve"}
    report = api("GET", "/v1/audit/verify", R.AUDITOR, None, 200)
    assert report["ok"] is True and report["entries"] >= 4
    # no route edits or deletes an entry
    for method in ("PUT", "PATCH", "DELETE"):
        api(method, "/v1/audit", R.ADMIN, None, 405)


def test_logins_policies_permissions_and_tokens_are_recorded(api, client: TestClient, tenant: Tenant) -> None:
    client.post("/v1/auth/login", json={"email": tenant.emails[R.EMPLOYEE], "password": "wrong password!"})
    client.post(
        "/v1/auth/login",
        json={"email": tenant.emails[R.EMPLOYEE], "password": "correct horse battery staple"},
    )
    items = api("GET", "/v1/audit?limit=500", R.AUDITOR, None, 200)["items"]
    while len(items) % 500 == 0 and items:
        more = api("GET", f"/v1/audit?limit=500&after_seq={items[-1]['seq']}", R.AUDITOR, None, 200)["items"]
        if not more:
            break
        items += more
    actions = {e["action"] for e in items}
    assert {
        "policy.change",
        "permission.change",
        "token.create",
        "token.use",
        "auth.login",
        "auth.login_failed",
    } <= actions
    employee = tenant.users[R.EMPLOYEE]
    logins = [e for e in items if e["action"].startswith("auth.login") and e["object_id"] == str(employee)]
    assert [e["action"] for e in logins][-2:] == ["auth.login_failed", "auth.login"]
    assert all(tenant.emails[R.EMPLOYEE] not in str(e) for e in items)  # ids only, never an e-mail


def test_scheduled_publication_waits_for_its_time(api, tenant: Tenant) -> None:
    target = api(
        "POST",
        "/v1/publish-targets",
        R.ADMIN,
        {"name": "twin-later", "connector": "memory", "params": {"name": "workflow-later"}},
        201,
    )
    draft = new_draft(api, OK_TEXT)
    api("POST", f"/v1/drafts/{draft['id']}/submit", R.SPOKESPERSON, None, 200)
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat()
    refused = api(
        "POST",
        f"/v1/drafts/{draft['id']}/publish",
        R.SPOKESPERSON,
        {"target_id": target["id"], "scheduled_at": past},
        422,
    )
    assert "past" in refused["detail"]
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    out = api(
        "POST",
        f"/v1/drafts/{draft['id']}/publish",
        R.SPOKESPERSON,
        {"target_id": target["id"], "scheduled_at": later},
        202,
    )
    assert out["status"] == "scheduled" and out["publication"]["status"] == "scheduled"
    assert out["publication"]["due_at"].startswith(later[:16])
    assert outbox("workflow-later", tenant.org_id).posts == {}
