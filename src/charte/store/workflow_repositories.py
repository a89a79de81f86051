"""Repositories of the workflow tables; every query takes ``org_id``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from charte.store.models import Team, TeamMember
from charte.store.repositories import Page, _page
from charte.store.workflow_models import ApprovalEvent, Draft, PublicationRow, PublishTarget


class Drafts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: Draft) -> Draft:
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, org_id: int, draft_id: int, *, lock: bool = False) -> Draft | None:
        stmt = select(Draft).where(Draft.id == draft_id, Draft.org_id == org_id)
        if lock:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def list(self, org_id: int, *, author_id: int | None, status: str | None, limit: int, offset: int
             ) -> Page[Draft]:
        stmt = select(Draft).where(Draft.org_id == org_id)
        if author_id is not None:
            stmt = stmt.where(Draft.author_id == author_id)
        if status is not None:
            stmt = stmt.where(Draft.status == status)
        return _page(self.session, stmt, Draft.id.desc(), limit, offset)

    def in_review(self, org_id: int) -> Sequence[Draft]:
        stmt = select(Draft).where(Draft.org_id == org_id, Draft.status == "in_review").order_by(Draft.updated_at)
        return self.session.scalars(stmt).all()

    def touch_version(self, draft: Draft, expected_version: int) -> bool:
        """Bump the version only if nobody else did meanwhile (optimistic lock, works on every backend)."""
        result = self.session.execute(update(Draft).where(Draft.id == draft.id, Draft.version == expected_version)
                                      .values(version=expected_version + 1))
        return bool(result.rowcount)  # type: ignore[attr-defined]


class ApprovalEvents:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: ApprovalEvent) -> ApprovalEvent:
        self.session.add(row)
        self.session.flush()
        return row

    def for_draft(self, org_id: int, draft_id: int) -> Sequence[ApprovalEvent]:
        stmt = select(ApprovalEvent).where(ApprovalEvent.org_id == org_id, ApprovalEvent.draft_id == draft_id)
        return self.session.scalars(stmt.order_by(ApprovalEvent.id)).all()

    def approvers_of(self, org_id: int, draft_id: int, version: int) -> set[int]:
        stmt = select(ApprovalEvent.user_id).where(ApprovalEvent.org_id == org_id, ApprovalEvent.draft_id == draft_id,
                                                   ApprovalEvent.draft_version == version,
                                                   ApprovalEvent.kind == "approve")
        return set(self.session.scalars(stmt))


class PublishTargets:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: PublishTarget) -> PublishTarget:
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, org_id: int, target_id: int) -> PublishTarget | None:
        return self.session.scalar(select(PublishTarget).where(PublishTarget.id == target_id,
                                                               PublishTarget.org_id == org_id))

    def by_name(self, org_id: int, name: str) -> PublishTarget | None:
        return self.session.scalar(select(PublishTarget).where(PublishTarget.name == name,
                                                               PublishTarget.org_id == org_id))

    def list(self, org_id: int, *, limit: int, offset: int) -> Page[PublishTarget]:
        return _page(self.session, select(PublishTarget).where(PublishTarget.org_id == org_id), PublishTarget.id,
                     limit, offset)

    def delete(self, row: PublishTarget) -> None:
        self.session.delete(row)
        self.session.flush()


class Publications:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, org_id: int, publication_id: int) -> PublicationRow | None:
        return self.session.scalar(select(PublicationRow).where(PublicationRow.id == publication_id,
                                                                PublicationRow.org_id == org_id))


def team_keys_of(session: Session, org_id: int, user_id: int) -> set[str]:
    stmt = (select(Team.key).join(TeamMember, TeamMember.team_id == Team.id)
            .where(Team.org_id == org_id, TeamMember.user_id == user_id))
    return set(session.scalars(stmt))


class WorkflowStore:
    """The workflow repositories over one session (beside the service's :class:`Store`)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.drafts = Drafts(session)
        self.approvals = ApprovalEvents(session)
        self.targets = PublishTargets(session)
        self.publications = Publications(session)
