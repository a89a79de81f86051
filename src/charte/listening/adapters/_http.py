"""HTTP for the polling adapters: every request goes through the egress guard, to the address it checked."""

from __future__ import annotations

import functools
import ssl

import httpx

from charte.connectors.egress import Egress, PinnedTransport

USER_AGENT = "Charte-Listening/1 (+https://github.com/charte)"


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs about a second: once per process."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def pinned_client(
    egress: Egress, timeout: float, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """A client whose requests are checked by ``egress`` (before each one) and never follow redirects."""
    inner = transport or httpx.HTTPTransport(verify=_tls_context(), trust_env=False)
    return httpx.Client(
        transport=PinnedTransport(egress, inner),
        timeout=timeout,
        headers={"User-Agent": USER_AGENT},
        follow_redirects=False,
        trust_env=False,
    )
