"""A workflow orchestrator's client (Prefect: its CLI's workers, a flow's ``serve()``) sends
every API call to ``PREFECT_API_URL``, without the project's code naming the variable.  A
loopback value in a worker's container is the worker itself, and the server's service is
found by the port its server listens on (4200) even where nothing publishes it; the server's
service name is right.  In the server's own container the variable is the API URL its UI
hands to browsers (``rules/commands.yaml`` own_url_env): no value there is dialled.  A
container given the value by a shared env file that runs neither the client nor code naming
the variable reads it nowhere."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.knowledge import default_knowledge
from dockwise.layout.startcmd import analyze_command
from tests.conftest import make


def _layout(server_value: str, value: str, server_command: str = "prefect server start --host 0.0.0.0") -> str:
    return ("services:\n"
            "  orchestrator:\n    image: prefecthq/prefect:3-latest\n"
            f"    command: {server_command}\n"
            f"    environment:\n      PREFECT_API_URL: {server_value}\n"
            "  runner:\n    image: prefecthq/prefect:3-latest\n"
            "    command: prefect worker start --pool default\n"
            f"    environment:\n      PREFECT_API_URL: {value}\n"
            "  pipelines:\n    build: .\n    command: python pipelines/main.py\n"
            f"    environment:\n      PREFECT_API_URL: {value}\n")


def _findings(tmp_path: Path, compose: str) -> list[tuple[str, str, str | None]]:
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": "FROM python:3.12-slim\nRUN pip install prefect\nWORKDIR /srv\nCOPY . .\n",
        "pipelines/main.py": "from prefect import flow\n\n\n@flow\ndef nightly():\n    return 1\n\n\n"
                             "if __name__ == \"__main__\":\n    nightly.serve(name=\"nightly\")\n",
    }, git=True)
    return sorted((f.code, f.services[0], f.suggestion.host if f.suggestion else None)
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_loopback_api_url_in_a_worker_is_the_worker_itself(tmp_path):
    # nothing publishes 4200: the server's own port names the service
    assert _findings(tmp_path, _layout("http://127.0.0.1:4200/api", "http://localhost:4200/api")) == [
        ("DW101", "pipelines", "orchestrator"), ("DW101", "runner", "orchestrator")]


def test_the_server_by_its_service_name_is_right(tmp_path):
    assert _findings(tmp_path, _layout("http://127.0.0.1:4200/api", "http://orchestrator:4200/api")) == []


@pytest.mark.parametrize("server_value", ["http://localhost:4200/api", "http://172.17.0.1:4200/api",
                                          "http://host.docker.internal:4200/api"])
def test_the_servers_own_api_url_is_handed_to_browsers_not_dialled(tmp_path, server_value):
    assert _findings(tmp_path, _layout(server_value, "http://orchestrator:4200/api")) == []


def test_the_workers_are_flagged_and_the_server_beside_them_is_not(tmp_path):
    assert _findings(tmp_path, _layout("http://172.17.0.1:4200/api", "http://localhost:4200/api")) == [
        ("DW101", "pipelines", "orchestrator"), ("DW101", "runner", "orchestrator")]


def test_the_older_server_command_is_the_same_server(tmp_path):
    compose = _layout("http://172.17.0.1:4200/api", "http://orchestrator:4200/api", "prefect orion start")
    assert _findings(tmp_path, compose) == []


def test_a_server_command_beside_a_worker_still_dials(tmp_path):
    # the container also runs a worker, which sends its calls to the value
    compose = _layout("http://172.17.0.1:4200/api", "http://orchestrator:4200/api",
                      "sh -c \"prefect server start --host 0.0.0.0 & prefect worker start --pool default\"")
    assert [f[:2] for f in _findings(tmp_path, compose)] == [("DW102", "orchestrator")]


def test_another_prefect_subcommand_is_no_server():
    # `prefect server database upgrade` migrates and exits: only `server start` listens
    knowledge = default_knowledge()
    assert [s.name for s in analyze_command(["prefect", "server", "start"], knowledge).servers] == ["prefect-server"]
    assert analyze_command(["prefect", "server", "database", "upgrade", "-y"], knowledge).servers == ()
    assert analyze_command(["prefect", "worker", "start", "--pool", "p"], knowledge).servers == ()


def _shared(tmp_path: Path, code: str) -> list[str]:
    # the value comes from an env file every service loads
    make(tmp_path, {
        "compose.yaml": "services:\n  app:\n    build: .\n    command: python app/main.py\n    env_file: .env\n"
                        "  orchestrator:\n    image: prefecthq/prefect:3-latest\n"
                        "    command: prefect server start --host 0.0.0.0\n",
        ".env": "PREFECT_API_URL=http://localhost:4200/api\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/main.py": code,
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_shared_value_is_read_where_the_client_runs(tmp_path):
    assert _shared(tmp_path, "from prefect import get_client\n\n\nclient = get_client()\n") == ["DW101"]


def test_a_shared_value_is_read_nowhere_without_the_client(tmp_path):
    assert _shared(tmp_path, "import json\n\n\nprint(json.dumps({}))\n") == []
