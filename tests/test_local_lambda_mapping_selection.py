"""A backend picked inside a function from a mapping literal of factories, by a key the
container chooses:

    @staticmethod
    def pick(kind=None):
        kind = kind or os.getenv("ENGINE_KIND", "hosted")
        makers = {"hosted": lambda: HostedEngine(), "local": lambda: LocalEngine()}
        return makers.get(kind)()

Writing ``lambda: LocalEngine()`` into the mapping builds nothing: the engine is built only
where a lookup the container runs takes its key.  Where every call leaves ``kind`` to its
default (``Chooser().pick()``) and the service sets ``ENGINE_KIND=hosted``, the local engine's
address is dialled nowhere.  Where the service selects it, where a key's value is not known, or
where the mapping or the chooser is handed on, the finding stays."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "-m", "svc.main"]\n'


def _compose(kind: str) -> str:
    return f"""\
services:
  worker:
    build: .
    environment:
      ENGINE_KIND: {kind}
      ENGINE_CACHE_URL: redis://host.docker.internal:6379/0
"""


LOCAL = """\
import os

import redis


class LocalEngine:
    def __init__(self):
        self.cache = redis.Redis.from_url(os.getenv("ENGINE_CACHE_URL", "redis://localhost:6379/0"))

    def run(self, text):
        return self.cache.get(text)
"""
HOSTED = """\
class HostedEngine:
    def run(self, text):
        return text.upper()
"""
CHOOSER = """\
import os

from svc.hosted import HostedEngine
from svc.local import LocalEngine


class Chooser:
    @staticmethod
    def pick(kind: str = None):
        kind = kind or os.getenv("ENGINE_KIND", "hosted")
        makers = {
            "hosted": lambda: HostedEngine(),
            "local": lambda: LocalEngine(),
        }
        maker = makers.get(kind)
        if maker is None:
            raise ValueError(kind)
        return maker()
"""
MAIN = """\
import sys

from svc.chooser import Chooser


def main():
    engine = Chooser().pick()
    print(engine.run(sys.argv[1]))


if __name__ == "__main__":
    main()
"""


def _findings(tmp_path: Path, kind: str, **over: str) -> list[tuple[str, str, int]]:
    files = {"Dockerfile": DOCKERFILE, "compose.yaml": _compose(kind), "svc/__init__.py": "",
             "svc/local.py": LOCAL, "svc/hosted.py": HOSTED, "svc/chooser.py": CHOOSER, "svc/main.py": MAIN}
    files.update({k.replace("__", "/").replace("_py", ".py"): v for k, v in over.items()})
    make(tmp_path, files, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


DIALLED = [("DW106", "compose.yaml", 6)]


def test_the_unselected_factory_builds_nothing(tmp_path):
    assert _findings(tmp_path, "hosted") == []


def test_the_selected_factory_dials_its_address(tmp_path):
    assert _findings(tmp_path, "local") == DIALLED


def test_a_mapping_looked_up_where_it_is_written(tmp_path):
    chooser = CHOOSER.replace("""        makers = {
            "hosted": lambda: HostedEngine(),
            "local": lambda: LocalEngine(),
        }
        maker = makers.get(kind)""", """        maker = {"hosted": HostedEngine, "local": LocalEngine}.get(kind)""")
    assert "makers" not in chooser
    assert _findings(tmp_path, "hosted", svc__chooser_py=chooser) == []
    assert _findings(tmp_path, "local", svc__chooser_py=chooser) == DIALLED


def test_a_call_that_passes_the_key(tmp_path):
    main = MAIN.replace("Chooser().pick()", 'Chooser.pick("local")')
    assert _findings(tmp_path, "hosted", svc__main_py=main) == DIALLED
    main = MAIN.replace("Chooser().pick()", 'Chooser().pick("hosted")')
    assert _findings(tmp_path, "hosted", svc__main_py=main) == []


def test_a_key_of_unknown_value_may_take_every_factory(tmp_path):
    main = MAIN.replace("Chooser().pick()", "Chooser().pick(sys.argv[2])")
    assert _findings(tmp_path, "hosted", svc__main_py=main) == DIALLED


def test_a_chooser_kept_is_called_we_do_not_see_how(tmp_path):
    main = MAIN.replace("engine = Chooser().pick()", "chooser = Chooser()\n    engine = chooser.pick()")
    assert _findings(tmp_path, "hosted", svc__main_py=main) == DIALLED


def test_a_mapping_handed_on_may_take_every_factory(tmp_path):
    chooser = CHOOSER.replace("        maker = makers.get(kind)", "        maker = makers.get(kind)\n        REGISTRY.append(makers)") \
        .replace("class Chooser:", "REGISTRY = []\n\n\nclass Chooser:")
    assert _findings(tmp_path, "hosted", svc__chooser_py=chooser) == DIALLED


def test_a_key_rebound_by_a_loop_is_not_known(tmp_path):
    chooser = CHOOSER.replace("        maker = makers.get(kind)",
                              "        for kind in os.getenv(\"ENGINE_CHAIN\", \"\").split(\",\"):\n"
                              "            pass\n        maker = makers.get(kind)")
    assert _findings(tmp_path, "hosted", svc__chooser_py=chooser) == DIALLED


FUNCTIONS = """\
import os

import redis


def connect_local():
    return redis.Redis.from_url(os.getenv("ENGINE_CACHE_URL", "redis://localhost:6379/0"))


def connect_hosted():
    return None


def connect(kind=None):
    kind = kind or os.environ["ENGINE_KIND"]
    return {"hosted": lambda: connect_hosted(), "local": lambda: connect_local()}[kind]()
"""
FUNCTIONS_MAIN = """\
from svc.connect import connect

CACHE = connect()
"""


def test_a_function_called_by_the_lambda_of_an_entry(tmp_path):
    over = {"svc__connect_py": FUNCTIONS, "svc__main_py": FUNCTIONS_MAIN}
    assert _findings(tmp_path, "hosted", **over) == []
    assert _findings(tmp_path, "local", **over) == DIALLED


MODULE_MAPPING = """\
import os

from svc.hosted import HostedEngine
from svc.local import LocalEngine

MAKERS = {"hosted": lambda: HostedEngine(), "local": lambda: LocalEngine()}


class Chooser:
    def pick(self):
        return MAKERS[os.getenv("ENGINE_KIND", "hosted")]()
"""


def test_a_module_level_mapping_of_lambdas(tmp_path):
    assert _findings(tmp_path, "hosted", svc__chooser_py=MODULE_MAPPING) == []
    assert _findings(tmp_path, "local", svc__chooser_py=MODULE_MAPPING) == DIALLED
