"""A server the container's own Python binds on a port written in the code
(``WSGIServer(("0.0.0.0", 8002), app)``, ``app.run(port=8002)``) listens in that container,
whichever of its processes runs it (a helper server its start script launches beside the app):
a loopback address of that port, dialled there, reaches it (``flow/selfserve.py``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = "services:\n  web:\n    build: .\n    entrypoint: ./start.sh\n"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
START = "#!/bin/sh\npython helper/main.py &\nexec python -m app\n"
CLIENT = ("import requests\n\nSEARCH_SERVER = 'http://localhost:8002'\nOTHER = 'http://localhost:8003'\n\n\n"
          "def ask():\n    requests.post(SEARCH_SERVER + '/search/', json={})\n    requests.post(OTHER + '/x/', json={})\n\n\n"
          "ask()\n")
GEVENT = ("from flask import Flask\nfrom gevent.pywsgi import WSGIServer\n\napp = Flask(__name__)\n\n"
          "if __name__ == '__main__':\n    WSGIServer(('0.0.0.0', {port}), app).serve_forever()\n")
FLASK = "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', port={port})\n"


def flagged(tmp_path: Path, helper: str, start: str = START, compose: str = COMPOSE) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "start.sh": start,
                    "app/__init__.py": "", "app/__main__.py": CLIENT, "helper/main.py": helper}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


@pytest.mark.parametrize("helper", [GEVENT, FLASK])
def test_the_port_a_server_of_the_container_binds_is_its_own(tmp_path, helper):
    # 8002 is the helper's, in the same container: silent; 8003 is no one's: reported
    assert flagged(tmp_path, helper.replace("{port}", "8002")) == [("app/__main__.py", 4, "DW101")]


def test_a_server_on_another_port_is_not_that_address(tmp_path):
    assert flagged(tmp_path, GEVENT.replace("{port}", "8004")) == [("app/__main__.py", 3, "DW101"),
                                                                   ("app/__main__.py", 4, "DW101")]


def test_a_server_the_container_does_not_run_as_its_script_serves_nothing(tmp_path):
    # the start script no longer runs helper/main.py: its __main__ block never runs there
    start = "#!/bin/sh\nexec python -m app\n"
    helper = GEVENT.replace("{port}", "8002")
    assert flagged(tmp_path, helper, start) == [("app/__main__.py", 3, "DW101"), ("app/__main__.py", 4, "DW101")]


def test_the_server_binding_loopback_is_still_reported(tmp_path):
    # the bind itself is no connect target: a server on 127.0.0.1 in a container whose port
    # is published is DW201 (checks/dw201.py), though the container's own code dials it too
    helper = GEVENT.replace("('0.0.0.0', {port})", "('127.0.0.1', 8002)")
    compose = COMPOSE + "    ports: ['8002:8002']\n"
    assert flagged(tmp_path, helper, compose=compose) == [("app/__main__.py", 4, "DW101"),
                                                          ("helper/main.py", 7, "DW201")]


ENV_CLIENT = ("import os\n\nimport requests\n\n\ndef ask():\n"
              "    requests.post(os.environ['SEARCH_SERVER'] + '/search/', json={})\n\n\nask()\n")


@pytest.mark.parametrize(("port", "expected"), [(8002, []), (8004, [("compose.yaml", 6, "DW101")])])
def test_a_compose_value_of_that_port_is_the_containers_own_too(tmp_path, port, expected):
    # the same address written in the service's environment and read by the code it runs
    compose = COMPOSE + "    environment:\n      SEARCH_SERVER: http://localhost:8002\n"
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "start.sh": START,
                    "app/__init__.py": "", "app/__main__.py": ENV_CLIENT,
                    "helper/main.py": GEVENT.replace("{port}", str(port))}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert sorted((f.span.path, f.span.line, f.code) for f in result.active) == expected


def test_a_server_call_written_over_many_lines_is_found_at_its_port(tmp_path):
    # only the statements on the port's lines are walked, and only where a server call's name
    # stands in the lines above the port: a call written over several lines, at the end of a
    # long module, still counts
    filler = "".join(f"def f{i}():\n    return {i}\n\n\n" for i in range(200))
    helper = ("import uvicorn\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n" + filler +
              "if __name__ == '__main__':\n    uvicorn.run(\n        app,\n        host='0.0.0.0',\n"
              "        log_level='info',\n        port=8002,\n    )\n")
    assert flagged(tmp_path, helper) == [("app/__main__.py", 4, "DW101")]

