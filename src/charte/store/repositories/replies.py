"""Saved replies, their versions and their uses (every query takes the organisation)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from sqlalchemy import and_, select

from charte.store.models import Mention, SavedReply, SavedReplyUse, SavedReplyVersion
from charte.store.paging import Page
from charte.store.repositories.base import Repository, _page


class SavedReplies(Repository):
    def get(self, org_id: int, reply_id: int, lock: bool = False) -> SavedReply | None:
        query = select(SavedReply).where(SavedReply.org_id == org_id, SavedReply.id == reply_id)
        return self.session.scalar(query.with_for_update() if lock else query)

    def list(self, org_id: int, *, archived: bool, limit: int, offset: int) -> Page[SavedReply]:
        query = select(SavedReply).where(SavedReply.org_id == org_id, SavedReply.archived.is_(archived))
        return _page(self.session, query, SavedReply.id.desc(), limit, offset)

    def version(self, org_id: int, reply_id: int, version: int) -> SavedReplyVersion | None:
        return self.session.scalar(
            select(SavedReplyVersion).where(
                SavedReplyVersion.org_id == org_id,
                SavedReplyVersion.reply_id == reply_id,
                SavedReplyVersion.version == version,
            )
        )

    def versions(self, org_id: int, reply_id: int) -> builtins.list[SavedReplyVersion]:
        """Every version of the reply, newest first."""
        return list(
            self.session.scalars(
                select(SavedReplyVersion)
                .where(SavedReplyVersion.org_id == org_id, SavedReplyVersion.reply_id == reply_id)
                .order_by(SavedReplyVersion.version.desc())
                .limit(500)
            )
        )

    def latest_of(self, org_id: int, reply_ids: Sequence[int]) -> dict[int, SavedReplyVersion]:
        """The latest version of each reply (one query), for the lists."""
        if not reply_ids:
            return {}
        rows = self.session.scalars(
            select(SavedReplyVersion)
            .join(
                SavedReply,
                and_(
                    SavedReply.id == SavedReplyVersion.reply_id,
                    SavedReply.latest_version == SavedReplyVersion.version,
                ),
            )
            .where(SavedReplyVersion.org_id == org_id, SavedReplyVersion.reply_id.in_(list(reply_ids)))
        )
        return {row.reply_id: row for row in rows}

    def usable(self, org_id: int, limit: int = 2000) -> builtins.list[tuple[SavedReply, SavedReplyVersion]]:
        """Every reply not archived with its approved version: what suggestions rank."""
        rows = self.session.execute(
            select(SavedReply, SavedReplyVersion)
            .join(
                SavedReplyVersion,
                and_(
                    SavedReplyVersion.reply_id == SavedReply.id,
                    SavedReplyVersion.version == SavedReply.approved_version,
                ),
            )
            .where(SavedReply.org_id == org_id, SavedReply.archived.is_(False))
            .order_by(SavedReply.id)
            .limit(limit)
        )
        return [(reply, version) for reply, version in rows.all()]

    def in_review(self, org_id: int, limit: int, offset: int) -> Page[SavedReplyVersion]:
        query = select(SavedReplyVersion).where(
            SavedReplyVersion.org_id == org_id, SavedReplyVersion.status == "in_review"
        )
        return _page(self.session, query, SavedReplyVersion.id, limit, offset)

    def examples(
        self, org_id: int, reply_ids: Sequence[int], per_reply: int = 20
    ) -> dict[int, builtins.list[str]]:
        """The texts of the mentions each reply answered lately (at most ``per_reply``): what it is used for."""
        if not reply_ids:
            return {}
        rows = self.session.execute(
            select(SavedReplyUse.reply_id, Mention.text)
            .join(Mention, and_(Mention.id == SavedReplyUse.mention_id, Mention.org_id == org_id))
            .where(SavedReplyUse.org_id == org_id, SavedReplyUse.reply_id.in_(list(reply_ids)))
            .order_by(SavedReplyUse.id.desc())
            .limit(per_reply * len(reply_ids))
        )
        out: dict[int, builtins.list[str]] = {}
        for reply_id, text in rows.all():
            texts = out.setdefault(reply_id, [])
            if len(texts) < per_reply:
                texts.append(text)
        return out

    def uses(self, org_id: int, reply_id: int, limit: int = 50) -> builtins.list[SavedReplyUse]:
        return list(
            self.session.scalars(
                select(SavedReplyUse)
                .where(SavedReplyUse.org_id == org_id, SavedReplyUse.reply_id == reply_id)
                .order_by(SavedReplyUse.id.desc())
                .limit(limit)
            )
        )
