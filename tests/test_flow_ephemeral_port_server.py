"""A server class whose loopback host default is used only by calls that leave its port at 0
(``Sidecar(app)``, ``Sidecar(app, port=0)``: the OS picks the port, and only the code that
reads it back after binding knows it) is an in-process helper: binding loopback is right.  A
call that keeps the loopback default with a fixed port still serves nothing outside."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SIDECAR = ("from gevent.pywsgi import WSGIServer\n\n\n"
           "class Sidecar:\n"
           "    def __init__(self, app, port=0, host=\"127.0.0.1\"):\n"
           "        self.server = WSGIServer((host, port), app)\n"
           "        self.server.init_socket()\n"
           "        self.port = self.server.address[1]\n")


def flagged(tmp_path: Path, main: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  archive:\n    build: .\n    ports:\n      - \"8080:8080\"\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "sidecar.py": SIDECAR,
        "main.py": main,
    }, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_loopback_default_used_only_with_an_os_picked_port_is_not_a_finding(tmp_path):
    main = ("from sidecar import Sidecar\n\n\ndef app(env, start):\n    return []\n\n\n"
            "index = Sidecar(app)\nrecorder = Sidecar(app, port=0)\n"
            "front = Sidecar(app, port=8080, host=\"0.0.0.0\")\n")
    assert flagged(tmp_path, main) == []


def test_loopback_default_with_a_fixed_port_is_still_a_finding(tmp_path):
    main = ("from sidecar import Sidecar\n\n\ndef app(env, start):\n    return []\n\n\n"
            "index = Sidecar(app)\nfront = Sidecar(app, port=8080)\n")
    assert flagged(tmp_path, main) == [("sidecar.py", 5, "DW201")]


def test_a_port_default_of_zero_without_reading_the_bound_port_back_is_no_evidence(tmp_path):
    # a client wrapper whose port 0 means "the library's default port": its loopback default dials
    make(tmp_path, {
        "compose.yaml": "services:\n  mailer:\n    build: .\n  relay:\n    image: example/relay:1\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "outbox.py": ("import smtplib\n\n\nclass Outbox:\n"
                      "    def __init__(self, port=0, host=\"localhost\"):\n"
                      "        self.smtp = smtplib.SMTP(host, port)\n"),
        "main.py": "from outbox import Outbox\n\nbox = Outbox()\n",
    }, git=True)
    found = [(f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]
    assert found == [("outbox.py", 5, "DW101")]
