"""The port of an f-string built in a settings class (``f"postgres://u:p@{self.db_host}:{self.db_port}/app"``)
is the default of the port field, also where the field is declared with pydantic's ``Field``
(``db_port: int = Field(default=5432, alias="DB_PORT")`` or ``Field(5432)``: the default is its first
positional argument or its ``default`` keyword, ``rules/flow.yaml`` field_positional_defaults) or
with a keyword of ``field_defaults`` (``dataclasses.field(default=5432)``), as it is where it is
written ``db_port: int = 5432``.  Unread, that port was unknown, and the loopback host beside it
went unjudged.  A field whose default is made by a factory, or a required one (``Field(...)``),
still gives no port.  (Where the port stays unknown the loopback host is still judged, without a
suggestion; with it, the suggestion names the service that listens there, or the Docker host.)"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n"
           "  worker:\n    build: .\n    command: python -m app.main\n"
           "  store:\n    image: postgres:16\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY app/ ./app/\n"
MAIN = ("import psycopg2\n\nfrom app.config import options\n\n\n"
        "def run():\n"
        "    psycopg2.connect(options.dsn).close()\n\n\n"
        "run()\n")


SETTINGS = "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\n\nclass Options(BaseSettings):\n"
DATACLASS = "from dataclasses import dataclass, field\n\n\n@dataclass\nclass Options:\n"


def config(port_line: str, head: str = SETTINGS) -> str:
    return (head +
            "    db_host: str = \"localhost\"\n"
            f"    {port_line}\n\n"
            "    @property\n"
            "    def dsn(self) -> str:\n"
            "        return f\"postgres://u:p@{self.db_host}:{self.db_port}/app\"\n\n\n"
            "options = Options()\n")


def findings(tmp_path: Path, port_line: str, head: str = SETTINGS) -> list[tuple]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/config.py": config(port_line, head), "app/main.py": MAIN}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code, f.suggestion and f"{f.suggestion.host}:{f.suggestion.port}")
                  for f in result.active)


def test_a_port_written_plainly_is_the_baseline(tmp_path):
    assert findings(tmp_path, "db_port: int = 5432") == [("app/config.py", 6, "DW101", "store:5432")]


def test_a_pydantic_field_keyword_default_gives_the_port(tmp_path):
    assert findings(tmp_path, 'db_port: int = Field(default=5432, alias="DB_PORT")') \
        == [("app/config.py", 6, "DW101", "store:5432")]


def test_a_pydantic_field_positional_default_gives_the_port(tmp_path):
    assert findings(tmp_path, "db_port: int = Field(5432, ge=1)") == [("app/config.py", 6, "DW101", "store:5432")]


def test_a_dataclasses_field_keyword_default_gives_the_port(tmp_path):
    assert findings(tmp_path, "db_port: int = field(default=5432)", DATACLASS) \
        == [("app/config.py", 6, "DW101", "store:5432")]


def test_a_port_another_service_does_not_listen_on_points_at_the_host(tmp_path):
    # the port decides the suggestion: the service's own 5432, or the Docker host's 6543
    assert findings(tmp_path, "db_port: int = Field(default=6543)") \
        == [("app/config.py", 6, "DW101", "host.docker.internal:6543")]


def test_a_required_or_factory_made_port_stays_unknown(tmp_path):
    # no port is made up for them: whatever is judged there is judged without one
    for line in ("db_port: int = Field(...)", "db_port: int = Field(default_factory=lambda: 5432)"):
        assert all(suggested is None for *_, suggested in findings(tmp_path, line)), line
