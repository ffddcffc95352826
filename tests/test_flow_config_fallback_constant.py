"""A configured value's fallback written through a module constant (`url = opts.get("dsn");
if not url: url = FALLBACK_DSN`) is the operator's default, as the same literal written in that
branch is: no finding.  The constant dialled directly, or the fallback of a parameter every call
leaves empty, is still one."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

FALLBACK = '''import psycopg2

from jobs.options import load_options

FALLBACK_DSN = "postgresql://app@localhost:5432/app"


def connect(opts):
    url = opts.get("dsn")
    if not url:
        url = {value}
    return psycopg2.connect(url)


connect(load_options())
'''


def _codes(tmp_path: Path, code: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  job:\n    build: .\n    command: python -m jobs.run\n  pg:\n    image: postgres:16\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "jobs/__init__.py": "",
        "jobs/options.py": "import json\n\n\ndef load_options():\n    with open('/etc/job.json') as f:\n        return json.load(f)\n",
        "jobs/run.py": code,
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_constant_in_a_configured_values_fallback_is_the_operators(tmp_path: Path) -> None:
    assert _codes(tmp_path, FALLBACK.format(value="FALLBACK_DSN")) == []


def test_the_literal_in_that_branch_is_too(tmp_path: Path) -> None:
    assert _codes(tmp_path, FALLBACK.format(value='"postgresql://app@localhost:5432/app"')) == []


def test_the_constant_dialled_directly_is_a_finding(tmp_path: Path) -> None:
    code = FALLBACK.format(value="FALLBACK_DSN") + "\npsycopg2.connect(FALLBACK_DSN)\n"
    assert _codes(tmp_path, code) == ["DW101"]


def test_a_parameter_every_call_leaves_empty_falls_back(tmp_path: Path) -> None:
    code = FALLBACK.format(value="FALLBACK_DSN").replace('def connect(opts):\n    url = opts.get("dsn")\n',
                                                         "def connect(url=None):\n").replace(
        "connect(load_options())", "connect()")
    assert _codes(tmp_path, code) == ["DW101"]
