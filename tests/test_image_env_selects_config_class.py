"""A container no Compose service runs (a Dockerfile alone) has an environment ``docker run``
may change, yet its image's own ENV is what the image as built selects by: where the start
command gives a mode option from a variable the image sets (``ARG run_mode=local``, ``ENV
RUN_MODE=$run_mode``, ``CMD python runner.py -m $RUN_MODE``), the class a branch on that mode
returns (``if mode == "local": return LocalSettings``) is the one loaded, and another class's
loopback cache URL is no finding (selecting it is an operator's override).  A call of the
same selector in the body of a factory nothing the container runs calls (``create_app(mode)``
of a web module another image serves) passes nothing there.  The class the image's mode
selects keeps its finding, and an image that sets no mode leaves every class judged."""
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

from web import prepare
from settings import pick

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-m", "--mode", required=True)
    args = parser.parse_args()
    prepare(pick(args.mode).CACHE_URL)
'''

# the same, where the container also builds the site under a mode of its own
BOTH = RUNNER.replace("import prepare", "import build_site, prepare") + '    build_site("local")\n'

WEB = '''import redis

from settings import pick

store = None


def build_site(mode):
    site = {"settings": pick(mode)}
    return site


def prepare(url):
    global store
    store = redis.from_url(url)
    store.ping()
'''


def _lines(tmp_path: Path, env: str, command: str = "python runner.py -m $RUN_MODE") -> list[int]:
    make(tmp_path, {"Dockerfile": f"FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n{env}CMD {command}\n",
                    "settings.py": SETTINGS, "runner.py": RUNNER, "both.py": BOTH,
                    "web.py": WEB}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted(f.span.line for f in result.active if f.span.path == "settings.py")


def test_the_images_own_mode_selects_one_class(tmp_path):
    assert _lines(tmp_path, "ARG run_mode=live\nENV RUN_MODE=$run_mode\n") == [10]


def test_the_images_other_mode_selects_the_other_class(tmp_path):
    assert _lines(tmp_path, "ENV RUN_MODE=local\n") == [6]


def test_an_image_that_sets_no_mode_may_select_either(tmp_path):
    assert _lines(tmp_path, "") == [6, 10]


def test_a_factory_the_container_calls_passes_its_mode(tmp_path):
    assert _lines(tmp_path, "ENV RUN_MODE=live\n", command="python both.py -m $RUN_MODE") == [6, 10]
