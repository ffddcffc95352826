"""A read of a settings-class field inside ``if s.url and s.api_key:``, where the other
field's default is empty (``api_key: str = ""``), runs only where the service sets that
field's variable, as the body of ``if os.getenv("API_KEY"):`` does: in a container whose
environment leaves it unset, the loopback default of ``url`` is never dialled there.  Set,
or read outside such a branch, the default stays a finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

CONFIG = ("from pydantic_settings import BaseSettings\n\n\n"
          "class Settings(BaseSettings):\n"
          '    remote_url: str = "http://localhost:8090"\n'
          '    remote_token: str = ""\n'
          "    verbose: bool = False\n\n\n"
          "settings = Settings()\n")
GUARDED = ("import requests\n\nfrom svc.config import settings\n\n\n"
           "class Sync:\n"
           "    def __init__(self):\n"
           "        self.cfg = settings\n"
           "        if self.cfg.remote_url and self.cfg.remote_token:\n"
           "            requests.get(self.cfg.remote_url)\n\n\n"
           "Sync()\n")
UNGUARDED = ("import requests\n\nfrom svc.config import settings\n\n"
             "requests.get(settings.remote_url)\n")
BY_NONEMPTY_FLAG = ("import requests\n\nfrom svc.config import settings\n\n"
                    "if settings.remote_url:\n"
                    "    requests.get(settings.remote_url)\n")


def findings(tmp_path: Path, main: str, env: str = "") -> list[tuple[str, str]]:
    service = "  app:\n    build: .\n    command: python -m svc.main\n" + env
    make(tmp_path, {"compose.yaml": "services:\n" + service,
                    "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                    "svc/__init__.py": "", "svc/config.py": CONFIG, "svc/main.py": main}, git=True)
    return [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_branch_on_an_empty_field_the_service_leaves_unset_is_not_dialled(tmp_path):
    assert findings(tmp_path, GUARDED) == []


def test_the_service_that_sets_the_guarding_variable_dials_the_default(tmp_path):
    env = "    environment:\n      REMOTE_TOKEN: secret\n"
    assert findings(tmp_path, GUARDED, env) == [("DW101", "svc/config.py")]


def test_an_unguarded_read_of_the_field_stays_a_finding(tmp_path):
    assert findings(tmp_path, UNGUARDED) == [("DW101", "svc/config.py")]


def test_a_branch_on_the_read_field_itself_is_no_guard(tmp_path):
    assert findings(tmp_path, BY_NONEMPTY_FLAG) == [("DW101", "svc/config.py")]
