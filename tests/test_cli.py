"""The command line as documented in docs/cli.md and issue 2's "Output and CLI contract".

Most tests drive ``dockwise.cli:cli`` through click's CliRunner inside a small project
built in ``tmp_path``; a few run the real interpreter (``python -m dockwise``) so that the
console entry, TTY detection and the process exit status are exercised too.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dockwise import __version__
from dockwise.cli import cli

from tests.conftest import make

ANSI = re.compile(r"\x1b\[[0-9;]*m")

COMPOSE = """\
services:
  api:
    build: ./api
    command: uvicorn main:app --host 0.0.0.0 --port 8000
    ports:
      - "8080:8000"
  db:
    image: postgres:16
    ports:
      - "15432:5432"
  redis:
    image: redis:7
"""

API_DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"

PROJECT = {
    "compose.yaml": COMPOSE,
    "api/Dockerfile": API_DOCKERFILE,
    # line 1, the host `localhost` starts at column 31 (inside the string)
    "api/db.py": 'DB = "postgresql://app:secret@localhost:15432/app"\nimport requests\nrequests.get(DB)\n',
    "api/cache.py": 'import redis\n\nr = redis.Redis(host="localhost", port=6379)\n',
    "api/peer.py": 'import requests\n\nrequests.get("http://db:15432/x")\n',
    "api/tests/test_db.py": 'DB = "postgresql://localhost:5432/app"\nimport requests\nrequests.get(DB)\n',
    "scripts/seed.py": 'DB = "postgresql://localhost:15432/app"\nimport requests\nrequests.get(DB)\n',
}


@pytest.fixture
def proj(tmp_path, monkeypatch) -> Path:
    """tmp_path/proj holding PROJECT; the current directory is tmp_path/proj."""
    root = make(tmp_path / "proj", PROJECT)
    monkeypatch.chdir(root)
    for var in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    return root


def run(*args: str, input: str | bytes | None = None, env: dict | None = None):
    runner = CliRunner()
    return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


def findings_of(output: str) -> list[dict]:
    return json.loads(output)["findings"]


def keyset(findings: list[dict]) -> set[tuple[str, int, str]]:
    return {(f["path"], f["line"], f["code"]) for f in findings}


# --------------------------------------------------------------------------- text format


def test_text_format_lines_suggestion_and_summary(proj):
    res = run("check")
    assert res.exit_code == 1, res.output
    out = res.stdout
    assert "\x1b[" not in out  # not a terminal: no colour
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("api/db.py:"))
    assert re.fullmatch(r"api/db\.py:1:31: DW101 .+ \[api\]", lines[first]), lines[first]
    assert lines[first + 1] == "    suggestion: db:5432 (fixable)"
    assert "secret" not in out  # credentials are redacted
    assert "postgresql://app:****@localhost:15432/app" in lines[first]
    cache = next(line for line in lines if line.startswith("api/cache.py:"))
    assert cache.startswith("api/cache.py:3:23: DW101 ")
    peer = next(line for line in lines if line.startswith("api/peer.py:"))
    assert peer.startswith("api/peer.py:3:22: DW103 ")
    assert re.fullmatch(r"Found 3 findings in \d+ files checked( \(.*\))?\.", lines[-1]), lines[-1]
    # host code and test code are silent
    assert "seed.py" not in out and "test_db.py" not in out


def test_text_clean_project_exit_0(tmp_path, monkeypatch):
    make(tmp_path, {"compose.yaml": COMPOSE, "api/Dockerfile": API_DOCKERFILE,
                    "api/ok.py": 'DB = "postgresql://db:5432/app"\nimport requests\nrequests.get(DB)\n'})
    monkeypatch.chdir(tmp_path)
    res = run("check")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("All checks passed")


@pytest.mark.parametrize("env", [{"NO_COLOR": "1", "FORCE_COLOR": "1"}, {"NO_COLOR": "1"}, {}])
def test_no_colour_without_terminal_or_with_no_color(proj, env):
    res = run("check", env=env)
    assert res.exit_code == 1
    assert "\x1b[" not in res.stdout


def test_force_color_colours(proj):
    res = run("check", env={"FORCE_COLOR": "1"})
    assert res.exit_code == 1
    assert "\x1b[" in res.stdout
    # the colour codes wrap the same text
    plain = ANSI.sub("", res.stdout)
    assert plain == run("check").stdout


def test_no_color_flag_beats_force_color(proj):
    res = run("check", "--no-color", env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in res.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_colour_on_a_real_terminal_and_not_with_no_color(proj):
    import pty

    def on_tty(extra_env: dict) -> bytes:
        master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        env.update(extra_env)
        proc = subprocess.Popen([sys.executable, "-m", "dockwise", "check"], stdout=slave,
                                stderr=subprocess.DEVNULL, cwd=proj, env=env)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
        os.close(master)
        return b"".join(chunks)

    assert b"\x1b[" in on_tty({})
    assert b"\x1b[" not in on_tty({"NO_COLOR": "1"})


# --------------------------------------------------------------------------- JSON format

FINDING_KEYS = {"path", "line", "column", "end_line", "end_column", "code", "severity", "message",
                "service", "target", "suggestion", "fix"}


def test_json_exact_shape(proj):
    res = run("check", "--format", "json")
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert data["version"] == 1
    assert data["tool"] == {"name": "dockwise", "version": __version__}
    assert isinstance(data["errors"], list) and data["errors"] == []
    assert len(data["findings"]) == 3
    for f in data["findings"]:
        assert FINDING_KEYS <= set(f), set(f)
        for key in ("line", "column", "end_line", "end_column"):
            assert isinstance(f[key], int) and f[key] >= 1
        assert f["severity"] in ("error", "warning")
        assert set(f["target"]) >= {"host", "port"}
        assert f["suggestion"] is None or set(f["suggestion"]) >= {"host", "port"}
        assert f["fix"] is None or isinstance(f["fix"], dict)
    db = next(f for f in data["findings"] if f["path"] == "api/db.py")
    assert (db["line"], db["column"], db["end_line"], db["end_column"]) == (1, 31, 1, 40)
    assert db["code"] == "DW101" and db["severity"] == "error"
    assert db["service"] == "api"
    assert db["target"] == {"host": "localhost", "port": 15432}
    assert db["suggestion"] == {"host": "db", "port": 5432}
    assert "secret" not in res.stdout
    # the span points at the host text itself
    text = (proj / "api/db.py").read_text().splitlines()[0]
    assert text[db["column"] - 1: db["end_column"] - 1] == "localhost"
    cache = next(f for f in data["findings"] if f["path"] == "api/cache.py")
    assert cache["target"] == {"host": "localhost", "port": 6379}
    assert cache["suggestion"] == {"host": "redis", "port": 6379}


def test_output_format_is_ruffs_name_for_format(proj):
    assert run("check", "--output-format", "json").stdout == run("check", "--format", "json").stdout


def test_json_paths_relative_to_cwd_from_parent_and_subdir(proj):
    parent = proj.parent
    os.chdir(parent)
    res = run("check", "--format", "json", "proj")
    paths = {f["path"] for f in findings_of(res.stdout)}
    assert paths == {"proj/api/db.py", "proj/api/cache.py", "proj/api/peer.py"}
    os.chdir(proj / "api")
    res = run("check", "--format", "json", "..")
    paths = {f["path"] for f in findings_of(res.stdout)}
    assert paths == {"db.py", "cache.py", "peer.py"}
    # fix edits name the same (CWD-relative) path
    for f in findings_of(res.stdout):
        for edit in (f["fix"] or {}).get("edits", []):
            assert edit.get("path", f["path"]) == f["path"]
    # and from a sibling directory
    (parent / "elsewhere").mkdir()
    os.chdir(parent / "elsewhere")
    res = run("check", "--format", "json", "../proj/api/db.py")
    assert [f["path"] for f in findings_of(res.stdout)] == ["../proj/api/db.py"]


def test_json_errors_entries(tmp_path, monkeypatch):
    make(tmp_path, {"compose.yaml": COMPOSE, "api/Dockerfile": API_DOCKERFILE,
                    "api/broken.py": "def f(:\n    return 'localhost'\n",
                    "api/good.py": 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'})
    monkeypatch.chdir(tmp_path)
    res = run("check", "--format", "json")
    assert res.exit_code == 2
    data = json.loads(res.stdout)
    assert [(e["path"], set(e) >= {"path", "message"}) for e in data["errors"]] == [("api/broken.py", True)]
    assert "syntax" in data["errors"][0]["message"].lower()
    assert keyset(data["findings"]) == {("api/good.py", 2, "DW101")}


# --------------------------------------------------------------------------- selection


@pytest.mark.parametrize(
    "args, codes",
    [
        ((), {"DW101", "DW103"}),
        (("--select", "DW101"), {"DW101"}),
        (("--select", "dw103"), {"DW103"}),
        (("--select", "DW10"), {"DW101", "DW103"}),
        (("--select", "DW101,DW103"), {"DW101", "DW103"}),
        (("--select", "DW101", "--select", "DW103"), {"DW101", "DW103"}),
        (("--ignore", "DW101"), {"DW103"}),
        (("--ignore", "DW1"), set()),
        (("--ignore", "DW101,DW103"), set()),
        (("--ignore", "DW101", "--ignore", "DW103"), set()),
        (("--select", "DW1", "--ignore", "DW103"), {"DW101"}),
        (("--select", "DW2"), set()),
    ],
)
def test_select_and_ignore(proj, args, codes):
    res = run("check", "--format", "json", *args)
    got = {f["code"] for f in findings_of(res.stdout)}
    assert got == codes
    assert res.exit_code == (1 if codes else 0)


def test_exit_zero(proj):
    res = run("check", "--exit-zero")
    assert res.exit_code == 0
    assert "DW101" in res.stdout


def test_exit_zero_does_not_hide_errors(proj):
    make(proj, {"api/broken.py": "def f(:\n    return 'localhost'\n"})
    assert run("check", "--exit-zero").exit_code == 2


# --------------------------------------------------------------------------- stdin


def test_stdin_filename_judged_as_if_there(proj):
    source = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'
    res = run("check", "--format", "json", "--stdin-filename", "api/new.py", input=source)
    assert res.exit_code == 1, res.output
    (f,) = findings_of(res.stdout)
    assert f["path"] == "api/new.py" and f["line"] == 2
    assert f["service"] == "api"
    assert f["suggestion"] == {"host": "redis", "port": 6379}
    assert not (proj / "api/new.py").exists()


def test_stdin_filename_overrides_file_on_disk(proj):
    res = run("check", "--format", "json", "--stdin-filename", "api/db.py", input='DB = "postgresql://db:5432/app"\nimport requests\nrequests.get(DB)\n')
    assert res.exit_code == 0
    assert findings_of(res.stdout) == []


def test_stdin_filename_from_parent_directory(proj):
    os.chdir(proj.parent)
    res = run("check", "--stdin-filename", "proj/api/new.py", input='URL = "redis://localhost:6379/0"\nimport requests\nrequests.get(URL)\n')
    assert res.exit_code == 1
    assert res.stdout.startswith("proj/api/new.py:1:")
    assert "suggestion: redis:6379" in res.stdout


def test_stdin_host_code_is_silent(proj):
    res = run("check", "--stdin-filename", "scripts/new.py", input='URL = "redis://localhost:6379/0"\nimport requests\nrequests.get(URL)\n')
    assert res.exit_code == 0


def test_stdin_syntax_error_is_exit_2(proj):
    res = run("check", "--stdin-filename", "api/new.py", input="def f(:\n")
    assert res.exit_code == 2
    assert "api/new.py" in res.output


# --------------------------------------------------------------------------- quiet, version, rules, explain


def test_quiet_prints_findings_only(proj):
    res = run("check", "--quiet")
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert len(lines) == 3
    assert all(re.match(r"api/\w+\.py:\d+:\d+: DW\d{3} ", line) for line in lines)


def test_quiet_clean_prints_nothing(proj):
    res = run("check", "--quiet", "scripts")
    assert res.exit_code == 0
    assert res.stdout == ""


def test_version():
    res = run("--version")
    assert res.exit_code == 0
    assert res.stdout.strip() == f"dockwise {__version__}"


def test_rules_lists_every_code():
    res = run("rules")
    assert res.exit_code == 0
    codes = re.findall(r"^(DW\d{3})\s", res.stdout, re.M)
    assert codes == ["DW101", "DW102", "DW103", "DW104", "DW105", "DW106", "DW107", "DW108",
                     "DW109", "DW201", "DW202"]
    assert "loopback-target" in res.stdout


def test_explain():
    res = run("explain", "DW101")
    assert res.exit_code == 0
    assert res.stdout.startswith("DW101 loopback-target")
    assert "host.docker.internal" in res.stdout
    assert run("explain", "dw201").exit_code == 0


def test_explain_dw201_mentions_ruff_and_bandit():
    out = run("explain", "DW201").stdout
    assert "S104" in out and "B104" in out


def test_explain_unknown_code_is_usage_error():
    res = run("explain", "DW999")
    assert res.exit_code == 2
    assert "DW999" in res.stderr
    assert res.stdout == ""


def test_usage_errors_exit_2(proj):
    assert run("check", "--format", "xml").exit_code == 2
    assert run("check", "--no-such-option").exit_code == 2
    assert run("no-such-command").exit_code == 2


# --------------------------------------------------------------------------- output file, statistics


def test_output_file(proj):
    res = run("check", "--format", "json", "--output-file", "report.json")
    assert res.exit_code == 1
    assert res.stdout == ""
    data = json.loads((proj / "report.json").read_text())
    assert len(data["findings"]) == 3


def test_output_file_text_has_no_colour(proj):
    res = run("check", "-o", "out.txt", env={"FORCE_COLOR": "1"})
    assert res.exit_code == 1
    assert "\x1b[" not in (proj / "out.txt").read_text()


def test_statistics_text(proj):
    res = run("check", "--statistics")
    assert res.exit_code == 1
    assert re.search(r"^2\tDW101\t", res.stdout, re.M)
    assert re.search(r"^1\tDW103\t", res.stdout, re.M)
    assert "api/db.py" not in res.stdout  # the counts instead of the findings


def test_statistics_json_is_a_json_list(proj):
    res = run("check", "--format", "json", "--statistics")
    rows = json.loads(res.stdout)
    assert {(r["code"], r["count"]) for r in rows} == {("DW101", 2), ("DW103", 1)}


# --------------------------------------------------------------------------- tests, compose


def test_include_tests(proj):
    assert "api/tests/test_db.py" not in {f["path"] for f in findings_of(run("check", "--format", "json").stdout)}
    res = run("check", "--format", "json", "--include-tests")
    got = {f["path"]: f for f in findings_of(res.stdout)}
    assert got["api/tests/test_db.py"]["suggestion"] == {"host": "db", "port": 5432}


def test_compose_option_replaces_discovery(proj):
    make(proj, {"deploy/alt.yaml": (
        "services:\n"
        "  api:\n"
        "    build: ../api\n"
        "  cache:\n"
        "    image: redis:7\n"
        "  pg:\n"
        "    image: postgres:16\n"
        "    ports: ['15432:5432']\n")})
    res = run("check", "--format", "json", "--compose", "deploy/alt.yaml")
    got = {f["path"]: f for f in findings_of(res.stdout)}
    assert got["api/cache.py"]["suggestion"] == {"host": "cache", "port": 6379}
    assert got["api/db.py"]["suggestion"] == {"host": "pg", "port": 5432}
    # `db` is no service of the replacement layout: no DW103 for db:15432
    assert "api/peer.py" not in got or got["api/peer.py"]["code"] != "DW103"


def test_compose_option_repeatable_merges_in_order(proj):
    make(proj, {
        "deploy/a.yaml": "services:\n  api:\n    build: ../api\n  cache:\n    image: redis:7\n",
        "deploy/b.yaml": "services:\n  cache:\n    image: memcached:1\n  kv:\n    image: valkey/valkey:8\n",
    })
    res = run("check", "--format", "json", "--compose", "deploy/a.yaml", "--compose", "deploy/b.yaml")
    got = {f["path"]: f for f in findings_of(res.stdout)}
    # b replaced cache's image (memcached, 11211): only kv listens on 6379 now
    assert got["api/cache.py"]["suggestion"] == {"host": "kv", "port": 6379}


def test_compose_option_missing_file(proj):
    res = run("check", "--compose", "nope.yaml")
    assert res.exit_code == 2
    assert "nope.yaml" in res.stderr


# --------------------------------------------------------------------------- unreadable files


def test_broken_files_are_errors_and_the_rest_is_checked(tmp_path, monkeypatch):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "api/Dockerfile": API_DOCKERFILE,
        "api/good.py": 'import redis\nr = redis.Redis(host="localhost", port=6379)\n',
        "api/syntax.py": "def f(:\n    return 'localhost'\n",
        "api/latin1.py": b'NAME = "caf\xe9"\nURL = "redis://localhost:6379"\n',
        "api/binary.py": bytes(range(256)) * 4,
    })
    monkeypatch.chdir(tmp_path)
    res = run("check")
    assert res.exit_code == 2
    out = res.stdout
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(errors) == 3, out
    assert any(line.startswith("error: api/syntax.py:1:") and "syntax" in line for line in errors)
    assert any(line.startswith("error: api/latin1.py:") for line in errors)
    assert any(line.startswith("error: api/binary.py:") for line in errors)
    assert "api/good.py:2:" in out and "suggestion: redis:6379" in out
    assert "Traceback" not in res.output

    res = run("check", "--format", "json")
    assert res.exit_code == 2
    data = json.loads(res.stdout)
    assert sorted(e["path"] for e in data["errors"]) == ["api/binary.py", "api/latin1.py", "api/syntax.py"]
    assert all(e["message"] for e in data["errors"])
    assert keyset(data["findings"]) == {("api/good.py", 2, "DW101")}

    # error paths are relative to the current directory too
    os.chdir(tmp_path / "api")
    data = json.loads(run("check", "--format", "json", "..").stdout)
    assert sorted(e["path"] for e in data["errors"]) == ["binary.py", "latin1.py", "syntax.py"]
    assert keyset(data["findings"]) == {("good.py", 2, "DW101")}


def test_invalid_utf8_message_says_utf8(tmp_path, monkeypatch):
    make(tmp_path, {"Dockerfile": "FROM python\nCOPY . /app\n", "latin1.py": b'NAME = "caf\xe9"\n'})
    monkeypatch.chdir(tmp_path)
    data = json.loads(run("check", "--format", "json").stdout)
    (err,) = data["errors"]
    assert "utf-8" in err["message"].lower() and "declaration" not in err["message"]


def test_broken_compose_file_is_an_error_and_its_code_is_not_guessed(tmp_path, monkeypatch):
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: ./api\n  redis: [\n",
        "api/Dockerfile": API_DOCKERFILE,
        "api/app.py": 'U = "redis://localhost:6379/0"\nimport requests\nrequests.get(U)\n',
        "other/Dockerfile": API_DOCKERFILE,
        "other/app.py": 'U = "redis://localhost:6379/0"\nimport requests\nrequests.get(U)\n',
    })
    monkeypatch.chdir(tmp_path)
    res = run("check", "--format", "json")
    assert res.exit_code == 2
    data = json.loads(res.stdout)
    assert [e["path"] for e in data["errors"]] == ["compose.yaml"]
    assert "yaml" in data["errors"][0]["message"].lower()
    # the Dockerfiles below the unreadable Compose file are not taken for standalone
    # containers (that would suggest, and fix to, host.docker.internal instead of `redis`)
    assert data["findings"] == []
    text = run("check").stdout
    assert "error: compose.yaml:4:" in text or "error: compose.yaml:5:" in text
    assert "All checks passed" not in text and "No findings in" in text


def test_missing_path_is_an_error(proj):
    res = run("check", "nope.py", "api/db.py")
    assert res.exit_code == 2
    assert "error: nope.py" in res.stdout
    assert "api/db.py:1:31: DW101" in res.stdout
    data = json.loads(run("check", "--format", "json", "nope").stdout)
    assert [e["path"] for e in data["errors"]] == ["nope"]


# --------------------------------------------------------------------------- graph


def test_graph_mermaid_and_dot(proj, tmp_path):
    res = run("graph")
    assert res.exit_code == 0, res.output
    assert re.match(r"(flowchart|graph) ", res.stdout)
    for name in ("api", "db", "redis"):
        assert name in res.stdout
    assert "DW101" in res.stdout
    res = run("graph", ".", "--format", "dot")
    assert res.exit_code == 0
    assert re.match(r"(strict )?(di)?graph\b", res.stdout)
    if shutil.which("dot"):
        done = subprocess.run(["dot", "-Tsvg"], input=res.stdout, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "<svg" in done.stdout


# --------------------------------------------------------------------------- real processes


def _env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}


def test_python_m_dockwise_version():
    done = subprocess.run([sys.executable, "-m", "dockwise", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == f"dockwise {__version__}"


def test_subprocess_check_json_and_exit_codes(proj):
    done = subprocess.run([sys.executable, "-m", "dockwise", "check", "--format", "json", "proj"],
                          capture_output=True, text=True, cwd=proj.parent, env=_env(), timeout=120)
    assert done.returncode == 1, done.stderr
    assert {f["path"] for f in json.loads(done.stdout)["findings"]} == {
        "proj/api/db.py", "proj/api/cache.py", "proj/api/peer.py"}
    done = subprocess.run([sys.executable, "-m", "dockwise", "check", "scripts"],
                          capture_output=True, text=True, cwd=proj, env=_env(), timeout=120)
    assert done.returncode == 0
    assert "\x1b[" not in done.stdout
    done = subprocess.run([sys.executable, "-m", "dockwise", "check", "nope"],
                          capture_output=True, text=True, cwd=proj, env=_env(), timeout=120)
    assert done.returncode == 2


def test_subprocess_stdin(proj):
    done = subprocess.run([sys.executable, "-m", "dockwise", "check", "--stdin-filename", "api/x.py"],
                          input='URL = "redis://localhost:6379/0"\nimport requests\nrequests.get(URL)\n', capture_output=True, text=True,
                          cwd=proj, env=_env(), timeout=120)
    assert done.returncode == 1
    assert done.stdout.startswith("api/x.py:1:16: DW101 ")
