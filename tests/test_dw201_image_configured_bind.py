"""A server whose default bind the image's own configuration sets to every interface
(``rules/frameworks.yaml`` image_entrypoints binds_every_interface): the Jupyter Docker
Stacks install ``/etc/jupyter/jupyter_server_config.py`` with ``c.ServerApp.ip = ""``, so
``jupyter lab`` started there without ``--ip`` listens on all interfaces, not on localhost.
The same command on another image still binds localhost by default, and a loopback host
written out on the stack image is still a loopback bind."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  lab:
    build: ./lab
    ports: ["8892:8888"]
    command: jupyter lab --NotebookApp.token='' {options}
"""


def _codes(tmp_path: Path, base: str, options: str = "") -> list[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(options=options),
        "lab/Dockerfile": f"FROM {base}\nRUN pip install pandas\n",
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


def test_jupyter_on_a_docker_stacks_image_binds_every_interface(tmp_path):
    assert _codes(tmp_path, "jupyter/tensorflow-notebook:notebook-7.0.6") == []


def test_jupyter_on_a_quay_stacks_image_binds_every_interface(tmp_path):
    assert _codes(tmp_path, "quay.io/jupyter/scipy-notebook:2024-10-14") == []


def test_jupyter_on_a_plain_python_image_still_binds_localhost(tmp_path):
    assert _codes(tmp_path, "python:3.12-slim") == ["DW201"]


def test_a_loopback_ip_written_out_on_a_stacks_image_is_still_flagged(tmp_path):
    assert _codes(tmp_path, "jupyter/scipy-notebook:latest", "--ip=127.0.0.1") == ["DW201"]
