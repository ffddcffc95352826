"""A model nested in a pydantic settings class (`class Store(BaseModel): host = "localhost"`
held by `class Settings(BaseSettings): store: Store = Store()`) is read two attributes deep,
`settings.store.host`, in another module: that read reaches the client, and the port read
beside it (`settings.store.port`) is the inner field's default.  The default is dead where the
service sets the holding field's variable (JSON, `STORE='{"host": ...}'`) or, where the class
sets `env_nested_delimiter`, the nested one (`STORE__HOST`), and where the holder builds the
model giving the field itself."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = '''from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict


class Store(BaseModel):
    host: str = "localhost"
    port: int = 5432


class Settings(BaseSettings):
    model_config = SettingsConfigDict({delimiter})
    store: Store = {built}
    debug: bool = False


settings = Settings()
'''

MAIN = '''import psycopg
from fastapi import FastAPI

from svc.config import settings

app = FastAPI()


@app.on_event("startup")
def open_pool():
    app.state.conn = psycopg.connect(host=settings.store.host, port=settings.store.port)
'''


def _findings(tmp_path: Path, *, env: str = "", delimiter: str = "", built: str = "Store()",
              main: str = MAIN) -> list[tuple[str, str | None, int | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: uvicorn svc.main:app --host 0.0.0.0\n"
                        + (f"    environment:\n      {env}\n" if env else "")
                        + "  pg:\n    image: postgres:16\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "svc/__init__.py": "",
        "svc/config.py": CONFIG.format(delimiter=delimiter, built=built),
        "svc/main.py": main,
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None, f.suggestion.port if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_nested_field_read_two_attributes_deep_is_dialled(tmp_path: Path) -> None:
    assert _findings(tmp_path) == [("DW101", "pg", 5432)]


def test_the_nested_variable_replaces_the_default_where_a_delimiter_is_set(tmp_path: Path) -> None:
    assert _findings(tmp_path, env="STORE__HOST: pg", delimiter='env_nested_delimiter="__"') == []


def test_without_a_delimiter_the_nested_variable_is_not_read(tmp_path: Path) -> None:
    assert _findings(tmp_path, env="STORE__HOST: pg") == [("DW101", "pg", 5432)]


def test_the_holding_field_read_as_json_replaces_it(tmp_path: Path) -> None:
    assert _findings(tmp_path, env="STORE: '{\"host\": \"pg\"}'") == []


def test_a_holder_that_builds_the_model_with_the_field_given(tmp_path: Path) -> None:
    assert _findings(tmp_path, built='Store(host="pg")') == []


def test_a_field_of_that_name_under_another_holder_is_not_the_read(tmp_path: Path) -> None:
    other = MAIN.replace("settings.store.host", "settings.other.host")
    assert _findings(tmp_path, main=other) == []
