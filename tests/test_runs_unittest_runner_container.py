"""A container whose start command is the standard library's test runner (`python -m unittest
discover -s suite -p 'Check*'`), reached through a shell script, runs test code, as one that runs
pytest does: it is not judged on every file it holds, so a one-off maintenance script beside the
package (`legacy/copy_rows.py`, dialling `localhost`) is no finding there.  The same tree whose
container runs that script is still judged."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ONEOFF = 'from pymongo import MongoClient\n\nsource = MongoClient("localhost").olddb.rows\n'


def findings(tmp_path, command: str) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  checker:\n    image: python:3.12\n    working_dir: /src\n"
                         "    volumes: ['.:/src']\n    command: " + command + "\n"
                         "    environment:\n      STORE_HOST: store\n"
                         "  store:\n    image: mongo:7\n"),
        "run_checks.sh": "cd /src\nPYTHONPATH=. python -m unittest discover -s suite -p 'Check*'\n",
        "pkg/__init__.py": "",
        "pkg/store.py": ("import os\nfrom pymongo import MongoClient\n\n"
                         "def client():\n    return MongoClient(os.environ['STORE_HOST'])\n"),
        "legacy/copy_rows.py": ONEOFF,
        "suite/__init__.py": "",
        "suite/CheckStore.py": ("import unittest\nfrom pkg.store import client\n\n\n"
                                "class CheckStore(unittest.TestCase):\n"
                                "    def test_ping(self):\n        client().admin.command('ping')\n"),
    }, git=True)
    return [(f.span.path, f.span.line, f.code, tuple(f.services))
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_container_that_runs_unittest_runs_no_service_code(tmp_path):
    assert findings(tmp_path, '["python", "-m", "unittest", "discover", "-s", "suite"]') == []


def test_unittest_reached_through_a_shell_script(tmp_path):
    assert findings(tmp_path, '["bash", "/src/run_checks.sh"]') == []


def test_the_script_a_container_runs_is_still_judged(tmp_path):
    assert findings(tmp_path, '["python", "legacy/copy_rows.py"]') \
        == [("legacy/copy_rows.py", 3, "DW101", ("checker",))]
