"""A helper takes the settings object as a parameter whose default is a fresh instance
(`def open_store(conf: Config = Config())`), is imported by the route modules, and dials only
under `if conf.store_kind == StoreKind.MONGO:`, an enumeration imported from the settings
module, whose field defaults to another member (`StoreKind.MEMORY`).  Every instance of the
settings class the project builds is built without arguments, so each reads the same
environment: where the container leaves the variable unset the branch never runs and the
field's loopback default is dialled nowhere.  Where the container sets it to the member's
value, or the project builds the class with an argument that may choose the branch, the
default host stays judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('from enum import Enum\n\nfrom pydantic_settings import BaseSettings\n\n\n'
            'class StoreKind(str, Enum):\n    MEMORY = "memory"\n    MONGO = "mongo"\n\n\n'
            'class Config(BaseSettings):\n    store_kind: StoreKind = StoreKind.MEMORY\n'
            '    mongo_url: str = "mongodb://localhost:27017"\n')

STORE = ('from pymongo import MongoClient\n\nfrom votes.settings import Config, StoreKind\n\n\n'
         'def open_store(conf: Config = Config()):\n'
         '    if conf.store_kind == StoreKind.MONGO:\n'
         '        return MongoClient(conf.mongo_url)\n'
         '    return {}\n')

APP = ('from fastapi import FastAPI, Request\n\nfrom votes.settings import Config, StoreKind\n'
       'from votes.store import open_store\n\napp = FastAPI()\napp.state.conf = Config(){extra}\n\n\n'
       '@app.get("/tally")\ndef tally(request: Request):\n'
       '    return len(open_store(request.app.state.conf))\n\n\n'
       '@app.get("/count")\ndef count():\n    return len(open_store())\n')


def _findings(tmp_path: Path, env: str, extra: str = "") -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  votes:\n    build: .\n"
                         '    command: ["uvicorn", "votes.app:app", "--host", "0.0.0.0"]\n'
                         f"{env}"
                         "  mongo:\n    image: mongo:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
                      "RUN pip install fastapi uvicorn pymongo pydantic-settings\n",
        "votes/__init__.py": "",
        "votes/settings.py": SETTINGS,
        "votes/store.py": STORE,
        "votes/app.py": APP.replace("{extra}", extra),
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    return sorted((f.code, f.span.path) for f in result.active)


def test_mode_left_at_its_default_member_dials_nothing(tmp_path: Path):
    assert _findings(tmp_path, "") == []


def test_mode_set_to_the_member_dials_the_default_host(tmp_path: Path):
    got = _findings(tmp_path, "    environment:\n      - STORE_KIND=mongo\n")
    assert got == [("DW101", "votes/settings.py")]


def test_an_instance_built_with_an_argument_keeps_it_judged(tmp_path: Path):
    # `Config(store_kind=...)` somewhere: an instance handed to the helper may take the branch
    got = _findings(tmp_path, "", "\nother = Config(store_kind=StoreKind.MONGO)")
    assert got == [("DW101", "votes/settings.py")]
