"""The dashboard's aggregates, computed by the database: checks per day and verdict, rules fired per day,
approvals completed and the submissions before them.

Everything is grouped in SQL so that a year of a busy organisation (hundreds of thousands of audit entries)
comes back as a few hundred rows; only the rule ids inside an entry's JSON need the dialect's own function
to unnest an array (``json_each`` on SQLite, ``json_array_elements_text`` on PostgreSQL). Days are UTC days:
the first ten characters of the entry's ISO timestamp, the same text the hash chain signs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from charte.store.models import ApprovalEvent, AuditEntryRow

CHECK = "draft.check"  # the audit actions, as stored (charte.audit.chain.AuditAction: store sits below audit)
SUBMIT = "draft.submit"
_IN_CHUNK = 500


@dataclass(frozen=True, slots=True)
class DayCount:
    day: str  # YYYY-MM-DD (UTC)
    key: str  # a verdict or a rule id
    count: int


class Metrics:
    """Read-only aggregates over one organisation's record and approvals."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def checks_by_day(self, org_id: int, since: dt.datetime, until: dt.datetime) -> list[DayCount]:
        """How many drafts were checked each day, by verdict."""
        day = func.substr(AuditEntryRow.at_text, 1, 10)
        verdict = AuditEntryRow.details["verdict"].as_string()
        stmt = (
            select(day, verdict, func.count())
            .where(
                AuditEntryRow.org_id == org_id,
                AuditEntryRow.action == CHECK,
                AuditEntryRow.at >= since,
                AuditEntryRow.at < until,
            )
            .group_by(day, verdict)
            .order_by(day)
        )
        return [DayCount(d, v or "unknown", n) for d, v, n in self.session.execute(stmt)]

    def rules_by_day(self, org_id: int, since: dt.datetime, until: dt.datetime) -> list[DayCount]:
        """How many checks fired each rule, each day (a rule counts once per check)."""
        if self.session.get_bind().dialect.name == "postgresql":
            unnest = "json_array_elements_text(a.details -> 'rules') AS r(value)"
        else:
            unnest = "json_each(a.details, '$.rules') AS r"
        sql = text(
            "SELECT substr(a.at_text, 1, 10) AS day, r.value AS rule, count(*) AS n "  # the only f-string part is one of two constants
            f"FROM audit_entries AS a, {unnest} "
            "WHERE a.org_id = :org AND a.action = :action AND a.at >= :since AND a.at < :until "
            "GROUP BY day, rule ORDER BY day"
        )
        params = {"org": org_id, "action": CHECK, "since": since, "until": until}
        return [DayCount(d, str(r), n) for d, r, n in self.session.execute(sql, params)]

    def approvals_completed(
        self, org_id: int, since: dt.datetime, until: dt.datetime
    ) -> list[tuple[int, dt.datetime]]:
        """(draft id, time of its last approval) for the drafts approved in the period."""
        stmt = (
            select(ApprovalEvent.draft_id, func.max(ApprovalEvent.created_at))
            .where(
                ApprovalEvent.org_id == org_id,
                ApprovalEvent.kind == "approve",
                ApprovalEvent.created_at >= since,
                ApprovalEvent.created_at < until,
            )
            .group_by(ApprovalEvent.draft_id)
        )
        return [(d, _utc(at)) for d, at in self.session.execute(stmt)]

    def submissions(
        self, org_id: int, draft_ids: Iterable[int], until: dt.datetime
    ) -> dict[int, list[dt.datetime]]:
        """Every submission time of each draft, before ``until`` (a rejected draft may be submitted again)."""
        ids = sorted({str(i) for i in draft_ids})
        out: dict[int, list[dt.datetime]] = {}
        for chunk in _chunks(ids, _IN_CHUNK):
            stmt = select(AuditEntryRow.object_id, AuditEntryRow.at).where(
                AuditEntryRow.org_id == org_id,
                AuditEntryRow.action == SUBMIT,
                AuditEntryRow.at < until,
                AuditEntryRow.object_type == "draft",
                AuditEntryRow.object_id.in_(chunk),
            )
            for object_id, at in self.session.execute(stmt):
                out.setdefault(int(object_id), []).append(_utc(at))
        return out


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
