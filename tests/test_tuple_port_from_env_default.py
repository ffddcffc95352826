"""A ``(host, port)`` pair handed to a client (Django Channels' ``CONFIG.hosts``) whose port is
an environment read with a literal default (``os.environ.get("CACHE_PORT", 6379)``, under
``int()`` or not) is dialled at that default where the variable is unset, as a literal port
is: the loopback default of the host read beside it is judged (and the service whose port it
is suggested).  A service that sets the host's variable keeps it silent, and so does a port
whose default is no literal."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
MANAGE = ("import os\nimport sys\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_cfg.settings')\n"
          "from django.core.management import execute_from_command_line\n\nexecute_from_command_line(sys.argv)\n")


def _settings(port: str) -> str:
    return ("import os\n\nLAYER_HOSTS = [(os.environ.get('CACHE_HOST', 'localhost'), " + port + ")]\n"
            "CHANNEL_LAYERS = {'default': {'BACKEND': 'channels_redis.core.RedisChannelLayer',\n"
            "                              'CONFIG': {'hosts': LAYER_HOSTS}}}\n")


def _found(tmp_path: Path, port: str, env: str = "") -> list[tuple[str, int, str | None]]:
    compose = ("services:\n  site:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n" + env +
               "  layer:\n    image: redis:7\n")
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": DOCKERFILE,
        "manage.py": MANAGE,
        "site_cfg/__init__.py": "",
        "site_cfg/settings.py": _settings(port),
    }, git=True)
    out = []
    for f in run_check([tmp_path], Config(cache=False)).active:
        hint = f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion is not None else None
        out.append((f.span.path, f.span.line, hint))
    return sorted(out)


def test_a_port_read_with_a_literal_default_is_that_port(tmp_path):
    assert _found(tmp_path, "os.environ.get('CACHE_PORT', 6379)") == [("site_cfg/settings.py", 3, "layer:6379")]


def test_under_int_with_a_string_default_too(tmp_path):
    assert _found(tmp_path, "int(os.getenv('CACHE_PORT', '6379'))") == [("site_cfg/settings.py", 3, "layer:6379")]


def test_a_literal_port_is_judged_as_before(tmp_path):
    assert _found(tmp_path, "6379") == [("site_cfg/settings.py", 3, "layer:6379")]


def test_the_service_setting_the_host_is_silent(tmp_path):
    env = "    environment:\n      CACHE_HOST: layer\n"
    assert _found(tmp_path, "os.environ.get('CACHE_PORT', 6379)", env) == []


def test_a_port_without_a_literal_default_stays_unknown(tmp_path):
    assert _found(tmp_path, "os.environ['CACHE_PORT']") == []
