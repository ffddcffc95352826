"""A method of a plain class runs only where code names it; ``engine.get_page(...)`` where the
function around it binds ``engine`` only to a call of a class imported from a library
(``engine = Engine(loader=...)`` of a template package) calls that library object's method of the
same name, not the project's.  The project's method is still called where the local is bound to
its own class (imported from a project module or defined beside it), where a parameter or an
unknown value holds the object, or where the name is written elsewhere."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

FETCHER = ("import requests\n\n\nclass Fetcher:\n    def __init__(self, name):\n        self.name = name\n\n"
           "    @staticmethod\n    def get_page(path):\n"
           "        return requests.get(\"http://localhost/pages/\" + path).text\n\n"
           "    def ping(self):\n        return self.name\n")

LIBRARY_OBJECT = ("from pagekit import Engine, FileLoader\n\n\n"
                  "def show(name):\n    engine = Engine(loader=FileLoader(\"./pages\"))\n"
                  "    return engine.get_page(name)\n")


def _findings(tmp_path: Path, other: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  worker:\n    build: .\n    command: python main.py\n"
                        "  web:\n    image: nginx:1.27\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "fetcher.py": FETCHER,
        "pages.py": other,
        "main.py": "from fetcher import Fetcher\nfrom pages import show\n\n"
                   "print(Fetcher(\"a\").ping())\nprint(show(\"index\"))\n",
    }, git=True)
    return [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_library_objects_method_of_the_same_name_calls_nothing_of_the_project(tmp_path):
    assert _findings(tmp_path, LIBRARY_OBJECT) == []


@pytest.mark.parametrize("other", [
    "from fetcher import Fetcher\n\n\ndef show(name):\n    engine = Fetcher(name)\n    return engine.get_page(name)\n",
    "import pagekit\n\n\ndef show(name, engine=None):\n    engine = engine or pagekit.Engine()\n"
    "    return engine.get_page(name)\n",
    "from pagekit import Engine\n\n\ndef show(name, engine):\n    return engine.get_page(name)\n",
    LIBRARY_OBJECT.replace("    return engine.get_page(name)\n",
                           "    engine = pick(engine)\n    return engine.get_page(name)\n")
    + "\n\ndef pick(e):\n    return e\n",
    "from typing import cast\n\nfrom fetcher import Fetcher\n\n\ndef show(name):\n"
    "    engine = cast(Fetcher, make(name))\n    return engine.get_page(name)\n\n\ndef make(name):\n"
    "    return Fetcher(name)\n",
], ids=["project-class", "bound-to-an-unknown-value", "a-parameter", "bound-again", "a-library-function"])
def test_the_projects_method_may_still_be_called(tmp_path, other):
    assert _findings(tmp_path, other) == [("DW101", "fetcher.py")]


def test_a_static_method_nothing_names_dials_nothing(tmp_path):
    assert _findings(tmp_path, "def show(name):\n    return name\n") == []


@pytest.mark.parametrize("other", [
    "from fetcher import Fetcher\n\n\ndef show(name):\n    return Fetcher.get_page(name)\n",
    "import fetcher\n\n\ndef show(name):\n    return fetcher.Fetcher(\"b\").get_page(name)\n",
], ids=["on-the-class", "on-an-instance"])
def test_a_static_method_called_by_name_keeps_the_finding(tmp_path, other):
    assert _findings(tmp_path, other) == [("DW101", "fetcher.py")]
