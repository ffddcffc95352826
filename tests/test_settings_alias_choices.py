"""A pydantic settings field read under several names (``validation_alias=AliasChoices("MQ_HOST",
"RABBIT_HOST")``) takes the first of those variables that is set, with no env_prefix: its
default never runs in a service that sets any of them.  Where none is set the default is
dialled, as any settings default.  Kept through the result cache."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('from pydantic import AliasChoices, Field\n'
            'from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n'
            'class Settings(BaseSettings):\n'
            '    model_config = SettingsConfigDict(env_prefix="APP_")\n'
            '    mq_host: str = Field(default="localhost", validation_alias=AliasChoices("MQ_HOST", "RABBIT_HOST"))\n\n\n'
            'settings = Settings()\n')

MAIN = ('import pika\nfrom conf import settings\n\n'
        'conn = pika.BlockingConnection(pika.ConnectionParameters(host=settings.mq_host))\n')


def findings(tmp_path, env: str, cache: bool = False) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  worker:\n    build: .\n    environment:\n      {env}\n  rabbit:\n    image: rabbitmq:3\n",
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nCMD ["python", "main.py"]\n',
        "conf.py": SETTINGS,
        "main.py": MAIN,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=cache)).active]


def test_the_second_alias_set_makes_the_default_dead(tmp_path):
    assert findings(tmp_path, "RABBIT_HOST: rabbit") == []


def test_the_first_alias_set_makes_the_default_dead(tmp_path):
    assert findings(tmp_path, "MQ_HOST: rabbit") == []


def test_the_prefixed_field_name_still_counts(tmp_path):
    # read only with populate_by_name; a service that sets it is not told the default runs
    assert findings(tmp_path, "APP_MQ_HOST: rabbit") == []


def test_no_alias_set_leaves_the_default_dialled(tmp_path):
    assert findings(tmp_path, "OTHER: x") == [("conf.py", 7, "DW101")]


def test_the_aliases_survive_the_result_cache(tmp_path):
    assert findings(tmp_path, "RABBIT_HOST: rabbit", cache=True) == []
    assert findings(tmp_path, "RABBIT_HOST: rabbit", cache=True) == []
