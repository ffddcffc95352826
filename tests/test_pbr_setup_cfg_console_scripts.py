"""Console scripts a pbr project declares in ``setup.cfg``'s ``[entry_points]`` section.

pbr reads the project's metadata from ``setup.cfg``; its entry points sit in a section named
``[entry_points]`` (setuptools' declarative form names it ``[options.entry_points]``).  A start
command naming such a script runs its function's module and what it imports; left unread, the
container was judged on every file its image holds, a development example copied beside the
package included.  Without pbr, setuptools ignores the section: no script is declared there."""
from __future__ import annotations

import json

from click.testing import CliRunner

from dockwise.cli import cli
from tests.conftest import make

SETUP_CFG = (
    "[metadata]\n"
    "name = switchd\n\n"
    "[files]\n"
    "packages =\n    switchd\n\n"
    "[entry_points]\n"
    "console_scripts =\n"
    "    switchd = switchd.__main__:main\n"
)
PBR_SETUP = "from setuptools import setup\n\nsetup(setup_requires=['pbr'], pbr=True)\n"
PLAIN_SETUP = "from setuptools import setup\n\nsetup(name='switchd', packages=['switchd'])\n"
DOCKERFILE = (
    "FROM python:3.12-slim\n"
    "COPY ./ /src/\n"
    "RUN pip install /src\n"
    'CMD ["switchd"]\n'
)
COMPOSE = (
    "services:\n"
    "  queue:\n    image: rabbitmq:3\n"
    "  switchd:\n    build: .\n"
)
MAIN = (
    "import redis\n\n"
    "def main():\n"
    "    redis.Redis(host='localhost', port=6379).ping()\n"
)
EXAMPLE = (
    "import pika\n\n"
    "params = pika.ConnectionParameters(host='localhost', port=5672)\n"
    "connection = pika.BlockingConnection(params)\n"
)


def found(tmp_path, setup_py):
    make(tmp_path, {
        "setup.py": setup_py,
        "setup.cfg": SETUP_CFG,
        "Dockerfile": DOCKERFILE,
        "docker-compose.yml": COMPOSE,
        "switchd/__init__.py": "",
        "switchd/__main__.py": MAIN,
        "adapters/consumer.py": EXAMPLE,
    }, git=True)
    res = CliRunner().invoke(cli, ["check", str(tmp_path), "--no-cache", "--output-format", "json", "--exit-zero"],
                             catch_exceptions=False)
    return sorted(("/".join(f["path"].split("/")[-2:]), f["code"]) for f in json.loads(res.stdout)["findings"])


def test_pbr_console_script_is_followed(tmp_path):
    # the script's module dials the container itself; the example beside the package is
    # no part of the image's start
    assert found(tmp_path, PBR_SETUP) == [("switchd/__main__.py", "DW101")]


def test_section_without_pbr_declares_no_script(tmp_path):
    # setuptools alone ignores [entry_points]: `switchd` is no script dockwise knows, and the
    # container stays judged on every file it holds (the example's module-level dial included)
    assert ("adapters/consumer.py", "DW101") in found(tmp_path, PLAIN_SETUP)
