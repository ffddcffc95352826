"""DW202 where the nginx a busybox ``wget`` healthcheck probes is started by the image's own
default command (no ``command:``, no Dockerfile ``CMD``), with a configuration the tree
mounts or copies in; and where that configuration replaces the image's main file and
includes nothing, so the image's packaged default server (which listens on ``[::]:80``
too) is not loaded and port 80 is served on IPv4 alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

MAIN_ALONE = ("events {}\nhttp {\n    server {\n        listen 80;\n"
              "        location /ping { return 200 'up'; }\n    }\n}\n")
MAIN_WITH_INCLUDE = ("events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n    server {\n"
                     "        listen 80;\n        server_name gate.internal;\n    }\n}\n")


def probe(port: str = "") -> str:
    return ('    healthcheck:\n      test: ["CMD", "wget", "-q", "--spider", '
            f'"http://localhost{port}/ping"]\n')


def gateway(image: str, mount: str, extra: str = "") -> str:
    return (f"services:\n  gateway:\n    image: {image}\n{extra}"
            f"    volumes:\n      - {mount}\n" + probe())


def findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str, str | None]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config())
    assert result.errors == (), result.errors
    out = []
    for f in result.active:
        port = f.suggestion.port if f.suggestion is not None else None
        host = f.suggestion.host if f.suggestion is not None else None
        out.append((f.span.path, f.span.line, f.code, f"{host}:{port}" if port else host))
    return out


def test_mounted_main_config_alone_listens_on_ipv4_only(tmp_path):
    files = {"compose.yaml": gateway("nginx:1.27-alpine", "./edge/main.conf:/etc/nginx/nginx.conf:ro"),
             "edge/main.conf": MAIN_ALONE}
    assert findings(tmp_path, files) == [("compose.yaml", 7, "DW202", "127.0.0.1")]


def test_mounted_main_config_that_includes_the_images_default_server_is_silent(tmp_path):
    # conf.d/default.conf of the image (not in the tree) is loaded: it listens on [::]:80 too
    files = {"compose.yaml": gateway("nginx:1.27-alpine", "./edge/main.conf:/etc/nginx/nginx.conf:ro"),
             "edge/main.conf": MAIN_WITH_INCLUDE}
    assert findings(tmp_path, files) == []


def test_mounted_site_on_another_port_under_the_images_command(tmp_path):
    site = "server {\n    listen 8081;\n    location /ping { return 200 'up'; }\n}\n"
    compose = gateway("nginx:alpine", "./edge/site.conf:/etc/nginx/conf.d/site.conf:ro").replace(
        "localhost/ping", "localhost:8081/ping")
    files = {"compose.yaml": compose, "edge/site.conf": site}
    assert findings(tmp_path, files) == [("compose.yaml", 7, "DW202", "127.0.0.1:8081")]


def test_dual_stack_site_under_the_images_command_is_silent(tmp_path):
    site = "server {\n    listen 8081;\n    listen [::]:8081;\n}\n"
    compose = gateway("nginx:alpine", "./edge/site.conf:/etc/nginx/conf.d/site.conf:ro").replace(
        "localhost/ping", "localhost:8081/ping")
    files = {"compose.yaml": compose, "edge/site.conf": site}
    assert findings(tmp_path, files) == []


def test_image_built_from_nginx_without_a_cmd_runs_the_images_command(tmp_path):
    files = {"compose.yaml": "services:\n  gateway:\n    build: ./edge\n" + probe(),
             "edge/Dockerfile": "FROM nginx:alpine\nCOPY main.conf /etc/nginx/nginx.conf\n",
             "edge/main.conf": MAIN_ALONE}
    assert findings(tmp_path, files) == [("compose.yaml", 5, "DW202", "127.0.0.1")]


@pytest.mark.parametrize("extra", [
    # an entrypoint of the service's own replaces the image's start: what it runs is not nginx
    '    entrypoint: ["/bin/sh", "-c", "sleep 3600"]\n',
])
def test_service_that_replaces_the_images_start_is_silent(tmp_path, extra):
    files = {"compose.yaml": gateway("nginx:alpine", "./edge/main.conf:/etc/nginx/nginx.conf:ro", extra),
             "edge/main.conf": MAIN_ALONE}
    assert findings(tmp_path, files) == []


def test_debian_based_image_wget_tries_ipv4_too(tmp_path):
    files = {"compose.yaml": gateway("nginx:1.27", "./edge/main.conf:/etc/nginx/nginx.conf:ro"),
             "edge/main.conf": MAIN_ALONE}
    assert findings(tmp_path, files) == []
