"""Feast's feature server binds 127.0.0.1 unless told otherwise: `feast serve` listens on
127.0.0.1:6566 and `feast serve_offline` on 127.0.0.1:8815 by default, out of reach of the
published port and of the other services; `-h 0.0.0.0` (also after the root command's
`-c DIR`) is right, and `feast ui` binds every interface by default."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, command: str, port: int) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  online:\n    build: .\n    command: {command}\n"
                        f"    ports:\n      - \"{port}:{port}\"\n",
        "Dockerfile": "FROM python:3.12-slim\nRUN pip install feast\nWORKDIR /srv\nCOPY . .\n",
        "store/defs.py": "from feast import Entity\n\nshop = Entity(name=\"shop\")\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize(("command", "port"), [
    ("feast serve", 6566),
    ("feast -c store serve -p 6566", 6566),
    ("feast serve_offline", 8815),
])
def test_the_default_loopback_bind_is_flagged(tmp_path, command, port):
    assert _findings(tmp_path, command, port) == [("DW201", "0.0.0.0")]


@pytest.mark.parametrize(("command", "port"), [
    ("feast serve -h 0.0.0.0", 6566),
    ("feast -c store serve --host 0.0.0.0 --port 6570", 6570),
    ("feast ui", 8888),
])
def test_every_interface_is_right(tmp_path, command, port):
    assert _findings(tmp_path, command, port) == []
