"""Document-management images configured through their environment dial the servers those
variables name (rules/images.yaml `dials`, from each image's documentation).

Paperless-ngx's image reads PAPERLESS_DBHOST as its PostgreSQL/MariaDB host and
PAPERLESS_TIKA_ENDPOINT / PAPERLESS_TIKA_GOTENBERG_ENDPOINT as the Tika and Gotenberg servers it
posts documents to (docs.paperless-ngx.com, "Configuration"): their names alone say nothing
(`*_HOST`, `*_ENDPOINT` are weak), so a loopback value there went unreported although the
container itself serves none of them.  The Tika and Gotenberg images serve on 9998 and 3000, so
the suggestion is their service.  Another variable of the stack keeps its weak-name silence."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

STACK = """services:
  broker:
    image: docker.io/library/redis:7
  db:
    image: docker.io/library/postgres:16
  tika:
    image: docker.io/apache/tika:latest
  gotenberg:
    image: docker.io/gotenberg/gotenberg:8
  webserver:
    image: ghcr.io/paperless-ngx/paperless-ngx:latest
    ports:
      - "8000:8000"
    environment:
      PAPERLESS_REDIS: redis://broker:6379
      PAPERLESS_DBHOST: {dbhost}
      PAPERLESS_TIKA_ENABLED: 1
      PAPERLESS_TIKA_ENDPOINT: {tika}
      PAPERLESS_TIKA_GOTENBERG_ENDPOINT: {gotenberg}
      PAPERLESS_URL: http://localhost:8000
"""


def findings(tmp_path: Path, **values: str) -> list[tuple[int, str, str | None]]:
    make(tmp_path, {"compose.yaml": STACK.format(**values)}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.line, f.code, f.suggestion.host if f.suggestion else None) for f in result.active)


def test_loopback_servers_of_the_paperless_image_are_reported(tmp_path: Path) -> None:
    # a bare host with no port (PAPERLESS_DBHOST=localhost) is judged by no port, as for any
    # image's host variable; the public URL (PAPERLESS_URL) is no address the image dials
    got = findings(tmp_path, dbhost="localhost", tika="http://localhost:9998",
                   gotenberg="http://127.0.0.1:3000")
    assert got == [(18, "DW101", "tika"), (19, "DW101", "gotenberg")], got


def test_service_names_are_right(tmp_path: Path) -> None:
    assert findings(tmp_path, dbhost="db", tika="http://tika:9998", gotenberg="http://gotenberg:3000") == []
