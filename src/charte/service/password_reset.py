"""A forgotten password: single-use, expiring reset links whose secret only the link holds (the table keeps
its SHA-256).

Three ways to get one: an admin issues it for a person of their organisation (people page, API, CLI) and
hands it over; the person asks for it (``request``: sent by e-mail through :mod:`charte.service.delivery`,
with the same answer whether or not the address exists, and rate-limited per address and per client); or,
for a locked-out last admin, ``charte admin reset-password EMAIL`` on the server sets the password directly.
Using a link sets the new password (zxcvbn strength, as everywhere) with ``users.set_password``: every
session ends and every API token is revoked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from charte.audit.chain import AuditAction
from charte.i18n import _, gettext
from charte.service import audit, delivery, security, users
from charte.service.errors import Invalid, TooManyAttempts, not_found
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import PasswordReset, User, utcnow
from charte.store.repositories import Store

RESET_PREFIX = "chr"
ADMIN_LINK_HOURS = 24  # handed over by an admin: long enough to reach the person
SELF_LINK_MINUTES = 60  # sent by e-mail on request: short
REQUEST_WINDOW = dt.timedelta(hours=1)
MAX_REQUESTS_PER_EMAIL = 3
MAX_REQUESTS_PER_CLIENT = 20
PATH = "/reset-password"


@dataclass(frozen=True)
class Issued:
    user: User
    token: str  # shown once
    expires_at: dt.datetime

    def url(self, base_url: str) -> str:
        return f"{base_url.rstrip('/')}{PATH}?token={self.token}"


def _issue(
    store: Store, user: User, lifetime: dt.timedelta, issued_by: int | None, now: dt.datetime
) -> Issued:
    store.password_resets.retire_user(user.id, now)  # one live link per person
    token = security.new_token(RESET_PREFIX)
    expires = now + lifetime
    store.password_resets.add(
        PasswordReset(
            user_id=user.id,
            token_hash=security.sha256_hex(token),
            issued_by=issued_by,
            expires_at=expires,
            created_at=now,
        )
    )
    return Issued(user, token, expires)


def issue(store: Store, actor: Principal, user_id: int, now: dt.datetime | None = None) -> Issued:
    """An admin makes a reset link for a person of their organisation (valid ``ADMIN_LINK_HOURS``)."""
    actor.require(Permission.USERS_WRITE)
    now = now or utcnow()
    user = store.users.get(actor.org_id, user_id)
    if user is None:
        raise not_found("user", user_id)
    if not user.is_active:
        raise Invalid.one("user_id", _("this person is deactivated: reactivate them first"))
    issued = _issue(
        store,
        user,
        dt.timedelta(hours=ADMIN_LINK_HOURS),
        actor.user_id if actor.via != "system" else None,
        now,
    )
    audit.record(
        store.session,
        actor,
        AuditAction.CREDENTIAL_CHANGE,
        "user",
        user.id,
        {"change": "password_reset_issued", "by": "admin", "hours": ADMIN_LINK_HOURS},
    )
    return issued


def email_configured() -> bool:
    return delivery.mailer() is not None


def _throttle(store: Store, email: str, client: str, now: dt.datetime) -> None:
    keys = [
        (security.sha256_hex(f"reset:email:{email}"), MAX_REQUESTS_PER_EMAIL),
        (security.sha256_hex(f"reset:client:{client}"), MAX_REQUESTS_PER_CLIENT),
    ]
    since = now - REQUEST_WINDOW
    for key, limit in keys:
        if store.login_failures.count_since(key, since) >= limit:
            oldest = store.login_failures.oldest_since(key, since) or now
            wait = int((oldest + REQUEST_WINDOW - now).total_seconds()) + 1
            wait = max(wait, 1)
            raise TooManyAttempts(
                wait,
                "password-reset requests",
                message=_("too many password-reset requests; try again in {seconds} s", seconds=wait),
            )
    store.login_failures.record([key for key, _limit in keys], now)


def request(
    store: Store,
    *,
    email: str,
    client: str,
    base_url: str,
    lang: str,
    now: dt.datetime | None = None,
) -> None:
    """Someone asks for a link. Every active account with this e-mail gets one by e-mail; the caller learns
    nothing about whether one exists. Without e-mail set up there is nothing to do: callers check
    :func:`email_configured` first and say so."""
    now = now or utcnow()
    email = email.strip().lower()
    if not users.EMAIL.match(email) or len(email) > 320:
        raise Invalid.one("email", _("not an e-mail address"))
    _throttle(store, email, client, now)
    if not email_configured():
        return
    for user in store.users.all_by_email(email):
        if not user.is_active:
            continue
        issued = _issue(store, user, dt.timedelta(minutes=SELF_LINK_MINUTES), None, now)
        sent = delivery.send(
            delivery.Message(
                to=user.email,
                kind="password_reset",
                subject=gettext("Reset your Charte password", lang=lang),
                body=gettext(
                    "Someone (probably you) asked to reset your Charte password. Open this link within "
                    "{minutes} minutes to choose a new one: {url}\n\nIf it was not you, ignore this message.",
                    lang=lang,
                    minutes=SELF_LINK_MINUTES,
                    url=issued.url(base_url),
                ),
                lang=lang,
            )
        )
        audit.record(
            store.session,
            None,
            AuditAction.CREDENTIAL_CHANGE,
            "user",
            user.id,
            {"change": "password_reset_issued", "by": "self", "sent": sent},
            org_id=user.org_id,
        )


def _valid(store: Store, token: str, now: dt.datetime) -> tuple[PasswordReset, User]:
    row = store.password_resets.by_hash(security.sha256_hex(token.strip())) if token else None
    if row is None:
        raise Invalid.one("token", _("this reset link is not valid: ask for a new one"))
    if row.used_at is not None:
        raise Invalid.one("token", _("this reset link has already been used or replaced: ask for a new one"))
    if row.expires_at <= now:
        raise Invalid.one("token", _("this reset link has expired: ask for a new one"))
    user = store.users.by_id(row.user_id)
    if user is None or not user.is_active:
        raise Invalid.one("token", _("this reset link is not valid: ask for a new one"))
    return row, user


def check(store: Store, token: str, now: dt.datetime | None = None) -> User:
    """The person a link resets, or :class:`Invalid` (unknown, used, expired): for the form."""
    return _valid(store, token, now or utcnow())[1]


def complete(store: Store, token: str, new_password: str, now: dt.datetime | None = None) -> User:
    """Set the new password with a valid link; the link is then spent (a weak password does not spend it)."""
    now = now or utcnow()
    row, user = _valid(store, token, now)
    problem = security.password_problem(new_password, [user.email, user.display_name])
    if problem:
        raise Invalid.one("password", problem)
    if not store.password_resets.use(row.id, now):  # two tabs at once: only one wins
        raise Invalid.one("token", _("this reset link has already been used or replaced: ask for a new one"))
    users.set_password(store, user, new_password, now)
    store.password_resets.retire_user(user.id, now)
    return user


def reset_by_email(store: Store, email: str, new_password: str, organisation: str | None = None) -> User:
    """``charte admin reset-password``: the machine's administrator sets a password directly."""
    found = store.users.all_by_email(
        email.strip().lower(), organisation.strip().lower() if organisation else None
    )
    if not found:
        raise not_found("user", email)
    if len(found) > 1:
        raise Invalid.one("organisation", _("this e-mail exists in several organisations: give --org SLUG"))
    user = found[0]
    users.set_password(store, user, new_password)
    store.password_resets.retire_user(user.id, utcnow())
    return user
