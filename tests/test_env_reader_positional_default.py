"""django-environ's and environs' typed readers take the default as their second argument
(``env.str("CACHE_URL", "redis://localhost:6379")``, ``env.url(...)``, environs' ``env("X",
"...")``): that literal is the variable's default, used only where the container leaves the
variable unset, as with ``os.getenv``.  django-environ's ``env("X", ...)`` itself takes a cast
second, so there only ``default=`` is the default."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_SET = "    environment:\n      CACHE_URL: redis://cache:6379\n"


def _findings(tmp_path: Path, settings: str, env: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n" + env + "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD [\"python\", \"app/main.py\"]\n",
        "app/__init__.py": "",
        "app/settings.py": settings,
        "app/main.py": "import redis\n\nfrom app.settings import CACHE\n\nclient = redis.from_url(CACHE)\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


_READERS = [
    "import environ\n\nenv = environ.Env()\nCACHE = env.str('CACHE_URL', 'redis://localhost:6379')\n",
    "import environ\n\nenv = environ.Env()\nCACHE = env.url('CACHE_URL', 'redis://localhost:6379').geturl()\n",
    "from environs import Env\n\nenv = Env()\nCACHE = env.str('CACHE_URL', 'redis://localhost:6379')\n",
    "from environs import Env\n\nenv = Env()\nCACHE = env('CACHE_URL', 'redis://localhost:6379')\n",
    "from environs import env\n\nCACHE = env.str('CACHE_URL', 'redis://localhost:6379')\n",
]


@pytest.mark.parametrize("settings", _READERS)
def test_the_default_runs_where_the_variable_is_unset(tmp_path, settings):
    assert _findings(tmp_path, settings, "") == [("DW101", "cache")]


@pytest.mark.parametrize("settings", _READERS)
def test_the_default_never_runs_where_the_service_sets_the_variable(tmp_path, settings):
    assert _findings(tmp_path, settings, _SET) == []
