"""A container whose start command is unknown is judged on every file it holds (its image
may run any of them).  Where one of those files starts a server on a port the code imports
from a module of the project (``from feeder.conf import FEED_PORT`` bound there to a
literal; ``app.run(port=FEED_PORT)``), that server may run in the same container: a loopback
address of that port there is its own client, not a miss (``flow/selfserve.py``).  A loopback
address of another port stays a finding, as does one where the start command is known and
never runs the server."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

NO_CMD = "FROM python:3.12-slim\nWORKDIR /work\nCOPY . .\nRUN pip install flask requests\n"
CMD = NO_CMD + 'CMD ["python", "-m", "crawl.job"]\n'
CONF = "FEED_HOST = '0.0.0.0'\nFEED_PORT = 24680\n"
SERVER_FROM = ("from flask import Flask\n\nfrom feeder.conf import FEED_HOST, FEED_PORT\n\n"
               "app = Flask(__name__)\n\n\n@app.route('/next')\ndef nxt():\n    return 'x'\n\n\n"
               "if __name__ == '__main__':\n    app.run(host=FEED_HOST, port=FEED_PORT)\n")
SERVER_MODULE = ("from flask import Flask\n\nfrom feeder import conf\n\n"
                 "app = Flask(__name__)\n\n\ndef serve():\n    app.run(host=conf.FEED_HOST, port=conf.FEED_PORT)\n\n\n"
                 "if __name__ == '__main__':\n    serve()\n")
CLIENT = ("import requests\n\n\ndef fetch():\n    return requests.get('http://localhost:{port}/next').text\n\n\n"
          "fetch()\n")


def flagged(tmp_path: Path, server: str, port: int, dockerfile: str = NO_CMD) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": "services:\n  crawler:\n    build: .\n",
                    "Dockerfile": dockerfile,
                    "feeder/__init__.py": "", "feeder/conf.py": CONF, "feeder/api.py": server,
                    "crawl/__init__.py": "", "crawl/job.py": CLIENT.replace("{port}", str(port))}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_server_bound_on_an_imported_name_serves_its_port(tmp_path):
    assert flagged(tmp_path, SERVER_FROM, 24680) == []


def test_a_server_bound_on_an_imported_module_attribute_serves_its_port(tmp_path):
    assert flagged(tmp_path, SERVER_MODULE, 24680) == []


def test_another_port_is_still_a_miss(tmp_path):
    assert flagged(tmp_path, SERVER_FROM, 24681) == [("crawl/job.py", 5, "DW101")]


def test_a_known_start_command_that_never_runs_the_server(tmp_path):
    assert flagged(tmp_path, SERVER_FROM, 24680, CMD) == [("crawl/job.py", 5, "DW101")]
