"""Code that starts a server is told from the project's own code named like a server start.
``self.run(*args, **kwargs)`` in the ``__call__`` of a Celery task class (Flask's documented
``FlaskTask(Task)``) runs the task's body, and a method a class defines itself runs that class's
code (whose own starts are looked for where they are written); a module's own ``class Config``
that its settings classes derive from is no server's ``Config`` (uvicorn's).  A worker whose
code holds only those serves no requests: a route handler's body does not run there."""
from __future__ import annotations

import pytest

from tests.test_handlers_task_runner import _services

FLASK_TASK = """\
from celery import Celery, Task


class FlaskTask(Task):
    def __call__(self, *args, **kwargs):
        with app_context():
            return self.run(*args, **kwargs)


def app_context():
    return open("/dev/null")
"""

OWN_RUN = """\
class Job:
    def run(self):
        return 1

    def __call__(self):
        return self.run()
"""

OWN_CONFIG = """\
class Config:
    DEBUG = False


class ProductionConfig(Config):
    DEBUG = False
"""


@pytest.mark.parametrize("module", [FLASK_TASK, OWN_RUN, OWN_CONFIG])
def test_the_projects_own_names_start_no_server(tmp_path, module):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "extra.py").write_text(module)
    found = _services(tmp_path, "celery -A app.tasks worker", extra_import="from app import extra  # noqa: F401\n")
    assert found == [("DW101", ("web",))]


SERVER_SUBCLASS = """\
from flask import Flask


class App(Flask):
    def serve(self):
        self.run(host="0.0.0.0")


App(__name__).serve()
"""

LIBRARY_CONFIG = """\
import uvicorn
from uvicorn import Config

server = uvicorn.Server(Config("app.main:app", host="0.0.0.0"))
"""


@pytest.mark.parametrize("module", [SERVER_SUBCLASS, LIBRARY_CONFIG])
def test_a_library_server_start_is_still_one(tmp_path, module):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "extra.py").write_text(module)
    found = _services(tmp_path, "celery -A app.tasks worker", extra_import="from app import extra  # noqa: F401\n")
    assert found == [("DW101", ("web", "worker"))]
