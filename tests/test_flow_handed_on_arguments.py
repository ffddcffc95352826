"""A method only handed on to be called later, with its arguments beside it
(``run_in_thread(worker.serve_rpc, port=p, bind=host)``, ``Thread(target=...,
kwargs={"bind": host})``, ``executor.submit(f, bind=host)``), is called with them: its
parameter default (``bind="127.0.0.1"``) never binds where every hand-on gives that argument."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WORKER = '''from xmlrpc.server import SimpleXMLRPCServer


class Worker:
    def serve_rpc(self, port=24444, bind="127.0.0.1"):
        server = SimpleXMLRPCServer((bind, port))
        server.serve_forever()
'''

MAIN = '''import threading

from crawl.worker import Worker


def run_in_thread(func, *args, **kwargs):
    thread = threading.Thread(target=func, args=args, kwargs=kwargs, daemon=True)
    thread.start()
    return thread


worker = Worker()
{handoff}
'''


def findings(tmp_path, handoff: str) -> list[int]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  worker:\n    build: .\n    command: python -m crawl.main\n"
                         "    ports: ['24444:24444']\n"),
        "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
        "crawl/__init__.py": "",
        "crawl/worker.py": WORKER,
        "crawl/main.py": MAIN.replace("{handoff}", handoff),
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("handoff", [
    'run_in_thread(worker.serve_rpc, port=24444, bind="0.0.0.0")',
    'threading.Thread(target=worker.serve_rpc, kwargs={"bind": "0.0.0.0"}).start()',
])
def test_every_hand_on_giving_the_argument_overrides_the_default(tmp_path, handoff):
    assert findings(tmp_path, handoff) == []


def test_a_hand_on_without_the_argument_keeps_the_default(tmp_path):
    # recall guard: handed on with the port only, the method binds its loopback default
    assert findings(tmp_path, "run_in_thread(worker.serve_rpc, port=24444)") == [5]
