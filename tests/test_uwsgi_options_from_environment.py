"""uWSGI reads every option from an environment variable too, ``UWSGI_`` and the option's name
in upper case with ``-`` as ``_`` (uWSGI's "Configuring uWSGI" page, Environment variables):
``ENV UWSGI_MODULE=site_app.wsgi:application`` with ``CMD ["uwsgi", "--show-config"]`` serves
that module, as ``--module`` would.  Before, a start command that named no module and no
configuration file was taken to run none of the project's Python, and every finding of its
code was silent (``env_options`` of the uwsgi entry in rules/frameworks.yaml ini_entries).
A module the command line or a configuration file names is read as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

LOOPBACK = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\n'


def _flagged(tmp_path: Path, env: str, cmd: str = '["uwsgi", "--show-config"]',
             extra: dict[str, str] | None = None) -> list[str]:
    files = {
        "compose.yaml": "services:\n  web:\n    build: .\n  cache:\n    image: redis:7\n",
        "Dockerfile": f"FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENV {env}\nCMD {cmd}\n",
        "site_app/__init__.py": "",
        "site_app/wsgi.py": "from site_app import store\n\napplication = store.app\n",
        "site_app/store.py": LOOPBACK + "app = None\n",
        "site_app/other.py": LOOPBACK,
        "tools/seed.py": LOOPBACK,
    }
    make(tmp_path, {**files, **(extra or {})}, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_module_an_environment_variable_names_is_served(tmp_path):
    assert _flagged(tmp_path, "UWSGI_MODULE=site_app.wsgi:application UWSGI_HTTP=:8000") == ["site_app/store.py"]


def test_a_wsgi_file_named_by_the_environment_too(tmp_path):
    assert _flagged(tmp_path, "UWSGI_WSGI_FILE=site_app/wsgi.py UWSGI_HTTP=:8000") == ["site_app/store.py"]


def test_the_module_option_on_the_command_line_decides(tmp_path):
    found = _flagged(tmp_path, "UWSGI_MODULE=site_app.other", cmd='["uwsgi", "--module", "site_app.wsgi:application"]')
    assert found == ["site_app/store.py"]


def test_the_configuration_file_decides(tmp_path):
    found = _flagged(tmp_path, "UWSGI_MODULE=site_app.other", cmd='["uwsgi", "--ini", "uwsgi.ini"]',
                     extra={"uwsgi.ini": "[uwsgi]\nmodule = site_app.wsgi:application\nhttp = :8000\n"})
    assert found == ["site_app/store.py"]
