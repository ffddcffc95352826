"""Code in the container of a service that publishes `9101:9000` calling `http://localhost:9101`
dials its own server by the host's port: nothing in its container listens on 9101.  The
suggestion is the container port under the service's own name (`hub:9000`), the same one a
peer running that code gets, not the Docker host's alias with a claim that no service listens
there.  A port the service does not publish keeps the host suggestion."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CALLER = 'import httpx\n\nSELF_URL = "http://localhost:{port}"\n\n\ndef ping():\n    return httpx.get(SELF_URL + "/ping")\n'


def findings(tmp_path, port: int) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  hub:\n    build: .\n    ports: ['9101:9000']\n"
                         "    command: uvicorn svc.main:app --host 0.0.0.0 --port 9000\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\n",
        "svc/__init__.py": "",
        "svc/caller.py": CALLER.replace("{port}", str(port)),
        "svc/main.py": ("from fastapi import FastAPI\n\nfrom svc.caller import ping\n\napp = FastAPI()\n\n\n"
                        "@app.get('/check')\ndef check():\n    return ping().status_code\n"),
    }, git=True)
    out = []
    for f in run_check([tmp_path], Config(cache=False)).active:
        sug = f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion is not None else None
        out.append((f.span.path, f.code, sug, tuple(f.services)))
    return out


def test_its_own_published_port_suggests_its_container_port(tmp_path):
    assert findings(tmp_path, 9101) == [("svc/caller.py", "DW101", "hub:9000", ("hub",))]


def test_a_port_it_does_not_publish_keeps_the_host_suggestion(tmp_path):
    assert findings(tmp_path, 9555) == [("svc/caller.py", "DW101", "host.docker.internal:9555", ("hub",))]
