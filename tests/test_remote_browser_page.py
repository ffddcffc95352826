"""A page handed to a remote browser (``browser.get("http://site:8000/")`` with ``browser``
built as Selenium's ``webdriver.Remote(...)``) is opened by the browser in its own container
(a Grid or standalone node), not dialled by the script that sends the command: a URL naming
a service the script's container shares no network with is no finding there, where the
browser's container reaches it.  Before, the address's form (a service of the layout) made
it a target in the script's container (DW104).  The script's own request to the same
service stays reported, and so does the page where the browser is local (``webdriver.Chrome()``
runs in this container) or where the name is bound to something else too."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SUITE = '''import requests
from selenium import webdriver


class Checks:
    def setup(self):
        self.browser = None
        self.browser = {build}

    def home(self):
        browser = self.browser
        browser.get("http://site:8000/")
        return requests.get("http://site:8000/health").status_code
{extra}

checks = Checks()
checks.setup()
checks.home()
'''
REMOTE = 'webdriver.Remote(command_executor="http://grid:4444/wd/hub", options=webdriver.ChromeOptions())'


def _found(tmp_path: Path, build: str, extra: str = "") -> list[tuple[int, str]]:
    make(tmp_path, {
        "compose.yaml": (
            "services:\n"
            "  runner:\n    image: python:3.12-slim\n    working_dir: /suite\n    command: python checks.py\n"
            "    volumes:\n      - ./suite:/suite\n    networks: [ctl]\n"
            "  site:\n    image: acme/site:1\n    networks: [front]\n"
            "  grid:\n    image: selenium/standalone-chrome:4\n    networks: [ctl, front]\n"
            "networks:\n  ctl: {}\n  front: {}\n"
        ),
        "suite/checks.py": SUITE.format(build=build, extra=extra),
    }, git=True)
    return sorted((f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_remote_browsers_page_is_opened_from_its_own_container(tmp_path):
    assert _found(tmp_path, REMOTE) == [(13, "DW104")]


def test_a_local_browsers_page_is_dialled_here(tmp_path):
    assert _found(tmp_path, "webdriver.Chrome()") == [(12, "DW104"), (13, "DW104")]


def test_a_name_bound_to_something_else_too_is_not_known_to_be_a_browser(tmp_path):
    extra = "\n\ndef other():\n    browser = requests.Session()\n    return browser\n"
    assert _found(tmp_path, REMOTE, extra) == [(12, "DW104"), (13, "DW104")]
