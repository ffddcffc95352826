"""A mail host setting (rules/flow.yaml mail_hosts: Django's EMAIL_HOST) is dialled only by an
SMTP backend: the default one, or one named in the settings module.  A console, file,
in-memory or dummy backend never dials, nor is a backend read from the environment known to
dial: those stay silent.  Where it dials, the host is judged at the EMAIL_PORT beside it
(else 25), like any other setting."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """services:
  web:
    build: .
    command: gunicorn site_pkg.wsgi -b 0.0.0.0:8000
    ports: ["8000:8000"]
    environment:
      DJANGO_SETTINGS_MODULE: site_pkg.settings
      MAILER: django.core.mail.backends.console.EmailBackend
  postbox:
    image: axllent/mailpit
    ports: ["8025:8025", "12025:1025"]
  db:
    image: postgres:16
"""
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def _findings(tmp_path: Path, settings: str) -> list[tuple[str, int, str, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . /app\n",
        "site_pkg/__init__.py": "",
        "site_pkg/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
        "site_pkg/settings.py": "import os\n" + settings,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code,
             f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_default_backend_dials_the_host_at_its_sibling_port(tmp_path):
    assert _findings(tmp_path, 'EMAIL_HOST = "localhost"\nEMAIL_PORT = 1025\n') == \
        [("settings.py", 2, "DW101", "postbox:1025")]


def test_a_named_smtp_backend_and_a_port_read_with_a_default(tmp_path):
    settings = f'EMAIL_BACKEND = "{SMTP}"\nEMAIL_HOST = "127.0.0.1"\nEMAIL_PORT = int(os.getenv("P", "1025"))\n'
    assert _findings(tmp_path, settings) == [("settings.py", 3, "DW101", "postbox:1025")]


def test_the_published_port_points_to_the_container_port(tmp_path):
    assert _findings(tmp_path, 'EMAIL_HOST = "localhost"\nEMAIL_PORT = 12025\n') == \
        [("settings.py", 2, "DW101", "postbox:1025")]


def test_a_misspelt_service_is_a_typo(tmp_path):
    assert [f[2:] for f in _findings(tmp_path, 'EMAIL_HOST = "postbx"\nEMAIL_PORT = 1025\n')] == \
        [("DW105", "postbox:None")]  # a host-only suggestion


def test_without_a_port_setting_smtp_uses_25(tmp_path):
    # nothing listens on 25: the layout's mail catcher, which receives SMTP at 1025, is the
    # server meant (tests/test_dw101_mail_catcher_meant.py), not one on the Docker host at 25
    found = _findings(tmp_path, 'EMAIL_HOST = "localhost"\n')
    assert [(f[2], f[3]) for f in found] == [("DW101", "postbox:1025")]
    make(tmp_path, {"compose.yaml": COMPOSE.replace("axllent/mailpit", "example/webmail")})
    found = [(f.code, f.message) for f in run_check([tmp_path], Config(cache=False)).active]
    assert [code for code, _ in found] == ["DW101"] and "no service listens on 25, so the server is presumably on the Docker host" in found[0][1]


def test_a_console_backend_never_dials(tmp_path):
    settings = ('EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"\n'
                'EMAIL_HOST = "localhost"\nEMAIL_PORT = 1025\n')
    assert _findings(tmp_path, settings) == []


def test_an_in_memory_file_or_dummy_backend_never_dials(tmp_path):
    for kind in ("locmem", "filebased", "dummy"):
        settings = f'EMAIL_HOST = "localhost"\nEMAIL_PORT = 1025\nEMAIL_BACKEND = "django.core.mail.backends.{kind}.EmailBackend"\n'
        assert _findings(tmp_path, settings) == [], kind


def test_a_backend_from_the_environment_stays_silent(tmp_path):
    settings = f'EMAIL_BACKEND = os.environ.get("MAILER", "{SMTP}")\nEMAIL_HOST = "localhost"\nEMAIL_PORT = 1025\n'
    assert _findings(tmp_path, settings) == []


def test_a_backend_from_another_name_stays_silent(tmp_path):
    settings = 'EMAIL_BACKEND = MAIL_BACKEND_CHOICE\nEMAIL_HOST = "localhost"\nEMAIL_PORT = 1025\n'
    assert _findings(tmp_path, settings) == []


def test_a_backend_that_may_come_with_star_imported_settings_stays_silent(tmp_path):
    settings = 'from os.path import *\nEMAIL_HOST = "localhost"\nEMAIL_PORT = 1025\n'
    assert _findings(tmp_path, settings) == []


def test_an_unknown_port_stays_silent(tmp_path):
    assert _findings(tmp_path, 'EMAIL_HOST = "localhost"\nEMAIL_PORT = os.environ["P"]\n') == []


def test_the_database_beside_it_is_still_reported(tmp_path):
    settings = ('EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"\n'
                'EMAIL_HOST = "localhost"\nEMAIL_PORT = 1025\n'
                'DATABASES = {"default": {"HOST": "localhost", "PORT": 5432}}\n')
    assert _findings(tmp_path, settings) == [("settings.py", 5, "DW101", "db:5432")]


def _split(tmp_path: Path, local: str) -> list[tuple[str, int, str, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.replace("site_pkg.settings", "site_pkg.local"),
        "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . /app\n",
        "site_pkg/__init__.py": "",
        "site_pkg/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
        "site_pkg/shared.py": 'EMAIL_HOST = "localhost"\nEMAIL_PORT = 1025\n',
        "site_pkg/local.py": "from .shared import *\n" + local,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code,
             f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_backend_the_loaded_settings_module_sets_again_stays_silent(tmp_path):
    assert _split(tmp_path, 'EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"\n') == []


def test_a_loaded_module_that_keeps_the_backend_still_dials(tmp_path):
    assert _split(tmp_path, "DEBUG = True\n") == [("shared.py", 1, "DW101", "postbox:1025")]


def test_the_default_of_the_host_read_from_the_environment(tmp_path):
    # `EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")`: the name is the mail server's
    # setting (a name written out whole beats the *EMAIL* pattern of rules/names.yaml data)
    settings = 'EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")\nEMAIL_PORT = 1025\n'
    assert _findings(tmp_path, settings) == [("settings.py", 2, "DW101", "postbox:1025")]


def test_the_default_of_the_host_read_from_the_environment_under_a_console_backend(tmp_path):
    settings = ('EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"\n'
                'EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")\nEMAIL_PORT = 1025\n')
    assert _findings(tmp_path, settings) == []


def test_an_address_to_write_to_stays_data(tmp_path):
    settings = 'EMAIL_HOST = "mail.example.org"\nDEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "root@localhost")\n'
    assert _findings(tmp_path, settings) == []
