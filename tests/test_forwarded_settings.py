"""A configurator container is given the settings of the servers it configures: a weak-named
value whose host names a service (``EDGE_UPSTREAM=http://backend:9000``) that its Python copies
from its whole environment into files for those servers (a Jinja template of a proxy's
configuration, a settings catalogue in JSON) and never reads by name.  It is forwarded, and
dialled where it is delivered: no DW104 on the configurator, which shares no network with the
backend (``flow/forwarded.py``).  So is ``DOCKER_HOST=tcp://dockerd:2375`` where the container
names the variable only in a list of names it leaves out of the copy and holds no Docker SDK.
The same shapes that do dial keep the finding: a read by name handed to a client, the Docker
SDK imported, a list of names read one by one, a name composed from a suffix."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = ('FROM python:3.12-slim\nWORKDIR /opt/relay\nCOPY relay/ ./relay/\nCOPY catalog.json ./\n'
              'COPY templates/ ./templates/\nCMD ["python", "-m", "relay.main"]\n')
MAIN = ('import json\nimport os\n\nimport jinja2\n\nfrom relay.skip import SKIPPED\n\n'
        'def settings():\n'
        '    return {k: v for k, v in os.environ.items() if k not in SKIPPED}\n\n\n'
        'def render():\n'
        '    env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates"))\n'
        '    text = env.get_template("edge.conf").render(**settings())\n'
        '    with open("/shared/edge.conf", "w") as fh:\n'
        '        fh.write(text)\n'
        '    with open("/shared/settings.json", "w") as fh:\n'
        '        json.dump(settings(), fh)\n\n\n'
        'render()\n')
SKIP = 'SKIPPED = frozenset({"DOCKER_HOST", "HOME", "PATH"})\n'
CATALOG = '{"EDGE_UPSTREAM": {"type": "url", "default": ""}}\n'
TEMPLATE = 'server {\n  location / {\n    proxy_pass {{ EDGE_UPSTREAM }};\n  }\n}\n'


def findings(tmp_path: Path, *, main: str = MAIN, skip: str = SKIP,
             extra: dict[str, str] | None = None) -> list[tuple[str, int, str]]:
    compose = ("services:\n"
               "  relay:\n    build: .\n    environment:\n"
               "      EDGE_UPSTREAM: http://backend:9000\n"
               "      DOCKER_HOST: tcp://dockerd:2375\n"
               "    networks: [control]\n"
               "  backend:\n    image: acme/backend:2\n    networks: [apps]\n"
               "  dockerd:\n    image: acme/dockerd:1\n    networks: [engine]\n"
               "networks:\n  control: {}\n  apps: {}\n  engine: {}\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "relay/__init__.py": "",
                    "relay/main.py": main, "relay/skip.py": skip, "catalog.json": CATALOG,
                    "templates/edge.conf": TEMPLATE, **(extra or {})}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_settings_only_forwarded_are_no_finding(tmp_path):
    assert findings(tmp_path) == []


def test_a_read_by_name_handed_to_a_client_keeps_it(tmp_path):
    main = MAIN.replace('render()\n', 'import requests\n\nrequests.get(os.environ["EDGE_UPSTREAM"])\nrender()\n')
    assert findings(tmp_path, main=main) == [("compose.yaml", 5, "DW104")]


def test_the_docker_sdk_imported_keeps_the_docker_host(tmp_path):
    extra = {"relay/engine.py": "import docker\n\nclient = docker.from_env()\n"}
    assert findings(tmp_path, extra=extra) == [("compose.yaml", 6, "DW104")]


def test_a_list_of_names_read_one_by_one_keeps_it(tmp_path):
    skip = SKIP + '\nimport os\n\nfor var in ("DOCKER_HOST",):\n    print(os.getenv(var))\n'
    assert findings(tmp_path, skip=skip) == [("compose.yaml", 6, "DW104")]


def test_a_name_composed_from_a_suffix_keeps_it(tmp_path):
    extra = {"relay/probe.py": 'import os\n\nimport requests\n\n'
                               'for part in ("EDGE",):\n    requests.get(os.environ[part + "_UPSTREAM"])\n'}
    assert findings(tmp_path, extra=extra) == [("compose.yaml", 5, "DW104")]
