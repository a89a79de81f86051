"""Publish targets: where an organisation publishes, a connector and its parameters (secrets never shown back).

The parameters are validated (and the connector's preflight run, e.g. a webhook's address must be public)
when the target is created; they are stored sealed and read again at each attempt (charte.service.publishing).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from charte.audit.chain import AuditAction
from charte.connectors.registry import build_connector, get_connector, public_params
from charte.errors import InputError
from charte.i18n import _
from charte.service import audit
from charte.service.errors import Conflict, Invalid, not_found
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import PublishTarget
from charte.store.repositories import Page, Store


def create_target(
    store: Store,
    actor: Principal,
    *,
    name: str,
    connector: str,
    params: Mapping[str, Any],
    account_id: int | None,
) -> PublishTarget:
    actor.require(Permission.TARGETS_WRITE)
    try:
        get_connector(connector)
    except InputError as exc:
        raise Invalid.one("connector", str(exc)) from None
    try:
        built = build_connector(connector, params, org_id=actor.org_id)
        try:
            built.preflight()  # e.g. the webhook's URL must reach a public address (checked again at send time)
        finally:
            built.close()
    except InputError as exc:
        raise Invalid.one("params", str(exc)) from None
    if store.targets.by_name(actor.org_id, name) is not None:
        raise Conflict(_("a publish target named “{name}” already exists", name=name))
    if account_id is not None and store.accounts.get(actor.org_id, account_id) is None:
        raise not_found("brand account", account_id)
    row = store.targets.add(
        PublishTarget(
            org_id=actor.org_id, name=name, connector=connector, params=dict(params), account_id=account_id
        )
    )
    audit.record(
        store.session,
        actor,
        AuditAction.PERMISSION_CHANGE,
        "publish_target",
        row.id,
        {"change": "created", "connector": connector, "account_id": account_id},
    )
    return row


def shown_params(target: PublishTarget) -> dict[str, Any]:
    return public_params(target.connector, target.params)


def list_targets(store: Store, actor: Principal, *, limit: int, offset: int) -> Page[PublishTarget]:
    if not actor.can(Permission.TARGETS_WRITE):
        actor.require(Permission.TARGETS_READ)
    return store.targets.list(actor.org_id, limit=limit, offset=offset)


def delete_target(store: Store, actor: Principal, target_id: int) -> None:
    actor.require(Permission.TARGETS_WRITE)
    row = store.targets.get(actor.org_id, target_id)
    if row is None:
        raise not_found("publish target", target_id)
    store.targets.delete(row)
    audit.record(
        store.session,
        actor,
        AuditAction.PERMISSION_CHANGE,
        "publish_target",
        target_id,
        {"change": "deleted"},
    )
