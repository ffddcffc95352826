"""An image whose entrypoint script starts a mail catcher in the background (``/mailpit &``,
the binary copied from its image) before the app: the app's ``smtplib.SMTP("localhost",
1025)`` reaches that catcher in its own container, which listens for SMTP on 1025 unless told
otherwise (Mailpit's ``--smtp``/``-s``, MailHog's ``-smtp-bind-addr``, both ``[host]:port``;
rules/commands.yaml ``daemons``).  A catcher moved to another port, or no catcher at all,
leaves the address judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = ('import smtplib\nfrom email.mime.text import MIMEText\n\nfrom flask import Flask, request\n\n'
       'app = Flask(__name__)\n\n\n@app.post("/send")\ndef send():\n'
       '    msg = MIMEText(request.get_json()["body"])\n'
       '    with smtplib.SMTP("localhost", 1025) as server:\n'
       '        server.send_message(msg)\n    return "sent"\n')


def findings(tmp_path: Path, start_catcher: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  mailer:\n    build: ./mailer\n    ports:\n      - '5000:5000'\n",
        "mailer/Dockerfile": ("FROM python:3.13-alpine\nCOPY --from=axllent/mailpit /mailpit /mailpit\n"
                              "WORKDIR /app\nRUN pip install flask\nCOPY . /app\n"
                              'CMD ["/app/entrypoint.sh"]\n'),
        "mailer/entrypoint.sh": f"#!/bin/sh\n{start_catcher}\nflask --app=app.app run --host=0.0.0.0\n",
        "mailer/app/__init__.py": "",
        "mailer/app/app.py": APP,
    }, git=True)
    return sorted((f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active)


def test_mailpit_started_beside_the_app_is_the_one_dialled(tmp_path: Path):
    assert findings(tmp_path, "/mailpit &") == []


def test_mailpit_given_its_default_address_is_the_same(tmp_path: Path):
    assert findings(tmp_path, "/mailpit --smtp 0.0.0.0:1025 &") == []


def test_mailhog_started_beside_the_app_is_the_one_dialled(tmp_path: Path):
    assert findings(tmp_path, "MailHog -smtp-bind-addr 0.0.0.0:1025 &") == []


def test_a_catcher_moved_to_another_port_leaves_it_judged(tmp_path: Path):
    assert findings(tmp_path, "/mailpit -s :2525 &") == [("DW101", "mailer/app/app.py")]


def test_no_catcher_leaves_it_judged(tmp_path: Path):
    assert findings(tmp_path, "echo starting") == [("DW101", "mailer/app/app.py")]
