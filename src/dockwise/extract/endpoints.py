"""From the addresses written in a located value to Endpoints.

Where the addresses of a value are (the whole value, a list of URLs, URLs inside free
text, a libpq DSN), and one :class:`~dockwise.model.Endpoint` per literal host of an
address, with its port (explicit, a sibling ``*_PORT``, or the scheme's default).  The
environment, command and probe readers of the layout all build on these.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Sequence, TypeGuard

from dockwise.extract.address import parse_any
from dockwise.extract.dsn import parse_dsn
from dockwise.extract.hostkind import host_kind
from dockwise.extract.urls import find_urls
from dockwise.model import HOLE, Endpoint, Span, Text
from dockwise.redact import redact


def _norm_scheme(scheme: str | None, knowledge) -> tuple[str | None, Any]:
    """(normalised scheme, knowledge Scheme or None)."""
    if not scheme:
        return None, None
    key = scheme.lower()
    if key.startswith("jdbc:"):
        key = key[5:]
    hit = knowledge.scheme(key)
    if hit is not None:
        full = knowledge.schemes.get(key)
        return (full.name if full is not None else hit.name), hit
    return key.split("+", 1)[0], None


def text_span(text: Text, start: int | None, end: int | None) -> Span | None:
    if start is None or end is None or start > end:
        return None
    return text.span(start, end)


def literal_host(host: str | None) -> TypeGuard[str]:
    if not host or HOLE in host:
        return False
    if host.isdigit():
        return False
    return True


def endpoints_from_address(
    addr: Any,
    text: Text,
    knowledge,
    *,
    offset: int = 0,
    role: str,
    context: str,
    services: tuple[str, ...],
    project: str | None,
    default_scheme: str | None = None,
    sibling_port: tuple[int, Span | None] | None = None,
) -> list[Endpoint]:
    """One Endpoint per host of ``addr`` (a ``hostitem.Address`` over ``text.value[offset:]``)."""
    out: list[Endpoint] = []
    scheme_raw = getattr(addr, "scheme", None)
    scheme, hit = _norm_scheme(scheme_raw, knowledge)
    if hit is not None and getattr(hit, "kind", "network") != "network":
        return out  # sqlite://, file://, unix sockets: never network targets
    if scheme is None and default_scheme:
        scheme, hit = _norm_scheme(default_scheme, knowledge)
    a_text = getattr(addr, "text", None)
    if not isinstance(a_text, str):
        a_start, a_end = getattr(addr, "start", None), getattr(addr, "end", None)
        a_text = text.value[offset + (a_start or 0): offset + (a_end if a_end is not None else len(text.value) - offset)]
    shown = redact(a_text)
    for ref in getattr(addr, "hosts", ()) or ():
        host = getattr(ref, "host", None)
        if not literal_host(host):
            continue
        kind = host_kind(host, knowledge)
        if kind == "invalid":
            continue
        span = text_span(text, offset + ref.start, offset + ref.end)
        if span is None:
            continue
        port: int | None = None
        port_source: str | None = None
        port_span: Span | None = None
        if getattr(ref, "port", None) is not None:
            port, port_source = ref.port, "explicit"
            ps, pe = getattr(ref, "port_start", None), getattr(ref, "port_end", None)
            if ps is not None and pe is not None:
                port_span = text_span(text, offset + ps, offset + pe)
        elif getattr(ref, "port_hole", False):
            pass  # a port written but unknown (${PORT}): no default applies
        elif sibling_port is not None:
            port, port_span = sibling_port
            port_source = "argument"
        else:
            default = knowledge.scheme_port(scheme) if scheme else None
            if default is not None:
                port, port_source = default, "scheme"
        out.append(
            Endpoint(
                span=span,
                host=host,
                port=port,
                port_source=port_source,
                port_span=port_span,
                scheme=scheme,
                context=context,
                role=role,
                text=shown,
                services=services,
                project=project,
            )
        )
    return out


def _split_list(value: str) -> list[tuple[int, int]]:
    """(start, end) of the items of a comma / semicolon / blank separated list."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^,;\s]+", value)]


@functools.lru_cache(maxsize=8192)
def whole_value_addresses(value: str) -> tuple[tuple[int, Any], ...]:
    """Addresses when the whole value is an address or a list of them: ((offset, Address)).
    Memoised (the addresses are frozen): the services of a platform repeat their values."""
    return tuple(_whole_value_addresses_uncached(value))


def _whole_value_addresses_uncached(value: str) -> Sequence[tuple[int, Any]]:
    stripped = value.strip()
    if not stripped:
        return []
    lead = len(value) - len(value.lstrip())
    whole = parse_any(stripped)  # the address parsers never raise on any text (see address.py)
    if whole is not None and getattr(whole, "hosts", None):
        return [(lead, whole)]
    # a list of URLs (``amqp://a//;amqp://b//``): every item must be one
    found: list[tuple[int, Any]] = []
    for start, end in _split_list(value):
        item = parse_any(value[start:end])
        if item is None or getattr(item, "form", None) not in ("url", "jdbc"):
            found = []
            break
        found.append((start, item))
    if found:
        return found
    return embedded_addresses(value)


@functools.lru_cache(maxsize=8192)
def embedded_addresses(value: str) -> tuple[tuple[int, Any], ...]:
    """URLs written inside free text, and a whole-value libpq DSN (memoised, as above)."""
    return tuple(_embedded_addresses_uncached(value))


def _embedded_addresses_uncached(value: str) -> list[tuple[int, Any]]:
    found: list[tuple[int, Any]] = []
    if "://" in value or "jdbc:" in value.lower():
        found.extend((0, a) for a in find_urls(value) or ())  # never raises on any text (see urls.py)
    if not found and "=" in value and "host" in value.lower():
        dsn = parse_dsn(value)
        if dsn is not None and getattr(dsn, "hosts", None):
            found.append((0, dsn))
    return found
