"""A function holding a dial runs only where something the container runs names it.  Two
writings of its name name nothing by themselves: a package binding its submodule's function
under the same name (``sign_in = login.sign_in`` in ``__init__.py``), which runs it only where
that name of the package is named in turn, and a sentence holding the word in a string (an
error message: "please re-sign_in with ..."), even in a module that imports the defining one.
A call through the package's binding, and a string that is the name itself
(``getattr(login, "sign_in")``), still name it."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = ('services:\n  web:\n    build: .\n    command: ["python", "-m", "app.server"]\n'
           '  tokens:\n    image: nginx\n')
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\n"
LOGIN = ('import requests\n'
         'def sign_in():\n'
         '    return requests.post("http://localhost:7070/token", data={"a": 1})\n')
SERVER = 'from app.vendors import box\n\ndef main():\n    box.fetch_items()\n\nmain()\n'


def _flagged(tmp_path: Path, files: dict[str, str]) -> list[str]:
    base = {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
            "app/server.py": SERVER, "app/vendors/__init__.py": "", "app/vendors/box/login.py": LOGIN}
    make(tmp_path, {**base, **files}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(f.span.path for f in result.active)


def test_a_package_binding_of_the_same_name_names_nothing(tmp_path):
    files = {"app/vendors/box/__init__.py": "from . import api, login\n\nfetch_items = api.fetch_items\n"
                                             "sign_in = login.sign_in\n",
             "app/vendors/box/api.py": "def fetch_items():\n    return []\n"}
    assert _flagged(tmp_path, files) == []


def test_recall_a_call_through_the_package_binding_names_it(tmp_path):
    files = {"app/vendors/box/__init__.py": "from . import api, login\n\nfetch_items = api.fetch_items\n"
                                             "sign_in = login.sign_in\n",
             "app/vendors/box/api.py": "from . import login\n\ndef fetch_items():\n    return []\n",
             "app/server.py": SERVER.replace("box.fetch_items()", "box.fetch_items()\n    box.sign_in()")}
    assert _flagged(tmp_path, files) == ["app/vendors/box/login.py"]


def test_a_sentence_holding_the_name_names_nothing(tmp_path):
    files = {"app/vendors/box/__init__.py": "from . import api\n\nfetch_items = api.fetch_items\n",
             "app/vendors/box/api.py": "from . import login\n\ndef fetch_items():\n"
                                       '    raise RuntimeError("token expired: please re-sign_in with: tool login box")\n'}
    assert _flagged(tmp_path, files) == []


def test_recall_a_string_that_is_the_name_names_it(tmp_path):
    files = {"app/vendors/box/__init__.py": "from . import api\n\nfetch_items = api.fetch_items\n",
             "app/vendors/box/api.py": "from . import login\n\ndef fetch_items():\n"
                                       '    return getattr(login, "sign_in")()\n'}
    assert _flagged(tmp_path, files) == ["app/vendors/box/login.py"]
