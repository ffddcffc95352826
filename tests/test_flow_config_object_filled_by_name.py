"""A configuration object whose class (or a base of its module) sets its attributes by a name
computed at run time, in a loop (``for att in self.__dict__: setattr(self, att,
parser.get(att))``), is filled from the operator's configuration file: the values its
``__init__`` writes are defaults, as a default the function replaces from a config already is.
A read of such an attribute by ``getattr(conf, "name", None)`` does not make its default a
target.  A plain object whose attribute nothing replaces keeps the finding."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = ('from configparser import ConfigParser\n\n\n'
          'class Section:\n'
          '    def parse(self, values):\n'
          '        for att in self.__dict__:\n'
          '            value = values.get(att)\n'
          '            if value is not None:\n'
          '                setattr(self, att, value)\n\n\n'
          'class ServerOptions(Section):\n'
          '    def __init__(self):\n'
          '        self.results_url = "redis://127.0.0.1:6379/0"\n\n\n'
          'class Plain:\n'
          '    def __init__(self):\n'
          '        self.cache_url = "redis://127.0.0.1:6379/1"\n\n\n'
          'server = ServerOptions()\n'
          'plain = Plain()\n\n\n'
          'def load(path):\n'
          '    parser = ConfigParser()\n'
          '    parser.read(path)\n'
          '    if parser.has_section("server"):\n'
          '        server.parse(dict(parser["server"]))\n')

APP = ('import redis\n\n'
       'from conf import load, plain, server\n\n'
       'load("/etc/app/server.ini")\n'
       'RESULTS = redis.Redis.from_url(getattr(server, "results_url", None) or "redis://results")\n'
       'CACHE = redis.Redis.from_url(plain.cache_url)\n')


def test_a_default_of_an_object_filled_by_name_is_the_operators(tmp_path):
    make(tmp_path, {
        "conf.py": CONFIG,
        "app.py": APP,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
        "compose.yaml": "services:\n  app:\n    build: .\n  kv:\n    image: redis:7\n",
    }, git=True)
    found = [(f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]
    assert found == [("conf.py", 19, "DW101")]
