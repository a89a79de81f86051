"""Logging in and out, browser sessions, API-token authentication, re-authentication and TOTP two-factor.

Every login failure gets the same answer whether or not the e-mail exists and costs the same argon2
verification. Guessing is throttled without letting anyone lock the owner out (docs/security.md):

* from a browser that has logged in to the account before (a *known device*: its cookie's hash is stored),
  attempts are limited per device only, so failures from elsewhere never block the owner;
* from anywhere else, per (e-mail, client address) pair, per client address (spraying many accounts) and per
  e-mail (many addresses guessing one account). The last two only ever delay new devices.

Secret checks behind a session (current password, TOTP codes, re-authentication) are limited per session:
opening a session already costs a throttled password check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NoReturn

from charte.audit.chain import AuditAction
from charte.i18n import N_, _, gettext
from charte.service import audit, security
from charte.service.errors import (
    AuthenticationFailed,
    Conflict,
    Invalid,
    ReauthenticationRequired,
    ServiceError,
    TooManyAttempts,
    TotpRequired,
)
from charte.service.principal import Principal
from charte.settings import Settings
from charte.store.models import BrowserSession, LoginDevice, User, utcnow
from charte.store.repositories import Store

# The browser's cookies, shared by the API and the web interface (one session, whichever opened it).
SESSION_COOKIE = "charte_session"
CSRF_COOKIE = "charte_csrf"
DEVICE_COOKIE = "charte_device"
SESSION_PREFIX = "chs"
TOKEN_PREFIX = "chk"
DEVICE_PREFIX = "chd"


@dataclass(frozen=True)
class LoginResult:
    user: User
    session_token: str
    csrf_token: str
    expires_at: dt.datetime
    device_token: str | None = None  # a new known-device cookie to set (None: keep the one sent)


@dataclass(frozen=True)
class Enrolment:
    secret: str
    otpauth_uri: str


@dataclass(frozen=True)
class Limit:
    """One throttle: failures recorded under ``key`` (a hash) in the window, at most ``limit``."""

    key: str
    limit: int


def _key(kind: str, *parts: object) -> str:
    return security.sha256_hex(f"throttle:{kind}:" + "|".join(str(p) for p in parts))


def _retry_after(store: Store, settings: Settings, limits: Sequence[Limit], now: dt.datetime) -> int | None:
    """Seconds until every limit has room again, or None when none is reached."""
    since = now - dt.timedelta(seconds=settings.login_window_seconds)
    wait = None
    for limit in limits:
        if store.login_failures.count_since(limit.key, since) >= limit.limit:
            oldest = store.login_failures.oldest_since(limit.key, since) or now
            seconds = (
                int((oldest + dt.timedelta(seconds=settings.login_window_seconds) - now).total_seconds()) + 1
            )
            wait = max(wait or 1, seconds)
    return wait


def _check(store: Store, settings: Settings, limits: Sequence[Limit], now: dt.datetime, what: str) -> None:
    wait = _retry_after(store, settings, limits, now)
    if wait is not None:
        raise TooManyAttempts(wait, message=gettext(what, seconds=wait))


def _login_limits(settings: Settings, email: str, client: str, device: LoginDevice | None) -> list[Limit]:
    if device is not None:
        return [Limit(_key("device", device.id), settings.login_max_failures)]
    return [
        Limit(_key("pair", email, client), settings.login_max_failures),
        Limit(_key("client", client), settings.login_max_failures_per_ip),
        Limit(_key("account", email), settings.login_max_failures_per_account),
    ]


def _known_device(
    store: Store, raw: str | None, candidates: Sequence[User], now: dt.datetime
) -> LoginDevice | None:
    """The sent device cookie when it belongs to one of the accounts this e-mail names."""
    if not raw or len(raw) > 128:
        return None
    device = store.login_devices.valid(security.sha256_hex(raw), now)
    if device is None or device.user_id not in {u.id for u in candidates}:
        return None
    return device


def login(
    store: Store,
    settings: Settings,
    *,
    email: str,
    password: str,
    totp_code: str | None,
    recovery_code: str | None,
    client: str,
    organisation: str | None = None,
    device_token: str | None = None,
    now: dt.datetime | None = None,
) -> LoginResult:
    """Check the credentials and open a browser session. Failures are recorded and committed before raising."""
    now = now or utcnow()
    email = email.strip().lower()
    candidates = store.users.all_by_email(email, organisation.strip().lower() if organisation else None)
    device = _known_device(store, device_token, candidates, now)
    limits = _login_limits(settings, email, client, device)
    wait = _retry_after(store, settings, limits, now)
    if wait is not None:
        raise TooManyAttempts(
            wait, message=_("too many failed logins; try again in {seconds} s", seconds=wait)
        )
    # One argon2 verification per account holding this e-mail (one, on a dummy hash, for an unknown e-mail).
    matches = [u for u in candidates if security.verify_password(u.password_hash, password) and u.is_active]
    if not candidates:
        security.verify_password(None, password)
    if len(matches) > 1:
        raise AuthenticationFailed(
            _(
                "this e-mail and password open accounts in several organisations: send "
                "“organisation” with the short name (slug) of the one to open"
            )
        )
    if not matches:
        _fail(
            store,
            settings,
            limits,
            [u for u in candidates if device is None or u.id == device.user_id],
            "password",
            now,
        )
    user = matches[0]
    if user.totp_enabled:
        if not totp_code and not recovery_code:
            raise TotpRequired(
                message=_("a two-factor code is required: send totp_code (or a recovery_code)")
            )
        if not _second_factor(store, user, totp_code, recovery_code, now):
            _fail(store, settings, limits, [user], "second_factor", now)
    for limit in limits[:1]:  # the pair (or the device) starts afresh; the wider limits keep their count
        store.login_failures.clear(limit.key)
    store.login_failures.purge_before(now - dt.timedelta(seconds=settings.login_window_seconds))
    store.sessions.purge_expired(now)
    store.login_devices.purge(user.id, now)
    user.last_login_at = now
    new_device = None
    if device is None or device.user_id != user.id:
        new_device = security.new_token(DEVICE_PREFIX)
        store.login_devices.add(
            LoginDevice(
                user_id=user.id,
                token_hash=security.sha256_hex(new_device),
                expires_at=now + dt.timedelta(days=settings.device_cookie_days),
            )
        )
    token, csrf, expires = _open_session(store, settings, user, now)
    audit.record(
        store.session,
        Principal.of(user.id, user.org_id, user.role, "session"),
        AuditAction.LOGIN,
        "user",
        user.id,
        {
            "second_factor": bool(user.totp_enabled),
            "known_device": device is not None,
            "by_recovery_code": bool(user.totp_enabled and recovery_code and not totp_code),
        },
    )
    return LoginResult(user, token, csrf, expires, new_device)


def _open_session(
    store: Store, settings: Settings, user: User, now: dt.datetime
) -> tuple[str, str, dt.datetime]:
    token, csrf = security.new_token(SESSION_PREFIX), security.new_token("csrf")
    expires = now + dt.timedelta(hours=settings.session_hours)
    store.sessions.add(
        BrowserSession(
            user_id=user.id,
            token_hash=security.sha256_hex(token),
            csrf_hash=security.sha256_hex(csrf),
            expires_at=expires,
            created_at=now,
        )
    )
    return token, csrf, expires


def _fail(
    store: Store,
    settings: Settings,
    limits: Sequence[Limit],
    users: Sequence[User],
    step: str,
    now: dt.datetime,
) -> NoReturn:
    """Record the failure under every limit, audit it for the accounts named (an unknown e-mail has no
    organisation to record it in), audit once when a limit is reached, commit, and refuse."""
    store.login_failures.record([limit.key for limit in limits], now)
    reached = _retry_after(store, settings, limits, now) is not None
    for user in users:
        audit.record(
            store.session, None, AuditAction.LOGIN_FAILED, "user", user.id, {"step": step}, org_id=user.org_id
        )
        if reached:
            audit.record(
                store.session,
                None,
                AuditAction.LOGIN_THROTTLED,
                "user",
                user.id,
                {"window_seconds": settings.login_window_seconds},
                org_id=user.org_id,
            )
    store.session.commit()
    if step == "second_factor":  # the password was right (a missing code already says so: TotpRequired)
        raise AuthenticationFailed(_("the two-factor or recovery code is not right"), field="code")
    raise AuthenticationFailed(_("invalid e-mail, password or code"))


def _second_factor(
    store: Store, user: User, totp_code: str | None, recovery_code: str | None, now: dt.datetime
) -> bool:
    if totp_code and user.totp_secret:
        step = security.totp_step(user.totp_secret, totp_code, user.totp_last_step, now.timestamp())
        if step is not None:
            user.totp_last_step = step
            return True
        return False
    if recovery_code:
        return store.recovery_codes.consume(user.id, security.recovery_hash(recovery_code), now)
    return False


def logout(store: Store, session_token: str) -> None:
    store.sessions.delete_hash(security.sha256_hex(session_token))


def from_session(
    store: Store, session_token: str, now: dt.datetime | None = None
) -> tuple[Principal, BrowserSession]:
    """The principal behind a session cookie, or :class:`AuthenticationFailed`."""
    now = now or utcnow()
    # One query for the session, its user and the organisation's two-factor rule (the hot path of every
    # page and of the API used from a browser); the user stays in the session for later reads.
    found = store.sessions.with_owner(security.sha256_hex(session_token))
    if found is None:
        raise AuthenticationFailed(_("your session has expired; log in again"))
    row, user, org_requires_totp = found
    if row.expires_at <= now or not user.is_active:
        raise AuthenticationFailed(_("your session has expired; log in again"))
    principal = Principal.of(
        user.id, user.org_id, user.role, "session", credential_id=row.id, authenticated_at=row.created_at
    )
    if not user.totp_enabled and org_requires_totp:
        principal = replace(principal, needs_totp=True)
    return principal, row


def from_token(store: Store, raw: str, now: dt.datetime | None = None) -> Principal:
    """The principal behind an API token: the user's role narrowed by the token's scopes."""
    return token_context(store, raw, now)[0]


def token_context(
    store: Store, raw: str, now: dt.datetime | None = None
) -> tuple[Principal, tuple[int, str] | None]:
    """:func:`from_token`, and the organisation's active policy version (id, hash) read in the same query:
    ``/v1/check`` needs nothing else from the database."""
    now = now or utcnow()
    token = store.tokens.auth(security.sha256_hex(raw))
    if token is None:
        raise AuthenticationFailed(_("the API token is not valid"))
    if token.revoked_at is not None:
        raise AuthenticationFailed(_("the API token has been revoked"))
    if token.expires_at <= now:
        raise AuthenticationFailed(_("the API token has expired"))
    if not token.user_active or token.user_org_id != token.org_id:
        raise AuthenticationFailed(_("the API token is not valid"))
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        store.tokens.touch(token.token_id, now)  # at most one write a minute per token on the hot path
        audit.record(
            store.session,
            None,
            AuditAction.TOKEN_USE,
            "token",
            token.token_id,
            {"user_id": token.user_id},
            org_id=token.org_id,
        )
    principal = Principal.of(
        token.user_id,
        token.org_id,
        token.user_role,
        "token",
        scopes=token.scopes,
        credential_id=token.token_id,
        expires_at=token.expires_at,
        functions=token.functions,
    )
    return principal, token.active_policy


def csrf_matches(row: BrowserSession, header: str | None) -> bool:
    return bool(header) and security.same(row.csrf_hash, security.sha256_hex(header or ""))


# Account security: a browser session, fresh, with throttled secret checks, every change audited.


def require_session(actor: Principal) -> None:
    """Credentials are changed from a browser session only: an API token (however scoped) never can."""
    if actor.via != "session" or actor.credential_id is None:
        raise ReauthenticationRequired(
            _(
                "changing how you sign in needs a browser session, not an API token: log in, then confirm "
                "your password with POST /v1/auth/reauth"
            )
        )


def require_fresh(actor: Principal, settings: Settings | int, now: dt.datetime | None = None) -> None:
    """A session whose password was typed less than ``fresh_login_minutes`` (or the given minutes) ago."""
    require_session(actor)
    now = now or utcnow()
    minutes = settings if isinstance(settings, int) else settings.fresh_login_minutes
    if actor.authenticated_at is None or now - actor.authenticated_at > dt.timedelta(minutes=minutes):
        raise ReauthenticationRequired(
            _(
                "confirm your password first (POST /v1/auth/reauth): this needs a password typed in the last "
                "{minutes} minutes",
                minutes=minutes,
            )
        )


def _secret_limit(settings: Settings, actor: Principal) -> list[Limit]:
    return [Limit(_key("secret", actor.user_id, actor.credential_id), settings.login_max_failures)]


def check_secret_budget(store: Store, settings: Settings, actor: Principal, now: dt.datetime) -> None:
    _check(
        store,
        settings,
        _secret_limit(settings, actor),
        now,
        N_("too many wrong passwords or codes; try again in {seconds} s"),
    )


def secret_failed(
    store: Store, settings: Settings, actor: Principal, step: str, now: dt.datetime, error: ServiceError
) -> NoReturn:
    """A wrong current password or code behind a session: counted, audited and committed, then ``error``."""
    store.login_failures.record([limit.key for limit in _secret_limit(settings, actor)], now)
    audit.record(
        store.session,
        actor,
        AuditAction.ACCESS_DENIED,
        "user",
        actor.user_id,
        {"refused": "secret_check", "step": step},
    )
    store.session.commit()
    error.audited = True  # the API's refusal handler must not record it twice
    raise error


def reauth(
    store: Store,
    settings: Settings,
    actor: Principal,
    *,
    password: str,
    totp_code: str | None,
    recovery_code: str | None,
    now: dt.datetime | None = None,
) -> LoginResult:
    """Type the password again (and the second factor when on): the session is replaced by a fresh one (a new
    cookie, so a copy of the old cookie does not become fresh too)."""
    now = now or utcnow()
    require_session(actor)
    check_secret_budget(store, settings, actor, now)
    user = store.users.get(actor.org_id, actor.user_id)
    assert user is not None
    if not security.verify_password(user.password_hash, password):
        secret_failed(
            store, settings, actor, "password", now, AuthenticationFailed(_("the password is not right"))
        )
    if user.totp_enabled:
        if not totp_code and not recovery_code:
            raise TotpRequired(
                message=_("a two-factor code is required: send totp_code (or a recovery_code)")
            )
        if not _second_factor(store, user, totp_code, recovery_code, now):
            secret_failed(
                store,
                settings,
                actor,
                "second_factor",
                now,
                AuthenticationFailed(_("the two-factor code is not right")),
            )
    old = store.sessions.by_id(actor.credential_id or 0)
    if old is not None:
        store.session.delete(old)
    token, csrf, expires = _open_session(store, settings, user, now)
    audit.record(
        store.session, actor, AuditAction.REAUTH, "user", user.id, {"second_factor": bool(user.totp_enabled)}
    )
    return LoginResult(user, token, csrf, expires)


def _credential_change(store: Store, actor: Principal, change: str) -> None:
    audit.record(
        store.session, actor, AuditAction.CREDENTIAL_CHANGE, "user", actor.user_id, {"change": change}
    )


def totp_enrol(
    store: Store, settings: Settings, actor: Principal, now: dt.datetime | None = None
) -> Enrolment:
    """Start (or restart) enrolment: a new secret, not active until a code is confirmed."""
    require_fresh(actor, settings, now)
    user = store.users.get(actor.org_id, actor.user_id)
    assert user is not None
    if user.totp_enabled:
        raise Conflict(_("two-factor authentication is already on; disable it first to enrol a new device"))
    user.totp_secret = security.new_totp_secret()
    store.session.flush()
    _credential_change(store, actor, "totp_enrolment_started")
    return Enrolment(user.totp_secret, security.totp_uri(user.totp_secret, user.email))


def totp_confirm(
    store: Store, settings: Settings, actor: Principal, code: str, now: dt.datetime | None = None
) -> list[str]:
    """Turn two-factor on with a first valid code; returns the recovery codes (shown once, stored hashed)."""
    now = now or utcnow()
    require_fresh(actor, settings, now)
    user = store.users.get(actor.org_id, actor.user_id)
    assert user is not None
    if user.totp_enabled:
        raise Conflict(_("two-factor authentication is already on"))
    if not user.totp_secret:
        raise Conflict(_("start with POST /v1/auth/totp/enrol"))
    check_secret_budget(store, settings, actor, now)
    step = security.totp_step(user.totp_secret, code, user.totp_last_step, now.timestamp())
    if step is None:
        secret_failed(
            store,
            settings,
            actor,
            "totp_confirm",
            now,
            Invalid.one("code", _("wrong or expired code; type the code your app shows now")),
        )
    user.totp_enabled, user.totp_last_step = True, step
    codes = security.new_recovery_codes()
    store.recovery_codes.replace(user.id, [security.recovery_hash(c) for c in codes])
    _credential_change(store, actor, "totp_enabled")
    return codes


def totp_disable(
    store: Store, settings: Settings, actor: Principal, code: str, now: dt.datetime | None = None
) -> None:
    now = now or utcnow()
    require_fresh(actor, settings, now)
    user = store.users.get(actor.org_id, actor.user_id)
    assert user is not None
    if not user.totp_enabled or not user.totp_secret:
        raise Conflict(_("two-factor authentication is not on"))
    if store.organisations.requires_totp(user.org_id):
        raise Conflict(_("your organisation requires two-factor sign-in: it cannot be turned off"))
    check_secret_budget(store, settings, actor, now)
    step = security.totp_step(user.totp_secret, code, user.totp_last_step, now.timestamp())
    if step is None and not store.recovery_codes.consume(user.id, security.recovery_hash(code), now):
        secret_failed(
            store, settings, actor, "totp_disable", now, Invalid.one("code", _("wrong or expired code"))
        )
    user.totp_enabled, user.totp_secret, user.totp_last_step = False, None, None
    store.recovery_codes.delete_all(user.id)
    store.session.flush()
    _credential_change(store, actor, "totp_disabled")
