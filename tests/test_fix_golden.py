"""Byte-exact before/after tests of the fixer (``dockwise.fix``).

Two layers:

- unit goldens: hand-built findings (endpoints located in the text by hand) applied by
  ``run_fix`` to files in a temp project, for every fixable code and every string shape
  (plain, f-string, implicit concatenation, raw, bytes, keyword with a sibling port, dict
  config, multi-host URL, IPv6) and every YAML shape (plain, quoted, list and map
  environment, anchors, .env, Dockerfile), plus DW106 insertions and conflicts;
- end-to-end goldens: small projects run through ``dockwise fix`` (click's CliRunner),
  byte-exact afterwards, and a second run changes nothing.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dockwise.fix.apply import apply_fixes, run_fix
from dockwise.fix.gateway import host_gateway_edit
from dockwise.fix.plan import plan_fix
from dockwise.fix.text import line_starts, position_of, span_offsets, splice
from dockwise.knowledge import default_knowledge
from dockwise.layout.model import Layout, Project, Service
from dockwise.model import Endpoint, Finding, RunResult, Span, Suggestion

# (``make`` names the findings factories of this module, so the project writer is ``project``.)
from tests.conftest import make as project

KNOWLEDGE = default_knowledge()


def _applicability(finding: Finding) -> str:
    """The rule's own applicability, from its entry in rules/codes."""
    return KNOWLEDGE.applicability(finding.code)


# --------------------------------------------------------------------------- helpers


def locate(path: str, text: str, needle: str, nth: int = 0) -> Span:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    starts = line_starts(text)
    line, col = position_of(starts, i)
    end_line, end_col = position_of(starts, i + len(needle))
    return Span(path, line, col, end_line, end_col)


def endpoint(path: str, text: str, host: str, *, nth: int = 0, port: int | None = None,
             port_text: str | None = None, port_nth: int = 0, port_source: str | None = None, **kw) -> Endpoint:
    span = locate(path, text, host, nth)
    port_span = locate(path, text, port_text, port_nth) if port_text else None
    if port is not None and port_source is None:
        port_source = "explicit" if port_text else "scheme"
    return Endpoint(span, host.strip("[]"), port=port, port_source=port_source, port_span=port_span, **kw)


def finding(code: str, ep: Endpoint, host: str | None = None, port: int | None = None,
            services: tuple[str, ...] = ("app",)) -> Finding:
    return Finding(code, "error", ep.span, f"{code} test", services=services, target_host=ep.host,
                   target_port=ep.port, suggestion=Suggestion(host, port) if host else None,
                   flagged_text=ep.host, endpoint=ep)


def result_for(root: Path, files: dict[str, str], findings, layout=None) -> RunResult:
    return RunResult(root, tuple(findings), (), len(files), dict(files), layout, knowledge=KNOWLEDGE)


def fix_files(tmp_path: Path, files: dict[str, str], findings, *, unsafe: bool = False, layout=None):
    root = project(tmp_path, files)
    outcome = run_fix(result_for(root, files, findings, layout), unsafe=unsafe)
    after = {rel: (root / rel).read_bytes().decode("utf-8") for rel in files}
    return outcome, after


def one(tmp_path, rel, before, make, *, unsafe=False, layout=None, extra=None):
    files = {rel: before, **(extra or {})}
    outcome, after = fix_files(tmp_path, files, make(before), unsafe=unsafe, layout=layout)
    assert not outcome.errors, outcome.errors
    return outcome, after


# --------------------------------------------------------------------------- Python strings

PY = "app/main.py"

PYTHON_CASES = [
    pytest.param(
        'import redis\n\nr = redis.Redis.from_url("redis://localhost:6379/0")  # cache\n',
        'import redis\n\nr = redis.Redis.from_url("redis://redis:6379/0")  # cache\n',
        lambda t: [finding("DW101", endpoint(PY, t, "localhost", port=6379, port_text="6379"), "redis", 6379)],
        id="plain",
    ),
    pytest.param(
        "URL = f'redis://localhost:{PORT}/{db!r:>3}'\n",
        "URL = f'redis://redis:{PORT}/{db!r:>3}'\n",
        lambda t: [finding("DW101", endpoint(PY, t, "localhost"), "redis")],
        id="f-string",
    ),
    pytest.param(
        'DSN = (\n    "postgresql://app:secret@"  # who\n    "localhost:15432"\n    f"/{name}"\n)\n',
        'DSN = (\n    "postgresql://app:secret@"  # who\n    "db:5432"\n    f"/{name}"\n)\n',
        lambda t: [finding("DW101", endpoint(PY, t, "localhost", port=15432, port_text="15432"), "db", 5432)],
        id="implicit-concatenation",
    ),
    pytest.param(
        'BROKER = r"amqp://guest:guest@localhost:5672//"\nRAW = rb"\\d+localhost"\n',
        'BROKER = r"amqp://guest:guest@rabbitmq:5672//"\nRAW = rb"\\d+localhost"\n',
        lambda t: [finding("DW101", endpoint(PY, t, "localhost", port=5672, port_text="5672"), "rabbitmq", 5672)],
        id="raw-string",
    ),
    pytest.param(
        "HOST = b'localhost'\n",
        "HOST = b'redis'\n",
        lambda t: [finding("DW101", endpoint(PY, t, "localhost", quoted_whole=True, context="kwarg:host"), "redis")],
        id="bytes",
    ),
    pytest.param(
        'params = pika.ConnectionParameters(host="localhost", port=15672, virtual_host="/")\n',
        'params = pika.ConnectionParameters(host="rabbitmq", port=5672, virtual_host="/")\n',
        lambda t: [finding("DW101", endpoint(PY, t, "localhost", port=15672, port_text="15672",
                                             port_source="argument", quoted_whole=True, context="kwarg:host"),
                           "rabbitmq", 5672)],
        id="keyword-with-sibling-port",
    ),
    pytest.param(
        'conn = psycopg2.connect(\n    host="db",\n    port=15432,  # published\n)\n',
        'conn = psycopg2.connect(\n    host="db",\n    port=5432,  # published\n)\n',
        lambda t: [finding("DW103", endpoint(PY, t, "db", port=15432, port_text="15432",
                                             port_source="argument", quoted_whole=True, context="kwarg:host"),
                           "db", 5432)],
        id="dw103-keyword-port",
    ),
    pytest.param(
        "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n"
        "        'HOST': 'localhost',\n        'PORT': '15432',\n    }\n}\n",
        "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n"
        "        'HOST': 'db',\n        'PORT': '5432',\n    }\n}\n",
        lambda t: [finding("DW101", endpoint(PY, t, "localhost", port=15432, port_text="15432",
                                             port_source="argument", quoted_whole=True, context="dict:HOST"),
                           "db", 5432)],
        id="django-dict",
    ),
    pytest.param(
        'MONGO = "mongodb://mongo1:27017,localhost:27018,mongo3:27017/?replicaSet=rs0"\n',
        'MONGO = "mongodb://mongo1:27017,mongo2:27017,mongo3:27017/?replicaSet=rs0"\n',
        lambda t: [finding("DW101", endpoint(PY, t, "localhost", port=27018, port_text="27018"), "mongo2", 27017)],
        id="multi-host-url",
    ),
    pytest.param(
        'OLLAMA = "http://[::1]:11434/api"\n',
        'OLLAMA = "http://host.docker.internal:11434/api"\n',
        lambda t: [finding("DW101", endpoint(PY, t, "::1", port=11434, port_text="11434"),
                           "host.docker.internal", 11434, services=())],
        id="ipv6-brackets-dropped",
    ),
    pytest.param(
        'API = "http://172.20.0.5:8000/v1"\n',
        'API = "http://api:8000/v1"\n',
        lambda t: [finding("DW102", endpoint(PY, t, "172.20.0.5", port=8000, port_text="8000"), "api", 8000)],
        id="dw102-container-ip",
    ),
    pytest.param(
        'cache = redis.Redis(host="redsi")\n',
        'cache = redis.Redis(host="redis")\n',
        lambda t: [finding("DW105", endpoint(PY, t, "redsi", quoted_whole=True, context="kwarg:host"), "redis")],
        id="dw105-typo",
    ),
    pytest.param(
        'URL = "http://docker.for.mac.localhost:11434"\n',
        'URL = "http://host.docker.internal:11434"\n',
        lambda t: [finding("DW107", endpoint(PY, t, "docker.for.mac.localhost", port=11434, port_text="11434"),
                           "host.docker.internal", services=())],
        id="dw107-deprecated-alias",
    ),
    pytest.param(
        'API = "http://localhost/v1"\n',
        'API = "http://web:8000/v1"\n',
        lambda t: [finding("DW101", endpoint(PY, t, "localhost", port=80, scheme="http"), "web", 8000)],
        id="scheme-default-port-made-explicit",
    ),
    pytest.param(
        '# -*- coding: utf-8 -*-\r\nnamé = "Zoë"; URL = "redis://localhost:6379"\t# tab\r\n',
        '# -*- coding: utf-8 -*-\r\nnamé = "Zoë"; URL = "redis://redis:6379"\t# tab\r\n',
        lambda t: [finding("DW101", endpoint(PY, t, "localhost", port=6379, port_text="6379"), "redis", 6379)],
        id="crlf-non-ascii-columns",
    ),
]


@pytest.mark.parametrize("before, after, make", PYTHON_CASES)
def test_python_golden(tmp_path, before, after, make):
    outcome, files = one(tmp_path, PY, before, make)
    assert files[PY] == after
    assert outcome.applied == len(make(before))


def test_python_fstring_expression_untouched(tmp_path):
    before = 'u = f"http://localhost:{cfg["port"]:d}/{ {1: 2}[1] }"\n'
    _, files = one(tmp_path, PY, before, lambda t: [finding("DW101", endpoint(PY, t, "localhost"), "api")])
    assert files[PY] == 'u = f"http://api:{cfg["port"]:d}/{ {1: 2}[1] }"\n'


def test_python_triple_quoted_multiline(tmp_path):
    before = 'SQL = """\nhost=localhost port=5432\n"""\n'
    _, files = one(tmp_path, PY, before, lambda t: [finding("DW101", endpoint(PY, t, "localhost"), "db")])
    assert files[PY] == 'SQL = """\nhost=db port=5432\n"""\n'


def test_getenv_fallback_is_unsafe(tmp_path):
    before = 'import os\nURL = os.getenv("REDIS_URL", "redis://localhost:6379")\n'
    make = lambda t: [finding("DW101", endpoint(PY, t, "localhost", port=6379, port_text="6379",
                                                fallback_for="REDIS_URL"), "redis", 6379)]
    fx = plan_fix(make(before)[0], before, applicability=_applicability(make(before)[0]))
    assert fx is not None and fx.applicability == "unsafe"
    outcome, files = one(tmp_path, PY, before, make)
    assert files[PY] == before and outcome.applied == 0
    _, files = one(tmp_path, PY, before, make, unsafe=True)
    assert files[PY] == 'import os\nURL = os.getenv("REDIS_URL", "redis://redis:6379")\n'


def test_dw201_only_with_unsafe_fixes(tmp_path):
    before = 'app.run(host="127.0.0.1", port=8000)\n'
    make = lambda t: [finding("DW201", endpoint(PY, t, "127.0.0.1", port=8000, role="bind", quoted_whole=True,
                                                context="kwarg:host"), "0.0.0.0")]
    assert plan_fix(make(before)[0], before, applicability=_applicability(make(before)[0])).applicability == "unsafe"
    outcome, files = one(tmp_path, PY, before, make)
    assert files[PY] == before and outcome.applied == 0
    outcome, files = one(tmp_path, PY, before, make, unsafe=True)
    assert files[PY] == 'app.run(host="0.0.0.0", port=8000)\n'
    assert outcome.applied == 1


@pytest.mark.parametrize("before, after", [
    ('if __name__ == "__main__":\n    app.run()\n', 'if __name__ == "__main__":\n    app.run(host="0.0.0.0")\n'),
    ("app.run(debug=True)  # dev\n", 'app.run(debug=True, host="0.0.0.0")  # dev\n'),
    ("uvicorn.run(\n    app,\n    port=8000,\n)\n", 'uvicorn.run(\n    app,\n    port=8000, host="0.0.0.0",\n)\n'),
])
def test_dw201_bind_default_call_gets_host(tmp_path, before, after):
    def make(t):
        needle = "app.run" if "app.run" in t else "uvicorn.run"
        return [finding("DW201", Endpoint(locate(PY, t, needle), "127.0.0.1", role="bind-default",
                                          context="call"), "0.0.0.0")]
    outcome, files = one(tmp_path, PY, before, make, unsafe=True)
    assert files[PY] == after


def test_dw201_bind_default_with_kwargs_splat_is_not_fixed():
    src = "app.run(**opts)\n"
    f = finding("DW201", Endpoint(locate(PY, src, "app.run"), "127.0.0.1", role="bind-default"), "0.0.0.0")
    assert plan_fix(f, src, applicability=_applicability(f)) is None


def test_stale_endpoint_gets_no_fix():
    src = 'URL = "redis://localhost:6379"\n'
    ep = endpoint(PY, src, "localhost")
    moved = Endpoint(Span(PY, 1, 3, 1, 12), "localhost")
    assert plan_fix(finding("DW101", ep, "redis"), src, applicability="safe") is not None
    assert plan_fix(finding("DW101", moved, "redis"), src, applicability="safe") is None


def test_port_change_that_cannot_be_written_means_no_fix():
    src = 'c = pika.ConnectionParameters(host="localhost")\n'
    ep = endpoint(PY, src, "localhost", port=5672, port_source="scheme", quoted_whole=True, context="kwarg:host")
    assert plan_fix(finding("DW101", ep, "rabbitmq", 5673), src, applicability="safe") is None


# --------------------------------------------------------------------------- YAML / .env / Dockerfile

CY = "compose.yaml"

YAML_CASES = [
    pytest.param(
        CY,
        "services:\n  web:\n    build: .\n    environment:\n      REDIS_URL: redis://localhost:6379/0  # dev\n"
        "      DEBUG: 'true'\n",
        "services:\n  web:\n    build: .\n    environment:\n      REDIS_URL: redis://redis:6379/0  # dev\n"
        "      DEBUG: 'true'\n",
        lambda t: [finding("DW101", endpoint(CY, t, "localhost", port=6379, port_text="6379"), "redis", 6379)],
        id="plain-map",
    ),
    pytest.param(
        CY,
        "services:\n  web:\n    environment:\n      REDIS_URL: 'redis://localhost:6379/0'\n",
        "services:\n  web:\n    environment:\n      REDIS_URL: 'redis://redis:6379/0'\n",
        lambda t: [finding("DW101", endpoint(CY, t, "localhost", port=6379, port_text="6379"), "redis", 6379)],
        id="single-quoted",
    ),
    pytest.param(
        CY,
        'services:\n  web:\n    environment:\n      DATABASE_URL: "postgresql://app@localhost:15432/app"\n',
        'services:\n  web:\n    environment:\n      DATABASE_URL: "postgresql://app@db:5432/app"\n',
        lambda t: [finding("DW101", endpoint(CY, t, "localhost", port=15432, port_text="15432"), "db", 5432)],
        id="double-quoted",
    ),
    pytest.param(
        CY,
        'services:\n  web:\n    environment:\n      - REDIS_URL=redis://localhost:6379/0\n'
        '      - "BROKER=amqp://localhost:5672//"\n',
        'services:\n  web:\n    environment:\n      - REDIS_URL=redis://redis:6379/0\n'
        '      - "BROKER=amqp://rabbitmq:5672//"\n',
        lambda t: [finding("DW101", endpoint(CY, t, "localhost", port=6379, port_text="6379"), "redis", 6379),
                   finding("DW101", endpoint(CY, t, "localhost", nth=1, port=5672, port_text="5672"),
                           "rabbitmq", 5672)],
        id="list-environment",
    ),
    pytest.param(
        CY,
        "x-app-env: &app-env\n  DATABASE_URL: postgresql://app:app@db:15432/app\n"
        "  REDIS_URL: redis://localhost:6379/0\n\nservices:\n  web:\n    environment: *app-env\n"
        "  worker:\n    environment:\n      <<: *app-env\n",
        "x-app-env: &app-env\n  DATABASE_URL: postgresql://app:app@db:5432/app\n"
        "  REDIS_URL: redis://redis:6379/0\n\nservices:\n  web:\n    environment: *app-env\n"
        "  worker:\n    environment:\n      <<: *app-env\n",
        lambda t: [finding("DW103", endpoint(CY, t, "db", port=15432, port_text="15432"), "db", 5432),
                   finding("DW101", endpoint(CY, t, "localhost", port=6379, port_text="6379"), "redis", 6379,
                           services=("web", "worker"))],
        id="anchors",
    ),
    pytest.param(
        CY,
        "services:\n  web:\n    environment:\n      REDIS_HOST: ${REDIS_HOST:-localhost}\n",
        "services:\n  web:\n    environment:\n      REDIS_HOST: ${REDIS_HOST:-redis}\n",
        lambda t: [finding("DW101", endpoint(CY, t, "localhost", fallback_for="REDIS_HOST"), "redis")],
        id="compose-default-is-safe",
    ),
    pytest.param(
        "worker.env",
        "# broker\nCELERY_BROKER_URL=amqp://guest:guest@localhost:5672//\nexport CACHE=\"redis://127.0.0.1:6379\"\n",
        "# broker\nCELERY_BROKER_URL=amqp://guest:guest@rabbitmq:5672//\nexport CACHE=\"redis://redis:6379\"\n",
        lambda t: [finding("DW101", endpoint("worker.env", t, "localhost", port=5672, port_text="5672"),
                           "rabbitmq", 5672),
                   finding("DW101", endpoint("worker.env", t, "127.0.0.1", port=6379, port_text="6379"),
                           "redis", 6379)],
        id="env-file",
    ),
    pytest.param(
        "web/Dockerfile",
        "FROM python:3.12-slim\nENV REDIS_URL=redis://localhost:6379/0 \\\n    MODE=prod\nCMD [\"python\", \"app.py\"]\n",
        "FROM python:3.12-slim\nENV REDIS_URL=redis://redis:6379/0 \\\n    MODE=prod\nCMD [\"python\", \"app.py\"]\n",
        lambda t: [finding("DW101", endpoint("web/Dockerfile", t, "localhost", port=6379, port_text="6379"),
                           "redis", 6379)],
        id="dockerfile-env",
    ),
    pytest.param(
        CY,
        "services:\n  db:\n    image: postgres\n    healthcheck:\n"
        "      test: [\"CMD\", \"wget\", \"-q\", \"--spider\", \"http://localhost:8080/health\"]\n",
        "services:\n  db:\n    image: postgres\n    healthcheck:\n"
        "      test: [\"CMD\", \"wget\", \"-q\", \"--spider\", \"http://127.0.0.1:8080/health\"]\n",
        lambda t: [finding("DW202", endpoint(CY, t, "localhost", port=8080, port_text="8080", role="healthcheck"),
                           "127.0.0.1", 8080)],
        id="dw202-healthcheck",
    ),
]


@pytest.mark.parametrize("rel, before, after, make", YAML_CASES)
def test_text_golden(tmp_path, rel, before, after, make):
    outcome, files = one(tmp_path, rel, before, make)
    assert files[rel] == after
    assert outcome.applied == len(make(before))


def test_yaml_fix_that_would_change_a_type_is_refused(tmp_path):
    before = "services:\n  web:\n    environment:\n      CACHE_HOST: localhost\n"
    make = lambda t: [finding("DW105", endpoint(CY, t, "localhost", quoted_whole=True), "yes")]
    outcome, files = fix_files(tmp_path, {CY: before}, make(before))
    assert files[CY] == before
    assert outcome.applied == 0
    assert any("YAML" in e.message for e in outcome.errors)


def test_dw201_yaml_command_only_with_unsafe(tmp_path):
    before = "services:\n  api:\n    command: uvicorn main:app --host 127.0.0.1 --port 8000\n"
    make = lambda t: [finding("DW201", endpoint(CY, t, "127.0.0.1", role="bind", context="command"), "0.0.0.0")]
    _, files = one(tmp_path, CY, before, make)
    assert files[CY] == before
    _, files = one(tmp_path, CY, before, make, unsafe=True)
    assert files[CY] == "services:\n  api:\n    command: uvicorn main:app --host 0.0.0.0 --port 8000\n"


# --------------------------------------------------------------------------- DW106: extra_hosts


def gw_layout(text_by_file: dict[str, str], *names: str, project_dir: str = "") -> Layout:
    services = []
    for name in names:
        for rel, text in text_by_file.items():
            key = f"\n  {name}:" if f"\n  {name}:" in text else f"\n    {name}:"
            if key in text:
                span = locate(rel, text, name, text[: text.index(key) + 1].count(name))
                services.append(Service(name, project_dir, span=span))
                break
        else:
            services.append(Service(name, project_dir))
    return Layout("/", projects=(Project(project_dir, tuple(text_by_file), "p", tuple(services)),))


GATEWAY_CASES = [
    pytest.param(
        "services:\n  api:\n    build: ./api\n    ports:\n      - \"8000:8000\"\n\n  # the worker\n"
        "  worker:\n    build: ./worker\n    environment:\n      OLLAMA_URL: http://host.docker.internal:11434\n"
        "    depends_on:\n      - redis\n\n  redis:\n    image: redis:7\n",
        "services:\n  api:\n    build: ./api\n    ports:\n      - \"8000:8000\"\n\n  # the worker\n"
        "  worker:\n    build: ./worker\n    environment:\n      OLLAMA_URL: http://host.docker.internal:11434\n"
        "    depends_on:\n      - redis\n    extra_hosts: [\"host.docker.internal:host-gateway\"]\n\n"
        "  redis:\n    image: redis:7\n",
        id="insert-at-end-of-service",
    ),
    pytest.param(
        "version: '3.8'\nservices:\n    worker:\n        image: w\n        environment:\n"
        "            - OLLAMA_URL=http://host.docker.internal:11434",
        "version: '3.8'\nservices:\n    worker:\n        image: w\n        environment:\n"
        "            - OLLAMA_URL=http://host.docker.internal:11434\n"
        "        extra_hosts: [\"host.docker.internal:host-gateway\"]",
        id="four-space-indent-no-final-newline",
    ),
    pytest.param(
        "services:\r\n  worker:\r\n    extra_hosts:\r\n      - 'metrics:10.0.0.5'\r\n    environment:\r\n"
        "      URL: http://host.docker.internal:11434\r\n",
        "services:\r\n  worker:\r\n    extra_hosts:\r\n      - 'metrics:10.0.0.5'\r\n"
        "      - 'host.docker.internal:host-gateway'\r\n    environment:\r\n"
        "      URL: http://host.docker.internal:11434\r\n",
        id="append-block-list-crlf",
    ),
    pytest.param(
        "services:\n  worker:\n    extra_hosts:\n    - metrics:10.0.0.5  # metrics\n    image: w\n",
        "services:\n  worker:\n    extra_hosts:\n    - metrics:10.0.0.5  # metrics\n"
        "    - \"host.docker.internal:host-gateway\"\n    image: w\n",
        id="append-unindented-block-list",
    ),
    pytest.param(
        "services:\n  worker:\n    extra_hosts: [\"metrics:10.0.0.5\"]  # keep\n    image: w\n",
        "services:\n  worker:\n    extra_hosts: [\"metrics:10.0.0.5\", \"host.docker.internal:host-gateway\"]  # keep\n"
        "    image: w\n",
        id="append-flow-list",
    ),
    pytest.param(
        "services:\n  worker:\n    extra_hosts: []\n    image: w\n",
        "services:\n  worker:\n    extra_hosts: [\"host.docker.internal:host-gateway\"]\n    image: w\n",
        id="empty-flow-list",
    ),
    pytest.param(
        "services:\n  worker:\n    image: w\n    extra_hosts:\n      metrics: 10.0.0.5\n",
        "services:\n  worker:\n    image: w\n    extra_hosts:\n      metrics: 10.0.0.5\n"
        "      host.docker.internal: host-gateway\n",
        id="map-form",
    ),
    pytest.param(
        "services:\n  \"worker\":\n    image: w\n    command: |\n      run --fast\n      --really\n\n",
        "services:\n  \"worker\":\n    image: w\n    command: |\n      run --fast\n      --really\n"
        "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n\n",
        id="quoted-key-block-scalar",
    ),
]


@pytest.mark.parametrize("before, after", GATEWAY_CASES)
def test_dw106_insertion(tmp_path, before, after):
    ep = endpoint(CY, before, "worker")  # any span: DW106 edits the service, not the value
    layout = gw_layout({CY: before}, "worker")
    f = finding("DW106", ep, services=("worker",))
    fx = plan_fix(f, before, applicability=_applicability(f), layout=layout, read={CY: before}.get)
    assert fx is not None and fx.applicability == "safe"
    outcome, files = fix_files(tmp_path, {CY: before}, [f], layout=layout)
    assert not outcome.errors
    assert files[CY] == after


@pytest.mark.parametrize("text", [
    "services:\n  worker: {image: w}\n",
    "services:\n  worker: *base\n",
    "services:\n  worker:\n    extra_hosts: *hosts\n",
    "services:\n  worker:\n    extra_hosts: [\n      a:1.2.3.4]\n",
    "services: {worker: {image: w}}\n",
])
def test_dw106_unusual_shapes_get_no_fix(text):
    assert host_gateway_edit(text, CY, "worker") is None


def test_dw106_from_python_edits_the_compose_file(tmp_path):
    compose = "services:\n  api:\n    build: ./api\n"
    code = 'URL = "http://host.docker.internal:11434"\n'
    layout = gw_layout({CY: compose}, "api")
    f = finding("DW106", endpoint("api/llm.py", code, "host.docker.internal"), services=("api",))
    outcome, files = fix_files(tmp_path, {CY: compose, "api/llm.py": code}, [f], layout=layout)
    assert files["api/llm.py"] == code
    assert files[CY] == 'services:\n  api:\n    build: ./api\n    extra_hosts: ["host.docker.internal:host-gateway"]\n'
    assert outcome.applied == 1 and outcome.files_changed == 1


def test_dw101_to_host_alias_adds_extra_hosts_too(tmp_path):
    compose = "services:\n  api:\n    build: ./api\n  web:\n    build: ./web\n    extra_hosts:\n      - x:1.2.3.4\n"
    code = 'OLLAMA = "http://localhost:11434"\n'
    layout = gw_layout({CY: compose}, "api")
    f = finding("DW101", endpoint("api/llm.py", code, "localhost", port=11434, port_text="11434"),
                "host.docker.internal", 11434, services=("api",))
    outcome, files = fix_files(tmp_path, {CY: compose, "api/llm.py": code}, [f], layout=layout)
    assert not outcome.errors
    assert files["api/llm.py"] == 'OLLAMA = "http://host.docker.internal:11434"\n'
    assert files[CY] == ("services:\n  api:\n    build: ./api\n"
                         "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n"
                         "  web:\n    build: ./web\n    extra_hosts:\n      - x:1.2.3.4\n")


def test_dw106_two_findings_one_insertion(tmp_path):
    compose = ("services:\n  worker:\n    environment:\n      A: http://host.docker.internal:1\n"
               "      B: http://host.docker.internal:2\n")
    layout = gw_layout({CY: compose}, "worker")
    fs = [finding("DW106", endpoint(CY, compose, "host.docker.internal", nth=i), services=("worker",)) for i in (0, 1)]
    outcome, files = fix_files(tmp_path, {CY: compose}, fs, layout=layout)
    assert files[CY] == compose + '    extra_hosts: ["host.docker.internal:host-gateway"]\n'
    assert outcome.applied == 2


# --------------------------------------------------------------------------- conflicts, idempotence


def test_conflicting_edits_apply_one_and_report_the_rest(tmp_path):
    compose = "x-env: &env\n  URL: redis://localhost:6379\nservices:\n  a:\n    environment: *env\n  b:\n    environment: *env\n"
    ep = endpoint(CY, compose, "localhost", port=6379, port_text="6379")
    first = finding("DW101", ep, "redis", 6379, services=("a",))
    second = finding("DW101", ep, "cache", 6379, services=("b",))
    outcome, files = fix_files(tmp_path, {CY: compose}, [first, second])
    assert files[CY] == compose.replace("localhost", "redis")
    assert outcome.applied == 1
    assert [f for f, _ in outcome.skipped] == [second]
    assert "conflict" in outcome.skipped[0][1]


def test_identical_edits_are_applied_once(tmp_path):
    src = 'URL = "redis://localhost:6379"\n'
    ep = endpoint(PY, src, "localhost", port=6379, port_text="6379")
    fs = [finding("DW101", ep, "redis", 6379, services=("a",)), finding("DW101", ep, "redis", 6379, services=("b",))]
    outcome, files = fix_files(tmp_path, {PY: src}, fs)
    assert files[PY] == 'URL = "redis://redis:6379"\n'
    assert outcome.applied == 2


def test_overlapping_host_and_port_fixes(tmp_path):
    src = 'URL = "postgresql://localhost:15432/app"\n'
    a = finding("DW101", endpoint(PY, src, "localhost", port=15432, port_text="15432"), "db", 5432)
    b = finding("DW103", endpoint(PY, src, "localhost", port=15432, port_text="15432"), "localhost", 5433)
    outcome, files = fix_files(tmp_path, {PY: src}, [a, b])
    assert files[PY] == 'URL = "postgresql://db:5432/app"\n'
    assert outcome.applied == 1 and len(outcome.skipped) == 1


def test_fixing_fixed_text_is_a_no_op(tmp_path):
    src = 'URL = "redis://localhost:6379"\n'
    f = finding("DW101", endpoint(PY, src, "localhost", port=6379, port_text="6379"), "redis", 6379)
    outcome, files = fix_files(tmp_path, {PY: src}, [f])
    # the same finding planned on the fixed text no longer matches: no blind second edit
    assert plan_fix(f, files[PY], applicability=_applicability(f)) is None
    result = result_for(tmp_path, files, [f])
    applied = apply_fixes(result)
    assert applied.changed == {} and applied.skipped == []


def test_diff_writes_nothing(tmp_path):
    src = 'URL = "redis://localhost:6379"\n'
    root = project(tmp_path, {PY: src})
    f = finding("DW101", endpoint(PY, src, "localhost", port=6379, port_text="6379"), "redis", 6379)
    outcome = run_fix(result_for(root, {PY: src}, [f]), diff_only=True)
    assert (root / PY).read_text() == src
    assert outcome.diff == (f"--- a/{PY}\n+++ b/{PY}\n@@ -1 +1 @@\n"
                            "-URL = \"redis://localhost:6379\"\n+URL = \"redis://redis:6379\"\n")


def test_splice_orders_insertions_after_replacements():
    assert splice("http://localhost/x", [(16, 16, ":8000"), (7, 16, "web")]) == "http://web:8000/x"
    with pytest.raises(ValueError):
        splice("abcdef", [(0, 3, "x"), (2, 4, "y")])


def test_planned_edit_spans_are_inside_the_text():
    src = 'URL = "redis://localhost:6379"\n'
    f = finding("DW101", endpoint(PY, src, "localhost", port=6379, port_text="6379"), "redis", 6379)
    for e in plan_fix(f, src, applicability=_applicability(f)).edits:
        assert span_offsets(src, e.span) is not None


# --------------------------------------------------------------------------- end to end (CLI)

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nCMD [\"python\", \"app.py\"]\n"


def cli_fix(root: Path, *args: str):
    from dockwise.cli import cli

    runner = CliRunner()
    cwd = Path.cwd()
    try:
        import os

        os.chdir(root)
        return runner.invoke(cli, ["fix", "--no-cache", *args, "."], catch_exceptions=False)
    finally:
        os.chdir(cwd)


E2E_YAML = [
    pytest.param(
        {"compose.yaml": "services:\n  web:\n    image: nginx\n    environment:\n"
                         "      # the cache\n      REDIS_URL: 'redis://localhost:6379/0'\n"
                         "  redis:\n    image: redis:7\n"},
        {"compose.yaml": "services:\n  web:\n    image: nginx\n    environment:\n"
                         "      # the cache\n      REDIS_URL: 'redis://redis:6379/0'\n"
                         "  redis:\n    image: redis:7\n"},
        id="compose-map-single-quoted",
    ),
    pytest.param(
        {"compose.yaml": "x-env: &env\n  REDIS_URL: redis://localhost:6379/0\nservices:\n"
                         "  web:\n    image: nginx\n    environment: *env\n  worker:\n    image: busybox\n"
                         "    environment: *env\n  redis:\n    image: redis:7\n"},
        {"compose.yaml": "x-env: &env\n  REDIS_URL: redis://redis:6379/0\nservices:\n"
                         "  web:\n    image: nginx\n    environment: *env\n  worker:\n    image: busybox\n"
                         "    environment: *env\n  redis:\n    image: redis:7\n"},
        id="compose-anchor",
    ),
    pytest.param(
        {"compose.yaml": "services:\n  worker:\n    image: busybox\n    env_file:\n      - worker.env\n"
                         "  rabbitmq:\n    image: rabbitmq:3\n    ports:\n      - \"5672:5672\"\n",
         "worker.env": "CELERY_BROKER_URL=amqp://guest:guest@localhost:5672//\n"},
        {"worker.env": "CELERY_BROKER_URL=amqp://guest:guest@rabbitmq:5672//\n"},
        id="env-file",
    ),
    pytest.param(
        {"compose.yaml": "services:\n  worker:\n    image: busybox\n    environment:\n"
                         "      - OLLAMA_URL=http://host.docker.internal:11434\n"},
        {"compose.yaml": "services:\n  worker:\n    image: busybox\n    environment:\n"
                         "      - OLLAMA_URL=http://host.docker.internal:11434\n"
                         "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n"},
        id="dw106",
    ),
    pytest.param(
        {"compose.yaml": "services:\n  api:\n    image: busybox\n    environment:\n"
                         "      DATABASE_URL: \"postgresql://app@db:15432/app\"\n"
                         "  db:\n    image: postgres:16\n    ports:\n      - \"15432:5432\"\n"},
        {"compose.yaml": "services:\n  api:\n    image: busybox\n    environment:\n"
                         "      DATABASE_URL: \"postgresql://app@db:5432/app\"\n"
                         "  db:\n    image: postgres:16\n    ports:\n      - \"15432:5432\"\n"},
        id="dw103-double-quoted",
    ),
]

SHAPES_COMPOSE = (
    "services:\n  web:\n    build: ./web\n  db:\n    image: postgres:16\n    ports:\n      - \"15432:5432\"\n"
    "  mongo1:\n    image: mongo:7\n  mongo2:\n    image: mongo:7\n    ports:\n      - \"27018:27017\"\n"
    "  rabbitmq:\n    image: rabbitmq:3\n    ports:\n      - \"15673:5672\"\n"
)
SHAPES_BEFORE = """import os

import pika
import requests
from pymongo import MongoClient

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "localhost",
        "PORT": "15432",
    }
}
params = pika.ConnectionParameters(host="localhost", port=15673)
client = MongoClient("mongodb://mongo1:27017,localhost:27018/?replicaSet=rs0")
OLLAMA = "http://[::1]:11434/api"
DSN = ("postgresql://app@"  # who
       "localhost:15432"
       f"/{os.environ.get('DB', 'app')}")
models = pika.BlockingConnection(params), requests.get(OLLAMA), requests.get(DSN)
"""
SHAPES_AFTER = """import os

import pika
import requests
from pymongo import MongoClient

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db",
        "PORT": "5432",
    }
}
params = pika.ConnectionParameters(host="rabbitmq", port=5672)
client = MongoClient("mongodb://mongo1:27017,mongo2:27017/?replicaSet=rs0")
OLLAMA = "http://host.docker.internal:11434/api"
DSN = ("postgresql://app@"  # who
       "db:5432"
       f"/{os.environ.get('DB', 'app')}")
models = pika.BlockingConnection(params), requests.get(OLLAMA), requests.get(DSN)
"""

E2E_PYTHON = [
    pytest.param(
        {"compose.yaml": "services:\n  web:\n    build: ./web\n  redis:\n    image: redis:7\n",
         "web/Dockerfile": DOCKERFILE,
         "web/app.py": 'import redis\n\ncache = redis.Redis.from_url("redis://localhost:6379/0")  # here\n'},
        {"web/app.py": 'import redis\n\ncache = redis.Redis.from_url("redis://redis:6379/0")  # here\n'},
        id="python-plain",
    ),
    pytest.param(
        {"compose.yaml": "services:\n  web:\n    build: ./web\n  db:\n    image: postgres:16\n"
                         "    ports:\n      - \"15432:5432\"\n",
         "web/Dockerfile": DOCKERFILE,
         "web/app.py": 'import psycopg2\n\nconn = psycopg2.connect(\n    "postgresql://app@localhost:15432/app",\n)\n'},
        {"web/app.py": 'import psycopg2\n\nconn = psycopg2.connect(\n    "postgresql://app@db:5432/app",\n)\n'},
        id="python-published-port",
    ),
    pytest.param(
        {"compose.yaml": "services:\n  web:\n    build: ./web\n",
         "web/Dockerfile": DOCKERFILE,
         "web/app.py": 'import httpx\n\nOLLAMA_URL = "http://localhost:11434"\nclient = httpx.Client(base_url=OLLAMA_URL)\n'},
        {"web/app.py": 'import httpx\n\nOLLAMA_URL = "http://host.docker.internal:11434"\nclient = httpx.Client(base_url=OLLAMA_URL)\n',
         "compose.yaml": "services:\n  web:\n    build: ./web\n"
                         "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n"},
        id="python-host-alias-and-extra-hosts",
    ),
    pytest.param(
        {"compose.yaml": SHAPES_COMPOSE, "web/Dockerfile": DOCKERFILE, "web/app.py": SHAPES_BEFORE},
        {"web/app.py": SHAPES_AFTER,
         "compose.yaml": SHAPES_COMPOSE.replace("    build: ./web\n", "    build: ./web\n"
                                                "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n")},
        id="python-keyword-dict-multihost-ipv6-concat",
    ),
]


def _e2e(tmp_path, before, after):
    root = project(tmp_path, before)
    res = cli_fix(root)
    assert res.exit_code in (0, 1), res.output
    for rel, text in before.items():
        want = after.get(rel, text)
        assert (root / rel).read_bytes() == want.encode("utf-8"), rel
    snapshot = {rel: (root / rel).read_bytes() for rel in before}
    again = cli_fix(root)
    assert again.exit_code in (0, 1), again.output
    assert {rel: (root / rel).read_bytes() for rel in before} == snapshot
    assert "Fixed" not in again.output


@pytest.mark.parametrize("before, after", E2E_YAML)
def test_e2e_yaml_golden(tmp_path, before, after):
    _e2e(tmp_path, before, after)


@pytest.mark.parametrize("before, after", E2E_PYTHON)
def test_e2e_python_golden(tmp_path, before, after):
    _e2e(tmp_path, before, after)


def test_e2e_stdin_filename_prints_fixed_source(tmp_path):
    from dockwise.cli import cli

    files = {"compose.yaml": "services:\n  web:\n    build: ./web\n  redis:\n    image: redis:7\n",
             "web/Dockerfile": DOCKERFILE, "web/app.py": "X = 1\n"}
    root = project(tmp_path, files)
    src = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'
    res = CliRunner().invoke(cli, ["fix", "--no-cache", "--stdin-filename", str(root / "web/app.py")], input=src)
    assert res.stdout == 'import redis\nr = redis.Redis(host="redis", port=6379)\n'
    assert (root / "web/app.py").read_text() == "X = 1\n"


def test_e2e_stdin_compose_file(tmp_path):
    from dockwise.cli import cli

    compose = ("services:\n  web:\n    image: nginx\n    environment:\n      URL: redis://localhost:6379  # c\n"
               "  redis:\n    image: redis:7\n")
    root = project(tmp_path, {"compose.yaml": "services: {}\n"})
    name = str(root / "compose.yaml")
    res = CliRunner().invoke(cli, ["fix", "--no-cache", "--stdin-filename", name], input=compose)
    assert res.stdout == compose.replace("localhost", "redis")
    assert (root / "compose.yaml").read_text() == "services: {}\n"
    res = CliRunner().invoke(cli, ["fix", "--diff", "--no-cache", "--stdin-filename", name], input=compose)
    assert res.exit_code == 1
    assert res.stdout.startswith("--- a/compose.yaml\n+++ b/compose.yaml\n")
    assert "+      URL: redis://redis:6379  # c\n" in res.stdout
    assert (root / "compose.yaml").read_text() == "services: {}\n"


@pytest.mark.parametrize("source, expected", [
    ("app.run()\n", 'app.run(host="0.0.0.0")\n'),
    ("app.run(debug=True)\n", 'app.run(debug=True, host="0.0.0.0")\n'),
    ("app.run(port=5000,)\n", 'app.run(port=5000, host="0.0.0.0",)\n'),
    ("app.run((5000))\n", 'app.run((5000), host="0.0.0.0")\n'),
    ("app.run(\n    debug=True,  # why\n)\n", 'app.run(\n    debug=True, host="0.0.0.0",  # why\n)\n'),
    ("x = 'é'; app.run(port=1)\n", "x = 'é'; app.run(port=1, host=\"0.0.0.0\")\n"),
    ("app.run(**opts)\n", None),
    ("app.run(host=h)\n", None),
    ("app.run(  # no\n)\n", None),
])
def test_bind_default_edit(source, expected):
    """DW201's fix: host="0.0.0.0" added to the server call (found with CPython's parser)."""
    from dockwise.fix.bind import bind_default_edit

    line = source.split("\n").index(next(l for l in source.split("\n") if "app.run" in l)) + 1
    column = source.split("\n")[line - 1].index("app.run") + 1
    edit = bind_default_edit(source, Span("app.py", line, column, line, column + 7))
    if expected is None:
        assert edit is None
        return
    starts = line_starts(source)
    at = span_offsets(source, edit.span, starts)
    assert splice(source, [(at[0], at[1], edit.content)]) == expected


def test_dw106_service_block_that_uses_an_anchor_defined_elsewhere(tmp_path):
    # the service's lines do not load on their own (the alias's anchor is above them):
    # the edit is verified on the whole file instead, and still applies
    before = ("x-env: &env\n  TZ: UTC\nservices:\n  worker:\n    image: w\n    environment: *env\n"
              "  api:\n    image: a\n")
    after = ("x-env: &env\n  TZ: UTC\nservices:\n  worker:\n    image: w\n    environment: *env\n"
             "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n  api:\n    image: a\n")
    edit = host_gateway_edit(before, CY, "worker")
    assert edit is not None
    layout = gw_layout({CY: before}, "worker")
    f = finding("DW106", endpoint(CY, before, "worker"), services=("worker",))
    outcome, files = fix_files(tmp_path, {CY: before}, [f], layout=layout)
    assert not outcome.errors and files[CY] == after
