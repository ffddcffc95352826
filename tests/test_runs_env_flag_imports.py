"""An import behind a module-level flag that a branch on the environment sets (``if
os.getenv("APP_ENV") == "production": DEBUG = False`` / ``else: DEBUG = True``, then ``if
DEBUG: from .dev import *``), or that is bound once to such a comparison, runs only in a
container whose environment makes the flag true: the dev settings are not followed in a
service that runs in production, and are where the variable leaves the flag true or is
unknown.  A flag a star import above the test may bind again is not known: it gates nothing."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.runs.selectors import gate_allows, selector_gates
from tests.conftest import make

BRANCH_FLAG = ('import os\n\nif os.getenv("APP_ENV") == "production":\n    DEBUG = False\nelse:\n    DEBUG = True\n\n'
               'SECRET_KEY = "x"\n\nif DEBUG == True:\n    from .dev import *\nelse:\n    from .prod import *\n')
COMPARE_FLAG = ('import os\n\nDEBUG = os.getenv("APP_ENV", "dev") != "production"\n\n'
                'if DEBUG:\n    from .dev import *\nelse:\n    from .prod import *\n')
DEV = 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "PORT": 5432}}\n'
PROD = 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db", "PORT": 5432}}\n'


def _flagged(tmp_path: Path, settings: str, app_env: str | None) -> list[tuple[str, tuple[str, ...]]]:
    env = f"      APP_ENV: {app_env}\n" if app_env is not None else ""
    make(tmp_path, {
        "compose.yaml": ("services:\n  web:\n    build: .\n    command: gunicorn proj.wsgi:application\n"
                         "    environment:\n      DJANGO_SETTINGS_MODULE: proj.settings\n" + env
                         + "  db:\n    image: postgres:16\n"),
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\n",
        "proj/__init__.py": "",
        "proj/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
        "proj/settings.py": settings,
        "proj/dev.py": DEV,
        "proj/prod.py": PROD,
    }, git=True)
    return sorted((f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def test_dev_settings_behind_a_flag_the_production_environment_turns_off_are_not_loaded(tmp_path):
    assert _flagged(tmp_path, BRANCH_FLAG, "production") == []


def test_the_dev_settings_stay_loaded_where_the_environment_leaves_the_flag_on(tmp_path):
    assert _flagged(tmp_path, BRANCH_FLAG, "staging") == [("proj/dev.py", ("web",))]


def test_a_flag_bound_to_a_comparison_gates_the_same_way(tmp_path):
    assert _flagged(tmp_path, COMPARE_FLAG, "production") == []


def test_a_flag_bound_to_a_comparison_is_on_by_its_default(tmp_path):
    assert _flagged(tmp_path, COMPARE_FLAG, None) == [("proj/dev.py", ("web",))]


def test_a_star_import_above_the_test_leaves_the_flag_unknown():
    text = "from .base import *\n" + BRANCH_FLAG
    gates = selector_gates(text)
    assert gates == () or all(gate_allows(needs, {"APP_ENV": "production"}) for _, needs in gates)


def test_a_flag_set_in_only_one_arm_gates_nothing():
    text = ('import os\n\nDEBUG = True\nif os.getenv("APP_ENV") == "production":\n    DEBUG = False\n\n'
            'if DEBUG:\n    from .dev import *\n')
    assert all(gate_allows(needs, {"APP_ENV": "production"}) for _, needs in selector_gates(text))
