"""A settings entry whose options hand its library an in-memory fake of the client
(``"REDIS_CLIENT_CLASS": "fakeredis.FakeRedis"``, a ``connection_class`` imported from
``fakeredis``: ``rules/flow.yaml`` in_memory_clients) talks to no server: its ``LOCATION`` is a
placeholder the fake never dials, in the settings a test container loads.  The same cache
entry without the fake, and another entry beside it, stay findings."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

FAKE = """\
from fakeredis import FakeConnection

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "OPTIONS": {
            "REDIS_CLIENT_CLASS": "fakeredis.FakeRedis",
            "CONNECTION_POOL_KWARGS": {"connection_class": FakeConnection},
        },
    },
}
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "localhost", "PORT": "5432"}}
"""

REAL = """\
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    },
}
"""


def _lines(tmp_path: Path, settings: str) -> list[int]:
    compose = ("services:\n"
               "  web:\n    build: .\n    command: gunicorn site_app.wsgi:application -b 0.0.0.0:8000\n"
               "    environment:\n      DJANGO_SETTINGS_MODULE: site_app.settings\n"
               "  db:\n    image: postgres:16\n  redis:\n    image: redis:7\n")
    make(tmp_path, {"compose.yaml": compose,
                    "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
                    "site_app/__init__.py": "", "site_app/settings.py": settings,
                    "site_app/wsgi.py": ("import os\nfrom django.core.wsgi import get_wsgi_application\n\n"
                                         'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_app.settings")\n'
                                         "application = get_wsgi_application()\n")}, git=True)
    return sorted(f.span.line for f in run_check([tmp_path], Config(cache=False)).findings
                  if f.code == "DW101" and f.span.path == "site_app/settings.py")


def test_a_cache_handed_an_in_memory_fake_dials_nothing(tmp_path):
    assert _lines(tmp_path, FAKE) == [13]  # the database beside it stays


def test_the_real_client_keeps_the_cache_location(tmp_path):
    assert _lines(tmp_path, REAL) == [4]
