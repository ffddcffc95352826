"""The Keycloak image runs its Java server from its own entrypoint (``kc.sh``), whose first
argument is the server's command: ``command: start-dev`` under that image starts Keycloak,
no Python of the project.  Given the stack's shared env file, it does not dial the
application's addresses there (its documentation names ``KC_DB_URL_HOST``, not those), so a
service name on a network it is not attached to is no problem of its container (which
holds the realm files mounted for its import); the app
container that reads the same file, on that same isolated network, still is."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  cache:
    image: redis:7
    networks: [inner]
  api:
    build: .
    env_file: [shared.env]
    networks: [{api_net}]
  sso:
    image: quay.io/keycloak/keycloak:26.0
    command: {command}
    env_file: [shared.env]
    volumes:
      - ./realm:/opt/keycloak/data/import
    networks: [outer]
networks:
  inner:
  outer:
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD [\"python\", \"svc/main.py\"]\n"
APP = "import os\n\nimport redis\n\nqueue = redis.Redis.from_url(os.environ[\"QUEUE_URL\"])\n"
ENV = "QUEUE_URL=redis://cache:6379/0\n"


def _services(tmp_path, command="start-dev --import-realm", api_net="inner"):
    make(tmp_path, {"compose.yaml": COMPOSE.format(command=command, api_net=api_net), "Dockerfile": DOCKERFILE,
                    "svc/main.py": APP, "shared.env": ENV,
                    "realm/demo-realm.json": '{"realm": "demo", "enabled": true}\n'}, git=True)
    return sorted((f.code, s) for f in run_check([tmp_path], Config(cache=False)).active for s in f.services)


def test_keycloak_server_command_dials_none_of_the_apps_variables(tmp_path):
    assert _services(tmp_path) == []


def test_the_app_on_the_other_network_is_still_reported(tmp_path):
    assert _services(tmp_path, api_net="outer") == [("DW104", "api")]
