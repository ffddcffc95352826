"""A Faust worker (``faust -A proj.app worker``) whose app turns autodiscovery on
(``faust.App(..., autodiscover=True, origin="proj")``) imports every module of the origin
package when it starts, the agents nothing else imports included.  A container that only
imports the app (a web API sending to its topics) discovers nothing, nor does an app that
leaves autodiscovery off."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = 'import faust\napp = faust.App("shop", broker="kafka://kafka:9092", autodiscover={flag}, origin="proj")\n'
AGENT = ('import redis\nfrom proj.app import app\ncache = redis.Redis(host="localhost", port=6379)\n\n'
         '@app.agent(app.topic("orders"))\nasync def orders(stream):\n    async for order in stream:\n'
         '        cache.set(order, 1)\n')
COMPOSE = ("services:\n  worker:\n    build: .\n    command: faust -A proj.app worker -l info\n"
           "  api:\n    build: .\n    command: uvicorn proj.api:web --host 0.0.0.0\n"
           "  kafka:\n    image: bitnami/kafka\n  redis:\n    image: redis\n")


def _flagged(tmp_path: Path, flag: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
                    "proj/__init__.py": "", "proj/app.py": APP.format(flag=flag),
                    "proj/api.py": "from fastapi import FastAPI\nfrom proj.app import app\nweb = FastAPI()\n",
                    "proj/agents/__init__.py": "", "proj/agents/orders.py": AGENT}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.services) for f in result.active)


def test_the_worker_runs_the_agents_of_the_origin_package(tmp_path):
    assert _flagged(tmp_path, "True") == [("proj/agents/orders.py", ("worker",))]


def test_an_app_without_autodiscovery_runs_no_agent_module_nothing_imports(tmp_path):
    assert _flagged(tmp_path, "False") == []
