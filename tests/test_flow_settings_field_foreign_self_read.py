"""A settings field named as a client address (``redis_url`` of a ``BaseSettings`` class, whose
variable is a strong name) is a target only where code reads the field.  ``self.redis_url`` in
a method of an unrelated class (a connection pool that reads ``REDIS_URL`` itself and keeps it
in its own attribute) is that object's attribute, not a read of the field: the field's
loopback default is no finding.  A read of the field itself (``settings.redis_url``) keeps it."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('from pydantic_settings import BaseSettings\n\n\n'
            'class Settings(BaseSettings):\n'
            '    name: str = "quotes"\n'
            '    redis_url: str = "redis://localhost:6379"\n\n'
            '    class Config:\n'
            '        env_prefix = "QS_"\n\n\n'
            'settings = Settings()\n')

POOL = ('import os\n\n'
        'import redis\n\n\n'
        'class Pool:\n'
        '    def __init__(self):\n'
        '        self.redis_url = os.getenv("REDIS_URL", "redis://cache:6379/0")\n\n'
        '    def client(self):\n'
        '        return redis.Redis.from_url(self.redis_url)\n')

MAIN = ('from config import settings\n'
        'from pool import Pool\n\n'
        'print(settings.name)\n'
        'Pool().client().ping()\n')


def _findings(tmp_path, main: str = MAIN) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "app/config.py": SETTINGS,
        "app/pool.py": POOL,
        "app/main.py": main,
        "app/Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "main.py"]\n',
        "compose.yaml": "services:\n  cache:\n    image: redis:7\n  api:\n    build: ./app\n",
    }, git=True)
    return [(f.span.path.rpartition("/")[2], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_another_objects_self_attribute_of_that_name_reads_no_field(tmp_path):
    assert _findings(tmp_path) == []


def test_a_read_of_the_field_keeps_its_default_judged(tmp_path):
    main = MAIN + "from arq.connections import RedisSettings\n\nRedisSettings.from_dsn(settings.redis_url)\n"
    assert _findings(tmp_path, main) == [("config.py", 6, "DW101")]
