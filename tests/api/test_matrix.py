"""Authorisation matrix: EVERY route of the application × every role × own / other organisation, and every
route × every kind of credential (fresh and old browser sessions, a token of each single scope, expired and
revoked tokens, another organisation's credentials).

The tables below are the declared permission model. A route added to the app without an entry in each makes
``test_every_route_is_declared`` fail, so nobody ships a route whose access was not thought through. Across
all of them the classes of bug of issue 10 stay fixed: account-security routes refuse every API token and
every old session; only the policy's owners ever receive the policy file (its code name never reaches anyone
else); every refused attempt (403) is in the audit record; one organisation never sees another's data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from charte.api import create_app
from charte.cli.demo import demo_policy_text
from charte.service import (
    access_reviews,
    accounts,
    drafts,
    incidents,
    security,
    targets,
    teams,
    tokens,
    users,
)
from charte.service.demo import system
from charte.service.permissions import ROLE_PERMISSIONS, Permission, Role
from charte.service.principal import Principal
from charte.settings import load_settings
from charte.store.models import ApiToken, AuditEntryRow, BrowserSession, Draft, Mention, User
from tests.api.conftest import PASSWORD, Tenant, World, bearer

R = Role
ALL = frozenset(Role)
PUBLIC: Literal["public"] = "public"
NOT_EMPLOYEE = ALL - {R.EMPLOYEE}
ADMIN = frozenset({R.ADMIN})
POLICY_WRITERS = frozenset({R.ADMIN, R.POLICY_OWNER})
REPLY_EDITORS = frozenset({R.ADMIN, R.POLICY_OWNER, R.SPOKESPERSON})  # the default replies.editors

# (method, path) -> the roles allowed to use it on their own organisation's data, or PUBLIC.
PERMISSION_TABLE: dict[tuple[str, str], frozenset[Role] | Literal["public"]] = {
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    ("GET", "/healthz"): PUBLIC,
    ("POST", "/v1/auth/login"): PUBLIC,
    ("POST", "/v1/auth/logout"): ALL,
    ("POST", "/v1/auth/reauth"): ALL,
    ("POST", "/v1/auth/totp/enrol"): ALL,
    ("POST", "/v1/auth/totp/confirm"): ALL,
    ("POST", "/v1/auth/totp/disable"): ALL,
    ("GET", "/v1/me"): ALL,
    ("PATCH", "/v1/me"): ALL,
    ("POST", "/v1/me/password"): ALL,
    ("GET", "/v1/organisations"): ALL,
    ("GET", "/v1/organisations/{org_id}"): ALL,
    ("PATCH", "/v1/organisations/{org_id}"): ADMIN,
    ("GET", "/v1/users"): frozenset({R.ADMIN, R.AUDITOR}),
    ("POST", "/v1/users"): ADMIN,
    ("GET", "/v1/users/{user_id}"): frozenset({R.ADMIN, R.AUDITOR}),
    ("PATCH", "/v1/users/{user_id}"): ADMIN,
    ("GET", "/v1/teams"): NOT_EMPLOYEE,
    ("POST", "/v1/teams"): POLICY_WRITERS,
    ("GET", "/v1/teams/{team_id}"): NOT_EMPLOYEE,
    ("PATCH", "/v1/teams/{team_id}"): POLICY_WRITERS,
    ("DELETE", "/v1/teams/{team_id}"): POLICY_WRITERS,
    ("GET", "/v1/accounts"): NOT_EMPLOYEE,
    ("POST", "/v1/accounts"): ADMIN,
    ("GET", "/v1/accounts/{account_id}"): NOT_EMPLOYEE,
    ("PATCH", "/v1/accounts/{account_id}"): ADMIN,
    ("DELETE", "/v1/accounts/{account_id}"): ADMIN,
    ("GET", "/v1/policies"): ALL,
    ("POST", "/v1/policies"): POLICY_WRITERS,
    ("GET", "/v1/policies/active"): ALL,
    ("GET", "/v1/policies/{policy_id}"): ALL,
    ("POST", "/v1/policies/{policy_id}/activate"): POLICY_WRITERS,
    ("GET", "/v1/policies/{policy_id}/diff"): ALL,
    ("GET", "/v1/policies/active/document"): ALL,
    ("GET", "/v1/policies/{policy_id}/document"): ALL,
    ("POST", "/v1/policies/{policy_id}/tests"): POLICY_WRITERS,
    ("GET", "/v1/tokens"): ALL,
    ("POST", "/v1/tokens"): ALL,
    ("DELETE", "/v1/tokens/{token_id}"): ADMIN,  # someone else's token: only tokens:manage
    ("POST", "/v1/check"): ALL - {R.AUDITOR},
    # Workflow (issue 6): drafts are their author's; approvers and auditors read all; approvers decide.
    ("GET", "/v1/drafts"): ALL,
    ("POST", "/v1/drafts"): ALL - {R.AUDITOR},
    ("GET", "/v1/drafts/{draft_id}"): frozenset({R.ADMIN, R.APPROVER, R.AUDITOR}),  # someone else's draft
    ("PATCH", "/v1/drafts/{draft_id}"): ALL - {R.AUDITOR},  # one's own draft
    ("POST", "/v1/drafts/{draft_id}/submit"): ALL - {R.AUDITOR},
    ("POST", "/v1/drafts/{draft_id}/comments"): ALL - {R.AUDITOR},
    ("POST", "/v1/drafts/{draft_id}/publish"): frozenset({R.ADMIN, R.SPOKESPERSON}),
    ("POST", "/v1/drafts/{draft_id}/retry"): frozenset({R.ADMIN, R.SPOKESPERSON}),
    ("GET", "/v1/approvals"): frozenset({R.ADMIN, R.APPROVER}),
    ("POST", "/v1/approvals/{draft_id}/approve"): frozenset({R.ADMIN, R.APPROVER}),
    ("POST", "/v1/approvals/{draft_id}/reject"): frozenset({R.ADMIN, R.APPROVER}),
    ("GET", "/v1/publish-targets"): frozenset({R.ADMIN, R.SPOKESPERSON}),
    ("POST", "/v1/publish-targets"): ADMIN,
    ("DELETE", "/v1/publish-targets/{target_id}"): ADMIN,
    ("GET", "/v1/audit"): frozenset({R.ADMIN, R.AUDITOR}),
    ("GET", "/v1/audit/verify"): frozenset({R.ADMIN, R.AUDITOR}),
    # Listening: sources are managed by admins and seen by the inbox's readers; a mention routed to the team
    # "care" (no test user is in it) is seen by those who read every mention, handled by admins alone.
    ("GET", "/v1/sources"): NOT_EMPLOYEE,
    ("POST", "/v1/sources"): ADMIN,
    ("GET", "/v1/sources/{source_id}"): NOT_EMPLOYEE,
    ("GET", "/v1/sources/{source_id}/health"): NOT_EMPLOYEE,
    ("PATCH", "/v1/sources/{source_id}"): ADMIN,
    ("DELETE", "/v1/sources/{source_id}"): ADMIN,
    ("GET", "/v1/mentions"): NOT_EMPLOYEE,
    ("GET", "/v1/mentions/{mention_id}"): frozenset({R.ADMIN, R.POLICY_OWNER, R.AUDITOR}),
    ("GET", "/v1/mentions/{mention_id}/thread"): frozenset({R.ADMIN, R.POLICY_OWNER, R.AUDITOR}),
    ("GET", "/v1/mentions/{mention_id}/notes"): frozenset({R.ADMIN, R.POLICY_OWNER, R.AUDITOR}),
    ("POST", "/v1/mentions/{mention_id}/assign"): ADMIN,
    ("POST", "/v1/mentions/{mention_id}/status"): ADMIN,
    ("POST", "/v1/mentions/{mention_id}/notes"): ADMIN,
    ("POST", "/v1/mentions/{mention_id}/reply"): ADMIN,  # handle + read_all + the brand account's poster
    ("GET", "/v1/mentions/{mention_id}/replies"): frozenset({R.ADMIN, R.POLICY_OWNER, R.AUDITOR}),
    ("GET", "/v1/replies"): NOT_EMPLOYEE,
    ("POST", "/v1/replies"): REPLY_EDITORS,
    ("GET", "/v1/replies/review"): frozenset({R.ADMIN, R.APPROVER}),
    ("GET", "/v1/replies/suggestions"): frozenset({R.ADMIN, R.POLICY_OWNER, R.AUDITOR}),
    ("GET", "/v1/replies/{reply_id}"): NOT_EMPLOYEE,
    ("PATCH", "/v1/replies/{reply_id}"): REPLY_EDITORS,
    ("DELETE", "/v1/replies/{reply_id}"): REPLY_EDITORS,
    ("GET", "/v1/replies/{reply_id}/versions"): NOT_EMPLOYEE,
    ("POST", "/v1/replies/{reply_id}/versions/{version}/approve"): frozenset({R.ADMIN, R.APPROVER}),
    ("POST", "/v1/replies/{reply_id}/versions/{version}/reject"): frozenset({R.ADMIN, R.APPROVER}),
    ("GET", "/v1/alerts"): NOT_EMPLOYEE,
    ("POST", "/v1/alerts/{alert_id}/acknowledge"): frozenset({R.ADMIN, R.APPROVER, R.SPOKESPERSON}),
    ("GET", "/v1/notifications"): ADMIN,
    ("GET", "/v1/lookalikes"): NOT_EMPLOYEE,
    ("GET", "/v1/lookalikes/{lookalike_id}"): NOT_EMPLOYEE,
    ("POST", "/v1/lookalikes/{lookalike_id}/review"): frozenset({R.ADMIN, R.APPROVER, R.SPOKESPERSON}),
    # The account register enforced (issue 16): read with accounts:read; an account's owner (here its admin)
    # attests, records rotations, answers reviews; incidents are handled by owners and the policy's roles.
    ("GET", "/v1/account-safety"): NOT_EMPLOYEE,
    ("GET", "/v1/accounts/{account_id}/security"): NOT_EMPLOYEE,
    ("POST", "/v1/accounts/{account_id}/attestations"): ADMIN,
    ("POST", "/v1/accounts/{account_id}/rotations"): ADMIN,
    ("PUT", "/v1/accounts/{account_id}/recovery-contacts"): ADMIN,
    ("GET", "/v1/access-reviews"): NOT_EMPLOYEE,
    ("POST", "/v1/access-reviews"): ADMIN,
    ("GET", "/v1/access-reviews/{review_id}"): NOT_EMPLOYEE,
    ("POST", "/v1/access-reviews/{review_id}/items/{item_id}"): ADMIN,
    ("GET", "/v1/incidents"): NOT_EMPLOYEE,
    ("POST", "/v1/incidents"): ADMIN,
    ("GET", "/v1/incidents/{incident_id}"): NOT_EMPLOYEE,
    ("POST", "/v1/incidents/{incident_id}/steps/{step}"): ADMIN,
    ("POST", "/v1/incidents/{incident_id}/close"): ADMIN,
    # Crisis mode: the policy's crisis.declare_roles (admin by default) declare and end; auditors read.
    ("POST", "/v1/crisis"): ADMIN,
    ("GET", "/v1/crisis/current"): ALL,
    ("POST", "/v1/crisis/current/end"): ADMIN,
    ("GET", "/v1/crisis"): frozenset({R.ADMIN, R.AUDITOR}),
    ("GET", "/v1/crisis/{crisis_id}"): frozenset({R.ADMIN, R.AUDITOR}),
    ("GET", "/v1/crisis/{crisis_id}/report.pdf"): frozenset({R.ADMIN, R.AUDITOR}),
    # Policy acknowledgement (issue 16): everyone for their own; coverage for auditors and policy owners.
    ("GET", "/v1/acknowledgements/me"): ALL,
    ("POST", "/v1/acknowledgements"): ALL,
    ("GET", "/v1/acknowledgements/coverage"): frozenset({R.ADMIN, R.POLICY_OWNER, R.AUDITOR}),
    ("GET", "/v1/acknowledgements/export"): frozenset({R.ADMIN, R.POLICY_OWNER, R.AUDITOR}),
    ("GET", "/v1/acknowledgements/quiz"): ALL,
    ("POST", "/v1/acknowledgements/quiz"): ALL,
    ("GET", "/v1/acknowledgements/personal"): ALL,
    ("POST", "/v1/auth/password-reset/request"): PUBLIC,
    ("POST", "/v1/auth/password-reset/complete"): PUBLIC,
    ("POST", "/v1/users/{user_id}/password-reset"): ADMIN,
}
#: Routes authenticated by a signature rather than a principal (tested in tests/api/test_listening_api.py).
SIGNED_ROUTES = {("POST", "/v1/sources/{source_id}/events")}


@dataclass
class Req:
    """A request to make. ``cross`` says how it touches the target organisation in the other-org case:
    ``path`` (an id of theirs in the URL), ``body`` (ids of theirs in the body), ``self`` (own data only)."""

    path: str
    json: Any = None
    cross: Literal["path", "body", "self"] = "self"
    extra: dict[str, Any] = field(default_factory=dict)
    login: dict[str, str] = field(
        default_factory=dict
    )  # account security: who logs in (a fresh user), and how


Factory = Callable[[World, Tenant, Tenant, Role], Req]


def _reset_totp(world: World, tenant: Tenant, role: Role) -> None:
    with world.app.state.sessionmaker() as session:
        session.execute(
            update(User)
            .where(User.id == tenant.users[role])
            .values(totp_enabled=False, totp_secret=None, totp_last_step=None)
        )
        session.commit()


def _login(world: World, actor: Tenant, _t: Tenant, role: Role) -> Req:
    _reset_totp(world, actor, role)
    return Req("/v1/auth/login", {"email": actor.emails[role], "password": PASSWORD})


def _newcomer(world: World, tenant: Tenant, role: Role, **state: Any) -> tuple[int, str]:
    """A new user of ``role`` (account-security requests change credentials: never the shared users')."""
    email = f"{role.value}-{uuid.uuid4().hex[:8]}@{tenant.name.split()[0].lower()}.example"
    user = world.run(
        users.create,
        system(tenant.org_id),
        email=email,
        display_name="Newcomer",
        role=role,
        password=PASSWORD,
    )
    if state:
        with world.app.state.sessionmaker() as session:
            session.execute(update(User).where(User.id == user.id).values(**state))
            session.commit()
    return user.id, email


def _account_security(path: str, body: Any = None) -> Factory:
    def factory(world: World, actor: Tenant, _t: Tenant, role: Role) -> Req:
        _user, email = _newcomer(world, actor, role)
        return Req(path, body, login={"email": email, "password": PASSWORD})

    return factory


def _confirm(world: World, actor: Tenant, _t: Tenant, role: Role) -> Req:
    secret = security.new_totp_secret()
    _user, email = _newcomer(world, actor, role, totp_secret=secret)
    return Req(
        "/v1/auth/totp/confirm",
        {"code": pyotp.TOTP(secret).now()},
        login={"email": email, "password": PASSWORD},
    )


def _disable(world: World, actor: Tenant, _t: Tenant, role: Role) -> Req:
    secret = security.new_totp_secret()
    user_id, email = _newcomer(world, actor, role, totp_secret=secret, totp_enabled=True)
    codes = security.new_recovery_codes(2)
    world.run(lambda store: store.recovery_codes.replace(user_id, [security.recovery_hash(c) for c in codes]))
    return Req(
        "/v1/auth/totp/disable",
        {"code": codes[0]},
        login={"email": email, "password": PASSWORD, "recovery_code": codes[1]},
    )


def _fresh_team(world: World, _a: Tenant, target: Tenant, _r: Role) -> Req:
    team = world.run(
        teams.create, system(target.org_id), key=f"t-{uuid.uuid4().hex[:10]}", name="tmp", member_ids=[]
    )
    return Req(f"/v1/teams/{team.id}", cross="path")


def _fresh_account(world: World, _a: Tenant, target: Tenant, _r: Role) -> Req:
    account = world.run(
        accounts.create,
        system(target.org_id),
        platform="x",
        handle=f"@tmp{uuid.uuid4().hex[:8]}",
        display_name=None,
        owner_ids=[],
        poster_ids=[],
        two_factor_attested=False,
        last_rotation_at=None,
    )
    return Req(f"/v1/accounts/{account.id}", cross="path")


def _fresh_token(world: World, _a: Tenant, target: Tenant, _r: Role) -> Req:
    holder = Principal.of(target.bystander, target.org_id, Role.EMPLOYEE, "system")
    issued = world.run(
        tokens.create, holder, name="victim", scopes=[Permission.CHECK], expires_in_days=1, max_days=30
    )
    return Req(f"/v1/tokens/{issued.row.id}", cross="path")


def _unique() -> str:
    return uuid.uuid4().hex[:10]


def _writer(target: Tenant, role: Role) -> Principal:
    """The draft's author: the requesting role's own user when it may write drafts, else the bystander."""
    if Permission.DRAFTS_WRITE in ROLE_PERMISSIONS[role]:
        return Principal.of(target.users[role], target.org_id, role, "system")
    return Principal.of(target.bystander, target.org_id, Role.EMPLOYEE, "system")


def _draft(world: World, target: Tenant, author: Principal, status: str | None = None) -> int:
    data = drafts.DraftInput(
        text="Merci à toute l'équipe pour ce salon !", platform="linkedin", account_kind="personal", lang="fr"
    )
    draft = world.run(lambda store: drafts.create(store, author, world.app.state.engines, data))
    if status is not None:
        with world.app.state.sessionmaker() as session:
            session.execute(
                update(Draft)
                .where(Draft.id == draft.id)
                .values(status=status, required_levels=1 if status == "in_review" else 0)
            )
            session.commit()
    return draft.id


def _others_draft(world: World, _a: Tenant, target: Tenant, _r: Role, status: str | None = None) -> int:
    return _draft(
        world, target, Principal.of(target.bystander, target.org_id, Role.EMPLOYEE, "system"), status
    )


def _target(world: World, target: Tenant) -> int:
    return world.run(
        targets.create_target,
        system(target.org_id),
        name=f"memory-{_unique()}",
        connector="memory",
        params={"name": f"matrix-{target.org_id}"},
        account_id=None,
    ).id


def _publish(world: World, _a: Tenant, target: Tenant, role: Role) -> Req:
    draft_id = _draft(world, target, _writer(target, role), status="approved")
    return Req(f"/v1/drafts/{draft_id}/publish", {"target_id": _target(world, target)}, cross="path")


def _retry(world: World, _a: Tenant, target: Tenant, role: Role) -> Req:
    """A draft whose publication failed (a personal post, on a target bound to no account)."""
    draft_id = _draft(world, target, _writer(target, role), status="approved")
    target_id = _target(world, target)

    def fail(store: Any) -> None:
        row = drafts.publish(store, system(target.org_id), draft_id, target_id=target_id)
        row.status, row.last_error = "failed", "the platform answered 500"
        store.session.execute(update(Draft).where(Draft.id == draft_id).values(status="failed"))

    world.run(fail)
    return Req(f"/v1/drafts/{draft_id}/retry", cross="path")


def _fresh_target(world: World, _a: Tenant, target: Tenant, _r: Role) -> Req:
    return Req(f"/v1/publish-targets/{_target(world, target)}", cross="path")


def _source(world: World, target: Tenant) -> int:
    from charte.service import sources

    admin = Principal.of(target.users[Role.ADMIN], target.org_id, Role.ADMIN, "system")
    return world.run(
        sources.create_source, admin, kind="import", name=f"src-{_unique()}", settings={}, secret=None
    ).id


def _mention(world: World, target: Tenant) -> int:
    from charte.listening.types import Batch, IncomingMention
    from charte.service.ingestion import IngestionStore

    source = _source(world, target)
    text = "Votre service est nul, je veux être remboursé !"  # a complaint: routed to the team "care"
    mention = IncomingMention(f"m-{_unique()}", text, "@someone", dt.datetime.now(dt.UTC))
    IngestionStore(world.app.state.sessionmaker, world.app.state.engines).accept(source, Batch([mention]))
    with world.app.state.sessionmaker() as session:
        ident = session.scalar(select(Mention.id).where(Mention.source_id == source))
    assert ident is not None
    return int(ident)


def _saved_reply(world: World, target: Tenant) -> int:
    """A fresh saved reply of ``target``, written by its policy owner (so that others may approve it)."""
    from charte.service import replies

    owner = Principal.of(target.users[R.POLICY_OWNER], target.org_id, R.POLICY_OWNER, "system")
    data = replies.ReplyInput(
        title=f"Order {_unique()}", body="Hello {first_name}, we look into it.", lang="en", intent="question"
    )
    return world.run(replies.create, owner, world.app.state.engines, data).reply.id


def _on_reply(suffix: str, body: Any = None) -> Factory:
    return lambda w, a, t, r: Req(f"/v1/replies/{_saved_reply(w, t)}{suffix}", body, cross="path")


def _alert(world: World, target: Tenant) -> int:
    from charte.service import mentions

    return world.run(lambda s: mentions.raise_alert(s, target.org_id, "spike", "storm").id)


def _lookalike(world: World, target: Tenant) -> int:
    from charte.store.models import LookalikeAccount

    key = f"acme_{_unique()}"
    row = LookalikeAccount(
        org_id=target.org_id,
        handle_key=key,
        handle=f"@{key}",
        kind="brand_and_words",
        target="Acme",
        score=0.8,
    )
    return world.run(lambda s: s.lookalikes.add(row).id)


def _on_mention(suffix: str, body: Any = None) -> Factory:
    return lambda w, a, t, r: Req(f"/v1/mentions/{_mention(w, t)}{suffix}", body, cross="path")


def _on_source(suffix: str, body: Any = None) -> Factory:
    return lambda w, a, t, r: Req(f"/v1/sources/{_source(w, t)}{suffix}", body, cross="path")


def _owned_account(world: World, target: Tenant) -> int:
    """A fresh account of ``target`` owned by its admin, with its bystander as poster."""
    return world.run(
        accounts.create,
        system(target.org_id),
        platform="x",
        handle=f"@safe{_unique()}",
        display_name=None,
        owner_ids=[target.users[R.ADMIN]],
        poster_ids=[target.bystander],
        two_factor_attested=True,
        last_rotation_at=None,
    ).id


def _fresh_review(world: World, target: Tenant) -> tuple[int, int]:
    """A review of a fresh account: its id and the poster's item."""
    account_id = _owned_account(world, target)
    admin = Principal.of(target.users[R.ADMIN], target.org_id, R.ADMIN, "system")
    review = world.run(access_reviews.open_review, admin, account_id)
    return review.id, next(i.id for i in review.items if i.access == "poster")


def _fresh_incident(world: World, target: Tenant) -> int:
    admin = Principal.of(target.users[R.ADMIN], target.org_id, R.ADMIN, "system")
    return world.run(incidents.open_incident, admin, _owned_account(world, target), "matrix").id


def _no_crisis(world: World, tenant: Tenant) -> None:
    """End the tenant's active crisis, if any (only one may be active: the next declaration must pass)."""
    from charte.service import crisis

    def work(store: Any) -> None:
        if crisis.active(store, tenant.org_id) is not None:
            crisis.end(store, system(tenant.org_id), rest="resume")

    world.run(work)


def _crisis_on(world: World, tenant: Tenant) -> None:
    from charte.service import crisis

    def work(store: Any) -> None:
        if crisis.active(store, tenant.org_id) is None:
            crisis.declare(store, system(tenant.org_id), summary="matrix")

    world.run(work)


def _a_crisis(world: World, tenant: Tenant) -> int:
    """One crisis of ``tenant`` (declared and ended here if it has none)."""
    from charte.store.models import Crisis

    with world.app.state.sessionmaker() as session:
        found = session.scalar(select(Crisis.id).where(Crisis.org_id == tenant.org_id).limit(1))
    if found is None:
        _crisis_on(world, tenant)
        _no_crisis(world, tenant)
        return _a_crisis(world, tenant)
    return int(found)


def _quiz_active(world: World, *tenants: Tenant) -> int:
    """Each tenant's active version is the demo policy with a quiz (activating it again when another test
    activated the plain one); the first tenant's version id."""
    from charte.service import policies
    from tests.acks import policies as texts

    text = texts.with_quiz()
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    ids = []
    for tenant in tenants:

        def work(store: Any, org_id: int = tenant.org_id) -> int:
            row = store.policies.by_sha(org_id, sha) or policies.upload(store, system(org_id), text)
            if not row.is_active:
                policies.activate(store, system(org_id), row.id)
            return int(row.id)

        ids.append(world.run(work))
    return ids[0]


def _reset_complete(world: World, _a: Tenant, target: Tenant, _r: Role) -> Req:
    from charte.service import password_reset

    user_id, _email = _newcomer(world, target, Role.EMPLOYEE)
    issued = world.run(password_reset.issue, system(target.org_id), user_id)
    return Req(
        "/v1/auth/password-reset/complete",
        {"token": issued.token, "new_password": "plinth orbit walrus cascade"},
    )


REQUESTS: dict[tuple[str, str], Factory] = {
    ("GET", "/openapi.json"): lambda w, a, t, r: Req("/openapi.json"),
    ("GET", "/docs"): lambda w, a, t, r: Req("/docs"),
    ("GET", "/docs/oauth2-redirect"): lambda w, a, t, r: Req("/docs/oauth2-redirect"),
    ("GET", "/redoc"): lambda w, a, t, r: Req("/redoc"),
    ("GET", "/healthz"): lambda w, a, t, r: Req("/healthz"),
    ("POST", "/v1/auth/login"): _login,
    ("POST", "/v1/auth/logout"): lambda w, a, t, r: Req("/v1/auth/logout"),
    ("POST", "/v1/auth/reauth"): _account_security("/v1/auth/reauth", {"password": PASSWORD}),
    ("POST", "/v1/auth/totp/enrol"): _account_security("/v1/auth/totp/enrol"),
    ("POST", "/v1/auth/totp/confirm"): _confirm,
    ("POST", "/v1/auth/totp/disable"): _disable,
    ("GET", "/v1/me"): lambda w, a, t, r: Req("/v1/me"),
    ("PATCH", "/v1/me"): lambda w, a, t, r: Req("/v1/me", {"language": "en"}),
    ("POST", "/v1/me/password"): _account_security(
        "/v1/me/password", {"current_password": PASSWORD, "new_password": "a new long passphrase 42"}
    ),
    ("GET", "/v1/organisations"): lambda w, a, t, r: Req("/v1/organisations"),
    ("GET", "/v1/organisations/{org_id}"): lambda w, a, t, r: Req(
        f"/v1/organisations/{t.org_id}", cross="path"
    ),
    ("PATCH", "/v1/organisations/{org_id}"): lambda w, a, t, r: Req(
        f"/v1/organisations/{t.org_id}", {"name": t.name}, cross="path"
    ),
    ("GET", "/v1/users"): lambda w, a, t, r: Req("/v1/users"),
    ("POST", "/v1/users"): lambda w, a, t, r: Req(
        "/v1/users", {"email": f"new-{_unique()}@x.example", "role": "employee", "password": PASSWORD}
    ),
    ("GET", "/v1/users/{user_id}"): lambda w, a, t, r: Req(f"/v1/users/{t.bystander}", cross="path"),
    ("PATCH", "/v1/users/{user_id}"): lambda w, a, t, r: Req(
        f"/v1/users/{t.bystander}", {"display_name": f"{t.name} bystander"}, cross="path"
    ),
    ("GET", "/v1/teams"): lambda w, a, t, r: Req("/v1/teams"),
    ("POST", "/v1/teams"): lambda w, a, t, r: Req(
        "/v1/teams",
        {"key": f"k-{_unique()}", "name": "New", "member_ids": [t.users[R.SPOKESPERSON]]},
        cross="body",
    ),
    ("GET", "/v1/teams/{team_id}"): lambda w, a, t, r: Req(f"/v1/teams/{t.team_id}", cross="path"),
    ("PATCH", "/v1/teams/{team_id}"): lambda w, a, t, r: Req(
        f"/v1/teams/{t.team_id}", {"name": f"{t.name} team"}, cross="path"
    ),
    ("DELETE", "/v1/teams/{team_id}"): _fresh_team,
    ("GET", "/v1/accounts"): lambda w, a, t, r: Req("/v1/accounts"),
    ("POST", "/v1/accounts"): lambda w, a, t, r: Req(
        "/v1/accounts",
        {"platform": "x", "handle": f"@{_unique()}", "owner_ids": [t.users[R.ADMIN]]},
        cross="body",
    ),
    ("GET", "/v1/accounts/{account_id}"): lambda w, a, t, r: Req(
        f"/v1/accounts/{t.account_id}", cross="path"
    ),
    ("PATCH", "/v1/accounts/{account_id}"): lambda w, a, t, r: Req(
        f"/v1/accounts/{t.account_id}", {"two_factor_attested": True}, cross="path"
    ),
    ("DELETE", "/v1/accounts/{account_id}"): _fresh_account,
    ("GET", "/v1/policies"): lambda w, a, t, r: Req("/v1/policies"),
    ("POST", "/v1/policies"): lambda w, a, t, r: Req(
        "/v1/policies", {"yaml": demo_policy_text(), "comment": "matrix upload"}
    ),
    ("GET", "/v1/policies/active"): lambda w, a, t, r: Req("/v1/policies/active"),
    ("GET", "/v1/policies/{policy_id}"): lambda w, a, t, r: Req(f"/v1/policies/{t.policy_id}", cross="path"),
    ("POST", "/v1/policies/{policy_id}/activate"): lambda w, a, t, r: Req(
        f"/v1/policies/{t.policy_id}/activate", cross="path"
    ),
    ("GET", "/v1/policies/active/document"): lambda w, a, t, r: Req("/v1/policies/active/document"),
    ("GET", "/v1/policies/{policy_id}/document"): lambda w, a, t, r: Req(
        f"/v1/policies/{t.policy_id}/document?format=md", cross="path"
    ),
    ("POST", "/v1/policies/{policy_id}/tests"): lambda w, a, t, r: Req(
        f"/v1/policies/{t.policy_id}/tests", cross="path"
    ),
    ("GET", "/v1/policies/{policy_id}/diff"): lambda w, a, t, r: Req(
        f"/v1/policies/{t.policy_id}/diff", cross="path"
    ),
    ("GET", "/v1/tokens"): lambda w, a, t, r: Req("/v1/tokens"),
    ("POST", "/v1/tokens"): lambda w, a, t, r: Req(
        "/v1/tokens", {"name": "mine", "scopes": ["org:read"], "expires_in_days": 1}
    ),
    ("DELETE", "/v1/tokens/{token_id}"): _fresh_token,
    ("POST", "/v1/check"): lambda w, a, t, r: Req("/v1/check", {"text": "Bonjour à tous", "lang": "fr"}),
    ("GET", "/v1/drafts"): lambda w, a, t, r: Req("/v1/drafts"),
    ("POST", "/v1/drafts"): lambda w, a, t, r: Req(
        "/v1/drafts",
        {"text": "Bonjour à tous", "platform": "linkedin", "account_kind": "personal", "lang": "fr"},
    ),
    ("GET", "/v1/drafts/{draft_id}"): lambda w, a, t, r: Req(
        f"/v1/drafts/{_others_draft(w, a, t, r)}", cross="path"
    ),
    ("PATCH", "/v1/drafts/{draft_id}"): lambda w, a, t, r: Req(
        f"/v1/drafts/{_draft(w, t, _writer(t, r))}", {"text": "Merci à tous !"}, cross="path"
    ),
    ("POST", "/v1/drafts/{draft_id}/submit"): lambda w, a, t, r: Req(
        f"/v1/drafts/{_draft(w, t, _writer(t, r))}/submit", cross="path"
    ),
    ("POST", "/v1/drafts/{draft_id}/comments"): lambda w, a, t, r: Req(
        f"/v1/drafts/{_draft(w, t, _writer(t, r))}/comments", {"text": "Relu"}, cross="path"
    ),
    ("POST", "/v1/drafts/{draft_id}/publish"): _publish,
    ("POST", "/v1/drafts/{draft_id}/retry"): _retry,
    ("GET", "/v1/approvals"): lambda w, a, t, r: Req(  # a non-empty queue, so its items are read too
        f"/v1/approvals?limit=1&_={_others_draft(w, a, t, r, 'in_review')}"
    ),
    ("POST", "/v1/approvals/{draft_id}/approve"): lambda w, a, t, r: Req(
        f"/v1/approvals/{_others_draft(w, a, t, r, 'in_review')}/approve", {}, cross="path"
    ),
    ("POST", "/v1/approvals/{draft_id}/reject"): lambda w, a, t, r: Req(
        f"/v1/approvals/{_others_draft(w, a, t, r, 'in_review')}/reject",
        {"reason": "off-brand tone"},
        cross="path",
    ),
    ("GET", "/v1/publish-targets"): lambda w, a, t, r: Req("/v1/publish-targets"),
    ("POST", "/v1/publish-targets"): lambda w, a, t, r: Req(
        "/v1/publish-targets",
        {
            "name": f"hook-{_unique()}",
            "connector": "webhook",
            "params": {"url": "https://hooks.example.test/charte", "secret": "0123456789abcdef0123"},
        },
    ),
    ("DELETE", "/v1/publish-targets/{target_id}"): _fresh_target,
    ("GET", "/v1/audit"): lambda w, a, t, r: Req("/v1/audit"),
    ("GET", "/v1/audit/verify"): lambda w, a, t, r: Req("/v1/audit/verify"),
    ("GET", "/v1/sources"): lambda w, a, t, r: Req("/v1/sources"),
    ("POST", "/v1/sources"): lambda w, a, t, r: Req(
        "/v1/sources",
        {"kind": "rss", "name": f"feed-{_unique()}", "settings": {"url": "https://example.com/f"}},
    ),
    ("GET", "/v1/sources/{source_id}"): _on_source(""),
    ("GET", "/v1/sources/{source_id}/health"): _on_source("/health"),
    ("PATCH", "/v1/sources/{source_id}"): _on_source("", {"enabled": False}),
    ("DELETE", "/v1/sources/{source_id}"): _on_source(""),
    ("GET", "/v1/mentions"): lambda w, a, t, r: Req("/v1/mentions"),
    ("GET", "/v1/mentions/{mention_id}"): _on_mention(""),
    ("GET", "/v1/mentions/{mention_id}/thread"): _on_mention("/thread"),
    ("GET", "/v1/mentions/{mention_id}/notes"): _on_mention("/notes"),
    ("POST", "/v1/mentions/{mention_id}/assign"): _on_mention("/assign", {"assignee_id": None}),
    ("POST", "/v1/mentions/{mention_id}/status"): _on_mention("/status", {"status": "closed"}),
    ("POST", "/v1/mentions/{mention_id}/notes"): _on_mention("/notes", {"text": "seen"}),
    ("POST", "/v1/mentions/{mention_id}/reply"): lambda w, a, t, r: Req(
        f"/v1/mentions/{_mention(w, t)}/reply",
        {"text": "We are looking into it.", "account_id": t.account_id},
        cross="path",
    ),
    ("GET", "/v1/mentions/{mention_id}/replies"): _on_mention("/replies"),
    ("GET", "/v1/replies"): lambda w, a, t, r: Req("/v1/replies"),
    ("POST", "/v1/replies"): lambda w, a, t, r: Req(
        "/v1/replies",
        {"title": "Thanks", "body": "Thank you {first_name}!", "lang": "en", "intent": "praise"},
    ),
    ("GET", "/v1/replies/review"): lambda w, a, t, r: Req("/v1/replies/review"),
    ("GET", "/v1/replies/suggestions"): lambda w, a, t, r: Req(
        f"/v1/replies/suggestions?mention_id={_mention(w, t)}", cross="path"
    ),
    ("GET", "/v1/replies/{reply_id}"): _on_reply(""),
    ("PATCH", "/v1/replies/{reply_id}"): _on_reply(
        "", {"title": "Order", "body": "Hello {first_name}, we are on it.", "lang": "en"}
    ),
    ("DELETE", "/v1/replies/{reply_id}"): _on_reply(""),
    ("GET", "/v1/replies/{reply_id}/versions"): _on_reply("/versions"),
    ("POST", "/v1/replies/{reply_id}/versions/{version}/approve"): _on_reply("/versions/1/approve", {}),
    ("POST", "/v1/replies/{reply_id}/versions/{version}/reject"): _on_reply(
        "/versions/1/reject", {"reason": "not our tone"}
    ),
    ("GET", "/v1/alerts"): lambda w, a, t, r: Req("/v1/alerts"),
    ("POST", "/v1/alerts/{alert_id}/acknowledge"): lambda w, a, t, r: Req(
        f"/v1/alerts/{_alert(w, t)}/acknowledge", cross="path"
    ),
    ("GET", "/v1/notifications"): lambda w, a, t, r: Req("/v1/notifications"),
    ("GET", "/v1/lookalikes"): lambda w, a, t, r: Req("/v1/lookalikes"),
    ("GET", "/v1/lookalikes/{lookalike_id}"): lambda w, a, t, r: Req(
        f"/v1/lookalikes/{_lookalike(w, t)}", cross="path"
    ),
    ("POST", "/v1/lookalikes/{lookalike_id}/review"): lambda w, a, t, r: Req(
        f"/v1/lookalikes/{_lookalike(w, t)}/review", {"verdict": "impersonator"}, cross="path"
    ),
    ("GET", "/v1/account-safety"): lambda w, a, t, r: Req("/v1/account-safety"),
    ("GET", "/v1/accounts/{account_id}/security"): lambda w, a, t, r: Req(
        f"/v1/accounts/{t.account_id}/security", cross="path"
    ),
    ("POST", "/v1/accounts/{account_id}/attestations"): lambda w, a, t, r: Req(
        f"/v1/accounts/{t.account_id}/attestations", {}, cross="path"
    ),
    ("POST", "/v1/accounts/{account_id}/rotations"): lambda w, a, t, r: Req(
        f"/v1/accounts/{t.account_id}/rotations", {}, cross="path"
    ),
    ("PUT", "/v1/accounts/{account_id}/recovery-contacts"): lambda w, a, t, r: Req(
        f"/v1/accounts/{t.account_id}/recovery-contacts",
        {"recovery_contacts": ["security desk"]},
        cross="path",
    ),
    ("GET", "/v1/access-reviews"): lambda w, a, t, r: Req("/v1/access-reviews"),
    ("POST", "/v1/access-reviews"): lambda w, a, t, r: Req(
        "/v1/access-reviews", {"account_id": _owned_account(w, t)}, cross="body"
    ),
    ("GET", "/v1/access-reviews/{review_id}"): lambda w, a, t, r: Req(
        f"/v1/access-reviews/{_fresh_review(w, t)[0]}", cross="path"
    ),
    ("POST", "/v1/access-reviews/{review_id}/items/{item_id}"): lambda w, a, t, r: Req(
        "/v1/access-reviews/{}/items/{}".format(*_fresh_review(w, t)), {"decision": "confirm"}, cross="path"
    ),
    ("GET", "/v1/incidents"): lambda w, a, t, r: Req("/v1/incidents"),
    ("POST", "/v1/incidents"): lambda w, a, t, r: Req(
        "/v1/incidents", {"account_id": _owned_account(w, t), "summary": "matrix"}, cross="body"
    ),
    ("GET", "/v1/incidents/{incident_id}"): lambda w, a, t, r: Req(
        f"/v1/incidents/{_fresh_incident(w, t)}", cross="path"
    ),
    ("POST", "/v1/incidents/{incident_id}/steps/{step}"): lambda w, a, t, r: Req(
        f"/v1/incidents/{_fresh_incident(w, t)}/steps/tell_platform", cross="path"
    ),
    ("POST", "/v1/incidents/{incident_id}/close"): lambda w, a, t, r: Req(
        f"/v1/incidents/{_fresh_incident(w, t)}/close", {"override_reason": "matrix"}, cross="path"
    ),
    ("POST", "/v1/crisis"): lambda w, a, t, r: (_no_crisis(w, a), Req("/v1/crisis", {"summary": "matrix"}))[
        1
    ],
    ("GET", "/v1/crisis/current"): lambda w, a, t, r: Req("/v1/crisis/current"),
    ("POST", "/v1/crisis/current/end"): lambda w, a, t, r: (
        _crisis_on(w, a),
        Req("/v1/crisis/current/end", {"rest": "resume"}),
    )[1],
    ("GET", "/v1/crisis"): lambda w, a, t, r: Req("/v1/crisis"),
    ("GET", "/v1/crisis/{crisis_id}"): lambda w, a, t, r: Req(f"/v1/crisis/{_a_crisis(w, t)}", cross="path"),
    ("GET", "/v1/crisis/{crisis_id}/report.pdf"): lambda w, a, t, r: Req(
        f"/v1/crisis/{_a_crisis(w, t)}/report.pdf", cross="path"
    ),
    ("GET", "/v1/acknowledgements/me"): lambda w, a, t, r: Req("/v1/acknowledgements/me"),
    ("POST", "/v1/acknowledgements"): lambda w, a, t, r: Req(
        "/v1/acknowledgements", {"policy_version_id": _quiz_active(w, t, a), "lang": "fr"}, cross="body"
    ),
    ("GET", "/v1/acknowledgements/coverage"): lambda w, a, t, r: Req("/v1/acknowledgements/coverage"),
    ("GET", "/v1/acknowledgements/export"): lambda w, a, t, r: Req("/v1/acknowledgements/export?format=json"),
    ("GET", "/v1/acknowledgements/quiz"): lambda w, a, t, r: Req("/v1/acknowledgements/quiz?lang=fr"),
    ("POST", "/v1/acknowledgements/quiz"): lambda w, a, t, r: Req(
        f"/v1/acknowledgements/quiz?_={_quiz_active(w, a)}",
        {"answers": {"phone": 1, "speak": 0}, "lang": "en"},
    ),
    ("GET", "/v1/acknowledgements/personal"): lambda w, a, t, r: Req("/v1/acknowledgements/personal?lang=en"),
    ("POST", "/v1/auth/password-reset/request"): lambda w, a, t, r: Req(
        "/v1/auth/password-reset/request", {"email": f"someone-{_unique()}@x.example"}
    ),
    ("POST", "/v1/auth/password-reset/complete"): _reset_complete,
    ("POST", "/v1/users/{user_id}/password-reset"): lambda w, a, t, r: Req(
        f"/v1/users/{t.bystander}/password-reset", cross="path"
    ),
}


def _app_routes() -> set[tuple[str, str]]:
    """Every (method, path) the application serves, including routers included into others."""
    app = create_app(load_settings(None, database_url="sqlite://"))
    try:
        from fastapi.routing import iter_route_contexts  # FastAPI >= 0.13x flattens included routers lazily

        routes: Any = list(iter_route_contexts(app.routes))
    except ImportError:
        routes = app.routes
    found = set()
    for route in routes:
        for method in (getattr(route, "methods", None) or set()) - {"HEAD", "OPTIONS"}:
            found.add((method, route.path))
    return found


APP_ROUTES = _app_routes()
CASES = [
    (m, p, role, scope) for (m, p), role, scope in itertools.product(PERMISSION_TABLE, Role, ("own", "other"))
]

P = Permission
NO_SCOPE: Literal["any"] = "any"  # authentication alone: a token of any scope may use it
SESSION_ONLY: Literal["session"] = "session"  # account security: a fresh browser session, never a token
# (method, path) -> the scopes any ONE of which lets an admin's token through (frozenset(): none alone does).
SCOPE_TABLE: dict[tuple[str, str], frozenset[Permission] | Literal["any", "session"]] = {
    ("POST", "/v1/auth/logout"): NO_SCOPE,
    ("POST", "/v1/auth/reauth"): SESSION_ONLY,
    ("POST", "/v1/auth/totp/enrol"): SESSION_ONLY,
    ("POST", "/v1/auth/totp/confirm"): SESSION_ONLY,
    ("POST", "/v1/auth/totp/disable"): SESSION_ONLY,
    ("GET", "/v1/me"): NO_SCOPE,
    ("PATCH", "/v1/me"): NO_SCOPE,  # one's own language
    ("POST", "/v1/me/password"): SESSION_ONLY,
    ("GET", "/v1/organisations"): frozenset({P.ORG_READ}),
    ("GET", "/v1/organisations/{org_id}"): frozenset({P.ORG_READ}),
    ("PATCH", "/v1/organisations/{org_id}"): frozenset(),  # reads it (org:read), then writes it (org:write)
    ("GET", "/v1/users"): frozenset({P.USERS_READ}),
    ("POST", "/v1/users"): frozenset({P.USERS_WRITE}),
    ("GET", "/v1/users/{user_id}"): frozenset({P.USERS_READ}),
    ("PATCH", "/v1/users/{user_id}"): frozenset(),  # users:write and users:read
    ("GET", "/v1/teams"): frozenset({P.TEAMS_READ}),
    ("POST", "/v1/teams"): frozenset({P.TEAMS_WRITE}),
    ("GET", "/v1/teams/{team_id}"): frozenset({P.TEAMS_READ}),
    ("PATCH", "/v1/teams/{team_id}"): frozenset(),  # reads it, then writes it
    ("DELETE", "/v1/teams/{team_id}"): frozenset(),  # reads it, then writes it
    ("GET", "/v1/accounts"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/v1/accounts"): frozenset({P.ACCOUNTS_WRITE}),
    ("GET", "/v1/accounts/{account_id}"): frozenset({P.ACCOUNTS_READ}),
    ("PATCH", "/v1/accounts/{account_id}"): frozenset(),  # reads it, then writes it
    ("DELETE", "/v1/accounts/{account_id}"): frozenset(),  # reads it, then writes it
    ("GET", "/v1/policies"): frozenset({P.POLICIES_READ}),
    ("POST", "/v1/policies"): frozenset({P.POLICIES_WRITE}),
    ("GET", "/v1/policies/active"): frozenset({P.POLICIES_READ}),
    ("GET", "/v1/policies/{policy_id}"): frozenset({P.POLICIES_READ}),
    ("POST", "/v1/policies/{policy_id}/activate"): frozenset(),  # policies:read and policies:write
    ("GET", "/v1/policies/{policy_id}/diff"): frozenset({P.POLICIES_READ}),
    ("GET", "/v1/policies/active/document"): frozenset({P.POLICIES_READ}),
    ("GET", "/v1/policies/{policy_id}/document"): frozenset({P.POLICIES_READ}),
    ("POST", "/v1/policies/{policy_id}/tests"): frozenset(),  # policies:read and policies:write
    ("GET", "/v1/tokens"): frozenset({P.TOKENS_WRITE}),
    ("POST", "/v1/tokens"): frozenset(),  # tokens:write, and the org:read it grants
    ("DELETE", "/v1/tokens/{token_id}"): frozenset(),  # tokens:write and tokens:manage (someone else's)
    ("POST", "/v1/check"): frozenset({P.CHECK}),
    ("GET", "/v1/drafts"): frozenset({P.DRAFTS_WRITE, P.DRAFTS_READ_ALL}),
    ("POST", "/v1/drafts"): frozenset({P.DRAFTS_WRITE}),
    ("GET", "/v1/drafts/{draft_id}"): frozenset({P.DRAFTS_READ_ALL}),
    ("PATCH", "/v1/drafts/{draft_id}"): frozenset({P.DRAFTS_WRITE}),
    ("POST", "/v1/drafts/{draft_id}/submit"): frozenset({P.DRAFTS_WRITE}),
    ("POST", "/v1/drafts/{draft_id}/comments"): NO_SCOPE,  # one's own draft
    ("POST", "/v1/drafts/{draft_id}/publish"): frozenset({P.DRAFTS_PUBLISH}),
    ("POST", "/v1/drafts/{draft_id}/retry"): frozenset({P.DRAFTS_PUBLISH}),
    ("GET", "/v1/approvals"): frozenset({P.APPROVALS}),
    ("POST", "/v1/approvals/{draft_id}/approve"): frozenset({P.APPROVALS}),
    ("POST", "/v1/approvals/{draft_id}/reject"): frozenset({P.APPROVALS}),
    ("GET", "/v1/publish-targets"): frozenset({P.TARGETS_READ, P.TARGETS_WRITE}),
    ("POST", "/v1/publish-targets"): frozenset({P.TARGETS_WRITE}),
    ("DELETE", "/v1/publish-targets/{target_id}"): frozenset({P.TARGETS_WRITE}),
    ("GET", "/v1/audit"): frozenset({P.AUDIT_READ}),
    ("GET", "/v1/audit/verify"): frozenset({P.AUDIT_READ}),
    ("GET", "/v1/sources"): frozenset({P.SOURCES_MANAGE, P.MENTIONS_READ}),
    ("POST", "/v1/sources"): frozenset({P.SOURCES_MANAGE}),
    ("GET", "/v1/sources/{source_id}"): frozenset({P.SOURCES_MANAGE, P.MENTIONS_READ}),
    ("GET", "/v1/sources/{source_id}/health"): frozenset({P.SOURCES_MANAGE, P.MENTIONS_READ}),
    ("PATCH", "/v1/sources/{source_id}"): frozenset({P.SOURCES_MANAGE}),
    ("DELETE", "/v1/sources/{source_id}"): frozenset({P.SOURCES_MANAGE}),
    ("GET", "/v1/mentions"): frozenset({P.MENTIONS_READ}),
    ("GET", "/v1/mentions/{mention_id}"): frozenset(),  # mentions:read and mentions:read_all (not its team)
    ("GET", "/v1/mentions/{mention_id}/thread"): frozenset(),
    ("GET", "/v1/mentions/{mention_id}/notes"): frozenset(),
    ("POST", "/v1/mentions/{mention_id}/assign"): frozenset(),  # mentions:handle, read and read_all
    ("POST", "/v1/mentions/{mention_id}/status"): frozenset(),
    ("POST", "/v1/mentions/{mention_id}/notes"): frozenset(),
    ("POST", "/v1/mentions/{mention_id}/reply"): frozenset(),  # mentions:handle, read_all, drafts:write
    ("GET", "/v1/mentions/{mention_id}/replies"): frozenset(),
    ("GET", "/v1/replies"): frozenset({P.MENTIONS_READ, P.APPROVALS}),
    ("POST", "/v1/replies"): frozenset({P.DRAFTS_WRITE}),
    ("GET", "/v1/replies/review"): frozenset({P.APPROVALS}),
    ("GET", "/v1/replies/suggestions"): frozenset(),  # mentions:read and read_all (not its team)
    ("GET", "/v1/replies/{reply_id}"): frozenset({P.MENTIONS_READ, P.APPROVALS}),
    ("PATCH", "/v1/replies/{reply_id}"): frozenset(),  # drafts:write and reading it
    ("DELETE", "/v1/replies/{reply_id}"): frozenset(),
    ("GET", "/v1/replies/{reply_id}/versions"): frozenset({P.MENTIONS_READ, P.APPROVALS}),
    ("POST", "/v1/replies/{reply_id}/versions/{version}/approve"): frozenset({P.APPROVALS}),
    ("POST", "/v1/replies/{reply_id}/versions/{version}/reject"): frozenset({P.APPROVALS}),
    ("GET", "/v1/alerts"): frozenset({P.MENTIONS_READ}),
    ("POST", "/v1/alerts/{alert_id}/acknowledge"): frozenset({P.MENTIONS_HANDLE}),
    ("GET", "/v1/notifications"): frozenset({P.ORG_WRITE}),
    ("GET", "/v1/lookalikes"): frozenset({P.MENTIONS_READ}),
    ("GET", "/v1/lookalikes/{lookalike_id}"): frozenset({P.MENTIONS_READ}),
    ("POST", "/v1/lookalikes/{lookalike_id}/review"): frozenset({P.MENTIONS_HANDLE}),
    ("GET", "/v1/account-safety"): frozenset({P.ACCOUNTS_READ}),
    ("GET", "/v1/accounts/{account_id}/security"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/v1/accounts/{account_id}/attestations"): frozenset({P.ACCOUNTS_READ}),  # and being an owner
    ("POST", "/v1/accounts/{account_id}/rotations"): frozenset({P.ACCOUNTS_READ}),
    ("PUT", "/v1/accounts/{account_id}/recovery-contacts"): frozenset({P.ACCOUNTS_READ}),
    ("GET", "/v1/access-reviews"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/v1/access-reviews"): frozenset({P.ACCOUNTS_READ}),
    ("GET", "/v1/access-reviews/{review_id}"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/v1/access-reviews/{review_id}/items/{item_id}"): frozenset({P.ACCOUNTS_READ}),
    ("GET", "/v1/incidents"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/v1/incidents"): frozenset({P.ACCOUNTS_READ}),
    ("GET", "/v1/incidents/{incident_id}"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/v1/incidents/{incident_id}/steps/{step}"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/v1/incidents/{incident_id}/close"): frozenset({P.ACCOUNTS_READ}),
    ("POST", "/v1/crisis"): frozenset({P.CRISIS}),
    ("GET", "/v1/crisis/current"): frozenset({P.ORG_READ}),
    ("POST", "/v1/crisis/current/end"): frozenset({P.CRISIS}),
    ("GET", "/v1/crisis"): frozenset({P.CRISIS, P.AUDIT_READ}),
    ("GET", "/v1/crisis/{crisis_id}"): frozenset({P.CRISIS, P.AUDIT_READ}),
    ("GET", "/v1/crisis/{crisis_id}/report.pdf"): frozenset({P.CRISIS, P.AUDIT_READ}),
    ("GET", "/v1/acknowledgements/me"): frozenset({P.POLICIES_READ}),
    ("POST", "/v1/acknowledgements"): frozenset({P.POLICIES_READ}),
    ("GET", "/v1/acknowledgements/coverage"): frozenset({P.AUDIT_READ, P.POLICIES_WRITE}),
    ("GET", "/v1/acknowledgements/export"): frozenset({P.AUDIT_READ, P.POLICIES_WRITE}),
    ("GET", "/v1/acknowledgements/quiz"): frozenset({P.POLICIES_READ}),
    ("POST", "/v1/acknowledgements/quiz"): frozenset({P.POLICIES_READ}),
    ("GET", "/v1/acknowledgements/personal"): frozenset({P.POLICIES_READ}),
    ("POST", "/v1/users/{user_id}/password-reset"): frozenset({P.USERS_WRITE}),
}
ACCOUNT_SECURITY = sorted(k for k, v in SCOPE_TABLE.items() if v == SESSION_ONLY)
# A browser session must be fresh here too (a stolen cookie must not become a long-lived credential).
FRESH_FOR_SESSIONS = {*ACCOUNT_SECURITY, ("POST", "/v1/tokens")} - {("POST", "/v1/auth/reauth")}
AUTHENTICATED = sorted(k for k, v in PERMISSION_TABLE.items() if v != PUBLIC)
CODE_NAME = "Phénix"  # a code name in the demo policy's confidential list: only policy owners may read it


def test_every_route_is_declared() -> None:
    missing = APP_ROUTES - set(PERMISSION_TABLE) - SIGNED_ROUTES
    stale = set(PERMISSION_TABLE) - APP_ROUTES
    assert not missing, f"routes without an entry in PERMISSION_TABLE: {sorted(missing)}"
    assert not stale, f"entries for routes that no longer exist: {sorted(stale)}"
    assert set(REQUESTS) == set(PERMISSION_TABLE)
    assert set(SCOPE_TABLE) == set(AUTHENTICATED), "every authenticated route needs an entry in SCOPE_TABLE"


def _markers(tenant: Tenant) -> list[str]:
    slug = tenant.name.split()[0].lower()
    return [tenant.name, f"@{slug}.example", tenant.handle]


def _last_seq(world: World, org_id: int) -> int:
    with world.app.state.sessionmaker() as session:
        return session.scalar(select(func.max(AuditEntryRow.seq)).where(AuditEntryRow.org_id == org_id)) or 0


def _refusals_since(world: World, org_id: int, seq: int) -> list[AuditEntryRow]:
    with world.app.state.sessionmaker() as session:
        return list(
            session.scalars(
                select(AuditEntryRow).where(
                    AuditEntryRow.org_id == org_id,
                    AuditEntryRow.seq > seq,
                    AuditEntryRow.action == "access.denied",
                )
            )
        )


def _assert_refusal_audited(
    world: World, org_id: int, seq: int, method: str, path: str, response: Any
) -> None:
    """A 403 leaves an ``access.denied`` entry naming the route in the caller's organisation (no body, no
    personal data: the audit layer refuses those keys)."""
    if response.status_code != 403:
        return
    entries = [e for e in _refusals_since(world, org_id, seq) if e.object_id == f"{method} {path}"]
    assert entries, f"refused {method} {path} ({response.json().get('type')}) is not in the audit record"
    assert entries[-1].details["status"] == 403 and entries[-1].details["route"] == path


def _assert_no_policy_file(response: Any, reader: str) -> None:
    text = response.text
    assert CODE_NAME not in text and "Ph\\u00e9nix" not in text, f"{reader} received the policy's code name"
    assert "code_names:" not in text, f"{reader} received the policy file"


def _session_headers(client: TestClient, login: dict[str, str]) -> dict[str, str]:
    response = client.post("/v1/auth/login", json=login)
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}


@pytest.mark.parametrize(
    ("method", "path", "role", "scope"), CASES, ids=[f"{m} {p} {r.value} {s}" for m, p, r, s in CASES]
)
def test_matrix(world: World, client: TestClient, method: str, path: str, role: Role, scope: str) -> None:
    target = world.a
    actor = world.a if scope == "own" else world.b
    req = REQUESTS[(method, path)](world, actor, target, role)
    allowed = PERMISSION_TABLE[(method, path)]
    if allowed == PUBLIC:
        headers = {}
    elif req.login:  # account security: the role's own fresh browser session
        headers = _session_headers(client, req.login)
    else:
        headers = bearer(actor.tokens[role])
    seq = _last_seq(world, actor.org_id)
    response = client.request(method, req.path, json=req.json, headers=headers)
    status = response.status_code
    assert status != 500, response.text
    _assert_refusal_audited(world, actor.org_id, seq, method, path, response)
    if Permission.POLICIES_WRITE not in ROLE_PERMISSIONS[role]:
        _assert_no_policy_file(response, f"{role} ({method} {path})")
    if scope == "other":
        for marker in _markers(target):
            assert marker not in response.text, f"{role} of another organisation saw {marker!r}"
        if req.cross in ("path", "body"):
            assert not 200 <= status < 300, f"{role} of another organisation changed or read it: {status}"
            if req.cross == "path":
                assert status in (403, 404), response.text
            return
    if allowed == PUBLIC or role in allowed:
        assert 200 <= status < 300, f"{role} should be allowed: {status} {response.text[:300]}"
    else:
        assert status in (403, 404), f"{role} should be denied: {status} {response.text[:300]}"
        assert response.headers["content-type"].startswith("application/problem+json")


@pytest.fixture(scope="module")
def scoped(world: World) -> dict[str, str]:
    """Tokens of Alpha's admin: one per single scope, one expired, one revoked."""
    admin = Principal.of(world.a.users[Role.ADMIN], world.a.org_id, Role.ADMIN, "system")
    out = {
        str(p): world.run(
            tokens.create, admin, name=f"only-{p}", scopes=[p], expires_in_days=30, max_days=365
        ).secret
        for p in Permission
    }
    for kind in ("expired", "revoked"):
        out[kind] = world.run(
            tokens.create, admin, name=kind, scopes=sorted(Permission), expires_in_days=30, max_days=365
        ).secret
    with world.app.state.sessionmaker() as session:
        now = dt.datetime.now(dt.UTC)
        session.execute(update(ApiToken).where(ApiToken.name == "expired").values(expires_at=now))
        session.execute(update(ApiToken).where(ApiToken.name == "revoked").values(revoked_at=now))
        session.commit()
    return out


@pytest.mark.parametrize(("method", "path"), AUTHENTICATED)
def test_single_scope_tokens(
    world: World, client: TestClient, scoped: dict[str, str], method: str, path: str
) -> None:
    """An admin's token holding ONE scope passes exactly the routes that scope opens; account security is never
    open to a token; every refusal is audited; the policy file reaches only a policies:write token."""
    declared = SCOPE_TABLE[(method, path)]
    req = None
    for permission in Permission:
        # A refused request changes nothing (its transaction is rolled back): its setup serves the next scope.
        req = req or REQUESTS[(method, path)](world, world.a, world.a, Role.ADMIN)
        seq = _last_seq(world, world.a.org_id)
        response = client.request(method, req.path, json=req.json, headers=bearer(scoped[str(permission)]))
        where = f"{method} {path} with a {permission.value!r} token"
        assert response.status_code != 500, response.text
        if declared == SESSION_ONLY:
            assert response.status_code == 403, where
            assert response.json()["type"] == "urn:charte:problem:reauthentication-required", where
        elif declared == NO_SCOPE or permission in declared:
            assert 200 <= response.status_code < 300, f"{where}: {response.status_code} {response.text[:300]}"
        else:
            assert 400 <= response.status_code < 500, f"{where} should be refused: {response.text[:300]}"
        _assert_refusal_audited(world, world.a.org_id, seq, method, path, response)
        if permission != Permission.POLICIES_WRITE:
            _assert_no_policy_file(response, where)
        if response.status_code < 400:
            req = None


@pytest.mark.parametrize(("method", "path"), AUTHENTICATED)
def test_dead_tokens_are_refused_everywhere(
    world: World, client: TestClient, scoped: dict[str, str], method: str, path: str
) -> None:
    for kind in ("expired", "revoked"):
        req = REQUESTS[(method, path)](world, world.a, world.a, Role.ADMIN)
        response = client.request(method, req.path, json=req.json, headers=bearer(scoped[kind]))
        assert response.status_code == 401, (kind, response.text)
        assert kind in response.json()["detail"]


@pytest.mark.parametrize(("method", "path"), AUTHENTICATED)
def test_browser_sessions_fresh_and_old(world: World, method: str, path: str) -> None:
    """Every route with an admin's browser session: a fresh one passes where the admin may go; once the
    password is older than ``fresh_login_minutes`` account security is refused (and audited), the rest not
    (re-authenticating, which makes the session fresh again, takes any session)."""
    for age in (0, world.settings.fresh_login_minutes + 1):
        with TestClient(world.app, base_url="https://testserver") as browser:
            req = REQUESTS[(method, path)](world, world.a, world.a, Role.ADMIN)
            login = req.login or {"email": world.a.emails[Role.ADMIN], "password": PASSWORD}
            _reset_totp(world, world.a, Role.ADMIN)
            headers = _session_headers(browser, login)
            if age:
                with world.app.state.sessionmaker() as session:
                    user_id = session.scalar(
                        select(User.id).where(User.email == login["email"], User.org_id == world.a.org_id)
                    )
                    session.execute(
                        update(BrowserSession)
                        .where(BrowserSession.user_id == user_id)
                        .values(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=age))
                    )
                    session.commit()
            seq = _last_seq(world, world.a.org_id)
            response = browser.request(method, req.path, json=req.json, headers=headers)
            where = f"{method} {path}, session {age} min old"
            if (method, path) in FRESH_FOR_SESSIONS and age:
                assert response.status_code == 403, where
                assert response.json()["type"] == "urn:charte:problem:reauthentication-required", where
            else:
                assert 200 <= response.status_code < 300, (
                    f"{where}: {response.status_code} {response.text[:300]}"
                )
            _assert_refusal_audited(world, world.a.org_id, seq, method, path, response)


@pytest.mark.parametrize(("method", "path"), sorted(k for k, v in PERMISSION_TABLE.items() if v != PUBLIC))
def test_anonymous_is_refused_everywhere(world: World, client: TestClient, method: str, path: str) -> None:
    concrete = path.replace("{", "").replace("}", "")
    for name in (
        "org_id",
        "user_id",
        "team_id",
        "account_id",
        "policy_id",
        "token_id",
        "draft_id",
        "target_id",
    ):
        concrete = concrete.replace(name, "1")
    response = client.request(method, concrete, json={})
    assert response.status_code == 401, (path, response.status_code, response.text)
    assert response.json()["type"] == "urn:charte:problem:unauthenticated"
