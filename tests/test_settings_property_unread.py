"""A ``@property`` of a class only the project's code builds (a ``BaseSettings`` subclass, a
plain class) runs only where code loads that attribute: pydantic neither reads nor dumps a
plain property (only a ``@computed_field`` one), so ``def search_nodes(self): return
self.elasticsearch_hosts.split(",")`` behind ``@property`` is a helper like an undecorated method.
A strong-named field that only such a property reads, while no module the container runs
loads the property (a docstring naming it is no load), is dialled nowhere there: no DW101 on
its default.  A container whose code loads the property keeps the finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: python -m lens.api
  indexer:
    build: .
    command: python -m lens.indexer
"""

SETTINGS = """\
from pydantic_settings import BaseSettings

class Settings(BaseSettings):
    elasticsearch_hosts: str = "http://localhost:9200"
    title: str = "lens"

    @property
    def search_nodes(self):
        \"\"\"The nodes, one by one: ``settings.search_nodes``.\"\"\"
        return [h.strip() for h in self.elasticsearch_hosts.split(",")]


settings = Settings()
"""

API = """\
from lens.config import settings


def main():
    print("serving", settings.title)


if __name__ == "__main__":
    main()
"""

INDEXER = """\
from elasticsearch import Elasticsearch

from lens.config import settings


def main():
    client = Elasticsearch(hosts=settings.search_nodes)
    client.info()


if __name__ == "__main__":
    main()
"""


def _findings(tmp_path: Path, indexer: str = INDEXER):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "lens/__init__.py": "",
        "lens/config.py": SETTINGS,
        "lens/api.py": API,
        "lens/indexer.py": indexer,
    }, git=True)
    return run_check([tmp_path], Config()).findings


def _services(findings) -> set[str]:
    return {s for f in findings if f.code == "DW101" for s in f.services}


def test_property_loaded_in_one_container_only(tmp_path: Path) -> None:
    found = _services(_findings(tmp_path))
    assert "indexer" in found  # its code loads `settings.search_nodes`
    assert "api" not in found  # nothing there loads the property: its read never runs


def test_property_loaded_nowhere(tmp_path: Path) -> None:
    assert not _services(_findings(tmp_path, indexer=API))

