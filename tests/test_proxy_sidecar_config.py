"""A proxy the container's start script runs beside its app (an Envoy sidecar given its
configuration with -c, nginx reading its conf.d) listens where that configuration says and
forwards to the upstreams it names: the app's dial of the proxy's egress listener at loopback
is right, and so is the app's loopback bind that the proxy forwards to (rules/commands.yaml
daemons config_format, runs/proxyconf.py).  A port the configuration does not name stays
judged, and so does a loopback bind without a proxy in front of it."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.runs.proxyconf import read_proxy_config

from tests.conftest import make

DOCKERFILE = ("FROM python:3.12-slim\nRUN pip install flask requests redis\nWORKDIR /opt/svc\n"
              "COPY app.py /opt/svc/app.py\nCOPY boot.sh /usr/local/bin/boot.sh\n"
              'ENTRYPOINT ["/usr/local/bin/boot.sh"]\n')
BOOT = "#!/bin/sh\npython3 /opt/svc/app.py &\nexec envoy -c /etc/mesh/sidecar.yaml --service-cluster a\n"
APP = '''import requests
import redis
from flask import Flask

web = Flask(__name__)
store = redis.Redis(host="localhost", port=6379)


@web.route("/")
def index():
    return requests.get("http://localhost:7300/parts").text


if __name__ == "__main__":
    web.run(host="127.0.0.1", port=7001)
'''
SIDECAR = '''static_resources:
  listeners:
  - address:
      socket_address: {address: 0.0.0.0, port_value: 7000}
  - address:
      socket_address: {address: 0.0.0.0, port_value: 7300}
  clusters:
  - name: local_app
    load_assignment:
      cluster_name: local_app
      endpoints:
      - lb_endpoints:
        - endpoint:
            address:
              socket_address: {address: 127.0.0.1, port_value: 7001}
  - name: parts
    load_assignment:
      cluster_name: parts
      endpoints:
      - lb_endpoints:
        - endpoint:
            address:
              socket_address: {address: parts, port_value: 7000}
'''


def _compose(extra: str = "") -> str:
    return ("services:\n"
            "  orders:\n    build: ./orders\n    expose: ['7000']\n"
            "    volumes: ['./orders/sidecar.yaml:/etc/mesh/sidecar.yaml']\n" + extra +
            "  parts:\n    build: ./orders\n    expose: ['7000']\n"
            "    volumes: ['./orders/sidecar.yaml:/etc/mesh/sidecar.yaml']\n"
            "  kv:\n    image: redis:7\n")


def flagged(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code, tuple(f.services)) for f in result.active)


def _sidecar_project(boot: str = BOOT, compose: str | None = None) -> dict[str, str]:
    return {"compose.yaml": compose or _compose(), "orders/Dockerfile": DOCKERFILE, "orders/boot.sh": boot,
            "orders/app.py": APP, "orders/sidecar.yaml": SIDECAR}


def test_the_sidecars_listener_and_upstream_are_the_containers_own(tmp_path):
    # localhost:7300 is the sidecar's egress listener, 127.0.0.1:7001 its local cluster; the
    # redis client's localhost:6379 is nobody's in the container: the kv service serves it
    assert flagged(tmp_path, _sidecar_project()) == [
        ("orders/app.py", 6, "DW101", ("orders", "parts")),
    ]


def test_without_the_sidecar_both_are_reported(tmp_path):
    boot = "#!/bin/sh\nexec python3 /opt/svc/app.py\n"
    found = flagged(tmp_path, _sidecar_project(boot))
    assert ("orders/app.py", 11, "DW101", ("orders", "parts")) in found
    assert ("orders/app.py", 15, "DW201", ("orders", "parts")) in found


def test_the_upstream_port_published_itself_is_still_a_loopback_bind(tmp_path):
    # the published 7001 goes straight to the app's loopback interface, not through the proxy
    compose = _compose("    ports: ['7001:7001']\n")
    found = flagged(tmp_path, _sidecar_project(compose=compose))
    assert ("orders/app.py", 15, "DW201", ("orders",)) in found


NGINX_DOCKERFILE = ("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y nginx\nWORKDIR /srv\n"
                    "COPY . /srv\nCOPY front.conf /etc/nginx/conf.d/front.conf\nCMD [\"sh\", \"/srv/start.sh\"]\n")
NGINX_APP = ('from flask import Flask\n\nweb = Flask(__name__)\n\nif __name__ == "__main__":\n'
             '    web.run(host="127.0.0.1", port=5100)\n')


def _nginx_project(conf: str) -> dict[str, str]:
    return {"compose.yaml": "services:\n  shopfront:\n    build: .\n    ports: ['8088:80']\n",
            "Dockerfile": NGINX_DOCKERFILE, "start.sh": "#!/bin/sh\nnginx\nexec python3 serve.py\n",
            "serve.py": NGINX_APP, "front.conf": conf}


def test_nginx_in_front_of_a_loopback_server_in_its_container(tmp_path):
    conf = "server {\n  listen 80;\n  location / { proxy_pass http://127.0.0.1:5100; }\n}\n"
    assert flagged(tmp_path, _nginx_project(conf)) == []


def test_nginx_forwarding_elsewhere_leaves_the_loopback_bind_reported(tmp_path):
    conf = "server {\n  listen 80;\n  location / { proxy_pass http://127.0.0.1:5200; }\n}\n"
    assert flagged(tmp_path, _nginx_project(conf)) == [("serve.py", 6, "DW201", ("shopfront",))]


def test_the_readers():
    got = read_proxy_config("envoy", SIDECAR)
    assert (got.listens, got.upstreams) == ((7000, 7300), (7001,))
    nginx = ("upstream app { server 127.0.0.1:9001 weight=2; server backend:9002; }\n"
             "server { listen 0.0.0.0:8080 default_server; server_name x;  # listen 1;\n"
             "  location /a { uwsgi_pass localhost:9003; } location /b { proxy_pass http://app; } }\n")
    got = read_proxy_config("nginx", nginx)
    assert (got.listens, got.upstreams) == ((8080,), (9003, 9001))
    assert read_proxy_config("envoy", "listeners: [") == read_proxy_config("other", "x")



PLAIN_DOCKERFILE = "FROM python:3.12-slim\nRUN pip install flask\nWORKDIR /opt/svc\nCOPY app.py /opt/svc/app.py\n"


def _default_bind_project(dialled: str, command: str) -> dict[str, str]:
    compose = ("services:\n"
               "  orders:\n    build: ./orders\n"
               f"    command: {command!r}\n"
               "    volumes: ['./orders/sidecar.yaml:/etc/mesh/sidecar.yaml']\n"
               "  shopper:\n    image: python:3.12-slim\n    command: python /w/poll.py\n"
               f"    environment: {{PARTS_URL: 'http://orders:{dialled}/parts'}}\n"
               "    volumes: ['./poll.py:/w/poll.py']\n")
    poll = 'import os\n\nimport requests\n\nrequests.get(os.environ["PARTS_URL"])\n'
    app = 'from flask import Flask\n\napp = Flask(__name__)\n'
    return {"compose.yaml": compose, "orders/Dockerfile": PLAIN_DOCKERFILE, "orders/app.py": app,
            "orders/sidecar.yaml": SIDECAR, "poll.py": poll}


BEHIND = 'sh -c "flask run --port 7001 & exec envoy --config-path /etc/mesh/sidecar.yaml"'


def test_a_default_loopback_bind_behind_the_sidecar_is_reached_through_it(tmp_path):
    # the other service dials the sidecar's listener: `flask run`'s default 127.0.0.1:7001 is
    # the sidecar's upstream, not a port anything outside reaches
    assert flagged(tmp_path, _default_bind_project("7000", BEHIND)) == []


def test_a_default_loopback_bind_dialled_at_its_own_port_is_reported(tmp_path):
    assert flagged(tmp_path, _default_bind_project("7001", BEHIND)) == [("compose.yaml", 4, "DW201", ("orders",))]


def test_without_the_sidecar_the_default_bind_is_reported(tmp_path):
    found = flagged(tmp_path, _default_bind_project("7000", "flask run --port 7001"))
    assert found == [("compose.yaml", 4, "DW201", ("orders",))]
