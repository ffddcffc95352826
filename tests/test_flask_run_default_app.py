"""``flask run`` with neither ``--app`` nor ``FLASK_APP`` imports the application Flask looks
for by convention in its working directory: ``wsgi.py``, else ``app.py`` (Flask's CLI,
``rules/commands.yaml`` ``default_apps``).  That module and what it imports run in the
container, so a loopback target there is judged.  Where neither file is there, the command
still runs none of the project's code; where the variable or an option names the app, or a
dotenv file of that directory that the CLI loads may name it (``.flaskenv``), or the service's
environment is not known, the convention says nothing."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  site:
    build: .
{extra}  queue:
    image: redis:7
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD {cmd}\n"
STORE = """\
import redis

broker = redis.Redis(host="127.0.0.1", port=6379)
"""
WEB = """\
from flask import Flask

from store import broker

application = Flask(__name__)


@application.get("/")
def index():
    return str(broker.ping())
"""
RIGHT = """\
import redis

broker = redis.Redis(host="queue", port=6379)
"""


def _findings(tmp_path: Path, files: dict[str, str], cmd: str = '["flask", "run", "--host=0.0.0.0"]',
              extra: str = "") -> list[tuple[str, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(extra=extra), "Dockerfile": DOCKERFILE.format(cmd=cmd),
                    **files}, git=True)
    return sorted((f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active)


def test_app_py_of_the_working_directory_runs(tmp_path):
    assert _findings(tmp_path, {"app.py": WEB, "store.py": STORE}) == [("DW101", "store.py")]


def test_wsgi_py_is_looked_for_first(tmp_path):
    # wsgi.py is the one imported; app.py beside it (a script of its own) is not
    files = {"wsgi.py": WEB.replace("from store", "from good"), "good.py": RIGHT,
             "app.py": "from store import broker\n", "store.py": STORE}
    assert _findings(tmp_path, files) == []
    files["wsgi.py"] = WEB
    assert _findings(tmp_path, files) == [("DW101", "store.py")]


def test_no_conventional_file_runs_nothing(tmp_path):
    assert _findings(tmp_path, {"site.py": WEB, "store.py": STORE}) == []


def test_the_variable_names_another_module(tmp_path):
    extra = "    environment:\n      FLASK_APP: other\n"
    files = {"app.py": WEB, "store.py": STORE, "other.py": "from flask import Flask\napp = Flask(__name__)\n"}
    assert _findings(tmp_path, files, extra=extra) == []


def test_an_option_names_another_module(tmp_path):
    files = {"app.py": WEB, "store.py": STORE, "other.py": "from flask import Flask\napp = Flask(__name__)\n"}
    assert _findings(tmp_path, files, cmd='["flask", "--app", "other", "run", "--host=0.0.0.0"]') == []


def test_a_flaskenv_file_names_the_app_instead(tmp_path):
    files = {"app.py": WEB, "store.py": STORE, ".flaskenv": "FLASK_APP=other\n",
             "other.py": "from flask import Flask\napp = Flask(__name__)\n"}
    assert _findings(tmp_path / "fine", files) == []
    files[".flaskenv"] = "FLASK_APP=portal:create()\n"
    files["portal.py"] = WEB.replace("from store", "from keeper")
    files["keeper.py"] = STORE
    assert _findings(tmp_path / "named", files) == [("DW101", "keeper.py")]


def test_the_env_file_outranks_the_flaskenv_file(tmp_path):
    files = {"app.py": WEB, "store.py": STORE, ".flaskenv": "FLASK_APP=portal.py\n", ".env": "FLASK_APP=other\n",
             "portal.py": WEB, "other.py": "from flask import Flask\napp = Flask(__name__)\n"}
    assert _findings(tmp_path / "both", files) == []
    del files[".env"]
    assert _findings(tmp_path / "flaskenv", files) == [("DW101", "store.py")]


def test_an_env_file_without_the_variable_still_lets_the_convention_apply(tmp_path):
    files = {"app.py": WEB, "store.py": STORE, ".env": "SECRET=1\n"}
    assert _findings(tmp_path, files) == [("DW101", "store.py")]


def test_an_unknown_environment(tmp_path):
    extra = "    env_file: ./deploy/site.env\n"
    assert _findings(tmp_path, {"app.py": WEB, "store.py": STORE}, extra=extra) == []
