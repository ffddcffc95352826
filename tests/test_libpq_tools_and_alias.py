"""A one-shot schema container whose start script only waits for the database and rolls out SQL
with libpq's programs (``psql``, ``createuser``, ``createdb``), after defining an ``alias``, runs
none of the project's Python: the helper scripts its image copies beside the SQL files (a test
data generator run by hand) are not judged there.  A sibling whose script also runs such a helper
is judged on it as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = """\
FROM ubuntu:22.04
RUN apt-get -q update && apt-get install -qy postgresql-client
COPY schema/ /opt/schema
COPY deploy/rollout.sh /opt/rollout.sh
CMD ["/opt/rollout.sh"]
"""
ROLLOUT = """\
#!/usr/bin/env bash
until psql -qXAtc "select 1" ; do sleep 1; done
alias psql="psql -v ON_ERROR_STOP=1"
if [ -z "$(psql -qAtc "select 1 from pg_roles where rolname = 'owner'")" ]; then
  createuser owner
fi
createdb --owner=owner "$TARGET_DB" || true
psql -f /opt/schema/init.sql
"""
FILLER = """\
import psycopg2

conn = psycopg2.connect("host=localhost port=5432 dbname=metrics user=owner")
"""


def _layout(script: str) -> dict[str, str]:
    return {
        "compose.yaml": "services:\n"
                        "  db:\n    image: postgres:16\n"
                        "  rollout:\n    build:\n      context: .\n      dockerfile: deploy/Dockerfile\n"
                        "    environment:\n      PGHOST: db\n      TARGET_DB: metrics\n",
        "deploy/Dockerfile": DOCKERFILE,
        "deploy/rollout.sh": script,
        "schema/init.sql": "create table if not exists points (t timestamptz, v float8);\n",
        "schema/sample_data/fill_points.py": FILLER,
    }


def _found(tmp_path: Path) -> dict[str, tuple[str, ...]]:
    found = run_check([tmp_path], Config(cache=False)).active
    return {str(f.span.path): tuple(sorted(f.services)) for f in found}


def test_a_script_of_libpq_tools_runs_no_python(tmp_path: Path) -> None:
    make(tmp_path, _layout(ROLLOUT), git=True)
    assert _found(tmp_path) == {}


def test_a_script_that_runs_the_helper_is_judged_on_it(tmp_path: Path) -> None:
    make(tmp_path, _layout(ROLLOUT + "python3 /opt/schema/sample_data/fill_points.py\n"), git=True)
    assert _found(tmp_path) == {"schema/sample_data/fill_points.py": ("rollout",)}
