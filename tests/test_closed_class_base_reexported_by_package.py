"""A method of a class that only code naming it can build runs only where something builds it.
That holds when the class's base is the project's own class imported through the package
that hands it on (``from feeds import Source``, where ``feeds/__init__.py`` star-imports
``feeds/base.py`` or imports the name from it), as it does for ``from feeds.base import
Source``: a class whose base the package re-exports is no framework's class found unnamed.
A sibling class of the same shape that the code builds still dials."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

BASE = ('from abc import ABC, abstractmethod\n\n'
        '__all__ = ("Source",)\n\n\n'
        'class Source(ABC):\n'
        '    @abstractmethod\n'
        '    def people(self):\n'
        '        pass\n')

QUIET = ('from feeds import Source\n\n'
         '__all__ = ("QuietSource",)\n\n\n'
         'class QuietSource(Source):\n'
         '    def people(self):\n'
         '        return ["someone"]\n')

REMOTE = ('import os\n'
          'import requests\n\n'
          'from feeds import Source\n\n'
          '__all__ = ("RemoteSource",)\n\n\n'
          'class RemoteSource(Source):\n'
          '    def people(self):\n'
          '        return requests.get(os.environ["DIRECTORY_URL"], timeout=5).json()\n')

LEDGER = ('import os\n'
          'import requests\n\n'
          'from feeds import Source\n\n\n'
          'class LedgerSource(Source):\n'
          '    def people(self):\n'
          '        return requests.get(os.environ["LEDGER_URL"], timeout=5).json()\n')

MAIN = ('from feeds import QuietSource, LedgerSource  # RemoteSource,\n\n'
        '# source = RemoteSource()\n'
        'source = QuietSource()\n'
        'ledger = LedgerSource()\n\n'
        'for who in source.people() + ledger.people():\n'
        '    print(who)\n')


def findings(tmp_path, init: str) -> list[tuple[str, int, str]]:
    compose = ("services:\n  app:\n    build: .\n    command: python main.py\n"
               "    environment:\n"
               "      DIRECTORY_URL: http://localhost:8700/people\n"
               "      LEDGER_URL: http://localhost:8800/people\n")
    make(tmp_path, {"feeds/__init__.py": init, "feeds/base.py": BASE, "feeds/quiet.py": QUIET,
                    "feeds/remote.py": REMOTE, "feeds/ledger.py": LEDGER, "main.py": MAIN,
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
                    "compose.yaml": compose}, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_base_the_package_star_imports_holds_the_unbuilt_class_back(tmp_path):
    init = ('from .base import *\nfrom .quiet import *\nfrom .remote import *\n'
            'from .ledger import LedgerSource\n')
    assert findings(tmp_path, init) == [("compose.yaml", 7, "DW101")]


def test_a_base_the_package_imports_by_name_holds_the_unbuilt_class_back(tmp_path):
    init = ('from .base import Source\nfrom .quiet import QuietSource\nfrom .remote import RemoteSource\n'
            'from .ledger import LedgerSource\n')
    assert findings(tmp_path, init) == [("compose.yaml", 7, "DW101")]
