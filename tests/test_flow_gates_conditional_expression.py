"""A conditional expression on the environment is a branch, as an ``if`` statement is
(``flow/gates.py`` branch_gates): ``"host.docker.internal" if os.getenv("DEV") == "local" else
"redis"`` gives the alias only where the container's ``DEV`` is ``local``. A project that runs
its app on the developer's host against the Compose file's backing services keeps the host's
address on the side of the expression its containers never take."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def flagged(tmp_path: Path, expr: str, dev: str | None) -> list[tuple[int, str]]:
    env = f"    environment:\n      DEV: {dev}\n" if dev is not None else ""
    compose = ("services:\n  worker:\n    build: .\n    command: python -m app\n" + env
               + "  cache:\n    image: redis:7\n")
    main = ("import os\nfrom dataclasses import dataclass\n\nimport redis\n\n\n"
            "@dataclass\nclass CacheConfig:\n"
            f"    host: str = {expr}\n\n\n"
            "redis.Redis(host=CacheConfig().host)\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": main}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.line, f.code) for f in result.active)


ALIAS = '"host.docker.internal" if os.getenv("DEV") == "local" else "cache"'
LOOPBACK = 'os.getenv("CACHE_HOST") if os.getenv("DEV") == "prod" else "localhost"'


@pytest.mark.parametrize("expr,dev", [(ALIAS, "prod"), (LOOPBACK, "prod")])
def test_the_side_the_environment_does_not_take_is_never_dialled(tmp_path, expr, dev):
    assert flagged(tmp_path, expr, dev) == []


@pytest.mark.parametrize("expr,dev,code", [(ALIAS, "local", "DW106"), (LOOPBACK, "local", "DW101")])
def test_the_side_the_environment_takes_is_judged(tmp_path, expr, dev, code):
    assert flagged(tmp_path, expr, dev) == [(9, code)]


def test_an_unset_variable_takes_the_side_its_absence_gives(tmp_path):
    # no DEV in the service: `os.getenv("DEV") == "prod"` is false, the loopback side runs
    assert flagged(tmp_path, LOOPBACK, None) == [(9, "DW101")]


def test_a_test_on_no_environment_keeps_both_sides(tmp_path):
    expr = '"localhost" if len(__name__) > 3 else "cache"'
    assert flagged(tmp_path, expr, "prod") == [(9, "DW101")]
