"""A registry of alternative store classes that a factory looks up by a key the container
chooses: a class attribute mapping (``class StoreFactory: _kinds = {"chroma": ChromaStore,
"qdrant": QdrantStore}``) read through a classmethod's parameter, ``cls._kinds.get(kind.lower())``,
whose callers pass a settings field that reads the selecting variable
(``VECTOR_STORE: str = os.getenv("VECTOR_STORE", "chroma")`` in a ``BaseSettings`` class).  The
store the container does not select is never built there, so its client's address, whether a
Python default or a strongly named variable of the service's environment, is dialled nowhere.
Where the container selects that store, or the key is unknown, the finding stays."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n'


def _compose(store: str, qdrant_env: bool = True) -> str:
    qdrant = "      QDRANT_URL: http://localhost:6333\n" if qdrant_env else ""
    return f"""\
services:
  api:
    build: .
    environment:
      VECTOR_STORE: {store}
{qdrant}      CHROMA_HOST: chroma
  chroma:
    image: chromadb/chroma
"""


SETTINGS = """\
import os

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    VECTOR_STORE: str = os.getenv("VECTOR_STORE", "chroma")
    QDRANT_URL: str = os.getenv("QDRANT_URL", "http://localhost:6333")
    CHROMA_HOST: str = os.getenv("CHROMA_HOST", "chroma")


settings = Settings()
"""
BASE = """\
from abc import ABC, abstractmethod


class Store(ABC):
    @abstractmethod
    def add(self, docs):
        ...
"""
QDRANT = """\
from qdrant_client import QdrantClient

from app.settings import settings

from .base import Store


class QdrantStore(Store):
    def __init__(self, name):
        self.client = QdrantClient(url=settings.QDRANT_URL)
        self.name = name

    def add(self, docs):
        self.client.upsert(self.name, docs)
"""
# a wrapper of a library dockwise does not know the client of
QDRANT_WRAPPED = QDRANT.replace("from qdrant_client import QdrantClient", "from vectorkit import QdrantIndex") \
    .replace("QdrantClient(url=", "QdrantIndex(url=")
CHROMA = """\
import chromadb

from app.settings import settings

from .base import Store


class ChromaStore(Store):
    def __init__(self, name):
        self.client = chromadb.HttpClient(host=settings.CHROMA_HOST, port=8000)
        self.name = name

    def add(self, docs):
        self.client.get_or_create_collection(self.name).add(docs)
"""
FACTORY = """\
from .chroma_store import ChromaStore
from .qdrant_store import QdrantStore


class StoreFactory:
    _kinds = {
        "chroma": ChromaStore,
        "qdrant": QdrantStore,
    }

    @classmethod
    def build(cls, kind, name):
        store_cls = cls._kinds.get(kind.lower())
        if store_cls is None:
            raise ValueError(f"{kind}: one of {', '.join(cls._kinds.keys())}")
        return store_cls(name)

    @classmethod
    def register(cls, kind, store_cls):
        cls._kinds[kind] = store_cls
"""
MAIN = """\
from fastapi import FastAPI

from app.settings import settings
from app.stores.factory import StoreFactory

app = FastAPI()


@app.post("/docs")
def add_docs(docs: list[str]):
    store = StoreFactory.build(settings.VECTOR_STORE, "docs")
    store.add(docs)
"""


def _findings(tmp_path: Path, compose: str, **over: str) -> list[tuple[str, str, int]]:
    files = {"Dockerfile": DOCKERFILE, "compose.yaml": compose, "app/__init__.py": "", "app/stores/__init__.py": "",
             "app/settings.py": SETTINGS, "app/stores/base.py": BASE, "app/stores/qdrant_store.py": QDRANT,
             "app/stores/chroma_store.py": CHROMA, "app/stores/factory.py": FACTORY, "app/main.py": MAIN}
    files.update({k.replace("__", "/").replace("_py", ".py"): v for k, v in over.items()})
    make(tmp_path, files, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


COMPOSE_VALUE = [("DW101", "compose.yaml", 6)]
PYTHON_DEFAULT = [("DW101", "app/settings.py", 8)]


def test_the_unselected_store_dials_nothing(tmp_path):
    assert _findings(tmp_path, _compose("chroma")) == []


def test_the_selected_store_dials_its_address(tmp_path):
    assert _findings(tmp_path, _compose("QDRANT")) == COMPOSE_VALUE


def test_the_python_default_of_the_unselected_store(tmp_path):
    assert _findings(tmp_path, _compose("chroma", qdrant_env=False)) == []
    assert _findings(tmp_path, _compose("qdrant", qdrant_env=False)) == PYTHON_DEFAULT


def test_a_client_dockwise_does_not_know_in_the_unselected_store(tmp_path):
    # the field's read goes where it cannot be followed: dialled by its name, where that read runs
    assert _findings(tmp_path, _compose("chroma"), app__stores__qdrant_store_py=QDRANT_WRAPPED) == []
    assert _findings(tmp_path, _compose("qdrant"), app__stores__qdrant_store_py=QDRANT_WRAPPED) == COMPOSE_VALUE


def test_a_field_read_in_running_code_by_an_unknown_client_is_dialled_by_its_name(tmp_path):
    main = MAIN + "\nfrom vectorkit import QdrantIndex\n\nINDEX = QdrantIndex(url=settings.QDRANT_URL)\n"
    assert _findings(tmp_path, _compose("chroma"), app__main_py=main) == COMPOSE_VALUE


def test_a_key_of_unknown_value_may_take_every_store(tmp_path):
    main = MAIN.replace("StoreFactory.build(settings.VECTOR_STORE, ", "StoreFactory.build(docs[0], ")
    assert _findings(tmp_path, _compose("chroma"), app__main_py=main) == COMPOSE_VALUE


def test_a_factory_handed_on_is_called_we_do_not_see_how(tmp_path):
    main = MAIN + "\nBUILD = StoreFactory.build\n"
    assert _findings(tmp_path, _compose("chroma"), app__main_py=main) == COMPOSE_VALUE


def test_the_registry_read_by_a_computed_name_may_take_every_store(tmp_path):
    main = MAIN + "\n\ndef kinds(attr):\n    return getattr(StoreFactory, attr)\n\n\nKINDS = kinds('_kinds')\n"
    assert _findings(tmp_path, _compose("chroma"), app__main_py=main) == COMPOSE_VALUE


def test_a_module_level_registry_through_a_function_parameter(tmp_path):
    factory = """\
from .chroma_store import ChromaStore
from .qdrant_store import QdrantStore

KINDS = {"chroma": ChromaStore, "qdrant": QdrantStore}


def build_store(kind, name):
    return KINDS[kind](name)
"""
    main = MAIN.replace("from app.stores.factory import StoreFactory", "from app.stores.factory import build_store") \
        .replace("StoreFactory.build(", "build_store(")
    assert _findings(tmp_path, _compose("chroma"), app__stores__factory_py=factory, app__main_py=main) == []
    assert _findings(tmp_path, _compose("qdrant"), app__stores__factory_py=factory, app__main_py=main) == COMPOSE_VALUE


DIRECT = """\
from fastapi import FastAPI

from app.stores.chroma_store import ChromaStore
from app.stores.qdrant_store import QdrantStore

app = FastAPI()


@app.post("/docs")
def add_docs(docs: list[str]):
    store = ChromaStore("docs")
    store.add(docs)
"""


def test_a_field_that_reads_its_own_variable_is_judged_by_its_reads(tmp_path):
    # `QDRANT_URL: str = os.getenv("QDRANT_URL", ...)` is reached twice (from the read its
    # default makes, and as the field that reads the variable): its one read reaches a client
    # in a class nothing builds, which decides, not the field's name
    assert _findings(tmp_path, _compose("chroma"), app__main_py=DIRECT) == []
    built = DIRECT.replace('ChromaStore("docs")', 'QdrantStore("docs")')
    assert _findings(tmp_path, _compose("chroma"), app__main_py=built) == COMPOSE_VALUE
