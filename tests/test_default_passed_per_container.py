"""A module that two containers run (each its own application importing a shared helper
package) holds a function whose parameter defaults to a loopback URL, and only the remote
branch dials it.  Each container's calls decide for that container: where every call the API
container may run passes the parameter, its default never runs there, even though the other
container's own start-up code calls the function without it (that call is not code the API
container runs).  Where the API container's own call leaves the parameter to its default, the
loopback is dialled there and stays a finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_COMPOSE = """services:
  front:
    build:
      context: .
      dockerfile: Dockerfile.front
    environment:
      WORKER_URL: http://grader:8001
  grader:
    build:
      context: .
      dockerfile: Dockerfile.grader
    ports: ["8001:8001"]
"""

_FRONT_DF = ('FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install fastapi uvicorn requests\n'
             'CMD ["uvicorn", "front.main:app", "--host", "0.0.0.0"]\n')
_GRADER_DF = ('FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install fastapi uvicorn requests\n'
              'CMD ["uvicorn", "pool.api:app", "--host", "0.0.0.0", "--port", "8001"]\n')

_REMOTE = '''import requests


class RemotePool:
    def __init__(self, base):
        self.base = base
        self.http = requests.Session()

    def submit(self, job):
        return self.http.post(f"{self.base}/jobs", json=job).json()
'''

_CORE = '''from pool.remote import RemotePool

_POOL = None


def start_pool(langs=None, mode="local", base="http://localhost:8001"):
    global _POOL
    if mode == "remote":
        _POOL = RemotePool(base)
        return _POOL
    _POOL = object()
    return _POOL


def the_pool():
    return _POOL
'''

_GRADER_API = '''from contextlib import asynccontextmanager
from fastapi import FastAPI
from pool.core import start_pool, the_pool


@asynccontextmanager
async def lifespan(_app):
    start_pool(["py"])
    yield


app = FastAPI(lifespan=lifespan)


@app.post("/jobs")
def jobs(job: dict):
    return {"ok": str(the_pool())}
'''

_FRONT = '''import os
from contextlib import asynccontextmanager
from fastapi import FastAPI
from pool.core import start_pool, the_pool


@asynccontextmanager
async def lifespan(_app):
    {call}
    yield


app = FastAPI(lifespan=lifespan)


@app.post("/grade")
def grade(job: dict):
    return the_pool().submit(job)
'''


def _found(tmp_path: Path, call: str) -> list[tuple[str, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        "Dockerfile.front": _FRONT_DF,
        "Dockerfile.grader": _GRADER_DF,
        "front/__init__.py": "",
        "front/main.py": _FRONT.replace("{call}", call),
        "pool/__init__.py": "",
        "pool/remote.py": _REMOTE,
        "pool/core.py": _CORE,
        "pool/api.py": _GRADER_API,
    }, git=True)
    return sorted((f.code, f.span.path, f.services) for f in run_check([tmp_path], Config(cache=False)).active)


def test_every_call_of_this_container_passes_the_parameter(tmp_path):
    call = 'start_pool(mode="remote", base=os.getenv("WORKER_URL", "http://grader:8001"))'
    assert _found(tmp_path, call) == []


def test_this_containers_call_leaves_the_default(tmp_path):
    assert _found(tmp_path, 'start_pool(mode="remote")') == [("DW101", "pool/core.py", ("front",))]
