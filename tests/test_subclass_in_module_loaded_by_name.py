"""A method of a class that only code naming it can build runs only where something builds it.
A subclass in a module the container reaches only as a name handed to a loader at run time
(``import_module(os.environ.get("RIG_MODULE", "rig.sample"))``, imported by no import statement
of the code it runs) is built by that loader taking it by its name, in a function that runs only
where something calls it: it builds its base only where it is built itself.  A docstring naming a
class (":class:`~rig.link.LinkClient`", "Delegate to ``LinkClient.ask``") is prose: it builds
nothing.

The layout: a rig controller package whose base ``Controller`` runs ``self.prepare()``; its
subclass ``LinkedController`` builds a JSON-RPC client from ``LINK_URL`` (default on loopback)
in its own ``prepare``; a sample subclass of that one lives in ``rig/sample.py``, which only a
runner function's default names.  A container running its own ``Controller`` subclass never
dials the link; one building the sample, calling the runner, importing the sample's module or
building ``LinkedController`` does."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_BASE = (
    "from abc import ABC\n"
    "\n"
    "\n"
    "class Controller(ABC):\n"
    "    async def prepare(self):\n"
    "        self.bus = None\n"
    "\n"
    "    async def run(self):\n"
    "        await self.prepare()\n"
    "        await self.cycle()\n"
)

_LINK = (
    "import httpx\n"
    "\n"
    "\n"
    "class LinkClient:\n"
    "    def __init__(self, url):\n"
    "        self.url = url\n"
    "        self.http = httpx.AsyncClient()\n"
    "\n"
    "    async def ask(self, method):\n"
    "        reply = await self.http.post(self.url, json={'method': method})\n"
    "        return reply.json()\n"
)

_LINKED = (
    '"""A controller that talks to the rig through :class:`~rig.link.LinkClient`."""\n'
    "import os\n"
    "\n"
    "from rig.base import Controller\n"
    "from rig.link import LinkClient\n"
    "\n"
    "\n"
    "class LinkedController(Controller):\n"
    "    async def prepare(self):\n"
    "        self.link = LinkClient(os.environ.get('LINK_URL', 'http://127.0.0.1:8700/rpc'))\n"
    "\n"
    "    async def ask(self, what):\n"
    '        """Delegate to ``LinkClient.ask``."""\n'
    "        return await self.link.ask(what)\n"
)

_SAMPLE = (
    "from rig.linked import LinkedController\n"
    "\n"
    "\n"
    "class SampleController(LinkedController):\n"
    "    async def cycle(self):\n"
    "        print(await self.ask('status'))\n"
)

_RUNNER = (
    "import asyncio\n"
    "import importlib\n"
    "import os\n"
    "\n"
    "\n"
    "def run_named(module=None, name=None):\n"
    "    found = importlib.import_module((module or os.environ.get('RIG_MODULE', 'rig.sample')).strip())\n"
    "    controller = getattr(found, (name or os.environ.get('RIG_CLASS', 'SampleController')).strip())\n"
    "    asyncio.run(controller().run())\n"
)

_INIT = (
    "from rig.base import Controller\n"
    "from rig.linked import LinkedController\n"
    "from rig.runner import run_named\n"
    "\n"
    "__all__ = ['Controller', 'LinkedController', 'run_named']\n"
)

_OWN = (
    "import asyncio\n"
    "\n"
    "from rig import Controller\n"
    "\n"
    "\n"
    "class Bench(Controller):\n"
    "    async def cycle(self):\n"
    "        print('cycle')\n"
    "\n"
    "\n"
    "asyncio.run(Bench().run())\n"
)


def _findings(tmp_path: Path, main: str, init: str = _INIT) -> list[tuple[str, str, int]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  bench:\n    build: .\n  rig:\n    image: nginx:1.27\n",
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "main.py"]\n',
        "rig/__init__.py": init,
        "rig/base.py": _BASE,
        "rig/link.py": _LINK,
        "rig/linked.py": _LINKED,
        "rig/sample.py": _SAMPLE,
        "rig/runner.py": _RUNNER,
        "main.py": main,
    }, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_subclass_only_a_loader_is_named_does_not_build_its_base(tmp_path):
    assert _findings(tmp_path, _OWN) == []


@pytest.mark.parametrize("main", [
    "import asyncio\n\nfrom rig.sample import SampleController\n\nasyncio.run(SampleController().run())\n",
    "from rig import run_named\n\nrun_named()\n",  # the runner's default names the sample
    "import asyncio\n\nfrom rig import LinkedController\n\nasyncio.run(LinkedController().run())\n",
])
def test_a_built_subclass_still_dials(tmp_path, main):
    assert _findings(tmp_path, main) == [("DW101", "rig/linked.py", 10)]


def test_a_subclass_in_a_module_the_code_imports_keeps_building_its_base(tmp_path):
    init = _INIT.replace("from rig.runner import run_named\n", "from rig.runner import run_named\nfrom rig import sample\n")
    assert _findings(tmp_path, _OWN, init) == [("DW101", "rig/linked.py", 10)]
