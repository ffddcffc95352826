"""A class whose lineage lies wholly in its module is built only where code names it.  Its name
written in prose, the docstring of another class (``\"\"\"Options for ScoreClient.\"\"\"``) or a
string statement at the module's top level, builds nothing: a client class that nothing the
container runs builds keeps its loopback default silent (its `predict` is a name libraries call on
objects they are handed, so only the class's build decides), while a build of the class keeps it."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

PACKAGE = '''\
import os
from dataclasses import dataclass

import requests
{prelude}

@dataclass(frozen=True)
class Options:
    {options_doc}
    base: str = "http://localhost:8000"
    timeout: float = 5.0


DEFAULTS = Options(base=os.getenv("SCORER_BASE", "http://localhost:8000"))


class ScoreClient:
    """Sends payloads to the scoring server."""

    def __init__(self, options=None):
        self.options = options or DEFAULTS
        self.session = requests.Session()

    def _url(self, path):
        return f"{{self.options.base.rstrip('/')}}/{{path.lstrip('/')}}"

    def predict(self, payload):
        url = self._url("/score")
        return self.session.post(url, json=payload, timeout=self.options.timeout).json()
'''


def _codes(tmp_path: Path, prelude: str = "", options_doc: str = "", main: str = "") -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  poller:\n    build: .\n  store:\n    image: mongo:7\n",
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": "import time\n\nfrom scorer.loop import tick\n" + main
                   + "\nif __name__ == '__main__':\n    while True:\n        tick()\n        time.sleep(5)\n",
        "scorer/__init__.py": PACKAGE.format(prelude=prelude, options_doc=options_doc),
        "scorer/loop.py": "def tick():\n    return 0\n",
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).findings]


@pytest.mark.parametrize("prelude, options_doc", [
    ("", '"""Options for ScoreClient."""'),
    ('\n"""\nThe package gives ScoreClient, built with Options.\n"""\n', ""),
    ('\n"""Exposes: ScoreClient(options)."""\n', ""),
])
def test_a_class_named_only_in_prose_is_never_built(tmp_path, prelude, options_doc):
    assert _codes(tmp_path, prelude, options_doc) == []


@pytest.mark.parametrize("main", [
    "from scorer import ScoreClient\n\nCLIENT = ScoreClient()\n",
    "import scorer\n\n\ndef tick_and_score():\n    return scorer.ScoreClient().predict({})\n\n\ntick_and_score()\n",
])
def test_a_class_code_builds_keeps_its_finding(tmp_path, main):
    assert _codes(tmp_path, options_doc='"""Options for ScoreClient."""', main=main) == ["DW101"]
