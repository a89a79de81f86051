"""Logging in and out, browser sessions, API-token authentication and TOTP two-factor enrolment.

Every login failure gets the same answer whether or not the e-mail exists, costs the same argon2
verification, and counts towards a per-e-mail and a per-address limit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NoReturn

from charte.audit.chain import AuditAction
from charte.service import audit, security
from charte.service.errors import AuthenticationFailed, Conflict, Invalid, TooManyAttempts, TotpRequired
from charte.service.principal import Principal
from charte.settings import Settings
from charte.store.models import BrowserSession, User, utcnow
from charte.store.repositories import Store

SESSION_PREFIX = "chs"
TOKEN_PREFIX = "chk"


@dataclass(frozen=True)
class LoginResult:
    user: User
    session_token: str
    csrf_token: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class Enrolment:
    secret: str
    otpauth_uri: str


def _keys(email: str, client: str) -> tuple[str, str]:
    return security.sha256_hex("login-email:" + email.strip().lower()), security.sha256_hex("login-ip:" + client)


def _check_rate(store: Store, settings: Settings, keys: tuple[str, str], now: dt.datetime) -> None:
    since = now - dt.timedelta(seconds=settings.login_window_seconds)
    for key, limit in zip(keys, (settings.login_max_failures, settings.login_max_failures_per_ip), strict=True):
        if store.login_failures.count_since(key, since) >= limit:
            oldest = store.login_failures.oldest_since(key, since) or now
            retry = int((oldest + dt.timedelta(seconds=settings.login_window_seconds) - now).total_seconds()) + 1
            raise TooManyAttempts(max(retry, 1))


def login(store: Store, settings: Settings, *, email: str, password: str, totp_code: str | None,
          recovery_code: str | None, client: str, now: dt.datetime | None = None) -> LoginResult:
    """Check the credentials and open a browser session. Failures are recorded and committed before raising."""
    now = now or utcnow()
    keys = _keys(email, client)
    _check_rate(store, settings, keys, now)
    user = store.users.by_email(email.strip().lower())
    ok = security.verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        _audit_failure(store, user, "password")
        _fail(store, keys, now)
    assert user is not None
    if user.totp_enabled:
        if not totp_code and not recovery_code:
            raise TotpRequired()
        if not _second_factor(store, user, totp_code, recovery_code, now):
            _audit_failure(store, user, "second_factor")
            _fail(store, keys, now)
    store.login_failures.clear(keys[0])
    store.login_failures.purge_before(now - dt.timedelta(seconds=settings.login_window_seconds))
    store.sessions.purge_expired(now)
    user.last_login_at = now
    token, csrf = security.new_token(SESSION_PREFIX), security.new_token("csrf")
    expires = now + dt.timedelta(hours=settings.session_hours)
    store.sessions.add(BrowserSession(user_id=user.id, token_hash=security.sha256_hex(token),
                                      csrf_hash=security.sha256_hex(csrf), expires_at=expires))
    audit.record(store.session, Principal.of(user.id, user.org_id, user.role, "session"), AuditAction.LOGIN,
                 "user", user.id, {"second_factor": bool(user.totp_enabled)})
    return LoginResult(user, token, csrf, expires)


def _audit_failure(store: Store, user: User | None, step: str) -> None:
    """Failed logins of a known user go to their organisation's record (unknown e-mails have none)."""
    if user is not None:
        audit.record(store.session, None, AuditAction.LOGIN_FAILED, "user", user.id, {"step": step},
                     org_id=user.org_id)


def _fail(store: Store, keys: tuple[str, str], now: dt.datetime) -> NoReturn:
    store.login_failures.record(keys, now)
    store.session.commit()
    raise AuthenticationFailed()


def _second_factor(store: Store, user: User, totp_code: str | None, recovery_code: str | None,
                   now: dt.datetime) -> bool:
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


def from_session(store: Store, session_token: str, now: dt.datetime | None = None
                 ) -> tuple[Principal, BrowserSession]:
    """The principal behind a session cookie, or :class:`AuthenticationFailed`."""
    now = now or utcnow()
    row = store.sessions.by_hash(security.sha256_hex(session_token))
    if row is None or row.expires_at <= now:
        raise AuthenticationFailed("your session has expired; log in again")
    user = store.users.by_id(row.user_id)
    if user is None or not user.is_active:
        raise AuthenticationFailed("your session has expired; log in again")
    return Principal.of(user.id, user.org_id, user.role, "session", credential_id=row.id), row


def from_token(store: Store, raw: str, now: dt.datetime | None = None) -> Principal:
    """The principal behind an API token: the user's role narrowed by the token's scopes."""
    now = now or utcnow()
    token = store.tokens.auth(security.sha256_hex(raw))
    if token is None:
        raise AuthenticationFailed("the API token is not valid")
    if token.revoked_at is not None:
        raise AuthenticationFailed("the API token has been revoked")
    if token.expires_at <= now:
        raise AuthenticationFailed("the API token has expired")
    if not token.user_active or token.user_org_id != token.org_id:
        raise AuthenticationFailed("the API token is not valid")
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        store.tokens.touch(token.token_id, now)  # at most one write a minute per token on the hot path
        audit.record(store.session, None, AuditAction.TOKEN_USE, "token", token.token_id,
                     {"user_id": token.user_id}, org_id=token.org_id)
    return Principal.of(token.user_id, token.org_id, token.user_role, "token", scopes=token.scopes,
                        credential_id=token.token_id)


def csrf_matches(row: BrowserSession, header: str | None) -> bool:
    return bool(header) and security.same(row.csrf_hash, security.sha256_hex(header or ""))


def totp_enrol(store: Store, actor: Principal) -> Enrolment:
    """Start (or restart) enrolment: a new secret, not active until a code is confirmed."""
    user = store.users.get(actor.org_id, actor.user_id)
    assert user is not None
    if user.totp_enabled:
        raise Conflict("two-factor authentication is already on; disable it first to enrol a new device")
    user.totp_secret = security.new_totp_secret()
    store.session.flush()
    return Enrolment(user.totp_secret, security.totp_uri(user.totp_secret, user.email))


def totp_confirm(store: Store, actor: Principal, code: str, now: dt.datetime | None = None) -> list[str]:
    """Turn two-factor on with a first valid code; returns the recovery codes (shown once, stored hashed)."""
    now = now or utcnow()
    user = store.users.get(actor.org_id, actor.user_id)
    assert user is not None
    if user.totp_enabled:
        raise Conflict("two-factor authentication is already on")
    if not user.totp_secret:
        raise Conflict("start with POST /v1/auth/totp/enrol")
    step = security.totp_step(user.totp_secret, code, user.totp_last_step, now.timestamp())
    if step is None:
        raise Invalid.one("code", "wrong or expired code; type the code your app shows now")
    user.totp_enabled, user.totp_last_step = True, step
    codes = security.new_recovery_codes()
    store.recovery_codes.replace(user.id, [security.recovery_hash(c) for c in codes])
    return codes


def totp_disable(store: Store, actor: Principal, code: str, now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    user = store.users.get(actor.org_id, actor.user_id)
    assert user is not None
    if not user.totp_enabled or not user.totp_secret:
        raise Conflict("two-factor authentication is not on")
    step = security.totp_step(user.totp_secret, code, user.totp_last_step, now.timestamp())
    if step is None and not store.recovery_codes.consume(user.id, security.recovery_hash(code), now):
        raise Invalid.one("code", "wrong or expired code")
    user.totp_enabled, user.totp_secret, user.totp_last_step = False, None, None
    store.recovery_codes.delete_all(user.id)
    store.session.flush()
