"""An address's form is no evidence in a container that runs none of the code's functions.

A provider registry at a module's top level holds ``http://host.docker.internal:11434`` as the
default of a field that route handlers read when they build a client.  The address's form says
only containers dial it, so the web container that serves those routes, without the
host-gateway entry, gets DW106.  ``celery -A app.tasks beat`` imports the same module for the
task schedule and runs no task and no route: nothing there dials the registry's addresses, so
beat is no container of the finding (a worker, which runs the task bodies, still is where a task reads
the registry; where only the route handlers read it, the worker serves none of them and is not).  Where
beat reaches a sink with the value (the registry's address as its broker), the sink is the
evidence, as for Flower.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

REGISTRY = """\
from dataclasses import dataclass


@dataclass
class ProviderSpec:
    name: str
    default_base_url: str


PROVIDERS = {
    "ollama": ProviderSpec("ollama", "http://host.docker.internal:11434"),
}
"""

ROUTES = """\
import httpx
from fastapi import APIRouter

from app.registry import PROVIDERS

router = APIRouter()


@router.get("/models")
def models(provider: str):
    return httpx.get(PROVIDERS[provider].default_base_url + "/api/tags").json()
"""

TASKS = """\
import httpx
from celery import Celery

from app import routes  # noqa: F401
from app.registry import PROVIDERS

celery = Celery("app", broker="{broker}")


@celery.task
def ping():
    return "pong"
{warm}"""

# a task that reads the registry: the worker runs its body, beat does not
WARM = """

@celery.task
def warm(provider):
    return httpx.get(PROVIDERS[provider].default_base_url + "/api/version").json()
"""


def _services(tmp_path: Path, command: str, broker: str = "redis://cache:6379/0",
              warm: str = WARM) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        f"  other:\n    build: .\n    command: {command}\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/registry.py": REGISTRY,
        "app/routes.py": ROUTES,
        "app/main.py": "from fastapi import FastAPI\nfrom app.routes import router\n\napp = FastAPI()\napp.include_router(router)\n",
        "app/tasks.py": TASKS.format(broker=broker, warm=warm),
    }, git=True)
    return sorted((f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active)


def test_beat_runs_none_of_the_code_that_dials_it(tmp_path):
    assert _services(tmp_path, "celery -A app.tasks beat -l info") == [("DW106", ("web",))]


def test_a_worker_runs_it(tmp_path):
    assert _services(tmp_path, "celery -A app.tasks worker -l info") == [("DW106", ("other", "web"))]


def test_a_worker_whose_tasks_do_not_read_it_runs_only_the_routes_reads(tmp_path):
    # the registry read only in a route handler: the worker serves no requests
    # (flow/handlerreads.py)
    assert _services(tmp_path, "celery -A app.tasks worker -l info", warm="") == [("DW106", ("web",))]


def test_a_sink_beat_reaches_is_evidence_there(tmp_path):
    found = _services(tmp_path, "celery -A app.tasks beat -l info", broker="redis://host.docker.internal:6379/0")
    assert ("DW106", ("other",)) in found
