"""The Stripe CLI's ``listen --forward-to URL`` (``-f``, and ``--forward-connect-to``/``-c``)
POSTs every webhook event it receives to URL: a connect target of the container that runs it.
Its image's ENTRYPOINT is the ``stripe`` binary (``rules/images.yaml`` entrypoint), so a
Compose ``command: listen ...`` is that program's command line.  A loopback URL there reaches
the forwarder's own container, not the app's; the app's service name is right, and a URL given
to any other option, or to another image's command, is no evidence of a dial."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP_SERVICE = """\
  storefront:
    build: .
    command: gunicorn storefront.wsgi:application --bind 0.0.0.0:8000
    ports: ["8000:8000"]
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def _found(tmp_path: Path, services: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n" + APP_SERVICE + services,
        "Dockerfile": DOCKERFILE,
        ".env": "PAY_KEY=sk_test_placeholder\n",
    }, git=True)
    out = []
    for f in run_check([tmp_path], Config(cache=False)).active:
        hint = f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion is not None else None
        out.append((f.code, tuple(f.services), hint))
    return sorted(out)


def _forwarder(name: str, command: str, image: str = "stripe/stripe-cli:latest") -> str:
    return f"  {name}:\n    image: {image}\n    command: {command}\n"


def test_a_loopback_forward_url_reaches_the_forwarders_own_container(tmp_path):
    command = "listen --api-key ${PAY_KEY} --forward-to localhost:8000/checkout/hooks/"
    assert _found(tmp_path, _forwarder("hooks", command)) == [("DW101", ("hooks",), "storefront:8000")]


def test_the_short_options_and_the_list_form_are_read_too(tmp_path):
    found = _found(tmp_path, _forwarder("hooks", '["listen", "-f", "http://127.0.0.1:8000/checkout/hooks/"]')
                   + _forwarder("connect_hooks", "listen --forward-connect-to=localhost:8000/connect/hooks/"))
    assert found == [("DW101", ("connect_hooks",), "storefront:8000"), ("DW101", ("hooks",), "storefront:8000")]


def test_the_app_service_name_is_right(tmp_path):
    command = "listen --api-key ${PAY_KEY} --forward-to http://storefront:8000/checkout/hooks/"
    assert _found(tmp_path, _forwarder("hooks", command)) == []


def test_an_entrypoint_of_its_own_is_read_as_written(tmp_path):
    own = ("  hooks:\n    image: stripe/stripe-cli:latest\n"
           "    entrypoint: [\"stripe\", \"listen\", \"--forward-to\", \"localhost:8000/checkout/hooks/\"]\n"
           "  idle:\n    image: stripe/stripe-cli:latest\n"
           "    entrypoint: [\"sleep\", \"infinity\"]\n    command: listen --forward-to localhost:8000/x/\n")
    assert _found(tmp_path, own) == [("DW101", ("hooks",), "storefront:8000")]


def test_another_option_or_another_image_is_no_evidence(tmp_path):
    found = _found(tmp_path, _forwarder("hooks", "trigger payment_intent.succeeded --api-key ${PAY_KEY}")
                   + _forwarder("other", "listen --forward-to localhost:8000/checkout/hooks/", image="busybox:1"))
    assert found == []
