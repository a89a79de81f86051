"""Roles and what each may do. Token scopes are permissions too: a token gets role ∩ scopes."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    POLICY_OWNER = "policy_owner"
    APPROVER = "approver"
    SPOKESPERSON = "spokesperson"
    EMPLOYEE = "employee"
    AUDITOR = "auditor"


class Permission(StrEnum):
    ORG_READ = "org:read"
    ORG_WRITE = "org:write"
    USERS_READ = "users:read"
    USERS_WRITE = "users:write"
    TEAMS_READ = "teams:read"
    TEAMS_WRITE = "teams:write"
    ACCOUNTS_READ = "accounts:read"
    ACCOUNTS_WRITE = "accounts:write"
    POLICIES_READ = "policies:read"
    POLICIES_WRITE = "policies:write"
    CHECK = "check"
    TOKENS_WRITE = "tokens:write"  # create, list and revoke one's own tokens
    TOKENS_MANAGE = "tokens:manage"  # list and revoke anyone's tokens in the organisation
    DRAFTS_WRITE = "drafts:write"  # write, edit and submit one's own drafts
    DRAFTS_READ_ALL = "drafts:read_all"  # read every draft of the organisation (not only one's own)
    DRAFTS_PUBLISH = "drafts:publish"  # publish an approved draft, now or scheduled
    APPROVALS = "approvals:act"  # approve, reject or edit drafts in the approval queue
    TARGETS_READ = "targets:read"  # see where the organisation publishes (secrets masked)
    TARGETS_WRITE = "targets:write"  # add or remove publish targets (connectors)
    AUDIT_READ = "audit:read"  # read and export the audit record
    METRICS_READ = "metrics:read"  # the dashboard: counts over checks, findings and approvals (no post text)
    MENTIONS_READ = "mentions:read"  # the inbox: mentions routed to one's teams, their notes; alerts
    MENTIONS_READ_ALL = "mentions:read_all"  # every mention of the organisation, whichever team it went to
    MENTIONS_HANDLE = "mentions:handle"  # assign, change status, write notes; acknowledge alerts
    SOURCES_MANAGE = "sources:manage"  # add, change and remove listening sources (their secrets write-only)
    CRISIS = (
        "crisis:manage"  # declare and end crises: every role has it, the policy's crisis.declare_roles decide
    )


P = Permission
_EVERYONE = {P.ORG_READ, P.POLICIES_READ, P.TOKENS_WRITE, P.CRISIS}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.POLICY_OWNER: frozenset(
        _EVERYONE
        | {
            P.TEAMS_READ,
            P.TEAMS_WRITE,
            P.ACCOUNTS_READ,
            P.POLICIES_WRITE,
            P.CHECK,
            P.DRAFTS_WRITE,
            P.METRICS_READ,
            P.MENTIONS_READ,
            P.MENTIONS_READ_ALL,
        }
    ),
    Role.APPROVER: frozenset(
        _EVERYONE
        | {
            P.TEAMS_READ,
            P.ACCOUNTS_READ,
            P.CHECK,
            P.DRAFTS_WRITE,
            P.DRAFTS_READ_ALL,
            P.APPROVALS,
            P.METRICS_READ,
            P.MENTIONS_READ,
            P.MENTIONS_HANDLE,
        }
    ),
    Role.SPOKESPERSON: frozenset(
        _EVERYONE
        | {P.TEAMS_READ, P.ACCOUNTS_READ, P.CHECK, P.DRAFTS_WRITE, P.DRAFTS_PUBLISH, P.TARGETS_READ}
        | {P.MENTIONS_READ, P.MENTIONS_HANDLE}
    ),
    Role.EMPLOYEE: frozenset(_EVERYONE | {P.CHECK, P.DRAFTS_WRITE}),
    Role.AUDITOR: frozenset(
        _EVERYONE
        | {P.USERS_READ, P.TEAMS_READ, P.ACCOUNTS_READ, P.DRAFTS_READ_ALL, P.AUDIT_READ, P.METRICS_READ}
        | {P.MENTIONS_READ, P.MENTIONS_READ_ALL}
    ),
}
