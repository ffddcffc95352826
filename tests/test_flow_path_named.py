"""A class a setting names by its dotted path, with its arguments beside the path, is built
by a factory: no call is written out.  Where every such setting passes a parameter, that
parameter's loopback default never runs; where one does not, it may."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

COMPOSE = """\
services:
  indexer:
    build: .
    command: python -m shop.run
    environment:
      INDEX_URL: http://index:9200
  index:
    image: opensearchproject/opensearch:2
"""

BACKEND = """\
from opensearchpy import OpenSearch


class IndexBackend:
    def __init__(self, endpoint="http://localhost:9200", retries=3):
        self.conn = OpenSearch(hosts=endpoint, max_retries=retries)
"""

RUN = """\
import importlib

from shop import conf


def load(path, kwargs):
    module, _, attr = path.rpartition(".")
    return getattr(importlib.import_module(module), attr)(**kwargs)


BACKEND = load(conf.INDEX["backend"], conf.INDEX["kwargs"])
"""


def _codes(tmp_path: Path, conf: str) -> list[str]:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n")
    pkg = tmp_path / "shop"
    pkg.mkdir()
    for name, text in {"__init__": "", "backend": BACKEND, "conf": conf, "run": RUN}.items():
        (pkg / f"{name}.py").write_text(text)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).findings]


DICT_SETTING = """\
import os

INDEX = {"backend": "shop.backend.IndexBackend", "kwargs": {"endpoint": os.environ["INDEX_URL"]}}
"""

CALL_SETTING = """\
import os


def spec(path, kwargs):
    return {"backend": path, "kwargs": kwargs}


INDEX = spec("shop.backend.IndexBackend", {"retries": 5, "endpoint": os.environ["INDEX_URL"]})
"""


@pytest.mark.parametrize("conf", [DICT_SETTING, CALL_SETTING])
def test_a_default_every_path_setting_passes_never_runs(tmp_path, conf):
    assert _codes(tmp_path, conf) == []


def test_a_default_a_path_setting_leaves_out_still_runs(tmp_path):
    conf = 'INDEX = {"backend": "shop.backend.IndexBackend", "kwargs": {"retries": 5}}\n'
    assert _codes(tmp_path, conf) == ["DW101"]
