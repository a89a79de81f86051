"""Listening sources: what an admin configures per organisation (kind, settings checked per kind, a secret
sealed at rest and never shown back), their health, and the list the ingestion worker runs
(:func:`list_enabled_sources`, secrets opened)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from charte.audit.chain import AuditAction
from charte.i18n import _
from charte.listening.adapters import ADAPTER_SETTINGS
from charte.listening.types import SOURCE_KINDS, SourceConfig
from charte.service import audit
from charte.service.errors import Conflict, FieldError, Invalid, NotFound
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import Source
from charte.store.repositories import Page, Store

Terms = list[str]
_Term: Any = Field(default_factory=list, max_length=100)
#: What the service adds to an adapter's settings: the words and accounts to watch (they go to
#: ``SourceConfig.watch``, not to the adapter).
WATCH_FIELDS = ("keywords", "handles")


class _Watch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keywords: Terms = _Term  # words and names to match, besides the organisation's accounts
    handles: Terms = _Term  # more accounts to match (e.g. a Bluesky handle no brand account lists)


def _source_model(adapter: type[BaseModel] | None) -> type[BaseModel]:
    """The settings a source of one kind saves: exactly its adapter's model plus the watch fields."""
    if adapter is None:
        return _Watch
    return create_model(f"{adapter.__name__}Source", __base__=(adapter, _Watch))


SETTINGS: dict[str, type[BaseModel]] = {
    kind: _source_model(ADAPTER_SETTINGS.get(kind)) for kind in SOURCE_KINDS
}
#: Kinds that cannot work without a secret: a Mastodon user token (Mastodon ≥ 4.2), the webhook's HMAC key.
NEEDS_SECRET = {"mastodon": 1, "webhook": 16}
MAX_SECRET = 2000


def check_settings(kind: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings of a ``kind`` of source, validated; :class:`Invalid` naming the field otherwise."""
    if kind not in SOURCE_KINDS:
        raise Invalid.one(
            "kind", _("unknown kind “{kind}”; use one of {values}", kind=kind, values=", ".join(SOURCE_KINDS))
        )
    try:
        return SETTINGS[kind].model_validate(dict(settings)).model_dump(mode="json", exclude_none=True)
    except ValidationError as exc:
        raise Invalid(
            [FieldError("settings." + ".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        ) from None


def _check_secret(kind: str, secret: str | None, required: bool) -> None:
    least = NEEDS_SECRET.get(kind)
    if secret is None:
        if required and least:
            raise Invalid.one("secret", _("a {kind} source needs a secret", kind=kind))
        return
    if len(secret) > MAX_SECRET:
        raise Invalid.one("secret", _("give at most {n} characters", n=MAX_SECRET))
    if least and len(secret) < least:
        raise Invalid.one("secret", _("give at least {n} characters", n=least))


def create_source(
    store: Store,
    actor: Principal,
    *,
    kind: str,
    name: str,
    settings: Mapping[str, Any],
    secret: str | None,
    enabled: bool = True,
) -> Source:
    actor.require(Permission.SOURCES_MANAGE)
    clean = check_settings(kind, settings)
    _check_secret(kind, secret, required=True)
    if store.sources.by_name(actor.org_id, name) is not None:
        raise Conflict(_("a source named “{name}” already exists", name=name))
    row = store.sources.add(
        Source(org_id=actor.org_id, kind=kind, name=name, settings=clean, secret=secret, enabled=enabled)
    )
    _audit(store, actor, row.id, {"change": "created", "kind": kind})
    return row


def update_source(
    store: Store,
    actor: Principal,
    source_id: int,
    *,
    name: str | None = None,
    settings: Mapping[str, Any] | None = None,
    secret: str | None = None,
    enabled: bool | None = None,
) -> Source:
    """Change what is given; a secret left out is kept (it is never shown, so never sent back)."""
    actor.require(Permission.SOURCES_MANAGE)
    row = _get(store, actor, source_id)
    if settings is not None:
        row.settings = check_settings(row.kind, settings)
    if secret is not None:
        _check_secret(row.kind, secret, required=False)
        row.secret = secret
    if name is not None and name != row.name:
        if store.sources.by_name(actor.org_id, name) is not None:
            raise Conflict(_("a source named “{name}” already exists", name=name))
        row.name = name
    if enabled is not None:
        row.enabled = enabled
    store.session.flush()
    _audit(store, actor, row.id, {"change": "updated", "secret_changed": secret is not None})
    return row


def delete_source(store: Store, actor: Principal, source_id: int) -> None:
    """Remove a source and the mentions it brought."""
    actor.require(Permission.SOURCES_MANAGE)
    store.sources.delete(_get(store, actor, source_id))
    _audit(store, actor, source_id, {"change": "deleted"})


def get_source(store: Store, actor: Principal, source_id: int) -> Source:
    """A source and its health: for the people who manage sources or read the inbox."""
    if not actor.can(Permission.SOURCES_MANAGE):
        actor.require(Permission.MENTIONS_READ)
    return _get(store, actor, source_id)


def list_sources(store: Store, actor: Principal, *, limit: int, offset: int) -> Page[Source]:
    if not actor.can(Permission.SOURCES_MANAGE):
        actor.require(Permission.MENTIONS_READ)
    return store.sources.list(actor.org_id, limit=limit, offset=offset)


def _get(store: Store, actor: Principal, source_id: int) -> Source:
    row = store.sources.get(actor.org_id, source_id)
    if row is None:
        raise NotFound("source", source_id, message=_("source {id} not found", id=source_id))
    return row


def _audit(store: Store, actor: Principal, source_id: int, details: dict[str, Any]) -> None:
    audit.record(store.session, actor, AuditAction.PERMISSION_CHANGE, "source", source_id, details)


def watch_terms(store: Store, source: Source) -> tuple[str, ...]:
    """What to listen for: the organisation's brand accounts (handles and names) and the source's keywords."""
    terms: list[str] = []
    for account in store.accounts.list(
        source.org_id, platform=None, q=None, owner_id=None, two_factor=None, limit=200, offset=0
    ).items:
        terms.append(account.handle)
        if account.display_name:
            terms.append(account.display_name)
    terms.extend(source.settings.get("keywords", ()))
    terms.extend(source.settings.get("handles", ()))
    return tuple(dict.fromkeys(t for t in terms if t))


def list_enabled_sources(
    store: Store, *, kinds: tuple[str, ...] | None = None, org_id: int | None = None
) -> list[SourceConfig]:
    """Every enabled source (of ``kinds``, of one organisation) as the ingestion runner needs it: settings,
    the secret opened, the terms to watch. The worker's call (no principal: it serves every organisation)."""
    out = []
    for row in store.sources.enabled(org_id):
        if kinds is not None and row.kind not in kinds:
            continue
        out.append(
            SourceConfig(
                id=row.id,
                organisation_id=row.org_id,
                kind=row.kind,  # type: ignore[arg-type]  # checked against SOURCE_KINDS when created
                settings={k: v for k, v in row.settings.items() if k not in WATCH_FIELDS},
                secret=row.secret,
                watch=watch_terms(store, row),
            )
        )
    return out
