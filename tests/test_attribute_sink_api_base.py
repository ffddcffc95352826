"""stripe-python sends every API request to ``stripe.api_base`` once the app assigns it
(``rules/flow.yaml`` attribute_sinks): a loopback mock server there, from a container other
than the mock's, reaches the app's own container.  The assignment counts where the name is the
imported library (an alias too), in code the container runs; a value its environment replaces,
an object of the app's own that happens to have that name, and a test module stay silent.
stripe-mock's image serves 12111 (``rules/images.yaml``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: uvicorn billing.main:app --host 0.0.0.0 --port 8000
    environment:
      MOCK_BASE: http://paymock:12111
  paymock:
    image: stripe/stripe-mock:latest
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
MAIN = """\
from fastapi import FastAPI

from billing import charges

app = FastAPI()
app.include_router(charges.router)
"""


def _found(tmp_path: Path, charges: str, extra: dict[str, str] | None = None) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": DOCKERFILE,
        "billing/__init__.py": "",
        "billing/main.py": MAIN,
        "billing/charges.py": charges,
        **(extra or {}),
    }, git=True)
    out = []
    for f in run_check([tmp_path], Config(cache=False)).active:
        hint = f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion is not None else None
        out.append((f.span.path, f.span.line, hint))
    return sorted(out)


def _charges(setup: str) -> str:
    return (setup + "\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
            "@router.post('/charge')\ndef charge():\n    return stripe.PaymentIntent.create(amount=100, currency='usd')\n")


def test_a_loopback_api_base_is_reported(tmp_path):
    setup = "import stripe\n\nstripe.api_base = 'http://localhost:12111'\n"
    assert _found(tmp_path, _charges(setup)) == [("billing/charges.py", 3, "paymock:12111")]


def test_an_aliased_import_is_the_same_library(tmp_path):
    setup = "import stripe as pay\n\nstripe = pay\npay.api_base = 'http://127.0.0.1:12111'\n"
    assert _found(tmp_path, _charges(setup)) == [("billing/charges.py", 4, "paymock:12111")]


def test_the_mock_service_name_is_right(tmp_path):
    setup = "import stripe\n\nstripe.api_base = 'http://paymock:12111'\n"
    assert _found(tmp_path, _charges(setup)) == []


def test_a_default_the_environment_replaces_is_silent(tmp_path):
    setup = "import os\n\nimport stripe\n\nstripe.api_base = os.environ.get('MOCK_BASE', 'http://localhost:12111')\n"
    assert _found(tmp_path, _charges(setup)) == []


def test_an_object_of_the_apps_own_is_no_library(tmp_path):
    setup = ("from types import SimpleNamespace\n\nimport stripe\n\n"
             "gateway = SimpleNamespace()\ngateway.api_base = 'http://localhost:12111'\n")
    assert _found(tmp_path, _charges(setup)) == []


def test_a_test_module_is_not_run_by_the_container(tmp_path):
    setup = "import stripe\n"
    conftest = "import stripe\n\nstripe.api_base = 'http://localhost:12111'\n"
    assert _found(tmp_path, _charges(setup), {"tests/conftest.py": conftest}) == []
