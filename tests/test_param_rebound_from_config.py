"""A parameter bound again at the top of its function's body is read as its new value after
that statement: ``def serve(self, host="127.0.0.1"): host = self._settings.get("host", host)``
hands the default only to the project's configuration helper, whose answer (a variable it
composes, a file it reads) is what the server binds.  The default reaches the server only where
the new value carries it on (``host = host.strip()``), or where the statement binding it again
may not run (inside a branch)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_SETTINGS = (
    "import os\n"
    "\n"
    "\n"
    "class Section:\n"
    "    def __init__(self, name):\n"
    "        self.name = name\n"
    "\n"
    "    def get(self, key, default=None):\n"
    "        found = os.environ.get(f'PANEL_{self.name}_{key}'.upper())\n"
    "        return found if found is not None else default\n"
)

_SERVER = (
    "import uvicorn\n"
    "from fastapi import FastAPI\n"
    "\n"
    "from panel.settings import Section\n"
    "\n"
    "\n"
    "class Panel:\n"
    "    def __init__(self):\n"
    "        self.app = FastAPI()\n"
    "        self._settings = Section('http')\n"
    "\n"
    "    async def serve(self, host='127.0.0.1', port=7100):\n"
    "{body}"
    "        await uvicorn.Server(uvicorn.Config(self.app, host=host, port=port)).serve()\n"
)


def _findings(tmp_path: Path, body: str) -> list[tuple[str, str, int]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  panel:\n    build: .\n    ports: ['7100:7100']\n",
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENV PANEL_HTTP_HOST=0.0.0.0\n"
                       'CMD ["python", "-m", "panel"]\n'),
        "panel/__init__.py": "",
        "panel/__main__.py": "import asyncio\n\nfrom panel.server import Panel\n\nasyncio.run(Panel().serve())\n",
        "panel/settings.py": _SETTINGS,
        "panel/server.py": _SERVER.format(body=body),
    }, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("body", [
    "        host = self._settings.get('host', host)\n",
    "        port = int(self._settings.get('port', port))\n        host = self._settings.get('host', host)\n",
    "        host = '0.0.0.0'\n",
])
def test_a_parameter_bound_again_from_configuration_is_not_its_default(tmp_path, body):
    assert _findings(tmp_path, body) == []


@pytest.mark.parametrize("body", [
    "",  # the default goes straight to the server
    "        host = host.strip()\n",  # the new value carries the default on
    "        if not host:\n            host = self._settings.get('host', host)\n",  # may not run
])
def test_the_default_still_reaches_the_server(tmp_path, body):
    assert _findings(tmp_path, body) == [("DW201", "panel/server.py", 12)]
