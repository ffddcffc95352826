"""Bytewax's launcher (`python -m bytewax.run [-w N] [-p N] ... flow[:attr]`) imports the dataflow's
module, given as a dotted name or as a file path from the working directory, and runs its sources
and sinks: that module runs in its container (here from the image's CMD), a script of the image
that it does not import does not, and the launcher's option values are no module."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  stream:
    build: .
    environment:
      KV_HOST: kv
  pathform:
    build: .
    command: python -m bytewax.run -w 2 --epoch-interval 5 jobs/tally.py:flow
  kv:
    image: redis:7
"""
DOCKERFILE = ('FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n'
              'CMD ["python", "-m", "bytewax.run", "-p", "2", "pipeline"]\n')
PIPELINE = '''\
from dataclasses import dataclass

import redis
from bytewax.dataflow import Dataflow


@dataclass
class StoreOptions:
    host: str = "kv"
    port: int = 6379


class Feed:
    def __init__(self, opts):
        self.conn = redis.Redis(host=opts.host, port=opts.port)


def build():
    opts = StoreOptions(host="localhost", port=6379)
    Feed(opts)
    return Dataflow("counts")


flow = build()
'''
TALLY = 'import redis\nfrom bytewax.dataflow import Dataflow\n\nredis.Redis(host="127.0.0.1").ping()\nflow = Dataflow("t")\n'
SEED = 'import redis\n\nredis.Redis(host="localhost").ping()\n'


def test_the_dataflow_module_runs_there_and_no_other(tmp_path: Path):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": DOCKERFILE,
        "pipeline.py": PIPELINE,
        "jobs/tally.py": TALLY,
        "seed.py": SEED,
    }, git=True)
    found = sorted((f"{f.span.path}:{f.span.line}", f.service) for f in run_check([tmp_path], Config(cache=False)).active)
    assert found == [("jobs/tally.py:4", "pathform"), ("pipeline.py:19", "stream")]
