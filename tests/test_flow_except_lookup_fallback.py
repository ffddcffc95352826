"""A value assigned in the ``except`` of a ``try`` that reads the same name from a
configuration (``try: value = getattr(settings, name)`` ``except AttributeError: value =
default``) is the one used where the configured value is missing, like ``getattr(settings, name,
default)``: what an operator configures, not reported (a helper ``_setting("LDAP_URI",
"ldap://localhost")`` built so). Where the ``try`` reads the environment instead
(``os.environ["X"]``), the variable decides as for any fallback: reported where the service
leaves it unset, not where it sets it."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = '''import os

import ldap
from django.conf import settings


class Backend:
    def __init__(self):
        self.uri = self._setting("LDAP_URI", "ldap://localhost")

    def _setting(self, name, default):
        try:
            value = getattr(settings, name)
        except AttributeError:
            value = default
        return value

    def connect(self):
        return ldap.initialize(self.uri)


def directory():
    try:
        uri = os.environ["DIRECTORY_URI"]
    except KeyError:
        uri = "ldap://127.0.0.1:3389"
    return ldap.initialize(uri)


Backend().connect()
directory()
'''


def findings(tmp_path, env: str) -> list[int]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    build: .\n    command: python app.py\n{env}",
        "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . /app\n",
        "app.py": APP,
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("env, lines", [
    ("", [26]),
    ("    environment:\n      DIRECTORY_URI: ldap://directory:389\n", []),
])
def test_a_configuration_fallback_is_the_operators_an_environment_one_the_services(tmp_path, env, lines):
    assert findings(tmp_path, env) == lines
