"""A one-shot setup container beside an object store or broker runs the server's own
command-line client (``mc``, the MinIO client; ``rpk``, ``nats``, ``vault``, ``consul``,
``temporal``/``tctl``, Keycloak's ``kcadm.sh``): a native program that imports none of the
project's modules, also when a setup script of the tree runs it.  Such a container given the
stack's shared ``env_file`` reads none of the project's addresses there (rules/frameworks.yaml
``no_python``); a Python service given the same file still dials them."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = ('import os\n\nfrom celery import Celery\n\n'
       'app = Celery("proj", broker=os.environ["CELERY_BROKER_URL"])\n')


def compose(init_image: str, init_entry: str, web_networks: str = "[back]") -> str:
    return ("services:\n"
            "  web:\n    build: .\n    command: celery -A proj worker\n    env_file: .env\n"
            f"    networks: {web_networks}\n"
            "  mq:\n    image: rabbitmq:3\n    networks: [back]\n"
            "  store:\n    image: minio/minio\n    command: server /data\n"
            f"  bucket-init:\n    image: {init_image}\n    env_file: .env\n"
            "    volumes:\n      - ./deploy/init.sh:/init.sh\n"
            f"    entrypoint: {init_entry}\n"
            "networks:\n  back: {}\n")


def findings(tmp_path: Path, script: str, init_image: str = "minio/mc", init_entry: str = "/init.sh",
             web_networks: str = "[back]") -> list[tuple[str, str, int, tuple[str, ...]]]:
    make(tmp_path, {"compose.yaml": compose(init_image, init_entry, web_networks),
                    "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                    ".env": "CELERY_BROKER_URL=amqp://mq:5672//\n",
                    "proj/__init__.py": "", "proj/celery.py": APP,
                    "deploy/init.sh": script}, git=True)
    return sorted((f.code, f.span.path, f.span.line, tuple(f.services))
                  for f in run_check([tmp_path], Config(cache=False)).active)


MC = "#!/bin/sh\n/usr/bin/mc alias set local http://store:9000 key secret\n/usr/bin/mc mb local/media --ignore-existing\n"


def test_a_minio_client_script_reads_none_of_the_shared_settings(tmp_path):
    assert findings(tmp_path, MC) == []


def test_a_setup_image_running_a_broker_cli_reads_none_either(tmp_path):
    script = "#!/bin/sh\nrpk topic create events --brokers mq:9092\n"
    assert findings(tmp_path, script, init_image="redpandadata/redpanda:v24.1.1") == []


def test_the_python_service_given_the_same_file_is_still_judged(tmp_path):
    assert findings(tmp_path, MC, web_networks="[default]") == [("DW104", ".env", 1, ("web",))]


def test_a_script_that_also_runs_python_keeps_the_shared_settings(tmp_path):
    script = MC + "python -m proj.celery\n"
    assert findings(tmp_path, script) == [("DW104", ".env", 1, ("bucket-init",))]
