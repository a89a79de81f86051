"""Policy acknowledgements, the notices asking for them, quiz attempts, and password-reset links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select, update

from charte.store.db import rowcount
from charte.store.models import (
    PasswordReset,
    PolicyAcknowledgement,
    PolicyNotice,
    QuizAttempt,
    Team,
    TeamMember,
    User,
)
from charte.store.repositories.base import Repository


class Acknowledgements(Repository):
    def of_user(self, org_id: int, user_id: int, limit: int = 50) -> list[PolicyAcknowledgement]:
        """The person's acknowledgements, newest first."""
        return list(
            self.session.scalars(
                select(PolicyAcknowledgement)
                .where(PolicyAcknowledgement.org_id == org_id, PolicyAcknowledgement.user_id == user_id)
                .order_by(PolicyAcknowledgement.acknowledged_at.desc(), PolicyAcknowledgement.id.desc())
                .limit(limit)
            )
        )

    def find(self, user_id: int, policy_version_id: int) -> PolicyAcknowledgement | None:
        return self.session.scalar(
            select(PolicyAcknowledgement).where(
                PolicyAcknowledgement.user_id == user_id,
                PolicyAcknowledgement.policy_version_id == policy_version_id,
            )
        )

    def latest_by_user(self, org_id: int) -> dict[int, PolicyAcknowledgement]:
        """Each person's most recent acknowledgement in the organisation (one query)."""
        newest = (
            select(PolicyAcknowledgement.user_id, func.max(PolicyAcknowledgement.id).label("last"))
            .where(PolicyAcknowledgement.org_id == org_id)
            .group_by(PolicyAcknowledgement.user_id)
            .subquery()
        )
        rows = self.session.scalars(
            select(PolicyAcknowledgement).join(newest, PolicyAcknowledgement.id == newest.c.last)
        )
        return {row.user_id: row for row in rows}

    def active_people(self, org_id: int) -> list[User]:
        return list(
            self.session.scalars(
                select(User).where(User.org_id == org_id, User.is_active.is_(True)).order_by(User.id)
            )
        )

    def team_names(self, org_id: int) -> dict[int, str]:
        return {
            row[0]: row[1]
            for row in self.session.execute(select(Team.id, Team.name).where(Team.org_id == org_id))
        }

    def teams_of(self, user_ids: Sequence[int]) -> dict[int, list[int]]:
        """Team ids of each person (a person in no team is absent)."""
        out: dict[int, list[int]] = {}
        if not user_ids:
            return out
        rows = self.session.execute(
            select(TeamMember.user_id, TeamMember.team_id).where(TeamMember.user_id.in_(user_ids))
        )
        for user_id, team_id in rows:
            out.setdefault(user_id, []).append(team_id)
        return out


class PolicyNotices(Repository):
    def of_user(self, org_id: int, user_id: int, limit: int = 20) -> list[PolicyNotice]:
        return list(
            self.session.scalars(
                select(PolicyNotice)
                .where(PolicyNotice.org_id == org_id, PolicyNotice.user_id == user_id)
                .order_by(PolicyNotice.created_at.desc(), PolicyNotice.id.desc())
                .limit(limit)
            )
        )

    def last_for(self, user_id: int, policy_version_id: int) -> PolicyNotice | None:
        return self.session.scalar(
            select(PolicyNotice)
            .where(PolicyNotice.user_id == user_id, PolicyNotice.policy_version_id == policy_version_id)
            .order_by(PolicyNotice.created_at.desc(), PolicyNotice.id.desc())
            .limit(1)
        )

    def count_for(self, user_id: int, policy_version_id: int) -> int:
        return (
            self.session.scalar(
                select(func.count())
                .select_from(PolicyNotice)
                .where(PolicyNotice.user_id == user_id, PolicyNotice.policy_version_id == policy_version_id)
            )
            or 0
        )


class QuizAttempts(Repository):
    def of_user(self, org_id: int, user_id: int, limit: int = 50) -> list[QuizAttempt]:
        return list(
            self.session.scalars(
                select(QuizAttempt)
                .where(QuizAttempt.org_id == org_id, QuizAttempt.user_id == user_id)
                .order_by(QuizAttempt.created_at.desc(), QuizAttempt.id.desc())
                .limit(limit)
            )
        )

    def best_by_user(self, org_id: int, policy_version_id: int) -> dict[int, tuple[int, int]]:
        """Each person's best (score, total) on the whole quiz of one version."""
        rows = self.session.execute(
            select(QuizAttempt.user_id, QuizAttempt.score, QuizAttempt.total).where(
                QuizAttempt.org_id == org_id,
                QuizAttempt.policy_version_id == policy_version_id,
                QuizAttempt.clause.is_(None),
            )
        )
        best: dict[int, tuple[int, int]] = {}
        for user_id, score, total in rows:
            if user_id not in best or score * best[user_id][1] > best[user_id][0] * total:
                best[user_id] = (score, total)
        return best


class PasswordResets(Repository):
    def by_hash(self, token_hash: str) -> PasswordReset | None:
        return self.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == token_hash))

    def use(self, reset_id: int, now: dt.datetime) -> bool:
        """Mark the link used; False when it already was (atomic: a link works once)."""
        result = self.session.execute(
            update(PasswordReset)
            .where(PasswordReset.id == reset_id, PasswordReset.used_at.is_(None))
            .values(used_at=now)
        )
        return bool(rowcount(result))

    def retire_user(self, user_id: int, now: dt.datetime) -> None:
        """Every unused link of the person stops working (a new one was made, or the password changed)."""
        self.session.execute(
            update(PasswordReset)
            .where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
            .values(used_at=now)
        )
