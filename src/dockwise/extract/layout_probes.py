"""Endpoints of the probes a container runs: its healthcheck test and wait-for loops.

curl, wget, pg_isready, nc ... connect to hosts: role "healthcheck" with context
"healthcheck:PROGRAM" for the healthcheck; the start command reuses the reading for its
wait-for loops (role "connect", context "probe:PROGRAM").
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from dockwise.extract.endpoints import endpoints_from_address, literal_host, text_span, whole_value_addresses
from dockwise.extract.hostkind import host_kind
from dockwise.extract.layout_env import effective_env
from dockwise.extract.masking import mask_expansions
from dockwise.extract.urls import find_urls
from dockwise.layout.model import Command, EnvVar, Service
from dockwise.layout.startcmd import healthcheck_info
from dockwise.model import Endpoint, Text
from dockwise.redact import redact


def _probes(cmd: Command, knowledge, environment: Iterable[EnvVar]) -> list[tuple[str | None, list[Text], list[Text], list[int]]]:
    """[(program, url texts, host texts, ports)] of each probe of a healthcheck test."""
    info = healthcheck_info(cmd, knowledge, working_dir=cmd.working_dir, env=tuple(environment))
    if info.disabled:
        return []
    return [(probe.program, list(probe.urls), list(probe.hosts), list(probe.ports)) for probe in info.probes]


def healthcheck_endpoints(
    svc: Service, knowledge, *, services: tuple[str, ...] | None = None, project: str | None = None,
    environment: Iterable[EnvVar] | None = None,
) -> list[Endpoint]:
    """Hosts a service's healthcheck probes (role "healthcheck", context "healthcheck:PROGRAM")."""
    env = tuple(environment) if environment is not None else tuple(effective_env(svc.environment).values())
    return _healthcheck_endpoints(svc, knowledge, services if services is not None else (svc.name,), project, env)


def _healthcheck_endpoints(svc: Service, knowledge, services, project, environment) -> list[Endpoint]:
    cmd = svc.healthcheck
    if not isinstance(cmd, Command) or not cmd.tokens:
        return []
    return probe_endpoints(cmd, knowledge, environment, role="healthcheck", context_of=None,
                            services=services, project=project)


def probe_endpoints(
    cmd: Command, knowledge, environment, *, role: str, context_of, services, project, need_port: bool = False,
    prefix: str = "healthcheck",
) -> list[Endpoint]:
    """Hosts the probes of ``cmd`` (curl, wget, pg_isready, nc...) connect to.

    ``context_of`` None: context "healthcheck:PROGRAM"; else ``context_of(host text)``.
    ``need_port``: keep only hosts whose port is known (a URL's, or the probe's one port).
    """
    out: list[Endpoint] = []
    seen: set = set()
    for program, urls, hosts, ports in _probes(cmd, knowledge, environment):
        program = (program or "").rsplit("/", 1)[-1]
        fixed = f"{prefix}:{program}" if program else prefix
        for tok in urls:
            masked = mask_expansions(tok)
            found: Sequence[tuple[int, Any]]
            found = [(0, a) for a in find_urls(masked.value) or ()]
            if not found:
                found = whole_value_addresses(masked.value)
            context = fixed if context_of is None else context_of(tok)
            for offset, addr in found:
                for ep in endpoints_from_address(
                    addr, masked, knowledge, offset=offset, role=role, context=context,
                    services=services, project=project,
                ):
                    if ep.span not in seen and not (need_port and ep.port is None):
                        seen.add(ep.span)
                        out.append(ep)
        port = ports[0] if len(set(ports)) == 1 else None
        if need_port and port is None:
            continue
        for h in hosts:
            masked = mask_expansions(h)
            host = masked.value
            if host.startswith("[") and host.endswith("]"):
                span = text_span(masked, 1, len(host) - 1)
                host = host[1:-1]
            else:
                span = text_span(masked, 0, len(host))
            if span is None or span in seen or not literal_host(host) or host_kind(host, knowledge) == "invalid":
                continue
            seen.add(span)
            out.append(
                Endpoint(
                    span=span, host=host, port=port, port_source="argument" if port is not None else None,
                    context=fixed if context_of is None else context_of(h), role=role, text=redact(h.value),
                    services=services, project=project,
                )
            )
    return out
