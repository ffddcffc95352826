"""A variant Compose file in a subdirectory written as an overlay for a project elsewhere.

``deploy/proxy/compose.override.proxy.yml`` attaches its service to a network only the root
project declares: it is run as ``docker compose -f ../../compose.yaml -f
compose.override.proxy.yml`` (its own comment or README says so), not alone.  That is no
error line for valid input.  A network that no Compose file of the tree declares is still an
error."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ROOT = ("services:\n"
        "  api:\n    image: example/api:1\n    networks: [edge]\n"
        "networks:\n  edge:\n")


def overlay(network: str) -> str:
    return f"services:\n  proxy:\n    image: nginx:1.27\n    networks: [{network}]\n"


def errors(tmp_path, files):
    make(tmp_path, files, git=True)
    return [e.message for e in run_check([tmp_path], Config(cache=False)).errors]


def test_an_overlay_on_a_network_another_directory_declares_is_no_error(tmp_path):
    files = {"compose.yaml": ROOT, "deploy/proxy/compose.override.proxy.yml": overlay("edge")}
    assert errors(tmp_path, files) == []


def test_an_overlay_on_a_network_declared_nowhere_is_still_an_error(tmp_path):
    files = {"compose.yaml": ROOT, "deploy/proxy/compose.override.proxy.yml": overlay("edgee")}
    assert errors(tmp_path, files) == ["service 'proxy' uses undefined network 'edgee'"]


def test_a_base_file_on_a_network_only_another_directory_declares_is_still_an_error(tmp_path):
    # a directory's own compose.yaml is run alone there: nothing says it is an overlay
    files = {"compose.yaml": ROOT, "deploy/proxy/compose.yaml": overlay("edge")}
    assert errors(tmp_path, files) == ["service 'proxy' uses undefined network 'edge'"]
