"""Bare ``host``, ``host:port``, ``[::1]:9000`` values and lists of them.

Stricter than the hosts inside URLs: a value that only might be an address (a port
mapping, a version, a word with '/' or '=') is not one.  Pure, never raises.
"""
from __future__ import annotations

import re

from dockwise.extract.hostitem import Address, HostRef, host_item
from dockwise.redact import redact

_HOSTPORT_ITEM = re.compile(r"[^\s,;]+")


def parse_hostport(value: str) -> Address | None:
    """A bare ``host``, ``host:port``, ``[::1]:9000`` or a list of them, or None.

    Lists are ','- or ';'-separated, or whitespace-separated when every item has a port.
    Items with '/', '@', '=', quotes... are not addresses; neither are "15432:5432" (a port
    mapping), "3.11" (a version) or "host:" (no port).
    """
    try:
        return parse_hostport_unguarded(value)
    except (ValueError, IndexError, RecursionError):
        return None


def parse_hostport_unguarded(value: str) -> Address | None:
    """``parse_hostport`` without its guard: ``parse_any`` guards its whole reading at once."""
    if not isinstance(value, str):
        return None
    items = [(m.start(), m.end()) for m in _HOSTPORT_ITEM.finditer(value)]
    if not items:
        return None
    spaced = False
    for (_, e1), (s2, _) in zip(items, items[1:], strict=False):
        between = value[e1:s2]
        if "," not in between and ";" not in between:
            spaced = True
    hosts: list[HostRef] = []
    for s, e in items:
        ref = host_item(value, s, e, strict=True)
        if not isinstance(ref, HostRef):
            return None
        if spaced and ref.port is None and not ref.port_hole:
            return None
        hosts.append(ref)
    a, b = items[0][0], items[-1][1]
    return Address("hostport", None, tuple(hosts), a, b, redact(value[a:b]))
