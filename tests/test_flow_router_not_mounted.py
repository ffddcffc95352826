"""A route on a router that nothing in the container hands on serves no request there.

Two FastAPI servers share a code base: ``api`` mounts ``admin.router`` (``app.include_router``),
``search`` serves its own application and imports ``admin`` only for a helper.  Both receive
requests, but only ``api``'s application has the admin routes: the handler's dial runs in
``api`` alone.  Anything that refers to the router outside its own decorators (its module's
``from .admin import router``, a list of routers, a blueprint registered in Flask) leaves it
possibly served; a route on the application itself is served wherever the application is.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ADMIN = """\
import requests
from fastapi import APIRouter

router = APIRouter(prefix="/admin")


def slugify(text):
    return text.lower().replace(" ", "-")


@router.get("/stats")
def stats():
    return requests.get("http://localhost:9400/stats").json()
"""

API_MAIN = """\
from fastapi import FastAPI

from app import admin

app = FastAPI()
app.include_router(admin.router)
"""

SEARCH_MAIN = """\
from fastapi import FastAPI

from app.admin import slugify

app = FastAPI()


@app.get("/q")
def query(text: str):
    return {"slug": slugify(text)}
"""


def _services(tmp_path: Path, search_main: str = SEARCH_MAIN, admin: str = ADMIN) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  api:\n    build: .\n    command: uvicorn app.api_main:app --host 0.0.0.0\n"
                        "  search:\n    build: .\n    command: uvicorn app.search_main:app --host 0.0.0.0\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/admin.py": admin,
        "app/api_main.py": API_MAIN,
        "app/search_main.py": search_main,
    }, git=True)
    return sorted((f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_server_that_does_not_mount_the_router_serves_none_of_its_routes(tmp_path):
    assert _services(tmp_path) == [("DW101", ("api",))]


@pytest.mark.parametrize("search_main", [
    # it mounts the router too, through a list
    SEARCH_MAIN.replace("from app.admin import slugify\n", "from app.admin import slugify, router as admin_router\n")
    + "\nfor r in [admin_router]:\n    app.include_router(r)\n",
    # it looks the router up by its name
    SEARCH_MAIN.replace("from app.admin import slugify\n", "from app import admin\nfrom app.admin import slugify\n")
    + "\napp.include_router(getattr(admin, \"router\"))\n",
    # it mounts the routers of the modules it walks
    SEARCH_MAIN.replace("from app.admin import slugify\n", "from app import admin\nfrom app.admin import slugify\n")
    + "\nfor module in [admin]:\n    app.include_router(module.router)\n",
], ids=["listed", "looked-up", "walked"])
def test_a_router_referred_to_may_be_mounted(tmp_path, search_main):
    assert _services(tmp_path, search_main) == [("DW101", ("api", "search"))]


def test_a_route_on_the_application_is_served_wherever_it_is(tmp_path):
    admin = ADMIN.replace("router = APIRouter(prefix=\"/admin\")", "from fastapi import FastAPI\n\nrouter = FastAPI()")
    assert _services(tmp_path, admin=admin) == [("DW101", ("api", "search"))]
