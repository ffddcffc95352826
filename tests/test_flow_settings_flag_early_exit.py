"""A dial that runs only behind a feature flag read through a settings object: ``if not
settings.auth_enabled: return`` before the dial in the same function (an early exit), with ``auth_enabled: bool`` a pydantic field that the service's
environment sets to a word pydantic parses as false (``false``, ``0``, ``no``, ``off``).  The
value's variable is then not dialled in that container.  Where the flag is unset and its
default is on, set to a true word, or where the environment is unknown, the finding stays."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

CONFIG = ("from pydantic_settings import BaseSettings\n\n\n"
          "class Settings(BaseSettings):\n"
          "    auth_enabled: bool = {default}\n"
          '    limit_url: str = "redis://cache:6379/2"\n\n\n'
          "settings = Settings()\n")
BRANCH = ("import redis\n\nfrom svc.config import settings\n\n"
          "if settings.auth_enabled:\n"
          "    redis.Redis.from_url(settings.limit_url).incr('k')\n")
SAME_FUNCTION = ("import redis\n\nfrom svc.config import settings\n\n\n"
                 "def hit(key):\n"
                 "    if not settings.auth_enabled:\n"
                 "        return\n"
                 "    redis.Redis.from_url(settings.limit_url).incr(key)\n\n\n"
                 "hit('k')\n")


def findings(tmp_path: Path, env: str | None, default: str = "False", main: str = SAME_FUNCTION) -> list[tuple[str, int]]:
    service = "  app:\n    build: .\n    command: python -m svc.main\n"
    if env is not None:
        service += "    environment:\n      LIMIT_URL: redis://localhost:6379/2\n" + env
    else:
        service += "    env_file: [settings.env]\n"  # not in the tree: its values unknown
    make(tmp_path, {"compose.yaml": "services:\n" + service + "  cache:\n    image: redis:7\n",
                    "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                    "svc/__init__.py": "", "svc/config.py": CONFIG.format(default=default),
                    "svc/main.py": main}, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active
            if f.span.path == "compose.yaml"]


@pytest.mark.parametrize("word", ["false", "0", "no", "OFF"])
def test_a_dial_after_an_early_exit_on_a_flag_set_off_is_not_dialled(tmp_path, word):
    assert findings(tmp_path, f"      AUTH_ENABLED: \"{word}\"\n") == []


def test_an_if_branch_on_the_flag_set_off_is_not_dialled(tmp_path):
    assert findings(tmp_path, "      AUTH_ENABLED: \"false\"\n", main=BRANCH) == []


def test_the_flag_left_unset_with_its_default_off_is_off(tmp_path):
    assert findings(tmp_path, "") == []


@pytest.mark.parametrize("word", ["true", "1", "yes"])
def test_the_flag_set_on_keeps_the_finding(tmp_path, word):
    assert findings(tmp_path, f"      AUTH_ENABLED: \"{word}\"\n") == [("DW101", 6)]


def test_the_flag_unset_with_its_default_on_keeps_the_finding(tmp_path):
    assert findings(tmp_path, "", default="True") == [("DW101", 6)]
    assert findings(tmp_path, "", default="True", main=BRANCH) == [("DW101", 6)]


def test_an_unknown_environment_keeps_the_finding(tmp_path):
    # the env_file is not in the tree: the flag's value is unknown, the dial may run
    main = SAME_FUNCTION.replace("settings.limit_url", '"redis://localhost:6379/2"')
    make(tmp_path, {"compose.yaml": "services:\n  app:\n    build: .\n    command: python -m svc.main\n"
                                    "    env_file: [settings.env]\n  cache:\n    image: redis:7\n",
                    "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                    "svc/__init__.py": "", "svc/config.py": CONFIG.format(default="False"), "svc/main.py": main},
         git=True)
    got = [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active]
    assert got == [("DW101", "svc/main.py")]


LIMITER = ("import redis\n\nfrom svc.config import settings\n\n\n"
           "def _client():\n"
           "    return redis.Redis.from_url(settings.limit_url)\n\n\n"
           "def check(key):\n"
           "    _client().incr(key)\n")
DEPS = ("from svc.config import settings\n\n\n"
        "def current(key):\n"
        "    if not settings.auth_enabled:\n"
        "        return None\n"
        "    from svc.limiter import check\n"
        "    check(key)\n"
        "    return key\n")
CALLER = "from svc.deps import current\n\ncurrent('k')\n"


def chain_findings(tmp_path: Path, flag: str) -> list[tuple[str, int]]:
    make(tmp_path, {"svc/limiter.py": LIMITER, "svc/deps.py": DEPS})
    return findings(tmp_path, f"      AUTH_ENABLED: \"{flag}\"\n", main=CALLER)


def test_an_early_exit_in_a_caller_turns_the_helper_off(tmp_path):
    # the dial is in a helper that only a function behind the early exit calls (imported there)
    assert chain_findings(tmp_path, "off") == []


def test_the_caller_with_the_flag_on_keeps_the_finding(tmp_path):
    assert chain_findings(tmp_path, "true") == [("DW101", 6)]


def test_a_check_of_required_configuration_that_raises_is_no_switch(tmp_path):
    # `if not settings.auth_enabled: raise` says the flag must be set, as an operator will:
    # the dial after it is judged as if the check passed
    main = SAME_FUNCTION.replace("        return\n", "        raise RuntimeError('set AUTH_ENABLED')\n")
    assert findings(tmp_path, "      AUTH_ENABLED: \"false\"\n", main=main) == [("DW101", 6)]
