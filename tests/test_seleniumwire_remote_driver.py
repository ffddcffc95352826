"""selenium-wire's remote WebDriver dials the Grid at ``command_executor`` like Selenium's.

``seleniumwire.webdriver.Remote`` subclasses Selenium's ``webdriver.Remote`` and hands the same
``command_executor`` on, adding only a capturing proxy of its own (selenium-wire's
``webdriver.py``).  A loopback URL there, in a worker container beside a standalone browser
service, reaches the worker itself; the browser's page given to ``get`` is opened by the browser.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, body: str) -> list[tuple[str, str | None, int | None, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  crawler:\n    build: .\n    command: python fetcher/loop.py\n"
                         "  browser:\n    image: selenium/standalone-chromium:latest\n"
                         "  site:\n    image: nginx:alpine\n"),
        "Dockerfile": "FROM python:3.11-slim\nWORKDIR /opt\nCOPY . .\n",
        "fetcher/loop.py": body,
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None, f.suggestion.port if f.suggestion else None,
             f.target_host) for f in run_check([tmp_path], Config(cache=False)).active]


_BODY = ("from seleniumwire import webdriver\n\n"
         "def grab(page):\n"
         "    drv = webdriver.Remote(command_executor={url!r}, seleniumwire_options={{'addr': '0.0.0.0'}},\n"
         "                           options=webdriver.ChromeOptions())\n"
         "    drv.get(page)\n"
         "    return drv.requests\n\n"
         "grab('http://site/')\n")


def test_a_wire_remote_driver_at_loopback_is_flagged_with_the_browser_service(tmp_path):
    assert _findings(tmp_path, _BODY.format(url="http://localhost:4444/wd/hub")) == [
        ("DW101", "browser", 4444, "localhost")]


def test_a_wire_remote_driver_given_the_browser_service_is_right(tmp_path):
    assert _findings(tmp_path, _BODY.format(url="http://browser:4444/wd/hub")) == []


def test_the_page_a_wire_remote_browser_opens_is_not_dialled_by_the_script(tmp_path):
    body = _BODY.format(url="http://browser:4444/wd/hub").replace("http://site/", "http://localhost:8080/")
    assert _findings(tmp_path, body) == []


def test_a_local_wire_driver_dials_nothing(tmp_path):
    body = "from seleniumwire import webdriver\n\ndrv = webdriver.Chrome()\ndrv.get('http://localhost:8080/')\n"
    assert _findings(tmp_path, body) == []
