"""DW101 where no service listens on the port dialled: a client of a protocol that one service of
the layout receives at another port (a mail catcher's SMTP at 1025: ``rules/images.yaml``
serves) is presumably meant to reach that service, not a server on the Docker host.  The
protocol is the address's scheme, else the one whose clients dial that port (587 is SMTP's
submission port: ``rules/schemes.yaml`` also).  The port changes, so the fix is a guess
(``--unsafe-fixes``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  app:
    build: .
    command: python send.py
{catchers}"""
CATCHER = "  {name}:\n    image: {image}\n    ports: [\"{web}:{web}\"]\n"
SEND = """\
import smtplib

with smtplib.SMTP("localhost", {port}) as client:
    client.sendmail("a@example.org", ["b@example.org"], "hello")
"""


def _verdict(tmp_path: Path, catchers: str, port: int = 587, send: str = SEND) -> tuple[str, str | None, bool]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(catchers=catchers),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        "send.py": send.format(port=port),
    }, git=True)
    [f] = run_check([tmp_path], Config(cache=False)).active
    sug = f.suggestion
    return f.message, (f"{sug.host}:{sug.port}" if sug is not None else None), bool(sug and sug.tentative)


def test_the_mail_catcher_of_the_layout_is_suggested_at_its_smtp_port(tmp_path):
    message, suggestion, tentative = _verdict(tmp_path, CATCHER.format(name="mail", image="axllent/mailpit:v1.20", web=8025))
    assert suggestion == "mail:1025" and tentative
    assert "the `mail` service receives SMTP at 1025" in message


def test_a_catcher_listening_on_the_port_dialled_is_an_ordinary_listener(tmp_path):
    _, suggestion, tentative = _verdict(tmp_path, CATCHER.format(name="mail", image="mailhog/mailhog", web=8025), port=1025)
    assert suggestion == "mail:1025" and not tentative


def test_without_a_catcher_the_docker_host_is_suggested_as_before(tmp_path):
    message, suggestion, _ = _verdict(tmp_path, CATCHER.format(name="cache", image="redis:7", web=6379))
    assert suggestion == "host.docker.internal:587"
    assert "presumably on the Docker host" in message


def test_another_protocol_is_not_sent_to_the_catcher(tmp_path):
    send = 'import redis\n\nredis.Redis(host="localhost", port={port}).ping()\n'
    _, suggestion, _ = _verdict(tmp_path, CATCHER.format(name="mail", image="maildev/maildev", web=1080),
                                port=6380, send=send)
    assert suggestion == "host.docker.internal:6380"


def test_two_catchers_leave_the_choice_open(tmp_path):
    catchers = CATCHER.format(name="mail", image="maildev/maildev", web=1080) \
        + CATCHER.format(name="mail2", image="rnwood/smtp4dev", web=80)
    _, suggestion, _ = _verdict(tmp_path, catchers)
    assert suggestion == "host.docker.internal:587"
