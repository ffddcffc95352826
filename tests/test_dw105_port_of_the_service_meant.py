"""DW105's fix gives the port of the service meant when the written one is not served there.

A misspelt ``schema-registry:8081`` for the ``schemaregistry`` service whose
``SCHEMA_REGISTRY_LISTENERS`` moves its listener to 8085: the image's default port is no
longer served (an image's listeners variable replaces the listener it starts by default), so
the fix must write ``schemaregistry:8085``, not only the name.  Where the service meant
listens on the written port (its default, or one of several), or its port is only its image's
default or a configuration that no ``ports:``/``expose:`` confirms, the port stays.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  monitor:
    image: confluentinc/cp-enterprise-control-center:7.6.0
    environment:
      CONTROL_CENTER_SCHEMA_REGISTRY_URL: "http://schema-registry:{port}"
  schemaregistry:
    image: confluentinc/cp-schema-registry:7.6.0
{environment}
"""


def _found(tmp_path: Path, port: int = 8081, environment: str = ""):
    make(tmp_path, {"compose.yaml": COMPOSE.format(port=port, environment=environment)}, git=True)
    found = [f for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW105"]
    assert len(found) == 1
    return found[0]


LISTENERS = '    environment:\n      SCHEMA_REGISTRY_LISTENERS: "http://0.0.0.0:8085"\n    ports: ["8085:8085"]'


def test_a_listener_moved_elsewhere_moves_the_port(tmp_path):
    found = _found(tmp_path, environment=LISTENERS)
    assert (found.suggestion.host, found.suggestion.port) == ("schemaregistry", 8085)
    assert "listens on 8085, not on 8081" in found.message


def test_the_port_the_service_listens_on_stays(tmp_path):
    found = _found(tmp_path, port=8085, environment=LISTENERS)
    assert (found.suggestion.host, found.suggestion.port) == ("schemaregistry", None)


def test_an_undeclared_listener_leaves_the_port(tmp_path):
    # the listener is configured but no port is declared: the service's ports are not known well enough
    found = _found(tmp_path, environment='    environment:\n      SCHEMA_REGISTRY_LISTENERS: "http://0.0.0.0:8085"')
    assert (found.suggestion.host, found.suggestion.port) == ("schemaregistry", None)


def test_the_image_default_port_stays(tmp_path):
    found = _found(tmp_path)
    assert (found.suggestion.host, found.suggestion.port) == ("schemaregistry", None)
    assert "listens on" not in found.message
