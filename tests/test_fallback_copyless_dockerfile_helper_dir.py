"""A Dockerfile that copies nothing (``FROM`` an image built elsewhere, running a program of
it) is taken to hold the files beside it, and where its start command cannot be followed they
are judged.  When that Dockerfile sits in a directory of hand-run helpers (``tools/``), the
scripts beside it are helpers whatever the container is: no instruction put them in it.  The
same Dockerfile in a directory of service code keeps its files judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

POSTER = ('import requests\n'
          'def push(line):\n'
          '    requests.post("http://localhost:7070/api/ingest", data={"line": line})\n'
          'push("x")\n')
COPYLESS = 'FROM acme-site:latest\nRUN pip install docgen-tool\nENTRYPOINT ["docgen", "site:app", "--out", "/out"]\n'


def _flagged(tmp_path: Path, files: dict[str, str]) -> list[str]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(f.span.path for f in result.active)


def test_a_helper_beside_a_copyless_dockerfile_in_tools_is_not_judged(tmp_path):
    files = {"tools/Dockerfile.docs": COPYLESS, "tools/push_lines.py": POSTER,
             "site/__init__.py": ""}
    assert _flagged(tmp_path, files) == []


def test_recall_a_script_beside_a_copyless_dockerfile_elsewhere_is_judged(tmp_path):
    files = {"tools/Dockerfile.docs": COPYLESS, "tools/push_lines.py": POSTER,
             "feeder/Dockerfile": COPYLESS, "feeder/push_lines.py": POSTER,
             "site/__init__.py": ""}
    assert _flagged(tmp_path, files) == ["feeder/push_lines.py"]
