"""Connect targets and bind addresses in Compose values, env files and Dockerfiles."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dockwise.extract.layout_env import env_endpoints
from dockwise.extract.layout_values import extract_layout_values
from dockwise.extract.masking import mask_expansions
from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout
from dockwise.layout.model import Command, EnvVar, Layout, Project, Service
from dockwise.layout.shell import split_plain
from dockwise.model import HOLE, Span, Text
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def knowledge():
    return default_knowledge()


# --------------------------------------------------------------------------- helpers


class Src:
    """A source file written in the test; builds located values from it."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.split("\n")

    def col(self, line: int, value: str, nth: int = 0) -> int:
        text = self.lines[line - 1]
        index = -1
        for _ in range(nth + 1):
            index = text.index(value, index + 1)
        return index + 1

    def text(self, line: int, value: str) -> Text:
        return Text.verbatim(value, self.path, line, self.col(line, value))

    def env(self, line: int, name: str, value: str, origin: str = "environment") -> EnvVar:
        col = self.col(line, name)
        return EnvVar(name, self.text(line, value), origin, Span(self.path, line, col, line, col + len(name)))

    def tokens(self, line: int, value: str) -> tuple[Text, ...]:
        return split_plain(value, self.path, line, self.col(line, value))

    def command(self, line: int, value: str, origin: str = "compose") -> Command:
        col = self.col(line, value)
        return Command(self.tokens(line, value), shell=True, origin=origin,
                       span=Span(self.path, line, col, line, col + len(value)))

    def list_command(self, line: int, words: list[str], origin: str = "compose") -> Command:
        toks = []
        start = 0
        for w in words:
            c = self.lines[line - 1].index(w, start)
            toks.append(Text.verbatim(w, self.path, line, c + 1))
            start = c + len(w)
        return Command(tuple(toks), shell=False, origin=origin, span=Span(self.path, line, 1, line, len(self.lines[line - 1]) + 1))

    def at(self, span: Span) -> str:
        assert span.path == self.path and span.line == span.end_line
        return self.lines[span.line - 1][span.column - 1 : span.end_column - 1]


def layout_of(*services: Service, project_dir: str = "", containers: tuple[Service, ...] = ()) -> Layout:
    return Layout(root="/nowhere", projects=(Project(project_dir, ("compose.yaml",), "p", services=services),),
                  containers=containers)


# --------------------------------------------------------------------------- environment


COMPOSE_ENV = """services:
  web:
    build: .
    environment:
      DATABASE_URL: postgresql://app:secret@localhost:5432/app
      FRONTEND_URL: http://localhost:3000
      OAUTH_REDIRECT_URI: http://localhost:8000/accounts/callback/
      INTERNAL_IPS: 127.0.0.1
      POSTGRES_HOST: db
      LOG_LEVEL: info
      UVICORN_HOST: 127.0.0.1
      NOTE: see http://localhost:9000/docs for details
      CACHE_SERVERS: localhost:11211,cache2:11211
      SQLITE_URL: sqlite:////data/db.sqlite3
"""


def test_environment_map_values(knowledge):
    src = Src("compose.yaml", COMPOSE_ENV)
    env = (
        src.env(5, "DATABASE_URL", "postgresql://app:secret@localhost:5432/app"),
        src.env(6, "FRONTEND_URL", "http://localhost:3000"),
        src.env(7, "OAUTH_REDIRECT_URI", "http://localhost:8000/accounts/callback/"),
        src.env(8, "INTERNAL_IPS", "127.0.0.1"),
        src.env(9, "POSTGRES_HOST", "db"),
        src.env(10, "LOG_LEVEL", "info"),
        src.env(11, "UVICORN_HOST", "127.0.0.1"),
        src.env(12, "NOTE", "see http://localhost:9000/docs for details"),
        src.env(13, "CACHE_SERVERS", "localhost:11211,cache2:11211"),
        src.env(14, "SQLITE_URL", "sqlite:////data/db.sqlite3"),
    )
    eps = extract_layout_values(layout_of(Service("web", "", environment=env)), knowledge)
    got = [(ep.context, ep.host, ep.port, ep.role, ep.span.line) for ep in eps]
    assert got == [
        ("env:DATABASE_URL", "localhost", 5432, "connect", 5),
        ("env:POSTGRES_HOST", "db", 5432, "connect", 9),
        ("env:UVICORN_HOST", "127.0.0.1", None, "bind", 11),
        ("env:NOTE", "localhost", 9000, "connect", 12),
        ("env:CACHE_SERVERS", "localhost", 11211, "connect", 13),
        ("env:CACHE_SERVERS", "cache2", 11211, "connect", 13),
    ]
    for ep in eps:
        assert src.at(ep.span) == ep.host
        assert ep.services == ("web",)
        assert ep.project == ""
    db_url = eps[0]
    assert db_url.scheme == "postgresql" and db_url.port_source == "explicit"
    assert src.at(db_url.port_span) == "5432"
    assert "secret" not in db_url.text
    pg_host = eps[1]
    assert pg_host.port_source == "scheme" and pg_host.scheme in ("postgres", "postgresql")


def test_environment_list_form(knowledge):
    text = """services:
  web:
    environment:
      - APP_DEBUG=1
      - PAYMENTS_API_URL=http://docker.for.mac.localhost:12111
"""
    src = Src("compose.yaml", text)
    env = (src.env(4, "APP_DEBUG", "1"), src.env(5, "PAYMENTS_API_URL", "http://docker.for.mac.localhost:12111"))
    eps = extract_layout_values(layout_of(Service("web", "", environment=env)), knowledge)
    assert [(ep.host, ep.port, ep.span.line) for ep in eps] == [("docker.for.mac.localhost", 12111, 5)]
    assert src.at(eps[0].span) == "docker.for.mac.localhost"
    assert eps[0].span.column == 33


def test_target_names_need_an_address_shaped_value(knowledge):
    text = """x
  DATABASE: app
  ES_CLUSTER: docker-cluster
  DB_HOST: db
  DATABASE_URL: db:5432
  BROKER_URLS: amqp://localhost//;amqp://rabbit2//
  SERVERS: not a host list
  HTTP_HOST: 127.0.0.1
"""
    src = Src("compose.yaml", text)
    env = (
        src.env(2, "DATABASE", "app"),
        src.env(3, "ES_CLUSTER", "docker-cluster"),
        src.env(4, "DB_HOST", "db"),
        src.env(5, "DATABASE_URL", "db:5432"),
        src.env(6, "BROKER_URLS", "amqp://localhost//;amqp://rabbit2//"),
        src.env(7, "SERVERS", "not a host list"),
        src.env(8, "HTTP_HOST", "127.0.0.1"),
    )
    eps = extract_layout_values(layout_of(Service("api", "", environment=env)), knowledge)
    got = [(ep.context, ep.host, ep.port, ep.role) for ep in eps]
    assert got == [
        ("env:DB_HOST", "db", None, "connect"),
        ("env:DATABASE_URL", "db", 5432, "connect"),
        ("env:BROKER_URLS", "localhost", 5672, "connect"),
        ("env:BROKER_URLS", "rabbit2", 5672, "connect"),
        ("env:HTTP_HOST", "127.0.0.1", None, "bind"),  # a bind takes no scheme default port
    ]
    for ep in eps:
        assert src.at(ep.span) == ep.host


def test_sibling_port_variable(knowledge):
    text = "x\n  REDIS_HOST: localhost\n  REDIS_PORT: 6380\n"
    src = Src("compose.yaml", text)
    env = (src.env(2, "REDIS_HOST", "localhost"), src.env(3, "REDIS_PORT", "6380"))
    eps = extract_layout_values(layout_of(Service("api", "", environment=env)), knowledge)
    assert len(eps) == 1
    assert eps[0].port == 6380 and eps[0].port_source == "argument"
    assert src.at(eps[0].port_span) == "6380"


def test_only_the_effective_value_is_judged(knowledge):
    base = Src("compose.yaml", "x\n  REDIS_URL: redis://localhost:6379\n")
    over = Src("compose.override.yaml", "x\n  REDIS_URL: redis://redis:6379\n")
    env = (base.env(2, "REDIS_URL", "redis://localhost:6379"), over.env(2, "REDIS_URL", "redis://redis:6379"))
    eps = extract_layout_values(layout_of(Service("api", "", environment=env)), knowledge)
    assert [(ep.host, ep.span.path) for ep in eps] == [("redis", "compose.override.yaml")]


def test_value_from_dot_env_points_at_the_env_line(knowledge):
    dotenv = Src(".env", "POSTGRES_PASSWORD=x\nCACHE_URL=redis://localhost:6379/1\n")
    compose = Src("compose.yaml", "x\n      CACHE_URL: ${CACHE_URL}\n")
    col = compose.col(2, "CACHE_URL")
    var = EnvVar("CACHE_URL", dotenv.text(2, "redis://localhost:6379/1"), "environment",
                 Span("compose.yaml", 2, col, 2, col + 9))
    eps = extract_layout_values(layout_of(Service("api", "", environment=(var,))), knowledge)
    assert len(eps) == 1
    assert eps[0].span.path == ".env" and dotenv.at(eps[0].span) == "localhost"


def test_unlocatable_host_is_skipped(knowledge):
    var = EnvVar("REDIS_URL", Text("redis://localhost:6379"))  # no pieces: no position
    assert extract_layout_values(layout_of(Service("api", "", environment=(var,))), knowledge) == ()


def test_holes_are_not_hosts(knowledge):
    src = Src("compose.yaml", "x\n  REDIS_URL: redis://\x00:6379\n")
    env = (EnvVar("REDIS_URL", src.text(2, "redis://\x00:6379")),)
    assert extract_layout_values(layout_of(Service("api", "", environment=env)), knowledge) == ()


def test_anchor_shared_by_two_services_gives_one_endpoint(knowledge):
    text = """x-app-env: &app-env
  DATABASE_URL: postgresql://app:app@db:5432/app
  REDIS_URL: redis://localhost:6379/0
"""
    src = Src("compose.yaml", text)
    env = (src.env(2, "DATABASE_URL", "postgresql://app:app@db:5432/app"), src.env(3, "REDIS_URL", "redis://localhost:6379/0"))
    eps = extract_layout_values(
        layout_of(Service("worker", "", environment=env), Service("web", "", environment=env), Service("redis", "")),
        knowledge,
    )
    assert [(ep.host, ep.services) for ep in eps] == [("db", ("web", "worker")), ("localhost", ("web", "worker"))]
    assert src.at(eps[1].span) == "localhost" and eps[1].span.line == 3


def test_dockerfile_env_and_masking(knowledge):
    src = Src("api/Dockerfile", "FROM python\nENV REDIS_URL=redis://localhost:6379/0 API_URL=http://$API_HOST:8000\n")
    env = (
        EnvVar("REDIS_URL", src.text(2, "redis://localhost:6379/0"), "dockerfile"),
        EnvVar("API_URL", src.text(2, "http://$API_HOST:8000"), "dockerfile"),
    )
    eps = extract_layout_values(layout_of(Service("api", "", environment=env, dockerfile="api/Dockerfile")), knowledge)
    assert [(ep.context, ep.host) for ep in eps] == [("dockerfile-env:REDIS_URL", "localhost")]
    assert src.at(eps[0].span) == "localhost"


def test_implicit_container_uses_its_own_project(knowledge):
    src = Src("svc/Dockerfile", "FROM python\nENV REDIS_URL=redis://localhost:6379/0\n")
    svc = Service("svc", "svc", implicit=True, environment=(EnvVar("REDIS_URL", src.text(2, "redis://localhost:6379/0"), "dockerfile"),))
    eps = extract_layout_values(Layout(root="/x", containers=(svc,)), knowledge)
    assert [(ep.host, ep.services, ep.project) for ep in eps] == [("localhost", ("svc",), "svc")]


def test_kafka_advertised_listeners(knowledge):
    text = "x\n      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092,INTERNAL://kafka:29092\n"
    src = Src("compose.yaml", text)
    value = "PLAINTEXT://localhost:9092,INTERNAL://kafka:29092"
    for name in ("KAFKA_ADVERTISED_LISTENERS", "KAFKA_CFG_ADVERTISED_LISTENERS"):
        env = (EnvVar(name, src.text(2, value)),)
        eps = extract_layout_values(layout_of(Service("kafka", "", environment=env)), knowledge)
        assert [(ep.host, ep.port, ep.role, ep.context) for ep in eps] == [
            ("localhost", 9092, "advertised-listener", "kafka-advertised"),
            ("kafka", 29092, "advertised-listener", "kafka-advertised"),
        ]
        assert [src.at(ep.span) for ep in eps] == ["localhost", "kafka"]
        assert [src.at(ep.port_span) for ep in eps] == ["9092", "29092"]


def test_env_endpoints_direct(knowledge):
    src = Src("a.env", "BROKER_URL=amqp://localhost\n")
    eps = env_endpoints("BROKER_URL", src.text(1, "amqp://localhost"), knowledge, services=("w",), project="p")
    assert [(ep.host, ep.port, ep.port_source, ep.services, ep.project) for ep in eps] == [
        ("localhost", 5672, "scheme", ("w",), "p")
    ]
    assert env_endpoints("X", None, knowledge) == []
    assert env_endpoints(None, src.text(1, "amqp://localhost"), knowledge) == []  # type: ignore[arg-type]


def test_mask_expansions_keeps_positions():
    src = Src("f", "run http://${HOST}:80/$PATH x $(id) $$ end\n")
    masked = mask_expansions(src.text(1, "run http://${HOST}:80/$PATH x $(id) $$ end"))
    assert masked.value == f"run http://{HOLE}:80/{HOLE} x {HOLE} $ end"
    i = masked.value.index(":80")
    assert src.at(masked.span(i + 1, i + 3)) == "80"


# --------------------------------------------------------------------------- commands


def test_command_urls_are_connect_targets(knowledge):
    text = "services:\n  flower:\n    command: celery --broker=redis://redis:6379/0 flower --port=5555\n"
    src = Src("compose.yaml", text)
    cmd = src.command(3, "celery --broker=redis://redis:6379/0 flower --port=5555")
    eps = extract_layout_values(layout_of(Service("flower", "", command=cmd, compose_command=cmd)), knowledge)
    urls = [ep for ep in eps if ep.role == "connect"]
    assert [(ep.host, ep.port, ep.context, ep.scheme) for ep in urls] == [("redis", 6379, "command", "redis")]
    assert src.at(urls[0].span) == "redis" and urls[0].span.column == 38


def test_entrypoint_and_sh_c_scripts(knowledge):
    text = 'x\n    entrypoint: ["sh", "-c", "wait-for tcp://localhost:5432 && exec python app.py --api http://$$API:80"]\n'
    src = Src("compose.yaml", text)
    cmd = src.list_command(2, ["sh", "-c", "wait-for tcp://localhost:5432 && exec python app.py --api http://$$API:80"])
    eps = extract_layout_values(layout_of(Service("app", "", command=cmd, compose_entrypoint=cmd)), knowledge)
    urls = [ep for ep in eps if ep.role == "connect"]
    assert [(ep.host, ep.port, ep.context) for ep in urls] == [("localhost", 5432, "entrypoint")]
    assert src.at(urls[0].span) == "localhost"


def test_dockerfile_cmd_urls(knowledge):
    text = 'FROM python\nCMD ["python", "worker.py", "--broker", "amqp://guest@localhost//"]\n'
    src = Src("w/Dockerfile", text)
    cmd = src.list_command(2, ["python", "worker.py", "--broker", "amqp://guest@localhost//"], origin="dockerfile")
    eps = extract_layout_values(layout_of(Service("w", "", command=cmd, dockerfile="w/Dockerfile")), knowledge)
    assert [(ep.host, ep.port, ep.context) for ep in eps] == [("localhost", 5672, "dockerfile-cmd")]
    assert src.at(eps[0].span) == "localhost"


def test_uvicorn_host_loopback_is_bind(knowledge):
    text = "services:\n  api:\n    command: uvicorn main:app --host 127.0.0.1 --port 8000 --reload\n"
    src = Src("compose.yaml", text)
    cmd = src.command(3, "uvicorn main:app --host 127.0.0.1 --port 8000 --reload")
    eps = extract_layout_values(layout_of(Service("api", "", command=cmd, compose_command=cmd)), knowledge)
    binds = [ep for ep in eps if ep.role == "bind"]
    assert len(binds) == 1
    assert binds[0].host == "127.0.0.1" and src.at(binds[0].span) == "127.0.0.1"
    assert binds[0].span.line == 3 and binds[0].context == "command"


def test_gunicorn_bind_host_port(knowledge):
    text = "x\n    command: gunicorn --bind 127.0.0.1:8000 app:app\n"
    src = Src("compose.yaml", text)
    cmd = src.command(2, "gunicorn --bind 127.0.0.1:8000 app:app")
    eps = extract_layout_values(layout_of(Service("web", "", command=cmd, compose_command=cmd)), knowledge)
    binds = [ep for ep in eps if ep.role == "bind"]
    assert [(ep.host, src.at(ep.span)) for ep in binds] == [("127.0.0.1", "127.0.0.1")]


def test_server_without_host_option_is_bind_default(knowledge):
    text = 'FROM python\nCMD ["flask", "run", "--port", "5000"]\n'
    src = Src("web/Dockerfile", text)
    cmd = src.list_command(2, ["flask", "run", "--port", "5000"], origin="dockerfile")
    eps = extract_layout_values(layout_of(Service("web", "", command=cmd, dockerfile="web/Dockerfile")), knowledge)
    defaults = [ep for ep in eps if ep.role == "bind-default"]
    assert len(defaults) == 1
    ep = defaults[0]
    assert ep.span.path == "web/Dockerfile" and ep.span.line == 2
    assert ep.context == "dockerfile-cmd"
    assert ep.host in ("127.0.0.1", "localhost")


def test_server_on_all_interfaces_is_not_flagged_material(knowledge):
    text = "x\n    command: uvicorn app.main:app --host 0.0.0.0 --port 8000\n"
    src = Src("compose.yaml", text)
    cmd = src.command(2, "uvicorn app.main:app --host 0.0.0.0 --port 8000")
    eps = extract_layout_values(layout_of(Service("api", "", command=cmd, compose_command=cmd)), knowledge)
    assert all(ep.role != "bind-default" for ep in eps)
    assert all(ep.host == "0.0.0.0" for ep in eps if ep.role == "bind")


def test_overridden_dockerfile_cmd_does_not_run(knowledge):
    # the loader puts the effective command in Service.command: Compose's command wins
    compose = Src("compose.yaml", "x\n    command: gunicorn -b 0.0.0.0:8000 app:app\n")
    cmd = compose.command(2, "gunicorn -b 0.0.0.0:8000 app:app")
    svc = Service("web", "", command=cmd, compose_command=cmd, dockerfile="web/Dockerfile")
    eps = extract_layout_values(layout_of(svc), knowledge)
    assert all(ep.span.path == "compose.yaml" for ep in eps)
    assert all(ep.role != "bind-default" for ep in eps)


# --------------------------------------------------------------------------- healthchecks


HEALTH = """services:
  web:
    healthcheck:
      test: ["CMD", "curl", "-fsS", "http://localhost:8000/health"]
  db:
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h localhost -U app"]
  redis:
    healthcheck:
      test: ["CMD", "redis-cli", "-h", "127.0.0.1", "ping"]
  api:
    healthcheck:
      test: wget -q --spider http://localhost:8000/health || exit 1
"""


def test_healthchecks(knowledge):
    src = Src("compose.yaml", HEALTH)
    web = Service("web", "", healthcheck=src.list_command(4, ["CMD", "curl", "-fsS", "http://localhost:8000/health"]))
    api = Service("api", "", healthcheck=src.command(13, "wget -q --spider http://localhost:8000/health || exit 1"))
    eps = extract_layout_values(layout_of(web, api), knowledge)
    got = sorted((ep.services, ep.host, ep.port, ep.role, ep.context) for ep in eps)
    assert got == [
        (("api",), "localhost", 8000, "healthcheck", "healthcheck:wget"),
        (("web",), "localhost", 8000, "healthcheck", "healthcheck:curl"),
    ]
    for ep in eps:
        assert src.at(ep.span) == "localhost"


def test_healthcheck_host_options(knowledge):
    src = Src("compose.yaml", HEALTH)
    shell_tokens = src.tokens(7, "pg_isready -h localhost -U app")
    db = Service("db", "", healthcheck=Command(shell_tokens, shell=True))  # the loader drops CMD-SHELL and splits
    redis = Service("redis", "", healthcheck=src.list_command(10, ["CMD", "redis-cli", "-h", "127.0.0.1", "ping"]))
    eps = extract_layout_values(layout_of(db, redis), knowledge)
    got = sorted((ep.services[0], ep.host, ep.role, ep.context) for ep in eps)
    assert got == [
        ("db", "localhost", "healthcheck", "healthcheck:pg_isready"),
        ("redis", "127.0.0.1", "healthcheck", "healthcheck:redis-cli"),
    ]
    for ep in eps:
        assert src.at(ep.span) == ep.host


def test_healthcheck_none_and_junk(knowledge):
    svc = Service("x", "", healthcheck=Command((Text("NONE"),)))
    assert extract_layout_values(layout_of(svc), knowledge) == ()
    svc = Service("x", "", healthcheck=Command(()))
    assert extract_layout_values(layout_of(svc), knowledge) == ()


# --------------------------------------------------------------------------- robustness


def test_never_raises(knowledge):
    junk = Service(
        "x", "",
        environment=(EnvVar("A_URL", Text("http://[::1", ())), EnvVar("B_HOST", None), EnvVar("", Text(""))),
        command=Command((Text(""), Text("://"), Text("--host"))),
        healthcheck=Command((Text("CMD-SHELL"),)),
    )
    extract_layout_values(layout_of(junk), knowledge)
    extract_layout_values(Layout(root="/x"), knowledge)
    assert extract_layout_values(None, knowledge) == ()  # type: ignore[arg-type]


# --------------------------------------------------------------------------- corpus (through the loader)


def _corpus_endpoints(case: str, knowledge):
    root = CORPUS / case
    if not root.is_dir():
        pytest.skip("corpus not available")
    layout = load_layout(root, knowledge)
    return root, extract_layout_values(layout, knowledge)


def _check_spans(root: Path, eps) -> None:
    for ep in eps:
        line = (root / ep.span.path).read_text().split("\n")[ep.span.line - 1]
        if ep.role != "bind-default":
            assert line[ep.span.column - 1 : ep.span.end_column - 1] == ep.host, ep


def _expected(case: str) -> set[tuple[str, int]]:
    data = json.loads((CORPUS / case / "expected.json").read_text())
    return {(f["path"], f["line"]) for f in data["findings"]}


def test_corpus_04_env_file(knowledge):
    root, eps = _corpus_endpoints("04-celery-rabbitmq-env-file", knowledge)
    _check_spans(root, eps)
    hits = [ep for ep in eps if ep.span.path == "worker.env"]
    assert [(ep.span.line, ep.host, ep.port, ep.services) for ep in hits] == [(1, "localhost", 5672, ("worker",))]


def test_corpus_06_interpolation_default(knowledge):
    root, eps = _corpus_endpoints("06-compose-interpolation", knowledge)
    _check_spans(root, eps)
    hits = [(ep.span.path, ep.span.line, ep.host, ep.port) for ep in eps]
    assert ("compose.yaml", 6, "localhost", 6379) in hits


def test_corpus_07_container_ip(knowledge):
    root, eps = _corpus_endpoints("07-container-ip-addresses", knowledge)
    _check_spans(root, eps)
    assert [(ep.span.line, ep.host, ep.services) for ep in eps] == [(5, "172.28.0.11", ("api",))]


def test_corpus_11_healthchecks(knowledge):
    root, eps = _corpus_endpoints("11-healthchecks", knowledge)
    _check_spans(root, eps)
    checks = sorted((ep.services, ep.host, ep.context) for ep in eps if ep.role == "healthcheck")
    assert [c[:2] for c in checks] == [(("db",), "localhost"), (("redis",), "127.0.0.1"), (("web",), "localhost")]
    assert [c[2] for c in checks] == ["healthcheck:pg_isready", "healthcheck:redis-cli", "healthcheck:curl"]
    connects = sorted(ep.host for ep in eps if ep.role == "connect")
    assert connects == ["db", "redis"]


def test_corpus_12_flower_broker(knowledge):
    root, eps = _corpus_endpoints("12-docstrings-comments-logs", knowledge)
    _check_spans(root, eps)
    urls = [ep for ep in eps if ep.role == "connect"]
    assert [(ep.span.line, ep.host, ep.port, ep.services) for ep in urls] == [(10, "redis", 6379, ("flower",))]


def test_corpus_14_uvicorn_bind(knowledge):
    root, eps = _corpus_endpoints("14-bind-mounted-source", knowledge)
    _check_spans(root, eps)
    binds = [ep for ep in eps if ep.role in ("bind", "bind-default")]
    assert [(ep.span.path, ep.span.line, ep.host, ep.role) for ep in binds] == [("compose.yaml", 7, "127.0.0.1", "bind")]


def test_corpus_15_ollama_url(knowledge):
    root, eps = _corpus_endpoints("15-host-gateway", knowledge)
    _check_spans(root, eps)
    hits = [(ep.span.line, ep.host, ep.port, ep.services) for ep in eps if ep.host == "host.docker.internal"]
    assert hits == [(15, "host.docker.internal", 11434, ("worker",))]


def test_corpus_16_list_form(knowledge):
    root, eps = _corpus_endpoints("16-deprecated-host-aliases", knowledge)
    _check_spans(root, eps)
    assert [(ep.span.path, ep.span.line, ep.host) for ep in eps if ep.role == "connect"] == [
        ("compose.yaml", 10, "docker.for.mac.localhost")
    ]
    # the Dockerfile's gunicorn --bind 0.0.0.0:8000 is a (right) bind address
    assert [(ep.span.path, ep.host, ep.role) for ep in eps if ep.role != "connect"] == [("web/Dockerfile", "0.0.0.0", "bind")]


def test_corpus_19_anchor(knowledge):
    root, eps = _corpus_endpoints("19-override-and-anchors", knowledge)
    _check_spans(root, eps)
    hits = [ep for ep in eps if ep.host == "localhost"]
    assert [(ep.span.line, ep.port, ep.services) for ep in hits] == [(3, 6379, ("web", "worker"))]


def test_corpus_03_advertised_names_are_not_targets(knowledge):
    root, eps = _corpus_endpoints("03-django-settings-advertised-urls", knowledge)
    _check_spans(root, eps)
    assert all("FRONTEND" not in ep.context and "REDIRECT" not in ep.context for ep in eps)
    assert [(ep.context, ep.host) for ep in eps if ep.role == "connect"] == [("env:POSTGRES_HOST", "db")]


@pytest.mark.parametrize("case", sorted(p.name for p in CORPUS.glob("[0-9][0-9]-*")) if CORPUS.is_dir() else [])
def test_corpus_no_endpoint_outside_expected_loopback(case, knowledge):
    """Every loopback connect endpoint in Compose/.env values of a case is an expected finding."""
    root, eps = _corpus_endpoints(case, knowledge)
    _check_spans(root, eps)
    expected = _expected(case)
    for ep in eps:
        if ep.role == "connect" and ep.host in ("localhost", "127.0.0.1", "0.0.0.0", "::1"):
            assert (ep.span.path, ep.span.line) in expected, ep


# --------------------------------------------------------------------------- a project on disk (through the loader)

PROJECT = {
    "compose.yaml": """x-common: &common
  environment:
    BROKER_URL: amqp://guest:guest@localhost//
services:
  app:
    <<: *common
    build: ./app
    env_file: app.env
    environment:
      UVICORN_HOST: 127.0.0.1
      API_BASE: ${API_BASE:-http://localhost:8080/v1}
      CACHE_URL: ${CACHE_URL}
      LISTEN_ADDR: "127.0.0.1:9000"
    healthcheck:
      test: wget -qO- http://localhost:8000/health || exit 1
  web:
    build: ./app
    command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done; flask run"]
    labels:
      traefik.http.routers.web.rule: Host(`localhost`)
    extra_hosts: ["host.docker.internal:host-gateway"]
    ports: ["127.0.0.1:8000:8000"]
  kafka:
    image: bitnami/kafka
    environment:
      - KAFKA_CFG_ADVERTISED_LISTENERS=PLAINTEXT://localhost:9092,INTERNAL://kafka:29092
      - MAIL_DOMAIN=localhost
      - SITE_ROOT=http://localhost:8000
  gw:
    image: nginx
    environment:
      GUNICORN_CMD_ARGS: "--bind 127.0.0.1:8000"
    command: gunicorn app:app
""",
    ".env": "CACHE_URL=redis://localhost:6379/2\nUNUSED_URL=redis://localhost:6379/3\n",
    "app.env": '# comment\nDATABASE_URL="postgresql://u:p@localhost/app" # x\n',
    "app/Dockerfile": 'FROM python:3.12\nENV SEARCH_URL=http://localhost:9200 \\\n    OTHER=1\nCMD ["uvicorn", "main:app"]\n',
}


def test_project_on_disk(tmp_path, knowledge):
    for name, text in PROJECT.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    layout = load_layout(tmp_path, knowledge)
    assert not layout.errors
    eps = extract_layout_values(layout, knowledge)
    _check_spans(tmp_path, eps)
    got = {(ep.span.path, ep.span.line, ep.host, ep.role, ep.context, ep.services) for ep in eps}
    assert got == {
        # Dockerfile ENV, built for two services: one endpoint naming both
        ("app/Dockerfile", 2, "localhost", "connect", "dockerfile-env:SEARCH_URL", ("app", "web")),
        # env_file value (quoted, inline comment)
        ("app.env", 2, "localhost", "connect", "env:DATABASE_URL", ("app",)),
        # bind names; the uvicorn CMD reads UVICORN_HOST: reported once, at the value
        ("compose.yaml", 10, "127.0.0.1", "bind", "env:UVICORN_HOST", ("app",)),
        ("compose.yaml", 13, "127.0.0.1", "bind", "env:LISTEN_ADDR", ("app",)),
        # ${VAR:-default} default in the Compose file; ${VAR} from .env at the .env line
        ("compose.yaml", 11, "localhost", "connect", "env:API_BASE", ("app",)),
        (".env", 1, "localhost", "connect", "env:CACHE_URL", ("app",)),
        ("compose.yaml", 15, "localhost", "healthcheck", "healthcheck:wget", ("app",)),
        # sh -c script: a wait loop's target (port known) and flask run's default bind
        ("compose.yaml", 18, "db", "connect", "probe:nc", ("web",)),
        ("compose.yaml", 18, "127.0.0.1", "bind-default", "command", ("web",)),
        ("compose.yaml", 26, "localhost", "advertised-listener", "kafka-advertised", ("kafka",)),
        ("compose.yaml", 26, "kafka", "advertised-listener", "kafka-advertised", ("kafka",)),
        # GUNICORN_CMD_ARGS read by the gunicorn command
        ("compose.yaml", 32, "127.0.0.1", "bind", "env:GUNICORN_CMD_ARGS", ("gw",)),
    }
    flask = [ep for ep in eps if ep.role == "bind-default"][0]
    line = PROJECT["compose.yaml"].split("\n")[17]
    assert line[flask.span.column - 1 : flask.span.end_column - 1] == "flask"
    db = [ep for ep in eps if ep.host == "db"][0]
    assert db.port == 5432
    # the anchor's BROKER_URL is replaced by app's own environment mapping; .env's
    # UNUSED_URL reaches no service; labels, ports, extra_hosts, MAIL_DOMAIN, SITE_ROOT: nothing
    assert not any(ep.span.path == ".env" and ep.span.line == 2 for ep in eps)
    assert not any(ep.span.line in (3, 20, 22, 23, 27, 28) and ep.span.path == "compose.yaml" for ep in eps)
