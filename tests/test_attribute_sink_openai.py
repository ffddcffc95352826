"""The OpenAI library's module-level client sends its calls to ``openai.base_url`` (1.x) or
``openai.api_base`` (0.x) once the app assigns it (rules/flow.yaml attribute_sinks): a loopback
OpenAI-compatible server there, from a container beside the server's service, is a finding with
that service as the suggestion; the service's name is not."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _found(tmp_path: Path, code: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  bot:\n    build: .\n    command: python -m bot.main\n"
                        "  llm:\n    image: example/openai-server:1\n    expose: [\"8000\"]\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "bot/__init__.py": "",
        "bot/main.py": code,
    }, git=True)
    return [(f.code, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("attribute", ["base_url", "api_base"])
def test_a_loopback_base_is_reported(tmp_path: Path, attribute: str) -> None:
    code = f"import openai\n\nopenai.{attribute} = 'http://localhost:8000/v1'\nprint(openai.models.list())\n"
    assert _found(tmp_path, code) == [("DW101", "llm:8000")]


def test_the_service_name_is_right(tmp_path: Path) -> None:
    code = "import openai\n\nopenai.base_url = 'http://llm:8000/v1'\nprint(openai.models.list())\n"
    assert _found(tmp_path, code) == []
