"""One loopback host given both to a server the container's own Python starts and to a client
of that server in the same program (an in-process mock of an upstream API:
``ThreadingHTTPServer((HOST, PORT), ...)`` and ``OpenAI(base_url=f"http://{HOST}:{PORT}/v1")``)
is that container's own server, dialled where it listens: no DW101.  The address is judged as
the bind it also is (DW201): silent where only the container's own client reaches the port,
flagged where the port is published.  Likewise a Compose value of the variable both read
(``FAKE_API_HOST: 127.0.0.1``): the container's own client dials the service's value, so the
loopback listener is private (``flow/selfserve.py`` reads a variable the service sets as its
value).  A client of another port beside such a server keeps its finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD [\"python\", \"-u\", \"app.py\"]\n"
APP = (
    "import os\n"
    "import threading\n"
    "from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer\n"
    "\n"
    "import openai\n"
    "\n"
    "FAKE_PORT = int(os.environ.get('FAKE_API_PORT', '8088'))\n"
    "FAKE_HOST = os.environ.get('FAKE_API_HOST', '127.0.0.1')\n"
    "\n"
    "\n"
    "class Handler(BaseHTTPRequestHandler):\n"
    "    def do_POST(self):\n"
    "        self.send_response(200)\n"
    "        self.end_headers()\n"
    "\n"
    "\n"
    "def start():\n"
    "    httpd = ThreadingHTTPServer((FAKE_HOST, FAKE_PORT), Handler)\n"
    "    threading.Thread(target=httpd.serve_forever, daemon=True).start()\n"
    "\n"
    "\n"
    "start()\n"
    "client = openai.OpenAI(api_key='x', base_url=f'http://{FAKE_HOST}:{CLIENT_PORT}/v1')\n"
    "client.chat.completions.create(model='m', messages=[])\n"
)


def flagged(tmp_path: Path, client_port: str = "{FAKE_PORT}", ports: str = "") -> list[tuple[str, int, str]]:
    compose = "services:\n  agent:\n    build: .\n" + ports
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE,
                    "app.py": APP.replace("{CLIENT_PORT}", client_port)}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_the_server_the_program_starts_is_the_one_its_client_dials(tmp_path):
    assert flagged(tmp_path) == []


def test_a_published_port_makes_the_loopback_bind_a_finding(tmp_path):
    # the server binds loopback: the port published to the host reaches nothing (DW201)
    assert flagged(tmp_path, ports="    ports:\n      - '8088:8088'\n") == [("app.py", 8, "DW201")]


def test_a_client_of_another_port_still_misses(tmp_path):
    assert flagged(tmp_path, client_port="9099") == [("app.py", 8, "DW101")]


def test_a_compose_value_read_both_ways_is_the_same_server(tmp_path):
    env = "    environment:\n      FAKE_API_HOST: 127.0.0.1\n"
    assert flagged(tmp_path, ports=env) == []


def test_a_compose_value_of_a_client_of_another_port_still_misses(tmp_path):
    env = "    environment:\n      FAKE_API_HOST: 127.0.0.1\n"
    assert flagged(tmp_path, client_port="9099", ports=env) == [("compose.yaml", 5, "DW101")]
