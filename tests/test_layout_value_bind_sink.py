"""A value of the layout whose variable the code hands only to a server (``uvicorn.run(host=
os.environ["X"])``, aiohttp's ``TCPSite``) is a listen address, whatever its name: ``0.0.0.0``
there is right (no DW101 "bind address as a connect target"), and ``127.0.0.1`` is a server
bound to the container's loopback (DW201), not a client dialling itself (``flow/judge.py``
``judge_value``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = "services:\n  hook:\n    build: .\n    env_file: .env\n"
DOCKERFILE = 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "-m", "svc"]\n'
UVICORN = ("import os\n\nimport uvicorn\n\n"
           'uvicorn.run("svc.web:app", host=os.environ["HOOK_HOST"], port=int(os.environ["HOOK_PORT"]))\n')
AIOHTTP = ("import asyncio\nimport os\n\nfrom aiohttp import web\n\n\n"
           "async def main():\n    runner = web.AppRunner(web.Application())\n    await runner.setup()\n"
           '    await web.TCPSite(runner, host=os.environ["HOOK_HOST"], port=8080).start()\n\n\n'
           "asyncio.run(main())\n")
CLIENT = ("import os\n\nimport httpx\n\n"
          'httpx.get(f"http://{os.environ[\'HOOK_HOST\']}:{os.environ[\'HOOK_PORT\']}/ping")\n')


def codes(tmp_path: Path, main: str, host: str) -> list[str]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "svc/__init__.py": "",
                    "svc/__main__.py": main, ".env": f"HOOK_HOST={host}\nHOOK_PORT=8080\n"}, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active if f.span.path == ".env"]


def test_all_interfaces_handed_to_a_server_is_no_finding(tmp_path):
    assert codes(tmp_path, UVICORN, "0.0.0.0") == []


def test_all_interfaces_handed_to_an_aiohttp_site_is_no_finding(tmp_path):
    assert codes(tmp_path, AIOHTTP, "0.0.0.0") == []


def test_loopback_handed_to_a_server_is_a_loopback_bind(tmp_path):
    assert codes(tmp_path, UVICORN, "127.0.0.1") == ["DW201"]


def test_the_same_variable_dialled_by_a_client_stays_a_connect_target(tmp_path):
    assert codes(tmp_path, CLIENT, "127.0.0.1") == ["DW101"]
