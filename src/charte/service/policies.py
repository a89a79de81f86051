"""Versioned policies: upload YAML (validated by the engine's loader and compiler), activate, history, diff."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from dataclasses import dataclass
from typing import Any

from charte.audit.chain import AuditAction
from charte.engine.engine import CheckEngine
from charte.errors import PolicyError, PolicyIssue
from charte.policy.diff import diff_policies
from charte.policy.loader import parse_policy
from charte.policy.model import Policy
from charte.service import audit, functions, teams
from charte.service.errors import not_found
from charte.service.permissions import ROLE_PERMISSIONS, Permission
from charte.service.principal import Principal
from charte.store.models import PolicyVersion, utcnow
from charte.store.repositories import Page, Store

MAX_POLICY_CHARS = 500_000
SOURCE = "policy.yaml"


def validate(text: str) -> Policy:
    """Parse and compile a policy, raising :class:`PolicyError` with every issue (line and field)."""
    if len(text) > MAX_POLICY_CHARS:
        raise PolicyError(
            [
                PolicyIssue(
                    SOURCE,
                    None,
                    "",
                    f"the policy is longer than {MAX_POLICY_CHARS} characters",
                    "split examples out of the file",
                )
            ]
        )
    policy = parse_policy(text, SOURCE)
    CheckEngine(policy, scorer=None)  # compiles every rule: unknown detectors and bad parameters fail here
    unsignable = _unsignable_levels(policy)
    if unsignable:
        raise PolicyError(unsignable)
    return policy


def _unsignable_levels(policy: Policy) -> list[PolicyIssue]:
    """Approval levels nobody could sign. A level's ``roles`` name application roles, and only the roles the
    application gives the approvals permission act on the queue (docs/service.md, "Roles and functions"): a
    level that lists none of them would hold its drafts for ever. Checked when a version is uploaded, so the
    versions already stored keep loading."""
    able = sorted(r.value for r, granted in ROLE_PERMISSIONS.items() if Permission.APPROVALS in granted)
    return [
        PolicyIssue(
            SOURCE,
            policy.line_of(("approvals", "levels", index, "roles")),
            f"approvals.levels[{index}].roles",
            f"no role of level {level.id!r} may approve ({', '.join(level.roles)}): only {', '.join(able)} act "
            "on the approval queue",
            f"list {' or '.join(able)}, and name a team (team:) to narrow the level to the people who sign it",
        )
        for index, level in enumerate(policy.approvals.levels)
        if not set(level.roles) & set(able)
    ]


def upload(
    store: Store,
    actor: Principal,
    text: str,
    *,
    comment: str = "",
    activate: bool = False,
    now: dt.datetime | None = None,
) -> PolicyVersion:
    """Store a new version (the history is never rewritten); optionally make it the active one."""
    actor.require(Permission.POLICIES_WRITE)
    policy = validate(text)
    row = PolicyVersion(
        org_id=actor.org_id,
        version=store.policies.next_version(actor.org_id),
        label=str(policy.policy.version)[:100],
        yaml_text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        comment=comment[:500],
        is_active=False,
        created_by=actor.user_id if actor.via != "system" else None,
    )
    store.policies.add(row)
    audit.record(
        store.session,
        actor,
        AuditAction.POLICY_CHANGE,
        "policy_version",
        row.id,
        {"change": "uploaded", "version": row.version, "sha256": row.sha256, "activate": activate},
    )
    if activate:
        _activate(store, row, policy, now or utcnow())
    return row


def _activate(store: Store, row: PolicyVersion, policy: Policy, now: dt.datetime) -> None:
    store.policies.deactivate_all(row.org_id)
    row.is_active, row.activated_at = True, now
    store.session.flush()
    details: dict[str, Any] = {"change": "activated", "version": row.version}
    stale = functions.drift(store, row.org_id, policy)
    if stale:  # a warning, not a refusal: the stale names grant nothing until a team is remapped
        details["teams_with_undefined_functions"] = sorted(stale)[:200]
        details["undefined_functions"] = sorted({f for names in stale.values() for f in names})[:200]
    audit.record(
        store.session, None, AuditAction.POLICY_CHANGE, "policy_version", row.id, details, org_id=row.org_id
    )
    lang = policy.policy.default_language
    teams.ensure_from_policy(
        store, row.org_id, [(t.id, t.name.get(lang)[:200]) for t in policy.conflict_plan.teams]
    )


def activate(store: Store, actor: Principal, policy_id: int, now: dt.datetime | None = None) -> PolicyVersion:
    row = get(store, actor, policy_id)
    actor.require(Permission.POLICIES_WRITE)
    if not row.is_active:
        _activate(store, row, validate(row.yaml_text), now or utcnow())
    return row


def get(store: Store, actor: Principal, policy_id: int) -> PolicyVersion:
    actor.require(Permission.POLICIES_READ)
    row = store.policies.get(actor.org_id, policy_id)
    if row is None:
        raise not_found("policy version", policy_id)
    return row


def active(store: Store, actor: Principal) -> PolicyVersion:
    actor.require(Permission.POLICIES_READ)
    row = store.policies.active(actor.org_id)
    if row is None:
        raise not_found("active policy", actor.org_id)
    return row


def history(
    store: Store, actor: Principal, *, active_only: bool | None, limit: int, offset: int
) -> Page[PolicyVersion]:
    actor.require(Permission.POLICIES_READ)
    return store.policies.list(actor.org_id, active=active_only, limit=limit, offset=offset)


@dataclass(frozen=True)
class VersionDiff:
    old: PolicyVersion | None
    new: PolicyVersion
    unified: str  # the YAML, line by line
    changes: list[dict[str, Any]]  # clause by clause, in plain words (charte.policy.diff)


def diff(
    store: Store, actor: Principal, policy_id: int, against: int | None, lang: str = "en"
) -> VersionDiff:
    """What changed from ``against`` (default: the previous version) to ``policy_id``."""
    new = get(store, actor, policy_id)
    old = (
        get(store, actor, against)
        if against is not None
        else store.policies.previous(actor.org_id, new.version)
    )
    before = old.yaml_text.splitlines(keepends=True) if old else []
    text = "".join(
        difflib.unified_diff(
            before,
            new.yaml_text.splitlines(keepends=True),
            fromfile=f"v{old.version}" if old else "/dev/null",
            tofile=f"v{new.version}",
        )
    )
    changes: list[dict[str, Any]] = []
    if old is not None:
        changes = diff_policies(
            parse_policy(old.yaml_text, f"v{old.version}"),
            parse_policy(new.yaml_text, f"v{new.version}"),
            lang,
        ).to_dict()["changes"]
    return VersionDiff(old, new, text, changes)
