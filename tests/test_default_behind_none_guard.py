"""A parameter's default read only in the branch where another parameter is None
(``if nodes is not None: <cluster client> else: Redis(host=host)``) is dialled only by the
calls that leave both to their defaults: where every call that leaves ``host`` out gives
``nodes`` a value, the loopback default never runs.  A call that gives neither, or gives
``nodes=None``, keeps it dialled."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_QUEUE = '''import redis


class Channel:
    def __init__(self, name, host="localhost", port=6379, nodes=None):
        self.name = name
        if nodes is not None:
            self.conn = make_cluster(nodes)
        else:
            self.conn = redis.Redis(host=host, port=port)


def make_cluster(nodes):
    return nodes
'''

_OPEN = '''from urllib.parse import urlparse

from relay.channel import Channel


def open_channel(name, url):
    parsed = urlparse(url)
    if "," in parsed.netloc:
        members = [{{"host": n.split(":")[0]}} for n in parsed.netloc.split(",")]
        return Channel(name, {cluster})
    return Channel(name, host=parsed.hostname, port=parsed.port or 6379)
'''


def _findings(tmp_path: Path, cluster: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  relay:\n    build: .\n    command: python -m relay.main\n"
                         "  cache:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "relay/__init__.py": "",
        "relay/channel.py": _QUEUE,
        "relay/opening.py": _OPEN.format(cluster=cluster),
        "relay/main.py": ('import os\n\nfrom relay.opening import open_channel\n\n'
                          'open_channel("jobs", os.environ["CHANNEL_URL"])\n'),
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("cluster", ["nodes=members", "port=7000, nodes=members"])
def test_a_default_behind_a_branch_every_call_that_omits_it_switches_off_is_silent(tmp_path, cluster):
    assert _findings(tmp_path, cluster) == []


@pytest.mark.parametrize("cluster", ["port=7000", "nodes=None"])
def test_a_call_that_leaves_the_branch_on_keeps_the_default_dialled(tmp_path, cluster):
    assert _findings(tmp_path, cluster) == [("DW101", "cache")]
