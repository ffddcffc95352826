"""A setting the code replaces with the environment variable of the same name
(``config["X"] = get_config("X", config=config)``, the helper reading ``os.environ[key]``
first) has its module value as that variable's default: a service that sets the variable
never dials it; one that does not still does."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.flow import Flow
from dockwise.knowledge import default_knowledge

from tests.conftest import make

K = default_knowledge()

SETTINGS = 'SQLALCHEMY_DATABASE_URI = "postgresql://localhost:5432/app"\n'
HELPER = ("import os\n\n\ndef get_config(key, default=None, config=None):\n"
          "    if key in os.environ:\n        return os.environ[key]\n    return config.get(key, default)\n")
APP = ("from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n"
       "from pkg.helpers import get_config\n\n"
       "app = Flask(__name__)\napp.config.from_object('pkg.settings')\n"
       "app.config['SQLALCHEMY_DATABASE_URI'] = get_config('SQLALCHEMY_DATABASE_URI', config=app.config)\n"
       "db = SQLAlchemy(app)\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0')\n")


def fallbacks(files: dict[str, str]) -> tuple[str, ...]:
    return Flow(K, files.get, files).of("pkg/settings.py", 1, 28).fallbacks


def test_setting_replaced_through_an_environment_first_helper():
    files = {"pkg/settings.py": SETTINGS, "pkg/helpers.py": HELPER, "pkg/__init__.py": "", "app.py": APP}
    assert fallbacks(files) == ("SQLALCHEMY_DATABASE_URI",)


def test_setting_replaced_by_a_plain_environment_read():
    app = APP.replace("get_config('SQLALCHEMY_DATABASE_URI', config=app.config)",
                      "os.environ.get('SQLALCHEMY_DATABASE_URI', app.config['SQLALCHEMY_DATABASE_URI'])")
    files = {"pkg/settings.py": SETTINGS, "pkg/__init__.py": "", "app.py": "import os\n" + app}
    assert fallbacks(files) == ("SQLALCHEMY_DATABASE_URI",)


def test_a_helper_that_does_not_read_the_environment_is_no_override():
    helper = "def get_config(key, default=None, config=None):\n    return config.get(key, default)\n"
    files = {"pkg/settings.py": SETTINGS, "pkg/helpers.py": helper, "pkg/__init__.py": "", "app.py": APP}
    assert fallbacks(files) == ()


def _project(tmp_path: Path, env_line: str) -> list[str]:
    root = make(tmp_path, {
        "pkg/__init__.py": "", "pkg/settings.py": SETTINGS, "pkg/helpers.py": HELPER, "app.py": APP,
        "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
        "compose.yaml": ("services:\n  web:\n    build: .\n    environment:\n"
                         f"      {env_line}\n  db:\n    image: postgres:16\n"),
    }, git=True)
    return [f.code for f in run_check([root], Config(cache=False)).active]


def test_service_that_sets_the_variable_does_not_dial_the_default(tmp_path):
    assert _project(tmp_path, "SQLALCHEMY_DATABASE_URI: postgresql://db:5432/app") == []


def test_service_that_leaves_it_unset_dials_the_default(tmp_path):
    assert _project(tmp_path, "OTHER: x") == ["DW101"]
