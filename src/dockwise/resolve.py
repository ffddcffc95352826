"""Endpoint x Layout -> Findings: the verdicts.  Pure: no I/O.

For every connect target, the resolver asks, for each service whose container runs the
text: what does this host name or address reach from inside *that* container, given the
declared networks?  The answer is a rule code with a concrete suggestion (a service name and
its container port, or the Docker host alias) or nothing at all.

This module only dispatches: it picks, from the endpoint's role and the kind of its host,
the one check that applies.  Each rule's check is a module of its own in
``dockwise/checks/`` (``checks/dw101.py`` for ``rules/codes/DW101.yaml``), reading the layout
index of ``checks/context.py``.
"""
from __future__ import annotations

from collections.abc import Callable, Container
from typing import Iterable, Sequence

from dockwise.checks import dw101, dw102, dw104, dw106, dw107, dw108, dw109, dw201, dw202
from dockwise.checks.context import Context
from dockwise.checks.verdict import Verdict
from dockwise.extract.hostkind import host_kind
from dockwise.knowledge import Knowledge
from dockwise.layout.model import Layout, Service
from dockwise.model import HOLE, Endpoint, Finding


class Resolver:
    """Holds the indexes of one layout; ``resolve`` is then pure per endpoint."""

    def __init__(self, layout: Layout, knowledge: Knowledge) -> None:
        self.context = Context(layout, knowledge)

    @property
    def knowledge(self) -> Knowledge:
        return self.context.knowledge

    @property
    def dialled_names(self) -> Container[str]:
        """Service names other services' values dial (``http://api:8000``): set by the engine."""
        return self.context.dialled_names

    @dialled_names.setter
    def dialled_names(self, names: Container[str]) -> None:
        self.context.dialled_names = names

    @property
    def dialled_at(self) -> Container[tuple[str, int]]:
        """(service name, port) pairs the layout's values dial: set by the engine."""
        return self.context.dialled_at

    @dialled_at.setter
    def dialled_at(self, pairs: Container[tuple[str, int]]) -> None:
        self.context.dialled_at = pairs

    @property
    def started_ports(self) -> Callable[[Service], Iterable[int]]:
        """The ports of the servers a service's start command launches beside its app: set
        by the engine from what the services run (``Runs.started_ports``)."""
        return self.context.started_ports

    @started_ports.setter
    def started_ports(self, ports: Callable[[Service], Iterable[int]]) -> None:
        self.context.started_ports = ports

    @property
    def forwarded_ports(self) -> Callable[[Service], Iterable[int]]:
        """The loopback ports a proxy a service's start command launches forwards to: set by
        the engine from what the services run (``Runs.forwarded_ports``)."""
        return self.context.forwarded_ports

    @forwarded_ports.setter
    def forwarded_ports(self, ports: Callable[[Service], Iterable[int]]) -> None:
        self.context.forwarded_ports = ports

    @property
    def ipv4_only_ports(self) -> Callable[[Service], Iterable[int]]:
        """The ports a proxy a service's start command launches listens on at IPv4 addresses
        alone: set by the engine from what the services run (``Runs.ipv4_only_ports``)."""
        return self.context.ipv4_only_ports

    @ipv4_only_ports.setter
    def ipv4_only_ports(self, ports: Callable[[Service], Iterable[int]]) -> None:
        self.context.ipv4_only_ports = ports

    @property
    def proxy_config_whole(self) -> Callable[[Service], bool]:
        """Whether the proxy a service's start command launches loads only the tree's
        configuration: set by the engine from what the services run (``Runs.proxy_config_whole``)."""
        return self.context.proxy_config_whole

    @proxy_config_whole.setter
    def proxy_config_whole(self, whole: Callable[[Service], bool]) -> None:
        self.context.proxy_config_whole = whole

    @property
    def start_unknown(self) -> Callable[[Service], bool]:
        """Whether what a service's container starts is unknown: set by the engine from what
        the services run (``Runs.start_unknown``)."""
        return self.context.start_unknown

    @start_unknown.setter
    def start_unknown(self, unknown: Callable[[Service], bool]) -> None:
        self.context.start_unknown = unknown

    @property
    def dials_own_port(self) -> Callable[[Service, int], bool]:
        """Whether the Python a service runs dials a port at loopback: set by the engine
        (``Judge.dials_own_port``)."""
        return self.context.dials_own_port

    @dials_own_port.setter
    def dials_own_port(self, dials: Callable[[Service, int], bool]) -> None:
        self.context.dials_own_port = dials

    @property
    def code_serves(self) -> Callable[[Service, int], bool]:
        """Whether the Python a service runs binds a server on a port: set by the engine
        (``Judge.code_serves``)."""
        return self.context.code_serves

    @code_serves.setter
    def code_serves(self, serves: Callable[[Service, int], bool]) -> None:
        self.context.code_serves = serves

    @property
    def dials_bound_port(self) -> Callable[[Service, Endpoint], tuple[int, ...] | None]:
        """The ports of a loopback bind's imported port name that the Python a service runs
        dials at loopback itself, None where nothing does: set by the engine
        (``Judge.dials_bound_port``)."""
        return self.context.dials_bound_port

    @dials_bound_port.setter
    def dials_bound_port(self, dials: Callable[[Service, Endpoint], tuple[int, ...] | None]) -> None:
        self.context.dials_bound_port = dials

    @property
    def sets_bind_setting(self) -> Callable[[Service, str], bool]:
        """Whether the settings a service's Python loads give a server's address under a
        setting's name: set by the engine (``Judge.sets_bind_setting``)."""
        return self.context.sets_bind_setting

    @sets_bind_setting.setter
    def sets_bind_setting(self, sets: Callable[[Service, str], bool]) -> None:
        self.context.sets_bind_setting = sets

    @staticmethod
    def default_replaced(ep: Endpoint, svc: Service) -> bool:
        """``ep`` is the default of environment reads (``fallback_for``, ``fallbacks``) whose
        variable ``svc``'s container sets, or may set (its environment unknown: an env_file
        absent from the tree): the default never runs there, or nothing shows that it does.
        Neither a target judged there nor a client of a broker (DW109's connects)."""
        variables = tuple(v for v in (ep.fallback_for, *ep.fallbacks) if v)
        return bool(variables) and (svc.env_unknown or any(svc.env(v) is not None for v in variables))

    def verdict(self, ep: Endpoint, svc: Service, *, runs_file: bool = True) -> Verdict | None:
        """The verdict on ``ep`` in ``svc``'s container: the one check that applies, asked."""
        ctx = self.context
        host = ep.host.strip()
        if not host or HOLE in host:
            return None
        kind = host_kind(host, ctx.knowledge)
        index = None if svc.implicit else ctx.index_of(svc)
        mode = ctx.effective_mode(index, svc)
        role = ep.role
        if role in ("bind", "connect") and self.default_replaced(ep, svc):
            return None  # the service sets the variable: the default never runs there
        if role in ("bind", "bind-default"):
            return dw201.check(ctx, ep, svc, host, kind, mode, runs_file)
        if role == "healthcheck":
            return dw202.check(ctx, ep, svc, host)
        if role == "advertised-listener":
            return None  # decided by ``advertised_listener_findings`` with cross-file evidence
        if role != "connect":
            return None

        if mode == "none":
            return dw108.check(ep, svc, host, kind)
        if kind in ("loopback", "unspecified"):
            return dw101.check(ctx, ep, svc, index, mode, kind)
        if kind == "deprecated-alias":
            return dw107.check(ctx, svc, host, mode)
        if kind == "host-gateway":
            return dw106.check(ctx, svc, index, host, mode, ep.port)
        if kind in ("ipv4", "ipv6"):
            return dw102.check(ctx, ep, svc, index, host)
        if kind == "name":
            if index is None:
                return None
            return dw104.check(ctx, ep, svc, index, host, mode)  # on to dw103 / dw105 as the name resolves
        return None

    def resolve(self, ep: Endpoint, runners: Sequence[Service], *, runs_file: Sequence[bool] | None = None) -> list[Finding]:
        """One finding per distinct verdict over the services that run the text."""
        groups: dict[tuple, list[tuple[str, Verdict, Service]]] = {}
        for i, svc in enumerate(runners):
            rf = True if runs_file is None else runs_file[i]
            v = self.verdict(ep, svc, runs_file=rf)
            if v is None:
                continue
            groups.setdefault((v.code, v.suggestion), []).append((svc.name, v, svc))
        findings = []
        for members in groups.values():
            members.sort(key=lambda m: m[0])
            names = tuple(sorted({n for n, _, _ in members if n}))
            v = members[0][1]
            # services grouped under one verdict may differ in their extra_hosts: name every one lacking it
            lacking = sorted({n for n, m, _ in members if m.needs_gateway and n})
            if lacking:
                ctx = self.context
                who = (f"The `{lacking[0]}` service also needs" if len(lacking) == 1 else
                       "The " + ", ".join(f"`{n}`" for n in lacking) + " services also need")
                v = Verdict(v.code, f"{v.message} {who} `extra_hosts: [\"{ctx.host_alias}:{ctx.gateway_value}\"]` "
                            f"(required on Linux engines).", v.suggestion)
            findings.append(self._finding(ep, v, names, tuple(s for _, _, s in members)))
        return findings

    def _finding(self, ep: Endpoint, v: Verdict, services: tuple[str, ...],
                 runners: tuple[Service, ...] = ()) -> Finding:
        entry = self.context.knowledge.codes.get(v.code)
        return Finding(
            code=v.code,
            severity=entry.severity if entry else "error",
            span=ep.span,
            message=v.message,
            services=services,
            target_host=ep.host,
            target_port=ep.port,
            suggestion=v.suggestion,
            flagged_text=ep.host,
            endpoint=ep,
            runners=runners,
        )

    def advertised_listener_findings(self, endpoints: Iterable[Endpoint], connects: Iterable[dw109.Connect]) -> list[Finding]:
        """DW109 (checks.dw109): a broker advertising a loopback host on the port other
        services bootstrap from.  ``connects``: (project, host, port, dialling service) of
        every connect target in the run."""
        return [self._finding(ep, v, (name,)) for ep, v, name in dw109.check(self.context, endpoints, connects)]
