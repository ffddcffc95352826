"""nginx started in front of an app server in the same container reads its default
configuration directories (``/etc/nginx/sites-enabled/*``).  A Dockerfile often copies the site
file to ``sites-available`` and links it into ``sites-enabled`` with a RUN (``ln -s SRC DIR``):
the linked file is the copied one, so its ``proxy_pass`` to the app's loopback port makes the
app's loopback bind the container's own listener (no DW201).  Without the link nginx reads no
such site and the loopback bind stays reported, as it does where the site forwards elsewhere."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  board:
    build: ./web
    ports:
      - "8080:80"
"""
SITE = """\
server {
    listen 80;
    location / {
        proxy_pass http://127.0.0.1:%d/;
    }
}
"""
APP = "from flask import Flask\n\nweb = Flask(__name__)\n\n\n@web.route('/')\ndef index():\n    return 'ok'\n"


def _dockerfile(link: str) -> str:
    return ("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y nginx\nWORKDIR /srv\n"
            "COPY site.conf /etc/nginx/sites-available/board.conf\n" + link +
            "COPY . .\nRUN pip install flask gunicorn\n"
            "CMD nginx && gunicorn -w 2 -b 127.0.0.1:5000 app:web\n")


def _found(tmp_path: Path, link: str, upstream: int = 5000) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "web/Dockerfile": _dockerfile(link),
        "web/site.conf": SITE % upstream,
        "web/app.py": APP,
    }, git=True)
    return sorted((f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_site_linked_into_the_enabled_directory_forwards_to_the_loopback_bind(tmp_path):
    link = "RUN ln -s /etc/nginx/sites-available/board.conf /etc/nginx/sites-enabled\n"
    assert _found(tmp_path, link) == []


def test_a_site_linked_under_a_name_of_its_own_forwards_too(tmp_path):
    link = ("RUN rm -f /etc/nginx/sites-enabled/default && "
            "ln -sf /etc/nginx/sites-available/board.conf /etc/nginx/sites-enabled/board\n")
    assert _found(tmp_path, link) == []


def test_a_site_never_linked_leaves_the_loopback_bind_reported(tmp_path):
    assert _found(tmp_path, "") == [("DW201", "web/Dockerfile")]


def test_a_linked_site_forwarding_elsewhere_leaves_it_reported(tmp_path):
    link = "RUN ln -s /etc/nginx/sites-available/board.conf /etc/nginx/sites-enabled\n"
    assert _found(tmp_path, link, upstream=5001) == [("DW201", "web/Dockerfile")]
