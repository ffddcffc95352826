"""A Flask app factory may load the settings class a variable names:
``app.config.from_object(os.environ["APP_SETTINGS"])`` with ``APP_SETTINGS=
project.config.DevelopmentConfig`` in the service's environment (the layout of many Flask
tutorials).  Flask imports the dotted name (werkzeug's ``import_string``, which takes
``module:Class`` too), so the container runs that module, and the class's values reach
``current_app.config[...]``.  A value of the class the variable names is dialled there; a value
of another class, or of any class where the variable is unset or its value is not known (an
``env_file`` the tree lacks), is no evidence (``runs/envimports.env_named_objects``,
``flow/configkeys.env_named_loads``, the ``known`` gate of ``flow/gates.py``)."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('class Common:\n'
            '    TESTING = False\n\n\n'
            'class LocalSettings(Common):\n'
            '    STOCK_URL = "http://localhost:7300"\n\n\n'
            'class DeploySettings(Common):\n'
            '    STOCK_URL = "http://stock:7300"\n')

FACTORY = ('import os\n'
           'from flask import Flask\n'
           '{imports}'
           'from inventory.views import pages\n\n\n'
           'def create_app():\n'
           '    app = Flask(__name__)\n'
           '{load}'
           '    app.register_blueprint(pages)\n'
           '    return app\n')

VIEWS = ('import requests\n'
         'from flask import Blueprint, current_app\n\n'
         'pages = Blueprint("pages", __name__)\n\n\n'
         '@pages.route("/levels")\n'
         'def levels():\n'
         '    reply = requests.get(current_app.config["STOCK_URL"] + "/levels", timeout=5)\n'
         '    return {"ok": reply.ok}\n')

BY_SUBSCRIPT = '    app.config.from_object(os.environ["INVENTORY_SETTINGS"])\n'
BY_LOCAL_NAME = ('    chosen = os.getenv("INVENTORY_SETTINGS")\n'
                 '    app.config.from_object(chosen)\n')


def _findings(tmp_path, load: str, environment: str, imports: str = "") -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "inventory/__init__.py": FACTORY.format(load=load, imports=imports),
        "inventory/settings.py": SETTINGS,
        "inventory/views.py": VIEWS,
        "wsgi.py": "from inventory import create_app\n\napp = create_app()\n",
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install flask gunicorn requests\n"
                       'CMD ["gunicorn", "-b", "0.0.0.0:8000", "wsgi:app"]\n'),
        "compose.yaml": ("services:\n  web:\n    build: .\n    ports: ['8000:8000']\n" + environment
                         + "  stock:\n    image: nginx:1.27\n"),
    }, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


LOCAL = [("inventory/settings.py", 6, "DW101")]


@pytest.mark.parametrize("load", [BY_SUBSCRIPT, BY_LOCAL_NAME], ids=["environ-subscript", "local-name"])
@pytest.mark.parametrize("value", ["inventory.settings.LocalSettings", "inventory.settings:LocalSettings"],
                         ids=["dotted", "colon"])
def test_the_class_the_variable_names_is_loaded(tmp_path, load, value):
    environment = f"    environment:\n      INVENTORY_SETTINGS: {value}\n"
    assert _findings(tmp_path, load, environment) == LOCAL


# the settings module imported by name as well: the container runs it whatever the variable
# says, and only the class the variable names is loaded into the config mapping
IMPORTED = ["", "from inventory.settings import Common  # noqa: F401\n"]


@pytest.mark.parametrize("imports", IMPORTED, ids=["named-only", "imported"])
def test_another_class_named_dials_nothing_of_this_one(tmp_path, imports):
    environment = "    environment:\n      INVENTORY_SETTINGS: inventory.settings.DeploySettings\n"
    assert _findings(tmp_path, BY_SUBSCRIPT, environment, imports) == []


@pytest.mark.parametrize("imports", IMPORTED, ids=["named-only", "imported"])
def test_the_variable_unset_loads_no_class(tmp_path, imports):
    assert _findings(tmp_path, BY_LOCAL_NAME, "", imports) == []


@pytest.mark.parametrize("imports", IMPORTED, ids=["named-only", "imported"])
def test_a_value_the_tree_does_not_hold_is_no_evidence(tmp_path, imports):
    # the env_file is not in the tree: which class the variable names is not known
    environment = "    env_file: [deploy/inventory.env]\n"
    assert _findings(tmp_path, BY_SUBSCRIPT, environment, imports) == []
