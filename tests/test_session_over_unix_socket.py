"""A client session built to talk over a Unix domain socket (aiohttp's
``ClientSession(connector=UnixConnector(path=...))``, httpx's ``Client(transport=
HTTPTransport(uds=...))``) sends every request to that socket: the host of the URL a
method of the session is then given (``session.put("http://localhost/")``) fills only the
Host header, it is never dialled.  The same method on a session over TCP dials it."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, body: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: python app/main.py\n"
                        "  web:\n    image: nginx:1.27\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/main.py": body,
    }, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


AIOHTTP_NAMED = '''import asyncio
import aiohttp


async def main():
    conn = aiohttp.UnixConnector(path="/run/app/worker.sock")
    async with aiohttp.ClientSession(connector=conn) as session:
        async with session.put(url="http://localhost/", json={}) as resp:
            return await resp.read()


asyncio.run(main())
'''

AIOHTTP_INLINE = '''import asyncio
from aiohttp import ClientSession, UnixConnector


async def main():
    session = ClientSession(connector=UnixConnector(path="/run/app/worker.sock"))
    resp = await session.get("http://localhost/status")
    await session.close()
    return resp


asyncio.run(main())
'''

HTTPX_UDS = '''import httpx

client = httpx.Client(transport=httpx.HTTPTransport(uds="/run/app/worker.sock"))
client.get("http://localhost/status")
'''


@pytest.mark.parametrize("body", [AIOHTTP_NAMED, AIOHTTP_INLINE, HTTPX_UDS])
def test_a_session_over_a_unix_socket_dials_no_host(tmp_path, body):
    assert _findings(tmp_path, body) == []


def test_a_session_over_tcp_still_dials_its_url(tmp_path):
    body = AIOHTTP_NAMED.replace('aiohttp.UnixConnector(path="/run/app/worker.sock")',
                                 "aiohttp.TCPConnector(limit=4)")
    assert _findings(tmp_path, body) == [("DW101", 8)]


def test_a_plain_session_still_dials_its_url(tmp_path):
    body = AIOHTTP_INLINE.replace('connector=UnixConnector(path="/run/app/worker.sock")', "")
    assert _findings(tmp_path, body) == [("DW101", 7)]


def test_a_session_over_a_tcp_transport_still_dials_its_url(tmp_path):
    body = HTTPX_UDS.replace('uds="/run/app/worker.sock"', "retries=3")
    assert _findings(tmp_path, body) == [("DW101", 4)]


def test_a_named_uds_transport_dials_no_host(tmp_path):
    body = ('import httpx\n\ntransport = httpx.HTTPTransport(uds="/run/app/worker.sock")\n'
            'client = httpx.Client(transport=transport)\nclient.get("http://localhost/status")\n')
    assert _findings(tmp_path, body) == []


def test_a_tcp_transport_given_to_the_dialling_call_itself_keeps_its_url_dialled(tmp_path):
    body = ('import httpx\n\n'
            'client = httpx.Client(base_url="http://localhost:8600", transport=httpx.HTTPTransport(retries=3))\n'
            'client.get("/health")\n')
    assert _findings(tmp_path, body) == [("DW101", 3)]


def test_a_unix_socket_transport_given_to_the_dialling_call_itself_dials_no_url(tmp_path):
    body = ('import httpx\n\n'
            'client = httpx.Client(base_url="http://localhost:8600", transport=httpx.HTTPTransport(uds="/run/a.sock"))\n'
            'client.get("/health")\n')
    assert _findings(tmp_path, body) == []
