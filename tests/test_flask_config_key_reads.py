"""A Flask app loads its settings into ``app.config`` with ``app.config.from_object(...)`` (a
module by its dotted path, or a class: named, picked from a mapping, or an app factory's
parameter default), and reads them back by key anywhere: ``current_app.config["LEDGER_URL"]``,
``app.config.get("LEDGER_URL")``.  A value the loaded module or class binds is dialled where
such a read reaches a client; a class nothing loads, a module the app then overlays with an
operator's file (``app.config.from_envvar("SHOP_CONFIG")``, which may replace any key), or a key
read only to be returned to the browser, dials nothing (``flow/configkeys.py``, rules/flow.yaml
config_loaders, config_overrides, config_lookups)."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MODULE_SETTINGS = ('import os\n\n'
                   'LEDGER_URL = os.environ.get("LEDGER_URL", "http://localhost:7070")\n')
CLASS_SETTINGS = ('import os\n\n\n'
                  'class BaseSettings:\n'
                  '    DEBUG = False\n\n\n'
                  'class LiveSettings(BaseSettings):\n'
                  '    LEDGER_URL = os.environ.get("LEDGER_URL", "http://localhost:7070")\n\n\n'
                  'SETTINGS_BY_NAME = {"live": LiveSettings}\n')

FACTORY = ('import os\n'
           'from flask import Flask\n'
           '{imports}'
           'from shop.views import pages\n\n\n'
           'def create_app({params}):\n'
           '    app = Flask(__name__)\n'
           '    app.config.from_object({loaded})\n'
           '{overlay}'
           '    app.register_blueprint(pages)\n'
           '    return app\n')

DIALLED = ('import requests\n'
           'from flask import Blueprint, current_app\n\n'
           'pages = Blueprint("pages", __name__)\n\n\n'
           '@pages.route("/balance")\n'
           'def balance():\n'
           '    reply = requests.get(current_app.config{read} + "/balance", timeout=5)\n'
           '    return {{"ok": reply.ok}}\n')
RETURNED = ('from flask import Blueprint, current_app\n\n'
            'pages = Blueprint("pages", __name__)\n\n\n'
            '@pages.route("/links")\n'
            'def links():\n'
            '    return {"ledger": current_app.config["LEDGER_URL"]}\n')


def _findings(tmp_path, settings: str, loaded: str, imports: str = "", params: str = "",
              views: str = DIALLED.format(read='["LEDGER_URL"]'), overlay: str = "") -> list[tuple[str, str]]:
    make(tmp_path, {
        "shop/__init__.py": FACTORY.format(imports=imports, params=params, loaded=loaded, overlay=overlay),
        "shop/settings.py": settings,
        "shop/views.py": views,
        "wsgi.py": "from shop import create_app\n\napp = create_app()\n",
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install flask gunicorn requests\n"
                       'CMD ["gunicorn", "-b", "0.0.0.0:8000", "wsgi:app"]\n'),
        "compose.yaml": "services:\n  web:\n    build: .\n    ports: ['8000:8000']\n",
    }, git=True)
    return sorted((f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


HIT = [("shop/settings.py", "DW101")]


def test_a_module_loaded_by_its_dotted_path(tmp_path):
    assert _findings(tmp_path, MODULE_SETTINGS, '"shop.settings"') == HIT


def test_a_module_read_with_get(tmp_path):
    views = DIALLED.format(read='.get("LEDGER_URL")')
    assert _findings(tmp_path, MODULE_SETTINGS, '"shop.settings"', views=views) == HIT


@pytest.mark.parametrize("imports, params, loaded", [
    ("from shop.settings import LiveSettings\n", "", "LiveSettings"),
    ("", "", '"shop.settings.LiveSettings"'),
    ("from shop.settings import SETTINGS_BY_NAME\n", "", 'SETTINGS_BY_NAME[os.getenv("APP_ENV", "live")]'),
    ("from shop.settings import LiveSettings\n", "settings_class=LiveSettings", "settings_class"),
], ids=["named", "dotted-string", "mapping", "factory-default"])
def test_a_class_loaded(tmp_path, imports, params, loaded):
    assert _findings(tmp_path, CLASS_SETTINGS, loaded, imports=imports, params=params) == HIT


def test_a_class_nothing_loads_dials_nothing(tmp_path):
    assert _findings(tmp_path, CLASS_SETTINGS, "BaseSettings", imports="from shop.settings import BaseSettings\n") == []


def test_a_key_only_returned_to_the_browser_dials_nothing(tmp_path):
    assert _findings(tmp_path, MODULE_SETTINGS, '"shop.settings"', views=RETURNED) == []


def test_a_module_overlaid_by_an_operators_file_is_no_evidence(tmp_path):
    overlay = '    app.config.from_envvar("SHOP_CONFIG")\n'
    assert _findings(tmp_path, MODULE_SETTINGS, '"shop.settings"', overlay=overlay) == []
