"""A settings module that merges a mapping the code does not spell into its own namespace
(``vars().update(config)`` / ``globals().update(config)``, ``config`` loaded from an operator's
YAML file) may replace any setting it took from a shared module by a star import: the shared
module's value is a default that file configures, not dialled in a container loading it
(``flow/settingsmodule.py``).  So is a replacement made by a module between the loaded one and
the shared one on the star-import chain.  A merge of the environment, of a mapping the code
spells without the setting, a merge in a branch, and a module bringing the shared value back
by a later star import keep the finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  queue:
    image: redis:7
  site:
    build: .
    command: gunicorn lab.wsgi:application
    environment:
      DJANGO_SETTINGS_MODULE: lab.conf.{loaded}
"""
SHARED = """\
SECRET = "x"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}
"""
LOADER = "import yaml\n\nfrom .shared import *\n\nwith open('/etc/lab/lab.yml') as fh:\n    loaded = yaml.safe_load(fh)\n"


def _findings(tmp_path: Path, files: dict[str, str], loaded: str = "cluster") -> list[tuple]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(loaded=loaded),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        "lab/__init__.py": "",
        "lab/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
        "lab/conf/__init__.py": "",
        "lab/conf/shared.py": SHARED,
        **files,
    }, git=True)
    return sorted((f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("merge", [
    "vars().update(loaded)\n",
    "globals().update(loaded)\n",
])
def test_a_merged_config_file_replaces_the_shared_value(tmp_path, merge):
    assert _findings(tmp_path, {"lab/conf/cluster.py": LOADER + merge}) == []


def test_the_merge_inside_the_with_block_counts(tmp_path):
    merged = LOADER.replace("fh)\n", "fh)\n    vars().update(loaded)\n")
    assert _findings(tmp_path, {"lab/conf/cluster.py": merged}) == []


def test_a_merging_module_between_the_loaded_and_the_shared_one_counts(tmp_path):
    files = {"lab/conf/deployed.py": LOADER + "vars().update(loaded)\n",
             "lab/conf/cluster.py": "from .deployed import *\n\nDEBUG = False\n"}
    assert _findings(tmp_path, files) == []


def test_a_plain_replacement_between_the_loaded_and_the_shared_one_counts(tmp_path):
    files = {"lab/conf/deployed.py": 'from .shared import *\n\nCACHES["default"]["LOCATION"] = "redis://queue:6379/0"\n',
             "lab/conf/cluster.py": "from .deployed import *\n\nDEBUG = False\n"}
    assert _findings(tmp_path, files) == []


@pytest.mark.parametrize("cluster", [
    # the environment: only the variables the container sets
    "import os\n\nfrom .shared import *\n\nglobals().update(os.environ)\n",
    # a mapping the code spells, without the setting
    'from .shared import *\n\nvars().update({"DEBUG": False})\n',
    'from .shared import *\n\nEXTRA = {"DEBUG": False}\nvars().update(EXTRA)\n',
    # in a branch: it may not run
    LOADER + "if loaded:\n    vars().update(loaded)\n",
    # the merge comes first, the shared value after it
    LOADER + "vars().update(loaded)\nfrom .shared import *\n",
])
def test_a_merge_that_may_keep_the_shared_value_keeps_the_finding(tmp_path, cluster):
    assert _findings(tmp_path, {"lab/conf/cluster.py": cluster}) == [("lab/conf/shared.py", "DW101")]


def test_a_loaded_module_taking_the_shared_names_again_keeps_the_finding(tmp_path):
    files = {"lab/conf/deployed.py": LOADER + "vars().update(loaded)\n",
             "lab/conf/cluster.py": "from .deployed import *\nfrom .shared import *\n"}
    assert _findings(tmp_path, files) == [("lab/conf/shared.py", "DW101")]


def test_a_module_that_merges_nothing_still_dials_the_shared_value(tmp_path):
    assert _findings(tmp_path, {"lab/conf/cluster.py": LOADER}) == [("lab/conf/shared.py", "DW101")]
