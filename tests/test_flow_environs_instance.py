"""environs' ready-made instance (``from environs import env``) reads the environment like
``environs.Env()`` does: ``env("X", default=...)`` is the default of X, which never runs in a
service that sets X (a Docker host alias written there is no DW106 for it)."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('from environs import env\n\n'
            'ROOM_URL = env("ROOM_URL", default="http://host.docker.internal:5173")\n')


def findings(tmp_path, compose: str) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "settings.py": SETTINGS,
        "main.py": "import requests\nfrom settings import ROOM_URL\n\nrequests.get(ROOM_URL)\n",
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code, f.services)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_default_is_judged_only_where_the_service_does_not_set_it(tmp_path):
    compose = ("services:\n  app:\n    build: .\n    environment:\n      ROOM_URL: https://rooms.example.com/\n"
               "  worker:\n    build: .\n")
    assert findings(tmp_path, compose) == [("settings.py", 3, "DW106", ("worker",))]
