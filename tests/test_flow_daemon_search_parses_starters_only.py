"""A loopback address may be right where the code starts a daemon on that port itself
(``subprocess.Popen(["redis-server"])``: flow/selfstart.py).  Looking for one, the evidence
search parses only the modules that name a daemon's program *and* a process start: every module
of a client library names its server's program (``redis-server`` in a docstring), and parsing
them all cost a cold run of a large tree more than its findings.  The answer is the same."""
from __future__ import annotations

import dockwise.flow.evidence as evidence
from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MAIN = """\
import redis

from app import helpers_0, helpers_1, helpers_2{starter_import}

cache = redis.Redis.from_url("redis://localhost:6379/0")


if __name__ == "__main__":
    cache.ping()
"""
MENTION = '"""Talks to a redis-server; see its docs."""\nVALUE = {i}\n'
STARTER = 'import subprocess\n\n\ndef start():\n    subprocess.Popen(["redis-server", "--port", "6379"])\n\n\nstart()\n'


def _run(tmp_path, monkeypatch, starter: bool) -> tuple[list[tuple[str, int]], set[str]]:
    parsed: set[str] = set()
    real = evidence.parse_module

    def spy(rel, text, module=None):
        parsed.add(rel)
        return real(rel, text, module)

    monkeypatch.setattr(evidence, "parse_module", spy)
    files = {
        "compose.yaml": "services:\n  web:\n    build: .\n  redis:\n    image: redis:7\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . /srv\nWORKDIR /srv\nCMD ["python", "-m", "app.main"]\n',
        "app/__init__.py": "",
        "app/main.py": MAIN.format(starter_import=", starter" if starter else ""),
        **{f"app/helpers_{i}.py": MENTION.format(i=i) for i in range(3)},
    }
    if starter:
        files["app/starter.py"] = STARTER
    make(tmp_path, files, git=True)
    found = [(f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False, jobs=1)).active]
    return found, parsed


def test_modules_that_only_name_the_daemon_are_not_parsed(tmp_path, monkeypatch):
    found, parsed = _run(tmp_path, monkeypatch, starter=False)
    assert found == [("app/main.py", 5)]
    assert not any(rel.startswith("app/helpers_") for rel in parsed)


def test_a_module_that_starts_it_still_counts(tmp_path, monkeypatch):
    found, parsed = _run(tmp_path, monkeypatch, starter=True)
    assert found == []  # the container's own redis-server listens on 6379
    assert "app/starter.py" in parsed
