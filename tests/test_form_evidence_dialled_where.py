"""An address whose form is its evidence (a Docker host alias, a service's name with a port)
stands in every container that loads its module, as long as no code of the layout is seen to
dial it.  Where the evidence search does find its dial, the finding is charged only to the
containers that run that dial, with the dial as its evidence: a settings value a request
middleware posts to is the web server's, not every worker's that imports the settings (each
would be told to add ``extra_hosts``).  A value both programs dial stays with both, and a value
no code is seen to dial keeps its form as evidence in both (``flow/judge.py``
``_where_dialled``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.fix.plan import attach_fixes
from tests.conftest import make

SETTINGS = (
    "import os\n\n"
    "METRICS_URL = os.environ.get('METRICS_URL', 'http://host.docker.internal:8002')\n"
    "LEDGER_DSN = os.environ.get('LEDGER_DSN', 'postgresql://host.docker.internal:5432/ledger')\n"
    "SPARE_URL = 'http://host.docker.internal:9009'\n"
)
COMPOSE = (
    "services:\n"
    "  web:\n    build: .\n    command: gunicorn app:app\n    ports: ['8000:8000']\n"
    "  worker:\n    build: .\n    command: celery -A jobs worker\n"
)


def _files() -> dict[str, str]:
    return {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "settings.py": SETTINGS,
        "metrics.py": (
            "import requests\n\nimport settings\n\n\n"
            "def record(path):\n    requests.post(settings.METRICS_URL, json={'path': path})\n"
        ),
        "ledger.py": (
            "import sqlalchemy\n\nimport settings\n\n"
            "engine = sqlalchemy.create_engine(settings.LEDGER_DSN)\n"
        ),
        "app.py": (
            "from flask import Flask, request\n\nimport ledger\nimport metrics\nimport settings\n\n"
            "app = Flask(__name__)\n\n\n"
            "@app.before_request\ndef track():\n    metrics.record(request.path)\n"
        ),
        "jobs.py": (
            "from celery import Celery\n\nimport ledger\nimport settings\n\n"
            "app = Celery('jobs', broker='redis://cache:6379/0')\n"
        ),
    }


def _by_line(tmp_path: Path) -> dict[int, tuple]:
    make(tmp_path, _files(), git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    out = {}
    for f in found:
        if f.span.path == "settings.py" and f.code == "DW106":
            ev = f.evidence
            out[f.span.line] = (tuple(sorted(f.services)), ev.sink.path if ev and ev.sink else None)
    return out


def test_a_host_alias_one_program_dials_is_charged_to_its_container_alone(tmp_path):
    got = _by_line(tmp_path)
    assert got[3] == (("web",), "metrics.py")


def test_a_host_alias_both_programs_dial_stays_with_both(tmp_path):
    got = _by_line(tmp_path)
    assert got[4] == (("web", "worker"), "ledger.py")


def test_a_host_alias_no_code_is_seen_to_dial_keeps_its_form_in_both(tmp_path):
    got = _by_line(tmp_path)
    assert got[5] == (("web", "worker"), "settings.py")


def test_the_fix_adds_extra_hosts_only_where_it_is_dialled(tmp_path):
    make(tmp_path, _files(), git=True)
    found = [f for f in attach_fixes(run_check([tmp_path], Config(cache=False))).active
             if f.span.path == "settings.py" and f.span.line == 3]
    assert len(found) == 1 and found[0].fix is not None
    assert "`worker`" not in found[0].message
    gateways = [e for e in found[0].fix.edits if "extra_hosts" in e.content]
    assert len(gateways) == 1 and gateways[0].span.line < COMPOSE.count("\n", 0, COMPOSE.index("  worker:")) + 1  # in `web:`
