"""A field read by its name alone (``cfg.connection_string`` in a module that imports neither
class) is not known to be the field of one class when another, unrelated class declares a
field of that name too: which object it reads is not known, so the default of the one is
not taken to reach the other's sink.  Where only one class declares it, or the reader
imports the class's module, the read is that field's."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = "services:\n  web:\n    build: .\n    command: python -m app\n"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
MAIN = "from app import stores, lineage\n\nlineage.start(stores.load()).connect()\n"
STORES = '''\
from typing import Optional

from pydantic import BaseModel


class Model(BaseModel):
    pass


class CacheStore(Model):
    connection_string: str = "localhost:6379"
{rival}

def load():
    return None
'''
RIVAL = '''

class LineageStore(Model):
    connection_string: Optional[str] = None
'''
LINEAGE = '''\
from sqlalchemy import create_engine


def start(cfg):
    lineage_cfg = getattr(cfg, "lineage", None)
    if lineage_cfg.connection_string:
        return create_engine(lineage_cfg.connection_string)
'''


def flagged(tmp_path: Path, rival: str, lineage: str = LINEAGE) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": MAIN, "app/stores.py": STORES.format(rival=rival),
                    "app/lineage.py": lineage}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_field_name_two_unrelated_classes_declare_is_no_ones_by_name(tmp_path):
    assert flagged(tmp_path, RIVAL) == []


def test_a_field_only_one_class_declares_is_read_by_its_name(tmp_path):
    assert flagged(tmp_path, "") == [("app/stores.py", 11, "DW101")]


def test_a_reader_that_imports_the_class_reads_its_field(tmp_path):
    lineage = "from app.stores import CacheStore\n" + LINEAGE
    assert flagged(tmp_path, RIVAL, lineage) == [("app/stores.py", 11, "DW101")]
