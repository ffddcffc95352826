"""The records an address parse yields, and the one ``host[:port]`` item every form shares.

``Address`` is one address found in a string (its form, scheme, hosts and offsets);
``HostRef`` one host of it with its port.  ``host_item`` reads ``host``, ``host:port``,
``[v6]``, ``[v6]:port`` or a bare IPv6 at given offsets: URLs (``urls.py``), key/value
connection strings (``dsn.py``) and bare host:port values (``hostport.py``) all call it.
Every offset satisfies ``0 <= start <= end <= len(value)`` with
``value[ref.start:ref.end] == ref.host``.

``model.HOLE`` stands for text unknown statically: a host containing it is returned (callers
skip it); a port containing it gives ``port=None, port_hole=True``.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Literal

from dockwise.model import HOLE


@dataclass(frozen=True)
class HostRef:
    host: str  # as written, without IPv6 brackets
    start: int  # offsets of the host text in the input string (inside brackets)
    end: int
    port: int | None  # explicit port, None if absent or not a literal integer
    port_start: int | None  # offsets of the port text
    port_end: int | None
    port_hole: bool = False  # the port is dynamic (contains model.HOLE)


@dataclass(frozen=True)
class Address:
    form: str  # "url" | "jdbc" | "dsn" | "hostport"
    scheme: str | None  # lowercase; for jdbc the sub-protocol ("postgresql")
    hosts: tuple[HostRef, ...]
    start: int  # offsets of the whole address in the input
    end: int
    text: str  # the whole address with credentials redacted


_DIGITS = re.compile(r"[0-9]+")
PORT_HOLE = re.compile(r"[0-9\x00]+")
# A host name as written in URLs: no characters that cannot be part of a reg-name.
_URL_HOST_BAD = re.compile(r"[\s\[\]{}<>\"'`|^\\@:/?#,;]")
# A strict host for bare host:port values: labels of word characters and '-' (HOLE allowed).
_STRICT_HOST = re.compile(r"[\w\x00](?:[\w\x00.\-]*[\w\x00])?\.?")
NUMERIC_HOST = re.compile(r"[0-9.]+")
_DOTTED_QUAD = re.compile(r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}")


def port_of(value: str, s: int, e: int) -> tuple[bool, int | None, bool]:
    """(ok, port, hole) for the port text value[s:e] (non-empty)."""
    text = value[s:e]
    if _DIGITS.fullmatch(text):
        if len(text) > 5:
            return False, None, False
        port = int(text)
        if port > 65535:
            return False, None, False
        return True, port, False
    if HOLE in text and PORT_HOLE.fullmatch(text):
        return True, None, True
    return False, None, False


def _valid_ipv6(text: str) -> bool:
    if ":" not in text:
        return False
    try:
        ipaddress.IPv6Address(text.replace("%25", "%"))
    except ValueError:
        return False
    return True


def host_item(value: str, s: int, e: int, strict: bool, jdbc: bool = False) -> HostRef | None | Literal[False]:
    """Parse value[s:e] as ``host``, ``host:port``, ``[v6]``, ``[v6]:port`` or a bare IPv6.

    Returns a HostRef, ``None`` for an empty item, or ``False`` when it is not a host.
    ``strict`` (bare host:port values) also rejects names that are unlikely hosts.
    """
    if s >= e:
        return None
    if value[s] == "[":
        close = value.find("]", s + 1, e)
        if close < 0 or close == s + 1:
            return False
        hs, he = s + 1, close
        host = value[hs:he]
        if "[" in host or any(c.isspace() for c in host):
            return False
        if strict and HOLE not in host and not _valid_ipv6(host):
            return False
        rest = close + 1
        if rest == e:
            return HostRef(host, hs, he, None, None, None)
        if value[rest] != ":":
            return False
        ps, pe = rest + 1, e
        if ps == pe:
            return False if strict else HostRef(host, hs, he, None, None, None)
        ok, port, hole = port_of(value, ps, pe)
        if not ok:
            return False
        return HostRef(host, hs, he, port, ps, pe, hole)

    colons = value.count(":", s, e)
    if colons > 1:
        text = value[s:e]
        if _valid_ipv6(text):
            return HostRef(text, s, e, None, None, None)
        return False
    if colons == 1:
        c = value.index(":", s, e)
        hs, he, ps, pe = s, c, c + 1, e
    else:
        hs, he, ps, pe = s, e, e, e
    if jdbc:  # SQL Server "host\instance:port"
        bs = value.find("\\", hs, he)
        if bs >= 0:
            he = bs
    host = value[hs:he]
    if not host:
        return None if not strict else False
    if strict:
        if not _STRICT_HOST.fullmatch(host) or ".." in host:
            return False
        if NUMERIC_HOST.fullmatch(host) and host != "0" and not _DOTTED_QUAD.fullmatch(host):
            return False  # "15432:5432" is a port mapping, "3.11" a version
    elif _URL_HOST_BAD.search(host):
        return False
    if ps == pe:
        if colons == 1 and strict:
            return False  # "host:" is not an address
        return HostRef(host, hs, he, None, None, None)
    ok, port, hole = port_of(value, ps, pe)
    if not ok:
        return False
    return HostRef(host, hs, he, port, ps, pe, hole)
