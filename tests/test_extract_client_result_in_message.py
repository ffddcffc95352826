"""A client call whose result goes to a message call, ``print(requests.get(url).json())``,
dials the string all the same: the outer call takes the client call's result, not the string,
so it no longer decides about it.  A string handed to the message call itself stays text for
people, never a target."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY app.py .\nCMD ["python", "app.py"]\n'


def findings(tmp_path: Path, app: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": "services:\n  app:\n    build: .\n", "Dockerfile": DOCKERFILE,
                    "app.py": app}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_client_calls_result_printed_still_dials_the_string(tmp_path):
    app = 'import requests\n\nprint(requests.get("http://localhost:11434/api/tags").json())\n'
    assert findings(tmp_path, app) == [("app.py", 3, "DW101")]


def test_a_string_printed_or_logged_is_no_target(tmp_path):
    app = ('import logging\n\nimport requests\n\nlog = logging.getLogger(__name__)\n'
           'print("http://localhost:11434/api/tags")\n'
           'log.info("models at %s", "http://localhost:11434/api/tags")\n'
           'TAGS = requests.get("https://models.example.com/api/tags").json()\n')
    assert findings(tmp_path, app) == []
