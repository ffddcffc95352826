"""A module-level flag a project helper computes from the environment, ``TIKA_ENABLED =
env_flag("TIKA_ENABLED", "NO")`` with ``def env_flag(key, default="NO"): return
bool(os.getenv(key, default).lower() in ("yes", "1", "true"))``, is the test the helper
returns with the call's literals in place of its parameters: a branch ``if TIKA_ENABLED:``
(an extra app appended to ``INSTALLED_APPS``, a client built) is off in a container whose
environment leaves the variable unset, as the same test written inline already was
(``_cond`` in ``flow/gates.py``).  A service that sets the variable keeps the finding, and a
helper whose parameters the call gives no literal decides nothing."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = (
    "import os\n\nimport redis\n\n\n"
    'def env_flag(key, default="NO"):\n'
    '    """Whether the variable looks true."""\n'
    '    return bool(os.getenv(key, default).lower() in ("yes", "y", "1", "true"))\n\n\n'
    "{flag}\n"
    "if CACHE_ENABLED:\n"
    '    cache = redis.Redis(host="localhost", port=6379)\n'
)


def _flagged(tmp_path: Path, flag: str = 'CACHE_ENABLED = env_flag("CACHE_ENABLED", "NO")', env: str = "") -> list[str]:
    files = {
        "compose.yaml": f"services:\n  app:\n    build: .\n{env}  cache:\n    image: redis:7\n",
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": "import settings\n\nprint(settings)\n",
        "settings.py": SETTINGS.format(flag=flag),
    }
    make(tmp_path, files, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_flag_the_environment_leaves_unset_turns_the_branch_off(tmp_path):
    assert _flagged(tmp_path) == []


def test_the_service_that_sets_the_flag_keeps_the_finding(tmp_path):
    assert _flagged(tmp_path, env="    environment:\n      CACHE_ENABLED: \"yes\"\n") == ["settings.py"]


def test_a_default_that_turns_it_on_keeps_the_finding(tmp_path):
    assert _flagged(tmp_path, flag='CACHE_ENABLED = env_flag("CACHE_ENABLED", "yes")') == ["settings.py"]


def test_a_name_the_call_gives_no_literal_decides_nothing(tmp_path):
    flag = 'KEY = os.environ.get("FLAG_NAME", "CACHE_ENABLED")\nCACHE_ENABLED = env_flag(KEY, "NO")'
    assert _flagged(tmp_path, flag=flag) == ["settings.py"]
