"""Console scripts a ``setup.py`` declares as one INI string.

setuptools takes ``entry_points`` as a mapping or as the text of an INI file, written as a
triple-quoted string with a ``[console_scripts]`` section.  A start command naming such a
script (``ledgerctl --verbose run``) runs its function's module and what it imports; left
unread, the container would be judged on every file its image holds, a one-off script
copied beside the package included."""
from __future__ import annotations

import json

from click.testing import CliRunner

from dockwise.cli import cli
from tests.conftest import make

SETUP = (
    "from setuptools import setup, find_packages\n\n"
    'scripts = """\n'
    "    [console_scripts]\n"
    "    ledgerctl=ledger.cli:main\n"
    "    lc = ledger.cli:main\n"
    '    """\n\n'
    "setup(name='ledger', packages=find_packages(), entry_points=scripts)\n"
)
DOCKERFILE = (
    "FROM python:3.12-slim\n"
    "WORKDIR /srv\n"
    "COPY . .\n"
    "RUN pip install .\n"
)
COMPOSE = (
    "services:\n"
    "  cache:\n    image: redis:7\n"
    "  ledger:\n    build: .\n    command: {command}\n"
)
CLI = (
    "import redis\n\n"
    "def main():\n"
    "    redis.Redis(host='localhost', port=6379).ping()\n"
)
PROBE = (
    "import http.client\n\n"
    "def main():\n"
    "    http.client.HTTPConnection('localhost', 4200).request('GET', '/')\n\n"
    "if __name__ == '__main__':\n"
    "    main()\n"
)


def found(tmp_path, command):
    make(tmp_path, {
        "setup.py": SETUP,
        "Dockerfile": DOCKERFILE,
        "docker-compose.yml": COMPOSE.format(command=command),
        "ledger/__init__.py": "",
        "ledger/cli.py": CLI,
        "extras/probe.py": PROBE,
    }, git=True)
    res = CliRunner().invoke(cli, ["check", str(tmp_path), "--no-cache", "--output-format", "json", "--exit-zero"],
                             catch_exceptions=False)
    return sorted(("/".join(f["path"].split("/")[-2:]), f["code"]) for f in json.loads(res.stdout)["findings"])


def test_ini_string_console_script_is_followed(tmp_path):
    # the script's module dials the container itself (the cache is another service); the
    # probe copied beside the package is not started here
    assert found(tmp_path, "ledgerctl --verbose run") == [("ledger/cli.py", "DW101")]


def test_second_script_of_the_section(tmp_path):
    assert found(tmp_path, "lc run") == [("ledger/cli.py", "DW101")]


def test_the_probe_run_by_name_is_still_judged(tmp_path):
    assert found(tmp_path, "python extras/probe.py") == [("extras/probe.py", "DW101")]
