"""A function handed to ``threading.Thread(target=f, args=(...))`` is called with the
positional arguments of that tuple: where the tuple fills the bind-address parameter, the
parameter's loopback default never runs (no DW201).  A hand-on that leaves it out
(no ``args``, or a tuple too short to reach it) keeps the default live."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  api:\n    build: .\n    command: python -m hub\n"
           "    environment:\n      PROBE_HOST: 0.0.0.0\n    ports: [\"8000:8000\", \"9300:9300\"]\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
SIDE = ("import uvicorn\nfrom fastapi import FastAPI\n\nside = FastAPI()\n\n\n"
        "def serve_side(host=\"127.0.0.1\", port=9300):\n    uvicorn.run(side, host=host, port=port)\n")


def flagged(tmp_path: Path, start: str) -> list[tuple[str, int, str]]:
    main = ("import os\nimport threading\n\nfrom hub.side import serve_side\n\n"
            "bind = os.getenv(\"PROBE_HOST\", \"0.0.0.0\")\n" + start + "\n")
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "hub/__init__.py": "",
                    "hub/__main__.py": main, "hub/side.py": SIDE}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


@pytest.mark.parametrize("start", [
    "threading.Thread(target=serve_side, args=(bind, 9300), daemon=True).start()",
    "threading.Thread(target=serve_side, args=[bind], daemon=True).start()",
])
def test_the_args_tuple_fills_the_bind_parameter(tmp_path, start):
    assert flagged(tmp_path, start) == []


@pytest.mark.parametrize("start", [
    "threading.Thread(target=serve_side, daemon=True).start()",
    "threading.Thread(target=serve_side, args=(), daemon=True).start()",
])
def test_a_hand_on_without_the_argument_keeps_the_default(tmp_path, start):
    assert flagged(tmp_path, start) == [("hub/side.py", 7, "DW201")]
