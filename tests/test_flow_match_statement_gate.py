"""A ``match`` on an environment value switches its cases like an ``if`` chain.

``match os.getenv("VECTOR_STORE", "memory"):`` with ``case "qdrant" | "qdrant-cloud":`` building
a Qdrant client: a container that leaves VECTOR_STORE unset runs the in-memory store and dials
nothing; one that sets it to ``qdrant`` dials the address.  The catch-all ``case _:`` runs where
no case before it matches.  A case with a guard, or a pattern that is not a plain literal, runs
on more than we read: its dial stays, and so does the catch-all's after it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

STORE = """\
import os

from qdrant_client import QdrantClient


def make_store():
    match os.getenv("VECTOR_STORE", "memory"):
        case "qdrant" | "qdrant-cloud":
            return QdrantClient(url="http://localhost:6333")
        case "memory":
            return {}
        case _:
            return QdrantClient(url="http://localhost:6334")


store = make_store()
"""

COMPOSE = """\
services:
  api:
    build: .
    command: python store.py
{environment}
"""


def _ports(tmp_path: Path, environment: str = "", store: str = STORE) -> list[int | None]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(environment=environment),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "store.py": store,
    }, git=True)
    return sorted(f.target_port for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101")


def test_no_case_that_dials_runs_where_the_variable_is_unset(tmp_path):
    assert _ports(tmp_path) == []


@pytest.mark.parametrize("value", ["qdrant", "qdrant-cloud"])
def test_the_case_the_container_selects_dials(tmp_path, value):
    assert _ports(tmp_path, f"    environment:\n      VECTOR_STORE: {value}") == [6333]


def test_the_catch_all_runs_where_no_case_before_it_matches(tmp_path):
    assert _ports(tmp_path, "    environment:\n      VECTOR_STORE: other") == [6334]


def test_a_guarded_case_is_not_read(tmp_path):
    guarded = STORE.replace('case "qdrant" | "qdrant-cloud":', 'case "qdrant" | "qdrant-cloud" if os.getenv("LOCAL"):')
    # (and the catch-all after it cannot be told apart from it either)
    assert _ports(tmp_path, store=guarded) == [6333, 6334]
