"""A package copied file by file (``COPY pkg/*.py /src/pkg/``) and then installed
(``pip install .``) is the installed project's package: its console script is followed to
the modules it imports, instead of the container falling back to every file it holds
(a module of the package nothing imports is not judged)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

REDIS = 'import redis\n\nr = redis.Redis(host="localhost", port=6379)\n'


def test_console_script_of_a_package_copied_by_pattern_is_followed(tmp_path: Path):
    make(tmp_path, {
        "compose.yaml": "services:\n  node:\n    build: .\n  redis:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12\nCOPY pyproject.toml /usr/local/src/app/\n"
                      "COPY pkg/*.py /usr/local/src/app/pkg/\n"
                      "RUN cd /usr/local/src/app && pip install .\nCMD [\"pkg-node\"]\n",
        "pyproject.toml": '[project]\nname = "pkg"\nversion = "1"\n[project.scripts]\npkg-node = "pkg.node:main"\n',
        "pkg/__init__.py": "",
        "pkg/node.py": REDIS + "\n\ndef main():\n    r.ping()\n",
        "pkg/bench.py": REDIS,
    }, git=True)
    assert sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active) == ["pkg/node.py"]
