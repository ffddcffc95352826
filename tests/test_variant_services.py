"""A Compose variant file (compose.dev.yaml next to compose.yaml) may give a service of
the same name another configuration: a value of an env file that only the variant's
service loads is that service's, and the host-gateway entry the fix adds goes to the
definition that loads it, not to the same-named service of the other file."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.fix.plan import run_fix_plan
from tests.conftest import make

APP = 'import os\nURL = os.getenv("QDRANT_URL", "http://qdrant:6333")\n'


def _project(tmp_path: Path) -> Path:
    return make(tmp_path, {
        "compose.yaml": ("services:\n"
                         "  api:\n    build: ./api\n    env_file: .env\n"
                         "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n"
                         "  jobs:\n    build: ./api\n"),
        "compose.dev.yaml": ("services:\n"
                             "  api:\n    build: ./api\n    env_file: .env\n"
                             "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n"
                             "  jobs:\n    build: ./api\n    env_file: .env\n"),
        ".env": "QDRANT_URL=http://localhost:6333\n",
        "api/Dockerfile": 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0"]\n',
        "api/main.py": APP,
    }, git=True)


def test_the_gateway_goes_to_the_variant_service_that_loads_the_env_file(tmp_path):
    root = _project(tmp_path)
    result = run_check([root], Config(cache=False))
    found = [f for f in result.active if f.span.path == ".env"]
    assert [(f.code, f.services) for f in found] == [("DW101", ("api", "jobs"))]

    def read(rel: str) -> str | None:
        p = root / rel
        return p.read_text() if p.is_file() else None

    fix = run_fix_plan(result, found[0], read)
    gateway = sorted((e.span.path, e.span.line) for e in fix.edits if "extra_hosts" in e.content)
    # `jobs` of compose.yaml loads no env file: only the variant's `jobs` gets the entry
    assert gateway == [("compose.dev.yaml", 8)]


def test_the_message_names_the_variant_service_that_needs_the_gateway(tmp_path):
    found = [f for f in run_check([_project(tmp_path)], Config(cache=False)).active if f.span.path == ".env"]
    assert "The `jobs` service also needs `extra_hosts" in found[0].message
