"""A Compose file whose mapping keys are ``${VAR}`` placeholders (a service named
``${SCANNER_NAME}:``) is a template that an installer or the reader fills in: Compose
substitutes variables in values only, so as written it is no project, and its placeholder
key is no error line.  Placeholders in values are Compose's own interpolation: such a file
is still a project, judged as ever."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.templating import is_compose_template
from tests.conftest import make

DIALS = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\n'


def run(tmp_path: Path, compose: str):
    make(tmp_path, {"compose.yaml": compose,
                    "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "scan.py"]\n',
                    "scan.py": DIALS}, git=True)
    return run_check([tmp_path], Config(cache=False))


def test_a_placeholder_service_name_is_a_template_not_an_error(tmp_path):
    compose = ("services:\n  cache:\n    image: redis:7\n"
               "  ${SCANNER_NAME}:\n    build: .\n    environment:\n      - name=${SCANNER_NAME}\n")
    result = run(tmp_path, compose)
    assert [e.message for e in result.errors] == []


def test_placeholders_in_values_keep_the_file_a_project(tmp_path):
    compose = ("services:\n  cache:\n    image: redis:${REDIS_TAG:-7}\n"
               "  scanner:\n    build: .\n    volumes:\n      - ${DATA_DIR:-./data}:/data\n")
    result = run(tmp_path, compose)
    assert result.errors == ()
    assert [(f.span.path, f.code) for f in result.active] == [("scan.py", "DW101")]


def test_placeholder_keys_only_as_whole_keys():
    assert is_compose_template("services:\n  $WORKER:\n    image: x\n")
    assert not is_compose_template("services:\n  web:\n    ports:\n      - ${PORT}:8080\n")
    assert not is_compose_template('services:\n  web:\n    labels:\n      "router.${NAME}.rule": x\n')
