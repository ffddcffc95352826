"""A Compose file of the legacy format 1 (services at the top level, no ``services:`` key) is
refused by ``docker compose`` ("(root) Additional property web is not allowed"): dockwise says
so on an error line instead of reading the directory as one without a layout, and does not
judge the Dockerfile beside it alone (the layout it would be judged against is the refused
one).  A YAML file with a Compose name that holds no service (a fragment of anchors) stays
silent.  An overlay file given alone (its services have neither an image nor a build) gets
error lines that say so."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

LEGACY = """\
web:
  build: .
  links:
    - db
  ports:
    - "8000:8000"
db:
  image: postgres:9.6
"""

FILES = {
    "Dockerfile": "FROM python:3.9\nCOPY . /app\nWORKDIR /app\nCMD [\"python\", \"app.py\"]\n",
    "app.py": "import psycopg2\n\nconn = psycopg2.connect(host=\"localhost\", dbname=\"shop\")\n",
}


def _run(tmp_path: Path, compose: str):
    make(tmp_path, {"docker-compose.yml": compose, **FILES}, git=True)
    return run_check([tmp_path], Config(cache=False))


def test_the_legacy_format_is_an_error_line(tmp_path):
    result = _run(tmp_path, LEGACY)
    assert [(Path(e.path).name, e.line) for e in result.errors] == [("docker-compose.yml", 1)]
    message = result.errors[0].message
    assert "legacy Compose file format 1" in message and "`web`" in message and "`services:`" in message
    assert list(result.active) == []  # the Dockerfile is not judged as if no layout were declared


def test_the_same_layout_under_services_is_judged(tmp_path):
    compose = "services:\n" + "".join(f"  {line}\n" for line in LEGACY.splitlines())
    result = _run(tmp_path, compose)
    assert result.errors == ()
    assert [(f.code, f.span.path) for f in result.active] == [("DW101", "app.py")]


def test_a_compose_named_fragment_without_services_is_silent(tmp_path):
    result = _run(tmp_path, "x-common: &common\n  restart: always\n  environment:\n    TZ: UTC\n")
    assert result.errors == ()


def test_an_overlay_given_alone_says_so(tmp_path):
    """An overlay file given alone (`--compose compose.dev.yaml`): its service has neither an
    image nor a build, so the undefined network's error line says what the file most likely is."""
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    image: nginx\n    networks: [backend]\nnetworks:\n  backend: {}\n",
        "compose.dev.yaml": "services:\n  web:\n    networks: [backend]\n",
    }, git=True)
    result = run_check([tmp_path], Config(cache=False, compose_files=(str(tmp_path / "compose.dev.yaml"),)))
    messages = [e.message for e in result.errors]
    assert len(messages) == 1 and "undefined network 'backend'" in messages[0]
    assert "looks like an overlay" in messages[0] and "--compose <base>" in messages[0]
