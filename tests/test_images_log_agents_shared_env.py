"""Log and telemetry agents (Grafana Alloy, Promtail, Loki) read only the variables their own
configuration file names (Alloy's ``sys.env("X")``, Promtail's and Loki's ``${X}`` with
``-config.expand-env``): given the application's whole ``.env`` through ``env_file``, they dial
none of its database URLs.  The application's container that reads the same file still dials
its loopback ``DATABASE_URL``: that finding stays, attributed to it alone."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

AGENTS = {
    "alloy": ("grafana/alloy:latest", "run /etc/alloy/pipeline.alloy"),
    "promtail": ("grafana/promtail:3.0.0", "-config.file=/etc/promtail/pipeline.yaml"),
    "loki": ("grafana/loki:3.0.0", "-config.file=/etc/loki/store.yaml"),
}


def _findings(tmp_path: Path, agent: str) -> list[tuple[str, int, str, tuple[str, ...]]]:
    image, command = AGENTS[agent]
    compose = ("services:\n"
               "  ledger:\n    image: postgres:16\n"
               "  tracker:\n    build: .\n    env_file: .env\n"
               "    command: python -m tracker\n"
               f"  shipper:\n    image: {image}\n    env_file: .env\n"
               f"    command: {command}\n")
    make(tmp_path, {"compose.yaml": compose,
                    "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
                    "tracker/__init__.py": "",
                    "tracker/__main__.py": "import os\nimport sqlalchemy\n\n"
                                           "engine = sqlalchemy.create_engine(os.environ['DATABASE_URL'])\n",
                    ".env.example": "LOG_LEVEL=info\nDATABASE_URL=postgresql://app:pw@localhost:5432/app\n"},
         git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.span.line, f.code, f.services) for f in result.active)


def test_alloy_given_the_shared_env_dials_none_of_it(tmp_path):
    assert _findings(tmp_path, "alloy") == [(".env.example", 2, "DW101", ("tracker",))]


def test_promtail_given_the_shared_env_dials_none_of_it(tmp_path):
    assert _findings(tmp_path, "promtail") == [(".env.example", 2, "DW101", ("tracker",))]


def test_loki_given_the_shared_env_dials_none_of_it(tmp_path):
    assert _findings(tmp_path, "loki") == [(".env.example", 2, "DW101", ("tracker",))]
