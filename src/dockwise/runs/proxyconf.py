"""What a proxy's configuration file says: the ports it listens on, and the loopback ports it
forwards to.

A proxy a container starts beside its app (``envoy -c /etc/service-envoy.yaml`` in its start
script, a sidecar in front of an app bound to ``127.0.0.1:8080``; ``nginx`` in front of a
server bound at loopback) listens where its configuration's listeners say, and dials the
upstreams that configuration names: an upstream at loopback is a server of the same
container.  The formats are the programs' own (``rules/commands.yaml`` daemons,
``config_format``):

- ``envoy``: YAML or JSON; every ``socket_address`` with a ``port_value`` under
  ``listeners`` (or ``admin``) is a listener, one under ``clusters`` an upstream.
- ``nginx``: ``listen`` directives, and the addresses of ``*_pass`` directives and of an
  ``upstream`` block's ``server`` lines.  A ``listen`` that gives a port alone (``listen
  8080;``, nginx's ``*:8080``), ``*`` or an IPv4 address listens on IPv4 only; IPv6 takes its
  own ``listen [::]:8080;`` (nginx core module, ``listen``), and a host name may resolve to
  either: the address family of each port is kept for DW202.  A ``server`` block of the ``http``
  context that writes no ``listen`` listens on nginx's default, ``*:80`` (a master started as
  root, as a container's is; a ``stream`` server has no default and names its own).
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = ["ProxyPorts", "read_proxy_config"]

_LOOPBACK = re.compile(r"(?:localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)\Z", re.IGNORECASE)


@dataclass(frozen=True)
class ProxyPorts:
    listens: tuple[int, ...] = ()
    upstreams: tuple[int, ...] = ()  # loopback ports it forwards to
    # the ports some listener takes at an IPv4 address (nginx's ``listen 8080;``), and those
    # some listener takes at an IPv6 address or a host name (``listen [::]:8080;``): a port
    # only in the first listens on IPv4 alone.  Empty for a format that does not say.
    ipv4: tuple[int, ...] = ()
    not_ipv4: tuple[int, ...] = ()
    # the file includes others (nginx's ``include``): what the proxy loads is more than it
    includes: bool = False


def read_proxy_config(fmt: str, text: str) -> ProxyPorts:
    """The ports a proxy's configuration ``text`` of format ``fmt`` listens on and forwards
    to at loopback; nothing for a format not known or a file that does not parse."""
    if fmt == "envoy":
        return _envoy(text)
    if fmt == "nginx":
        return _nginx(text)
    return ProxyPorts()


def _port(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return value if isinstance(value, int) and 0 < value < 65536 else None


def _envoy(text: str) -> ProxyPorts:
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError):
        return ProxyPorts()
    listens: list[int] = []
    upstreams: list[int] = []

    def walk(node: Any, section: str | None, depth: int) -> None:
        if depth > 40:
            return
        if isinstance(node, dict):
            sock = node.get("socket_address")
            if isinstance(sock, dict):
                port = _port(sock.get("port_value"))
                if port is not None and section in ("listeners", "admin"):
                    listens.append(port)
                elif port is not None and section == "clusters" \
                        and _LOOPBACK.match(str(sock.get("address") or "")):
                    upstreams.append(port)
            for key, value in node.items():
                walk(value, key if key in ("listeners", "admin", "clusters") else section, depth + 1)
        elif isinstance(node, list):
            for item in node:
                walk(item, section, depth + 1)

    walk(data, None, 0)
    return ProxyPorts(tuple(dict.fromkeys(listens)), tuple(dict.fromkeys(upstreams)))


def _is_ipv4(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).version == 4
    except ValueError:
        return False


_COMMENT = re.compile(r"#[^\n]*")
_LISTEN = re.compile(r"(?:^|[;{}\s])listen\s+([^;\s]+)[^;]*;")
_PASS = re.compile(r"(?:^|[;{}\s])(?:proxy|uwsgi|fastcgi|scgi|grpc)_pass\s+(?:[a-z]+://)?([^;\s/]+)")
_INCLUDE = re.compile(r"(?:^|[;{}\s])include\s")
_UPSTREAM_SERVER = re.compile(r"(?:^|[;{\s])server\s+([^;\s{]+)\s*[^;{]*;")
_BLOCK = re.compile(r"(?:^|[;{}\s])(server|stream|mail)\s*\{")
# nginx's listener where a server block of the http context names none (``listen *:80``)
_DEFAULT_LISTEN = 80


def _block_end(text: str, start: int) -> int:
    """The index just past the ``}`` closing the block whose ``{`` is at ``start``."""
    depth = 0
    for k in range(start, len(text)):
        if text[k] == "{":
            depth += 1
        elif text[k] == "}":
            depth -= 1
            if depth == 0:
                return k + 1
    return len(text)


def _listenless_servers(text: str) -> bool:
    """Some ``server { ... }`` block outside a ``stream`` or ``mail`` block names no ``listen``."""
    skip_to = 0
    for m in _BLOCK.finditer(text):
        if m.start() < skip_to:
            continue
        end = _block_end(text, m.end() - 1)
        if m.group(1) != "server":
            skip_to = end  # a stream or mail server names its listener: no default
            continue
        if _LISTEN.search(text, m.end() - 1, end) is None:
            return True
        skip_to = end
    return False


def _host_port(address: str) -> tuple[str, int | None]:
    host, sep, port = address.rpartition(":")
    if not sep or "]" in port:
        return address, None
    return host, _port(port)


def _nginx(text: str) -> ProxyPorts:
    text = _COMMENT.sub("", text)
    listens: list[int] = []
    ipv4: list[int] = []
    not_ipv4: list[int] = []
    for m in _LISTEN.finditer(text):
        value = m.group(1)
        if value.startswith("unix:"):
            continue
        host, port = ("*", _port(value)) if value.isdigit() else _host_port(value)
        if port is not None:
            listens.append(port)
            # a port alone is nginx's ``*:port``: every IPv4 address, no IPv6 one
            (ipv4 if host == "*" or _is_ipv4(host) else not_ipv4).append(port)
    if _listenless_servers(text):
        listens.append(_DEFAULT_LISTEN)
        ipv4.append(_DEFAULT_LISTEN)
    upstreams: list[int] = []
    for m in list(_PASS.finditer(text)) + list(_UPSTREAM_SERVER.finditer(text)):
        host, port = _host_port(m.group(1))
        if port is not None and _LOOPBACK.match(host):
            upstreams.append(port)
    return ProxyPorts(tuple(dict.fromkeys(listens)), tuple(dict.fromkeys(upstreams)),
                      tuple(dict.fromkeys(ipv4)), tuple(dict.fromkeys(not_ipv4)),
                      _INCLUDE.search(text) is not None)
