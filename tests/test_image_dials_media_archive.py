"""Tube Archivist's image dials the Elasticsearch and Redis its environment names (rules/images.yaml
`dials`, from its documented variables): ES_URL and REDIS_CON are weak names (`*_URL`, `*_CON`),
so a loopback value there went unreported in a stack that runs the image as published, although
the container serves neither.  TA_HOST, the public origin the application answers to, is no
address it dials."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

STACK = """services:
  archive:
    image: bbilly1/tubearchivist:latest
    ports:
      - "8000:8000"
    environment:
      - ES_URL={es}
      - REDIS_CON={redis}
      - TA_HOST=http://localhost:8000
  archive-redis:
    image: redis:7
  archive-es:
    image: bbilly1/tubearchivist-es
"""


def findings(tmp_path: Path, **values: str) -> list[tuple[int, str, str | None]]:
    make(tmp_path, {"compose.yaml": STACK.format(**values)}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.line, f.code, f.suggestion.host if f.suggestion else None) for f in result.active)


def test_loopback_elasticsearch_of_the_image_is_reported(tmp_path: Path) -> None:
    got = findings(tmp_path, es="http://localhost:9200", redis="redis://archive-redis:6379")
    assert got == [(7, "DW101", "archive-es")], got


def test_service_names_are_right(tmp_path: Path) -> None:
    assert findings(tmp_path, es="http://archive-es:9200", redis="redis://archive-redis:6379") == []
