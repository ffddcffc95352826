"""Python's builtin ``str(url)`` hands its argument on: its result is the same address.  A
method that merely shares the name, ``registry.str("UPSTREAM_URL", "http://localhost:9000")``
on an object of the project (a configuration helper that reads ``<PREFIX>UPSTREAM_URL`` from
the environment and returns the default only where it is unset), is no such call: what it
returns is whatever the helper decides, so the literal handed to it is no evidence of a dial
there.  The builtin called by its bare name keeps handing the address on."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_COMPOSE = (
    "services:\n"
    "  api:\n"
    "    build: .\n"
    "    command: python app/main.py\n"
    "    environment:\n"
    "      SHOP_UPSTREAM_URL: http://backend:9000\n"
    "  backend:\n"
    "    image: nginx:1.27\n"
    "    expose: ['9000', '9100']\n"
)

_REGISTRY = (
    "import os\n"
    "\n"
    "\n"
    "class Registry:\n"
    "    def __init__(self, prefix=''):\n"
    "        self.prefix = prefix\n"
    "\n"
    "    def str(self, key, default=None):\n"
    "        return os.environ.get(self.prefix + key, default)\n"
)


def _findings(tmp_path: Path, config: str) -> list[tuple[str, str, str | None]]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/registry.py": _REGISTRY,
        "app/config.py": config,
        "app/main.py": "import requests\n\nfrom app.config import UPSTREAM\n\nrequests.get(UPSTREAM)\n",
    }, git=True)
    return [(f.code, f.span.path.rsplit("/", 1)[-1], f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_project_helper_method_named_str_does_not_hand_its_default_on(tmp_path):
    config = (
        "from app.registry import Registry\n"
        "\n"
        "registry = Registry(prefix='SHOP_')\n"
        "UPSTREAM = registry.str('UPSTREAM_URL', 'http://localhost:9000')\n"
    )
    assert _findings(tmp_path, config) == []


def test_the_builtin_str_hands_the_address_on(tmp_path):
    config = "UPSTREAM = str('http://localhost:9100')\n"
    assert _findings(tmp_path, config) == [("DW101", "config.py", "backend")]
