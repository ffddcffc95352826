"""``[tool.dockwise]`` in the nearest pyproject.toml, command-line options winning, and
suppression comments (docs/configuration.md, "Configuration" and "Suppressions")."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dockwise.cli import cli
from dockwise.config import Config, ConfigError, load_config

from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: ./api
  db:
    image: postgres:16
    ports: ["15432:5432"]
  redis:
    image: redis:7
  svc:
    image: example/svc
    expose: ["7000"]
"""

BASE = {
    "compose.yaml": COMPOSE,
    "api/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
    "api/db.py": 'DB = "postgresql://localhost:5432/app"\nimport requests\nrequests.get(DB)\n',  # DW101 -> db:5432
    "api/peer.py": 'URL = "http://db:15432/"\nimport requests\nrequests.get(URL)\n',  # DW103 -> db:5432
    "api/legacy/old.py": 'URL = "redis://localhost:6379/0"\nimport requests\nrequests.get(URL)\n',
    "api/gen.generated.py": 'URL = "redis://localhost:6379/1"\nimport requests\nrequests.get(URL)\n',
    "api/tests/test_it.py": 'URL = "redis://localhost:6379/2"\nimport requests\nrequests.get(URL)\n',
    "api/lib_test.py": 'URL = "redis://localhost:6379/3"\nimport requests\nrequests.get(URL)\n',
    "api/conftest.py": 'URL = "redis://localhost:6379/4"\nimport requests\nrequests.get(URL)\n',
}


def project(tmp_path: Path, monkeypatch, toml: str | None = None, extra: dict[str, str] | None = None) -> Path:
    files = dict(BASE)
    if toml is not None:
        files["pyproject.toml"] = "[project]\nname = 'x'\n\n[tool.dockwise]\n" + toml
    files.update(extra or {})
    make(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str, input: str | None = None):
    res = CliRunner().invoke(cli, ["check", "--format", "json", *args], input=input, catch_exceptions=False)
    data = json.loads(res.stdout) if res.stdout.startswith("{") else None
    return res, data


def found(data) -> set[tuple[str, str]]:
    return {(f["path"], f["code"]) for f in data["findings"]}


ALL = {("api/db.py", "DW101"), ("api/peer.py", "DW103"), ("api/legacy/old.py", "DW101"),
       ("api/gen.generated.py", "DW101")}


def test_without_config(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch)
    res, data = check()
    assert res.exit_code == 1
    assert found(data) == ALL


def test_select_and_ignore_from_config(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, 'select = ["DW103"]\n')
    assert found(check()[1]) == {("api/peer.py", "DW103")}


def test_ignore_prefix_from_config(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, 'ignore = ["DW10"]\n')
    res, data = check()
    assert res.exit_code == 0 and data["findings"] == []


def test_cli_options_win_over_config(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, 'select = ["DW103"]\ninclude-tests = true\n')
    tests = {(rel, "DW101") for rel in ("api/tests/test_it.py", "api/lib_test.py", "api/conftest.py")}
    assert found(check("--select", "DW101")[1]) == (ALL - {("api/peer.py", "DW103")}) | tests
    # --no-include-tests beats include-tests = true
    assert not any("test" in p for p, _ in found(check("--select", "DW1", "--no-include-tests")[1]))


def test_cli_ignore_wins(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, 'ignore = ["DW103"]\n')
    assert ("api/peer.py", "DW103") in found(check("--ignore", "DW101")[1])


def test_exclude_and_extend_exclude(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, 'exclude = ["api/legacy/"]\nextend-exclude = ["*.generated.py"]\n')
    assert found(check()[1]) == {("api/db.py", "DW101"), ("api/peer.py", "DW103")}


def test_exclude_does_not_unload_the_layout(tmp_path, monkeypatch):
    # excluding the Compose file's directory from reports must not make the code host code
    project(tmp_path, monkeypatch, 'exclude = ["compose.yaml"]\n')
    assert ("api/db.py", "DW101") in found(check()[1])


def test_include_tests_from_config(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, "include-tests = true\n")
    got = found(check()[1])
    for rel in ("api/tests/test_it.py", "api/lib_test.py", "api/conftest.py"):
        assert (rel, "DW101") in got


def test_include_tests_flag(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch)
    assert ("api/conftest.py", "DW101") in found(check("--include-tests")[1])


def test_per_file_ignores(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, '[tool.dockwise.per-file-ignores]\n"api/legacy/*.py" = ["DW101"]\n"api/peer.py" = ["DW1"]\n')
    assert found(check()[1]) == {("api/db.py", "DW101"), ("api/gen.generated.py", "DW101")}


PACK = """\
schemes:
  - {names: [myproto], port: 7000}
calls:
  - {names: [mylib.open_link], host: 0, port: 1}
"""


def test_rule_pack_adds_a_scheme_and_a_call(tmp_path, monkeypatch):
    extra = {"api/custom.py": ('import mylib\nc = mylib.open_link("localhost", 6379)\nU = "myproto://localhost/x"\n'
                               "import requests\nrequests.get(U)\n"),
             "dw-rules/extra.yaml": PACK}
    project(tmp_path, monkeypatch, extra=extra)
    before = {f["line"]: f for f in check("api/custom.py")[1]["findings"]}
    assert 2 not in before  # unknown call: not an address
    assert before[3]["suggestion"] is None  # unknown scheme: no port, no suggestion

    (tmp_path / "pyproject.toml").write_text('[tool.dockwise]\nrule-packs = ["dw-rules/"]\n')
    after = {f["line"]: f for f in check("api/custom.py")[1]["findings"]}
    assert after[2]["suggestion"] == {"host": "redis", "port": 6379}
    assert after[3]["target"]["port"] == 7000
    assert after[3]["suggestion"] == {"host": "svc", "port": 7000}

    # a single file works too
    (tmp_path / "pyproject.toml").write_text('[tool.dockwise]\nrule-packs = "dw-rules/extra.yaml"\n')
    assert {f["line"] for f in check("api/custom.py")[1]["findings"]} == {2, 3}


def test_rule_pack_missing_is_a_clear_usage_error(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, 'rule-packs = ["nope/"]\n')
    res, _ = check()
    assert res.exit_code == 2
    assert "nope" in res.stderr and "rule-packs" in res.stderr
    assert "internal error" not in res.stderr


def test_rule_pack_malformed_is_a_usage_error(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, 'rule-packs = ["bad.yaml"]\n', {"bad.yaml": "schemes: [{names: [x], port: nine}]\n"})
    res, _ = check()
    assert res.exit_code == 2
    assert "bad.yaml" in res.stderr and "internal error" not in res.stderr


def test_services_map_for_images_built_outside_compose(tmp_path, monkeypatch):
    extra = {
        "compose.yaml": COMPOSE + "  billing:\n    image: registry.example.com/billing:1\n",
        "services/billing/app/main.py": 'DB = "postgresql://localhost:5432/billing"\nimport requests\nrequests.get(DB)\n',
    }
    project(tmp_path, monkeypatch, extra=extra)
    assert ("services/billing/app/main.py", "DW101") not in found(check()[1])  # host code without the map
    (tmp_path / "pyproject.toml").write_text('[tool.dockwise.services]\n"services/billing" = "billing"\n')
    (f,) = [f for f in check()[1]["findings"] if f["path"] == "services/billing/app/main.py"]
    assert f["service"] == "billing"
    assert f["suggestion"] == {"host": "db", "port": 5432}


def test_services_map_unknown_service_is_reported(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, '[tool.dockwise.services]\n"services/x" = "nosuch"\n')
    res, data = check()
    assert res.exit_code == 2
    assert any("nosuch" in e["message"] for e in data["errors"])


def test_compose_files_from_config_replace_discovery(tmp_path, monkeypatch):
    extra = {"deploy/compose.yaml": "services:\n  api:\n    build: ../api\n  pg:\n    image: postgres:16\n"}
    project(tmp_path, monkeypatch, 'compose-files = ["deploy/compose.yaml"]\n', extra)
    got = {f["path"]: f for f in check()[1]["findings"]}
    assert got["api/db.py"]["suggestion"] == {"host": "pg", "port": 5432}
    assert "api/peer.py" not in got  # `db` is no service here: single-label names are left alone


def test_compose_files_missing(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, 'compose-files = ["deploy/nope.yaml"]\n')
    res, _ = check()
    assert res.exit_code == 2
    assert "nope.yaml" in res.stderr


def test_cli_compose_wins_over_config(tmp_path, monkeypatch):
    extra = {"deploy/a.yaml": "services:\n  api:\n    build: ../api\n  pg:\n    image: postgres:16\n",
             "deploy/b.yaml": "services:\n  api:\n    build: ../api\n  sql:\n    image: postgres:16\n"}
    project(tmp_path, monkeypatch, 'compose-files = ["deploy/a.yaml"]\n', extra)
    got = {f["path"]: f for f in check("--compose", "deploy/b.yaml")[1]["findings"]}
    assert got["api/db.py"]["suggestion"] == {"host": "sql", "port": 5432}


@pytest.mark.parametrize("value", ["false", "true"])
def test_cache_key_accepted(tmp_path, monkeypatch, value):
    project(tmp_path, monkeypatch, f"cache = {value}\n")
    res, data = check()
    assert res.exit_code == 1 and found(data) == ALL
    res, data = check("--no-cache")
    assert res.exit_code == 1 and found(data) == ALL


@pytest.mark.parametrize(
    "toml, words",
    [
        ("selekt = ['DW101']\n", ["selekt", "unknown"]),
        ("select = 3\n", ["select"]),
        ("include-tests = 'yes'\n", ["include-tests"]),
        ("cache = 'no'\n", ["cache"]),
        ("per-file-ignores = ['x']\n", ["per-file-ignores"]),
        ("services = {a = 1}\n", ["services"]),
        ("select = [\n", ["pyproject.toml"]),  # not TOML at all
    ],
)
def test_bad_config_is_exit_2_with_a_clear_message(tmp_path, monkeypatch, toml, words):
    project(tmp_path, monkeypatch, toml)
    res, _ = check()
    assert res.exit_code == 2
    assert res.stdout == ""
    for word in words:
        assert word in res.stderr
    assert "Traceback" not in res.output and "internal error" not in res.stderr


def test_the_project_roots_configuration_applies_below_it(tmp_path, monkeypatch):
    # one configuration per run, whatever directory is checked: a service's own
    # pyproject.toml is read only when named with --config
    project(tmp_path, monkeypatch, 'ignore = ["DW101"]\n')
    make(tmp_path, {"api/pyproject.toml": '[tool.dockwise]\nignore = ["DW103"]\n'})
    monkeypatch.chdir(tmp_path / "api")
    got = {(f["path"], f["code"]) for f in check(".")[1]["findings"]}
    assert ("db.py", "DW101") not in got and ("peer.py", "DW103") in got


def test_pyproject_without_table_is_default(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert load_config(tmp_path) == Config()


def test_load_config_underscores_and_paths(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.dockwise]\ninclude_tests = true\nrule-packs = ['p']\ncompose-files = ['c.yaml']\n")
    (tmp_path / "p").mkdir()
    (tmp_path / "sub").mkdir()
    cfg = load_config(tmp_path / "sub")  # found from a subdirectory; paths relative to the file
    assert cfg.include_tests is True
    assert cfg.rule_packs == (str((tmp_path / "p").resolve()),)
    assert cfg.compose_files == (str((tmp_path / "c.yaml").resolve()),)


def test_unknown_key_raises_config_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.dockwise]\nbogus = 1\n")
    with pytest.raises(ConfigError, match="bogus"):
        load_config(tmp_path)


# --------------------------------------------------------------------------- suppressions


SUPPRESS_PY = """\
A = "postgresql://localhost:5432/app"  # dockwise: ignore[DW101]
B = "postgresql://localhost:5432/app"  # dockwise: ignore
C = "postgresql://localhost:5432/app"  # dockwise: ignore[DW102]
D = "postgresql://localhost:5432/app"  # dockwise: ignore[DW102, DW101]
E = "postgresql://localhost:5432/app"
import sqlalchemy
engines = [sqlalchemy.create_engine(A), sqlalchemy.create_engine(B), sqlalchemy.create_engine(C),
           sqlalchemy.create_engine(D), sqlalchemy.create_engine(E)]
"""


def test_python_suppressions(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, extra={"api/s.py": SUPPRESS_PY})
    res, data = check("api/s.py")
    assert sorted(f["line"] for f in data["findings"]) == [3, 5]
    assert data.get("suppressed") == 3
    text = CliRunner().invoke(cli, ["check", "api/s.py"]).stdout
    assert "api/s.py:1:" not in text and "api/s.py:3:" in text


SUPPRESS_COMPOSE = """\
services:
  api:
    build: ./api
    environment:
      A_URL: redis://localhost:6379/0  # dockwise: ignore[DW101]
      B_URL: redis://localhost:6379/0  # dockwise: ignore
      C_URL: redis://localhost:6379/0  # dockwise: ignore[DW105]
      D_URL: redis://localhost:6379/0
  redis:
    image: redis:7
"""


def test_compose_suppressions(tmp_path, monkeypatch):
    # the api's code reads the variables (a client-scheme URL no file of the container names is
    # dialled nowhere there: tests/test_flow_scheme_only_unread.py)
    reader = "import os\nURLS = [os.environ.get(n) for n in ('A_URL', 'B_URL', 'C_URL', 'D_URL')]\n"
    project(tmp_path, monkeypatch, extra={"compose.yaml": SUPPRESS_COMPOSE, "api/urls.py": reader})
    res, data = check("compose.yaml")
    assert sorted((f["path"], f["line"]) for f in data["findings"]) == [("compose.yaml", 7), ("compose.yaml", 8)]


def test_dotenv_and_dockerfile_suppressions(tmp_path, monkeypatch):
    extra = {
        "compose.yaml": "services:\n  api:\n    build: ./api\n    env_file: [app.env]\n  redis:\n    image: redis:7\n",
        "app.env": "A_URL=redis://localhost:6379/0 # dockwise: ignore[DW101]\nB_URL=redis://localhost:6379/0\n",
        # shell-form CMD: `#` starts a shell comment, so the build is unaffected (in ENV or an
        # exec-form CMD a trailing `#` is an argument to Docker)
        "api/Dockerfile": "FROM python:3.12\nENV D_URL=redis://localhost:6379/0\nCOPY . /app\n"
                          "CMD uvicorn main:app --host 127.0.0.1 --port 8000 # dockwise: ignore\n",
        "web/Dockerfile": "FROM python:3.12\nCOPY . /app\n"
                          "CMD uvicorn main:app --host 127.0.0.1 --port 8000 # dockwise: ignore[DW101]\n",
        # the api's code dials the variable (a client-scheme URL no file of the container names
        # is dialled nowhere there: tests/test_flow_scheme_only_unread.py)
        "api/main.py": "import os\n\nimport redis\n\nredis.Redis.from_url(os.environ['B_URL']).ping()\n",
    }
    project(tmp_path, monkeypatch, extra=extra)
    _, data = check("app.env", "api/Dockerfile", "web/Dockerfile")
    assert sorted((f["path"], f["line"], f["code"]) for f in data["findings"]) == [
        ("api/Dockerfile", 2, "DW101"), ("app.env", 2, "DW101"), ("web/Dockerfile", 3, "DW201")]
