"""A URL of scheme and host only, joined with a port the code gives right after it
(``f"{settings.INDEX_URL}:{settings.INDEX_PORT}"``), is dialled on that port, not on the
scheme's default: the message and the suggestion name it."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONF = ('from pydantic_settings import BaseSettings\n\n\n'
        'class Config(BaseSettings):\n'
        '    INDEX_URL: str = "{url}"\n'
        '    INDEX_PORT: int = 7700\n\n\n'
        'config = Config()\n')
MAIN = ('import requests\nfrom conf import config\n\n\n'
        'def purge(doc_id):\n'
        '    root = f"{config.INDEX_URL}:{config.INDEX_PORT}"\n'
        '    return requests.delete(f"{root}/docs/{doc_id}")\n\n\n'
        'purge("a")\n')


def suggestions(tmp_path, url: str) -> list[tuple[str, int | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  indexer:\n    build: .\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "conf.py": CONF.replace("{url}", url),
        "main.py": MAIN,
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return [(f.code, f.suggestion.port if f.suggestion else None) for f in found]


def test_a_port_appended_to_a_bare_url_is_the_port_dialled(tmp_path):
    assert suggestions(tmp_path, "http://localhost") == [("DW101", 7700)]


def test_a_url_that_already_has_a_path_keeps_its_own_port(tmp_path):
    assert suggestions(tmp_path, "http://localhost/index") == [("DW101", 80)]
