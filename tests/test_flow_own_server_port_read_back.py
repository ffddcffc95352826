"""A module that starts a server itself (a bind call of rules/clients.yaml) and dials a
loopback address whose port the code computes (`f"127.0.0.1:{engine.grpc_port}"`: an
embedded server told to bind `127.0.0.1:0`, whose port the system picks and the code reads
back) may be dialling that server of its own process: no evidence the address misses, as
for a container that serves some port.  The same address dialled by a module that starts no
server, and a literal port that nothing in the container serves, are still found."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ENGINE = ('class Engine:\n'
          '    def __init__(self, bind_address):\n'
          '        self.grpc_port = int(bind_address.rsplit(":", 1)[1])\n\n\n'
          'def start_engine(bind_address):\n'
          '    return Engine(bind_address)\n')

HEAD = ('from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer\n'
        'from threading import Thread\n\n'
        'import grpc\nimport redis\n\n'
        'from engine import start_engine\n\n'
        'engine = start_engine(bind_address="127.0.0.1:0")\n')

SERVER = ('httpd = ThreadingHTTPServer(("0.0.0.0", 8080), BaseHTTPRequestHandler)\n'
          'Thread(target=httpd.serve_forever).start()\n')


def findings(tmp_path, gateway: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nCMD ["python", "gateway.py"]\n',
        "engine.py": ENGINE,
        "gateway.py": gateway,
    }, git=True)
    return [(f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_computed_port_beside_a_server_of_the_same_module_is_not_a_finding(tmp_path):
    gateway = HEAD + SERVER + 'channel = grpc.insecure_channel(f"127.0.0.1:{engine.grpc_port}")\n'
    assert findings(tmp_path, gateway) == []


def test_the_same_address_in_a_module_that_starts_no_server_is_found(tmp_path):
    gateway = HEAD + 'channel = grpc.insecure_channel(f"127.0.0.1:{engine.grpc_port}")\n'
    assert findings(tmp_path, gateway) == [("gateway.py", 10, "DW101")]


def test_a_literal_port_nothing_serves_is_still_found_beside_a_server(tmp_path):
    gateway = HEAD + SERVER + 'cache = redis.Redis.from_url("redis://127.0.0.1:6379/0")\n'
    assert findings(tmp_path, gateway) == [("gateway.py", 12, "DW101")]
