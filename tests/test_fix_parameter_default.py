"""A loopback URL written as a function's parameter default is every caller's default, host-side
users of the library included: its fix is unsafe.  The same URL as the container's own
module constant keeps a safe fix."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.fix.plan import attach_fixes

COMPOSE = """\
services:
  api:
    build: .
    command: python -m app.main
"""

AS_PARAMETER = """\
from openai import OpenAI


class Embedder:
    def __init__(self, base_url="http://localhost:1234/v1"):
        self.client = OpenAI(base_url=base_url)


EMBEDDER = Embedder()
"""

AS_CONSTANT = """\
from openai import OpenAI

BASE_URL = "http://localhost:1234/v1"
CLIENT = OpenAI(base_url=BASE_URL)
"""


def _fixes(tmp_path: Path, module: str) -> list[tuple[str, str | None]]:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nCOPY . /app\nWORKDIR /app\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "main.py").write_text(module)
    result = attach_fixes(run_check([tmp_path], Config(cache=False)))
    return [(f.code, f.fix.applicability if f.fix else None) for f in result.findings]


@pytest.mark.parametrize("module, applicability", [(AS_PARAMETER, "unsafe"), (AS_CONSTANT, "safe")])
def test_parameter_default_fix_is_unsafe(tmp_path, module, applicability):
    assert _fixes(tmp_path, module) == [("DW101", applicability)]


@pytest.mark.parametrize("source, inside", [
    ('def f(url="http://localhost:1/"):\n    pass\n', True),
    ('class C:\n    async def f(\n        self,\n        url: str = "http://localhost:1/",\n    ):\n        pass\n', True),
    ('def f(opts=dict(url="http://localhost:1/")):\n    pass\n', True),
    ('def f(a):\n    return a\n\n\nURL = "http://localhost:1/"\n', False),
    ('def f(a="(x"):\n    return g("http://localhost:1/")\n', False),
    ('URL = "http://localhost:1/"\n', False),
])
def test_in_parameter_default(source, inside):
    from dockwise.fix.plan import _in_parameter_default

    assert _in_parameter_default(source, source.index("localhost")) is inside
