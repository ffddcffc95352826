"""A value returned by a property getter (``@property def S3_ENDPOINT_URL(self): return
"http://localhost:4566"``) is the value of every read of that attribute
(``settings.S3_ENDPOINT_URL``): followed from the return to the reads, and from there to the
sink they reach, here s3fs's ``S3FileSystem(endpoint_url=...)`` (``rules/clients.yaml``).  A
property nothing dials, or ``self.<name>`` read in an unrelated class, is no finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n"
           "  api:\n    build: .\n    command: python -m app.main\n"
           "  localstack:\n    image: localstack/localstack:3\n    ports:\n      - \"4566:4566\"\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY app/ ./app/\n"
CONFIG = ("from pydantic_settings import BaseSettings\n\n\n"
          "class Settings(BaseSettings):\n"
          "    bucket: str = \"docs\"\n\n"
          "    @property\n"
          "    def S3_ENDPOINT_URL(self) -> str:\n"
          "        return \"http://localhost:4566\"\n\n\n"
          "settings = Settings()\n")
MAIN = ("import s3fs\n\nfrom app.config import settings\n\n\n"
        "def filesystem():\n"
        "    return s3fs.S3FileSystem(key=\"k\", secret=\"s\", endpoint_url=settings.S3_ENDPOINT_URL)\n\n\n"
        "filesystem().ls(settings.bucket)\n")


def findings(tmp_path: Path, config: str = CONFIG, main: str = MAIN) -> list[tuple[str, int, str, str | None]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/config.py": config, "app/main.py": main}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code, f.suggestion and f"{f.suggestion.host}:{f.suggestion.port}")
                  for f in result.active)


def test_a_property_getters_value_reaches_the_sink_of_its_reads(tmp_path):
    assert findings(tmp_path) == [("app/config.py", 9, "DW101", "localstack:4566")]


def test_a_property_nothing_dials_is_no_finding(tmp_path):
    main = MAIN.replace("endpoint_url=settings.S3_ENDPOINT_URL", 'endpoint_url="http://localstack:4566"') \
        + "print(settings.S3_ENDPOINT_URL)\n"
    assert findings(tmp_path, main=main) == []


def test_the_attribute_of_an_unrelated_class_is_not_the_propertys(tmp_path):
    config = CONFIG + ("\n\nclass Store:\n"
                       "    def __init__(self, S3_ENDPOINT_URL):\n        self.S3_ENDPOINT_URL = S3_ENDPOINT_URL\n\n"
                       "    def fs(self):\n        return s3fs.S3FileSystem(endpoint_url=self.S3_ENDPOINT_URL)\n")
    config = "import s3fs\n" + config
    main = ("from app.config import Store, settings\n\n"
            "print(settings.S3_ENDPOINT_URL)\n"
            "Store(\"http://localstack:4566\").fs()\n")
    assert findings(tmp_path, config=config, main=main) == []


SWITCHED = CONFIG.replace('    bucket: str = "docs"\n', '    bucket: str = "docs"\n    RENDER: bool = False\n') \
    .replace('return "http://localhost:4566"', 'return None if self.RENDER else "http://localhost:4566"')


def compose_with(tmp_path: Path, env: str) -> None:
    (tmp_path / "compose.yaml").write_text(COMPOSE.replace("    command: python -m app.main\n",
                                                          "    command: python -m app.main\n    environment:\n" + env))


def test_a_switch_on_a_settings_flag_runs_where_the_environment_leaves_it_off(tmp_path):
    # `None if self.RENDER else "..."`: RENDER's default (False) takes the loopback branch
    assert findings(tmp_path, config=SWITCHED) == [("app/config.py", 10, "DW101", "localstack:4566")]


def test_a_switch_the_environment_turns_on_is_no_finding(tmp_path):
    findings(tmp_path, config=SWITCHED)
    compose_with(tmp_path, '      RENDER: "true"\n')
    result = run_check([tmp_path], Config(cache=False))
    assert [f.code for f in result.active] == []


def test_a_branch_the_flags_default_does_not_take_is_no_finding(tmp_path):
    config = SWITCHED.replace("RENDER: bool = False", "LOCAL: bool = False") \
        .replace('None if self.RENDER else "http://localhost:4566"', '"http://localhost:4566" if self.LOCAL else None')
    assert findings(tmp_path, config=config) == []


def test_a_configured_value_with_a_loopback_fallback_stays_the_operators(tmp_path):
    # `self.endpoint if self.endpoint else "..."`: the value is configured, the literal a fallback
    config = SWITCHED.replace("RENDER: bool = False", "endpoint: str = ''") \
        .replace('None if self.RENDER else "http://localhost:4566"', 'self.endpoint if self.endpoint else "http://localhost:4566"')
    assert findings(tmp_path, config=config) == []
