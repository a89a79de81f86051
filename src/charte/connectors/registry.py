"""The connector registry, filled by the ``@register`` decorator when connector modules are imported.

``load()`` imports every module of this package but the infrastructure (``base``, ``registry``,
``egress``, ``netio``) once; after that the registry is read-only, so import order never changes behaviour. A new
platform is one module and one decorator, as for detectors (:mod:`charte.detectors.registry`). The
contract (:mod:`charte.connectors.base`) imports no connector, so there is no import circle.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, SecretStr, ValidationError

from charte.connectors.base import Connector, current_env
from charte.errors import InputError

C = TypeVar("C", bound=type[Connector[Any]])

_CONNECTORS: dict[str, type[Connector[Any]]] = {}
#: The modules of this package that are not connectors.
_INFRASTRUCTURE = {"base", "registry", "egress", "netio"}
_loaded = False
_load_lock = threading.Lock()


def register(cls: C) -> C:
    """Class decorator: offer ``cls`` under ``cls.id`` (the name a publishing target gives)."""
    if _loaded:
        raise RuntimeError(f"connector {cls.id!r} registered after the registry was closed")
    if cls.id in _CONNECTORS and _CONNECTORS[cls.id] is not cls:
        raise RuntimeError(f"two connectors claim the id {cls.id!r}")
    _CONNECTORS[cls.id] = cls
    return cls


def load() -> Mapping[str, type[Connector[Any]]]:
    """Import every connector module (once) and return the closed registry, test-only twin included."""
    global _loaded
    with _load_lock:
        if not _loaded:
            import charte.connectors as package

            for info in pkgutil.iter_modules(package.__path__):
                if not info.ispkg and info.name not in _INFRASTRUCTURE:
                    importlib.import_module(f"charte.connectors.{info.name}")
            _loaded = True
    return MappingProxyType(_CONNECTORS)


def registered() -> dict[str, type[Connector[Any]]]:
    """The connectors this server offers (the test-only twin only when the operator turned it on)."""
    memory = current_env().memory
    return {k: v for k, v in load().items() if memory or not v.test_only}


def get_connector(connector_id: str) -> type[Connector[Any]]:
    offered = registered()
    try:
        return offered[connector_id]
    except KeyError:
        known = ", ".join(sorted(offered))
        raise InputError(f"unknown connector {connector_id!r}; known: {known}") from None


def build_connector(
    connector_id: str,
    params: Mapping[str, Any],
    factory: Callable[[type[Connector[Any]], BaseModel], Connector[Any]] | None = None,
    *,
    org_id: int | None = None,
) -> Connector[Any]:
    """Validate the parameters and make the connector; errors name the field, never a secret value."""
    cls = get_connector(connector_id)
    try:
        parsed = cls.Params.model_validate(dict(params))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise InputError(f"connector {connector_id}: {problems}") from None
    return factory(cls, parsed) if factory else cls(parsed, org_id=org_id)


def public_params(connector_id: str, params: Mapping[str, Any] | BaseModel) -> dict[str, Any]:
    """Parameters safe to show: every secret replaced by ``"********"`` (every value, for an unknown connector)."""
    cls = load().get(connector_id)  # also a twin the operator has turned off since: still listed, masked
    data = params.model_dump(mode="json") if isinstance(params, BaseModel) else dict(params)
    secret = cls.secret_fields() if cls is not None else frozenset(data)
    return {
        k: (
            "********"
            if k in secret and v is not None
            else (v.get_secret_value() if isinstance(v, SecretStr) else v)
        )
        for k, v in data.items()
    }
