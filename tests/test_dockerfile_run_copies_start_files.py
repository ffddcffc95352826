"""A RUN that copies a start script or a configuration into place from a directory a COPY put
in the image (``cd deploy && cp supervisord.conf /etc/supervisord.conf && cp entry.sh
/sbin/entry.sh``, then the directory removed) puts those project files there: the entrypoint
``/sbin/entry.sh`` and the process manager's ``-c /etc/supervisord.conf`` are read, and the
container runs what they start, not every file it holds.  Before, only Python modules and
links were followed, the start command could not be read, and a host-run script beside the
code was judged (``_renamed_roots`` in ``layout/dockerfile_roots.py``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

LOOPBACK = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\n'
DOCKERFILE = (
    "FROM python:3.12-slim\nWORKDIR /srv/app\nCOPY deploy/ ./deploy/\n"
    "RUN cd deploy \\\n  && cp supervisord.conf /etc/supervisord.conf \\\n  && cp entry.sh /sbin/entry.sh \\\n"
    "  && chmod 755 /sbin/entry.sh \\\n  && cd .. \\\n  && rm -rf deploy\n"
    "COPY src/ ./\n"
    'ENTRYPOINT ["/sbin/entry.sh"]\nCMD ["/usr/local/bin/supervisord", "-c", "/etc/supervisord.conf"]\n'
)


def _flagged(tmp_path: Path, dockerfile: str = DOCKERFILE) -> list[str]:
    files = {
        "compose.yaml": "services:\n  app:\n    build: .\n  cache:\n    image: redis:7\n",
        "Dockerfile": dockerfile,
        "deploy/entry.sh": '#!/bin/sh\nset -e\nexec "$@"\n',
        "deploy/supervisord.conf": "[supervisord]\nnodaemon=true\n\n[program:worker]\ncommand=python3 worker.py\n",
        "src/worker.py": "import jobs\n",
        "src/jobs.py": LOOPBACK,
        "src/load_fixtures.py": LOOPBACK,  # run by hand on the host
    }
    make(tmp_path, files, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_copied_entrypoint_and_configuration_are_read(tmp_path):
    assert _flagged(tmp_path) == ["src/jobs.py"]
