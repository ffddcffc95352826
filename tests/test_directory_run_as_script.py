"""``python DIR`` runs ``DIR/__main__.py`` (with ``DIR`` first on ``sys.path``).

A start command that names a package directory as the script (``python jobs run`` from the
directory holding ``jobs/``) is followed to that ``__main__.py`` and the modules it imports,
not left unread, where the container would be judged on every file its image holds: a
one-off script copied beside the package, never started there, dials nothing in it."""
from __future__ import annotations

import json

from click.testing import CliRunner

from dockwise.cli import cli
from tests.conftest import make

DOCKERFILE = (
    "FROM python:3.12-slim\n"
    "COPY . /srv/app/\n"
    "WORKDIR /srv/app\n"
    'CMD ["python", "-m", "http.server"]\n'
)
COMPOSE = (
    "services:\n"
    "  cache:\n    image: redis:7\n"
    "  jobs:\n    build: .\n    command: {command}\n"
)
MAIN = "from jobs.loop import start\n\nif __name__ == '__main__':\n    start()\n"
LOOP = (
    "import redis\n\n"
    "def start():\n"
    "    client = redis.Redis(host='localhost', port=6379)\n"
    "    client.ping()\n"
)
PROBE = (
    "import http.client\n\n"
    "def main():\n"
    "    conn = http.client.HTTPConnection('localhost', 4200)\n"
    "    conn.request('GET', '/')\n\n"
    "if __name__ == '__main__':\n"
    "    main()\n"
)


def layout(tmp_path, command):
    make(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "docker-compose.yml": COMPOSE.format(command=command),
        "jobs/__init__.py": "",
        "jobs/__main__.py": MAIN,
        "jobs/loop.py": LOOP,
        "extras/probe.py": PROBE,
    }, git=True)


def found(root):
    res = CliRunner().invoke(cli, ["check", str(root), "--no-cache", "--output-format", "json", "--exit-zero"],
                             catch_exceptions=False)
    return sorted(("/".join(f["path"].split("/")[-2:]), f["code"]) for f in json.loads(res.stdout)["findings"])


def test_package_directory_script_is_followed(tmp_path):
    layout(tmp_path, "python jobs run")
    # the package's loop dials the container itself (the cache is another service); the
    # probe beside it is not run by this container
    assert found(tmp_path) == [("jobs/loop.py", "DW101")]


def test_the_probe_run_by_name_is_still_judged(tmp_path):
    layout(tmp_path, "python extras/probe.py")
    assert found(tmp_path) == [("extras/probe.py", "DW101")]
