"""A null value in a later Compose file leaves the earlier file's value in place, as
compose-go's merge does: a service declared with an empty body in an overlay
(``mq:``) keeps the base's image and networks instead of losing them (which made a
code that dials it look unable to resolve it). Replaced attributes (``command: null``)
are still reset."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.compose import load_compose
from dockwise.layout.merge import keyed_entries
from dockwise.layout.yaml_nodes import YMap
from tests.conftest import make
from tests.test_compose_loader import reader

BASE = """services:
  mq:
    image: rabbitmq:3
    networks: [back]
  app:
    build: .
    command: python app.py
    networks: [back]
networks:
  back:
"""


def _services(over: str):
    files = {"compose.yaml": BASE, "o.yaml": over}
    model = load_compose(["compose.yaml", "o.yaml"], read=reader(files), project_dir="")
    assert model.errors == []
    return model.services


def test_null_service_in_overlay_keeps_the_base_service():
    mq = _services("services:\n  mq:\n")["mq"]
    assert isinstance(mq, YMap)
    assert mq.items["image"].value == "rabbitmq:3"
    assert [n.value for n in mq.items["networks"].items] == ["back"]


def test_null_attribute_keeps_the_base_value_but_resets_a_replaced_one():
    app = _services("services:\n  app:\n    networks:\n    command:\n")["app"]
    assert [n.value for n in app.items["networks"].items] == ["back"]
    assert app.items["command"].value is None


def test_overlay_with_an_empty_service_finds_no_unreachable_service(tmp_path: Path):
    make(tmp_path, {
        "compose.yaml": BASE.replace("command: python app.py", "environment:\n      - BROKER=amqp://u:p@mq:5672/"),
        "compose-ext.yml": "services:\n  mq:\n  app:\n    environment:\n      - BROKER=amqp://u:p@mq:5672/\n",
        "Dockerfile": "FROM python:3.12\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
        "app.py": "import os\n",
    }, git=True)
    assert [f.code for f in run_check([tmp_path], Config(cache=False)).active] == []


def test_a_null_environment_entry_still_wins_over_the_earlier_value():
    files = {
        "compose.yaml": 'services:\n  web:\n    image: x\n    environment:\n      A: "1"\n      B: "2"\n',
        "o.yaml": "services:\n  web:\n    environment:\n      A:\n",
    }
    model = load_compose(["compose.yaml", "o.yaml"], read=reader(files), project_dir="")
    env = {k: getattr(v, "value", None) for k, v, _, _ in keyed_entries(model.services["web"].items["environment"])}
    assert env == {"A": None, "B": "2"}  # `A:` passes the variable on from the shell: no value here
