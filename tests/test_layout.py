"""The layout model: discovery, services, ports, networks, environment, code ownership."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout, owners, runs_file
from dockwise.layout.model import Layout, Service

from tests.conftest import CORPUS, make


PY_DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n"


@pytest.fixture(scope="module")
def knowledge():
    return default_knowledge()


def layout_of(tmp_path: Path, knowledge, files: dict[str, str], **kwargs) -> Layout:
    return load_layout(make(tmp_path, files), knowledge, **kwargs)


def service(layout: Layout, name: str, project: str | None = None, variant: bool = False) -> Service:
    for p in layout.projects:
        if p.variant != variant or (project is not None and p.dir != project):
            continue
        s = p.service(name)
        if s is not None:
            return s
    raise AssertionError(f"no service {name!r}")


def ports(svc: Service) -> list[tuple]:
    return [(p.target, p.published, p.host_ip, p.protocol) for p in svc.ports]


def names(services) -> list[str]:
    return [s.name for s in services]


# --------------------------------------------------------------------------- ports


def test_every_port_syntax(tmp_path, knowledge):
    compose = """\
services:
  s:
    image: x
    ports:
      - "5432"
      - 6379
      - "15432:5432"
      - "127.0.0.1:15433:5433"
      - "[::1]:15434:5434"
      - "::1:15435:5435"
      - "8000-8002:9000-9002"
      - "7000-7001:7000"
      - "53:53/udp"
      - "127.0.0.1::6000"
      - target: 80
        published: "8080"
        host_ip: 0.0.0.0
        protocol: tcp
      - target: 81
        published: 8081-8082
      - target: 82
"""
    layout = layout_of(tmp_path, knowledge, {"compose.yaml": compose})
    assert layout.errors == ()
    s = service(layout, "s")
    assert ports(s) == [
        (5432, None, None, "tcp"),
        (6379, None, None, "tcp"),
        (5432, 15432, None, "tcp"),
        (5433, 15433, "127.0.0.1", "tcp"),
        (5434, 15434, "::1", "tcp"),
        (5435, 15435, "::1", "tcp"),
        (9000, 8000, None, "tcp"),
        (9001, 8001, None, "tcp"),
        (9002, 8002, None, "tcp"),
        (7000, 7000, None, "tcp"),
        (7000, 7001, None, "tcp"),
        (53, 53, None, "udp"),
        (6000, None, "127.0.0.1", "tcp"),
        (80, 8080, "0.0.0.0", "tcp"),
        (81, 8081, None, "tcp"),
        (81, 8082, None, "tcp"),
        (82, None, None, "tcp"),
    ]
    by = {(p.target, p.published): p for p in s.ports}
    assert (by[(5432, 15432)].span.line, by[(5432, 15432)].span.column) == (7, 10)
    assert (by[(5433, 15433)].span.line, by[(5433, 15433)].span.column) == (8, 20)
    assert (by[(5434, 15434)].span.line, by[(5434, 15434)].span.column) == (9, 16)
    assert by[(80, 8080)].span.line == 16
    assert by[(5432, None)].span is None
    assert set(s.listen_ports) >= {5432, 6379, 5433, 5434, 9000, 7000, 53, 6000, 80, 81, 82}


def test_interpolated_published_port_points_at_env(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {"compose.yaml": "services:\n  db:\n    image: postgres:16\n    ports: ['${P:-5432}:5432']\n", ".env": "P=15433\n"},
    )
    (port,) = service(layout, "db").ports
    assert (port.target, port.published) == (5432, 15433)
    assert (port.span.path, port.span.line, port.span.column) == (".env", 1, 3)


def test_sexagesimal_port_is_a_warning_not_a_misreading(tmp_path, knowledge):
    layout = layout_of(tmp_path, knowledge, {"compose.yaml": "services:\n  ssh:\n    image: x\n    ports:\n      - 22:22\n"})
    assert ports(service(layout, "ssh")) == [(22, 22, None, "tcp")]
    (err,) = layout.errors
    assert "base-60" in err.message and err.line == 5 and err.kind == "warning"


def test_sexagesimal_port_is_no_error_of_the_run(tmp_path):
    """Compose (YAML 1.2) reads an unquoted 222:22 as the string it is: a valid project does
    not exit 2; the hint for YAML 1.1 readers is a warning."""
    from dockwise.config import Config
    from dockwise.engine import run_check
    from tests.conftest import make

    make(tmp_path, {"compose.yaml": "services:\n  ssh:\n    image: x\n    ports:\n      - 222:22\n"}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    assert [(rel, line) for rel, line, what in result.warnings if "base-60" in what] == [("compose.yaml", 5)]


def test_wrong_types_are_skipped_with_errors(tmp_path, knowledge):
    compose = """\
services:
  a:
    image: redis
    ports: {"6379": "6379"}
    environment: 5
    networks: 7
    expose: ["x"]
  b:
    image: x
    ports: ["nonsense", "1:2:3:4:5:x", 70000]
    environment:
      GOOD: ok
      BAD: [1, 2]
"""
    layout = layout_of(tmp_path, knowledge, {"compose.yaml": compose})
    a = service(layout, "a")
    assert a.ports == () and a.environment == ()
    assert a.listen_ports == (6379,)  # the image still says so
    b = service(layout, "b")
    assert [e.name for e in b.environment] == ["GOOD"]
    assert len(layout.errors) >= 7
    assert all(e.path == "compose.yaml" and e.line for e in layout.errors)


# --------------------------------------------------------------------------- networks


def test_network_modes_and_networks(tmp_path, knowledge):
    compose = """\
services:
  plain: {image: x}
  host: {image: x, network_mode: host}
  none: {image: x, network_mode: none}
  bridge: {image: x, network_mode: bridge}
  side: {image: x, network_mode: "service:plain"}
  cont: {image: x, network_mode: "container:abc"}
  multi:
    image: x
    hostname: multi-host
    container_name: multi-c
    networks:
      back:
        aliases: [api, api2]
        ipv4_address: 172.30.0.5
      front:
      shared: {}
networks:
  back:
    driver: bridge
    ipam:
      config:
        - subnet: 172.30.0.0/24
  front: {internal: true}
  shared:
    external: true
    name: shared-net
  ovl:
    driver: overlay
  legacy:
    external: {name: old-net}
"""
    layout = layout_of(tmp_path, knowledge, {"compose.yaml": compose})
    assert layout.errors == ()
    (project,) = layout.projects
    assert project.name == re.sub(r"[^a-z0-9_-]", "", tmp_path.name.lower()).lstrip("_-")
    assert [a.network for a in service(layout, "plain").networks] == ["default"]
    for name, mode in (("host", "host"), ("none", "none"), ("bridge", "bridge"), ("side", "service:plain"), ("cont", "container:abc")):
        svc = service(layout, name)
        assert svc.network_mode == mode and svc.networks == ()
    multi = service(layout, "multi")
    att = {a.network: a for a in multi.networks}
    assert att["back"].aliases == ("api", "api2") and att["back"].ipv4_address == "172.30.0.5"
    assert set(att) == {"back", "front", "shared"}
    assert (multi.hostname, multi.container_name) == ("multi-host", "multi-c")
    nets = {n.name: n for n in project.networks}
    assert nets["back"].subnets == ("172.30.0.0/24",) and nets["back"].driver == "bridge"
    assert nets["front"].internal
    assert nets["shared"].external and nets["shared"].real_name == "shared-net"
    assert nets["legacy"].external and nets["legacy"].real_name == "old-net"
    assert nets["ovl"].driver == "overlay"
    assert nets["default"].real_name == f"{project.name}_default"


def test_links_extra_hosts(tmp_path, knowledge):
    compose = """\
services:
  web:
    image: x
    links: [db, "cache:redis-alias"]
    external_links: ["proj_db_1:legacydb"]
    extra_hosts:
      - "host.docker.internal:host-gateway"
      - "v6host:::1"
      - "eq=10.0.0.1"
  api:
    image: x
    extra_hosts:
      somehost: 10.0.0.2
      multi: ["10.0.0.3", "10.0.0.4"]
  db: {image: postgres}
  cache: {image: redis}
"""
    layout = layout_of(tmp_path, knowledge, {"compose.yaml": compose})
    web = service(layout, "web")
    assert web.links == (("db", "db"), ("cache", "redis-alias"))
    assert web.external_links == (("proj_db_1", "legacydb"),)
    assert web.extra_hosts == (("host.docker.internal", "host-gateway"), ("v6host", "::1"), ("eq", "10.0.0.1"))
    assert web.has_host_gateway
    api = service(layout, "api")
    assert api.extra_hosts == (("somehost", "10.0.0.2"), ("multi", "10.0.0.3"), ("multi", "10.0.0.4"))
    assert not api.has_host_gateway


# --------------------------------------------------------------------------- discovery and merging


def test_override_file_is_merged(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": "services:\n  db:\n    image: postgres:16\n",
            "compose.override.yaml": "services:\n  db:\n    ports: ['15432:5432']\n",
        },
    )
    (project,) = layout.projects
    assert project.files == ("compose.yaml", "compose.override.yaml")
    assert ports(service(layout, "db")) == [(5432, 15432, None, "tcp")]
    assert service(layout, "db").ports[0].span.path == "compose.override.yaml"
    assert set(layout.files) >= {"compose.yaml", "compose.override.yaml"}


def test_compose_file_in_dotenv(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            ".env": "COMPOSE_FILE=deploy/base.yml:deploy/dev.yml\nCOMPOSE_PROJECT_NAME=My_Proj\n",
            "compose.yaml": "services:\n  ignored: {image: x}\n",
            "deploy/base.yml": "services:\n  web: {image: web}\n",
            "deploy/dev.yml": "services:\n  web: {ports: ['80:80']}\n",
        },
    )
    default = [p for p in layout.projects if not p.variant]
    assert len(default) == 1
    assert default[0].files == ("deploy/base.yml", "deploy/dev.yml")
    assert default[0].name == "my_proj"
    assert ports(default[0].service("web")) == [(80, 80, None, "tcp")]


def test_explicit_compose_files_replace_discovery(tmp_path, knowledge):
    root = make(
        tmp_path,
        {
            "compose.yaml": "services:\n  a: {image: a}\n",
            "ops/one.yaml": "services:\n  b: {image: b, build: ../app}\n",
            "ops/two.yaml": "services:\n  b: {ports: ['1:1']}\n",
            "app/Dockerfile": PY_DOCKERFILE,
            "app/app.py": "",
            "other/compose.yaml": "services:\n  c: {image: c}\n",
        },
    )
    layout = load_layout(root, knowledge, compose_files=[Path("ops/one.yaml"), root / "ops/two.yaml"])
    (project,) = layout.projects
    assert project.files == ("ops/one.yaml", "ops/two.yaml") and project.dir == "ops"
    b = project.service("b")
    assert b.build_context == "app" and ports(b) == [(1, 1, None, "tcp")]
    assert names(owners(layout, "app/app.py")) == ["b"]


def test_monorepo_with_two_projects(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "shop/compose.yaml": "services:\n  api:\n    build: ./api\n  db: {image: postgres}\n",
            "shop/api/Dockerfile": PY_DOCKERFILE,
            "shop/api/app.py": "",
            "blog/docker-compose.yml": "services:\n  web:\n    build: .\n",
            "blog/Dockerfile": PY_DOCKERFILE,
            "blog/app.py": "",
            "node_modules/pkg/compose.yaml": "services:\n  junk: {image: x}\n",
            ".venv/compose.yaml": "services:\n  junk2: {image: x}\n",
            "tools/seed.py": "",
        },
    )
    assert sorted(p.dir for p in layout.projects) == ["blog", "shop"]
    assert names(owners(layout, "shop/api/app.py")) == ["api"]
    assert names(owners(layout, "blog/app.py")) == ["web"]
    assert owners(layout, "tools/seed.py") == ()
    assert owners(layout, "shop/api/app.py")[0].project == "shop"
    assert service(layout, "web").entry_files == ("blog/app.py",)


def test_partial_overlay_without_a_base_and_templates_are_not_projects(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "deploy/docker-compose.egress.yml": "services:\n  web:\n    networks: [egress]\n",
            "compose.yaml": "services:\n  web:\n    image: {{ web_image }}\n",
            "docker-compose.template.yml": "services:\n  web:\n    image: nginx\n",
            "ops/docker-compose.yml": "services:\n  app:\n    image: nginx\n    healthcheck:\n"
                                      "      test: [\"CMD-SHELL\", \"docker inspect -f '{{.State.Status}}' x\"]\n",
        },
    )
    assert [p.dir for p in layout.projects] == ["ops"]  # Go template syntax is a Compose value
    assert layout.errors == ()


def test_complete_variant_with_the_base_service_names_is_its_own_project(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": "services:\n  web:\n    build: .\n    environment: {REDIS_URL: 'redis://cache'}\n",
            "Dockerfile": PY_DOCKERFILE,
            "docker-compose-local.yml": "services:\n  web:\n    build: .\n    command: python app.py\n",
        },
    )
    local = next(p for p in layout.projects if p.variant)
    assert local.files == ("docker-compose-local.yml",)
    assert local.service("web").env("REDIS_URL") is None  # not merged onto the base


def test_variant_files(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": "services:\n  web:\n    build: .\n  db: {image: postgres}\n",
            "Dockerfile": PY_DOCKERFILE,
            "app.py": "",
            "docker-compose.prod.yml": "services:\n  web:\n    environment: {DATABASE_URL: 'postgres://db/x'}\n",
            "compose.test.yaml": "services:\n  tests:\n    build: .\n    command: pytest\n",
            "docker-stack.yml": "version: '3.8'\nservices:\n  web:\n    image: registry/web\n    deploy: {replicas: 2}\n",
            "compose.notes.yaml": "just: notes\n",
        },
    )
    default = [p for p in layout.projects if not p.variant]
    variants = {p.files[-1]: p for p in layout.projects if p.variant}
    assert len(default) == 1 and default[0].files == ("compose.yaml",)
    assert set(variants) == {"docker-compose.prod.yml", "compose.test.yaml", "docker-stack.yml"}
    prod = variants["docker-compose.prod.yml"]
    assert prod.files == ("compose.yaml", "docker-compose.prod.yml")  # merged onto the base
    assert {s.name for s in prod.services} == {"web", "db"}
    assert prod.service("web").env("DATABASE_URL").value.value == "postgres://db/x"
    assert variants["compose.test.yaml"].files == ("compose.test.yaml",)  # a project of its own
    # complete (every service has an image or a build): its own project, never merged
    assert variants["docker-stack.yml"].files == ("docker-stack.yml",)
    # code is judged against the default project
    assert [(s.name, s.project) for s in owners(layout, "app.py")] == [("web", "")]
    assert layout.errors == ()


def test_variant_only_directory_still_owns_code(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {"docker-compose.dev.yml": "services:\n  app:\n    build: .\n", "Dockerfile": PY_DOCKERFILE, "app.py": ""},
    )
    (project,) = layout.projects
    assert project.variant
    assert names(owners(layout, "app.py")) == ["app"]


def test_yaml_without_services_is_not_a_project(tmp_path, knowledge):
    layout = layout_of(tmp_path, knowledge, {"compose.yaml": "x-notes: hello\n", "sub/compose.yml": ""})
    assert layout.projects == () and layout.errors == ()


def test_extends_and_include_in_a_layout(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": (
                "include:\n  - path: infra/compose.yaml\n"
                "services:\n"
                "  web:\n"
                "    extends: {file: common/base.yaml, service: pyapp}\n"
                "    ports: ['8000:8000']\n"
            ),
            "common/base.yaml": "services:\n  pyapp:\n    build: ../app\n    environment: {A: '1'}\n",
            "app/Dockerfile": PY_DOCKERFILE,
            "app/app.py": "",
            "infra/compose.yaml": "services:\n  redis:\n    image: redis:7\n",
        },
    )
    assert layout.errors == ()
    assert [p.dir for p in layout.projects] == [""]  # infra/compose.yaml is included, not its own project
    web = service(layout, "web")
    assert web.build_context == "app" and web.env("A").value.value == "1"
    assert names(owners(layout, "app/app.py")) == ["web"]
    assert service(layout, "redis").listen_ports == (6379,)
    assert "common/base.yaml" in layout.files and "infra/compose.yaml" in layout.files


def test_profiled_services_belong_to_the_layout(tmp_path, knowledge):
    layout = layout_of(tmp_path, knowledge, {"compose.yaml": "services:\n  dbg:\n    image: x\n    profiles: [debug]\n"})
    assert service(layout, "dbg").profiles == ("debug",)


# --------------------------------------------------------------------------- environment


def test_environment_forms_and_precedence(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": (
                "services:\n"
                "  a:\n"
                "    build: ./a\n"
                "    env_file: [common.env]\n"
                "    environment:\n"
                "      - FROM_COMPOSE=redis://localhost:6379\n"
                "      - BOTH=compose\n"
                "      - BARE\n"
                "  b:\n"
                "    image: x\n"
                "    environment:\n"
                "      URL: http://localhost:1\n"
                "      NUM: 5\n"
                "      NULL:\n"
            ),
            "common.env": "BOTH=envfile\nONLY_FILE=amqp://localhost\nDF=envfile\n",
            "a/Dockerfile": "FROM python:3.12\nENV DF=dockerfile KEEP=1\n",
        },
    )
    a = service(layout, "a")
    env = {e.name: e for e in a.environment}
    assert env["BOTH"].value.value == "compose" and env["BOTH"].origin == "environment"
    assert env["DF"].value.value == "envfile" and env["DF"].origin == "env_file"
    assert env["KEEP"].origin == "dockerfile"
    assert env["BARE"].value is None
    url = env["FROM_COMPOSE"].value
    start = url.value.index("localhost")
    span = url.span(start, start + 9)
    assert (span.path, span.line, span.column) == ("compose.yaml", 6, 30)
    assert (env["FROM_COMPOSE"].name_span.line, env["FROM_COMPOSE"].name_span.column) == (6, 9)
    only = env["ONLY_FILE"].value
    assert only.span(7, 16).path == "common.env" and only.span(7, 16).line == 2
    b = service(layout, "b")
    assert b.env("URL").value.span(7, 16).line == 12
    assert b.env("NUM").value.value == "5"
    assert b.env("NULL").value is None
    assert "common.env" in layout.files


def test_env_file_twins_and_required(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": (
                "services:\n"
                "  twin: {image: x, env_file: .env.local}\n"
                "  gone: {image: x, env_file: secrets.env}\n"
                "  opt:\n"
                "    image: x\n"
                "    env_file:\n"
                "      - path: optional.env\n"
                "        required: false\n"
                "  out: {image: x, env_file: ../outside.env}\n"
            ),
            ".env.local.example": "BROKER_URL=amqp://localhost:5672\n",
        },
    )
    twin = service(layout, "twin")
    assert twin.env("BROKER_URL").value.span(7, 16).path == ".env.local.example"
    assert not twin.env_unknown
    assert service(layout, "gone").env_unknown
    assert not service(layout, "opt").env_unknown and service(layout, "opt").environment == ()
    assert [e.message for e in layout.errors if "outside" in e.message]
    assert len(layout.errors) == 1


# --------------------------------------------------------------------------- code ownership


def test_root_context_narrowed_by_copy(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": "services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n",
            "docker/api.Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY api/ /srv/api\nCMD [\"python\", \"-m\", \"api.main\"]\n",
            "api/main.py": "",
            "api/__init__.py": "",
            "scripts/seed.py": "",
        },
    )
    api = service(layout, "api")
    assert [(c.source, c.target) for c in api.code] == [("api", "/srv/api")]
    assert api.dockerfile == "docker/api.Dockerfile" and api.build_context == ""
    assert names(owners(layout, "api/main.py")) == ["api"]
    assert owners(layout, "scripts/seed.py") == ()
    assert api.entry_files == ("api/main.py",)
    assert runs_file(api, "api/main.py") and not runs_file(api, "api/__init__.py")
    assert layout.containers == ()  # the Dockerfile is built by Compose


def test_dockerignore_narrows_a_copy_of_everything(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": "services:\n  app:\n    build: .\n",
            "Dockerfile": PY_DOCKERFILE,
            ".dockerignore": "# dev only\nscripts/\n/tests\n**/*.md\ndocs\n!docs/keep.py\n",
            "app.py": "",
            "scripts/seed.py": "",
            "tests/test_app.py": "",
            "docs/keep.py": "",
        },
    )
    assert names(owners(layout, "app.py")) == ["app"]
    assert owners(layout, "scripts/seed.py") == ()
    assert owners(layout, "tests/test_app.py") == ()
    assert names(owners(layout, "docs/keep.py")) == ["app"]
    assert ".dockerignore" in layout.files


def test_one_context_two_services(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": (
                "services:\n"
                "  web:\n    build: ./app\n    command: gunicorn app:app\n"
                "  worker:\n    build: ./app\n    command: python worker.py\n"
            ),
            "app/Dockerfile": PY_DOCKERFILE,
            "app/app.py": "",
            "app/worker.py": "",
        },
    )
    assert names(owners(layout, "app/app.py")) == ["web", "worker"]
    assert service(layout, "worker").entry_files == ("app/worker.py",)
    assert service(layout, "web").entry_files == ()  # gunicorn imports app.py; it does not run it as __main__


def test_bind_mounted_source(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": (
                "services:\n"
                "  api:\n"
                "    build: ./docker/api\n"
                "    working_dir: /code\n"
                "    volumes:\n"
                "      - ./src:/code\n"
                "      - type: bind\n"
                "        source: ./conf/settings.py\n"
                "        target: /etc/app/settings.py\n"
                "      - data:/data\n"
                "      - /var/run/docker.sock:/var/run/docker.sock\n"
                "    command: python main.py\n"
                "volumes:\n  data:\n"
            ),
            "docker/api/Dockerfile": "FROM python:3.12\nRUN pip install fastapi\n",
            "src/main.py": "",
            "conf/settings.py": "",
        },
    )
    api = service(layout, "api")
    assert [(c.source, c.target) for c in api.code] == [("src", "/code"), ("conf/settings.py", "/etc/app/settings.py")]
    assert names(owners(layout, "src/main.py")) == ["api"]
    assert names(owners(layout, "conf/settings.py")) == ["api"]
    assert api.entry_files == ("src/main.py",)


def test_healthcheck_scripts(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": (
                "services:\n"
                "  web:\n"
                "    build: ./web\n"
                "    healthcheck:\n"
                "      test: [\"CMD\", \"python\", \"healthcheck.py\"]\n"
                "  db:\n"
                "    build: ./db\n"
                "  off:\n"
                "    build: ./db\n"
                "    healthcheck: {disable: true}\n"
            ),
            "web/Dockerfile": PY_DOCKERFILE,
            "web/app.py": "",
            "web/healthcheck.py": "",
            "db/Dockerfile": (
                "FROM postgres:16\nWORKDIR /probe\nCOPY probe.py .\n"
                "HEALTHCHECK CMD python /probe/probe.py\n"
            ),
            "db/probe.py": "",
        },
    )
    web = service(layout, "web")
    assert web.healthcheck_files == ("web/healthcheck.py",)
    assert web.entry_files == ("web/app.py",)
    assert [t.value for t in web.healthcheck.tokens] == ["python", "healthcheck.py"]
    db = service(layout, "db")
    assert db.healthcheck_files == ("db/probe.py",)
    assert 5432 in db.listen_ports  # the base image's port
    assert service(layout, "off").healthcheck is None


def test_commands(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": (
                "services:\n"
                "  a:\n"
                "    build: .\n"
                "    command: uvicorn app:app --host 0.0.0.0 --port 8001\n"
                "  b:\n"
                "    build: .\n"
                "    entrypoint: [\"python\"]\n"
                "  c:\n"
                "    build: .\n"
                "    entrypoint: python\n"
                "    command: [\"app.py\", \"--port\", 9000]\n"
            ),
            "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n",
            "app.py": "",
        },
    )
    a = service(layout, "a")
    assert a.compose_command.shell and [t.value for t in a.compose_command.tokens][:2] == ["uvicorn", "app:app"]
    tok = a.compose_command.tokens[3]
    assert tok.value == "0.0.0.0" and tok.span(0, 7).line == 4
    assert a.command.origin == "compose"
    assert set(a.listen_ports) >= {8000, 8001}
    b = service(layout, "b")
    assert [t.value for t in b.command.tokens] == ["python"]  # a Compose entrypoint resets CMD
    c = service(layout, "c")
    assert [t.value for t in c.command.tokens] == ["python", "app.py", "--port", "9000"]
    assert c.entry_files == ("app.py",)
    assert a.dockerfile == "Dockerfile" and a.build_context == ""


def test_host_side_script_has_no_owner(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": "services:\n  api:\n    build: ./api\n  db: {image: postgres}\n",
            "api/Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY app ./app\n",
            "api/app/main.py": "",
            "api/tools/dev.py": "",
            "scripts/seed.py": "",
        },
    )
    assert names(owners(layout, "api/app/main.py")) == ["api"]
    assert owners(layout, "api/tools/dev.py") == ()  # in the context, never copied
    assert owners(layout, "scripts/seed.py") == ()


def test_missing_dockerfile_owns_whole_context(tmp_path, knowledge):
    layout = layout_of(tmp_path, knowledge, {"compose.yaml": "services:\n  x:\n    build: ./x\n", "x/a.py": ""})
    assert [(c.source, c.target) for c in service(layout, "x").code] == [("x", None)]
    assert names(owners(layout, "x/a.py")) == ["x"]


def test_implicit_containers(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": "services:\n  web:\n    build: ./web\n",
            "web/Dockerfile": PY_DOCKERFILE,
            "web/Dockerfile.dev": PY_DOCKERFILE,  # an alternative build of the same service
            "web/app.py": "",
            "jobs/Dockerfile": "FROM python:3.12\nWORKDIR /jobs\nCOPY run.py .\nEXPOSE 9000\nCMD [\"python\", \"run.py\"]\n",
            "jobs/run.py": "",
            "jobs/notes.py": "",
            "tools/lint.Dockerfile": "FROM python:3.12\nRUN pip install ruff\n",
            "tools/check.py": "",
        },
    )
    by_file = {c.dockerfile: c for c in layout.containers}
    assert set(by_file) == {"jobs/Dockerfile", "tools/lint.Dockerfile"}
    jobs = by_file["jobs/Dockerfile"]
    assert jobs.implicit and jobs.name == "" and jobs.project == "jobs"
    assert jobs.entry_files == ("jobs/run.py",) and jobs.listen_ports == (9000,)
    assert [s.implicit for s in owners(layout, "jobs/run.py")] == [True]
    assert owners(layout, "jobs/notes.py") == ()  # not copied
    assert [s.dockerfile for s in owners(layout, "tools/check.py")] == ["tools/lint.Dockerfile"]  # copies nothing: the directory
    assert names(owners(layout, "web/app.py")) == ["web"]
    none = load_layout(tmp_path, knowledge, dockerfiles_without_compose=False)
    assert none.containers == ()


def test_service_map(tmp_path, knowledge):
    layout = layout_of(
        tmp_path,
        knowledge,
        {
            "compose.yaml": "services:\n  api:\n    image: registry/api:1\n",
            "services/api/main.py": "",
            "services/api/Dockerfile": PY_DOCKERFILE,
        },
        service_map={"services/api": "api", "elsewhere": "ghost"},
    )
    assert names(owners(layout, "services/api/main.py")) == ["api"]
    assert layout.containers == ()  # the mapped Dockerfile is the service's image
    assert [e.message for e in layout.errors] == ["service map: no Compose service named 'ghost'"]


# --------------------------------------------------------------------------- confinement and robustness


def test_confinement(tmp_path, knowledge):
    outside = tmp_path / "outside"
    make(outside, {"Dockerfile": PY_DOCKERFILE, "secret.env": "X=1\n", "other.yaml": "services: {x: {image: x}}\n"})
    root = tmp_path / "proj"
    make(
        root,
        {
            "compose.yaml": (
                "include: [../outside/other.yaml]\n"
                "services:\n"
                "  a: {build: ../outside}\n"
                "  b: {image: x, env_file: link.env}\n"
                "  c: {build: ./sub/..}\n"
                "  d: {extends: {file: ../outside/other.yaml, service: x}}\n"
            ),
            "app.py": "",
        },
    )
    os.symlink(outside / "secret.env", root / "link.env")
    layout = load_layout(root, knowledge)
    messages = " | ".join(e.message for e in layout.errors)
    assert messages.count("outside the project root") >= 3
    assert service(layout, "c").build_context == ""
    assert not any("outside" in f or f.startswith("..") for f in layout.files)
    assert service(layout, "b").environment == ()


def test_symlinked_compose_file_outside_root_is_refused(tmp_path, knowledge):
    make(tmp_path / "outside", {"compose.yaml": "services: {x: {image: x}}\n"})
    root = tmp_path / "proj"
    root.mkdir()
    os.symlink(tmp_path / "outside" / "compose.yaml", root / "compose.yaml")
    layout = load_layout(root, knowledge)
    assert layout.projects == ()
    assert any("outside the project root" in e.message for e in layout.errors)


def test_read_file_overrides_disk(tmp_path, knowledge):
    root = make(tmp_path, {"compose.yaml": "services:\n  a: {image: x}\n"})
    memory = {root / "compose.yaml": b"services:\n  b: {image: redis}\n"}

    def read_file(path: Path) -> bytes:
        return memory[path] if path in memory else path.read_bytes()

    layout = load_layout(root, knowledge, read_file=read_file)
    assert [s.name for s in layout.projects[0].services] == ["b"]


HOSTILE_COMPOSE = {
    "syntax": "services:\n  web: [\n",
    "bomb": "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(9))
    + "services: {web: {image: x}}\n",
    "deep": "services: " + "[" * 10000 + "]" * 10000 + "\n",
    "deep-block": "services:\n  " + "- " * 10000 + "x\n",
    "huge": "services:\n" + "  # padding\n" * 600_000,
    "duplicate": "services:\n  web: {image: a}\n  web: {image: b}\n",
    "not-a-mapping": "- services\n",
    "binary": "\x00\x01\x02\xff",
    "unknown-top-level": "services: {web: {image: x}}\nwhatever: {a: 1}\n",
    "interpolation-loop": "services:\n  web:\n    image: ${A:-${B:-${A}}}\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_COMPOSE))
def test_hostile_compose_files(tmp_path, knowledge, name):
    (tmp_path / "compose.yaml").write_bytes(HOSTILE_COMPOSE[name].encode("utf-8", "surrogatepass"))
    (tmp_path / ".env").write_text("A=${B}\nB=${A}\n")
    start = time.perf_counter()
    layout = load_layout(tmp_path, knowledge)
    assert time.perf_counter() - start < 2.0
    assert isinstance(layout, Layout)
    if name == "interpolation-loop":
        assert layout.errors == () and layout.projects
    elif name == "unknown-top-level":  # reported (docker compose refuses it), the rest loaded
        assert layout.projects and [e.line for e in layout.errors] == [2] and "`whatever`" in layout.errors[0].message
    elif name == "duplicate":
        assert service(layout, "web").image == "b" and len(layout.errors) == 1
    else:
        assert layout.errors and all(e.path == "compose.yaml" for e in layout.errors)


def test_unreadable_and_invalid_utf8(tmp_path, knowledge):
    make(tmp_path, {"compose.yaml": "services:\n  a: {build: ./a, env_file: bad.env}\n", "a/Dockerfile": PY_DOCKERFILE})
    (tmp_path / "bad.env").write_bytes(b"X=\xff\xfe\n")
    layout = load_layout(tmp_path, knowledge)
    assert any(e.message.endswith("not UTF-8 text") for e in layout.errors)
    assert service(layout, "a").build_context == "a"


def test_nonexistent_root_and_never_raises(tmp_path, knowledge):
    layout = load_layout(tmp_path / "missing", knowledge)
    assert layout.projects == () and layout.containers == ()

    def read_file(path: Path) -> bytes:
        raise RuntimeError("boom")

    make(tmp_path, {"compose.yaml": "services: {a: {image: x}}\n"})
    layout = load_layout(tmp_path, knowledge, read_file=read_file)
    assert isinstance(layout, Layout) and layout.errors


def test_small_project_loads_in_milliseconds(tmp_path, knowledge):
    files = {"compose.yaml": "services:\n" + "".join(f"  s{i}:\n    build: ./s{i}\n    ports: ['{8000 + i}:80']\n" for i in range(10))}
    for i in range(10):
        files[f"s{i}/Dockerfile"] = PY_DOCKERFILE
        files[f"s{i}/app.py"] = ""
    root = make(tmp_path, files)
    load_layout(root, knowledge)  # imports
    start = time.perf_counter()
    layout = load_layout(root, knowledge)
    assert time.perf_counter() - start < 0.25
    assert len(layout.projects[0].services) == 10


# --------------------------------------------------------------------------- the corpus


def corpus(name: str, knowledge) -> Layout:
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip("corpus not available")
    return load_layout(path, knowledge)


def test_corpus_loads_without_errors(knowledge):
    if not CORPUS.is_dir():
        pytest.skip("corpus not available")
    for case in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        layout = load_layout(case, knowledge)
        assert layout.errors == (), case.name
        assert layout.projects or layout.containers, case.name


def test_corpus_01_entry_file(knowledge):
    layout = corpus("01-flask-redis-app-run", knowledge)
    assert service(layout, "web").entry_files == ("web/app.py",)
    assert service(layout, "redis").listen_ports == (6379,)


def test_corpus_02_published_port_and_host_script(knowledge):
    layout = corpus("02-fastapi-postgres-published-port", knowledge)
    assert ports(service(layout, "db")) == [(5432, 15432, None, "tcp")]
    assert owners(layout, "scripts/seed.py") == ()
    assert names(owners(layout, "api/app/db.py")) == ["api"]


def test_corpus_04_env_file(knowledge):
    layout = corpus("04-celery-rabbitmq-env-file", knowledge)
    var = service(layout, "worker").env("CELERY_BROKER_URL")
    assert var.origin == "env_file" and var.value.span(0, 4).path == "worker.env"


def test_corpus_06_interpolation(knowledge):
    layout = corpus("06-compose-interpolation", knowledge)
    (port,) = service(layout, "db").ports
    assert (port.target, port.published) == (5432, 15433)
    url = service(layout, "worker").env("REDIS_URL").value
    start = url.value.index("localhost")
    assert url.span(start, start + 9).line == 6


def test_corpus_07_addresses(knowledge):
    layout = corpus("07-container-ip-addresses", knowledge)
    assert service(layout, "redis").networks[0].ipv4_address == "172.28.0.11"
    assert layout.projects[0].network("backend").subnets == ("172.28.0.0/24",)


def test_corpus_09_10_17_network_modes(knowledge):
    assert service(corpus("09-network-mode-host", knowledge), "agent").network_mode == "host"
    assert service(corpus("10-self-call-and-sidecar", knowledge), "metrics-sidecar").network_mode == "service:api"
    assert service(corpus("17-network-mode-none", knowledge), "converter").network_mode == "none"


def test_corpus_13_copy_narrowed(knowledge):
    layout = corpus("13-copy-narrowed-context", knowledge)
    assert names(owners(layout, "app/worker.py")) == ["app"]
    assert owners(layout, "scripts/reset_db.py") == ()


def test_corpus_14_bind_mount(knowledge):
    layout = corpus("14-bind-mounted-source", knowledge)
    assert names(owners(layout, "src/main.py")) == ["api"]
    assert service(layout, "mongo").listen_ports == (27017,)


def test_corpus_18_aliases(knowledge):
    layout = corpus("18-typo-alias-container-name", knowledge)
    assert service(layout, "db").networks[0].aliases == ("database",)
    assert service(layout, "redis").container_name == "shop-redis"


def test_corpus_19_override_and_anchor(knowledge):
    layout = corpus("19-override-and-anchors", knowledge)
    assert ports(service(layout, "db")) == [(5432, 15432, None, "tcp")]
    for name in ("web", "worker"):
        url = service(layout, name).env("REDIS_URL").value
        start = url.value.index("localhost")
        span = url.span(start, start + 9)
        assert (span.path, span.line) == ("compose.yaml", 3)
    assert service(layout, "web").env("FLASK_DEBUG").value.span(0, 1).path == "compose.override.yaml"
    assert names(owners(layout, "app/shop/tasks.py")) == ["web", "worker"]


def test_corpus_20_implicit_container(knowledge):
    layout = corpus("20-dockerfile-without-compose", knowledge)
    assert layout.projects == ()
    (container,) = layout.containers
    assert container.implicit and container.entry_files == ("main.py",)
    assert [s.implicit for s in owners(layout, "main.py")] == [True]


def test_owner_index_answers_as_owners_does(tmp_path):
    """The per-directory memo of OwnerIndex gives what owners() gives for every file,
    also where a code root or an exclude names a single file."""
    from dockwise.knowledge import default_knowledge
    from dockwise.layout.build import OwnerIndex, load_layout, owners

    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        "  api:\n    build: ./api\n"
        "  worker:\n    build: ./api\n    volumes: ['./api/tasks.py:/app/tasks.py']\n"
        "  tool:\n    build: ./tool\n",
        encoding="utf-8",
    )
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "Dockerfile").write_text("FROM python:3.12\nCOPY main.py tasks.py /app/\n", encoding="utf-8")
    (tmp_path / "api" / ".dockerignore").write_text("secret.py\n", encoding="utf-8")
    (tmp_path / "tool").mkdir()
    (tmp_path / "tool" / "Dockerfile").write_text("FROM python:3.12\nCOPY . /src\n", encoding="utf-8")
    layout = load_layout(tmp_path, default_knowledge())
    index = OwnerIndex(layout)
    paths = ["api/main.py", "api/tasks.py", "api/other.py", "api/secret.py", "tool/x.py", "tool/sub/y.py",
             "z.py", "api/main.py", "apix/main.py"]
    for path in paths:
        assert index(path) == owners(layout, path), path
