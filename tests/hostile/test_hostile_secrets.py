"""Secrets (issue 7): passwords and tokens are redacted in every output format.

One project carries the same secret in every place a connection string can hide (URL
userinfo, a libpq DSN ``password=``, query parameters ``password``/``token``/``api_key``/
``secret``, command-line options), in Python, Compose ``environment`` (mapping and list
forms, interpolation defaults, commands, healthchecks), ``.env`` and a Dockerfile ``ENV``;
each output is grepped for it: text, JSON, SARIF, GitHub, the graph (Mermaid and DOT),
``--statistics``, ``--output-file``, and the ``--diff`` output.

The diff shows the file's own lines: its credentials are redacted too (decision: a CI log
must never show a secret; a redacted hunk is for review, ``dockwise fix`` applies the real
edit).  What is *not* redacted, by design: the fixed text ``dockwise fix --stdin-filename``
writes to stdout (it is the editor's new buffer) and the files ``fix`` writes.  The LSP is
covered by its own tests (tests/test_lsp.py).
"""
from __future__ import annotations


import pytest

SECRET = "S3cr3tPa55"

PYTHON = f'''\
import os
import psycopg2
import redis
import requests

conn = psycopg2.connect("postgresql://app:{SECRET}@localhost:5432/app")
conn2 = psycopg2.connect("host=localhost port=5432 user=app password={SECRET} dbname=app")
conn3 = psycopg2.connect(host="localhost", port=5432, user="app", password="{SECRET}")
cache = redis.Redis.from_url("redis://:{SECRET}@127.0.0.1:6379/0")
api = requests.get("http://localhost:8080/v1?password={SECRET}&token={SECRET}&api_key={SECRET}&secret={SECRET}")
BROKER_URL = os.getenv("BROKER_URL", "amqp://user:{SECRET}@localhost:5672/")
MONGO = "mongodb://root:{SECRET}@localhost:27017,127.0.0.1:27018/db?authSource=admin"
JDBC = "jdbc:postgresql://localhost:5432/app?user=app&password={SECRET}"
ODBC = "Server=localhost,1433;Database=app;User Id=sa;Password={SECRET};"
dialled = [requests.get(MONGO), requests.get(JDBC), requests.get(ODBC)]
'''

COMPOSE = f'''\
services:
  api:
    build: .
    command: ["python", "main.py", "--db-password", "{SECRET}", "--dsn", "postgresql://u:{SECRET}@localhost/db"]
    environment:
      DATABASE_URL: postgresql://app:{SECRET}@localhost:5432/app
      REDIS_URL: "redis://:{SECRET}@127.0.0.1:6379/0"
      API: http://localhost:8080/x?password={SECRET}&token={SECRET}&api_key={SECRET}&secret={SECRET}
      DSN: host=localhost port=5432 user=app password={SECRET} dbname=app
      WITH_DEFAULT: ${{MISSING_URL:-mysql://root:{SECRET}@localhost:3306/app}}
      FROM_DOTENV: ${{ENV_URL}}
      BROKEN: "postgresql://app:{SECRET}@${{HOST"
    healthcheck:
      test: ["CMD", "curl", "-f", "http://admin:{SECRET}@localhost:8000/health?token={SECRET}"]
  worker:
    build: .
    environment:
      - CELERY_BROKER_URL=amqp://guest:{SECRET}@localhost:5672//
      - SENTRY=https://{SECRET}@localhost:9000/1
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: {SECRET}
'''

DOTENV = f'''\
ENV_URL=mysql://root:{SECRET}@localhost:3306/app
OTHER_URL="amqp://guest:{SECRET}@127.0.0.1:5672/"
DSN='host=localhost password={SECRET} dbname=x'
'''

DOCKERFILE = f'''\
FROM python:3.12-slim
ENV BROKER_URL=amqp://user:{SECRET}@localhost:5672/ CACHE_URL=redis://:{SECRET}@localhost:6379/1
ENV SEARCH_URL="http://localhost:9200/?api_key={SECRET}&secret={SECRET}"
WORKDIR /app
COPY . /app
CMD ["python", "main.py"]
'''


@pytest.fixture
def secret_project(tmp_path, h):
    return h.make(tmp_path / "proj", {"main.py": PYTHON, ".env": DOTENV}, compose=COMPOSE, dockerfile=DOCKERFILE, good=False)


def _no_secret(run, what: str) -> None:
    assert SECRET not in run.stdout, f"{what}: the secret is in stdout:\n" + "\n".join(
        line for line in run.stdout.splitlines() if SECRET in line)[:3000]
    assert SECRET not in run.stderr, f"{what}: the secret is in stderr:\n{run.stderr[:3000]}"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_check_formats_never_print_the_secret(fmt, secret_project, h):
    stats = h.run_here(secret_project, "check", "--format", fmt, "--statistics", ".")
    assert stats.returncode == 2
    _no_secret(stats, fmt)
    run = h.run_here(secret_project, "check", "--format", fmt, ".")
    assert run.returncode == 2  # the BROKEN interpolation is an error entry ...
    _no_secret(run, fmt)
    if fmt == "json":
        data = run.json
        assert len(data["findings"]) >= 15, [f["path"] for f in data["findings"]]  # ... the rest is analysed
        assert {f["path"] for f in data["findings"]} >= {"main.py", "compose.yaml", ".env", "Dockerfile"}
        assert sum("****" in f["message"] for f in data["findings"]) >= 12
        assert any("****" in e["message"] for e in data["errors"])


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_graph_never_prints_the_secret(fmt, secret_project, h):
    run = h.run_here(secret_project, "graph", "--format", fmt, ".")
    _no_secret(run, fmt)
    assert "localhost" in run.stdout


def test_output_file_never_holds_the_secret(secret_project, h, tmp_path):
    for fmt in ("text", "json", "sarif", "github"):
        out = tmp_path / f"report.{fmt}"
        run = h.run_here(secret_project, "check", "--format", fmt, "--output-file", str(out), "--statistics", ".")
        _no_secret(run, fmt)
        assert SECRET not in out.read_text(encoding="utf-8"), fmt


@pytest.mark.parametrize("args", [("check", "--diff"), ("fix", "--diff"), ("check", "--diff", "--unsafe-fixes")])
def test_diff_output_is_redacted(args, secret_project, h):
    before = {p.name: p.read_bytes() for p in secret_project.iterdir() if p.is_file()}
    run = h.run_here(secret_project, *args, ".")
    _no_secret(run, " ".join(args))
    # a hunk that shows the password is left out (a masked hunk would not apply), and said so
    assert "psycopg2.connect" not in run.stdout and "****" not in run.stdout
    assert "main.py holds a secret and is not shown; `dockwise fix main.py` applies it" in run.stderr
    assert {p.name: p.read_bytes() for p in secret_project.iterdir() if p.is_file()} == before  # nothing written


def test_fix_output_never_prints_the_secret_but_writes_the_file(secret_project, h):
    run = h.run_here(secret_project, "fix", ".")
    _no_secret(run, "fix")
    fixed = (secret_project / "main.py").read_text()
    assert f"postgresql://app:{SECRET}@db:5432/app" in fixed  # the file itself keeps its password


# Through the real CLI (stdin a real pipe); the other outputs are read in process (h.run_here).
def test_stdin_check_never_prints_the_secret(secret_project, h):
    for fmt in ("text", "json", "github", "sarif"):
        run = h.run(secret_project, "check", "--format", fmt, "--stdin-filename", "main.py", "-", stdin=PYTHON.encode())
        _no_secret(run, f"stdin {fmt}")
        assert run.returncode in (1, 2)


def test_json_fix_edits_never_carry_a_credential(secret_project, h):
    data = h.run_here(secret_project, "check", "--format", "json", ".").json
    for f in data["findings"]:
        for edit in (f["fix"] or {}).get("edits", []):
            assert SECRET not in edit["content"]


def test_graph_error_lines_pass_the_redactor(tmp_path, h, monkeypatch):
    """A FileError message carrying a credential (any future message quoting file text)."""
    from click.testing import CliRunner

    import dockwise.engine as engine
    from dockwise.cli import cli
    from dockwise.model import FileError

    root = h.make(tmp_path / "proj")
    real = engine.run_check

    def run_check(*args, **kwargs):
        result = real(*args, **kwargs)
        from dataclasses import replace

        err = FileError("compose.yaml", f"cannot use postgresql://app:{SECRET}@localhost/db")
        return replace(result, errors=result.errors + (err,))

    monkeypatch.setattr(engine, "run_check", run_check)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["graph", "."])
    try:
        shown = result.output + result.stderr
    except ValueError:  # click < 8.2 without a separate stderr
        shown = result.output
    assert "cannot use postgresql://app:****@" in shown
    assert SECRET not in shown
