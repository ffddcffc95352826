"""A variable a service takes from the base service it ``extends`` is the base's settings,
written once for every service built on it, as a shared env_file's are.  A container that
runs none of the project's Python (an asset watcher started from the same image) dials it
only if a file it runs names it: the project's modules it holds through a mount of the whole
tree read it in the containers that run them.  A Python service extending the same base, or a
watcher whose own ``environment:`` sets the value, stays judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

SHARED = """\
services:
  shell:
    build: .
    environment:
      QUEUE_URL: amqp://guest:guest@broker:5672/
    volumes:
      - .:/srv
  broker:
    image: rabbitmq:3
"""

LAYERED = """\
services:
  worker:
    extends: {file: compose.shared.yaml, service: shell}
    command: ["python", "consume.py"]
  assets:
    extends: {file: compose.shared.yaml, service: shell}
    command: ["npm", "run", "watch"]
  broker:
    extends: {file: compose.shared.yaml, service: broker}
    networks:
      back:
        aliases: [broker]
networks:
  back:
"""

FILES = {
    "compose.shared.yaml": SHARED,
    "compose.yaml": LAYERED,
    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD [\"python\", \"consume.py\"]\n",
    "consume.py": "import os\n\nimport pika\n\nconn = pika.BlockingConnection(pika.URLParameters(os.environ[\"QUEUE_URL\"]))\n",
    "package.json": '{"name": "assets", "scripts": {"watch": "esbuild src/main.js --watch"}}\n',
    "src/main.js": "console.log('ready')\n",
}


def services_of_finding(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, ...]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted(tuple(sorted(f.services)) for f in result.active
                  if f.span.path == "compose.shared.yaml" and f.code == "DW104")


def test_a_watcher_given_the_base_settings_does_not_dial_them(tmp_path):
    # the worker is on the default network alone too: it dials the queue, which does not resolve there
    assert services_of_finding(tmp_path, FILES) == [("worker",)]


def test_a_watcher_whose_own_files_name_the_variable_may_dial_it(tmp_path):
    files = dict(FILES)
    files["src/main.js"] = "const url = process.env.QUEUE_URL\nfetch(url)\n"
    assert services_of_finding(tmp_path, files) == [("assets", "worker")]


def test_a_value_the_service_sets_again_is_its_own(tmp_path):
    files = dict(FILES)
    files["compose.yaml"] = LAYERED.replace(
        '    command: ["npm", "run", "watch"]\n',
        '    command: ["npm", "run", "watch"]\n    environment:\n      QUEUE_URL: amqp://guest:guest@broker:5672/\n')
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    found = {(f.span.path, s) for f in result.active if f.code == "DW104" for s in f.services}
    assert ("compose.yaml", "assets") in found
    assert ("compose.shared.yaml", "worker") in found
