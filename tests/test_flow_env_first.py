"""A library that reads an environment variable before the value the code gives it
(``rules/flow.yaml`` env_first): Celery's broker is ``CELERY_BROKER_URL`` where that is set,
whatever ``Celery(broker=...)``, ``app.conf.broker_url`` or a settings module says, and its
result backend ``CELERY_RESULT_BACKEND``.  Where the service leaves the variable unset the
written value is dialled."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CTOR = ('from celery import Celery\n\n'
        'app = Celery("jobs", broker="redis://localhost:6379/0")\n')
CONF = ('from celery import Celery\n\n'
        'app = Celery("jobs")\n'
        'app.conf.broker_url = "amqp://guest@localhost:5672//"\n'
        'app.conf.result_backend = "redis://localhost:6379/1"\n')


def findings(tmp_path, code: str, env: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  worker:\n    build: .\n    command: celery -A jobs worker\n"
                         f"    environment:\n      {env}\n  broker:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n",
        "jobs.py": code,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_constructors_broker_is_not_dialled_where_the_variable_is_set(tmp_path):
    assert findings(tmp_path, CTOR, "CELERY_BROKER_URL: redis://broker:6379/0") == []


def test_the_constructors_broker_is_dialled_where_it_is_not(tmp_path):
    assert findings(tmp_path, CTOR, "OTHER: x") == [("jobs.py", 3, "DW101")]


def test_each_setting_answers_to_its_own_variable(tmp_path):
    # the broker variable set, the result backend's not: only the backend is dialled
    assert findings(tmp_path, CONF, "CELERY_BROKER_URL: redis://broker:6379/0") == [("jobs.py", 5, "DW101")]


def test_both_variables_set_leave_nothing(tmp_path):
    env = "CELERY_BROKER_URL: redis://broker:6379/0\n      CELERY_RESULT_BACKEND: redis://broker:6379/1"
    assert findings(tmp_path, CONF, env) == []


def test_the_variable_read_first_is_itself_dialled(tmp_path):
    # the layout's own CELERY_BROKER_URL, handed to Celery: the value the library reads
    code = 'import os\nfrom celery import Celery\n\napp = Celery("jobs", broker=os.environ["CELERY_BROKER_URL"])\n'
    assert findings(tmp_path, code, "CELERY_BROKER_URL: redis://localhost:6379/0") == [("compose.yaml", 6, "DW101")]
