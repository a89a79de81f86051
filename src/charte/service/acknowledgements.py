"""Policy acknowledgement: everyone accepts the active version, by its hash, in the language they read it in.

A person is *up to date* when they accepted the active version, or an earlier one from which the active
version changed nothing material (:mod:`charte.policy.material`: a typo in the preamble does not ask again, a
changed clause does). Accepting the same version twice is idempotent: the first record stands and is
returned. Accepting a version that is not the active one is refused (409), so a stale page never records
acceptance of text that is no longer in force. Coverage per team is for auditors (FINRA 3110-style
supervision records: who, which version and hash, when, by team, who is outstanding).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from charte.audit.chain import AuditAction
from charte.i18n import _
from charte.policy.loader import parse_policy
from charte.policy.material import material_changes
from charte.service import audit
from charte.service.errors import Conflict, Invalid, NoActivePolicy, denied
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import PolicyAcknowledgement, PolicyNotice, PolicyVersion, User, utcnow
from charte.store.repositories import Store

LANGS = ("fr", "en")
_MATERIAL: dict[tuple[str, str], tuple[str, ...]] = {}
_MATERIAL_LOCK = Lock()
_MATERIAL_MAX = 256


def material_between(old: PolicyVersion, new: PolicyVersion) -> tuple[str, ...]:
    """The material changes from ``old`` to ``new`` (cached by the pair of hashes: stored versions never
    change, so neither does the answer)."""
    if old.sha256 == new.sha256:
        return ()
    key = (old.sha256, new.sha256)
    with _MATERIAL_LOCK:
        cached = _MATERIAL.get(key)
    if cached is not None:
        return cached
    found = tuple(
        material_changes(
            parse_policy(old.yaml_text, f"v{old.version}"), parse_policy(new.yaml_text, f"v{new.version}")
        )
    )
    with _MATERIAL_LOCK:
        if len(_MATERIAL) >= _MATERIAL_MAX:
            _MATERIAL.clear()
        _MATERIAL[key] = found
    return found


@dataclass(frozen=True)
class Status:
    """Where one person stands with the active version."""

    active: PolicyVersion
    acknowledgement: PolicyAcknowledgement | None  # the record that counts (may be of an earlier version)
    changes: tuple[str, ...] = ()  # material changes since the person's last acknowledgement

    @property
    def done(self) -> bool:
        return self.acknowledgement is not None


def _counting(
    store: Store, active: PolicyVersion, latest: PolicyAcknowledgement | None
) -> tuple[PolicyAcknowledgement | None, tuple[str, ...]]:
    """Does ``latest`` still count for ``active``? (record, material changes since it)."""
    if latest is None:
        return None, ()
    if latest.policy_version_id == active.id:
        return latest, ()
    old = store.policies.get(active.org_id, latest.policy_version_id)
    if old is None:
        return None, ()
    changes = material_between(old, active)
    return (None, changes) if changes else (latest, ())


def _active(store: Store, org_id: int) -> PolicyVersion:
    row = store.policies.active(org_id)
    if row is None:
        raise NoActivePolicy(
            message=_("your organisation has no active policy yet: upload one with POST /v1/policies")
        )
    return row


def status(store: Store, actor: Principal) -> Status:
    actor.require(Permission.POLICIES_READ)
    active = _active(store, actor.org_id)
    mine = store.acknowledgements.of_user(actor.org_id, actor.user_id, limit=1)
    record, changes = _counting(store, active, mine[0] if mine else None)
    return Status(active, record, changes)


def pending(store: Store, actor: Principal) -> bool:
    """True when the person has an active version to acknowledge (False with no active policy)."""
    ref = store.policies.active_ref(actor.org_id)
    if ref is None or not actor.can(Permission.POLICIES_READ):
        return False
    mine = store.acknowledgements.of_user(actor.org_id, actor.user_id, limit=1)
    if mine and mine[0].policy_version_id == ref[0]:
        return False  # every page asks: the common case reads no policy text
    return not status(store, actor).done


def history(store: Store, actor: Principal) -> list[PolicyAcknowledgement]:
    actor.require(Permission.POLICIES_READ)
    return store.acknowledgements.of_user(actor.org_id, actor.user_id)


def acknowledge(
    store: Store,
    actor: Principal,
    *,
    policy_version_id: int,
    lang: str,
    sha256: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[PolicyAcknowledgement, bool]:
    """Record that the person read and accepts ``policy_version_id`` (which must be the active version; with
    ``sha256``, its content must be that one). Returns (record, created): a second call returns the first."""
    actor.require(Permission.POLICIES_READ)
    if lang not in LANGS:
        raise Invalid.one("lang", _("must be fr or en: the language you read the policy in"))
    active = _active(store, actor.org_id)
    if policy_version_id != active.id:
        other = store.policies.get(actor.org_id, policy_version_id)
        raise Conflict(
            _(
                "version {version} is not the active policy (the active one is version {active}, id {id}): "
                "read the active version and acknowledge it",
                version=other.version,
                active=active.version,
                id=active.id,
            )
            if other
            else _(
                "policy version {id} is not the active policy (the active one is version {active}, id {active_id}): "
                "read the active version and acknowledge it",
                id=policy_version_id,
                active=active.version,
                active_id=active.id,
            )
        )
    if sha256 is not None and sha256 != active.sha256:
        raise Conflict(_("the policy's content is not the one you read (its hash differs): read it again"))
    existing = store.acknowledgements.find(actor.user_id, active.id)
    if existing is not None:
        return existing, False
    row = store.acknowledgements.add(
        PolicyAcknowledgement(
            org_id=actor.org_id,
            user_id=actor.user_id,
            policy_version_id=active.id,
            policy_sha256=active.sha256,
            version_label=active.label,
            lang=lang,
            acknowledged_at=now or utcnow(),
        )
    )
    audit.record(
        store.session,
        actor,
        AuditAction.POLICY_CHANGE,
        "policy_version",
        active.id,
        {"change": "acknowledged", "version": active.version, "sha256": active.sha256, "lang": lang},
    )
    return row, True


# ------------------------------------------------------------------------------------------- coverage


def require_supervisor(actor: Principal) -> None:
    """Coverage is for who supervises: auditors (audit:read) and policy owners (policies:write)."""
    if not (actor.can(Permission.AUDIT_READ) or actor.can(Permission.POLICIES_WRITE)):
        raise denied(Permission.AUDIT_READ, actor)


@dataclass(frozen=True)
class PersonRecord:
    user_id: int
    email: str
    name: str
    role: str
    teams: tuple[str, ...]
    done: bool
    version: int | None
    version_label: str | None
    sha256: str | None
    acknowledged_at: dt.datetime | None
    lang: str | None
    quiz_score: tuple[int, int] | None


@dataclass(frozen=True)
class TeamCoverage:
    team: str
    people: int
    acknowledged: int

    @property
    def outstanding(self) -> int:
        return self.people - self.acknowledged

    @property
    def share(self) -> float:
        return self.acknowledged / self.people if self.people else 1.0


@dataclass(frozen=True)
class Coverage:
    active: PolicyVersion
    generated_at: dt.datetime
    people: list[PersonRecord]
    teams: list[TeamCoverage] = field(default_factory=list)

    @property
    def acknowledged(self) -> int:
        return sum(p.done for p in self.people)

    @property
    def outstanding(self) -> list[PersonRecord]:
        return [p for p in self.people if not p.done]


NO_TEAM = "(no team)"


def coverage(store: Store, actor: Principal, now: dt.datetime | None = None) -> Coverage:
    """Every active person of the organisation and where they stand, with totals per team."""
    require_supervisor(actor)
    active = _active(store, actor.org_id)
    people = store.acknowledgements.active_people(actor.org_id)
    latest = store.acknowledgements.latest_by_user(actor.org_id)
    team_names = store.acknowledgements.team_names(actor.org_id)
    teams_of = store.acknowledgements.teams_of([p.id for p in people])
    quiz = store.quiz_attempts.best_by_user(actor.org_id, active.id)
    versions: dict[int, int] = {}
    records = []
    for person in people:
        record, _ = _counting(store, active, latest.get(person.id))
        if record is not None and record.policy_version_id not in versions:
            row = store.policies.get(actor.org_id, record.policy_version_id)
            versions[record.policy_version_id] = row.version if row else 0
        records.append(_person(person, record, versions, teams_of, team_names, quiz.get(person.id)))
    totals: dict[str, list[int]] = {}
    for rec in records:
        for team in rec.teams or (NO_TEAM,):
            count = totals.setdefault(team, [0, 0])
            count[0] += 1
            count[1] += rec.done
    teams = [TeamCoverage(name, n, done) for name, (n, done) in sorted(totals.items())]
    return Coverage(active, now or utcnow(), records, teams)


def _person(
    person: User,
    record: PolicyAcknowledgement | None,
    versions: dict[int, int],
    teams_of: dict[int, list[int]],
    team_names: dict[int, str],
    quiz: tuple[int, int] | None,
) -> PersonRecord:
    return PersonRecord(
        user_id=person.id,
        email=person.email,
        name=person.display_name,
        role=person.role,
        teams=tuple(sorted(team_names[t] for t in teams_of.get(person.id, []) if t in team_names)),
        done=record is not None,
        version=versions.get(record.policy_version_id) if record else None,
        version_label=record.version_label if record else None,
        sha256=record.policy_sha256 if record else None,
        acknowledged_at=record.acknowledged_at if record else None,
        lang=record.lang if record else None,
        quiz_score=quiz,
    )


CSV_COLUMNS = (
    "user_id",
    "email",
    "name",
    "role",
    "teams",
    "status",
    "acknowledged_version",
    "acknowledged_version_label",
    "acknowledged_sha256",
    "acknowledged_at",
    "language",
    "quiz_score",
    "active_version",
    "active_sha256",
)


def _row(rec: PersonRecord, active: PolicyVersion) -> dict[str, Any]:
    return {
        "user_id": rec.user_id,
        "email": rec.email,
        "name": rec.name,
        "role": rec.role,
        "teams": "; ".join(rec.teams),
        "status": "acknowledged" if rec.done else "outstanding",
        "acknowledged_version": rec.version,
        "acknowledged_version_label": rec.version_label,
        "acknowledged_sha256": rec.sha256,
        "acknowledged_at": rec.acknowledged_at.isoformat() if rec.acknowledged_at else None,
        "language": rec.lang,
        "quiz_score": f"{rec.quiz_score[0]}/{rec.quiz_score[1]}" if rec.quiz_score else None,
        "active_version": active.version,
        "active_sha256": active.sha256,
    }


def _safe_cell(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection: a name starting with =, +, - or @)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(cov: Coverage) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for rec in cov.people:
        writer.writerow({k: _safe_cell(v) for k, v in _row(rec, cov.active).items()})
    return out.getvalue()


def export_json(cov: Coverage) -> dict[str, Any]:
    return {
        "generated_at": cov.generated_at.isoformat(),
        "active_version": {
            "id": cov.active.id,
            "version": cov.active.version,
            "label": cov.active.label,
            "sha256": cov.active.sha256,
            "activated_at": cov.active.activated_at.isoformat() if cov.active.activated_at else None,
        },
        "totals": {
            "people": len(cov.people),
            "acknowledged": cov.acknowledged,
            "outstanding": len(cov.people) - cov.acknowledged,
        },
        "teams": [
            {"team": t.team, "people": t.people, "acknowledged": t.acknowledged, "outstanding": t.outstanding}
            for t in cov.teams
        ],
        "people": [_row(rec, cov.active) for rec in cov.people],
    }


def export_json_text(cov: Coverage) -> str:
    return json.dumps(export_json(cov), ensure_ascii=False, indent=2)


def record_export(store: Store, actor: Principal, fmt: str, cov: Coverage) -> None:
    """An export of supervision records is itself recorded (who took it, of which version)."""
    audit.record(
        store.session,
        actor,
        AuditAction.POLICY_CHANGE,
        "policy_version",
        cov.active.id,
        {"change": "acknowledgements_exported", "format": fmt, "people": len(cov.people)},
    )


# -------------------------------------------------------------------------------------------- notices

Send = Callable[[User, PolicyVersion, str], bool]


def notify_outstanding(
    store: Store, org_id: int, *, every: dt.timedelta, send: Send, now: dt.datetime | None = None
) -> int:
    """For each active person who has not acknowledged the active version: a *request* notice the first
    time, a *reminder* once ``every`` has passed since the last one. ``send`` hands the e-mail over (returns
    whether it went). Returns how many notices were recorded."""
    now = now or utcnow()
    active = store.policies.active(org_id)
    if active is None:
        return 0
    latest = store.acknowledgements.latest_by_user(org_id)
    made = 0
    for person in store.acknowledgements.active_people(org_id):
        if _counting(store, active, latest.get(person.id))[0] is not None:
            continue
        last = store.policy_notices.last_for(person.id, active.id)
        if last is not None and now - last.created_at < every:
            continue
        kind = "request" if last is None else "reminder"
        store.policy_notices.add(
            PolicyNotice(
                org_id=org_id,
                user_id=person.id,
                policy_version_id=active.id,
                kind=kind,
                emailed=send(person, active, kind),
                created_at=now,
            )
        )
        made += 1
    return made


def notices(store: Store, actor: Principal) -> list[PolicyNotice]:
    """The person's notices (requests and reminders), newest first."""
    actor.require(Permission.POLICIES_READ)
    return store.policy_notices.of_user(actor.org_id, actor.user_id)
