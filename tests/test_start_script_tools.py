"""Database clients and common tools a start script runs before its server (`psql` until the
database answers, `jq` over a config file, `openssl` making a certificate) run no Python of the
project (``rules/frameworks.yaml`` no_python).  Unknown, they made the start command one that
could not be followed: a container whose script then starts only nginx fell back to running
every file it holds, and got a finding on Python it never runs."""
from __future__ import annotations

from tests.entrypoint_script import script_findings

SCRIPT = ('#!/bin/sh\nset -e\n'
          'until psql -h db -U app -c "select 1"; do sleep 1; done\n'
          'PORT=$(jq -r .port /srv/config.json)\n'
          'openssl req -x509 -nodes -newkey rsa:2048 -subj /CN=app -keyout /tmp/k -out /tmp/c\n'
          'rmdir /tmp/empty || true\n'
          '{start}\n')


def findings(tmp_path, start: str) -> list[tuple[str, tuple[str, ...]]]:
    return script_findings(tmp_path, SCRIPT.replace("{start}", start), "  db:\n    image: postgres:16\n")


def test_a_script_of_tools_that_starts_nginx_runs_no_python(tmp_path):
    assert findings(tmp_path, "exec nginx -g 'daemon off;'") == []


def test_the_python_it_starts_after_the_tools_is_still_judged(tmp_path):
    assert findings(tmp_path, "exec python app.py") == [("app.py", ("web",))]
