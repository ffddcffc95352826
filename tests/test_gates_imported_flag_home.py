"""A feature flag imported from the module that computes it, where that module names the
variable through one of its own constants (``ENV_ENABLE_OTEL = "APP_ENABLE_OTEL"``, then
``ENABLE_OTEL = os.getenv(ENV_ENABLE_OTEL, "false").strip().lower() == "true"``): the branch
``if ENABLE_OTEL:`` in the importing module reads that variable.  The constant is looked up in
the module that binds the flag, not in the one that imports it; a container that leaves the
variable unset never takes the branch, and never builds the exporter the branch sets up."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "-m", "app.main"]\n'

CONSTANTS = """\
import os

ENV_ENABLE_OTEL = "APP_ENABLE_OTEL"
ENABLE_OTEL = os.getenv(ENV_ENABLE_OTEL, "false").strip().lower() == "true"
_BASE = os.getenv("APP_OTLP_BASE", "http://localhost:4318")
TRACE_ENDPOINT = os.getenv("APP_OTLP_TRACE") or f"{_BASE}/v1/traces"
"""
OTEL = """\
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter


def _exporter(endpoint):
    return OTLPSpanExporter(endpoint=endpoint)


def setup_otel():
    from .constants import TRACE_ENDPOINT

    return _exporter(TRACE_ENDPOINT)
"""
MAIN = """\
from .constants import ENABLE_OTEL


class Api:
    def start(self):
        if ENABLE_OTEL:
            from .otel import setup_otel

            setup_otel()


if __name__ == "__main__":
    Api().start()
"""


def _findings(tmp_path: Path, env: str, constants: str = CONSTANTS) -> list[tuple[str, str, int]]:
    compose = f"services:\n  api:\n    build: .\n    environment:\n{env}"
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": compose, "app/__init__.py": "",
                    "app/constants.py": constants, "app/otel.py": OTEL, "app/main.py": MAIN}, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


DEFAULT = [("DW101", "app/constants.py", 5)]


def test_the_flag_left_off_builds_no_exporter(tmp_path):
    assert _findings(tmp_path, "      APP_MODE: prod\n") == []


def test_the_flag_turned_on_dials_the_default(tmp_path):
    assert _findings(tmp_path, '      APP_ENABLE_OTEL: "true"\n') == DEFAULT


def test_a_name_the_module_computes_at_run_time_keeps_the_branch(tmp_path):
    constants = CONSTANTS.replace('ENV_ENABLE_OTEL = "APP_ENABLE_OTEL"',
                                  'ENV_ENABLE_OTEL = os.environ.get("FLAG_VAR", "APP_ENABLE_OTEL")')
    assert _findings(tmp_path, "      APP_MODE: prod\n", constants) == DEFAULT
