"""A branch on an environment variable whose name says the process runs in a container
(``if "APP_IN_CONTAINER" in os.environ:``, ``rules/flow.yaml`` container_env_flags) is the
code's own "am I in a container?" switch.  In a container whose environment is unknown (an
image run outside Compose: ``docker run -e ...`` sets what it sets) the container side is
the one that runs, as for ``in_docker()``: the loopback value of the other side, or the
module only it imports, is no finding there.  A Compose service's environment still decides:
one that does not set the flag runs the loopback side, and that stays a finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = """import os
import redis

CACHE = "redis://localhost:6379/0"
if "APP_IN_CONTAINER" in os.environ:
    CACHE = os.environ["CACHE_URL"]

client = redis.Redis.from_url(CACHE)
import conf
"""
CONF = """import os

if "APP_IN_CONTAINER" in os.environ:
    from .boxed import *
else:
    from .local import *
"""
FILES = {
    "Dockerfile": 'FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\nCMD ["python", "app.py"]\n',
    "app.py": APP,
    "conf/__init__.py": CONF,
    "conf/local.py": 'import redis\nqueue = redis.Redis(host="127.0.0.1", port=6380)\n',
    "conf/boxed.py": 'import os\nimport redis\nqueue = redis.Redis(host=os.environ["QUEUE_HOST"], port=6380)\n',
}


def _found(tmp_path: Path, extra: dict[str, str]) -> list[tuple[str, int]]:
    make(tmp_path, {**FILES, **extra}, git=True)
    return sorted((f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_outside_compose_the_container_side_of_the_flag_runs(tmp_path):
    assert _found(tmp_path, {}) == []


def test_a_getenv_truth_test_of_the_flag_counts_too(tmp_path):
    app = APP.replace('"APP_IN_CONTAINER" in os.environ', 'os.getenv("APP_IN_CONTAINER")')
    assert _found(tmp_path, {"app.py": app}) == []


@pytest.mark.parametrize("environment, expected", [
    ("", [("app.py", 4), ("conf/local.py", 2)]),  # the service does not set the flag: loopback runs
    ("    environment:\n      APP_IN_CONTAINER: '1'\n", []),
])
def test_a_compose_service_environment_decides(tmp_path, environment, expected):
    compose = "services:\n  worker:\n    build: .\n" + environment + "  cache:\n    image: redis:7\n"
    assert _found(tmp_path, {"compose.yaml": compose}) == expected


def test_another_flag_name_is_no_container_switch(tmp_path):
    app = APP.replace("APP_IN_CONTAINER", "USE_REMOTE_CACHE")
    conf = CONF.replace("APP_IN_CONTAINER", "USE_REMOTE_CACHE")
    assert _found(tmp_path, {"app.py": app, "conf/__init__.py": conf}) == [("app.py", 4), ("conf/local.py", 2)]


# a framework setting bound again behind the flag: the first value is dialled only where it is unset
SETTINGS = """import os

CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": "redis://localhost:6379/1"}}
if "IS_CONTAINER" in os.environ:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["CACHE_URL"]}}
"""
SITE = {
    "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\nENV DJANGO_SETTINGS_MODULE=site.settings\n"
                  'CMD ["gunicorn", "-b", "0.0.0.0:8000", "site.wsgi:application"]\n',
    "site/__init__.py": "",
    "site/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
    "site/settings.py": SETTINGS,
}


@pytest.mark.parametrize("compose, expected", [
    (None, []),
    ("services:\n  web:\n    build: .\n", [("site/settings.py", 4)]),
])
def test_a_setting_replaced_behind_the_flag(tmp_path, compose, expected):
    make(tmp_path, {**SITE, **({"compose.yaml": compose} if compose else {})}, git=True)
    found = sorted((f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)
    assert found == expected
