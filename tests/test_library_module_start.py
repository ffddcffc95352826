"""A start command that runs a module of a library the project depends on
(``python -m acme_sdk.cli rt``, where ``acme-sdk`` is a dependency its packaging declares and
no file of the project is that module) runs the library's program, not the project's code:
the container is not judged on every file it holds (``runs/build.py``).  A module the
project does not declare, or one given a file or a module path of the project as an
argument, keeps the fallback; the service that runs the project's own entry keeps its
finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
  runtime:
    build: .
    command: {cmd}
  cache:
    image: redis:7
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\nCMD [\"python\", \"main.py\"]\n"
PYPROJECT = """\
[project]
name = "acme"
version = "1.0"
dependencies = [
    "acme-sdk==0.2.7",
    "redis>=5",
]
"""
MAIN = "from acme.store import cache\n\ncache.ping()\n"
STORE = "import redis\n\ncache = redis.Redis(host=\"localhost\", port=6379)\n"


def _findings(tmp_path: Path, cmd: str, pyproject: str = PYPROJECT) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(cmd=cmd), "Dockerfile": DOCKERFILE, "pyproject.toml": pyproject,
                    "main.py": MAIN, "acme/__init__.py": "", "acme/store.py": STORE}, git=True)
    return [(f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_module_of_a_declared_library_runs_none_of_the_project(tmp_path):
    assert _findings(tmp_path, '["python", "-m", "acme_sdk.cli", "rt"]') == [("DW101", ("web",))]


def test_the_same_under_uv_run(tmp_path):
    assert _findings(tmp_path, '["uv", "run", "--no-sync", "-m", "acme_sdk.cli.__init__", "rt"]') == [("DW101", ("web",))]


def test_an_undeclared_module_keeps_the_fallback(tmp_path):
    found = _findings(tmp_path, '["python", "-m", "acme_sdk.cli", "rt"]', PYPROJECT.replace('"acme-sdk==0.2.7",', ""))
    assert found == [("DW101", ("runtime", "web"))] or found == [("DW101", ("web", "runtime"))]


def test_a_library_given_a_file_of_the_project_keeps_the_fallback(tmp_path):
    found = _findings(tmp_path, '["python", "-m", "acme_sdk.cli", "--app", "acme/store.py"]')
    assert found == [("DW101", ("runtime", "web"))] or found == [("DW101", ("web", "runtime"))]


def test_uv_run_of_a_module_of_the_project_runs_it(tmp_path):
    found = _findings(tmp_path, '["uv", "run", "-m", "acme.store"]')
    assert found == [("DW101", ("runtime", "web"))] or found == [("DW101", ("web", "runtime"))]


def test_a_declared_framework_that_loads_the_project_keeps_running_it(tmp_path):
    # `python -m scrapy crawl NAME`: Scrapy loads the project's settings and spiders (scrapy.cfg)
    pyproject = PYPROJECT.replace('"acme-sdk==0.2.7",', '"Scrapy>=2.11",')
    make(tmp_path, {"scrapy.cfg": "[settings]\ndefault = acme.settings\n",
                    "acme/settings.py": "SPIDER_MODULES = ['acme.spiders']\n",
                    "acme/spiders/__init__.py": "",
                    "acme/spiders/quotes.py": "import scrapy\n\nfrom acme.store import cache\n\n\nclass Quotes(scrapy.Spider):\n    name = 'quotes'\n"})
    found = _findings(tmp_path, '["python", "-m", "scrapy", "crawl", "quotes"]', pyproject)
    assert found == [("DW101", ("runtime", "web"))] or found == [("DW101", ("web", "runtime"))]
