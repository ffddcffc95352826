"""A parameter default every call overrides is dead also where the callers import the class
through its package, which re-exports it (`from ._client import MixerClient` in the package's
`__init__.py`, `from .lsclient import MixerClient` in the caller): the calls of the class are
found under the package's name as under its own module's (survey hG)."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CLIENT = (
    "import socket\n"
    "\n"
    "\n"
    "class MixerClient:\n"
    '    def __init__(self, host="localhost", port=1234):\n'
    "        self.sock = socket.create_connection((host, port))\n"
)


def findings(tmp_path, main: str, init: str = "from ._client import MixerClient\n") -> list:
    make(tmp_path, {
        "compose.yaml": ("services:\n  mixer:\n    image: savonet/liquidsoap:v2.2.5\n  player:\n    build: .\n"
                         "    command: python -m app.main\n    environment:\n      MIXER_HOST: mixer\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/lsclient/__init__.py": init,
        "app/lsclient/_client.py": CLIENT,
        "app/main.py": main,
    }, git=True)
    return [(f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


GIVES = 'client = MixerClient(host=os.environ["MIXER_HOST"], port=1234)\n'


@pytest.mark.parametrize("imported", [".lsclient", "app.lsclient", ".lsclient._client"])
def test_a_default_every_call_through_the_package_overrides_is_dead(tmp_path, imported):
    assert findings(tmp_path, f"import os\n\nfrom {imported} import MixerClient\n\n{GIVES}") == []


def test_a_call_through_the_package_that_leaves_the_default_keeps_it(tmp_path):
    main = f"import os\n\nfrom .lsclient import MixerClient\n\n{GIVES}local = MixerClient()\n"
    assert findings(tmp_path, main) == [("app/lsclient/_client.py", 5, "DW101")]


def test_a_package_that_does_not_re_export_the_class_is_not_its_home(tmp_path):
    # the package defines its own MixerClient: the caller's calls are of that one
    init = "class MixerClient:\n    def __init__(self, host=None):\n        self.host = host\n"
    main = f"import os\n\nfrom .lsclient import MixerClient\n\n{GIVES}"
    assert findings(tmp_path, main + "from .lsclient._client import MixerClient as Direct\n\nd = Direct()\n",
                    init) == [("app/lsclient/_client.py", 5, "DW101")]
