"""Organisations (tenants). Created from the command line; a user only ever sees their own."""

from __future__ import annotations

import re

from charte.audit.chain import AuditAction
from charte.i18n import _
from charte.service import audit
from charte.service.errors import Conflict, Invalid, not_found
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import Organisation
from charte.store.repositories import Store

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def create(store: Store, name: str, slug: str) -> Organisation:
    """Create a tenant (``charte admin create-org``; there is no API route for it on purpose)."""
    name = name.strip()
    if not name or len(name) > 200:
        raise Invalid.one("name", _("must be 1 to 200 characters"))
    if not SLUG.match(slug):
        raise Invalid.one("slug", _("use lower-case letters, digits and dashes (e.g. acme-corp)"))
    if store.organisations.by_slug(slug) is not None:
        raise Conflict(_("an organisation with slug “{slug}” already exists", slug=slug))
    org = Organisation(name=name, slug=slug)
    store.organisations.add(org)
    return org


def get(store: Store, actor: Principal, org_id: int) -> Organisation:
    actor.require(Permission.ORG_READ)
    org = store.organisations.get(org_id) if org_id == actor.org_id else None
    if org is None:
        raise not_found("organisation", org_id)
    return org


def update(store: Store, actor: Principal, org_id: int, name: str | None) -> Organisation:
    org = get(store, actor, org_id)
    actor.require(Permission.ORG_WRITE)
    if name is not None:
        if not name.strip() or len(name.strip()) > 200:
            raise Invalid.one("name", _("must be 1 to 200 characters"))
        org.name = name.strip()
    store.session.flush()
    return org


def set_require_totp(store: Store, actor: Principal, value: bool) -> Organisation:
    """Require (or stop requiring) two-factor sign-in of every person of the organisation. Who has not
    enrolled is sent to enrolment at their next request; API tokens are unaffected (docs/security.md)."""
    org = get(store, actor, actor.org_id)
    actor.require(Permission.ORG_WRITE)
    if org.require_totp != value:
        org.require_totp = value
        store.session.flush()
        audit.record(
            store.session,
            actor,
            AuditAction.PERMISSION_CHANGE,
            "organisation",
            org.id,
            {"change": "require_totp", "require_totp": value},
        )
    return org
