"""A branch behind ``os.environ["X"] == "0"`` is gated by the variable like one behind
``os.getenv("X") == "0"``: the subscript is the same read of the environment (without a
default).  It was not read as a condition, so the loopback address of the branch a container's
environment turns off was reported (a worker whose image sets ``ENV OUTSIDE_NETWORK=0`` got
DW101 on the ``else:`` written for runs outside the network)."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


MAIN = ('import os\n'
        '{imports}'
        'import psycopg2\n\n\n'
        'def connect():\n'
        '    if {read} == "0":\n'
        '        host = os.getenv("DB_HOST", "db")\n'
        '    else:\n'
        '        host = "localhost"\n'
        '    return psycopg2.connect(host=host, port=5432)\n\n\n'
        'conn = connect()\n')


def findings(tmp_path, *, env: str = "", dockerfile_env: str = "", read: str = 'os.environ["OUTSIDE"]',
             imports: str = "", extra: str = "") -> list[tuple[str, int, str]]:
    environment = f"    environment:\n      OUTSIDE: \"{env}\"\n" if env else ""
    make(tmp_path, {
        "compose.yaml": ("services:\n  worker:\n    build: .\n" + environment
                         + "  db:\n    image: postgres:16\n"),
        "Dockerfile": f'FROM python:3.12-slim\n{dockerfile_env}COPY . .\nCMD ["python", "main.py"]\n',
        "main.py": MAIN.format(read=read, imports=imports) + extra,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_else_of_a_subscript_read_the_compose_environment_fulfils_is_dead(tmp_path):
    assert findings(tmp_path, env="0") == []


def test_the_image_environment_decides_too(tmp_path):
    assert findings(tmp_path, dockerfile_env="ENV OUTSIDE=0\n") == []


def test_environ_imported_from_os_is_the_same_read(tmp_path):
    assert findings(tmp_path, env="0", read='environ["OUTSIDE"]', imports="from os import environ\n") == []


def test_the_branch_the_environment_selects_keeps_its_finding(tmp_path):
    # recall guard: OUTSIDE=1 runs the `else:` in this container
    assert findings(tmp_path, env="1") == [("main.py", 9, "DW101")]


def test_a_literal_dialled_beside_the_gated_branch_is_still_found(tmp_path):
    # recall guard: the gate silences only the branch it holds
    extra = 'other = psycopg2.connect(host="localhost", port=5432)\n'
    assert findings(tmp_path, env="0", extra=extra) == [("main.py", 14, "DW101")]
