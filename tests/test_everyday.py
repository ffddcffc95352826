"""Everyday use (issue 15), through the real CLI: codes are checked, `noqa` is honoured,
unsafe fixes are announced, `--statistics` is Ruff's, `-` reads stdin, fixing can fail the
run, and a tree with no container code says so instead of "All checks passed"."""
from __future__ import annotations

import json
import re

import pytest

from tests.conftest import make
from tests.test_cli import PROJECT, run


@pytest.fixture
def proj(tmp_path, monkeypatch):
    root = make(tmp_path / "proj", PROJECT)
    monkeypatch.chdir(root)
    for var in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    return root


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize("args, named", [
    (("--select", "DW9"), "'DW9'"),
    (("--ignore", "bogus"), "'bogus'"),
    (("--select", "DW101,E501"), "'E501'"),
])
def test_unknown_codes_on_the_command_line_are_usage_errors(proj, args, named):
    res = run("check", *args)
    assert res.exit_code == 2
    assert named in res.stderr and "unknown rule code" in res.stderr
    assert "All checks passed" not in res.stdout


def test_unknown_codes_in_the_configuration_are_errors(proj):
    (proj / "pyproject.toml").write_text('[tool.dockwise]\nignore = ["DW1", "nosuch"]\n')
    res = run("check")
    assert res.exit_code == 2 and "'nosuch'" in res.stderr and "pyproject.toml" in res.stderr
    (proj / "pyproject.toml").write_text('[tool.dockwise.per-file-ignores]\n"api/*" = ["DW77"]\n')
    res = run("check")
    assert res.exit_code == 2 and "'DW77'" in res.stderr


def test_rule_names_stand_for_their_codes(proj):
    by_code = run("check", "--format", "json", "--ignore", "DW101").stdout
    by_name = run("check", "--format", "json", "--ignore", "loopback-target").stdout
    assert json.loads(by_code)["findings"] == json.loads(by_name)["findings"]
    assert {f["code"] for f in json.loads(by_name)["findings"]} == {"DW103"}
    assert run("check", "--select", "dw1").exit_code == 1  # prefixes, any case


# --------------------------------------------------------------------------- suppressions


def test_noqa_with_dw_codes_suppresses_those_codes_only(proj):
    (proj / "api/cache.py").write_text('import redis\n\nr = redis.Redis(host="localhost", port=6379)  # noqa: DW101\n')
    (proj / "api/peer.py").write_text('import requests\n\nrequests.get("http://db:15432/x")  # noqa: E501\n')
    (proj / "api/db.py").write_text('DB = "postgresql://app@localhost:15432/app"  # noqa\nimport requests\nrequests.get(DB)\n')
    paths = {(f["path"], f["code"]) for f in json.loads(run("check", "--format", "json").stdout)["findings"]}
    assert ("api/cache.py", "DW101") not in paths
    assert ("api/peer.py", "DW103") in paths  # another linter's code
    assert ("api/db.py", "DW101") in paths  # a bare noqa is another linter's


def test_ignore_without_brackets_names_its_code(proj):
    (proj / "api/cache.py").write_text('import redis\n\nr = redis.Redis(host="localhost", port=6379)  # dockwise: ignore DW103\n')
    paths = {(f["path"], f["code"]) for f in json.loads(run("check", "--format", "json").stdout)["findings"]}
    assert ("api/cache.py", "DW101") in paths  # not every code: only DW103
    (proj / "api/cache.py").write_text('import redis\n\nr = redis.Redis(host="localhost", port=6379)  # dockwise: ignore DW101\n')
    paths = {(f["path"], f["code"]) for f in json.loads(run("check", "--format", "json").stdout)["findings"]}
    assert ("api/cache.py", "DW101") not in paths


# --------------------------------------------------------------------------- telling the user


UNSAFE = {
    "compose.yaml": "services:\n  api:\n    build: .\n    command: python app.py\n    environment:\n"
                    "      REDIS_HOST: cache\n  cache:\n    image: redis:7\n",
    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
    # a fallback default in Python: the fix is unsafe (the variable may be unset elsewhere)
    "app.py": 'import os, redis\nr = redis.Redis(host=os.getenv("CACHE_HOST", "localhost"), port=6379)\n',
}


def test_unsafe_fixes_are_announced_and_counted(tmp_path, monkeypatch):
    root = make(tmp_path / "u", UNSAFE)
    monkeypatch.chdir(root)
    data = json.loads(run("check", "--format", "json").stdout)
    unsafe = [f for f in data["findings"] if (f.get("fix") or {}).get("applicability") == "unsafe"]
    assert unsafe, "this layout plans no unsafe fix"
    out = run("check").stdout
    assert "(unsafe fix: --unsafe-fixes)" in out
    assert re.search(r"\d+ more fixable with --unsafe-fixes", out)


def test_statistics_are_rules_counts_and_fixables_only(proj):
    res = run("check", "--statistics")
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines and all("\t" in line for line in lines)  # nothing but the table
    row = next(line for line in lines if "DW101" in line)
    count, code, name, fixable = [c.strip() for c in row.split("\t")]
    assert (count, code) == ("2", "DW101") and name.endswith("loopback-target") and fixable.endswith("fixable")
    data = json.loads(run("check", "--statistics", "--format", "json").stdout)
    row = next(r for r in data if r["code"] == "DW103")
    assert row["name"] == "published-port-inside" and row["count"] == 1 and "fixable" in row


def test_stdin_with_a_dash(proj):
    src = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'
    res = run("check", "-", "--stdin-filename", "api/cache.py", input=src)
    assert res.exit_code == 1 and "DW101" in res.stdout
    res = run("check", "-", "api", input=src)
    assert res.exit_code == 2 and "stdin" in res.stderr


def test_exit_non_zero_on_fix_and_show_fixes(proj):
    (proj / "api/db.py").write_text('DB = "postgresql://app@localhost:5432/app"\nimport requests\nrequests.get(DB)\n')
    res = run("check", "api/db.py", "--fix", "--show-fixes", "--exit-non-zero-on-fix")
    assert "fixed: api/db.py:1:" in res.stderr and "db:5432" in res.stderr
    assert res.exit_code == 1  # nothing remains in that file, but it was fixed
    assert run("check", "api/db.py", "--fix").exit_code == 0


def test_no_container_code_is_not_all_checks_passed(tmp_path, monkeypatch):
    root = make(tmp_path / "host", {"tool.py": 'import requests\nrequests.get("http://localhost:8000")\n',
                                    "pyproject.toml": "[project]\nname = 'x'\n"})
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    res = run("check")
    assert res.exit_code == 0
    assert "nothing to judge" in res.stdout and "All checks passed" not in res.stdout
    clean = make(tmp_path / "clean", {"compose.yaml": "services:\n  api:\n    build: .\n    command: python app.py\n",
                                      "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
                                      "app.py": "print('hi')\n"})
    monkeypatch.chdir(clean)
    assert "All checks passed" in run("check").stdout


def test_graph_takes_compose_files_like_check(proj):
    (proj / "other.yaml").write_text("services:\n  solo:\n    image: nginx\n")
    res = run("graph", ".", "--format", "json", "--compose", "other.yaml", "--no-cache")
    assert res.exit_code == 0
    text = res.stdout
    assert "solo" in text and '"redis"' not in text
    assert run("graph", ".", "--compose", "missing.yaml").exit_code == 2


# --------------------------------------------------------------------------- configuration


def test_configuration_does_not_depend_on_the_order_of_the_paths(proj):
    (proj / "api/pyproject.toml").write_text('[tool.dockwise]\nignore = ["DW1"]\n')
    (proj / "worker").mkdir()
    (proj / "worker/tasks.py").write_text("x = 1\n")
    a = run("check", "worker/tasks.py", "api/db.py", "--format", "json").stdout
    b = run("check", "api/db.py", "worker/tasks.py", "--format", "json").stdout
    assert json.loads(a)["findings"] == json.loads(b)["findings"] != []  # the root's (none), both ways
    (proj / "pyproject.toml").write_text('[tool.dockwise]\nignore = ["DW101"]\n')
    codes = {f["code"] for f in json.loads(run("check", "api/db.py", "api/cache.py", "--format", "json").stdout)["findings"]}
    assert "DW101" not in codes
    codes = {f["code"] for f in json.loads(run("check", "--config", "api/pyproject.toml", "--format", "json").stdout)["findings"]}
    assert codes == set()  # DW1 ignored by the named file
    res = run("check", "--config", "nosuch.toml")
    assert res.exit_code == 2 and "nosuch.toml" in res.stderr


# --------------------------------------------------------------------------- Compose keys


def test_unknown_compose_keys_are_errors_with_the_closest_key(tmp_path, monkeypatch):
    root = make(tmp_path / "k", {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: python app.py\n    enviroment:\n"
                        "      DATABASE_URL: postgresql://db:5432/app\n  db:\n    image: postgres:16\n"
                        "x-anchors: {}\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "app.py": "print(1)\n",
    })
    monkeypatch.chdir(root)
    res = run("check", "--no-cache")
    assert res.exit_code == 2
    line = next(x for x in res.stdout.splitlines() if "enviroment" in x)
    assert line.startswith("error: compose.yaml:5:") and "did you mean `environment`?" in line
    assert "x-anchors" not in res.stdout  # extensions are allowed


def test_the_schema_library_loads_only_for_a_file_it_must_judge_cold(tmp_path):
    """A Compose file whose keys the schema all knows is never validated by jsonschema (the
    walk beside the schema says so); one with an unknown key is, on a cold run only."""
    import subprocess
    import sys

    def probe_run(name: str, compose: str) -> list[str]:
        root = make(tmp_path / name, {
            "compose.yaml": compose,
            "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
            "app.py": "print(1)\n",
        })
        (root / ".git").mkdir()
        env = dict(__import__("os").environ, XDG_CACHE_HOME=str(tmp_path / name / "cache"))
        probe = ("import sys\nfrom dockwise.cli import cli\ntry:\n    cli(['check', 'app.py'])\n"
                 "except SystemExit:\n    pass\nprint('LOADED' if 'jsonschema' in sys.modules else 'NOT LOADED')\n")
        return [subprocess.run([sys.executable, "-c", probe], cwd=root, env=env, capture_output=True,
                               text=True).stdout.strip().splitlines()[-1] for _ in range(2)]

    valid = "services:\n  api:\n    build: .\n    command: python app.py\n"
    assert probe_run("valid", valid) == ["NOT LOADED", "NOT LOADED"]
    typo = valid + "    enviroment: {A: '1'}\n"
    assert probe_run("typo", typo) == ["LOADED", "NOT LOADED"]  # cold: validated; warm: the cache answers


# --------------------------------------------------------------------------- diffs that apply


def test_fix_diff_applies_with_git_apply_and_leaves_secret_hunks_out(tmp_path, monkeypatch):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    files = {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: python app.py\n  cache:\n    image: redis:7\n"
                        "  db:\n    image: postgres:16\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "app.py": ("import psycopg2, redis\nCORS_ALLOW_CREDENTIALS = True\n\n\n\n\n"
                   "r = redis.Redis(host=\"localhost\", port=6379)\n\n\n\n\n"
                   "conn = psycopg2.connect(\"postgresql://app:hunter2@localhost:5432/app\")\n"),
    }
    root = make(tmp_path / "d", files)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    monkeypatch.chdir(root)
    res = run("fix", "--diff", "--no-cache")
    assert "hunter2" not in res.stdout + res.stderr and "****" not in res.stdout
    assert "+r = redis.Redis(host=\"cache\", port=6379)" in res.stdout
    assert "CORS_ALLOW_CREDENTIALS = True" in res.stdout or "CORS" not in res.stdout  # never masked
    assert "holds a secret and is not shown; `dockwise fix app.py` applies it" in res.stderr
    applied = subprocess.run(["git", "apply", "-"], cwd=root, input=res.stdout, text=True, capture_output=True)
    assert applied.returncode == 0, applied.stderr
    text = (root / "app.py").read_text()
    assert 'host="cache"' in text and "app:hunter2@localhost" in text  # the secret hunk waits for `dockwise fix`


def test_error_messages_are_not_redacted_into_nonsense(tmp_path, monkeypatch):
    root = make(tmp_path / "e", {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: python app.py\n    env_file: app.env\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "app.env": "just some words\n",
        "app.py": "print(1)\n",
    })
    monkeypatch.chdir(root)
    out = run("check", "--no-cache").stdout
    assert "****" not in out


def test_report_unused_suppressions(proj):
    (proj / "api/cache.py").write_text(
        'import redis\n\nr = redis.Redis(host="localhost", port=6379)  # dockwise: ignore[DW101, DW103]\n'
        'X = 1  # dockwise: ignore\nY = 2  # noqa: DW105\n')
    (proj / "compose.yaml").write_text((proj / "compose.yaml").read_text().replace(
        "    image: redis:7\n", "    image: redis:7  # dockwise: ignore[DW101]\n"))
    plain = run("check")
    assert "unused suppression" not in plain.stdout + plain.stderr
    res = run("check", "--report-unused-suppressions")
    lines = [x for x in res.stdout.splitlines() if "unused suppression" in x]
    assert "api/cache.py:3: unused suppression: DW103 suppresses nothing on this line" in lines
    assert "api/cache.py:4: unused suppression: `# dockwise: ignore` suppresses nothing on this line" in lines
    assert "api/cache.py:5: unused suppression: DW105 suppresses nothing on this line" in lines
    assert any(x.startswith("compose.yaml:") for x in lines)
    assert not any("DW101 suppress" in x and x.startswith("api/cache.py:3") for x in lines)  # that one is used
    assert res.exit_code == 1


def test_explain_takes_a_rule_name(proj):
    by_name = run("explain", "loopback-target")
    assert by_name.exit_code == 0 and by_name.stdout == run("explain", "DW101").stdout
    assert run("explain", "DW1").exit_code == 2  # a prefix names no single rule


def test_an_unknown_code_in_a_suppression_comment_is_a_warning(proj):
    (proj / "api/cache.py").write_text(
        'import redis\n\nr = redis.Redis(host="localhost", port=6379)  # dockwise: ignore[DW1O1]\n')
    res = run("check")
    assert res.exit_code == 1  # the finding stands, and the run does not fail for the comment
    assert "warning: api/cache.py:3: unknown rule code DW1O1 in a suppression comment" in res.stderr
    assert "api/cache.py:3:" in res.stdout


def test_graph_through_the_cli(tmp_path, monkeypatch):
    root = make(tmp_path / "g", {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: python app.py\n  db:\n    image: postgres:16\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "app.py": ('import os, psycopg2, requests, sys\n'
                   'a = psycopg2.connect(host="db", port=5432)\n'
                   'b = psycopg2.connect("postgresql://localhost:5432/app")\n'
                   'requests.get("https://api.github.com/repos")\n'
                   'print("x", file=sys.stdout)\n'),
        "tool/Dockerfile": "FROM python:3.12-slim\nCOPY . /t\nCMD [\"python\", \"/t/t.py\"]\n",
        "tool/t.py": "print(1)\n",
    })
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    res = run("graph", ".", "--format", "json", "--no-cache")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    edges = data["edges"]
    to_db = [e for e in edges if e["source"].endswith("svc_api") and e["target"].endswith("svc_db")]
    assert len(to_db) == 1 and "app.py:2" in to_db[0]["label"]  # one edge per (service, target)
    brittle = [e for e in edges if e["style"] == "brittle"]
    assert brittle and all("app.py:3" in e["label"] for e in brittle) and brittle[0]["codes"] == ["DW101"]
    labels = {n["label"] for n in data["nodes"] if n["kind"] == "external"}
    assert labels == {"api.github.com"}
    assert any(n["label"].startswith("tool (Dockerfile)") for n in data["nodes"])


@pytest.mark.parametrize("text, shown", [
    ("CORS_ALLOW_CREDENTIALS = True", True),
    ('password = config.get("password", None)', True),
    ('token = os.environ["TOKEN"]', True),
    ("DB_PASSWORD=${PW}", True),
    ('password = "hunter2"', False),
    ("PASSWORD=hunter2", False),
    ("password = hunter2", False),  # an INI or .env line: a bare word may be the secret
    ("token = eyJhbG.eyJzd.Sfl", False),  # a JWT has dots
    ("api_key = 12345", False),
    ("DB_PASSWORD=${PW:-hunter2}", False),  # a default is a value
])
def test_redaction_masks_values_not_code(text, shown):
    from dockwise.redact import redact

    assert (redact(text) == text) is shown


def test_a_python_only_run_judges_default_binds_with_the_names_the_layout_dials(tmp_path, monkeypatch):
    # pre-commit passes Python files only: Compose values are not extracted up front, but a
    # server's default loopback bind still counts when another service dials it by name
    root = make(tmp_path / "b", {
        "compose.yaml": ("services:\n  web:\n    build: .\n    command: python app.py\n"
                         "  probe:\n    image: curlimages/curl\n    environment:\n      TARGET_URL: http://web:5000/\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "app.py": "from flask import Flask\napp = Flask(__name__)\napp.run()\n",
    })
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    whole = {(f["path"], f["code"]) for f in json.loads(run("check", "--format", "json", "--no-cache").stdout)["findings"]}
    one = {(f["path"], f["code"]) for f in json.loads(run("check", "app.py", "--format", "json", "--no-cache").stdout)["findings"]}
    assert one == {x for x in whole if x[0] == "app.py"}
