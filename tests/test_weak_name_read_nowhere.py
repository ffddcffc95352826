"""A Compose value whose host names a service (``SHOP_URL=http://shop:8081``, where ``shop``
publishes ``8081:80``) is a target by its form, but its weak name is read by no library: only
the container's own files can read it.  A container built FROM a bare interpreter image whose
held files, Dockerfile and start command never name the variable, and whose Python reads the
environment by no computed name and starts no program, reads it nowhere: no finding there
(``flow/weakunread.py``).  Code that reads it, a script naming it, a settings loader composing
names from a prefix, an application image, or a strong name keep the finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY agent/ ./agent/\nCMD ["python", "-m", "agent.main"]\n'
MAIN = ('import os\n\nimport requests\n\n'
        'if "API_KEY" not in os.environ:\n    os.environ["API_KEY"] = "dev"\n\n'
        'print(requests.get(os.environ["FEED_URL"]).status_code)\n')


def findings(tmp_path: Path, env: str = "      SHOP_URL: http://shop:8081\n", main: str = MAIN,
             dockerfile: str = DOCKERFILE, extra: dict[str, str] | None = None) -> list[tuple[str, int, str]]:
    compose = ("services:\n"
               "  agent:\n    build: .\n    environment:\n" + env +
               "      FEED_URL: http://shop:8081/feed\n"
               "  shop:\n    image: acme/shop:1.4\n    ports:\n      - \"8081:80\"\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": dockerfile, "agent/__init__.py": "",
                    "agent/main.py": main, **(extra or {})}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_weak_name_nothing_in_the_container_reads_is_no_finding(tmp_path):
    # FEED_URL is read and dialled: its published port stays a finding; SHOP_URL is read nowhere
    assert findings(tmp_path) == [("compose.yaml", 6, "DW103")]


def test_code_that_reads_the_variable_keeps_it(tmp_path):
    main = MAIN + 'print(requests.get(os.environ["SHOP_URL"]).status_code)\n'
    assert findings(tmp_path, main=main) == [("compose.yaml", 5, "DW103"), ("compose.yaml", 6, "DW103")]


def test_a_settings_field_of_that_name_keeps_it(tmp_path):
    extra = {"agent/config.py": "from pydantic_settings import BaseSettings\n\n\n"
                                "class Settings(BaseSettings):\n    shop_url: str = ''\n"}
    assert findings(tmp_path, extra=extra)[0] == ("compose.yaml", 5, "DW103")


def test_a_held_script_naming_it_keeps_it(tmp_path):
    extra = {"agent/sync.sh": '#!/bin/sh\ncurl -s "$SHOP_URL/items"\n'}
    assert findings(tmp_path, extra=extra)[0] == ("compose.yaml", 5, "DW103")


def test_a_start_command_naming_it_keeps_it(tmp_path):
    dockerfile = DOCKERFILE.replace('CMD ["python", "-m", "agent.main"]',
                                    'CMD python -m agent.main --shop "$SHOP_URL"')
    assert findings(tmp_path, dockerfile=dockerfile)[0] == ("compose.yaml", 5, "DW103")


def test_a_settings_loader_composing_names_keeps_it(tmp_path):
    extra = {"agent/config.py": "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"
                                "class Shop(BaseSettings):\n"
                                "    model_config = SettingsConfigDict(env_prefix='SHOP_')\n    url: str = ''\n"}
    assert findings(tmp_path, extra=extra)[0] == ("compose.yaml", 5, "DW103")


def test_a_computed_read_keeps_it(tmp_path):
    main = MAIN + 'for svc in ("SHOP",):\n    print(os.getenv(svc + "_URL"))\n'
    assert findings(tmp_path, main=main)[0] == ("compose.yaml", 5, "DW103")


def test_an_application_base_image_keeps_it(tmp_path):
    # the base image's own program may read a variable the project never names
    dockerfile = DOCKERFILE.replace("FROM python:3.12-slim", "FROM acme/agent-runtime:3")
    assert findings(tmp_path, dockerfile=dockerfile)[0] == ("compose.yaml", 5, "DW103")


def test_a_strong_name_keeps_it(tmp_path):
    env = "      DATABASE_URL: postgresql://shop:8081/app\n"
    assert findings(tmp_path, env=env)[0] == ("compose.yaml", 5, "DW103")
