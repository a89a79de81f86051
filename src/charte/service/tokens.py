"""API tokens for programs: shown once, stored as a SHA-256, scoped, expiring, revocable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from charte.audit.chain import AuditAction
from charte.i18n import _, ngettext
from charte.service import audit, auth, security
from charte.service.auth import TOKEN_PREFIX
from charte.service.errors import Invalid, not_found
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import ApiToken, utcnow
from charte.store.repositories import Page, Store


@dataclass(frozen=True)
class Issued:
    row: ApiToken
    secret: str


def create(
    store: Store,
    actor: Principal,
    *,
    name: str,
    scopes: list[Permission],
    expires_in_days: int,
    max_days: int,
    fresh_minutes: int | None = None,
    now: dt.datetime | None = None,
) -> Issued:
    """A token can hold at most the permissions its creator has now; a token minted by a token also expires no
    later than its parent (a short-lived token must not breed a long-lived one). From a browser session, the
    password must have been typed in the last ``fresh_minutes``: a stolen session cookie must not turn into
    a year-long credential."""
    actor.require(Permission.TOKENS_WRITE)
    now = now or utcnow()
    if actor.via == "session" and fresh_minutes is not None:
        auth.require_fresh(actor, fresh_minutes, now)
    if not 1 <= expires_in_days <= max_days:
        raise Invalid.one("expires_in_days", _("must be between 1 and {n}", n=max_days))
    expires_at = now + dt.timedelta(days=expires_in_days)
    if actor.via == "token" and (actor.expires_at is None or expires_at > actor.expires_at):
        left = max((actor.expires_at - now).days, 0) if actor.expires_at else 0
        raise Invalid.one(
            "expires_in_days",
            ngettext(
                "a token cannot make a token that outlives it: this one expires in {n} day; ask for at "
                "most {n}, or use a browser session",
                "a token cannot make a token that outlives it: this one expires in {n} days; ask for at "
                "most {n}, or use a browser session",
                left,
            ),
        )
    beyond = sorted(str(s) for s in set(scopes) - actor.permissions)
    if beyond:
        raise Invalid.one(
            "scopes", _("you cannot grant what you do not have: {scopes}", scopes=", ".join(beyond))
        )
    if not scopes:
        raise Invalid.one("scopes", _('give at least one scope, e.g. ["check"]'))
    secret = security.new_token(TOKEN_PREFIX)
    row = ApiToken(
        org_id=actor.org_id,
        user_id=actor.user_id,
        name=name.strip(),
        prefix=secret[:12],
        token_hash=security.sha256_hex(secret),
        scopes=sorted(str(s) for s in set(scopes)),
        expires_at=expires_at,
    )
    store.tokens.add(row)
    audit.record(
        store.session,
        actor,
        AuditAction.TOKEN_CREATE,
        "token",
        row.id,
        {"scopes": row.scopes, "expires_in_days": expires_in_days},
    )
    return Issued(row, secret)


def list_tokens(
    store: Store,
    actor: Principal,
    *,
    user_id: int | None,
    active: bool | None,
    limit: int,
    offset: int,
    now: dt.datetime | None = None,
) -> Page[ApiToken]:
    """One's own tokens; with ``tokens:manage``, anyone's in the organisation."""
    actor.require(Permission.TOKENS_WRITE)
    if not actor.can(Permission.TOKENS_MANAGE):
        if user_id is not None and user_id != actor.user_id:
            actor.require(Permission.TOKENS_MANAGE)
        user_id = actor.user_id
    return store.tokens.list(
        actor.org_id,
        user_id=user_id,
        active_at=(now or utcnow()) if active else None,
        limit=limit,
        offset=offset,
    )


def revoke(store: Store, actor: Principal, token_id: int, now: dt.datetime | None = None) -> ApiToken:
    """Revoke one's own token (a token may always revoke itself, e.g. when it leaked) or, with
    ``tokens:manage``, anyone's in the organisation."""
    if not (actor.via == "token" and actor.credential_id == token_id):
        actor.require(Permission.TOKENS_WRITE)
    token = store.tokens.get(actor.org_id, token_id)
    if token is None or (token.user_id != actor.user_id and not actor.can(Permission.TOKENS_MANAGE)):
        raise not_found("token", token_id)
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        audit.record(
            store.session, actor, AuditAction.TOKEN_REVOKE, "token", token.id, {"user_id": token.user_id}
        )
    store.session.flush()
    return token
