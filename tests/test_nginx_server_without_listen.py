"""nginx started by the container's own start script beside the app, from a configuration whose
``server`` block writes no ``listen`` directive, listens on port 80 (nginx's default, ``listen
*:80``, for a master started as root).  An app of the same container that dials
``http://localhost`` (a local caching proxy in front of a public index) reaches that nginx: no
finding.  A loopback address at another port in the same app stays reported, as does the same
dial where the start script starts no nginx, or starts it from a configuration that moves the
listener elsewhere.  nginx started through its init script, by path or by ``service``, counts
alike (rules/commands.yaml daemons, runs/proxyconf.py)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.runs.proxyconf import read_proxy_config

from tests.conftest import make

DOCKERFILE = ("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y nginx\n"
              "RUN pip install requests\nWORKDIR /opt/relay\nCOPY app.py /opt/relay/app.py\n"
              "COPY cache.conf /etc/nginx/nginx.conf\nCOPY boot.sh /opt/boot.sh\n"
              'CMD ["/opt/boot.sh"]\n')
APP = '''import os

import requests

INDEX_URL = os.environ.get("RELAY_INDEX_URL", "http://localhost")
EVENTS_URL = os.environ.get("RELAY_EVENTS_URL", "http://localhost:7411")


def latest(name):
    return requests.get(f"{INDEX_URL}/pkg/{name}/json").json()


def report(event):
    requests.post(EVENTS_URL, json=event)


if __name__ == "__main__":
    report(latest("kit"))
'''
CONF = """user www-data;
events { worker_connections 64; }
http {
    proxy_cache_path /tmp keys_zone=PKG:1m;
    server {
        location / {
            proxy_pass https://index.example.org;
            proxy_cache PKG;
        }
    }
}
"""
BOOT = "#!/bin/sh\n{start}\nexec python3 /opt/relay/app.py\n"


def _lines(tmp_path: Path, start: str, conf: str = CONF) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": "services:\n  relay:\n    build: .\n",
                    "Dockerfile": DOCKERFILE, "app.py": APP, "cache.conf": conf,
                    "boot.sh": BOOT.format(start=start)}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


EVENTS = ("app.py", 6, "DW101")
INDEX = ("app.py", 5, "DW101")


def test_nginx_by_its_init_script_serves_the_default_port(tmp_path):
    assert _lines(tmp_path, "/etc/init.d/nginx start") == [EVENTS]


def test_nginx_by_service_serves_the_default_port(tmp_path):
    assert _lines(tmp_path, "service nginx start") == [EVENTS]


def test_nginx_run_directly_serves_the_default_port(tmp_path):
    assert _lines(tmp_path, "nginx") == [EVENTS]


def test_without_nginx_both_are_reported(tmp_path):
    assert _lines(tmp_path, "echo starting") == [INDEX, EVENTS]


def test_a_listener_elsewhere_leaves_port_80_unserved(tmp_path):
    conf = CONF.replace("    server {\n", "    server {\n        listen 8081;\n")
    assert _lines(tmp_path, "/etc/init.d/nginx start", conf) == [INDEX, EVENTS]


def test_the_reader_takes_a_server_without_listen_as_port_80():
    got = read_proxy_config("nginx", CONF)
    assert (got.listens, got.ipv4, got.not_ipv4) == ((80,), (80,), ())
    two = "http { server { listen [::]:8080; } server { server_name b; } upstream u { server 127.0.0.1:9001; } }"
    got = read_proxy_config("nginx", two)
    assert (got.listens, got.ipv4, got.not_ipv4, got.upstreams) == ((8080, 80), (80,), (8080,), (9001,))
    # a stream server names its listener (it has no default); only http's server blocks default
    assert read_proxy_config("nginx", "stream { server { proxy_pass 127.0.0.1:6000; } }").listens == ()
