"""Endpoints of a container's environment variables.

Each variable is judged by its name (``rules/names.yaml``): Kafka advertised listener
lists, host-like names whose whole value is an address (role "connect", or "bind" for
bind names), data and advertised names never, any other name for the URLs and DSNs
written inside its value.  Only the effective value of each name counts.
"""
from __future__ import annotations

import fnmatch
import re
from typing import Any, Iterable, Mapping, Sequence

from dockwise.extract.endpoints import (
    embedded_addresses,
    endpoints_from_address,
    literal_host,
    text_span,
    whole_value_addresses,
)
from dockwise.extract.hostkind import host_kind
from dockwise.knowledge import glob_match
from dockwise.layout.model import EnvVar
from dockwise.model import Endpoint, Span, Text
from dockwise.redact import redact

_LISTENER_RE = re.compile(r"([A-Za-z][A-Za-z0-9_\-]*)://(\[[^\]]*\]|[^:,\s/\[\]]*)(?::([0-9]+|\x00+))?")


def _name_scheme(name: str, knowledge) -> str | None:
    """A scheme implied by a variable name: ``env_hosts`` pattern -> scheme entries in the
    rule packs, else the name's first segment when it is a known scheme (REDIS_HOST)."""
    for pattern, scheme in knowledge.env_hosts.items():
        if fnmatch.fnmatchcase(name.upper(), pattern.upper()):
            return scheme
    head = re.split(r"[_\-.]", name, maxsplit=1)[0].lower()
    if head and len(head) < len(name):
        hit = knowledge.scheme(head)
        if hit is not None and getattr(hit, "kind", "network") == "network":
            return hit.name
    return None


def _listener_names(knowledge) -> tuple[str, ...]:
    """Names of variables holding advertised listener lists (rules/names.yaml)."""
    return knowledge.names.advertised_listeners


def _bare_name_ok(name: str, knowledge) -> bool:
    """May a one-label value without a port (``db``) under this name be a host?

    ``REDIS_HOST=redis`` is; ``DATABASE=app`` or ``ES_CLUSTER=docker-cluster`` is a name of
    something else that would only make DW105 guess at typos.
    """
    return _matches(name, knowledge.names.bare_host)


def _matches(name: str, patterns: Sequence[str]) -> bool:
    upper = name.upper()
    return any(fnmatch.fnmatchcase(upper, p.upper()) for p in patterns)


def _int_port(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    if not value.isdigit() or len(value) > 5:
        return None
    port = int(value)
    return port if 0 < port < 65536 else None


def effective_env(environment: Iterable[EnvVar]) -> dict[str, EnvVar]:
    """The value each name really has (the last one set wins)."""
    out: dict[str, EnvVar] = {}
    for var in environment or ():
        if isinstance(var, EnvVar) and isinstance(var.name, str):
            out[var.name] = var
    return out


def sibling_port_names(name: str) -> list[str]:
    """The variables that give the port of host variable ``name``: ``DB_PORT`` for
    ``DB_HOST`` (same prefix, ``_PORT``), ``PORT`` for a bare ``HOST``."""
    if "_" not in name:
        return ["PORT"] if name.upper() in ("HOST", "HOSTNAME", "ADDR", "ADDRESS", "SERVER") else []
    prefix = name.rsplit("_", 1)[0]
    return [prefix + "_PORT", prefix + "_port"]


def _sibling_port(name: str, environment: dict[str, EnvVar]) -> tuple[int, Span | None] | None:
    """``DB_PORT`` for ``DB_HOST`` (``sibling_port_names``), when it is a literal number."""
    for cand in sibling_port_names(name):
        var = environment.get(cand)
        if var is None or var.value is None:
            continue
        raw = var.value.value
        port = _int_port(raw)
        if port is None:
            return None
        lead = len(raw) - len(raw.lstrip())
        return port, text_span(var.value, lead, lead + len(raw.strip()))
    return None


def advertised_pairs(text: str) -> list[tuple[str, int | None]]:
    """(host, port) of each listener of a Kafka-style advertised listener list
    (``INNER://queue:9092,OUTER://localhost:9094``); port None where it writes none."""
    out: list[tuple[str, int | None]] = []
    for m in _LISTENER_RE.finditer(text):
        host = m.group(2)
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        out.append((host, _int_port(m.group(3)) if m.group(3) else None))
    return out


def _listener_endpoints(
    value: Text, knowledge, *, services: tuple[str, ...], project: str | None
) -> list[Endpoint]:
    out: list[Endpoint] = []
    for m in _LISTENER_RE.finditer(value.value):
        host = m.group(2)
        h_start, h_end = m.start(2), m.end(2)
        if host.startswith("[") and host.endswith("]"):
            host, h_start, h_end = host[1:-1], h_start + 1, h_end - 1
        if not literal_host(host):
            continue
        span = text_span(value, h_start, h_end)
        if span is None:
            continue
        port = _int_port(m.group(3)) if m.group(3) else None
        port_span = text_span(value, m.start(3), m.end(3)) if port is not None else None
        out.append(
            Endpoint(
                span=span,
                host=host,
                port=port,
                port_source="explicit" if port is not None else None,
                port_span=port_span,
                scheme="kafka",
                context="kafka-advertised",
                role="advertised-listener",
                text=redact(m.group(0)),
                services=services,
                project=project,
            )
        )
    return out


def env_endpoints(
    name: str,
    value: Text | None,
    knowledge,
    *,
    services: tuple[str, ...] = (),
    project: str | None = None,
    environment: Iterable[EnvVar] | Mapping[str, EnvVar] = (),
    context_prefix: str = "env",
    dialled: tuple[str, ...] = (),
) -> list[Endpoint]:
    """Endpoints of one environment variable ``name=value`` (context ``PREFIX:NAME``).

    - Kafka advertised listener lists -> role "advertised-listener", one per listener;
    - names classified "data" / "advertised" -> nothing;
    - "target" names -> the whole value as an address (URL, DSN, host, host:port, or a
      list of them); "bind" names the same with role "bind";
    - other names -> URLs embedded in the value, or a whole-value libpq DSN.
    ``environment`` (the service's variables) gives a sibling ``*_PORT`` for a bare host.
    ``dialled``: variable globs the service's image reads as addresses (rules/images.yaml
    ``dials``): such a variable holds a target whatever its name says.
    """
    return _env_endpoints(name, value, knowledge, services, project, environment, context_prefix, dialled)


def _env_endpoints(name, value, knowledge, services, project, environment, context_prefix,
                   dialled=()) -> list[Endpoint]:
    if not isinstance(name, str) or not isinstance(value, Text) or not value.value.strip():
        return []
    services = tuple(services)
    if _matches(name, _listener_names(knowledge)):
        return _listener_endpoints(value, knowledge, services=services, project=project)
    kind = knowledge.names.classify(name)
    if dialled and kind not in ("bind", "advertised") and glob_match(name, dialled):
        kind = "target"  # the image connects to what the variable holds
    if kind in ("data", "advertised"):
        return []
    context = f"{context_prefix}:{name}"
    role = "bind" if kind == "bind" else "connect"
    env = environment if isinstance(environment, dict) else effective_env(environment)
    if kind in ("target", "bind"):
        found = whole_value_addresses(value.value)
    else:
        found = embedded_addresses(value.value)
    out: list[Endpoint] = []
    default_scheme = _name_scheme(name, knowledge) if kind in ("target", "bind") else None
    for offset, addr in found:
        form = getattr(addr, "form", None)
        bare = form not in ("url", "jdbc") and not getattr(addr, "scheme", None)
        hosts: Sequence[Any] = getattr(addr, "hosts", ()) or ()
        if form == "hostport" and not _bare_name_ok(name, knowledge):
            # ``DATABASE=app``: a one-label word without a port is no host here
            if all(
                getattr(h, "port", None) is None and not getattr(h, "port_hole", False)
                and host_kind(h.host, knowledge) == "name"
                for h in hosts
            ):
                continue
        sibling = None
        if bare and kind in ("target", "bind"):
            if len(hosts) == 1 and getattr(hosts[0], "port", None) is None and len(found) == 1:
                sibling = _sibling_port(name, env)
        out.extend(
            endpoints_from_address(
                addr, value, knowledge, offset=offset, role=role, context=context,
                services=services, project=project,
                default_scheme=default_scheme if bare and role == "connect" else None, sibling_port=sibling,
            )
        )
    return out
