"""A class whose lineage lies in its own module is built only by code that names it, and some
ways of naming it build nothing: a type annotation (``def reindex(client: SearchClient)``,
``pending: list[SearchClient] = []``), or the class statement of a subclass that nothing
builds in turn (comments and sentences that name it were no mentions already).  Bases that
neither build their subclasses nor call their methods by name (``ABC``,
``AbstractContextManager``, ``Generic[T]``: ``rules/flow.yaml`` inert_bases) keep a class
plain.  So the search server's loopback address in the client's ``__init__`` is no finding in a
worker that only annotates with the class; code that builds it (or its subclass), or a library
base that may build it unnamed, keeps the finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  worker:
    build: .
    command: python -m app.worker
"""

SEARCH = """\
from abc import ABC
from contextlib import AbstractContextManager
from typing import Generic, TypeVar

import requests

T = TypeVar("T")


class SearchClient{bases}:
    \"\"\"Talks to the search server.\"\"\"

    def __init__(self):
        self.health = requests.get("http://localhost:9200/_cluster/health")

    def refresh(self):
        print("[SearchClient] refreshed")  # its own name in its own body builds nothing
        return self.health
{sub}"""

SUB = "\n\nclass IndexClient(SearchClient):\n    pass\n"

WORKER = """\
from app.search import *


{mention}


def main():
{body}


if __name__ == "__main__":
    main()
"""

MENTIONS = [  # each where it would run
    "def reindex(client: SearchClient) -> None:\n    client.refresh()",  # a parameter's annotation
    "def reindex(client) -> SearchClient | None:\n    return client",  # a return's
    "PENDING: list[SearchClient] = []",  # a module-level name's
    'PENDING: "list[SearchClient]" = []',  # a string annotation
]
BODY_MENTIONS = [  # in the body of main(), which runs
    "    pending: list[SearchClient] = []\n    print(pending)",
    '    pending: "list[SearchClient]" = []\n    print(pending)',
]


def _codes(tmp_path: Path, bases: str = "", body: str = '    print("idle")', mention: str = MENTIONS[0],
           sub: str = SUB) -> list[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/search.py": SEARCH.format(bases=bases, sub=sub),
        "app/worker.py": WORKER.format(body=body, mention=mention),
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).findings]


@pytest.mark.parametrize("bases", ["", "(ABC)", "(AbstractContextManager)", "(Generic[T])",
                                   "(AbstractContextManager, Generic[T])"])
def test_a_class_only_annotated_or_subclassed_is_never_built(tmp_path, bases):
    assert _codes(tmp_path, bases) == []


@pytest.mark.parametrize("mention", MENTIONS)
def test_annotations_build_nothing(tmp_path, mention):
    assert _codes(tmp_path, mention=mention, sub="") == []


@pytest.mark.parametrize("body", BODY_MENTIONS)
def test_annotations_in_code_that_runs_build_nothing(tmp_path, body):
    assert _codes(tmp_path, body=body, mention="", sub="") == []


@pytest.mark.parametrize("body", [
    "    SearchClient().refresh()",  # built by a function that runs
    "    IndexClient().refresh()",  # its subclass is
    "    client = SearchClient()\n    reindex(client)",
    '    reindex(SearchClient())  # a SearchClient: SearchClient',  # a call beside a comment
])
@pytest.mark.parametrize("bases", ["", "(ABC)", "(AbstractContextManager)"])
def test_a_class_that_is_built_keeps_its_finding(tmp_path, bases, body):
    assert _codes(tmp_path, bases, body) == ["DW101"]


def test_a_library_base_may_build_the_class_unnamed(tmp_path):
    """A base the project does not define (a framework's, a library's) may find the class and
    call its methods by name: the finding stays although nothing here builds it."""
    assert _codes(tmp_path, "(requests.Session)") == ["DW101"]
