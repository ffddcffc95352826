"""One file's candidates -> its findings, as the file's analysis arrives.

For each candidate endpoint of a Python file: the services whose containers run its line,
the evidence search (``flow.judge``: a sink of a module the service runs receives the value;
answers kept per run by ``evidence_cache``, or given by the worker process that parsed the
file), then the resolver's verdict and the file's suppression comments.  The engine hands
every analysed file to :class:`FileVerdicts` and gathers ``outcome`` in discovery order.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from dockwise.analysis import BUG_HINT
from dockwise.checks import dw109
from dockwise.checks.dw109 import Connect
from dockwise.evidence_cache import EvidenceCache, decode_answer, encode_answer, world_key
from dockwise.extract.hostkind import host_kind
from dockwise.extract.pytables import calls_for, python_tables
from dockwise.layout.model import Service
from dockwise.model import Endpoint, Evidence, FileError, FileResult, Finding
from dockwise.resolve import Resolver
from dockwise.source import SourceError, display_path, read_text
from dockwise.suppress import is_suppressed

__all__ = ["FileOutcome", "FileVerdicts", "concerns", "may_report"]


@dataclass
class FileOutcome:
    """What one file gave: its findings and errors, its candidates, the (project, host,
    port) its services dial (DW109 compares them with what brokers advertise), its text."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    connects: set[Connect] = field(default_factory=set)
    text: str | None = None


class FileVerdicts:
    def __init__(self, root: Path, overrides: dict[Path, str], runs: Any, judge: Any, resolver: Resolver,
                 cache: Any) -> None:
        self.root = root
        self.overrides = overrides
        self.runs = runs
        self.judge = judge
        self.resolver = resolver
        self.cache = cache
        self.services = [r.service for r in runs.services]
        self._index = {id(s): i for i, s in enumerate(self.services)}
        self.outcome: dict[str, FileOutcome] = {}
        self._judged: EvidenceCache | None = None  # the evidence cache, opened at the first candidate

    def file(self, rel: str, runners: Sequence[Service] | None, result: FileResult, answers: list | None = None) -> None:
        """Judge and resolve one file's candidates (while the workers parse other files);
        ``answers``: (endpoint index, judgement) from the worker that parsed the file."""
        if runners is None or rel in self.outcome:
            return
        out = self.outcome[rel] = FileOutcome(endpoints=list(result.endpoints))
        shown = display_path(self.root, rel) if result.errors or result.endpoints else rel
        out.errors.extend(replace(err, path=shown) for err in result.errors)
        if result.errors and not result.endpoints:
            return
        if result.endpoints:
            out.text = _source_text(self.root / rel, self.overrides)
        given = dict(answers or ())
        for i, ep in enumerate(result.endpoints):
            try:
                self._endpoint(rel, ep, runners, given.get(i), result, out)
            except Exception as exc:  # boundary: one candidate's bug is reported, the file and the run go on
                out.errors.append(FileError(shown, f"internal error: {exc!r} ({BUG_HINT})", ep.span.line,
                                            kind="internal"))

    def _endpoint(self, rel: str, ep: Endpoint, runners: Sequence[Service], given: Any, result: FileResult,
                  out: FileOutcome) -> None:
        runs = self.runs
        # an `if __name__ == "__main__":` block runs only where the module is run as __main__
        here = [s for s in runners if runs.runs_line(s, rel, ep.span.line)]
        if not here or not may_report(self.resolver, ep, here):
            return  # no evidence could make it a finding: spare the search
        # evidence: a sink of a module the service runs receives the value
        if self._judged is None:
            self._judged = self._open_judged()
        answer = self._judged.get(rel, ep, here)
        if answer is None:
            if given is not None:  # the worker's
                try:
                    answer = decode_answer(ep, given, self.services)
                except (KeyError, IndexError, TypeError, ValueError):
                    answer = None
            if answer is None:
                answer = self.judge.judge(rel, ep, here)
            self._judged.put(rel, ep, here, answer)
        ep, here, evidence = answer
        if here and ep.role == "connect":
            here = [s for s in here if not self._alternative_works(rel, ep, s, result)]
        if not here:
            return
        if ep.role == "connect" and ep.port is not None:
            for svc in here:
                sink = evidence.get(id(svc))
                if not dw109.may_bootstrap(ep, self.resolver.knowledge, sink.kind if sink else "") \
                        or self.resolver.default_replaced(ep, svc):
                    continue
                out.connects.add((self.resolver.context.project_key(svc), ep.host.lower(), ep.port, svc.name))
        anywhere = ep.role == "bind-default" and _binds_where_it_runs(self.resolver.knowledge, ep.context)
        for f in self.resolver.resolve(ep, here, runs_file=[anywhere or runs.is_main(s, rel) for s in here]):
            ev = finding_evidence(f, here, evidence)
            out.findings.append(replace(f, suppressed=is_suppressed(f, result.suppressions), evidence=ev))

    def _alternative_works(self, rel: str, ep: Endpoint, svc: Service, result: FileResult) -> bool:
        """``ep`` is one of a display of candidate addresses of one target (string literals at
        the same port, a program tries each in turn: ``["http://127.0.0.1:15000",
        "http://engine:15000"]``), and another of them reaches its server from ``svc``'s
        container (a loopback, service name or host alias the resolver finds nothing wrong
        with): the candidate meant for another deployment fails over to it there."""
        if len(result.endpoints) < 2 or not rel.endswith(".py"):
            return False
        judged = ("loopback", "name", "host-gateway")
        port, others = self.judge.alternatives(rel, ep, svc, result.endpoints)
        for other, other_port in others:
            if other.role != "connect" or other.host.lower() == ep.host.lower():
                continue
            if port is None and other_port is None:
                # bare hosts the program hands to one client with one port (``["127.0.0.1",
                # "host.docker.internal", "cache"]``): only a service this container reaches by
                # name is known to work without the port
                if self._reached_by_name(other, svc):
                    return True
                continue
            if port is None or other_port is None:
                continue
            if other_port != port and not self._published_pair(replace(ep, port=port),
                                                                replace(other, port=other_port), svc):
                continue
            other = replace(other, port=other_port)
            if host_kind(other.host.strip(), self.resolver.knowledge) in judged \
                    and self.resolver.verdict(other, svc) is None:
                return True
        return False

    def _reached_by_name(self, other: Endpoint, svc: Service) -> bool:
        """``other`` is a service of ``svc``'s project by name (or alias) that the resolver finds
        nothing wrong with from ``svc``'s container."""
        host = other.host.strip()
        if host_kind(host, self.resolver.knowledge) != "name":
            return False
        index = self.resolver.context.index_of(svc)
        if index is None or not index.names.get(host.lower()):
            return False
        return self.resolver.verdict(other, svc) is None

    def _published_pair(self, ep: Endpoint, other: Endpoint, svc: Service) -> bool:
        """``ep`` and ``other`` name one server at two ports: one is a service of ``svc``'s
        project by name at a container port, the other a loopback or host alias at a port that
        service publishes to it (``["http://localhost:9383", "http://inventory:80"]`` where
        ``inventory`` maps ``9383:80``): the address of that server from host networking and
        from the Compose network."""
        knowledge = self.resolver.knowledge
        index = self.resolver.context.index_of(svc)
        if index is None:
            return False
        for named, local in ((ep, other), (other, ep)):
            if host_kind(named.host.strip(), knowledge) != "name" \
                    or host_kind(local.host.strip(), knowledge) not in ("loopback", "host-gateway"):
                continue
            for target, _nets, _how in index.names.get(named.host.strip().lower(), []):
                if any(p.published == local.port and p.target == named.port and p.protocol == "tcp"
                       for p in target.ports):
                    return True
        return False

    def _open_judged(self) -> EvidenceCache:
        runs = self.runs
        world = world_key(self.root, self.cache, self.services, runs.modules_of) \
            if self.cache.enabled and not self.overrides else None
        return EvidenceCache(self.cache, world)

    def worker_answers(self, rel: str, result: FileResult) -> list:
        """In a worker process (forked with the layout and the runs): the judgements of a
        file's candidates, services by their index in ``runs.services``."""
        runs = self.runs
        runners = runs.runners(rel)
        out = []
        for i, ep in enumerate(result.endpoints):
            here = [s for s in runners if runs.runs_line(s, rel, ep.span.line)]
            if here and not self.overrides and may_report(self.resolver, ep, here):
                out.append((i, encode_answer(self.judge.judge(rel, ep, here), lambda s: self._index[id(s)])))
        return out

    def gather(self, order: Iterable[str]) -> tuple[list[Finding], list[FileError], list[Endpoint],
                                                    set[Connect], dict[str, str]]:
        """(findings, errors, endpoints, connects, source texts) of the files in ``order``
        (discovery order: results arrive in whatever order the workers finish)."""
        findings: list[Finding] = []
        errors: list[FileError] = []
        endpoints: list[Endpoint] = []
        connects: set[Connect] = set()
        sources: dict[str, str] = {}
        for rel in order:
            got = self.outcome.get(rel)
            if got is None:
                continue
            findings.extend(got.findings)
            errors.extend(got.errors)
            endpoints.extend(got.endpoints)
            connects.update(got.connects)
            if got.text is not None:
                sources[rel] = got.text
        return findings, errors, endpoints, connects, sources

    def save(self) -> None:
        if self._judged is not None:
            self._judged.save()


# host kinds whose verdict can hang on a port the evidence search may find elsewhere
# (``f"http://{host}:{port}"``): their endpoints are always searched when they carry none
_PORT_SENSITIVE = frozenset({"loopback", "unspecified", "ipv4", "ipv6"})


def concerns(finding: Finding, svc: Service) -> bool:
    """Whether ``finding`` is about ``svc``'s container: it names the service, or names none
    (a container from a Dockerfile no Compose service builds has no service name)."""
    return svc.name in finding.services or (not finding.services and svc.implicit)


def finding_evidence(finding: Finding, services: Sequence[Service], evidence: dict[int, Evidence]) -> Evidence | None:
    """The evidence (by ``id`` of a service, ``evidence``) ``finding`` shows: of a container the
    verdict holds for (``Finding.runners``) first, else of one of ``services`` it concerns.
    Containers of Dockerfiles no Compose service builds have no name, so ``concerns`` holds for
    each of them, and the evidence of one that runs the file but gets no finding (it serves the
    address itself) would name another container's start command."""
    return next((evidence[id(s)] for s in finding.runners if id(s) in evidence), None) or \
        next((evidence[id(s)] for s in services if concerns(finding, s) and id(s) in evidence), None)


def may_report(resolver, ep: Endpoint, services) -> bool:
    """Whether some outcome of the evidence search could make ``ep`` a finding.

    The search can only narrow the services, turn a bind into a connect (or back), add
    fallback variables (which only silence) and supply a missing port.  So when neither
    role gives a verdict for any service, the port is already known or cannot matter, and
    the host is no bare name (a service's dialled address also feeds DW109),
    the search (the costliest step of a run) is skipped: nothing it finds changes the
    result.  ``example.com`` in a docstring never needs following."""
    if ep.role not in ("connect", "bind"):
        return True
    kind = host_kind(ep.host.strip(), resolver.knowledge)
    if kind == "name":
        return True  # a service's name: its dialled (host, port) also feeds DW109's check
    if (ep.port is None or ep.port_source == "scheme") and kind in _PORT_SENSITIVE:
        return True
    for role in ("connect", "bind"):
        variant = ep if ep.role == role else replace(ep, role=role)
        if any(resolver.verdict(variant, svc) is not None for svc in services):
            return True
    return False


def _source_text(path: Path, overrides: dict[Path, str]) -> str | None:
    hit = overrides.get(path.absolute())
    if hit is not None:
        return hit
    try:
        return read_text(path)
    except SourceError:
        return None


def _binds_where_it_runs(knowledge: Any, context: str) -> bool:
    """A default bind whose call binds wherever its line runs (``debugpy.listen(5678)`` at a
    module's top level, imported by the server), not only in a file the start command runs as
    its program (``app.run()`` under ``if __name__ == "__main__":``): ``rules/clients.yaml``
    ``default_needs_entry`` false."""
    name = context[len("default:"):] if context.startswith("default:") else None
    return name is not None and any(c.default_host and not c.default_needs_entry
                                    for c in calls_for(python_tables(knowledge), name))
