"""Two Compose files of one directory, each a project with a service of the same name: the
graph draws a finding on the edges of the container its verdict holds for, as `check` names
it, and a value written in one Compose file only for the service of the project that loads
that file.  The service whose environment points the client at the cache dials the code's
loopback default only as a dead fallback, drawn without a code."""
from __future__ import annotations

import json
from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.report import graph
from tests.conftest import make


def test_a_finding_and_a_compose_value_are_drawn_for_their_own_project(tmp_path, monkeypatch):
    make(tmp_path, {
        "app.py": 'import os\nimport redis\n\nCACHE = redis.Redis(host=os.environ.get("REDIS_HOST", "localhost"), port=6379)\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
        "docker-compose.yml": "services:\n  api:\n    build: .\n    environment:\n      REDIS_HOST: cache\n"
                              "  cache:\n    image: redis:7\n",
        "docker-compose.initial.yml": "services:\n  api:\n    build: .\n",
    }, git=True)
    monkeypatch.chdir(tmp_path)
    result = run_check([Path(".")], Config(cache=False))
    assert [(f.code, f.services) for f in result.active] == [("DW101", ("api",))]
    data = json.loads(graph.render(result, "json"))

    def project_of(node: str) -> str:
        # the node ids carry their project's cluster prefix (p0_..., p1_...)
        return node.split("_", 1)[0]

    flagged = [project_of(e["source"]) for e in data["edges"] if "DW101" in e["codes"]]
    compose_value = [project_of(e["source"]) for e in data["edges"] if "docker-compose.yml:5" in e["label"]]
    fallbacks = [(project_of(e["source"]), e["style"], e["codes"]) for e in data["edges"]
                 if "app.py:4" in e["label"]]
    assert len(flagged) == 1 and len(compose_value) == 1 and flagged != compose_value
    # the project that sets REDIS_HOST draws the loopback default as a dead fallback, uncoded
    assert (compose_value[0], "fallback", []) in fallbacks
