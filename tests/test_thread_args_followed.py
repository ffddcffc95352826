"""An element of the ``args`` sequence of ``threading.Thread(target=f, args=(...))`` is the
argument of ``f``'s positional parameter of the same place, followed into ``f`` as a direct
call's argument is: a loopback default read into it and bound by ``f``'s server is DW201; a
variable the service sets, a function that binds another parameter, or a hand-on of no
project function stays silent."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
SIDE = ("import uvicorn\nfrom fastapi import FastAPI\n\nside = FastAPI()\n\n\n"
        "def serve_side(host=\"0.0.0.0\", port=9300):\n    uvicorn.run(side, host=host, port=port)\n\n\n"
        "def serve_fixed(label, port=9300):\n    uvicorn.run(side, host=\"0.0.0.0\", port=port)\n")


def flagged(tmp_path: Path, start: str, env: str = "") -> list[tuple[str, int, str]]:
    compose = f"services:\n  api:\n    build: .\n    command: python -m hub\n{env}    ports: [\"9300:9300\"]\n"
    main = ("import os\nimport threading\n\nfrom hub.side import serve_fixed, serve_side\n\n"
            "bind = os.getenv(\"SIDE_HOST\", \"127.0.0.1\")\n" + start + "\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "hub/__init__.py": "",
                    "hub/__main__.py": main, "hub/side.py": SIDE}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


@pytest.mark.parametrize("start", [
    "threading.Thread(target=serve_side, args=(bind, 9300), daemon=True).start()",
    "threading.Thread(target=serve_side, args=[bind], daemon=True).start()",
])
def test_the_element_reaches_the_bind(tmp_path, start):
    assert flagged(tmp_path, start) == [("hub/__main__.py", 6, "DW201")]


@pytest.mark.parametrize("start, env", [
    ("threading.Thread(target=serve_side, args=(bind, 9300), daemon=True).start()",
     "    environment:\n      SIDE_HOST: 0.0.0.0\n"),
    ("threading.Thread(target=serve_fixed, args=(bind, 9300), daemon=True).start()", ""),
    ("threading.Thread(target=print, args=(bind,), daemon=True).start()", ""),
])
def test_no_bind_of_that_value(tmp_path, start, env):
    assert flagged(tmp_path, start, env) == []
