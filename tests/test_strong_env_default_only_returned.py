"""The default of a strong-named variable's read (``os.getenv("OLLAMA_BASE_URL",
"http://localhost:11434")``) is evidence by the variable's name only where the read's value
cannot be followed.  Where it is followed to places that never connect (a settings page's
``JSONResponse``, directly, through a local name or a mapping; a log line), the read is no
target: the route handler shows the value, another read elsewhere dials it.  The same read
handed to a client is still reported, and so is one whose use is not seen at all."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

HEAD = ("import logging\nimport os\n\nimport requests\nfrom fastapi import FastAPI\n"
        "from fastapi.responses import JSONResponse\n\napp = FastAPI()\n\n\n@app.get(\"/settings\")\nasync def show():\n")


def _findings(tmp_path: Path, body: str) -> list[tuple[int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: uvicorn main:app --host 0.0.0.0\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "main.py": HEAD + body,
    }, git=True)
    return [(f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


READ = 'os.getenv("OLLAMA_BASE_URL", "http://localhost:11434")'


@pytest.mark.parametrize("body", [
    f"    return JSONResponse({{\"url\": {READ}}})\n",
    f"    url = {READ}\n    return JSONResponse({{\"url\": url}})\n",
    f"    shown = {{\"mode\": \"x\", \"url\": {READ}}}\n    return JSONResponse(shown)\n",
    f"    logging.info(\"ollama at %s\", {READ})\n    return {{}}\n",
], ids=["direct", "local", "mapping", "logged"])
def test_a_read_only_shown_is_no_target(tmp_path, body):
    assert _findings(tmp_path, body) == []


@pytest.mark.parametrize("body", [
    f"    return requests.get({READ} + \"/api/tags\").json()\n",
    f"    hand_on({READ})\n    return {{}}\n",
], ids=["dialled", "handed-to-unknown"])
def test_a_read_dialled_or_not_followed_is_reported(tmp_path, body):
    assert _findings(tmp_path, body) == [(13, "DW101")]
