"""Where a connector may connect: public addresses only, unless the operator allows an internal host or network.

Any organisation admin configures the URL a webhook posts to, so without this guard the server would
post (and report back) to whatever it can reach: its own loopback services, the private network, the
cloud's metadata endpoint. The guard works on addresses, never on the spelling of a URL:

- the host is resolved, and **every** address it resolves to must be public (``ipaddress``: global,
  not loopback, private, link-local, shared, reserved, multicast or unspecified; IPv4 embedded in
  IPv6 — mapped, 6to4, NAT64, IPv4-compatible — is judged as the IPv4 it carries);
- the check runs when a target is configured *and* before every request, and the request then goes
  to the very address that was checked (:class:`PinnedTransport`), so a DNS answer that changes
  between check and connection (rebinding) cannot redirect it;
- ``CHARTE_EGRESS_ALLOW`` lists the internal hosts (exact names) and networks (CIDR) an operator lets
  connectors reach.

Refusals say the same thing whether a name is internal or does not resolve at all, so the guard is
not an oracle of the internal DNS either.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from charte.errors import EgressRefused, Unresolvable
from charte.settings import IPNetwork, normalise_host, parse_allow

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_V4_COMPATIBLE = ipaddress.IPv6Network("::/96")
#: Names that only ever mean "this machine" or "the cloud's metadata service", refused before any lookup.
_LOCAL_NAMES = frozenset({"localhost", "metadata", "metadata.google.internal", "instance-data"})
_LOCAL_SUFFIXES = (".localhost", ".internal", ".local", ".localdomain", ".home.arpa")

REFUSED = "does not resolve to a public address"


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host`` (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


_default_resolver: Resolver = system_resolver


def set_default_resolver(resolver: Resolver) -> Resolver:
    """Replace the process's resolver (tests stub name resolution); returns the previous one."""
    global _default_resolver
    previous, _default_resolver = _default_resolver, resolver
    return previous


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64, IPv4-compatible), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _V4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip: IPAddress) -> bool:
    """True for an address on the public internet; False for anything local, private or special."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id or ip.is_site_local or ip in _V4_COMPATIBLE:
            return False
        inner = embedded_ipv4(ip)
        if inner is not None and not is_public(inner):
            return False
    if (
        ip.is_unspecified
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_private
        or ip.is_multicast
        or ip.is_reserved
    ):
        return False
    return ip.is_global


def _never(ip: IPAddress) -> bool:
    """Addresses no allowance can open: "any address" and multicast/broadcast are never a receiver."""
    if isinstance(ip, ipaddress.IPv6Address) and (inner := embedded_ipv4(ip)) is not None:
        ip = inner
    return ip.is_unspecified or ip.is_multicast or ip == ipaddress.IPv4Address("255.255.255.255")


@dataclass(frozen=True)
class Egress:
    """The outgoing-connection policy: public addresses, plus the networks and hosts the operator allows."""

    networks: tuple[IPNetwork, ...] = ()
    hosts: frozenset[str] = frozenset()
    resolver: Resolver | None = field(default=None, compare=False)  # None: the process default

    @classmethod
    def from_setting(cls, text: str) -> Egress:
        networks, hosts = parse_allow(text)
        return cls(networks, hosts)

    def allows(self, name: str, ip: IPAddress) -> bool:
        if _never(ip):
            return False
        if name in self.hosts:
            return True
        inner = embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
        if any(ip in net or (inner is not None and inner in net) for net in self.networks):
            return True
        return is_public(ip)

    @staticmethod
    def _literal(name: str) -> list[IPAddress] | None:
        try:
            return [ipaddress.ip_address(name)]
        except ValueError:
            return None

    def addresses(self, host: str, port: int) -> list[IPAddress]:
        """Resolve ``host`` and return its addresses if every one is allowed; raise :class:`EgressRefused`."""
        name = normalise_host(host)
        if not name:
            raise EgressRefused(REFUSED)
        found = self._literal(name)
        if found is None:
            if name not in self.hosts and (name in _LOCAL_NAMES or name.endswith(_LOCAL_SUFFIXES)):
                raise EgressRefused(REFUSED)
            try:
                found = [ipaddress.ip_address(a) for a in (self.resolver or _default_resolver)(name, port)]
            except (OSError, UnicodeError, ValueError):
                raise Unresolvable(REFUSED) from None
            if not found:
                raise Unresolvable(REFUSED)
        if not all(self.allows(name, ip) for ip in found):
            raise EgressRefused(REFUSED)
        return found


def default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


class PinnedTransport(httpx.BaseTransport):
    """Checks the destination before each request, then connects to the address it checked.

    The URL's host becomes the checked IP; the ``Host`` header keeps the name, and for HTTPS the
    name is sent as SNI and verified against the certificate (httpcore's ``sni_hostname``).
    """

    def __init__(self, egress: Egress, inner: httpx.BaseTransport) -> None:
        self.egress = egress
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.raw_host.decode("ascii")  # the IDNA (xn--) form, as resolved and as sent in SNI
        port = request.url.port or default_port(request.url.scheme)
        address = self.egress.addresses(host, port)[0]
        request.url = request.url.copy_with(host=str(address))
        if request.url.scheme == "https":
            request.extensions = {**request.extensions, "sni_hostname": normalise_host(host)}
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()
