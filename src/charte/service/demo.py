"""Seed the demo organisation: one user per role, the starter policy, brand accounts, teams and the functions
they grant, a demo token.

Idempotent: running it again changes nothing but the demo token, which is re-issued (a secret is shown once,
so the previous one is revoked and a new one printed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from charte.service import accounts, organisations, policies, teams, tokens, users
from charte.service.permissions import ROLE_PERMISSIONS, Role
from charte.service.principal import Principal
from charte.store.models import Organisation, utcnow
from charte.store.repositories import Store

DEMO_SLUG = "acme"
DEMO_PASSWORD = "charte-demo-password"
DEMO_TOKEN_NAME = "demo"
DEMO_USERS: tuple[tuple[Role, str, str], ...] = (
    (Role.ADMIN, "admin@acme.example", "Alice Admin"),
    (Role.POLICY_OWNER, "policy@acme.example", "Paul Policy"),
    (Role.APPROVER, "approver@acme.example", "Ava Approver"),
    (Role.SPOKESPERSON, "spokesperson@acme.example", "Sam Spokesperson"),
    (Role.EMPLOYEE, "employee@acme.example", "Emma Employee"),
    (Role.AUDITOR, "auditor@acme.example", "Oscar Auditor"),
)
DEMO_ACCOUNTS = (("linkedin", "acme"), ("x", "@acme"), ("mastodon", "@acme@mastodon.social"))
#: The starter policy's teams: who is in each, and the policy functions each grants. Sam Spokesperson posts on the
#: brand accounts because the public relations team gives him the ``communications`` function.
DEMO_TEAMS: tuple[tuple[str, tuple[Role, ...], tuple[str, ...]], ...] = (
    ("crisis", (Role.ADMIN, Role.SPOKESPERSON), ()),
    ("approval", (Role.APPROVER,), ()),
    ("pr", (Role.SPOKESPERSON,), ("communications",)),
    ("care", (), ("customer_service",)),
    ("social", (), ("community_manager",)),
)


@dataclass(frozen=True)
class DemoSeed:
    org: Organisation
    logins: list[tuple[str, str, str]]  # role, e-mail, password
    token: str
    created: bool


DEMO_TARGET = "demo-outbox"


def system(org_id: int) -> Principal:
    """The machine's administrator, acting from the command line."""
    return Principal(0, org_id, Role.ADMIN, ROLE_PERMISSIONS[Role.ADMIN], "system")


def seed(store: Store, policy_text: str, now: dt.datetime | None = None) -> DemoSeed:
    now = now or utcnow()
    org = store.organisations.by_slug(DEMO_SLUG)
    created = org is None
    if org is None:
        org = organisations.create(store, "Acme", DEMO_SLUG)
    root = system(org.id)
    people = {}
    for role, email, name in DEMO_USERS:
        user = store.users.by_email(email)
        if user is None:
            user = users.create(
                store, root, email=email, display_name=name, role=role, password=DEMO_PASSWORD
            )
        people[role] = user
    admin = people[Role.ADMIN]
    sha = hashlib.sha256(policy_text.encode("utf-8")).hexdigest()
    if store.policies.by_sha(org.id, sha) is None:
        policies.upload(store, root, policy_text, comment="demo starter policy", activate=False)
    if store.policies.active(org.id) is None:
        row = store.policies.by_sha(org.id, sha)
        assert row is not None
        policies.activate(store, root, row.id, now)
    spokesperson = people[Role.SPOKESPERSON].id
    for platform, handle in DEMO_ACCOUNTS:
        if store.accounts.find(org.id, platform, handle) is None:
            accounts.create(
                store,
                root,
                platform=platform,
                handle=handle,
                display_name="Acme",
                owner_ids=[admin.id],
                poster_ids=[spokesperson],
                two_factor_attested=platform != "x",
                last_rotation_at=now - dt.timedelta(days=30 if platform != "x" else 200),
                now=now,
            )
    for key, members, functions in DEMO_TEAMS:
        team = store.teams.by_key(org.id, key)
        if team is None:
            continue
        if not team.members and members:
            teams.update(store, root, team.id, name=None, member_ids=[people[role].id for role in members])
        if not team.functions and functions:  # the application role gives no function: the team does
            teams.update(store, root, team.id, name=None, member_ids=None, function_names=functions)
    from charte.service import targets  # the workflow: a publish target that keeps posts in memory

    if store.targets.by_name(org.id, DEMO_TARGET) is None:
        targets.create_target(
            store, root, name=DEMO_TARGET, connector="memory", params={"name": "demo"}, account_id=None
        )
    store.tokens.revoke_named(admin.id, DEMO_TOKEN_NAME, now)
    as_admin = Principal.of(admin.id, org.id, admin.role, "system")
    issued = tokens.create(
        store,
        as_admin,
        name=DEMO_TOKEN_NAME,
        scopes=sorted(as_admin.permissions),
        expires_in_days=30,
        max_days=30,
        now=now,
    )
    logins = [(str(role), email, DEMO_PASSWORD) for role, email, _ in DEMO_USERS]
    return DemoSeed(org, logins, issued.secret, created)
