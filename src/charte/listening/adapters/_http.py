"""HTTP for the polling adapters: every request goes through the egress guard, to the address it checked
(the client of :mod:`charte.connectors.netio`, with the listening worker's own ``User-Agent``)."""

from __future__ import annotations

import httpx

from charte.connectors import netio
from charte.connectors.egress import Egress

USER_AGENT = "Charte-Listening/1 (+https://github.com/charte)"


def pinned_client(
    egress: Egress, timeout: float, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """A client whose requests are checked by ``egress`` (before each one) and never follow redirects."""
    return netio.pinned_client(egress, timeout, transport, user_agent=USER_AGENT)


def requests_bridge(
    egress: Egress, timeout: float, transport: httpx.BaseTransport | None = None
) -> netio.RequestsBridge:
    """The ``requests`` adapter Mastodon.py is mounted on, sending through :func:`pinned_client`."""
    return netio.RequestsBridge(egress, timeout, transport, user_agent=USER_AGENT)
