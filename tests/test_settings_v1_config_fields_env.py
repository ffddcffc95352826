"""pydantic v1 names a settings field's variable in the class's ``Config``:
``fields = {"mq_host": {"env": "BROKER_HOST"}}`` reads BROKER_HOST (not the field's own name,
and without the prefix), as ``Field(env=...)`` does; a list in either is read in order, the
first one set wins.  A service that sets that variable never runs the default; where none is
set, the default is dialled.  Kept through the result cache."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('from pydantic import BaseSettings, Field\n\n\n'
            'class Settings(BaseSettings):\n'
            '    mq_host: str = "localhost"\n'
            '    store_host: str = "127.0.0.1"\n'
            '    cache_host: str = Field("localhost", env=["CACHE_PRIMARY", "CACHE_HOST"])\n\n'
            '    class Config:\n'
            '        env_prefix = "APP_"\n'
            '        fields = {\n'
            '            "mq_host": {"env": "BROKER_HOST"},\n'
            '            "store_host": {"env": ["STORE_PRIMARY", "STORE_HOST"]},\n'
            '            "other": "ALIASED",\n'
            '        }\n\n\n'
            'settings = Settings()\n')

MAIN = ('import pika\nimport redis\nfrom conf import settings\n\n'
        'conn = pika.BlockingConnection(pika.ConnectionParameters(host=settings.mq_host))\n'
        'store = redis.Redis(host=settings.store_host, port=6379)\n'
        'cache = redis.Redis(host=settings.cache_host, port=6379)\n')


def findings(tmp_path, env: str, cache: bool = False) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": (f"services:\n  worker:\n    build: .\n    environment:\n      {env}\n"
                         "  rabbit:\n    image: rabbitmq:3\n  store:\n    image: redis:7\n"),
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nCMD ["python", "main.py"]\n',
        "conf.py": SETTINGS,
        "main.py": MAIN,
    }, git=True)
    return sorted((f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
                  for f in run_check([tmp_path], Config(cache=cache)).active)


def test_the_configured_variables_make_the_defaults_dead(tmp_path):
    assert findings(tmp_path, "BROKER_HOST: rabbit\n      STORE_HOST: store\n      CACHE_HOST: store") == []


def test_the_first_of_a_list_counts_too(tmp_path):
    assert findings(tmp_path, "BROKER_HOST: rabbit\n      STORE_PRIMARY: store\n      CACHE_PRIMARY: store") == []


def test_none_set_leaves_the_defaults_dialled(tmp_path):
    assert findings(tmp_path, "OTHER: x") == [("conf.py", 5, "DW101"), ("conf.py", 6, "DW101"), ("conf.py", 7, "DW101")]


def test_kept_through_the_result_cache(tmp_path):
    assert findings(tmp_path, "BROKER_HOST: rabbit\n      STORE_HOST: store\n      CACHE_HOST: store", cache=True) == []
    assert findings(tmp_path, "BROKER_HOST: rabbit\n      STORE_HOST: store\n      CACHE_HOST: store", cache=True) == []
