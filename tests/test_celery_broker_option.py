"""Celery's global ``--broker`` (``-b``) and ``--result-backend`` write CELERY_BROKER_URL and
CELERY_RESULT_BACKEND into the program's own environment before the app is configured, and the
app reads those variables before its settings: where every Python program a container starts is
given such an option, the broker URL of its environment is dialled nowhere there, whatever its
name says (``rules/commands.yaml`` env_options).  A container started without the option, with
one the shell fills in at run time, or beside another Python program keeps its value judged.

Flower's image runs ``celery flower`` and reads the broker's address from CELERY_BROKER_URL
(``rules/images.yaml`` dials): a loopback broker there is judged, unless its command gives
``--broker``; another address it is handed (the app's database) is still dialled nowhere."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = """\
from celery import Celery

app = Celery("ledger")


@app.task
def settle(batch):
    return len(batch)
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
LOOPBACK = "redis://localhost:6379/0"


def _found(tmp_path: Path, services: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  queue:\n    image: redis:7\n" + services,
        "Dockerfile": DOCKERFILE,
        "ledger.py": APP,
    }, git=True)
    return sorted((f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def _worker(name: str, command: str, broker: str = LOOPBACK) -> str:
    return (f"  {name}:\n    build: .\n    command: {command}\n"
            f"    environment:\n      CELERY_BROKER_URL: {broker}\n")


def test_a_broker_option_replaces_the_environments_url(tmp_path):
    assert _found(tmp_path, _worker("settler", "celery -A ledger --broker=redis://queue:6379/0 worker")) == []


def test_the_short_option_and_its_joined_form_replace_it_too(tmp_path):
    assert _found(tmp_path, _worker("settler", "celery -A ledger -b redis://queue:6379/0 worker")
                  + _worker("closer", "celery -A ledger -bredis://queue:6379/0 worker")) == []


def test_a_worker_without_the_option_still_dials_the_environments_url(tmp_path):
    assert _found(tmp_path, _worker("settler", "celery -A ledger --broker=redis://queue:6379/0 worker")
                  + _worker("closer", "celery -A ledger worker")) == [("DW101", ("closer",))]


def test_an_option_the_shell_fills_in_keeps_the_url_judged(tmp_path):
    assert _found(tmp_path, _worker("settler", "sh -c 'celery -A ledger --broker=$$QUEUE_URL worker'")) \
        == [("DW101", ("settler",))]


def test_another_python_program_of_the_start_keeps_the_url_judged(tmp_path):
    command = "sh -c 'python ledger.py && celery -A ledger -b redis://queue:6379/0 worker'"
    assert _found(tmp_path, _worker("settler", command)) == [("DW101", ("settler",))]


def _flower(command: str | None = None, env: str = f"CELERY_BROKER_URL: {LOOPBACK}") -> str:
    line = f"    command: {command}\n" if command else ""
    return f"  monitor:\n    image: mher/flower:2.0\n{line}    environment:\n      {env}\n"


def test_the_flower_image_dials_the_broker_url_it_is_given(tmp_path):
    assert _found(tmp_path, _flower()) == [("DW101", ("monitor",))]


def test_the_flower_image_told_its_broker_on_the_command_line_does_not(tmp_path):
    assert _found(tmp_path, _flower("celery --broker=redis://queue:6379/0 flower")) == []
    assert _found(tmp_path, _flower("flower --broker=redis://queue:6379/0 --port=5555")) == []


def test_the_flower_image_reads_no_other_address(tmp_path):
    assert _found(tmp_path, _flower(env="DATABASE_URL: postgres://u:p@localhost:5432/ledger")) == []
