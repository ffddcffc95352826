"""Each rule's check, called directly on a small layout loaded from Compose text in memory.

In the shape of Fixit's rules that carry their own VALID and INVALID examples: every rule
code has at least one example it flags and one it leaves alone.  An example is a Compose
file (and, where needed, a Dockerfile), the service whose container runs the target, and
the target as the extractors hand it over (an ``Endpoint``).  Each example runs through the
rule's own module (``dockwise/checks/dwNNN.py``) and through the resolver's dispatcher, which
must pick that same check.  No files, no subprocess: the whole module runs in milliseconds.
The end-to-end examples (files on disk, the whole engine) are in ``rules/codes/*.yaml``,
run by ``tests/test_rule_entries.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from dockwise.checks import dw101, dw102, dw103, dw104, dw105, dw106, dw107, dw108, dw109, dw201, dw202
from dockwise.checks.context import Context, ProjectIndex
from dockwise.checks.verdict import Verdict
from dockwise.extract.hostkind import host_kind
from dockwise.knowledge import default_knowledge, rules_dir
from dockwise.layout.build import load_layout
from dockwise.layout.model import Layout, Service
from dockwise.model import Endpoint, Span
from dockwise.resolve import Resolver

KNOWLEDGE = default_knowledge()
ROOT = Path("/in-memory")  # never read: the loader gets the files from the test


def layout(files: dict[str, str]) -> Layout:
    """The layout of a project made of ``files`` (path -> text), read from memory."""
    def read(path: Path) -> bytes:
        rel = path.relative_to(ROOT).as_posix()
        if rel not in files:
            raise FileNotFoundError(rel)
        return files[rel].encode("utf-8")

    listing: dict[str, list[str]] = {}
    for rel in files:
        folder, _, name = rel.rpartition("/")
        listing.setdefault(folder, []).append(name)
    loaded = load_layout(ROOT, KNOWLEDGE, read_file=read, listing=listing)
    assert loaded.errors == (), loaded.errors
    return loaded


@dataclass(frozen=True)
class Place:
    """A service of a layout, with what the dispatcher knows about it before asking a check."""

    ctx: Context
    svc: Service
    index: ProjectIndex | None
    mode: str  # effective network mode ("" for user-defined networks)


def place(files: dict[str, str], service: str) -> Place:
    ctx = Context(layout(files), KNOWLEDGE)
    svc = next(s for p in ctx.layout.projects for s in p.services if s.name == service)
    index = ctx.index_of(svc)
    return Place(ctx, svc, index, ctx.effective_mode(index, svc))


def target(host: str, port: int | None = None, *, text: str = "", role: str = "connect",
           context: str = "url", port_source: str = "explicit") -> Endpoint:
    """A target as an extractor reports it, written on line 1 of ``app/main.py``."""
    return Endpoint(Span("app/main.py", 1, 1, 1, 1 + len(host)), host, port,
                    port_source if port is not None else None, context=context, role=role, text=text)


def kind(ep: Endpoint) -> str:
    return host_kind(ep.host, KNOWLEDGE)


def suggestion(v: Verdict) -> str | None:
    s = v.suggestion
    if s is None:
        return None
    return f"{s.host}:{s.port}" if s.port is not None else s.host


# Each rule's check with the arguments the dispatcher (dockwise.resolve) gives it.
CHECKS: dict[str, Callable[[Place, Endpoint], Verdict | None]] = {
    "DW101": lambda at, ep: dw101.check(at.ctx, ep, at.svc, at.index, at.mode, kind(ep)),
    "DW102": lambda at, ep: dw102.check(at.ctx, ep, at.svc, at.index, ep.host),
    # the dispatcher reaches dw103 through dw104, once the name resolves to ``target``
    "DW103": lambda at, ep: dw103.check(ep, at.index.services[ep.host], ep.host),
    "DW104": lambda at, ep: dw104.check(at.ctx, ep, at.svc, at.index, ep.host, at.mode),
    # ... and dw105 through dw104, once the name resolves to nothing
    "DW105": lambda at, ep: dw105.check(ep, at.svc, at.index, ep.host.lower()),
    "DW106": lambda at, ep: dw106.check(at.ctx, at.svc, at.index, ep.host, at.mode),
    # the dispatcher asks dw107 only about the aliases rules/hosts.yaml lists as deprecated
    "DW107": lambda at, ep: (dw107.check(at.ctx, at.svc, ep.host, at.mode)
                             if kind(ep) == "deprecated-alias" else None),
    "DW108": lambda at, ep: dw108.check(ep, at.svc, ep.host, kind(ep)),
    "DW201": lambda at, ep: dw201.check(at.ctx, ep, at.svc, ep.host, kind(ep), at.mode, True),
    "DW202": lambda at, ep: dw202.check(at.ctx, ep, at.svc, ep.host),
}


@dataclass(frozen=True)
class Example:
    files: dict[str, str]  # compose.yaml (and Dockerfiles)
    service: str  # whose container runs the target
    target: Endpoint
    verdict: tuple[str, str | None] | None = None  # (code, suggestion) when flagged
    why: str = ""


def compose(services: str, networks: str = "") -> dict[str, str]:
    return {"compose.yaml": "services:\n" + services + networks}


API = "  api:\n    image: python:3.12\n"
REDIS = "  redis:\n    image: redis:7\n"  # listens on 6379 (rules/images.yaml)
DB = "  db:\n    image: postgres:16\n"  # listens on 5432
TWO_NETWORKS = (compose("  api:\n    image: python:3.12\n    networks: [front]\n"
                        "  db:\n    image: postgres:16\n    networks: [back]\n",
                        "networks:\n  front: {}\n  back: {}\n"))
FIXED_IP = compose(API + "    networks: [app]\n" + REDIS + "    networks:\n      app:\n        ipv4_address: 172.28.0.5\n",
                   "networks:\n  app:\n    ipam:\n      config:\n        - subnet: 172.28.0.0/16\n")
ALPINE_API = {
    "compose.yaml": "services:\n  api:\n    build: ./api\n    ports: [\"8000:8000\"]\n",
    "api/Dockerfile": "FROM python:3.12-alpine\nWORKDIR /app\nCOPY . .\n"
                      "CMD [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\"]\n",
}

# code -> (INVALID examples, VALID examples)
EXAMPLES: dict[str, tuple[list[Example], list[Example]]] = {
    "DW101": (
        [
            Example(compose(API + REDIS), "api", target("localhost", 6379), ("DW101", "redis:6379"),
                    "the one service listening on 6379 shares the default network"),
            Example(compose(API + REDIS), "api", target("127.0.0.1", 9999), ("DW101", "host.docker.internal:9999"),
                    "nobody in the layout listens on 9999: a server on the Docker host"),
            Example(compose(API + REDIS), "api", target("localhost"), ("DW101", None),
                    "no port in the code, and the container serves none: not its own server"),
            Example(TWO_NETWORKS, "api", target("localhost", 5432), ("DW104", None),
                    "the only listener shares no network: handed to DW104"),
        ],
        [
            Example(compose(API + "    ports: [\"8000:8000\"]\n" + REDIS), "api", target("localhost", 8000),
                    why="the container itself listens on 8000"),
            Example(compose(API + "    network_mode: service:redis\n" + REDIS), "api", target("localhost", 6379),
                    why="a sidecar sharing redis's network stack"),
            Example(compose(API + "    expose: [\"8080\"]\n" + REDIS), "api", target("localhost"),
                    why="no port in the code (f\"http://localhost:{settings.port}\") and the container serves "
                        "one: the address may be its own server"),
        ],
    ),
    "DW102": (
        [
            Example(FIXED_IP, "api", target("172.28.0.5", 6379), ("DW102", "redis:6379"),
                    "redis's fixed address: use its name"),
            Example(compose(API), "api", target("172.17.0.1", 5000), ("DW102", "host.docker.internal:5000"),
                    "the default bridge's gateway is the Docker host"),
        ],
        [
            Example(compose(API + REDIS), "api", target("93.184.216.34", 443), why="a public address"),
        ],
    ),
    "DW103": (
        [
            Example(compose(API + DB + "    ports: [\"15432:5432\"]\n"), "api", target("db", 15432), ("DW103", "db:5432"),
                    "the published port, inside the network"),
        ],
        [
            Example(compose(API + DB + "    ports: [\"15432:5432\"]\n"), "api", target("db", 5432),
                    why="the container port"),
        ],
    ),
    "DW104": (
        [
            Example(TWO_NETWORKS, "api", target("db", 5432), ("DW104", None), "no network in common"),
            Example(compose(API + "    network_mode: host\n" + DB), "api", target("db", 5432), ("DW104", None),
                    "service names do not resolve on the host's network"),
        ],
        [
            Example(compose(API + DB), "api", target("db", 5432), why="both on the default network"),
            Example(compose(API + "    links: [\"legacy:cache\"]\n"), "api", target("cache", 6379),
                    why="a link alias the layout does not declare otherwise"),
        ],
    ),
    "DW105": (
        [
            Example(compose(API + "  postgres:\n    image: postgres:16\n"), "api", target("postgress", 5432),
                    ("DW105", "postgres"), "one typo from a service"),
        ],
        [
            Example(compose(API + "  postgres:\n    image: postgres:16\n"), "api", target("billing", 8080),
                    why="far from every name in the layout"),
        ],
    ),
    "DW106": (
        [
            Example(compose(API), "api", target("host.docker.internal", 8080), ("DW106", None),
                    "no extra_hosts entry for Linux engines"),
        ],
        [
            Example(compose(API + "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n"), "api",
                    target("host.docker.internal", 8080), why="the entry is there"),
        ],
    ),
    "DW107": (
        [
            Example(compose(API), "api", target("docker.for.mac.localhost", 8080),
                    ("DW107", "host.docker.internal"), "a deprecated Docker Desktop alias"),
        ],
        [
            Example(compose(API + "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n"), "api",
                    target("host.docker.internal", 8080), why="the current alias"),
        ],
    ),
    "DW108": (
        [
            Example(compose(API + "    network_mode: none\n" + REDIS), "api", target("redis", 6379), ("DW108", None),
                    "no network at all"),
        ],
        [
            Example(compose(API + "    network_mode: none\n"), "api", target("localhost", 8000),
                    why="its own loopback is still there"),
        ],
    ),
    "DW201": (
        [
            Example(compose(API + "    ports: [\"8000:8000\"]\n"), "api", target("127.0.0.1", 8000, role="bind"),
                    ("DW201", "0.0.0.0"), "a written loopback bind"),
            Example(compose(API + "    ports: [\"5000:5000\"]\n"), "api",
                    target("127.0.0.1", 5000, role="bind-default", text="flask run", port_source="scheme"),
                    ("DW201", "0.0.0.0"), "a loopback default on a published port"),
        ],
        [
            Example(compose(API + "    ports: [\"8000:8000\"]\n"), "api", target("0.0.0.0", 8000, role="bind"),
                    why="every interface"),
            Example(compose(API), "api",
                    target("127.0.0.1", 5000, role="bind-default", text="flask run", port_source="scheme"),
                    why="nothing publishes, exposes or dials it"),
        ],
    ),
    "DW202": (
        [
            Example(ALPINE_API, "api", target("localhost", 8000, role="healthcheck", context="healthcheck:wget"),
                    ("DW202", "127.0.0.1:8000"), "busybox wget tries ::1 first; uvicorn listens on IPv4 only"),
        ],
        [
            Example(ALPINE_API, "api", target("127.0.0.1", 8000, role="healthcheck", context="healthcheck:wget"),
                    why="the IPv4 address"),
            Example(ALPINE_API, "api", target("localhost", 8000, role="healthcheck", context="healthcheck:curl"),
                    why="curl tries both addresses"),
        ],
    ),
}


def _params(which: int) -> list:
    return [pytest.param(code, example, id=f"{code}-{'invalid' if which == 0 else 'valid'}{i}")
            for code, pair in EXAMPLES.items() for i, example in enumerate(pair[which])]


@pytest.mark.parametrize("code,example", _params(0))
def test_invalid_example_is_flagged(code: str, example: Example) -> None:
    at = place(example.files, example.service)
    verdict = CHECKS[code](at, example.target)
    assert verdict is not None, f"{code}: {example.why}"
    assert (verdict.code, suggestion(verdict)) == example.verdict, example.why
    # the dispatcher picks this check: the same verdict
    assert Resolver(at.ctx.layout, KNOWLEDGE).verdict(example.target, at.svc) == verdict


@pytest.mark.parametrize("code,example", _params(1))
def test_valid_example_is_left_alone(code: str, example: Example) -> None:
    at = place(example.files, example.service)
    assert CHECKS[code](at, example.target) is None, example.why
    assert Resolver(at.ctx.layout, KNOWLEDGE).verdict(example.target, at.svc) is None


# --------------------------------------------------------------------------- messages


def test_dw101_message_names_the_listener_and_the_fix() -> None:
    at = place(compose(API + REDIS), "api")
    v = CHECKS["DW101"](at, target("localhost", 6379, text="redis://localhost:6379/0"))
    assert v == Verdict(
        "DW101",
        "`redis://localhost:6379/0` inside the `api` container reaches the container itself, not another "
        "service or the host; the `redis` service listens on 6379: use `redis:6379`.",
        v.suggestion,
    )


def test_dw101_host_fallback_needs_the_gateway_entry() -> None:
    at = place(compose(API), "api")
    assert CHECKS["DW101"](at, target("localhost", 9999)).needs_gateway
    at = place(compose(API + "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n"), "api")
    assert not CHECKS["DW101"](at, target("localhost", 9999)).needs_gateway


def test_dw101_a_listener_behind_a_profile_is_a_tentative_suggestion() -> None:
    """The one service listening on the port starts only with a profile the dialling service
    does not have: the suggestion stands, says so, and its fix is unsafe."""
    at = place(compose(API + "  ollama:\n    image: ollama/ollama\n    expose: [\"11434\"]\n"
                             "    profiles: [with-ollama]\n"), "api")
    v = CHECKS["DW101"](at, target("localhost", 11434))
    assert suggestion(v) == "ollama:11434" and v.suggestion.tentative
    assert "started only with the Compose profile `with-ollama`" in v.message
    at = place(compose(API + REDIS), "api")
    assert not CHECKS["DW101"](at, target("localhost", 6379)).suggestion.tentative


def test_dw104_message_says_why_the_name_does_not_resolve() -> None:
    at = place(TWO_NETWORKS, "api")
    v = CHECKS["DW104"](at, target("db", 5432, text="db:5432"))
    assert v.message == ("`db:5432` names the `db` service, but the `api` container shares no network with it: "
                         "the name does not resolve there. Attach both services to a common network.")


def test_resolver_names_every_service_lacking_the_gateway_entry() -> None:
    """Services grouped under one verdict may differ in their extra_hosts."""
    files = compose(API + "  worker:\n    image: python:3.12\n"
                    "  beat:\n    image: python:3.12\n    extra_hosts: [\"host.docker.internal:host-gateway\"]\n")
    resolver = Resolver(layout(files), KNOWLEDGE)
    runners = [s for s in resolver.context.layout.projects[0].services]
    (finding,) = resolver.resolve(target("localhost", 9999), runners)
    assert finding.services == ("api", "beat", "worker")
    assert finding.message.endswith(" The `api`, `worker` services also need "
                                    "`extra_hosts: [\"host.docker.internal:host-gateway\"]` (required on Linux engines).")


# --------------------------------------------------------------------------- DW109 (cross-file)

KAFKA = compose("  orders:\n    image: python:3.12\n  kafka:\n    image: bitnami/kafka:3.7\n")


def advertised(host: str) -> Endpoint:
    return Endpoint(Span("compose.yaml", 6, 1, 6, 1 + len(host)), host, 9092, "explicit",
                    context="env:KAFKA_CFG_ADVERTISED_LISTENERS", role="advertised-listener",
                    services=("kafka",), project="")


def test_dw109_invalid_loopback_advertised_on_the_bootstrap_port() -> None:
    ctx = Context(layout(KAFKA), KNOWLEDGE)
    ((ep, verdict, broker),) = dw109.check(ctx, [advertised("localhost")], [("", "kafka", 9092, "orders")])
    assert (verdict.code, suggestion(verdict), broker) == ("DW109", "kafka:9092", "kafka")
    (finding,) = Resolver(ctx.layout, KNOWLEDGE).advertised_listener_findings([ep], [("", "kafka", 9092, "orders")])
    assert (finding.code, finding.message, finding.services) == ("DW109", verdict.message, ("kafka",))


@pytest.mark.parametrize("host,connects", [
    pytest.param("kafka", [("", "kafka", 9092, "orders")], id="advertises-its-service-name"),
    pytest.param("localhost", [], id="nobody-bootstraps-from-it"),
    pytest.param("localhost", [("", "kafka", 9093, "orders")], id="another-port"),
    pytest.param("localhost", [("", "kafka", 9092, "kafka")], id="only-the-broker-itself-bootstraps-from-it"),
])
def test_dw109_valid(host: str, connects: list[dw109.Connect]) -> None:
    ctx = Context(layout(KAFKA), KNOWLEDGE)
    assert list(dw109.check(ctx, [advertised(host)], connects)) == []


# --------------------------------------------------------------------------- the catalogue


def test_every_rule_has_a_check_module_and_examples_here() -> None:
    """A newcomer finds rule DWnnn in ``rules/codes/DWnnn.yaml`` and ``dockwise/checks/dwnnn.py``."""
    codes = {p.stem for p in (rules_dir() / "codes").glob("DW*.yaml")}
    modules = {p.stem.upper() for p in Path(dw101.__file__).parent.glob("dw*.py")}
    assert modules == codes
    assert set(EXAMPLES) | {"DW109"} == codes
    for code, (invalid, valid) in EXAMPLES.items():
        assert invalid and valid, code
        assert any(e.verdict and e.verdict[0] == code for e in invalid), f"{code}: no example flags {code} itself"


def test_a_tentative_suggestion_makes_the_fix_unsafe() -> None:
    from dockwise.fix.plan import _unsafe
    from dockwise.model import Finding, Suggestion

    ep = target("localhost", 11434)
    sure = Finding("DW101", "error", ep.span, "m", ("api",), suggestion=Suggestion("ollama", 11434), endpoint=ep)
    tentative = Finding("DW101", "error", ep.span, "m", ("api",),
                        suggestion=Suggestion("ollama", 11434, tentative=True), endpoint=ep)
    assert not _unsafe(sure, ep, "compose.yaml") and _unsafe(tentative, ep, "compose.yaml")
