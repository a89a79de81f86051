"""What the adapters share: settings validated with errors naming the field, the egress policy, HTTP errors."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from charte.connectors.egress import Egress
from charte.errors import ConnectorError, InputError, RateLimited, TransientError

M = TypeVar("M", bound=BaseModel)


def validate_settings(model: type[M], settings: Mapping[str, Any]) -> M:
    """``settings`` checked against ``model``; an ``InputError`` names every wrong field (``settings.url: …``)."""
    try:
        return model.model_validate(dict(settings))
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False, include_input=False):
            where = ".".join(str(part) for part in error["loc"]) or "settings"
            problems.append(f"settings.{where}: {error['msg']}")
        raise InputError("; ".join(problems)) from None


def egress_or_default(egress: Egress | None) -> Egress:
    if egress is not None:
        return egress
    from charte.connectors.base import current_env

    return current_env().egress


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date); ``None`` if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def http_error(status: int, headers: Mapping[str, str], what: str) -> ConnectorError:
    """The error for an HTTP answer that is not a success: 429 waits, 5xx/408 retry, the rest is permanent."""
    if status == 429:
        wait = retry_after(headers.get("retry-after") or headers.get("Retry-After"))
        said = f", retry after {wait:.0f} s" if wait is not None else ""
        return RateLimited(f"{what}: HTTP 429 too many requests{said}", wait)
    if status >= 500 or status == 408:
        return TransientError(f"{what}: HTTP {status}")
    return ConnectorError(f"{what}: HTTP {status}")
