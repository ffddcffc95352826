"""An entrypoint script that picks what to start from a variable each service sets
(``case "${RUN_MODE:-api}" in migrate) exec python -m tools.migrate ;; api) exec "$@" ;; esac``)
hands the image's CMD on only in the arm that runs ``"$@"``.  A service whose environment chooses
another arm (``RUN_MODE: migrate``) does not run the CMD's server: the modules only that server
imports are not its code, and a dial there names the API service alone.  A service that leaves
the variable to its default runs the CMD as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ENTRYPOINT = """\
#!/bin/sh
set -e
case "${RUN_MODE:-api}" in
    migrate)
        exec python -m tools.migrate
        ;;
    api|"")
        exec "$@"
        ;;
    *)
        echo "unknown mode" >&2
        exit 1
        ;;
esac
"""
DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /srv
COPY . .
ENTRYPOINT ["/srv/entrypoint.sh"]
CMD ["gunicorn", "-b", "0.0.0.0:8000", "service.web:app"]
"""
WEB = """\
import redis
from flask import Flask

app = Flask(__name__)
hits = redis.Redis(host="localhost", port=6379)
"""
MIGRATE = """\
import psycopg

psycopg.connect("postgresql://app@localhost:5432/app")
"""


def test_a_service_choosing_another_arm_does_not_run_the_cmd(tmp_path: Path) -> None:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  api:\n    build: .\n    ports: [\"8000:8000\"]\n"
                        "  migrate:\n    build: .\n    environment:\n      RUN_MODE: migrate\n"
                        "  cache:\n    image: redis:7\n  db:\n    image: postgres:16\n",
        "Dockerfile": DOCKERFILE,
        "entrypoint.sh": ENTRYPOINT,
        "service/__init__.py": "",
        "service/web.py": WEB,
        "tools/__init__.py": "",
        "tools/migrate.py": MIGRATE,
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    got = {str(f.span.path): tuple(sorted(f.services)) for f in found}
    assert got["service/web.py"] == ("api",)
    assert got["tools/migrate.py"] == ("migrate",)
