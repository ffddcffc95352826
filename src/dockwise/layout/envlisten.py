"""Ports a program of a container is told to listen on by the service's own environment.

A service may hand a program its launch arguments in a variable rather than in its start
command: an image that starts a browser from its own init scripts reads them from the
environment (``BROWSER_ARGS=--remote-debugging-port=9222``), and the project's code then
dials that port on loopback.  The loopback address is right there: the server is in the
same container.  Only flags that always make the program given them listen on the port
that follows count (``rules/commands.yaml`` ``listen_flags``): a generic ``--port`` is as
often a client's (``psql --port``) as a server's.

An image may also take its own listen addresses from a variable (``rules/images.yaml``
``listens``: Confluent's Schema Registry serves the ports of ``SCHEMA_REGISTRY_LISTENERS``,
``http://0.0.0.0:8085``): those ports are served by its container, whatever its default.
"""
from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence

from dockwise.layout.model import EnvVar

__all__ = ["flag_ports", "listener_ports"]


def flag_ports(environment: Iterable[EnvVar], flags: Sequence[str]) -> tuple[int, ...]:
    """The ports that ``flags`` (``--remote-debugging-port``) give in the values of
    ``environment``, written ``--flag=9222`` or ``--flag 9222``."""
    if not flags:
        return ()
    rx = _flag_rx(tuple(flags))
    found: list[int] = []
    for var in environment:
        text = var.value.value if var.value is not None else ""
        for m in rx.finditer(text or ""):
            port = int(m.group(1))
            if 0 < port < 65536 and port not in found:
                found.append(port)
    return tuple(found)


# a listener's port: the digits after the last ":" of a URL's authority or of host:port
_LISTENER_PORT = re.compile(r":(\d{1,5})/?$")


def listener_ports(environment: Iterable[EnvVar], names: Sequence[str]) -> tuple[int, ...]:
    """The ports the variables ``names`` (globs) give as listen addresses in ``environment``:
    each comma-separated item a URL (``PLAINTEXT://0.0.0.0:29092``) or ``host:port``."""
    if not names:
        return ()
    found: list[int] = []
    for var in environment:
        if not any(fnmatch.fnmatchcase(var.name, n) for n in names):
            continue
        text = var.value.value if var.value is not None else ""
        for item in (text or "").split(","):
            m = _LISTENER_PORT.search(item.strip())
            if m is None:
                continue
            port = int(m.group(1))
            if 0 < port < 65536 and port not in found:
                found.append(port)
    return tuple(found)


_RX: dict[tuple[str, ...], re.Pattern[str]] = {}


def _flag_rx(flags: tuple[str, ...]) -> re.Pattern[str]:
    rx = _RX.get(flags)
    if rx is None:
        words = "|".join(re.escape(f) for f in sorted(flags, key=len, reverse=True))
        # the flag as a whole word (not the tail of a longer one), then "=" or blanks, the port
        rx = _RX[flags] = re.compile(rf"(?<![\w-])(?:{words})(?:=|\s+)(\d{{1,5}})(?!\d)")
    return rx
