"""DW202 where the Alpine image's build installs the ``wget`` package: GNU Wget then comes
before BusyBox's on the PATH, and it tries each address of ``localhost`` (``::1``, then
``127.0.0.1``), so an IPv4-only server still answers the probe.  BusyBox's own ``wget`` (no
such package, another package, or the package added only in a build stage the image does not
start FROM, or one a later ``apk del`` removes again) keeps the finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

SITE = "server {\n    listen 7070;\n    root /srv/www;\n}\n"


def _dockerfile(run: str) -> str:
    return ("FROM node:20-alpine AS assets\n" + (run if "assets" in run else "") + "RUN echo built\n\n"
            "FROM nginx:alpine\n" + ("" if "assets" in run else run)
            + "COPY site.conf /etc/nginx/conf.d/default.conf\nEXPOSE 7070\n"
            "HEALTHCHECK CMD wget -q --spider http://localhost:7070/ || exit 1\n"
            "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n")


def _codes(tmp_path: Path, run: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  board:\n    build: ./board\n",
        "board/Dockerfile": _dockerfile(run),
        "board/site.conf": SITE,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return [f.code for f in result.active]


@pytest.mark.parametrize("run", [
    "RUN apk add --no-cache wget\n",
    "RUN apk update && apk add --no-cache curl wget=1.24.5-r0\n",
])
def test_gnu_wget_installed_falls_back_to_ipv4(tmp_path: Path, run: str) -> None:
    assert _codes(tmp_path, run) == []


@pytest.mark.parametrize("run", [
    "",
    "RUN apk add --no-cache curl\n",
    "# assets\nRUN apk add --no-cache wget\n",  # only in the build stage, not the served image
    # a build-time group removed again in the same step: BusyBox's wget is back on the PATH
    "RUN apk add --no-cache --virtual .fetch-deps wget && wget -q -O /tmp/x https://example.org/x"
    " && apk del .fetch-deps\n",
    "RUN apk add --no-cache wget\nRUN apk del wget\n",
])
def test_busybox_wget_keeps_the_finding(tmp_path: Path, run: str) -> None:
    assert _codes(tmp_path, run) == ["DW202"]
