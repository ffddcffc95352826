"""A scraper's remote browser and an IoT script's one-shot MQTT helpers are connect targets.

Selenium's ``webdriver.Remote(command_executor=...)`` dials a Grid or a standalone server at
that URL; paho's ``subscribe.simple`` and ``subscribe.callback`` connect to the broker at
``hostname`` like ``publish.single`` does.  A loopback address there, in a container beside the
service that serves it, reaches the container itself.  The browser images' ports
(``selenium/standalone-*``, ``selenium/hub``, ``browserless/*``) say which service that is, so
the suggestion names it; a container whose own image is such a browser serves the port itself.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _compose(env: str = "", base: str = "python:3.12-slim") -> dict[str, str]:
    return {
        "compose.yaml": ("services:\n  harvester:\n    build: .\n    command: python job/run.py\n" + env
                         + "  grid:\n    image: selenium/standalone-firefox:4.21\n    shm_size: 2gb\n"
                         + "  render:\n    image: ghcr.io/browserless/chromium:latest\n"
                         + "  queue:\n    image: eclipse-mosquitto:2\n"),
        "Dockerfile": f"FROM {base}\nWORKDIR /srv\nCOPY . .\n",
    }


def _findings(tmp_path: Path, body: str, env: str = "",
              base: str = "python:3.12-slim") -> list[tuple[str, str | None, int | None]]:
    files = _compose(env, base)
    files["job/run.py"] = "import os\n" + body + "\n"
    make(tmp_path, files, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None, f.suggestion.port if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


_REMOTE = "from selenium import webdriver\n\ndriver = webdriver.Remote({arg}, options=webdriver.FirefoxOptions())\n"


@pytest.mark.parametrize("arg", [
    '"http://localhost:4444/wd/hub"',
    'command_executor="http://127.0.0.1:4444"',
    'os.environ.get("GRID_URL", "http://localhost:4444/wd/hub")',
])
def test_a_remote_webdriver_at_loopback_is_flagged_with_the_grid_service(tmp_path, arg):
    assert _findings(tmp_path, _REMOTE.format(arg=arg)) == [("DW101", "grid", 4444)]


def test_a_remote_webdriver_of_the_dotted_class_is_a_sink_too(tmp_path):
    body = ("from selenium.webdriver.remote.webdriver import WebDriver\n\n"
            'driver = WebDriver(command_executor="http://localhost:4444")\n')
    assert _findings(tmp_path, body) == [("DW101", "grid", 4444)]


def test_the_grid_service_by_name_is_right(tmp_path):
    assert _findings(tmp_path, _REMOTE.format(arg='"http://grid:4444/wd/hub"')) == []


def test_the_default_of_a_variable_the_service_sets_does_not_run(tmp_path):
    env = "    environment:\n      GRID_URL: http://grid:4444/wd/hub\n"
    arg = 'os.environ.get("GRID_URL", "http://localhost:4444/wd/hub")'
    assert _findings(tmp_path, _REMOTE.format(arg=arg), env) == []


def test_a_container_built_on_a_standalone_browser_image_serves_the_port_itself(tmp_path):
    body = _REMOTE.format(arg='"http://localhost:4444/wd/hub"')
    assert _findings(tmp_path, body, base="selenium/standalone-chrome:4.21") == []


def test_a_local_driver_dials_nothing(tmp_path):
    body = "from selenium import webdriver\n\ndriver = webdriver.Firefox()\n"
    assert _findings(tmp_path, body) == []


def test_a_websocket_browser_at_loopback_is_suggested_the_browser_service(tmp_path):
    body = ("from playwright.sync_api import sync_playwright\n\n"
            "with sync_playwright() as p:\n"
            '    browser = p.chromium.connect("ws://localhost:3000/chromium/playwright")\n')
    assert _findings(tmp_path, body) == [("DW101", "render", 3000)]


@pytest.mark.parametrize("call", [
    'subscribe.simple("sensors/#", hostname="localhost")',
    'subscribe.callback(print, "sensors/#", hostname="127.0.0.1", port=1883)',
])
def test_a_one_shot_subscription_at_loopback_is_flagged(tmp_path, call):
    body = f"import paho.mqtt.subscribe as subscribe\n\n{call}\n"
    assert _findings(tmp_path, body) == [("DW101", "queue", 1883)]


def test_a_one_shot_subscription_to_the_broker_service_is_right(tmp_path):
    body = 'import paho.mqtt.subscribe as subscribe\n\nsubscribe.simple("sensors/#", hostname="queue")\n'
    assert _findings(tmp_path, body) == []
