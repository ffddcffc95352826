"""A branch on a flag field of a settings instance runs only where that field's value takes it.
``conf = LocalConf()`` then ``if not conf.local: conf = RemoteConf()``, with the settings class
``LocalConf`` binding ``local = True`` in its body (a pydantic field, read from the ``LOCAL``
variable where the container sets it), never builds ``RemoteConf`` in a container that leaves
``LOCAL`` unset: the address ``RemoteConf`` holds is dialled nowhere there.  Where the flag is
``False``, or the service sets ``LOCAL=false``, the branch runs and the address is judged."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONF = ('from pydantic import BaseSettings\n\n\n'
        'class RemoteConf(BaseSettings):\n'
        '    local = False\n'
        '    store_url: str = "postgresql://keeper@host.docker.internal:5432/ledger"\n\n\n'
        'class LocalConf(RemoteConf):\n'
        '    local = {flag}\n'
        '    store_url: str = "sqlite:///ledger.db"\n')

STORE = ('from sqlalchemy import create_engine\n\n'
         'from options import LocalConf, RemoteConf\n\n'
         'conf = LocalConf()\n'
         'if not conf.local:\n'
         '    conf = RemoteConf()\n\n'
         'engine = create_engine(conf.store_url)\n')

APP = ('from fastapi import FastAPI\n\n'
       'from store import engine\n\n'
       'app = FastAPI()\n')


def _lines(tmp_path, flag: str, env: str = "") -> list[tuple[str, int]]:
    make(tmp_path, {
        "options.py": CONF.format(flag=flag),
        "store.py": STORE,
        "main.py": APP,
        "Dockerfile": ('FROM python:3.11-slim\nWORKDIR /srv\nCOPY . .\n'
                       'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]\n'),
        "compose.yaml": "services:\n  api:\n    build: .\n    ports: ['8000:8000']\n" + env,
    }, git=True)
    return sorted((f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active
                  if f.span.path == "options.py")


def test_the_class_the_flag_never_builds_is_dialled_nowhere(tmp_path):
    assert _lines(tmp_path, "True") == []


def test_a_flag_that_takes_the_branch_keeps_the_address_judged(tmp_path):
    got = _lines(tmp_path, "False")
    assert [line for _, line in got] == [6]


def test_the_service_turning_the_flag_off_keeps_it_judged(tmp_path):
    got = _lines(tmp_path, "True", env="    environment:\n      LOCAL: 'false'\n")
    assert [line for _, line in got] == [6]
