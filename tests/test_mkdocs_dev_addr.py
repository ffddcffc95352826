"""``mkdocs serve`` binds 127.0.0.1:8000 unless ``-a`` or the config file's ``dev_addr``
says otherwise (MkDocs' configuration reference).  A project that sets ``dev_addr:
0.0.0.0:8000`` in its ``mkdocs.yml`` (or the file ``-f`` names) serves its preview on every
interface: no loopback-bind finding.  A config that sets no ``dev_addr``, or a loopback one,
leaves the default, which is reported; ``-a`` on the command line outranks the file."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nRUN pip install mkdocs\nCOPY . /site\nWORKDIR /site\n"


def findings(tmp_path, command: str, files: dict[str, str]):
    compose = f"services:\n  handbook:\n    build: .\n    command: {command}\n    ports: ['8000:8000']\n"
    make(tmp_path, {"docker-compose.yml": compose, "Dockerfile": DOCKERFILE, **files}, git=True)
    return [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active]


def test_dev_addr_on_every_interface_moves_the_default_bind(tmp_path):
    assert findings(tmp_path, "mkdocs serve", {"mkdocs.yml": "site_name: Handbook\ndev_addr: 0.0.0.0:8000\n"}) == []


def test_a_config_without_dev_addr_leaves_the_loopback_default(tmp_path):
    assert findings(tmp_path, "mkdocs serve", {"mkdocs.yml": "site_name: Handbook\n"}) == [
        ("DW201", "docker-compose.yml")]


def test_a_loopback_dev_addr_is_still_loopback(tmp_path):
    assert findings(tmp_path, "mkdocs serve", {"mkdocs.yml": "site_name: Handbook\ndev_addr: 127.0.0.1:8000\n"}) == [
        ("DW201", "docker-compose.yml")]


def test_the_config_file_named_by_f_is_the_one_read(tmp_path):
    files = {"mkdocs.yml": "site_name: Handbook\ndev_addr: 0.0.0.0:8000\n",
             "alt/site.yml": "site_name: Handbook\n"}
    assert findings(tmp_path, "mkdocs serve -f alt/site.yml", files) == [("DW201", "docker-compose.yml")]
    files = {"mkdocs.yml": "site_name: Handbook\n", "alt/site.yml": "site_name: Handbook\ndev_addr: 0.0.0.0:8000\n"}
    assert findings(tmp_path, "mkdocs serve --config-file alt/site.yml", files) == []


def test_a_loopback_dev_addr_option_outranks_the_file(tmp_path):
    files = {"mkdocs.yml": "site_name: Handbook\ndev_addr: 0.0.0.0:8000\n"}
    assert [c for c, _ in findings(tmp_path, "mkdocs serve -a 127.0.0.1:8000", files)] == ["DW201"]
