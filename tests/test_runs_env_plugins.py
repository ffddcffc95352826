"""A plugin list read from the environment (dockwise.runs.envimports): a loader that imports
``import_module(name)`` for each name of ``os.getenv("PLUGINS", "")`` imports the modules the
variable names, and none where it is unset; the modules beside the loader are not its plugins."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.runs.scan import ModuleScan, scan_module

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
LOOPBACK = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'
LOADER = ('import os\nfrom importlib import import_module\n\n'
          '_PLUGINS = os.getenv("PLUGINS", {default!r})\n'
          'PLUGINS = _PLUGINS.split(",") if _PLUGINS else []\n\n'
          'INSTALLED = []\nfor plugin in PLUGINS:\n    import_module(plugin)\n    INSTALLED.append(plugin)\n')


def flagged(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def _project(environment: str = "", default: str = "", loader: str | None = None) -> dict[str, str]:
    return {
        "compose.yaml": ("services:\n  worker:\n    build: .\n    command: python -m site_b.main\n"
                         + (f"    environment:\n{environment}" if environment else "")),
        "Dockerfile": DOCKERFILE,
        "site_b/__init__.py": "",
        "site_b/main.py": "from site_b.conf import plugins\n",
        "site_b/conf/__init__.py": "",
        "site_b/conf/plugins.py": loader if loader is not None else LOADER.format(default=default),
        "site_b/conf/local_example.py": LOOPBACK,  # beside the loader, never one of its plugins
        "site_b/extra/__init__.py": "",
        "site_b/extra/cache.py": LOOPBACK,
    }


def test_scan_reads_a_plugin_list_from_the_environment():
    s = scan_module(LOADER.format(default="a.b, c"))
    assert s.env_imports == (("PLUGINS", "a.b, c"),)
    assert not s.dynamic
    assert ModuleScan.decode(s.encode()) == s
    comp = scan_module('import os, importlib\n'
                       'for n in [p.strip() for p in os.environ["ADDONS"].split(";")]:\n'
                       '    importlib.import_module(name=n)\n')
    assert comp.env_imports == (("ADDONS", None),) and not comp.dynamic


def test_a_name_from_anything_but_the_environment_stays_discovery():
    # a parameter beside the environment read: the caller may name any module
    s = scan_module('import os\nfrom importlib import import_module\n'
                    'def load(extra):\n    for n in os.getenv("PLUGINS", "").split(",") + extra:\n'
                    '        import_module(n)\n')
    assert s.dynamic and s.env_imports == ()
    listed = scan_module('import os\nfrom importlib import import_module\n'
                         'for f in os.listdir(os.getenv("DIR", ".")):\n    import_module(f[:-3])\n')
    assert listed.dynamic and listed.env_imports == ()


def test_an_unset_plugin_list_imports_nothing(tmp_path):
    assert flagged(tmp_path, _project()) == []


def test_the_plugins_the_service_names_run(tmp_path):
    env = '      PLUGINS: "site_b.extra.cache"\n'
    assert flagged(tmp_path, _project(env)) == [("site_b/extra/cache.py", 2, "DW101")]


def test_the_default_plugins_run_where_the_service_leaves_the_list_unset(tmp_path):
    assert flagged(tmp_path, _project(default="site_b.extra.cache")) == [("site_b/extra/cache.py", 2, "DW101")]


def test_a_loader_of_names_from_elsewhere_still_runs_its_siblings(tmp_path):
    loader = ('import os\nfrom importlib import import_module\n'
              'for f in os.listdir(os.path.dirname(__file__)):\n    import_module(__package__ + "." + f[:-3])\n')
    assert ("site_b/conf/local_example.py", 2, "DW101") in flagged(tmp_path, _project(loader=loader))
