"""What a host as written is: loopback, unspecified, a Docker alias, an IP, a name ...

``host_kind`` answers one of ``HOST_KINDS``, reading the loopback, gateway and deprecated
names from the run's knowledge (``rules/hosts.yaml`` and the rule packs); ``parse_ip`` the
IP address a literal host stands for.
"""
from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from typing import Any, Iterable

from dockwise.extract.hostitem import NUMERIC_HOST
from dockwise.model import HOLE

HOST_KINDS = (
    "loopback",
    "unspecified",
    "deprecated-alias",
    "host-gateway",
    "gateway",
    "ipv4",
    "ipv6",
    "localhost-subdomain",
    "name",
    "dns",
    "invalid",
)

# inet_aton forms: 1-4 parts, decimal / octal / hex ("0", "127.1", "0x7f.1").
_INET_ATON = re.compile(r"(?:0[xX][0-9a-fA-F]+|[0-9]+)(?:\.(?:0[xX][0-9a-fA-F]+|[0-9]+)){0,3}")
_LABELS = re.compile(r"\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*")


@dataclass(frozen=True)
class _HostTables:
    loopback: frozenset[str]
    deprecated: frozenset[str]
    host_gateway: frozenset[str]
    gateway: frozenset[str]
    loopback_domains: tuple[str, ...]


_TABLES: dict[int, tuple[Any, _HostTables]] = {}


def _names(names: Iterable[str]) -> frozenset[str]:
    """Host names as a lookup compares them: lower case, without a root dot."""
    return frozenset(n.lower().rstrip(".") for n in names)


def _tables(knowledge: Any) -> _HostTables:
    """The host-name tables of the run's knowledge (its rule packs), kept per knowledge."""
    hit = _TABLES.get(id(knowledge))
    if hit is not None and hit[0] is knowledge:
        return hit[1]
    hosts = knowledge.hosts
    tables = _HostTables(
        loopback=_names(hosts.loopback_names),
        deprecated=_names(hosts.deprecated_aliases),
        host_gateway=_names(hosts.host_gateway_names),
        gateway=_names(hosts.gateway_names),
        loopback_domains=tuple(sorted(_names(hosts.loopback_domains))),
    )
    if len(_TABLES) > 32:
        _TABLES.clear()
    _TABLES[id(knowledge)] = (knowledge, tables)
    return tables


def parse_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a literal host stands for, or None.

    Accepts brackets, a trailing dot, zone ids (``%25eth0`` too), the inet_aton forms
    getaddrinfo accepts ("0", "127.1").  IPv4-mapped IPv6 stays IPv6 (see ``ipv4_mapped``).
    """
    return _parse_ip(host) if isinstance(host, str) else None


@functools.lru_cache(maxsize=4096)
def _parse_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    h = host.strip()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if not h or HOLE in h:
        return None
    if ":" in h:
        try:
            return ipaddress.IPv6Address(h.replace("%25", "%"))
        except ValueError:
            return None
    if h.endswith("."):
        h = h[:-1]
    if not _INET_ATON.fullmatch(h):
        return None
    try:
        return ipaddress.IPv4Address(h)
    except ValueError:
        pass
    import socket  # (only here: importing it costs a few ms at start-up)

    try:
        return ipaddress.IPv4Address(socket.inet_aton(h))
    except (OSError, ValueError):
        return None


# Docker's container IDs: 64 hexadecimal digits, of which the first 12 (the short ID) are a
# container's default hostname and one of its aliases on each user-defined network; with a
# letter and a digit among them (a word such as `facade` or a number is no ID Docker prints)
_CONTAINER_ID = re.compile(r"(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])(?:[0-9a-f]{12}|[0-9a-f]{64})")


def container_id(host: str) -> bool:
    """``host`` (one label, any case) reads as a Docker container ID, short or full."""
    return _CONTAINER_ID.fullmatch(host.lower()) is not None


def host_kind(host: str, knowledge: Any) -> str:
    """One of HOST_KINDS for a host as written (case-insensitive, trailing dot allowed).

    ``knowledge`` is the run's Knowledge: its ``hosts`` table (rules/hosts.yaml and the
    configured rule packs) names the loopback, gateway and deprecated names.
    """
    if not isinstance(host, str):
        return "invalid"
    return _kind(host, _tables(knowledge))


@functools.lru_cache(maxsize=8192)
def _kind(host: str, t: _HostTables) -> str:
    h = host
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if not h or HOLE in h or any(c.isspace() for c in h):
        return "invalid"
    low = h.lower()
    name = low[:-1] if low.endswith(".") and not low.endswith("..") else low
    if name in t.loopback:
        return "loopback"
    if name in t.deprecated:
        return "deprecated-alias"
    if name in t.host_gateway:
        return "host-gateway"
    if name in t.gateway:
        return "gateway"
    ip = _parse_ip(low)
    if ip is not None:
        base = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip
        if base.is_loopback:
            return "loopback"
        if base.is_unspecified:
            return "unspecified"
        return "ipv4" if isinstance(ip, ipaddress.IPv4Address) else "ipv6"
    if not _LABELS.fullmatch(name) or NUMERIC_HOST.fullmatch(name):
        return "invalid"
    for domain in t.loopback_domains:
        if name.endswith("." + domain):
            return "localhost-subdomain"
    return "name" if "." not in name else "dns"
