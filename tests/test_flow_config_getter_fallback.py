"""A literal that stands in for a setting the project's own configuration getter looks up by
name (``config("database") or "postgresql://...@localhost/db"``, or ``url =
get_setting("storage_url")`` then ``if url is None: url = "http://localhost:8000/"``) is the
fallback of an install that left the setting out of its config file or database: what the
operator configures is dialled, as with ``conf.get("database") or ...``.  An environment read
in the same place (``os.getenv``, decouple's ``config``) is still judged against the
service's environment, and a loopback literal dialled as it stands is still found."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

GETTERS = ('import yaml\n\n\n'
           'def config(key):\n'
           '    with open("app.yml") as f:\n'
           '        return yaml.safe_load(f).get(key)\n\n\n'
           'def get_setting(name, default=None):\n'
           '    from models import Setting\n'
           '    row = Setting.objects.filter(name=name).first()\n'
           '    return row.value if row else default\n')


def findings(tmp_path, main: str, env: str = "") -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  api:\n    build: .\n" + env
                         + "  db:\n    image: postgres:16\n  storage:\n    image: nginx:1\n"),
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "appconfig.py": GETTERS,
        "main.py": main,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_or_fallback_of_a_named_setting_lookup_is_not_a_finding(tmp_path):
    main = ('from sqlalchemy import create_engine\n'
            'from appconfig import config\n\n'
            'database = config("database") or "postgresql://app:pw@localhost/app"\n'
            'engine = create_engine(database)\n')
    assert findings(tmp_path, main) == []


def test_the_none_branch_after_a_named_setting_lookup_is_not_a_finding(tmp_path):
    main = ('import requests\n'
            'import appconfig as am\n\n\n'
            'def storage_url():\n'
            '    url = am.get_setting("storage_url", None)\n'
            '    if url is None:\n'
            '        url = "http://localhost:8000/"\n'
            '    return url\n\n\n'
            'requests.get(storage_url())\n')
    assert findings(tmp_path, main) == []


def test_the_fallback_of_an_environment_read_is_still_found(tmp_path):
    main = ('import os\n'
            'from sqlalchemy import create_engine\n\n'
            'database = os.getenv("DATABASE_URL") or "postgresql://app:pw@localhost/app"\n'
            'engine = create_engine(database)\n')
    assert findings(tmp_path, main) == [("main.py", 4, "DW101")]
    assert findings(tmp_path, main, env="    environment:\n      DATABASE_URL: postgresql://app:pw@db/app\n") == []


def test_decouples_config_stays_an_environment_read(tmp_path):
    main = ('from decouple import config\n'
            'from sqlalchemy import create_engine\n\n'
            'database = config("DATABASE_URL") or "postgresql://app:pw@localhost/app"\n'
            'engine = create_engine(database)\n')
    assert findings(tmp_path, main) == [("main.py", 4, "DW101")]


def test_a_loopback_literal_dialled_beside_a_lookup_is_still_found(tmp_path):
    main = ('from sqlalchemy import create_engine\n'
            'from appconfig import config\n\n'
            'echo = config("echo") or False\n'
            'engine = create_engine("postgresql://app:pw@localhost/app", echo=echo)\n')
    assert findings(tmp_path, main) == [("main.py", 5, "DW101")]
