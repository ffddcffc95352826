"""A method (``_client``, ``fetch``) of a plain class (no base from a library, no decorator) runs
only where code names it: a call (``self._client()``, ``cache._client()``), a callback handed on, the name as a string.
A dial in such a method that nothing the container runs names is no finding: a helper left over
from an earlier version.  ``self._client()`` inside another class that defines its own
``_client`` calls that class's method, not this one.  A library base (a framework calls its
subclasses' methods by name), a hook name (``rules/flow.yaml`` hook_methods: a framework may
call a Scrapy pipeline's ``process_item`` or a logging filter's ``filter`` on any object), a
dunder, or a ``getattr`` with a computed name keeps it.  A public name that is no hook is
like a private one (a client kept in a dict of components whose ``fetch`` nothing calls)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, module: str, other: str = "VERSION = 1\n") -> list[tuple[str, str, int]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: python app/main.py\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/clients.py": module,
        "app/other.py": other,
        "app/main.py": "import sys\n\nsys.path.insert(0, \"/srv\")\n\nfrom app import clients  # noqa: F401\n"
                       "from app import other  # noqa: F401\n",
    }, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


CACHE = ("import redis\n\n\nclass Cache:\n    def __init__(self):\n        self.items = {{}}\n\n"
         "    def _client(self):\n        return redis.Redis(host=\"localhost\", port=6379)\n{more}\n\nCACHE = Cache()\n")
# another class with a method of the same name, calling its own
OTHER_OWN = ("import redis\n\n\nclass Store:\n    def _client(self):\n        return redis.Redis(host=\"cache\", port=6379)\n\n"
             "    def get(self, key):\n        return self._client().get(key)\n\n\nSTORE = Store()\nSTORE.get(\"k\")\n")


@pytest.mark.parametrize("module, other", [
    (CACHE.format(more=""), "VERSION = 1\n"),
    (CACHE.format(more=""), OTHER_OWN),
    (CACHE.format(more="").replace("_client", "fetch"), "VERSION = 1\n"),
    (CACHE.format(more="").replace("_client", "fetch").replace("CACHE = Cache()", "PARTS = {\"cache\": Cache()}"),
     "from app.clients import PARTS\n\nprint(PARTS[\"cache\"])\n"),
], ids=["named-nowhere", "another-class-calls-its-own", "public-named-nowhere", "public-kept-in-a-dict"])
def test_a_method_nothing_calls_dials_nothing(tmp_path, module, other):
    assert _findings(tmp_path, module, other) == []


@pytest.mark.parametrize("module, other", [
    (CACHE.format(more="\n    def get(self, key):\n        return self._client().get(key)\n"), "VERSION = 1\n"),
    (CACHE.format(more=""), "from app.clients import CACHE\n\nCACHE._client().ping()\n"),
    (CACHE.format(more="\n    def hooks(self):\n        return [self._client]\n"), "VERSION = 1\n"),
    (CACHE.format(more="\n    def pick(self, name):\n        return getattr(self, name)()\n"), "VERSION = 1\n"),
    (CACHE.format(more="") + "\nMETHOD = \"_client\"\n", "VERSION = 1\n"),
    (CACHE.format(more="").replace("class Cache:", "class Cache(Base):").replace(
        "import redis\n", "import redis\nfrom somewhere import Base\n"), "VERSION = 1\n"),
    (CACHE.format(more="").replace("_client", "process_item"), "VERSION = 1\n"),
    (CACHE.format(more="").replace("_client", "filter"), "VERSION = 1\n"),
    (CACHE.format(more="").replace("_client", "has_perm"), "VERSION = 1\n"),
    (CACHE.format(more="").replace("_client", "fetch").replace("CACHE = Cache()", "PARTS = {\"cache\": Cache()}"),
     "from app.clients import PARTS\n\nPARTS[\"cache\"].fetch().ping()\n"),
], ids=["self-call", "other-module-call", "handed-on", "computed-getattr", "named-as-string", "library-base",
        "hook-name", "hook-name-filter", "hook-name-auth-backend", "public-called-from-a-dict"])
def test_a_method_that_may_be_called_keeps_the_finding(tmp_path, module, other):
    assert [(code, path) for code, path, _ in _findings(tmp_path, module, other)] == [("DW101", "app/clients.py")]
