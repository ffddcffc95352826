"""DW202 where the server a busybox ``wget`` healthcheck probes is nginx: its own
configuration file, copied or mounted from the tree, says which address family it listens on.
``listen 8080;`` is nginx's ``*:8080``, IPv4 alone; ``listen [::]:8080;`` adds IPv6."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

PROBE = '    healthcheck:\n      test: ["CMD", "wget", "-q", "--spider", "http://localhost:8080/"]\n'
STATIC_SERVER = ("FROM nginx:alpine\nCOPY site.conf /etc/nginx/conf.d/default.conf\n"
                 "EXPOSE 8080\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n")


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


def test_ipv4_only_listener_copied_into_the_image(tmp_path):
    files = {"compose.yaml": "services:\n  panel:\n    build: ./panel\n" + PROBE,
             "panel/Dockerfile": STATIC_SERVER,
             "panel/site.conf": "server {\n    listen 8080;\n    root /srv/www;\n}\n"}
    assert findings(tmp_path, files) == [("compose.yaml", 5, "DW202", "127.0.0.1:8080")]


@pytest.mark.parametrize("listen", [
    "listen 8080;\n    listen [::]:8080;",  # both families: ::1 answers
    "listen [::]:8080 ipv6only=off;",
    "listen localhost:8080;",  # a name: its addresses are the resolver's
])
def test_listener_that_may_answer_on_ipv6_is_silent(tmp_path, listen):
    files = {"compose.yaml": "services:\n  panel:\n    build: ./panel\n" + PROBE,
             "panel/Dockerfile": STATIC_SERVER,
             "panel/site.conf": f"server {{\n    {listen}\n    root /srv/www;\n}}\n"}
    assert findings(tmp_path, files) == []


def test_probe_of_another_port_than_the_ipv4_listener(tmp_path):
    probe = PROBE.replace("8080", "9090")
    files = {"compose.yaml": "services:\n  panel:\n    build: ./panel\n" + probe,
             "panel/Dockerfile": STATIC_SERVER,
             "panel/site.conf": "server {\n    listen 8080;\n}\n"}
    assert findings(tmp_path, files) == []


def test_debian_image_wget_tries_ipv4_too(tmp_path):
    files = {"compose.yaml": "services:\n  panel:\n    build: ./panel\n" + PROBE,
             "panel/Dockerfile": STATIC_SERVER.replace("nginx:alpine", "nginx:1.27"),
             "panel/site.conf": "server {\n    listen 8080;\n}\n"}
    assert findings(tmp_path, files) == []


def test_two_servers_only_the_ipv4_only_one_is_reported(tmp_path):
    files = {"compose.yaml": ("services:\n  panel:\n    build: ./panel\n" + PROBE
                              + "  portal:\n    build: ./portal\n" + PROBE),
             "panel/Dockerfile": STATIC_SERVER,
             "panel/site.conf": "server {\n    listen 8080;\n}\n",
             "portal/Dockerfile": STATIC_SERVER,
             "portal/site.conf": "server {\n    listen 8080;\n    listen [::]:8080;\n}\n"}
    assert findings(tmp_path, files) == [("compose.yaml", 5, "DW202", "127.0.0.1:8080")]


def test_port_of_the_images_own_default_server_is_silent(tmp_path):
    # the image's packaged default server (not in the tree) also listens on 80, on IPv6 too
    main_conf = "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n    server {\n        listen 80;\n    }\n}\n"
    files = {"compose.yaml": "services:\n  panel:\n    build: ./panel\n" + PROBE.replace(":8080", ""),
             "panel/Dockerfile": ("FROM nginx:alpine\nCOPY main.conf /etc/nginx/nginx.conf\n"
                                  "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n"),
             "panel/main.conf": main_conf}
    assert findings(tmp_path, files) == []


def test_unprivileged_image_serves_its_default_server_on_8080(tmp_path):
    # a file added beside the image's packaged default server, which listens on 8080, IPv6 too
    files = {"compose.yaml": "services:\n  panel:\n    build: ./panel\n" + PROBE,
             "panel/Dockerfile": ("FROM nginxinc/nginx-unprivileged:alpine\n"
                                  "COPY extra.conf /etc/nginx/conf.d/extra.conf\n"
                                  "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n"),
             "panel/extra.conf": "server {\n    listen 8080;\n    server_name panel.internal;\n}\n"}
    assert findings(tmp_path, files) == []
