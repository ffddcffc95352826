"""A Dockerfile that copies the repository and installs its packages from subdirectories
(``pip install -e core -e server``) puts their console scripts on the PATH: a start command
naming one (``ENTRYPOINT ["appsrv"]``) runs its entry module and what it imports, found in
the subdirectory's ``setup.py``, instead of falling back to every file the image holds."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETUP = ('from setuptools import setup\n\n'
         'setup(name="appsrv", entry_points={"console_scripts": ["appsrv = appsrv_pkg.entry:main"]})\n')


def findings(tmp_path, entry: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  worker:\n    build: .\n    command: [\"--component\", \"worker\"]\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": ('FROM python:3.12-slim\nCOPY . /src\nWORKDIR /src\n'
                       'RUN pip install -e core -e server\nENTRYPOINT ["appsrv"]\n'),
        "core/setup.py": 'from setuptools import setup\n\nsetup(name="appcore")\n',
        "core/appcore/__init__.py": "",
        "server/setup.py": SETUP,
        "server/appsrv_pkg/__init__.py": "",
        "server/appsrv_pkg/entry.py": entry,
        "server/appsrv_pkg/cache.py": 'import redis\n\nclient = redis.Redis(host="127.0.0.1", port=6379)\n',
        "server/appsrv_pkg/sandbox_lib.py": ('import socket\n\n\ndef probe():\n'
                                            '    socket.create_connection(("127.0.0.1", 8443))\n\n\nprobe()\n'),
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_file_the_console_script_does_not_import_is_not_judged(tmp_path):
    assert findings(tmp_path, "def main():\n    print('worker')\n") == []


def test_what_the_console_script_imports_is_judged(tmp_path):
    assert findings(tmp_path, "from appsrv_pkg import cache\n\n\ndef main():\n    print(cache.client)\n") \
        == [("cache.py", "DW101")]
