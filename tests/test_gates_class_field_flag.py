"""A method's `if self.ON_LAPTOP:` reads the class's own field, bound once in its body to a test
of the environment (`ON_LAPTOP = os.getenv("STAGE") not in ("live", "ci")`): a property that
returns a loopback URL under it, and the service's address otherwise, dials the loopback only
where the service's environment makes the test hold.  A service that sets STAGE=ci runs the
other branch; one that sets nothing still dials the loopback (a true finding); a field some
code rebinds (`self.ON_LAPTOP = ...`) stays unknown."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONF = ('import os\n\n\n'
        'class Conf:\n'
        '    ON_LAPTOP = os.getenv("STAGE") not in ("live", "ci")\n\n'
        '    @property\n'
        '    def STORE_URL(self):\n'
        '        if self.ON_LAPTOP:\n'
        '            return "postgresql://app:pw@localhost:5432/app"\n'
        '        return "postgresql://app:pw@store:5432/app"\n'
        '{extra}\n\n'
        'conf = Conf()\n')


def findings(tmp_path, env: str, extra: str = "") -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  api:\n    build: .\n" + env +
                         "  store:\n    image: postgres:16\n"),
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\nCMD ["gunicorn", "svc.main:app"]\n',
        "svc/__init__.py": "",
        "svc/conf.py": CONF.replace("{extra}", extra),
        "svc/db.py": "from sqlalchemy import create_engine\n\nfrom svc.conf import conf\n\nengine = create_engine(conf.STORE_URL)\n",
        "svc/main.py": "from flask import Flask\n\nfrom svc import db  # noqa\n\napp = Flask(__name__)\n",
    }, git=True)
    return [(f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_environment_turns_the_loopback_branch_off(tmp_path):
    assert findings(tmp_path, "    environment:\n      - STAGE=ci\n") == []


def test_no_setting_leaves_the_loopback_branch_on(tmp_path):
    assert findings(tmp_path, "") == [("svc/conf.py", 10, "DW101")]


def test_a_field_rebound_elsewhere_stays_unknown(tmp_path):
    extra = "\n    def local(self):\n        self.ON_LAPTOP = True\n"
    assert findings(tmp_path, "    environment:\n      - STAGE=ci\n", extra) == [("svc/conf.py", 10, "DW101")]
