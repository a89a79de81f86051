"""The detector registry, filled by the ``@register`` decorator when detector modules are imported.

``load()`` imports every module at the top of this package (all but ``base`` and ``registry``; the
``support`` subpackage holds helpers) once; after that the registry is read-only, so import order never
changes behaviour. A new detector is one module and one decorator.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from charte.detectors.base import Detector

D = TypeVar("D", bound=type[Detector[Any]])

_DETECTORS: dict[str, type[Detector[Any]]] = {}
#: The modules of this package that are not detectors; helpers live in the ``support`` subpackage.
_INFRASTRUCTURE = {"base", "registry"}
_loaded = False


def register(cls: D) -> D:
    """Class decorator: make ``cls`` available to policies under ``cls.id``."""
    if _loaded:
        raise RuntimeError(f"detector {cls.id!r} registered after the registry was closed")
    if cls.id in _DETECTORS and _DETECTORS[cls.id] is not cls:
        raise RuntimeError(f"two detectors claim the id {cls.id!r}")
    _DETECTORS[cls.id] = cls
    return cls


def load() -> Mapping[str, type[Detector[Any]]]:
    """Import every detector module (once) and return the closed registry."""
    global _loaded
    if not _loaded:
        import charte.detectors as package

        for info in pkgutil.iter_modules(package.__path__):
            if not info.ispkg and info.name not in _INFRASTRUCTURE:
                importlib.import_module(f"charte.detectors.{info.name}")
        _loaded = True
    return MappingProxyType(_DETECTORS)
