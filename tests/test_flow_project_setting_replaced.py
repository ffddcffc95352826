"""A project's own setting (no framework reads it: ``LIBRARY_INDEX_URL``) written in a shared
settings module and read through the framework, ``Client(settings.LIBRARY_INDEX_URL)``, is not
dialled in a container whose ``DJANGO_SETTINGS_MODULE`` loads a module that star-imports the
shared one and binds the name again at its top level: ``settings`` hands the reader that
module's value.  A loaded module that keeps the shared value, or replaces it only inside a
branch, leaves it dialled."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  index:
    image: elasticsearch:8.14.0
  web:
    build: .
    command: gunicorn library.wsgi:application
    environment:
      DJANGO_SETTINGS_MODULE: library.settings.live
"""


def _findings(tmp_path: Path, live: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        "library/__init__.py": "",
        "library/wsgi.py": ("from django.core.wsgi import get_wsgi_application\n\nfrom library import lookup\n\n"
                            "application = get_wsgi_application()\n"),
        "library/lookup.py": ("from django.conf import settings\nfrom elasticsearch import Elasticsearch\n\n\n"
                              "client = Elasticsearch(settings.LIBRARY_INDEX_URL)\n"),
        "library/settings/__init__.py": "",
        "library/settings/shared.py": 'TITLE = "shelf"\nLIBRARY_INDEX_URL = "http://localhost:9200"\n',
        "library/settings/live.py": live,
    }, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_project_setting_the_loaded_module_binds_again_is_not_dialled(tmp_path):
    live = 'import os\n\nfrom .shared import *\n\nLIBRARY_INDEX_URL = os.environ.get("INDEX_URL")\n'
    assert _findings(tmp_path, live) == []


def test_a_loaded_module_that_keeps_the_shared_value_still_dials_it(tmp_path):
    live = "from .shared import *\n\nDEBUG = False\n"
    assert _findings(tmp_path, live) == [("library/settings/shared.py", 2, "DW101")]


def test_a_replacement_inside_a_branch_replaces_nothing(tmp_path):
    live = ('import os\n\nfrom .shared import *\n\n'
            'if os.environ.get("INDEX_URL"):\n    LIBRARY_INDEX_URL = os.environ["INDEX_URL"]\n')
    assert _findings(tmp_path, live) == [("library/settings/shared.py", 2, "DW101")]
