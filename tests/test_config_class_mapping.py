"""A configuration class named only in a mapping that the code indexes with a key the
container chooses (``config = {"development": DevConfig, ...}``; ``config[FLASK_CONFIG]``):
its settings are read only where a lookup can take its key (``flow/selection.py``).  The key
comes from an environment read (the service's value, else the read's default), a factory's
parameter (its default and what the calls the container runs pass), ``or`` fallbacks and
local names.  Where the key is unknown, or the mapping is used another way, the class may be
loaded and its values are judged as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def _compose(env: str, command: str = "gunicorn wsgi:app -b 0.0.0.0:8000") -> str:
    return f"""\
services:
  web:
    build: .
    command: {command}
    environment:
      DATABASE_URL: postgresql://app:pw@db:5432/app
{env}  db:
    image: postgres:16
"""


# a class of plain settings, and one with an `init_app` hook (both only built by name)
CONFIG = """\
import os


class Config:
    SECRET_KEY = "change-me"

    @staticmethod
    def init_app(app):
        pass


class DevelopmentConfig(Config):
    SQLALCHEMY_DATABASE_URI = "postgresql://app:pw@localhost:5432/dev"


class ProductionConfig(Config):
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")

    @classmethod
    def init_app(cls, app):
        Config.init_app(app)


config = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "default": DevelopmentConfig,
}
"""
# the factory takes the name from its caller
FACTORY = """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

from .config import config

db = SQLAlchemy()


def create_app(config_name):
    app = Flask(__name__)
    app.config.from_object(config[config_name])
    config[config_name].init_app(app)
    db.init_app(app)
    return app
"""
WSGI = """\
import os

from app import create_app

app = create_app(os.getenv("FLASK_CONFIG") or "default")
"""
# the factory reads the environment itself, unless its caller names the configuration
FACTORY_READS = """\
import os

from flask import Flask

from .config import config


def create_app(config_name=None):
    config_name = config_name or os.getenv("FLASK_CONFIG", "default")
    app = Flask(__name__)
    app.config.from_object(config.get(config_name))
    return app
"""


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int]]:
    make(tmp_path, {"Dockerfile": DOCKERFILE, "app/config.py": CONFIG, **files}, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


DEV = [("DW101", "app/config.py", 13)]


def test_the_container_chooses_another_class_through_the_caller(tmp_path):
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n"), "app/__init__.py": FACTORY, "wsgi.py": WSGI}
    assert _findings(tmp_path, files) == []


def test_the_container_chooses_that_class(tmp_path):
    files = {"compose.yaml": _compose("      FLASK_CONFIG: development\n"), "app/__init__.py": FACTORY, "wsgi.py": WSGI}
    assert _findings(tmp_path, files) == DEV


def test_the_variable_unset_takes_the_fallback_key(tmp_path):
    files = {"compose.yaml": _compose(""), "app/__init__.py": FACTORY, "wsgi.py": WSGI}
    assert _findings(tmp_path, files) == DEV


def test_the_factory_reads_the_variable_itself(tmp_path):
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n", 'gunicorn "app:create_app()" -b 0.0.0.0:8000'),
             "app/__init__.py": FACTORY_READS}
    assert _findings(tmp_path, files) == []
    files["compose.yaml"] = _compose("", 'gunicorn "app:create_app()" -b 0.0.0.0:8000')
    assert _findings(tmp_path, files) == DEV


def test_a_call_naming_the_class_loads_it(tmp_path):
    wsgi = "from app import create_app\n\napp = create_app('development')\n"
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n"), "app/__init__.py": FACTORY, "wsgi.py": wsgi}
    assert _findings(tmp_path, files) == DEV


def test_a_key_of_unknown_value_may_take_it(tmp_path):
    wsgi = "import sys\n\nfrom app import create_app\n\napp = create_app(sys.argv[-1])\n"
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n"), "app/__init__.py": FACTORY, "wsgi.py": wsgi}
    assert _findings(tmp_path, files) == DEV


def test_the_mapping_used_another_way_may_load_it(tmp_path):
    factory = FACTORY + "\n\ndef all_configs():\n    return list(config.values())\n"
    wsgi = WSGI + "\nfrom app import all_configs\n\nCONFIGS = all_configs()\n"
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n"), "app/__init__.py": factory, "wsgi.py": wsgi}
    assert _findings(tmp_path, files) == DEV


def test_a_factory_handed_on_is_called_we_do_not_see_how(tmp_path):
    wsgi = "from app import create_app\nfrom somewhere import serve\n\nserve(create_app)\n"
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n"), "app/__init__.py": FACTORY, "wsgi.py": wsgi}
    assert _findings(tmp_path, files) == DEV


def test_a_start_command_passing_the_name_is_not_read(tmp_path):
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n", """gunicorn "app:create_app('development')" -b 0.0.0.0:8000"""),
             "app/__init__.py": FACTORY}
    assert _findings(tmp_path, files) == DEV


def test_a_class_with_methods_whose_lineage_is_its_module_is_held_back_too(tmp_path):
    config = CONFIG.replace('    SQLALCHEMY_DATABASE_URI = "postgresql://app:pw@localhost:5432/dev"\n',
                            '    SQLALCHEMY_DATABASE_URI = "postgresql://app:pw@localhost:5432/dev"\n\n'
                            '    @classmethod\n    def init_app(cls, app):\n        Config.init_app(app)\n')
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n"), "app/__init__.py": FACTORY, "wsgi.py": WSGI,
             "app/config.py": config}
    assert _findings(tmp_path, files) == []
    files["compose.yaml"] = _compose("      FLASK_CONFIG: development\n")
    assert _findings(tmp_path, files) == DEV


def test_a_class_with_a_base_of_another_module_is_not_held_back(tmp_path):
    # a framework may find a subclass of its own base without the name being written
    config = "from framework import Settings\n\n\nclass DevelopmentConfig(Settings):\n" \
             '    SQLALCHEMY_DATABASE_URI = "postgresql://app:pw@localhost:5432/dev"\n\n' \
             "    def init_app(self, app):\n        pass\n"
    app = "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\nfrom . import config\n\n" \
          "db = SQLAlchemy()\napp = Flask(__name__)\ndb.init_app(app)\n"
    files = {"compose.yaml": _compose("", "gunicorn app:app -b 0.0.0.0:8000"), "app/__init__.py": app,
             "app/config.py": config}
    assert _findings(tmp_path, files) == [("DW101", "app/config.py", 5)]


def test_a_mapping_built_with_dict_keywords(tmp_path):
    config = CONFIG.replace('config = {\n    "development": DevelopmentConfig,\n    "production": ProductionConfig,\n'
                            '    "default": DevelopmentConfig,\n}\n',
                            "config = dict(development=DevelopmentConfig, production=ProductionConfig,\n"
                            "              default=DevelopmentConfig)\n")
    assert config != CONFIG
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n"), "app/__init__.py": FACTORY, "wsgi.py": WSGI,
             "app/config.py": config}
    assert _findings(tmp_path, files) == []
    files["compose.yaml"] = _compose("")
    assert _findings(tmp_path, files) == DEV


def test_a_mapping_imported_inside_the_factory(tmp_path):
    factory = FACTORY.replace("from .config import config\n", "").replace(
        "    app = Flask(__name__)\n", "    from .config import config\n\n    app = Flask(__name__)\n", 1)
    assert factory != FACTORY
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n"), "app/__init__.py": factory, "wsgi.py": WSGI}
    assert _findings(tmp_path, files) == []
    files["compose.yaml"] = _compose("")
    assert _findings(tmp_path, files) == DEV


def test_a_parameter_reassigned_in_a_branch_keeps_what_the_caller_passed(tmp_path):
    factory = FACTORY.replace("def create_app(config_name):\n",
                              "def create_app(config_name=None):\n    if config_name is None:\n"
                              "        config_name = os.getenv('FLASK_CONFIG', 'default')\n")
    factory = "import os\n" + factory
    wsgi = "from app import create_app\n\napp = create_app({arg})\n"
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n"), "app/__init__.py": factory,
             "wsgi.py": wsgi.format(arg="")}
    assert _findings(tmp_path, files) == []
    files["wsgi.py"] = wsgi.format(arg="'development'")
    assert _findings(tmp_path, files) == DEV


def test_a_mapping_reached_under_another_name_may_take_any_key(tmp_path):
    # an alias, or the module's attribute: uses not followed
    for sub, factory in {"a": FACTORY.replace("from .config import config\n", "from .config import config as configs\n")
                         .replace("config[config_name]", "configs[config_name]"),
                         "b": FACTORY.replace("from .config import config\n", "from app import config as settings_module\n")
                         .replace("config[config_name]", "settings_module.config['development']")}.items():
        assert factory != FACTORY
        (tmp_path / sub).mkdir()
        files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n"), "app/__init__.py": factory, "wsgi.py": WSGI}
        assert _findings(tmp_path / sub, files) == DEV, sub


def test_a_keyword_only_parameter_takes_what_the_call_passes(tmp_path):
    factory = FACTORY.replace("def create_app(config_name):", "def create_app(*, config_name='production'):")
    assert factory != FACTORY
    wsgi = "from app import create_app\n\napp = create_app(config_name={arg!r})\n"
    files = {"compose.yaml": _compose(""), "app/__init__.py": factory, "wsgi.py": wsgi.format(arg="production")}
    assert _findings(tmp_path, files) == []
    files["wsgi.py"] = wsgi.format(arg="development")
    assert _findings(tmp_path, files) == DEV


# the key held on the application object, set in its constructor
HOLDER = """\
import os

from flask import Flask

from .config import config


class Application:
    _environment: str

    def __init__(self):
        self._environment = os.getenv("FLASK_CONFIG", "default")
        self.flask = Flask(__name__)
        self.flask.config.from_object(config[self._environment])


application = Application()
app = application.flask
"""


def test_a_key_held_on_self(tmp_path):
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n", "gunicorn app:app -b 0.0.0.0:8000"),
             "app/__init__.py": HOLDER}
    assert _findings(tmp_path, files) == []
    files["compose.yaml"] = _compose("", "gunicorn app:app -b 0.0.0.0:8000")
    assert _findings(tmp_path, files) == DEV


def test_a_key_on_self_written_elsewhere_is_unknown(tmp_path):
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n", "gunicorn wsgi:app -b 0.0.0.0:8000"),
             "app/__init__.py": HOLDER.replace("application = Application()\napp = application.flask\n", ""),
             "wsgi.py": "from app import Application\n\napplication = Application()\n"
                        "application._environment = 'development'\napp = application.flask\n"}
    assert _findings(tmp_path, files) == DEV
    # a method's parameter: called we do not see how
    holder = HOLDER.replace("def __init__(self):", "def __init__(self, environment=None):").replace(
        'os.getenv("FLASK_CONFIG", "default")', "environment or os.getenv(\"FLASK_CONFIG\")")
    assert holder != HOLDER
    files = {"compose.yaml": _compose("      FLASK_CONFIG: production\n", "gunicorn app:app -b 0.0.0.0:8000"),
             "app/__init__.py": holder}
    assert _findings(tmp_path, files) == DEV


# the key read from the environment, a parameter as the fallback where it is empty, and a
# property setter that may change it later
HOLDER_FALLBACK = """\
import os

from flask import Flask

from .config import config


class Application:
    def __init__(self, environment="default"):
        self._environment = os.getenv("FLASK_CONFIG")
        if not self._environment:
            self._environment = environment
        self.flask = Flask(__name__)
        self.flask.config.from_object(config[self._environment])

    @property
    def environment(self):
        return self._environment

    @environment.setter
    def environment(self, environment):
        self._environment = environment
        self.flask.config.from_object(config[self._environment])


application = Application()
app = application.flask
"""


def test_a_fallback_under_an_empty_test_and_an_unused_setter_leave_the_environments_key(tmp_path):
    # the container sets the variable (here through its image's ENV): the fallback never runs,
    # and nothing the container runs assigns the property (a comment naming it is no assignment)
    files = {"compose.yaml": _compose("", "gunicorn app:app -b 0.0.0.0:8000"),
             "Dockerfile": DOCKERFILE + "ENV FLASK_CONFIG production\n",
             "app/__init__.py": HOLDER_FALLBACK + "# application.environment = 'default'\n"}
    assert _findings(tmp_path, files) == []


def test_the_fallback_runs_where_the_variable_is_unset(tmp_path):
    files = {"compose.yaml": _compose("", "gunicorn app:app -b 0.0.0.0:8000"), "app/__init__.py": HOLDER_FALLBACK}
    assert _findings(tmp_path, files) == DEV


def test_a_property_assigned_where_the_container_runs_may_take_any_key(tmp_path):
    files = {"compose.yaml": _compose("", "gunicorn wsgi:app -b 0.0.0.0:8000"),
             "Dockerfile": DOCKERFILE + "ENV FLASK_CONFIG production\n",
             "app/__init__.py": HOLDER_FALLBACK,
             "wsgi.py": "from app import application\n\napplication.environment = NAME\napp = application.flask\n"}
    assert _findings(tmp_path, files) == DEV
