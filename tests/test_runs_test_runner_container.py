"""A container whose start command runs the test suite (`pytest tests/`) runs test code: the
settings module pytest-django imports from DJANGO_SETTINGS_MODULE holds fixtures for tests
(a mocked LDAP server at `ldap://localhost/`), not a service's configuration, and the same run
written `python -m pytest` already ran none of the project.  The same settings module loaded
by a server (`gunicorn proj.wsgi`) is still judged, as is a command that runs the tests and
then a server."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "localhost", "PORT": "5432"}}\n')


def findings(tmp_path, command: str) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  web:\n    build: .\n    command: " + command + "\n"
                         "    environment:\n      DJANGO_SETTINGS_MODULE: proj.settings\n"
                         "  db:\n    image: postgres:16\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n",
        "proj/__init__.py": "",
        "proj/settings.py": SETTINGS,
        "proj/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
    }, git=True)
    return [(f.span.path, f.span.line, f.code, tuple(f.services))
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_container_that_runs_pytest_runs_no_service_code(tmp_path):
    assert findings(tmp_path, '["pytest", "--reuse-db", "tests/"]') == []


def test_python_dash_m_pytest_is_the_same_run(tmp_path):
    assert findings(tmp_path, '["python", "-m", "pytest", "tests/"]') == []


def test_the_settings_a_server_loads_are_still_judged(tmp_path):
    assert findings(tmp_path, '["gunicorn", "proj.wsgi:application"]') == [("proj/settings.py", 1, "DW101", ("web",))]


def test_tests_run_before_a_server_leave_the_server_judged(tmp_path):
    assert findings(tmp_path, '["sh", "-c", "pytest tests/ && gunicorn proj.wsgi:application"]') \
        == [("proj/settings.py", 1, "DW101", ("web",))]
