"""Modules named by strings: which of them a container imports (dockwise.runs).

A dotted string naming a project module is followed as an import (frameworks import modules
by name), except where the code itself says the module is not imported: the string is only
the default of an environment variable the container sets, or it is only compared."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.runs.scan import ModuleScan, scan_module

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
LOCAL_DB = ('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", '
            '"HOST": "localhost", "PORT": 5432}}\n')


def flagged(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def _site(environment: str, wsgi: str) -> dict[str, str]:
    return {
        "compose.yaml": ("services:\n  web:\n    build: .\n    command: gunicorn site_a.wsgi:application\n"
                         f"    environment:\n{environment}      DB: db\n  db:\n    image: postgres:16\n"),
        "Dockerfile": DOCKERFILE,
        "site_a/__init__.py": "",
        "site_a/wsgi.py": "import os\n" + wsgi + "application = None\n",
        "site_a/conf/__init__.py": "",
        "site_a/conf/local.py": LOCAL_DB,
        "site_a/conf/live.py": ('import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", '
                                '"HOST": os.environ["DB"], "PORT": 5432}}\n'),
    }


def test_scan_tells_env_defaults_and_compared_strings_from_module_names():
    s = scan_module('import os\nos.environ.setdefault("SETTINGS_VAR", "a.local")\n'
                    'M = os.environ.get(\n    "SETTINGS_VAR", "a.dev"\n)\n'
                    'if M == "a.test" or "a.ci" != M:\n    pass\nAPP = "a.urls"\n')
    assert s.dotted == ("a.urls",)
    assert set(s.env_defaults) == {("SETTINGS_VAR", "a.local"), ("SETTINGS_VAR", "a.dev")}
    assert ModuleScan.decode(s.encode()) == s


def test_settings_default_does_not_run_where_the_environment_names_other_settings(tmp_path):
    wsgi = 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_a.conf.local")\n'
    env = "      DJANGO_SETTINGS_MODULE: site_a.conf.live\n"
    assert flagged(tmp_path, _site(env, wsgi)) == []


def test_settings_default_runs_where_the_environment_leaves_it_unset(tmp_path):
    wsgi = 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_a.conf.local")\n'
    assert flagged(tmp_path, _site("", wsgi)) == [("site_a/conf/local.py", 1, "DW101")]


def test_settings_forced_by_the_code_run_whatever_the_environment_says(tmp_path):
    wsgi = 'os.environ["DJANGO_SETTINGS_MODULE"] = "site_a.conf.local"\n'
    env = "      DJANGO_SETTINGS_MODULE: site_a.conf.live\n"
    assert flagged(tmp_path, _site(env, wsgi)) == [("site_a/conf/local.py", 1, "DW101")]


def test_a_settings_name_only_compared_is_not_imported(tmp_path):
    wsgi = ('MODE = os.environ.get("DJANGO_SETTINGS_MODULE")\n'
            'DEBUG = MODE == "site_a.conf.local"\n')
    env = "      DJANGO_SETTINGS_MODULE: site_a.conf.live\n"
    assert flagged(tmp_path, _site(env, wsgi)) == []


# --------------------------------------------------------------------------- plugin loaders

LOOPBACK = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'


def _loader(call: str, extra: str = "") -> dict[str, str]:
    return {
        "compose.yaml": "services:\n  runner:\n    build: .\n    command: python -m jobs.runner\n",
        "Dockerfile": DOCKERFILE,
        "jobs/__init__.py": "",
        "jobs/runner.py": "import importlib\n" + extra + "def load(n):\n    return " + call + "\n",
        "jobs/other_runner.py": LOOPBACK,  # a sibling the loader never names
        "jobs/addons/__init__.py": "",
        "jobs/addons/cache.py": LOOPBACK,
    }


def test_scan_reads_the_package_a_dynamic_import_names_by_template():
    assert scan_module('import_module(f"a.b.{n}")\n').templates == ("a.b",)
    # the rest of a template narrows the package's modules to those it can name
    assert scan_module('import_module(F"a.mod_{n}")\n').templates == ("a.mod_*",)
    assert scan_module('T = "x.y_{id}"\nimport_module(\n    T.format(id=n.get("id"))\n)\n').templates == ("x.y_*",)
    assert scan_module("import_module('a.{}.routes'.format(n))\n").templates == ("a.*.routes",)
    assert scan_module('import_module(f".{n}", __package__)\n').templates == (".",)
    assert scan_module('import_module(n)\n').templates == ("",)


def test_a_loader_importing_from_a_package_made_at_run_time_runs_none_of_its_siblings(tmp_path):
    files = _loader('importlib.import_module(TEMPLATE.format(id=n))', 'TEMPLATE = "fetched.bundle_{id}"\n')
    assert flagged(tmp_path, files) == []


def test_a_loader_naming_a_project_package_runs_that_package(tmp_path):
    files = _loader('importlib.import_module(f"jobs.addons.{n}")')
    assert flagged(tmp_path, files) == [("jobs/addons/cache.py", 2, "DW101")]


def test_a_loader_given_a_module_level_template_runs_that_package(tmp_path):
    # NAME = f"jobs.addons.{x}"; import_module(NAME): the f-string the call is given by name
    assert scan_module('NAME = f"a.b.{x}"\nimport_module(NAME)\n').templates == ("a.b",)
    files = _loader("importlib.import_module(TARGET)", 'KIND = "cache"\nTARGET = f"jobs.addons.{KIND}"\n')
    assert flagged(tmp_path, files) == [("jobs/addons/cache.py", 2, "DW101")]


def test_a_loader_naming_no_package_still_runs_its_siblings(tmp_path):
    files = _loader('importlib.import_module(n)')
    assert flagged(tmp_path, files) == [("jobs/other_runner.py", 2, "DW101")]


def test_a_package_prefix_concatenated_is_a_template_not_a_module_name():
    # `import_module("a.b." + n)` imports a module of package a.b: not the module "a.b."
    scan = scan_module('import_module("a.b." + n)\n')
    assert scan.dynamic and scan.templates == ("a.b",)
    assert all(not ref.module.endswith(".") for ref in scan.imports)
    assert scan_module('import_module("a.b.c")\n').dynamic is False


def test_a_loader_concatenating_a_project_package_runs_that_package(tmp_path):
    files = _loader('importlib.import_module("jobs.addons." + n)')
    assert flagged(tmp_path, files) == [("jobs/addons/cache.py", 2, "DW101")]


def test_a_template_naming_a_module_of_each_subpackage_runs_those_modules_only(tmp_path):
    # `import_module("jobs.{}.routes".format(n))`: the routes module of each subpackage, not
    # every module of `jobs` (a tasks module beside the loader that nothing imports)
    files = _loader("importlib.import_module('jobs.{}.routes'.format(n))")
    files["jobs/addons/routes.py"] = files.pop("jobs/addons/cache.py")
    files["jobs/reports/__init__.py"] = ""
    files["jobs/reports/routes/__init__.py"] = LOOPBACK
    assert flagged(tmp_path, files) == [("jobs/addons/routes.py", 2, "DW101"),
                                        ("jobs/reports/routes/__init__.py", 2, "DW101")]
