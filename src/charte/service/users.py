"""People of an organisation: creation by an admin, role changes, deactivation, own password."""

from __future__ import annotations

import datetime as dt
import re

from charte import i18n
from charte.audit.chain import AuditAction
from charte.i18n import _
from charte.service import audit, auth, offboarding, security
from charte.service.errors import AuthenticationFailed, Conflict, Invalid, not_found
from charte.service.permissions import Permission, Role
from charte.service.principal import Principal
from charte.settings import Settings
from charte.store.models import Organisation, User, utcnow
from charte.store.repositories import Page, Store

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def _check_password(field: str, password: str, email: str, display_name: str = "") -> None:
    """Long enough, not common, not guessable from the person's e-mail or name (zxcvbn)."""
    problem = security.password_problem(password, [email, display_name])
    if problem:
        raise Invalid.one(field, problem)


def create(
    store: Store, actor: Principal, *, email: str, display_name: str, role: Role | str, password: str
) -> User:
    actor.require(Permission.USERS_WRITE)
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 320:
        raise Invalid.one("email", _("not an e-mail address"))
    _check_password("password", password, email, display_name)
    password_hash = security.hash_password(password)  # before the look-up: every answer costs the same
    # Only this organisation's users are looked at: whether the address exists elsewhere never shows.
    if store.users.in_org_by_email(actor.org_id, email) is not None:
        raise Conflict(_("a user with this e-mail already exists in your organisation"))
    user = User(
        org_id=actor.org_id,
        email=email,
        display_name=display_name.strip() or email,
        role=str(Role(role)),
        password_hash=password_hash,
        is_active=True,
        totp_enabled=False,
    )
    store.users.add(user)
    audit.record(
        store.session,
        actor,
        AuditAction.PERMISSION_CHANGE,
        "user",
        user.id,
        {"change": "user_created", "role": user.role},
    )
    return user


def get(store: Store, actor: Principal, user_id: int) -> User:
    if user_id != actor.user_id:
        actor.require(Permission.USERS_READ)
    user = store.users.get(actor.org_id, user_id)
    if user is None:
        raise not_found("user", user_id)
    return user


def list_users(
    store: Store,
    actor: Principal,
    *,
    role: Role | None,
    active: bool | None,
    q: str | None,
    limit: int,
    offset: int,
) -> Page[User]:
    actor.require(Permission.USERS_READ)
    return store.users.list(
        actor.org_id, role=str(role) if role else None, active=active, q=q, limit=limit, offset=offset
    )


def _other_active_admins(store: Store, user: User) -> int:
    page = store.users.list(user.org_id, role=str(Role.ADMIN), active=True, q=None, limit=1, offset=0)
    return page.total - (1 if user.is_active and user.role == Role.ADMIN else 0)


def update(
    store: Store,
    actor: Principal,
    user_id: int,
    *,
    display_name: str | None = None,
    role: Role | None = None,
    is_active: bool | None = None,
    now: dt.datetime | None = None,
) -> User:
    actor.require(Permission.USERS_WRITE)
    user = get(store, actor, user_id)
    losing_admin = (role is not None and role != Role.ADMIN) or is_active is False
    if losing_admin and user.role == Role.ADMIN and _other_active_admins(store, user) == 0:
        raise Conflict(_("this is the last active admin of the organisation; make someone else admin first"))
    if display_name is not None:
        user.display_name = display_name.strip()
    if (role is not None and str(role) != user.role) or (
        is_active is not None and is_active != user.is_active
    ):
        audit.record(
            store.session,
            actor,
            AuditAction.PERMISSION_CHANGE,
            "user",
            user.id,
            {
                "change": "user_updated",
                "role_from": user.role,
                "role_to": str(role or user.role),
                "active_from": user.is_active,
                "active_to": user.is_active if is_active is None else is_active,
            },
        )
    if role is not None:
        user.role = str(role)
    if is_active is False and user.is_active:
        # Offboarding: everything the person could use stops working now.
        store.sessions.delete_user(user.id)
        store.tokens.revoke_user(user.id, now or utcnow())
        audit.record(
            store.session,
            actor,
            AuditAction.CREDENTIAL_CHANGE,
            "user",
            user.id,
            {"change": "deactivated", "sessions_ended": True, "tokens_revoked": True},
        )
        offboarding.offboard(store, actor, user, now or utcnow())
    if is_active is not None:
        user.is_active = is_active
    store.session.flush()
    return user


def change_password(
    store: Store, settings: Settings, actor: Principal, current: str, new: str, now: dt.datetime | None = None
) -> None:
    """From a fresh browser session only; the current password is checked under the session's secret budget.
    Every other session ends and every API token is revoked: whoever held the old password or a token
    made with it loses access."""
    now = now or utcnow()
    auth.require_fresh(actor, settings, now)
    user = get(store, actor, actor.user_id)
    auth.check_secret_budget(store, settings, actor, now)
    if not security.verify_password(user.password_hash, current):
        auth.secret_failed(
            store,
            settings,
            actor,
            "current_password",
            now,
            AuthenticationFailed(_("the current password is not right")),
        )
    _check_password("new_password", new, user.email, user.display_name)
    user.password_hash = security.hash_password(new)
    store.sessions.delete_user(user.id, keep=actor.credential_id)  # other browsers must log in again
    store.tokens.revoke_user(user.id, now)
    store.session.flush()
    audit.record(
        store.session,
        actor,
        AuditAction.CREDENTIAL_CHANGE,
        "user",
        user.id,
        {"change": "password", "other_sessions_ended": True, "tokens_revoked": True},
    )


def set_password(store: Store, user: User, password: str, now: dt.datetime | None = None) -> None:
    """Command-line reset (no actor): the administrator of the machine sets it; sessions end, tokens are revoked."""
    _check_password("password", password, user.email, user.display_name)
    user.password_hash = security.hash_password(password)
    store.sessions.delete_user(user.id)
    store.tokens.revoke_user(user.id, now or utcnow())
    store.session.flush()
    audit.record(
        store.session,
        None,
        AuditAction.CREDENTIAL_CHANGE,
        "user",
        user.id,
        {"change": "password_reset", "tokens_revoked": True},
        org_id=user.org_id,
    )


def set_language(store: Store, actor: Principal, language: str) -> User:
    """The caller's interface language (``fr``/``en``), kept on their user: the pages open in it at sign-in,
    whatever the browser, and what is written to them later uses it. Their own setting: no permission."""
    if language not in i18n.LANGS:
        raise Invalid.one("language", _("choose one of {langs}", langs=", ".join(i18n.LANGS)))
    user, _org = whoami(store, actor)
    user.language = language
    store.session.flush()
    return user


def whoami(store: Store, actor: Principal) -> tuple[User, Organisation]:
    """The caller and their organisation: needs no permission beyond being authenticated."""
    user = store.users.get(actor.org_id, actor.user_id)
    org = store.organisations.get(actor.org_id)
    if user is None or org is None:
        raise not_found("user", actor.user_id)
    return user, org
