"""A method's parameter default that every call overrides is not dialled, also for a method
of a common name (``serve``) called through an instance of its class in another module
(``agent_os = AgentOS()`` then ``agent_os.serve(host="0.0.0.0")``): the receiver's class
says the call is this method's."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

OS = '''import uvicorn


class AgentOS:
    def serve(self, app, *, host: str = "localhost", port: int = 7777):
        uvicorn.run(app, host=host, port=port)
'''


def findings(tmp_path, call: str) -> list[int]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n    ports: ['7004:7004']\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"server.py\"]\n",
        "lib/__init__.py": "",
        "lib/agentos.py": OS,
        "server.py": f"from lib.agentos import AgentOS\n\nagent_os = AgentOS()\n\nif __name__ == \"__main__\":\n    {call}\n",
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


def test_every_call_through_an_instance_overrides_the_default(tmp_path):
    assert findings(tmp_path, 'agent_os.serve("server:app", host="0.0.0.0", port=7004)') == []


@pytest.mark.parametrize("call", ['agent_os.serve("server:app", port=7004)', 'agent_os.serve("server:app")'])
def test_a_call_keeping_the_default_binds_loopback(tmp_path, call):
    assert findings(tmp_path, call) == [5]
