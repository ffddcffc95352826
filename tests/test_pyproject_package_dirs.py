"""A start command's module installed from a directory the project's ``pyproject.toml`` names
(Poetry's ``packages = [{include = "shop/api", from = "bases"}]``, setuptools'
``packages.find.where``) resolves there: ``uvicorn shop.api.main:app`` in the directory holding
that ``pyproject.toml`` runs ``bases/shop/api/main.py`` and what it imports from the other
directories (``components/shop/store``), so a loopback address dialled there is judged.  A
``pyproject.toml`` that names no such directory adds none: the start command stays unfollowed."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

POETRY = '''[tool.poetry]
name = "shop"
version = "0.1.0"
packages = [
    {include = "shop/api", from = "bases"},
    {include = "shop/store", from = "components"},
]
'''

SETUPTOOLS = '''[project]
name = "shop"
version = "0.1.0"

[tool.setuptools.packages.find]
where = ["bases", "components"]
'''

PLAIN = '''[project]
name = "shop"
version = "0.1.0"
'''

MAIN = '''from fastapi import FastAPI

from shop.store.queue import publisher

app = FastAPI()


@app.post("/items")
async def add_item() -> dict:
    await publisher().publish("items", "added")
    return {}
'''

QUEUE = '''import redis.asyncio as aioredis

QUEUE_URL = "redis://localhost:6379/0"


def publisher() -> aioredis.Redis:
    return aioredis.from_url(QUEUE_URL)
'''


# the start module, then the module it imports from the other directory
CHAIN = ("backend/bases/shop/api/main.py", "backend/components/shop/store/queue.py")


def _findings(tmp_path: Path, pyproject: str) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n    working_dir: /code/backend\n"
                        "    command: uvicorn shop.api.main:app --host 0.0.0.0\n"
                        "    volumes:\n      - .:/code\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nRUN pip install fastapi uvicorn redis\n",
        "backend/pyproject.toml": pyproject,
        "backend/bases/shop/api/__init__.py": "",
        "backend/bases/shop/api/main.py": MAIN,
        "backend/components/shop/store/__init__.py": "",
        "backend/components/shop/store/queue.py": QUEUE,
    }, git=True)
    return [(f.code, f.span.path, f.suggestion.host if f.suggestion else None,
             f.evidence.chain if f.evidence else ())
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_poetry_package_directories_resolve_the_start_module(tmp_path: Path) -> None:
    assert _findings(tmp_path, POETRY) == [("DW101", "backend/components/shop/store/queue.py", "cache", CHAIN)]


def test_setuptools_find_directories_resolve_it_too(tmp_path: Path) -> None:
    assert _findings(tmp_path, SETUPTOOLS) == [("DW101", "backend/components/shop/store/queue.py", "cache", CHAIN)]


def test_a_pyproject_naming_no_directory_adds_none(tmp_path: Path) -> None:
    # the start module is not found there: no chain from it (every file held is judged)
    assert all(chain != CHAIN for *_, chain in _findings(tmp_path, PLAIN))
