"""An early exit whose test joins a part dockwise cannot read with one it can
(``if _client is not None or not (settings.redis_url and settings.cache_type == "redis"):
return``): the ``or`` holds wherever the part it reads holds, so a container that leaves
``CACHE_TYPE`` at its default never reaches the dial after it.  A settings field read only as
a truth test (``settings.redis_url and ...``, ``not settings.redis_url``) is a read that never
connects, not one that dials it by its name.  Where the service selects the cache, the
finding stays."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "-m", "app.main"]\n'
CONFIG = """\
from typing import Literal, Optional

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    cache_type: Literal["redis", "memory", "database"] = "database"
    redis_url: Optional[str] = "redis://localhost:6379/0"


settings = Settings()
"""
CACHE = """\
import redis

from app.config import settings

_CLIENT = None


def get_client():
    global _CLIENT
    if _CLIENT is not None or not (settings.redis_url and settings.cache_type == "redis"):
        return _CLIENT
    _CLIENT = redis.from_url(settings.redis_url)
    return _CLIENT
"""
MAIN = """\
from app.cache import get_client

if __name__ == "__main__":
    client = get_client()
    if client:
        client.ping()
"""


def _findings(tmp_path: Path, env: str, cache: str = CACHE) -> list[tuple[str, str, int]]:
    compose = f"services:\n  api:\n    build: .\n    environment:\n{env}  redis:\n    image: redis:7\n"
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": compose, "app/__init__.py": "",
                    "app/config.py": CONFIG, "app/cache.py": cache, "app/main.py": MAIN}, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


DEFAULT = [("DW101", "app/config.py", 8)]


def test_the_cache_left_at_its_default_never_dials(tmp_path):
    assert _findings(tmp_path, "      APP_MODE: prod\n") == []


def test_the_cache_selected_dials_the_default(tmp_path):
    assert _findings(tmp_path, "      CACHE_TYPE: redis\n") == DEFAULT


def test_an_or_of_unread_parts_alone_keeps_the_dial(tmp_path):
    cache = CACHE.replace('not (settings.redis_url and settings.cache_type == "redis")', "_disabled()") \
        + "\n\ndef _disabled():\n    import sys\n    return 'nocache' in sys.argv\n"
    assert _findings(tmp_path, "      APP_MODE: prod\n", cache) == DEFAULT


def test_a_field_read_as_a_truth_test_is_no_dial_by_its_name(tmp_path):
    cache = CACHE.replace('if _CLIENT is not None or not (settings.redis_url and settings.cache_type == "redis"):',
                          'if not settings.redis_url or settings.cache_type != "redis":')
    assert _findings(tmp_path, "      APP_MODE: prod\n", cache) == []
    assert _findings(tmp_path, "      CACHE_TYPE: redis\n", cache) == DEFAULT
