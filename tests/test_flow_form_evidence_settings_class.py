"""An address whose own form is the evidence (a Docker host alias, a service of the layout
with its port) is a target wherever it is written, but a field of a class of plain settings is
read only where the app loads that class: ``app.config.from_object(os.environ["APP_CFG"])``
with the service's environment naming another class never reads it.  Held back as a sink in
such a class already is; still reported where the class is named in code, by the
environment, or has methods and a base from elsewhere (a class a framework may use without naming
it; one whose lineage lies wholly in its module is held back like a plain one)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = """\
class Base:
    TRACK = False


class LaptopConfig(Base):
    STORE_URI = "mysql://u:p@host.docker.internal:3306/shop"


class ClusterConfig(Base):
    STORE_URI = "mysql://u:p@warehouse:3306/shop"
"""
FACTORY = """\
import os

from flask import Flask


def build():
    app = Flask(__name__)
    app.config.from_object({choice})
    return app
"""


def _codes(tmp_path: Path, choice: str, env: str, config: str = CONFIG) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  warehouse:\n    image: mysql:8\n"
                         f"  shop:\n    build: .\n    environment:\n      - {env}\n"),
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "serve.py"]\n',
        "serve.py": "from factory import build\n\napp = build()\n",
        "factory.py": "import settings\n" + FACTORY.format(choice=choice),
        "settings.py": config,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_host_alias_in_a_class_nothing_loads_is_not_reported(tmp_path):
    assert _codes(tmp_path, 'os.environ["APP_CFG"]', "APP_CFG=settings.ClusterConfig") == []


def test_the_class_the_environment_names_is_reported(tmp_path):
    found = _codes(tmp_path, 'os.environ["APP_CFG"]', "APP_CFG=settings.LaptopConfig")
    assert found == [("settings.py", 6, "DW106")]


def test_the_class_the_code_names_is_reported(tmp_path):
    found = _codes(tmp_path, '"settings.LaptopConfig"', "TZ=UTC")
    assert found == [("settings.py", 6, "DW106")]


def test_a_class_with_methods_is_not_held_back(tmp_path):
    # a base from elsewhere: a framework may find and use it without its name being written
    config = "from plugins import Plugin\n" + CONFIG.replace(
        "class LaptopConfig(Base):\n", "class LaptopConfig(Base, Plugin):\n    def describe(self):\n        return 'laptop'\n\n")
    found = _codes(tmp_path, 'os.environ["APP_CFG"]', "APP_CFG=settings.ClusterConfig", config)
    assert [(p, c) for p, _, c in found] == [("settings.py", "DW106")]


def test_a_class_with_methods_of_its_module_s_lineage_is_held_back(tmp_path):
    # only code naming it builds or loads it (astfacts.closed_class), like its settings fields' sinks
    config = CONFIG.replace("class LaptopConfig(Base):\n",
                            "class LaptopConfig(Base):\n    def describe(self):\n        return 'laptop'\n\n")
    for sub, (env, expected) in {"a": ("APP_CFG=settings.ClusterConfig", []),
                                 "b": ("APP_CFG=settings.LaptopConfig", ["DW106"])}.items():
        (tmp_path / sub).mkdir()
        found = _codes(tmp_path / sub, 'os.environ["APP_CFG"]', env, config)
        assert [c for _, _, c in found] == expected
