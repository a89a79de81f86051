"""``POST /v1/drafts/{id}/retry``: a failed publication goes out again on its target, for whoever may publish
the draft; anything else is a problem (404 unknown or another organisation's, 409 not failed, 403 without
``drafts:publish``), and the retry is in the audit record."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from charte.service import drafts, targets
from charte.service.demo import system
from charte.service.permissions import Role
from charte.store.models import AuditEntryRow, Draft, PublicationRow
from charte.store.repositories import Store
from tests.api.conftest import World, bearer

PROBLEM = "application/problem+json"


def _draft(world: World, status: str) -> int:
    """A personal draft of Alpha's spokesperson, approved, queued on a memory target; ``failed``: it failed."""
    org = world.a.org_id
    author = world.principal(world.a, Role.SPOKESPERSON)

    def make(store: Store) -> int:
        data = drafts.DraftInput(
            text="Merci à toute l'équipe pour ce salon !",
            platform="linkedin",
            account_kind="personal",
            lang="fr",
        )
        draft = drafts.create(store, author, world.app.state.engines, data)
        store.session.execute(update(Draft).where(Draft.id == draft.id).values(status="approved"))
        if status == "approved":
            return draft.id
        target = targets.create_target(
            store,
            system(org),
            name=f"retry-{draft.id}",
            connector="memory",
            params={"name": "r"},
            account_id=None,
        )
        row = drafts.publish(store, system(org), draft.id, target_id=target.id)
        row.status, row.last_error = "failed", "the platform answered 500"
        store.session.execute(update(Draft).where(Draft.id == draft.id).values(status="failed"))
        return draft.id

    return world.run(make)


def test_a_failed_publication_is_queued_again(world: World, client: TestClient) -> None:
    draft_id = _draft(world, "failed")
    response = client.post(f"/v1/drafts/{draft_id}/retry", headers=bearer(world.a.tokens[Role.SPOKESPERSON]))
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] in ("publishing", "published")  # the in-process worker may already have sent it
    assert body["publication"]["status"] in ("pending", "sending", "sent")
    with world.app.state.sessionmaker() as session:
        entry = session.scalars(
            select(AuditEntryRow)
            .where(AuditEntryRow.org_id == world.a.org_id, AuditEntryRow.action == "publication.scheduled")
            .order_by(AuditEntryRow.seq.desc())
        ).first()
        assert entry is not None and entry.details.get("retry") is True


def test_only_a_failed_publication_is_retried(world: World, client: TestClient) -> None:
    draft_id = _draft(world, "approved")
    response = client.post(f"/v1/drafts/{draft_id}/retry", headers=bearer(world.a.tokens[Role.ADMIN]))
    assert response.status_code == 409 and response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["type"] == "urn:charte:problem:conflict"
    assert "only a failed publication can be retried" in response.json()["detail"]


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.APPROVER, Role.AUDITOR])
def test_without_the_right_to_publish_it_is_forbidden(world: World, client: TestClient, role: Role) -> None:
    draft_id = _draft(world, "failed")
    response = client.post(f"/v1/drafts/{draft_id}/retry", headers=bearer(world.a.tokens[role]))
    assert response.status_code == 403 and response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["permission"] == "drafts:publish"
    with world.app.state.sessionmaker() as session:
        row = session.scalar(
            select(PublicationRow)
            .join(Draft, Draft.publication_id == PublicationRow.id)
            .where(Draft.id == draft_id)
        )
        assert row is not None and row.status == "failed"  # nothing queued


def test_an_unknown_or_another_organisation_s_draft_is_not_found(world: World, client: TestClient) -> None:
    draft_id = _draft(world, "failed")
    other = client.post(f"/v1/drafts/{draft_id}/retry", headers=bearer(world.b.tokens[Role.ADMIN]))
    missing = client.post("/v1/drafts/2147483000/retry", headers=bearer(world.a.tokens[Role.ADMIN]))
    for response in (other, missing):
        assert response.status_code == 404 and response.headers["content-type"].startswith(PROBLEM)
        assert "Alpha" not in response.text
    assert client.post("/v1/drafts/0/retry", headers=bearer(world.a.tokens[Role.ADMIN])).status_code == 422
