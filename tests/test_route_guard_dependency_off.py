"""A route whose decorator hands the framework a guard, ``dependencies=[Depends(require_feature)]``,
runs its body only past that guard: FastAPI resolves the dependency first, and a guard whose body
opens with ``if not settings.FEATURE_ON: raise HTTPException(...)`` ends every request where the
container's environment turns the feature off.  What the handler (or a helper only it calls)
dials is then dialled nowhere there; a route whose guard lets the request through keeps its
finding, and so does the guarded one where the environment turns the feature on, and every
route where the service leaves the switch unset (a default is no switch the operator turned)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = (
    "from pydantic_settings import BaseSettings\n\n\n"
    "class Settings(BaseSettings):\n    RELAY_ON: bool = True\n\n\nsettings = Settings()\n"
)

GUARDS = (
    "from fastapi import HTTPException\n\nfrom app.settings import settings\n\n\n"
    "def relay_required():\n    \"\"\"Only with a relay.\"\"\"\n    if not settings.RELAY_ON:\n"
    "        raise HTTPException(status_code=400, detail=\"no relay configured\")\n\n\n"
    "def relay_forbidden():\n    if settings.RELAY_ON:\n"
    "        raise HTTPException(status_code=400, detail=\"a relay is configured\")\n"
)

REMOTE = (
    "import requests\n\n\n"
    "def fetch_through_relay(item):\n    return requests.get(\"http://localhost:8101/items/\" + item).json()\n\n\n"
    "def fetch_direct(item):\n    return requests.get(\"http://localhost:8102/items/\" + item).json()\n"
)

MAIN = (
    "import requests\nfrom fastapi import Depends, FastAPI\n\nfrom app import guards\n"
    "from app.remote import fetch_direct, fetch_through_relay\n\napp = FastAPI()\n\n\n"
    "@app.get(\"/relayed/{item}\", dependencies=[Depends(guards.relay_required)])\n"
    "def relayed(item: str):\n    return fetch_through_relay(item)\n\n\n"
    "@app.get(\"/relayed-status\", dependencies=[Depends(guards.relay_required)])\n"
    "def relayed_status():\n    return requests.get(\"http://localhost:8103/status\").json()\n\n\n"
    "@app.get(\"/direct/{item}\", dependencies=[Depends(guards.relay_forbidden)])\n"
    "def direct(item: str):\n    return fetch_direct(item)\n"
)


def _ports(tmp_path: Path, relay_on: str | None) -> list[int]:
    environment = f"    environment:\n      RELAY_ON: \"{relay_on}\"\n      LOG_LEVEL: info\n" \
        if relay_on is not None else "    environment:\n      LOG_LEVEL: info\n"
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  api:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        + environment,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/settings.py": SETTINGS,
        "app/guards.py": GUARDS,
        "app/remote.py": REMOTE,
        "app/main.py": MAIN,
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    assert all(f.code == "DW101" for f in found)
    return sorted(f.target_port for f in found if f.target_port is not None)


@pytest.mark.parametrize(("relay_on", "ports"), [
    ("false", [8102]),             # the guarded routes end every request: only the other one dials
    ("true", [8101, 8103]),        # the relay is on: the guarded routes dial, the other one ends
    (None, [8101, 8102, 8103]),    # left unset: the settings' default is no switch the service turns
])
def test_route_guard_dependency(tmp_path: Path, relay_on: str | None, ports: list[int]) -> None:
    assert _ports(tmp_path, relay_on) == ports
