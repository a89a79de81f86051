"""The register of brand accounts: handle, owners, who may post, 2FA attested, last credential rotation.

Charte never stores a platform password: only the facts a security officer attests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from charte.audit.chain import AuditAction
from charte.i18n import _
from charte.service import audit, holds
from charte.service.errors import Conflict, Invalid, not_found
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.service.teams import check_members
from charte.store.models import BrandAccount, utcnow
from charte.store.repositories import Page, Store

PLATFORM = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")


def _validate(
    platform: str | None, handle: str | None, rotated: dt.datetime | None, now: dt.datetime
) -> None:
    if platform is not None and not PLATFORM.match(platform):
        raise Invalid.one(
            "platform", _("lower-case platform id, e.g. linkedin, x, mastodon, bluesky, instagram")
        )
    if handle is not None and not handle.strip():
        raise Invalid.one("handle", _("must not be empty"))
    if rotated is not None and rotated > now + dt.timedelta(minutes=5):
        raise Invalid.one("last_rotation_at", _("is in the future"))


def create(
    store: Store,
    actor: Principal,
    *,
    platform: str,
    handle: str,
    display_name: str | None,
    owner_ids: Sequence[int],
    poster_ids: Sequence[int],
    two_factor_attested: bool,
    last_rotation_at: dt.datetime | None,
    now: dt.datetime | None = None,
) -> BrandAccount:
    actor.require(Permission.ACCOUNTS_WRITE)
    now = now or utcnow()
    _validate(platform, handle, last_rotation_at, now)
    handle = handle.strip()
    if store.accounts.find(actor.org_id, platform, handle) is not None:
        raise Conflict(
            _("the {platform} account “{handle}” is already registered", platform=platform, handle=handle)
        )
    check_members(store, actor, "owner_ids", owner_ids)
    check_members(store, actor, "poster_ids", poster_ids)
    account = BrandAccount(
        org_id=actor.org_id,
        platform=platform,
        handle=handle,
        display_name=display_name,
        two_factor_attested=two_factor_attested,
        two_factor_attested_at=now if two_factor_attested else None,
        two_factor_attested_by=actor.user_id if two_factor_attested else None,
        last_rotation_at=last_rotation_at.astimezone(dt.UTC) if last_rotation_at else None,
    )
    store.accounts.add(account)
    store.accounts.set_people(account, owner_ids, poster_ids)
    audit.record(
        store.session,
        actor,
        AuditAction.PERMISSION_CHANGE,
        "brand_account",
        account.id,
        {"change": "account_created", "owners": sorted(owner_ids), "posters": sorted(poster_ids)},
    )
    return account


def get(store: Store, actor: Principal, account_id: int) -> BrandAccount:
    actor.require(Permission.ACCOUNTS_READ)
    account = store.accounts.get(actor.org_id, account_id)
    if account is None:
        raise not_found("account", account_id)
    return account


def list_accounts(
    store: Store,
    actor: Principal,
    *,
    platform: str | None,
    q: str | None,
    owner_id: int | None,
    two_factor: bool | None,
    limit: int,
    offset: int,
) -> Page[BrandAccount]:
    actor.require(Permission.ACCOUNTS_READ)
    return store.accounts.list(
        actor.org_id,
        platform=platform,
        q=q,
        owner_id=owner_id,
        two_factor=two_factor,
        limit=limit,
        offset=offset,
    )


def update(
    store: Store,
    actor: Principal,
    account_id: int,
    *,
    display_name: str | None = None,
    owner_ids: Sequence[int] | None = None,
    poster_ids: Sequence[int] | None = None,
    two_factor_attested: bool | None = None,
    last_rotation_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> BrandAccount:
    account = get(store, actor, account_id)
    actor.require(Permission.ACCOUNTS_WRITE)
    now = now or utcnow()
    _validate(None, None, last_rotation_at, now)
    check_members(store, actor, "owner_ids", owner_ids)
    check_members(store, actor, "poster_ids", poster_ids)
    if display_name is not None:
        account.display_name = display_name
    if two_factor_attested is not None and two_factor_attested != account.two_factor_attested:
        account.two_factor_attested = two_factor_attested
        account.two_factor_attested_at = now if two_factor_attested else None
        account.two_factor_attested_by = actor.user_id if two_factor_attested else None
        audit.record(
            store.session,
            actor,
            AuditAction.ACCOUNT_SAFETY,
            "brand_account",
            account.id,
            {"change": "2fa_attested" if two_factor_attested else "2fa_withdrawn"},
        )
    if last_rotation_at is not None:
        account.last_rotation_at = last_rotation_at.astimezone(dt.UTC)
    store.accounts.set_people(account, owner_ids, poster_ids)
    if owner_ids is not None or poster_ids is not None:
        audit.record(
            store.session,
            actor,
            AuditAction.PERMISSION_CHANGE,
            "brand_account",
            account.id,
            {
                "change": "account_people",
                "owners": sorted(owner_ids) if owner_ids is not None else None,
                "posters": sorted(poster_ids) if poster_ids is not None else None,
            },
        )
    if two_factor_attested:
        holds.release(store, actor.org_id, account.id, audit.actor_ref(actor), now)
    return account


def delete(store: Store, actor: Principal, account_id: int) -> None:
    account = get(store, actor, account_id)
    actor.require(Permission.ACCOUNTS_WRITE)
    store.accounts.delete(account)
    audit.record(
        store.session,
        actor,
        AuditAction.PERMISSION_CHANGE,
        "brand_account",
        account_id,
        {"change": "account_deleted"},
    )
