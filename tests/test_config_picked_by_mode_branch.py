"""A configuration class returned only under a branch on a mode parameter (``if mode ==
"local": return LocalSettings``) is loaded only where a call of that function may pass the
mode: a command-line option the start command gives (``runner.py -m $RUN_MODE``, the variable
set in the service's environment), a literal, an environment read.  A class no call there
selects is not loaded, and its loopback cache URL is no finding; the class the container's
mode selects keeps its finding, as does every class where the mode is not known."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

SETTINGS = '''class Base:
    CACHE_URL = "redis://kv:6379/0"


class LocalSettings(Base):
    CACHE_URL = "redis://localhost:6379/1"


class LiveSettings(Base):
    CACHE_URL = "redis://localhost:6379/2"


def pick(mode):
    if "local" == mode:
        return LocalSettings
    elif mode == "live":
        return LiveSettings
    raise ValueError(mode)
'''

RUNNER = '''import argparse

import redis

from settings import pick

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-m", "--mode", required=True)
    args = parser.parse_args()
    client = redis.from_url(pick(args.mode).CACHE_URL)
    client.ping()
'''


def _lines(tmp_path: Path, command: str, env: str = "      RUN_MODE: live\n") -> list[int]:
    compose = ("services:\n  kv:\n    image: redis:7\n"
               "  worker:\n    build: .\n" + (f"    environment:\n{env}" if env else ""))
    make(tmp_path, {"compose.yaml": compose,
                    "Dockerfile": f"FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\nCMD {command}\n",
                    "settings.py": SETTINGS, "runner.py": RUNNER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted(f.span.line for f in result.active if f.span.path == "settings.py")


def test_the_mode_from_the_environment_selects_one_class(tmp_path):
    assert _lines(tmp_path, "python runner.py -m $RUN_MODE") == [10]


def test_a_literal_mode_selects_one_class(tmp_path):
    assert _lines(tmp_path, "python runner.py --mode=local", env="") == [6]


def test_an_unknown_mode_may_select_either(tmp_path):
    assert _lines(tmp_path, "python runner.py -m $OTHER_MODE") == [6, 10]


def test_the_interpreters_own_flag_is_no_value_of_the_option(tmp_path):
    # `python -m runner`: `-m` names the module to run, and the script's `--mode` is not given
    assert _lines(tmp_path, "python -m runner", env="") == [6, 10]
