"""django_dramatiq builds its broker from DRAMATIQ_BROKER as Django loads: the `url` of its
OPTIONS is where `manage.py rundramatiq`'s workers (and each process sending an actor's message)
connect, a connect target in every container that loads those settings.  A broker URL naming
the service is no finding; a key beside it that is no address (the broker's class) is none."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  actors:
    build: .
    command: python manage.py rundramatiq
  mq:
    image: rabbitmq:3
"""
MANAGE = ('import os\nimport sys\n\nif __name__ == "__main__":\n'
          '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n'
          '    from django.core.management import execute_from_command_line\n'
          '    execute_from_command_line(sys.argv)\n')
SETTINGS = """\
INSTALLED_APPS = ["django_dramatiq"]
DRAMATIQ_BROKER = {{
    "BROKER": "dramatiq.brokers.rabbitmq.RabbitmqBroker",
    "OPTIONS": {{"url": "{url}"}},
}}
"""


def _findings(tmp_path: Path, url: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        "manage.py": MANAGE,
        "proj/__init__.py": "",
        "proj/settings.py": SETTINGS.format(url=url),
    }, git=True)
    out = []
    for f in run_check([tmp_path], Config(cache=False)).active:
        sug = f.suggestion
        out.append((f"{f.span.path}:{f.span.line}", f"{sug.host}:{sug.port}" if sug is not None else None))
    return out


def test_a_loopback_broker_url_is_reported(tmp_path):
    assert _findings(tmp_path, "amqp://guest:guest@localhost:5672") == [("proj/settings.py:4", "mq:5672")]


def test_the_service_name_is_no_finding(tmp_path):
    assert _findings(tmp_path, "amqp://guest:guest@mq:5672") == []
