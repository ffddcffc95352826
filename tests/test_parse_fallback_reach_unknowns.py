"""The code before a fallback branch is followed with the service's values at a module's top
level too (a settings module cutting the host out of its URL variable); where anything on the
way is not known (a value a project function returns, a loop that may change it, a value the
module writes into ``os.environ`` first), the branch may run and its loopback host stays a
finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

HEAD = "import os\n\nimport redis\n\n\ndef tidy(text):\n    return text.replace(\"rediss://\", \"redis://\").strip()\n\n\n"
CUT = """\
if RAW.count(":") == 2:
    HOST = RAW.split(":")[1].lstrip("/")
else:
    HOST = "localhost"
CLIENT = redis.Redis(host=HOST, port=6379)
CLIENT.ping()
"""


def _lines(tmp_path: Path, prelude: str) -> list[int]:
    make(tmp_path, {
        "compose.yaml": "services:\n  job:\n    build: ./job\n    environment:\n"
                        "      STORE_URL: \"redis://store:6379\"\n  store:\n    image: redis:7\n",
        "job/Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "run.py"]\n',
        "job/run.py": HEAD + prelude + CUT,
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active if f.code == "DW101"]


def test_a_module_level_cut_of_a_well_formed_value_is_followed(tmp_path):
    assert _lines(tmp_path, "RAW = os.getenv(\"STORE_URL\", \"\")\n") == []


@pytest.mark.parametrize("prelude", [
    # what a project function returns is not known (one that only normalizes the text, a
    # `.strip()`, is run on the value: tests/test_gate_through_normalizing_helper.py)
    "RAW = tidy(os.getenv(\"STORE_URL\", \"\"))\n",
    # a loop may change the value
    "RAW = os.getenv(\"STORE_URL\", \"\")\nfor _ in range(2):\n    RAW = RAW[1:]\n",
    # the module writes the variable first: its reads may see another value
    "os.environ[\"STORE_URL\"] = \"store\"\nRAW = os.getenv(\"STORE_URL\", \"\")\n",
])
def test_an_unknown_on_the_way_keeps_the_fallback(tmp_path, prelude):
    assert len(_lines(tmp_path, prelude)) == 1
