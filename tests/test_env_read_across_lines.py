"""A strong-named variable that nothing in a container reads is another service's setting
(flow/libreaders.py read_nowhere; a value of the service's ``env_file``): unless the code there reads the environment by a name it
computes (``os.getenv(key)``).  A read whose literal name is written on the next line,

    fmt = os.getenv(
        "LOG_FORMAT",
        "plain",
    )

names its variable as plainly as ``os.getenv("LOG_FORMAT")`` does: it is no computed read, and
the unread variable stays unread.  A read by a computed name written the same way still may
read any variable."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_COMPOSE = (
    "services:\n"
    "  cache:\n"
    "    image: redis:7-alpine\n"
    "  api:\n"
    "    build: .\n"
    "    env_file: .env\n"
)


def _findings(tmp_path: Path, read: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        ".env": "SUITE_REDIS_URL=redis://localhost:6379/1\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY main.py ./\nCMD [\"python\", \"main.py\"]\n",
        "main.py": f"import os\n\nkey = 'LOG_FORMAT'\nfmt = {read}\nprint(fmt)\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_literal_name_on_the_next_line_is_no_computed_read(tmp_path):
    assert _findings(tmp_path, "os.getenv(\n    'LOG_FORMAT',\n    'plain',\n)") == []


def test_a_computed_name_on_the_next_line_may_read_any_variable(tmp_path):
    assert _findings(tmp_path, "os.getenv(\n    key,\n    'plain',\n)") == [("DW101", "cache")]
