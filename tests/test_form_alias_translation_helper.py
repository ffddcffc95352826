"""A helper that rewrites a loopback name a user typed into the Docker host alias
(``if host == "localhost": host = "host.docker.internal"``) translates an address for some
container: which one is said by where its result goes, not by the alias's form.  Where the
result only travels in the JSON body of a request to another service's API (an ingestion
server whose connector containers dial the database), the container running the helper never
resolves the alias: no DW106 there.  Where the result reaches a client the container runs, the
alias is dialled there and the finding stays."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

HELPERS = '''\
import requests

SYNC_API = "http://sync:8001/api/v1"


def for_containers(db_host):
    """a host the user typed on their machine, as a container reaches it"""
    converted_host = db_host
    if db_host == "localhost":
        converted_host = "host.docker.internal"
    return converted_host


def check_source(config):
    payload = {"connection": {"host": for_containers(config["host"]), "port": config["port"]}}
    return requests.post(f"{SYNC_API}/sources/check", json=payload, timeout=10).json()
'''

DIALLING = '''\
import psycopg2


def probe(config):
    conn = psycopg2.connect(host=for_containers(config["host"]), port=5432, dbname="x")
    conn.close()
'''

APP = '''\
from flask import Flask, request

from .helpers import check_source

app = Flask(__name__)


@app.post("/sources")
def add_source():
    return check_source(request.get_json())
'''


def findings(tmp_path, helpers: str = HELPERS) -> list:
    make(tmp_path, {
        "compose.yaml": ("services:\n  sync:\n    image: example/sync-server:1\n  web:\n    build: .\n"
                         "    command: gunicorn -b 0.0.0.0:5000 web.app:app\n    ports:\n      - \"5000:5000\"\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "web/__init__.py": "",
        "web/app.py": APP,
        "web/helpers.py": helpers,
    }, git=True)
    return [(f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_an_alias_a_helper_sends_in_a_payload_is_not_dialled_here(tmp_path):
    assert findings(tmp_path) == []


def test_an_alias_the_container_dials_stays(tmp_path):
    helpers = HELPERS + "\n\n" + DIALLING + "\n\nprobe({'host': 'localhost'})\n"
    assert ("web/helpers.py", 10, "DW106") in findings(tmp_path, helpers)
