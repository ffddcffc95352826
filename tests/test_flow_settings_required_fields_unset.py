"""A pydantic settings class with a required field (``service_title: str``, no default) cannot
be built where the container's environment leaves that field's variable unset: ``Settings()``
raises a validation error before anything dials, so the class's other defaults
(``db_host: str = "localhost"``) reach no client there.  A base Compose file whose service
gets its environment only from overlays (``-f compose.yaml -f deploy/dev.yaml``) is such a
container.  Where the environment sets every required variable, the default is dialled and
judged as before; a class that reads a dotenv file, or a construction that passes keyword
arguments, may fill the field, and keeps it judged too."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_CONF = '''from pydantic_settings import BaseSettings


class Conf(BaseSettings@OPTIONS@):
    service_title: str
    signing_key: str
    db_host: str = "localhost"
    db_port: int = 5432
'''

_APP = '''from fastapi import FastAPI
from sqlalchemy import create_engine

from ledger.conf import Conf


def load(**extra):
    return Conf(**extra)


def build(**extra) -> FastAPI:
    conf = load(**extra)
    engine = create_engine(f"postgresql://ledger:pw@{conf.db_host}:{conf.db_port}/ledger")
    api = FastAPI()
    api.state.engine = engine
    return api


app = build(@ARGS@)
'''


def _layout(tmp_path: Path, environment: str, options: str = "", args: str = "",
            conf_extra: str = "") -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": (
            "services:\n"
            "  api:\n    build: .\n    command: uvicorn ledger.main:app --host 0.0.0.0\n" + environment +
            "  store:\n    image: postgres:16\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "ledger/__init__.py": "",
        "ledger/conf.py": ("import functools\n\nfrom sqlalchemy import create_engine\n" if conf_extra else "")
        + _CONF.replace("@OPTIONS@", options) + conf_extra,
        "ledger/main.py": _APP.replace("@ARGS@", args),
    }, git=True)
    return sorted((f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_default_of_a_settings_class_that_cannot_be_built_is_silent(tmp_path: Path):
    # no variable at all: `Conf()` fails on `service_title` and `signing_key`
    assert _layout(tmp_path, "") == []


def test_one_required_variable_missing_is_enough(tmp_path: Path):
    env = "    environment:\n      SERVICE_TITLE: ledger\n"
    assert _layout(tmp_path, env) == []


def test_default_is_judged_where_every_required_variable_is_set(tmp_path: Path):
    env = "    environment:\n      SERVICE_TITLE: ledger\n      signing_key: s3cret\n"
    assert _layout(tmp_path, env) == [("DW101", 7)]


def test_a_dotenv_file_the_class_reads_may_fill_the_field(tmp_path: Path):
    assert _layout(tmp_path, "", options=', env_file=".env"') == [("DW101", 7)]


def test_keyword_arguments_of_a_construction_may_fill_the_field(tmp_path: Path):
    args = 'service_title="ledger", signing_key="k"'
    assert _layout(tmp_path, "", args=args) == [("DW101", 7)]



def test_a_class_handed_on_may_be_built_with_its_fields(tmp_path: Path):
    # `partial(Conf, ...)` gives the required fields: the bare `Conf()` is not the only way
    # the class is built, and the default stays judged
    extra = ("\n\nmake_conf = functools.partial(Conf, service_title=\"x\", signing_key=\"k\")\n"
             "remote = create_engine(f\"postgresql://ledger:pw@{make_conf().db_host}:5432/ledger\")\n")
    assert ("DW101", 10) in _layout(tmp_path, "", conf_extra=extra)
