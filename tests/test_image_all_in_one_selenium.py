"""The all-in-one Selenium image elgalu/selenium serves its Grid on 24444 inside the container.

Its README publishes it as ``-p 4444:24444``: 24444 is the container port (SELENIUM_HUB_PORT),
4444 only the host side.  A script copied into an image built on it and run there with
``docker exec`` reaches the image's own Grid at ``127.0.0.1:24444``; another service reaches it
by the service's name at 24444, not at the published 4444.  Its default command starts that
Grid (``rules/frameworks.yaml`` image_entrypoints serves_by_default): a container built on it
that names no command of its own runs none of the scripts copied in.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_SCRIPT = ("from selenium import webdriver\n\n"
           "def drive(url):\n"
           "    d = webdriver.Remote(command_executor=url)\n"
           "    d.get('http://example.org')\n\n"
           "if __name__ == '__main__':\n"
           "    drive('{url}')\n")


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str | None, int | None]]:
    make(tmp_path, files, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None, f.suggestion.port if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_script_in_an_image_built_on_it_reaches_its_own_grid(tmp_path):
    files = {"Dockerfile": "FROM elgalu/selenium:3.141\nADD . /home/seluser/checks/\n",
             "smoke.py": _SCRIPT.format(url="http://127.0.0.1:24444/wd/hub")}
    assert _findings(tmp_path, files) == []


def test_another_service_dials_it_at_its_container_port(tmp_path):
    files = {"compose.yaml": ("services:\n  runner:\n    build: .\n    command: python smoke.py\n"
                              "  browsers:\n    image: elgalu/selenium:latest\n    ports:\n"
                              "      - \"4444:24444\"\n"),
             "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
             "smoke.py": _SCRIPT.format(url="http://browsers:4444/wd/hub")}
    assert _findings(tmp_path, files) == [("DW103", "browsers", 24444)]


def test_loopback_from_another_service_names_the_browser_service(tmp_path):
    files = {"compose.yaml": ("services:\n  runner:\n    build: .\n    command: python smoke.py\n"
                              "  browsers:\n    image: elgalu/selenium:latest\n"),
             "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
             "smoke.py": _SCRIPT.format(url="http://localhost:24444/wd/hub")}
    assert _findings(tmp_path, files) == [("DW101", "browsers", 24444)]


def test_an_image_built_on_it_with_no_command_runs_its_grid_not_the_scripts(tmp_path):
    # its default command starts the Grid under supervisord; the scripts copied in beside it
    # are run by hand (a host-side one dials the published 4444)
    files = {"Dockerfile": "FROM elgalu/selenium:3.141\nADD . /home/seluser/checks/\n",
             "from_host.py": _SCRIPT.format(url="http://127.0.0.1:4444/wd/hub")}
    assert _findings(tmp_path, files) == []


def test_a_command_of_the_service_runs_the_script(tmp_path):
    # a command replaces the image's own: the script runs, and nothing serves 4444 there
    files = {"compose.yaml": "services:\n  checks:\n    build: .\n    command: python from_host.py\n",
             "Dockerfile": "FROM elgalu/selenium:3.141\nWORKDIR /home/seluser/checks\nADD . /home/seluser/checks/\n",
             "from_host.py": _SCRIPT.format(url="http://127.0.0.1:4444/wd/hub")}
    assert [code for code, _, _ in _findings(tmp_path, files)] == ["DW101"]
