"""A service whose ``env_file`` is not in the tree (and has no committed twin) has an unknown
environment, so a branch on a variable may run there.  But a variable its own ``environment``
key sets is known: Compose gives it over any env_file's value.  A branch that variable turns
off (``"kv" if ON_BOX else "localhost"`` with ``RUN_IN_BOX: "yes"``) is not dialled there; a
service that sets it to another value, or leaves it to the unread file, still is."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

FLAGGED = ('import os\n'
           'import redis\n\n'
           'ON_BOX = os.getenv("RUN_IN_BOX", "no").lower() == "yes"\n'
           'HOST = "kv" if ON_BOX else "localhost"\n'
           'client = redis.Redis(host=HOST, port=6379)\n'
           'client.ping()\n')

BRANCHED = ('import os\n'
            'import redis\n\n'
            'if os.environ.get("RUN_IN_BOX") == "yes":\n'
            '    HOST = "kv"\n'
            'else:\n'
            '    HOST = "localhost"\n'
            'redis.Redis(host=HOST, port=6379).ping()\n')


def service(name: str, environment: str) -> str:
    return (f"  {name}:\n    build: .\n    command: python app.py\n"
            f"    env_file: [secrets.env]\n{environment}")


def findings(tmp_path, code: str) -> list[tuple[int, str, tuple[str, ...]]]:
    compose = ("services:\n  kv:\n    image: redis:7\n"
               + service("boxed", "    environment:\n      RUN_IN_BOX: \"yes\"\n      LOG_LEVEL: info\n")
               + service("plain", "    environment:\n      RUN_IN_BOX: \"no\"\n")
               + service("unset", "    environment:\n      LOG_LEVEL: info\n")
               + service("bare", ""))
    make(tmp_path, {"app.py": code, "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
                    "compose.yaml": compose}, git=True)
    return sorted((f.span.line, f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_flag_the_environment_key_sets_decides_a_conditional_expression(tmp_path):
    # `boxed` takes the service's side; `plain` sets the flag off; `unset` and `bare` leave it
    # to the file that is not in the tree
    assert findings(tmp_path, FLAGGED) == [(5, "DW101", ("bare", "plain", "unset"))]


def test_a_flag_the_environment_key_sets_decides_an_if_statement(tmp_path):
    assert findings(tmp_path, BRANCHED) == [(7, "DW101", ("bare", "plain", "unset"))]
