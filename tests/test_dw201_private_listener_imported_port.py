"""A server bound at loopback whose port it takes from a name another module of the project
binds (``("localhost", conf.PING_PORT)``), while the container's own code dials that same name
at loopback (``f"http://localhost:{conf.PING_PORT}/tick"``: a liveness listener fed by the
process itself and probed by the image's HEALTHCHECK), is a listener meant for that container
alone: no DW201 where nothing outside reaches any port the name may hold.  The file alone does
not say the port, so the name is followed to its module (``flow/selfserve.py``
``dials_bound_port``).  A port published, a value equal to a published port, or no loopback
client of that name keeps the bind reported."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = "services:\n  keeper:\n    build: .\n    ports:\n      - 127.0.0.1:9300:9300\n"
DOCKERFILE = ("FROM python:3.12-slim\nWORKDIR /opt/keeper\nCOPY . .\nENV STATS_PORT 9300\nENV PING_PORT {ping}\n"
              "HEALTHCHECK CMD curl -f http://localhost:$PING_PORT/ok || exit 1\n"
              "ENTRYPOINT [\"python3\", \"lib/run.py\"]\n")
CONF = ("import os\n\nSTATS_PORT = int(os.getenv('STATS_PORT', '9300'))\n"
        "PING_PORT = int(os.getenv('PING_PORT', os.getenv('LEGACY_PING_PORT', '9311')))\n")
LIVE = ("import threading\nfrom http.server import BaseHTTPRequestHandler, HTTPServer\n\nimport requests\n\nimport conf\n\n\n"
        "def tick():\n    requests.get(f'http://{host}:{{conf.PING_PORT}}/tick', timeout=3)\n\n\n"
        "class Answer(BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(200)\n        self.end_headers()\n\n\n"
        "def serve():\n    server = HTTPServer(\n        ('localhost', conf.PING_PORT),\n        Answer,\n    )\n"
        "    threading.Thread(target=server.serve_forever, daemon=True).start()\n")
RUN = "from health.live import serve, tick\n\nserve()\nwhile True:\n    tick()\n"
BIND = ("lib/health/live.py", 21, "DW201")


def flagged(tmp_path: Path, compose: str = COMPOSE, ping: str = "9311", host: str = "localhost") -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE.format(ping=ping), "lib/conf.py": CONF,
                    "lib/health/__init__.py": "", "lib/health/live.py": LIVE.format(host=host), "lib/run.py": RUN},
         git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_listener_only_its_own_container_dials_by_the_imported_name_is_private(tmp_path):
    assert flagged(tmp_path) == []


def test_its_port_published_is_reached_from_outside(tmp_path):
    assert flagged(tmp_path, COMPOSE + "      - 9311:9311\n") == [BIND]


def test_the_name_holding_a_published_port_is_reached_from_outside(tmp_path):
    assert flagged(tmp_path, ping="9300") == [BIND]


def test_a_name_dialled_elsewhere_than_loopback_leaves_the_bind_reported(tmp_path):
    assert flagged(tmp_path, host="keeper-peer") == [BIND]
