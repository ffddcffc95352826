"""``uwsgi --ini app.ini:dev`` reads the ``[dev]`` section of ``app.ini`` (uWSGI's
configuration syntax): the module that section names is what the container serves, and the
start command is followed instead of judging every file the container holds.  A loopback
address in code the served module imports stays a finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

INI = ("[uwsgi]\nhttp = :9000\nmodule = portal.wsgi_prod\ncallable = app\n\n"
       "[dev]\nhttp = :8080\nmodule = portal\ncallable = app\n")
DOCKERFILE = ("FROM python:3.12-slim\nWORKDIR /srv/app\nCOPY . /srv/app\n"
              'CMD ["uwsgi", "--ini", "server.ini:dev"]\n')
HELPER = ('import requests\n'
          'requests.post("http://localhost:7070/api/ingest", data={"a": 1})\n')


def _flagged(tmp_path: Path, files: dict[str, str]) -> list[str]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(f.span.path for f in result.active)


def test_a_script_the_sectioned_ini_does_not_serve_is_not_judged(tmp_path):
    files = {"Dockerfile": DOCKERFILE, "server.ini": INI,
             "portal/__init__.py": "app = object()\n", "portal/wsgi_prod.py": "",
             "loader/feed.py": HELPER}
    assert _flagged(tmp_path, files) == []


def test_recall_code_the_section_module_imports_is_judged(tmp_path):
    files = {"Dockerfile": DOCKERFILE, "server.ini": INI,
             "portal/__init__.py": "from portal import sync\napp = object()\n",
             "portal/sync.py": HELPER, "portal/wsgi_prod.py": "", "loader/feed.py": HELPER}
    assert _flagged(tmp_path, files) == ["portal/sync.py"]
