"""A class whose fields a settings library other than pydantic fills from the environment
(``rules/flow.yaml`` settings_bases: sanic-envconfig's ``EnvConfig`` reads the variable of the
field's own name) holds defaults that are dead where the service sets that variable, as a
``BaseSettings`` field's are.  A plain class of the same shape, whose base the table does not
name, still dials its default."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MAIN = ('import redis\nfrom settings import Settings\n\n'
        'conf = Settings()\n'
        'queue = redis.Redis.from_url(conf.QUEUE_URL)\n')


def findings(tmp_path, settings: str, env: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  jobs:\n    build: .\n" + env + "  cache:\n    image: redis:7\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "settings.py": settings,
        "main.py": MAIN,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


SET = "    environment:\n      QUEUE_URL: redis://cache:6379/2\n"


def test_an_envconfig_default_is_dead_where_the_service_sets_its_variable(tmp_path):
    settings = ('from sanic_envconfig import EnvConfig\n\n\n'
                'class Settings(EnvConfig):\n'
                '    QUEUE_URL: str = "redis://localhost:6379/2"\n')
    assert findings(tmp_path, settings, SET) == []


def test_a_goodconf_default_is_dead_where_the_service_sets_its_variable(tmp_path):
    settings = ('from goodconf import GoodConf\n\n\n'
                'class Settings(GoodConf):\n'
                '    QUEUE_URL: str = "redis://localhost:6379/2"\n')
    assert findings(tmp_path, settings, SET) == []


def test_an_envconfig_default_is_dialled_where_the_variable_is_unset(tmp_path):
    settings = ('from sanic_envconfig import EnvConfig\n\n\n'
                'class Settings(EnvConfig):\n'
                '    QUEUE_URL: str = "redis://localhost:6379/2"\n')
    assert findings(tmp_path, settings, "") == [("settings.py", 5, "DW101")]


def test_a_plain_base_of_another_name_fills_nothing(tmp_path):
    settings = ('class Defaults:\n    pass\n\n\n'
                'class Settings(Defaults):\n'
                '    QUEUE_URL: str = "redis://localhost:6379/2"\n')
    assert findings(tmp_path, settings, SET) == [("settings.py", 6, "DW101")]


def test_a_project_class_named_like_the_library_one_fills_nothing(tmp_path):
    # the dotted table entry names sanic-envconfig's class, not any class called EnvConfig
    settings = ('from appbase import EnvConfig\n\n\n'
                'class Settings(EnvConfig):\n'
                '    QUEUE_URL: str = "redis://localhost:6379/2"\n')
    make(tmp_path, {"appbase.py": "class EnvConfig:\n    pass\n"})
    assert findings(tmp_path, settings, SET) == [("settings.py", 5, "DW101")]
