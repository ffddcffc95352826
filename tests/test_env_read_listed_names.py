"""A module that reads the environment by a name a loop takes from a list written out
(``any(os.getenv(name) for name in ("OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER"))``)
reads those names only, which its text writes: it hides no read of another variable, so a
container whose code runs it still reads the shared ``.env``'s ``DATABASE_URL`` nowhere
(``libreaders.opaque``).  A name from anywhere else (a parameter, a list bound elsewhere) or
a list that holds the variable keeps the container judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

ENV = "DATABASE_URL=postgresql://app:pw@localhost:5432/app\n"
API_DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "-m", "api.main"]\n'
API_MAIN = 'import os\n\nimport psycopg\n\npsycopg.connect(os.environ["DATABASE_URL"])\n'
SIM_DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . ./sim/\nCMD ["python", "-m", "sim.main"]\n'
SIM_MAIN = '''\
import os
import time

from sim.tracing import exporting


def main():
    while True:
        if exporting():
            print("tick", flush=True)
        time.sleep(float(os.getenv("SIM_PERIOD", "1")))


main()
'''
TRACING = '''\
import os


def exporting() -> bool:
    return any(
        os.getenv(name, "").strip().lower() not in {{"", "none"}}
        for name in {names}
    )
'''


def findings(tmp_path: Path, names: str = '("OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER")',
             tracing: str = TRACING) -> list[tuple[str, str, str]]:
    compose = ("services:\n"
               "  api:\n    build: ./api\n    env_file: .env\n"
               "  sim:\n    build: ./sim\n    env_file: .env\n")
    files = {"compose.yaml": compose, ".env": ENV,
             "api/Dockerfile": API_DOCKERFILE, "api/api/__init__.py": "", "api/api/main.py": API_MAIN,
             "sim/Dockerfile": SIM_DOCKERFILE, "sim/__init__.py": "", "sim/main.py": SIM_MAIN,
             "sim/tracing.py": tracing.format(names=names)}
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, ",".join(f.services)) for f in result.active)


def test_names_a_loop_takes_from_a_written_list_hide_no_read(tmp_path):
    assert findings(tmp_path) == [(".env", "DW101", "api")]


def test_a_for_loop_over_a_written_list_too(tmp_path):
    tracing = ('import os\n\n\ndef exporting() -> bool:\n    for key in ["OTEL_TRACES_EXPORTER"]:\n'
               '        if os.environ.get(key):\n            return True\n    return False\n')
    assert findings(tmp_path, tracing=tracing) == [(".env", "DW101", "api")]


def test_a_name_from_a_parameter_keeps_the_container(tmp_path):
    # precision guard the other way: the name is not written, any variable may be read
    tracing = 'import os\n\n\ndef exporting(name="OTEL_TRACES_EXPORTER") -> bool:\n    return bool(os.getenv(name))\n'
    assert findings(tmp_path, tracing=tracing) == [(".env", "DW101", "api,sim")]


def test_a_written_list_that_holds_the_variable_keeps_the_container(tmp_path):
    assert findings(tmp_path, names='("OTEL_TRACES_EXPORTER", "DATABASE_URL")') == [(".env", "DW101", "api,sim")]
