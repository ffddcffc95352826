"""A framework setting that one library reads (rules/flow.yaml ``setting_readers``) is
dialled only where the code searched imports that library: an app that names its own
default ``MONGO_URI`` and reads it itself (here as the fallback of its own ``DATABASE_URL``,
which the service's environment sets) does not make Flask-PyMongo dial it."""
from __future__ import annotations

from dockwise.flow import Flow
from dockwise.knowledge import default_knowledge

K = default_knowledge()

SETTINGS = ('MONGO_URI = "mongodb://localhost:27017/app"\n'
            "DATABASE_URL = MONGO_URI\n")
CONFIG = ("import os\nfrom flask import Config\n\n"
          "def load():\n    config = Config('/')\n    config.from_object('app.settings')\n"
          "    config['DATABASE_URL'] = os.environ.get('DATABASE_URL', config['DATABASE_URL'])\n"
          "    return config\n")


def kinds(files: dict[str, str]) -> list[str]:
    line = SETTINGS.split("\n").index('MONGO_URI = "mongodb://localhost:27017/app"') + 1
    return [s.kind for s in Flow(K, files.get, files).of("app/settings.py", line, 13).sinks]


def test_setting_without_its_reader_library_is_not_a_sink():
    files = {"app/settings.py": SETTINGS, "app/config.py": CONFIG}
    # (read back by its key, `config['DATABASE_URL']`, the value is only the fallback of the
    # app's own DATABASE_URL, which the judge drops where the service sets it: flow/configkeys.py)
    assert kinds(files) == ["env:DATABASE_URL"]


def test_setting_with_its_reader_library_imported_is_a_sink():
    files = {"app/settings.py": SETTINGS, "app/config.py": CONFIG,
             "app/db.py": "from flask_pymongo import PyMongo\nmongo = PyMongo()\n"}
    assert kinds(files) == ["setting MONGO_URI", "env:DATABASE_URL"]


def test_setting_in_a_config_class_follows_the_same_rule():
    cls = 'class Config:\n    MONGO_URI = "mongodb://localhost:27017/app"\n'
    files = {"app/config.py": cls}
    assert [s.kind for s in Flow(K, files.get, files).of("app/config.py", 2, 17).sinks] == []
    files["app/ext.py"] = "import flask_pymongo\n"
    assert {s.kind for s in Flow(K, files.get, files).of("app/config.py", 2, 17).sinks} == {"setting MONGO_URI"}


def test_settings_without_a_named_reader_stay_sinks():
    # Django's own settings need no import test: DATABASES is read by the framework itself
    files = {"proj/settings.py": 'DATABASES = {"default": {"HOST": "localhost"}}\n'}
    r = Flow(K, files.get, files).of("proj/settings.py", 1, 36)
    assert [s.kind for s in r.sinks] == ["setting DATABASES.default.HOST"]
