"""A service that runs an image whose ENTRYPOINT is a program runs its command under it.

Locust's image has ``ENTRYPOINT ["locust"]`` (``rules/images.yaml`` entrypoint), so
``command: -f /mnt/locust/locustfile.py --worker`` is ``locust -f ...``: the container loads that
locustfile and what it imports, not every file of the directory mounted beside it; so does a
service built FROM the image whose Dockerfile sets no ENTRYPOINT of its own.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_COMPOSE = ("services:\n"
            "  leader:\n    image: locustio/locust:2.31\n    ports: [\"8089:8089\"]\n"
            "    volumes: [\"./load:/mnt/locust\"]\n{entry}"
            "    command: -f /mnt/locust/locustfile.py --master\n"
            "  shop:\n    build: ./shop\n    command: python -m http.server 8000\n")


def _findings(tmp_path: Path, entry: str = "") -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE.format(entry=entry),
        "shop/Dockerfile": "FROM python:3.12-slim\n",
        "load/locustfile.py": ("import redis\nfrom locust import HttpUser, task\n\n"
                               "tally = redis.Redis(host='localhost', port=6379)\n\n"
                               "class Shopper(HttpUser):\n    @task\n    def browse(self):\n"
                               "        self.client.get('/')\n"),
        "load/seed_data.py": "import redis\n\nstore = redis.Redis(host='localhost', port=6390)\n",
    }, git=True)
    return sorted((f.code, Path(f.span.path).name) for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_command_is_the_entrypoint_programs_arguments(tmp_path):
    # the locustfile runs (its loopback Redis is the container itself); the file beside it does not
    assert _findings(tmp_path) == [("DW101", "locustfile.py")]


def test_an_entrypoint_of_the_service_replaces_the_images(tmp_path):
    # a script of its own as the entrypoint: the command is its arguments, not locust's options
    got = _findings(tmp_path, entry="    entrypoint: [\"/mnt/locust/start.sh\"]\n")
    assert ("DW101", "seed_data.py") in got


def test_a_service_built_from_the_image_keeps_its_entrypoint(tmp_path):
    # a Dockerfile FROM locustio/locust that sets no ENTRYPOINT: `-f ...` is still locust's
    make(tmp_path, {
        "compose.yaml": ("services:\n  leader:\n    build: .\n    volumes: [\"./:/mnt/locust\"]\n"
                         "    command: -f /mnt/locust/locustfile.py --master\n"),
        "Dockerfile": "FROM locustio/locust:2.31\nRUN pip3 install redis\n",
        "locustfile.py": ("from locust import HttpUser, task\n\n"
                          "class Shopper(HttpUser):\n    @task\n    def browse(self):\n"
                          "        self.client.get('/')\n"),
        "seed_data.py": "import redis\n\nstore = redis.Redis(host='localhost', port=6390)\n",
    }, git=True)
    assert not run_check([tmp_path], Config(cache=False)).active
