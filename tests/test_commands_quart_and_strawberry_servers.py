"""Two servers' command lines (rules/commands.yaml servers).

``quart run`` is Quart's CLI in Flask's form: it imports the app of ``--app`` or QUART_APP,
else ``app.py`` of its working directory, and binds 127.0.0.1:5000 unless given ``--host`` or
QUART_RUN_HOST.  ``strawberry server MODULE`` (and ``strawberry dev``) imports the schema's
module and serves it on 0.0.0.0:8000 unless given ``--host``.  Both containers run the module
they name, not every file they hold: a script beside it that dials the container's own
loopback is judged nowhere, the module's own dial is."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
DIAL = "import redis\n\nstore = redis.Redis(host=\"localhost\", port=6379)\n"
QUART_APP = "from quart import Quart\n\n" + DIAL + "\nsite = Quart(__name__)\n"
SCHEMA = ("import strawberry\n\n" + DIAL + "\n\n@strawberry.type\nclass Query:\n    @strawberry.field\n"
          "    def hits(self) -> int:\n        return int(store.get(\"hits\") or 0)\n\n\n"
          "schema = strawberry.Schema(query=Query)\n")
SEED = "import redis\n\nredis.Redis(host=\"127.0.0.1\", port=6379).flushall()\n"


def _findings(base: Path, command: str, files: dict[str, str], env: str = "") -> list[tuple[str, int, str]]:
    compose = ("services:\n  front:\n    build: .\n    command: " + command + "\n"
               "    ports:\n      - \"8080:5000\"\n" + env + "  cache:\n    image: redis:7\n")
    make(base, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "tools/seed.py": SEED, **files}, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([base], Config(cache=False)).active)


def test_quart_run_imports_the_app_its_variable_names_and_binds_the_loopback(tmp_path):
    env = "    environment:\n      QUART_APP: site_app:site\n"
    assert _findings(tmp_path, "quart run", {"site_app.py": QUART_APP}, env) == [
        ("compose.yaml", 4, "DW201"), ("site_app.py", 5, "DW101")]


def test_quart_run_on_every_interface_imports_app_py_by_default(tmp_path):
    assert _findings(tmp_path / "option", "quart run --host 0.0.0.0", {"app.py": QUART_APP}) == [("app.py", 5, "DW101")]
    env = "    environment:\n      QUART_RUN_HOST: 0.0.0.0\n"
    assert _findings(tmp_path / "variable", "quart run", {"app.py": QUART_APP}, env) == [("app.py", 5, "DW101")]


def test_strawberry_server_imports_the_schema_module_on_every_interface(tmp_path):
    files = {"api/__init__.py": "", "api/schema.py": SCHEMA}
    assert _findings(tmp_path / "server", "strawberry server api.schema", files) == [("api/schema.py", 5, "DW101")]
    assert _findings(tmp_path / "dev", "strawberry dev api.schema --port 5000", files) == [("api/schema.py", 5, "DW101")]


def test_strawberry_server_on_the_loopback_is_a_loopback_bind(tmp_path):
    files = {"api/__init__.py": "", "api/schema.py": SCHEMA}
    assert _findings(tmp_path, "strawberry server api.schema --host 127.0.0.1 --port 5000", files) == [
        ("api/schema.py", 5, "DW101"), ("compose.yaml", 4, "DW201")]
