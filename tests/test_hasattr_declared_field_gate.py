"""``hasattr(obj, "name")`` on a module-level instance of a project class whose body gives
``name`` a value is always true: the branch written for a missing field never runs, so a
fallback address there is not dialled (``if hasattr(conf, "cache"): url = conf.cache.url
else: url = "redis://localhost:6379/0"``).  Where the class declares no such field, the
fallback is live and judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_VALUES = '''class CacheConf:
    url = "redis://store:6379/0"


class BaseConf:
    cache = CacheConf()


class Conf(BaseConf):
    name = "panel"


conf = Conf()
'''

_MAIN = '''import redis

from {source} import conf


def client():
    if hasattr(conf, "{field}"):
        url = conf.{field}.url
    else:
        url = "redis://localhost:6379/0"
    return redis.Redis.from_url(url)


client().ping()
'''


def _codes(tmp_path: Path, field: str, source: str = "settings") -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  panel:\n    build: .\n    command: python app/main.py\n"
                        "  store:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENV PYTHONPATH=/srv\n",
        "settings/__init__.py": "from .values import conf\n",
        "settings/values.py": _VALUES,
        "app/__init__.py": "",
        "app/main.py": _MAIN.format(field=field, source=source),
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("source", ["settings", "settings.values"])
def test_a_declared_field_makes_the_fallback_dead(tmp_path, source):
    assert _codes(tmp_path, "cache", source) == []


def test_an_undeclared_field_leaves_the_fallback_live(tmp_path):
    assert _codes(tmp_path, "queue") == ["DW101"]
