"""A module that starts a server as a child process with a listen address but no port
(``create_subprocess_exec("toolsrv", "--address", "0.0.0.0")``) has it listen on the program's
own default port, which the code does not say: a loopback URL that module dials may be that
server's, so it is not reported.  A start that says its port (``--bind 0.0.0.0:8000``), or a
loopback URL dialled by a module that starts nothing, is judged as before."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def findings(tmp_path, args: str) -> list[tuple[int, str]]:
    main = ("import asyncio\nimport httpx\n\nTOOLS_URL = 'http://127.0.0.1:5000/tools'\n\n\n"
            "async def start():\n"
            f"    await asyncio.create_subprocess_exec({args})\n"
            "    async with httpx.AsyncClient() as client:\n"
            "        await client.get(TOOLS_URL)\n\n\n"
            "asyncio.run(start())\n")
    make(tmp_path, {
        "compose.yaml": "services:\n  agents:\n    build: .\n  other:\n    image: shop/other:1\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": main,
    }, git=True)
    return [(f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_child_server_on_its_default_port_may_be_the_one_dialled(tmp_path):
    assert findings(tmp_path, '"toolsrv", "--config", "t.yaml", "--address", "0.0.0.0"') == []


def test_a_child_server_whose_address_says_another_port_is_not(tmp_path):
    assert findings(tmp_path, '"toolsrv", "--bind", "0.0.0.0:8000"') == [(4, "DW101")]


def test_a_child_started_with_no_listen_address_is_no_server(tmp_path):
    assert findings(tmp_path, '"toolsrv", "--config", "t.yaml"') == [(4, "DW101")]
