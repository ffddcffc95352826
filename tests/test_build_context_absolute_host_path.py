"""A build context that is an absolute path on the deploy host (``build: /opt/vendor-app``)
is valid Compose that no checkout holds: never opened, a warning, and the service's code is
unknown (nothing of the tree is judged as running there), not an error that made a valid
project exit 2.  A relative context that leaves a root guessed from the Compose file (no
repository) stays an error: it usually means dockwise was started below the project's real
root (one that leaves a repository: tests/test_build_context_sibling_checkout.py)."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = 'import redis\nr = redis.Redis(host="localhost")\n'


def test_an_absolute_build_context_outside_the_root_is_a_warning(tmp_path):
    make(tmp_path, {
        "compose.yaml": ("services:\n  shop:\n    build: /opt/vendor-shop\n    command: python app.py\n"
                         "  cache:\n    image: redis:7\n"),
        "app.py": APP,  # not in the vendor image: no finding for `shop`
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert list(result.errors) == []
    assert list(result.active) == []
    assert any("/opt/vendor-shop" in w[2] and "not read" in w[2] for w in result.warnings)


def test_the_long_form_quoted_is_read_the_same(tmp_path):
    make(tmp_path, {
        "compose.yaml": ("services:\n  shop:\n    build:\n      context: \"/opt/vendor-shop\"\n"
                         "      dockerfile: Dockerfile\n    command: python app.py\n"),
        "app.py": APP,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert list(result.errors) == [] and list(result.active) == []


def test_a_relative_build_context_leaving_a_guessed_root_stays_an_error(tmp_path):
    make(tmp_path, {
        "compose.yaml": "services:\n  shop:\n    build: ../vendor-shop\n    command: python app.py\n",
        "app.py": APP,
    })
    result = run_check([tmp_path], Config(cache=False))
    assert any("build context ../vendor-shop is outside the project root: refused" in e.message for e in result.errors)


def test_the_same_service_built_from_the_tree_is_judged(tmp_path):
    # recall guard: with a context in the tree, the loopback Redis host is reported
    make(tmp_path, {
        "compose.yaml": ("services:\n  shop:\n    build: .\n    command: python app.py\n"
                         "  cache:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "app.py": APP,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert [(f.span.path, f.code) for f in result.active] == [("app.py", "DW101")]
