"""A client that takes its options as a mapping (``PostgresEngine(config={...})``, a Kafka
client's ``{"bootstrap.servers": ...}``) finds its server under an address key (``host``,
``bootstrap.servers``) or in a URL.  A string under a key that names no address (``user``,
``password``, ``client.id``) is an option, not the address: ``"localhost"`` as a
user name dials nothing, while the host beside it stays judged, at the client's default port
where the mapping gives none."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_COMPOSE = ("services:\n  api:\n    build: .\n    command: python app/main.py\n"
            "  db:\n    image: postgres:16\n")


def _findings(tmp_path: Path, call: str) -> list[tuple[str, int, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/main.py": f"from piccolo.engine.postgres import PostgresEngine\n\nDB = {call}\n",
    }, git=True)
    return sorted((f.code, f.span.line, f.span.column, f.suggestion.host if f.suggestion else None)
                  for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("key", ["user", "password", "ssl_mode"])
def test_an_option_under_a_key_naming_no_address_is_no_target(tmp_path, key):
    assert _findings(tmp_path, f'PostgresEngine(config={{"host": "db", "{key}": "localhost"}})') == []


def test_the_host_beside_it_stays_judged(tmp_path):
    call = 'PostgresEngine(config={"user": "localhost", "host": "127.0.0.1", "password": "localhost"})'
    found = _findings(tmp_path, call)
    assert [(code, host) for code, _line, _col, host in found] == [("DW101", "db")]
    assert found[0][2] == 1 + len('DB = PostgresEngine(config={"user": "localhost", "host": "')


def test_a_url_under_any_key_stays_judged(tmp_path):
    call = 'PostgresEngine({"primary": "postgresql://app:x@localhost:5432/app"})'
    assert [(code, host) for code, _l, _c, host in _findings(tmp_path, call)] == [("DW101", "db")]
