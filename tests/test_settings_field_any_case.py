"""pydantic's ``BaseSettings`` matches a field's variable in any letter case by default: a
service whose environment writes ``search_url: http://search:9200`` fills the field
``search_url`` (annotated or not: pydantic v1 infers an un-annotated field's type from its
default), so the field's ``localhost`` default never runs there.  A service that sets no such
variable keeps the finding, and a class that sets ``case_sensitive = True`` keeps the exact
name."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, field: str, name: str, options: str = "") -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  api:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        f"    environment:\n      {name}: http://search:9200\n"
                        "  api-bare:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        "  search:\n    image: elasticsearch:8.13.0\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/config.py": "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
                         f"    {field} \"http://localhost:9200\"\n{options}\n\nsettings = Settings()\n",
        "app/main.py": "from elasticsearch import Elasticsearch\nfrom fastapi import FastAPI\n\n"
                       "from app.config import settings\n\napp = FastAPI()\n"
                       "index = Elasticsearch(settings.search_url)\n",
    }, git=True)
    return [(f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


BARE = [("DW101", ("api-bare",))]


@pytest.mark.parametrize("field", ["search_url =", "search_url: str ="], ids=["inferred", "annotated"])
@pytest.mark.parametrize("name", ["search_url", "Search_Url", "SEARCH_URL"])
def test_variable_in_any_case_fills_the_field(tmp_path, field, name):
    assert _findings(tmp_path, field, name) == BARE


def test_case_sensitive_class_reads_the_exact_name(tmp_path):
    options = "\n    class Config:\n        case_sensitive = True\n"
    assert _findings(tmp_path, "search_url: str =", "Search_Url", options) == [("DW101", ("api", "api-bare"))]
