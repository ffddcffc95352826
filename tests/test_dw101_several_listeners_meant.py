"""DW101 with several services listening on the port names the one the container is meant to dial.

Two Postgres services (the app's and a tool's) both listen on 5432.  ``localhost:5432`` in the
API is wrong either way, but which service to write instead is the layout's to say: the one
the API waits for (``depends_on``, a list or a mapping with conditions) or links to.  Where
the layout does not say, the address may: a user or database named after one of the services
(``postgresql://orders_db:pw@localhost/orders_db``) makes it the suggestion, marked as a guess
(an unsafe fix).  Where neither tells, the finding lists the candidates and suggests nothing.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: python app.py
    environment:
      DATABASE_URL: {url}
{extra}
  orders_db:
    image: postgres:16
  tool_db:
    image: postgres:16
"""

APP = "import os\n\nimport psycopg\n\npsycopg.connect(os.environ['DATABASE_URL']).close()\n"


def _finding(tmp_path: Path, url: str = "postgresql://app:pw@localhost:5432/app", extra: str = ""):
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(url=url, extra=extra),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app.py": APP,
    }, git=True)
    found = [f for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"]
    assert len(found) == 1
    return found[0]


def test_the_service_it_depends_on_is_the_suggestion(tmp_path):
    found = _finding(tmp_path, extra="    depends_on: [orders_db]")
    assert (found.suggestion.host, found.suggestion.port) == ("orders_db", 5432)
    assert not found.suggestion.tentative
    assert "that it depends on" in found.message


def test_depends_on_as_a_mapping_with_conditions(tmp_path):
    extra = "    depends_on:\n      tool_db:\n        condition: service_healthy\n"
    found = _finding(tmp_path, extra=extra.rstrip("\n"))
    assert (found.suggestion.host, found.suggestion.port) == ("tool_db", 5432)


def test_a_link_says_it_too(tmp_path):
    found = _finding(tmp_path, extra="    links: [\"tool_db:database\"]")
    assert found.suggestion.port == 5432
    assert found.suggestion.host in ("tool_db", "database")


def test_the_service_the_address_names_is_a_marked_guess(tmp_path):
    found = _finding(tmp_path, url="postgresql://orders_db:pw@localhost/orders_db")
    assert (found.suggestion.host, found.suggestion.port) == ("orders_db", 5432)
    assert found.suggestion.tentative
    assert "that the address names" in found.message


def test_a_name_inside_a_longer_word_names_nothing(tmp_path):
    found = _finding(tmp_path, url="postgresql://app:pw@localhost/orders_db_archive")
    assert found.suggestion is None
    assert "several services listen on 5432" in found.message


def test_depending_on_both_leaves_the_choice_open(tmp_path):
    found = _finding(tmp_path, extra="    depends_on: [orders_db, tool_db]")
    assert found.suggestion is None
    assert "several services listen on 5432" in found.message
    assert "`orders_db:5432`" in found.message and "`tool_db:5432`" in found.message
