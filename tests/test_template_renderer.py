"""A configurator service: its start script fills configuration templates from the container's
environment (j2, jinja2-cli, envsubst) and writes them to a volume that other containers
read.  The addresses in its environment are dialled by those other containers, never by the
renderer (``rules/frameworks.yaml`` renderers): judged in the configurator's container they
were wrong findings (DW104 "shares no network" for every database URL it hands on).  A
container whose script renders and then starts the project's Python is judged as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

# the configurator is on the default network, the database on another one: a client there
# could not resolve `postgres`
COMPOSE = """\
services:
  configurator:
    build: configurator
    environment:
      - APP_CONFIG_DATABASE_CONNECTION=postgresql://app:secret@postgres/app
      - APP_CONFIG_QUEUE=amqp://app:secret@queue/app
    volumes:
      - ./shared:/config
  postgres:
    image: postgres:16
    networks: [back]
  queue:
    image: rabbitmq:3
    networks: [back]
networks:
  back: {}
"""
DOCKERFILE = """\
FROM alpine:3.19
RUN apk add --no-cache bash python3 py3-pip && pip3 install j2cli
COPY templates /templates
COPY hooks.py /hooks.py
COPY run.sh /usr/bin/run.sh
ENTRYPOINT ["/usr/bin/run.sh"]
"""
# the hooks j2 imports: every APP_CONFIG_* variable into one mapping, by a scan of the environment
HOOKS = """\
import os


def alter_context(context):
    out = dict(os.environ)
    out["app"] = {k[len("APP_CONFIG_"):].lower(): v for k, v in os.environ.items() if k.startswith("APP_CONFIG_")}
    return out
"""
TEMPLATE = "database:\n  connection: {{ app.database_connection }}\n  queue: {{ APP_CONFIG_QUEUE }}\n"
RENDER = """\
#!/bin/bash
set -e
touch /config/configurator.lock
for conf in app.yml; do
  echo "Configuring $conf"
  j2 --customize /hooks.py --undefined -o "/tmp/$conf" "/templates/$conf.j2"
  diff "/config/$conf" "/tmp/$conf" || true
  mv -f "/tmp/$conf" "/config/$conf"
done
envsubst < /templates/extra.tpl > /config/extra.conf
rm /config/configurator.lock
"""


def _findings(tmp_path: Path, script: str, app: str | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
    files = {"compose.yaml": COMPOSE, "configurator/Dockerfile": DOCKERFILE, "configurator/run.sh": script,
             "configurator/hooks.py": HOOKS, "configurator/templates/app.yml.j2": TEMPLATE,
             "configurator/templates/extra.tpl": "queue ${APP_CONFIG_QUEUE}\n"}
    if app is not None:
        files["configurator/app.py"] = app
    make(tmp_path, files, git=True)
    return [(f.code, f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_renderer_hands_its_environment_on_and_dials_none_of_it(tmp_path):
    assert _findings(tmp_path, RENDER) == []


def test_a_script_that_renders_and_then_starts_the_projects_python_is_still_judged(tmp_path):
    app = "import os\nimport psycopg\n\nconn = psycopg.connect(os.environ['APP_CONFIG_DATABASE_CONNECTION'])\n"
    found = _findings(tmp_path, RENDER.replace("rm /config/configurator.lock\n",
                                               "rm /config/configurator.lock\nexec python3 /app.py\n")
                      .replace("COPY hooks.py", "COPY app.py /app.py\nCOPY hooks.py"), app)
    assert ("DW104", "compose.yaml", ("configurator",)) in found


def test_an_unknown_program_after_the_renderer_keeps_the_findings(tmp_path):
    # a program dockwise does not know may dial anything it is given
    found = _findings(tmp_path, RENDER + "exec /usr/local/bin/syncer\n")
    assert ("DW104", "compose.yaml", ("configurator",)) in found
