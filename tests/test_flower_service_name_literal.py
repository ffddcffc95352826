"""An address whose own form is its evidence (a service of the layout with a port,
``http://search:9200/``) is taken as dialled wherever it is written, in every container
that runs the module.  Flower (``celery -A proj flower``) imports the Celery app only for
its configuration and dials the broker alone (``rules/commands.yaml`` dials_only): such a
literal in the app's code is no target there, so a Flower container on another network
than the service gets no DW104 for it.  A worker running the same app still does, and a
broker URL naming a service Flower cannot reach is still reported for Flower (recall)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """services:
  search:
    image: opensearchproject/opensearch:2
    networks: [back]
  rabbit:
    image: rabbitmq:3
    networks: [back]
  web:
    build: .
    command: gunicorn shop.wsgi:application --bind 0.0.0.0:8000
    networks: [back]
  worker:
    build: .
    command: celery -A shop worker -l info
  flower:
    build: .
    command: celery -A shop flower --port=5555
networks:
  back: {}
"""


def _found(tmp_path: Path, broker: str) -> list[tuple[str, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\n",
        "shop/__init__.py": "from shop.celery import app\nfrom shop import search\n",
        "shop/celery.py": "from celery import Celery\n\n"
                          f"app = Celery('shop', broker={broker!r})\n",
        "shop/search.py": "DEFAULT_URL = 'http://search:9200/'\n",
        "shop/wsgi.py": "from shop import search\napplication = None\n",
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return sorted((f.span.path, f.code, tuple(f.services)) for f in found)


def test_flower_is_not_taken_to_dial_a_service_name_literal_of_the_app(tmp_path):
    got = _found(tmp_path, "amqp://guest@rabbit:5672//")
    assert ("shop/search.py", "DW104", ("worker",)) in got
    assert not any(path == "shop/search.py" and "flower" in services for path, _, services in got)


def test_recall_flowers_broker_naming_an_unreachable_service_is_reported(tmp_path):
    got = _found(tmp_path, "amqp://guest@rabbit:5672//")
    assert ("shop/celery.py", "DW104", ("flower", "worker")) in got
