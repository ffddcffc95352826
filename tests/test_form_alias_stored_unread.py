"""A Docker host alias written as a method parameter's default, where the default is used (a call
leaves the parameter out) but the method only keeps the value in an attribute of `self` that
nothing the container runs reads (`self._host = host`, never `self._host` again in the class):
the address is kept and dialled nowhere, whatever its form says.  `self._host` read in an
unrelated class is that object's own attribute (survey bG)."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

RETRIEVER = (
    "class Retriever:\n"
    '    def __init__(self, top_k: int = 3, host: str = "host.docker.internal"):\n'
    "        self._top_k = top_k\n"
    "        self._host = host\n"
    "\n"
    "    def search(self, query):\n"
    "        return query[: self._top_k]\n"
)

PIPELINE = (
    "import httpx\n"
    "\n"
    "from .retriever import Retriever\n"
    "\n"
    "\n"
    "class Pipeline:\n"
    "    def __init__(self, host: str):\n"
    "        self._host = host\n"
    "        self._retriever = Retriever(5)\n"
    "\n"
    "    def ask(self, q):\n"
    '        return httpx.post(f"http://{self._host}:11434/api/chat", json={"q": q})\n'
)

MAIN = (
    "import os\n"
    "\n"
    "from .pipeline import Pipeline\n"
    "\n"
    'pipeline = Pipeline(os.environ["OLLAMA_HOST_NAME"])\n'
    'pipeline.ask("hi")\n'
)


def findings(tmp_path, retriever: str = RETRIEVER) -> list:
    make(tmp_path, {
        "compose.yaml": ("services:\n  ollama:\n    image: ollama/ollama\n  app:\n    build: .\n"
                         "    command: python -m app\n    environment:\n      OLLAMA_HOST_NAME: ollama\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/__main__.py": MAIN,
        "app/pipeline.py": PIPELINE,
        "app/retriever.py": retriever,
    }, git=True)
    return [(f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_an_alias_kept_in_an_attribute_nothing_reads_is_not_dialled(tmp_path):
    # (Pipeline reads its own self._host: another object's attribute)
    assert findings(tmp_path) == []


def test_an_alias_kept_in_an_attribute_the_class_reads_stays(tmp_path):
    retriever = RETRIEVER + "\n    def ping(self):\n        import httpx\n\n        return httpx.get(f\"http://{self._host}:11434/\")\n"
    assert findings(tmp_path, retriever) == [("app/retriever.py", 2, "DW106")]


def test_an_alias_read_through_another_object_stays(tmp_path):
    # `retriever._host` outside the class: maybe this object's attribute
    retriever = RETRIEVER + "\n\ndef url(r: Retriever) -> str:\n    return r._host\n\n\nURL = url(Retriever())\n"
    assert findings(tmp_path, retriever) == [("app/retriever.py", 2, "DW106")]


def test_an_alias_kept_in_an_attribute_read_whole_stays(tmp_path):
    retriever = RETRIEVER + "\n    def options(self):\n        return vars(self)\n"
    assert findings(tmp_path, retriever) == [("app/retriever.py", 2, "DW106")]
