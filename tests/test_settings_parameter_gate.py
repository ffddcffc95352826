"""A module-level function takes the settings object as a parameter (`def make_pool(cfg:
Settings)`) and returns early on one of its flags (`if not cfg.use_cache: return None`); the
module's only call hands it the module-level instance (`make_pool(cfg=cfg)`).  The flag is the
settings field's variable: where the container leaves it unset (its default False), the pool is
never built and its loopback default is dialled nowhere.  Where the container turns the flag
on, the default host is still dialled."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = ('from pydantic_settings import BaseSettings\n\n\n'
          'class Settings(BaseSettings):\n    use_cache: bool = False\n'
          '    cache_host: str = "localhost"\n    cache_port: int = 6379\n\n\ncfg = Settings()\n')

POOL = ('from typing import Optional\n\nimport redis\n\nfrom tiles.config import Settings, cfg\n\n\n'
        'def make_pool(cfg: Settings) -> Optional[redis.ConnectionPool]:\n'
        '    if not cfg.use_cache:\n        return None\n'
        '    return redis.ConnectionPool(host=cfg.cache_host, port=cfg.cache_port)\n\n\n'
        'pool = make_pool(cfg=cfg)\n')

APP = 'from fastapi import FastAPI\n\nfrom tiles import pool  # noqa: F401\n\napp = FastAPI()\n'


def _findings(tmp_path: Path, env: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  tiles:\n    build: .\n"
                         '    command: ["uvicorn", "tiles.app:app", "--host", "0.0.0.0"]\n'
                         f"{env}"
                         "  cache:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install fastapi uvicorn redis pydantic-settings\n",
        "tiles/__init__.py": "",
        "tiles/config.py": CONFIG,
        "tiles/pool.py": POOL,
        "tiles/app.py": APP,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    return sorted((f.code, f.span.path) for f in result.active)


def test_flag_left_unset_builds_no_pool(tmp_path: Path):
    assert _findings(tmp_path, "") == []


def test_flag_turned_on_dials_the_default_host(tmp_path: Path):
    got = _findings(tmp_path, "    environment:\n      - USE_CACHE=true\n")
    assert got == [("DW101", "tiles/config.py")]
