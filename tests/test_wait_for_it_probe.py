"""wait-for-it (``wait-for-it host:port [-t N] [-- command]``, also ``-h HOST -p PORT``) and
eficode's wait-for dial the host they wait for before the command after ``--`` runs: that
host is a connect target of the container, as the host of ``until nc -z db 5432`` is.
Before, these programs were read only as wrappers of the command after ``--``, so a typo
of the service (``postgress:5432``), a loopback address or a published port in them was
never judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"


def _findings(tmp_path: Path, entry: str, *, ports: str = "") -> list[tuple[str, str, str]]:
    compose = ("services:\n"
               "  postgres:\n    image: postgres:16\n" + ports +
               "  api:\n    build: .\n"
               f"    entrypoint: {entry}\n"
               "    command: [\"python\", \"app.py\"]\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "app.py": "print('up')\n",
                    "wait-for-it.sh": "#!/bin/bash\n"}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.code, f.span.path, f.endpoint.host) for f in result.active)


def test_a_typo_of_the_service_waited_for_is_flagged(tmp_path):
    found = _findings(tmp_path, '["./wait-for-it.sh", "postgress:5432", "--"]')
    assert found == [("DW105", "compose.yaml", "postgress")]


def test_loopback_waited_for_is_flagged(tmp_path):
    found = _findings(tmp_path, '["./wait-for-it.sh", "-t", "30", "localhost:5432", "--"]')
    assert found == [("DW101", "compose.yaml", "localhost")]


def test_published_port_waited_for_is_flagged(tmp_path):
    found = _findings(tmp_path, '["wait-for", "postgres:15432", "--"]', ports='    ports: ["15432:5432"]\n')
    assert found == [("DW103", "compose.yaml", "postgres")]


def test_host_and_port_options_are_read(tmp_path):
    found = _findings(tmp_path, '["wait-for-it", "-h", "localhost", "-p", "5432", "--"]')
    assert found == [("DW101", "compose.yaml", "localhost")]


def test_the_right_service_and_port_stay_silent(tmp_path):
    assert _findings(tmp_path, '["./wait-for-it.sh", "-t", "30", "postgres:5432", "--"]') == []


def test_the_command_after_double_dash_is_not_probed(tmp_path):
    # the words after `--` are the command it runs next (here a client given its own
    # argument), not the host it waits for
    assert _findings(tmp_path, '["./wait-for-it.sh", "postgres:5432", "--", "echo", "localhost:5432"]') == []


def test_a_host_without_a_port_is_not_judged(tmp_path):
    # a project's own script of that name given a bare host: its port is not known
    assert _findings(tmp_path, '["./wait-for-it.sh", "localhost", "--"]') == []
