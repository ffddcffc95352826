"""Settings files a module runs by path (django-split-settings: ``include("components/*.py")``,
rules/frameworks.yaml ``path_includers``) run in the container too: their DATABASES and
INSTALLED_APPS are judged.  Only where the module imports the includer, and not a path built
at run time (``f"envs/{ENV}.py"``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.runs.scan import scan_module

from tests.conftest import make

SETTINGS = ('from split_settings.tools import include, optional\n\n'
            'base = ["components/*.py", optional("local.py")]\n'
            'include(*base)\n')
FILES = {
    "compose.yaml": ("services:\n  web:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n"
                     "  db:\n    image: postgres:16\n"),
    "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
    "manage.py": ('import os\nimport sys\n\nfrom django.core.management import execute_from_command_line\n\n'
                  'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n'
                  "execute_from_command_line(sys.argv)\n"),
    "proj/__init__.py": "",
    "proj/settings/__init__.py": SETTINGS,
    "proj/settings/components/__init__.py": "",
    "proj/settings/components/database.py": 'DATABASES = {"default": {"HOST": "localhost", "PORT": 5432}}\n',
}


def test_a_settings_component_included_by_path_is_judged(tmp_path: Path):
    make(tmp_path, FILES, git=True)
    found = [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active]
    assert found == [("DW101", "proj/settings/components/database.py")]


def test_without_the_includer_a_py_string_runs_nothing(tmp_path: Path):
    files = {**FILES, "proj/settings/__init__.py": 'TEMPLATE = "components/database.py"\n'}
    make(tmp_path, files, git=True)
    assert list(run_check([tmp_path], Config(cache=False)).active) == []


def test_the_scan_keeps_literal_paths_only():
    text = SETTINGS + 'ENV = "dev"\ninclude(f"environments/{ENV}.py", "extra/%s.py" % ENV)\n'
    assert scan_module(text, None, ("split_settings",)).paths == ("components/*.py", "local.py")
    assert scan_module(text).paths == ()
