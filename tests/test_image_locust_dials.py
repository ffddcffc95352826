"""Locust reads its options from LOCUST_* variables too: LOCUST_HOST is the system under test
(-H/--host), which its users' requests go to.  In a container of Locust's image, a loopback
LOCUST_HOST is the container itself, not the service under test beside it."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, target: str) -> list[tuple[str, str | None, int | None]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  swarm:\n    image: locustio/locust:2.31\n"
                         "    volumes: [\"./load:/mnt/locust\"]\n"
                         f"    environment:\n      LOCUST_HOST: {target}\n"
                         "    command: -f /mnt/locust/locustfile.py --headless -u 5\n"
                         "  shop:\n    build: ./shop\n    command: python -m http.server 8000\n"),
        "shop/Dockerfile": "FROM python:3.12-slim\n",
        "load/locustfile.py": ("from locust import HttpUser, task\n\n"
                               "class Shopper(HttpUser):\n    @task\n    def browse(self):\n"
                               "        self.client.get('/')\n"),
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None, f.suggestion.port if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_loopback_target_is_the_locust_container_itself(tmp_path):
    assert _findings(tmp_path, "http://localhost:8000") == [("DW101", "shop", 8000)]


def test_the_service_under_test_by_name_is_right(tmp_path):
    assert _findings(tmp_path, "http://shop:8000") == []
