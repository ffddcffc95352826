"""An environment read whose variable's name the code computes (``os.environ.get(CONF["DB_VAR"],
"localhost")``, the name read from a configuration file) falls back to its default only where
that variable is unset, and dockwise cannot tell which variable it is: in a container that sets
a variable of the project's (a Dockerfile ``ENV DB_IP=$DB_IP``, a Compose ``environment``
entry) the default may be dead, so it is no evidence. Where the container sets none, or only
variables that set up the runtime (``PYTHONUNBUFFERED``: ``rules/flow.yaml``
``runtime_settings_env``), the default is dialled. A name bound once to a string at the
module's top level is that variable, and a name a helper receives from its callers stays
theirs (judged as before)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

APP = ('import json\nimport os\n\nimport psycopg2\n\n'
       'CONF = json.load(open("conf.json"))\n'
       'psycopg2.connect(host=os.environ.get(CONF["DB_VAR"], "localhost"), port=5432)\n')
CONST_APP = ('import os\n\nimport psycopg2\n\nDB_VAR = "DB_IP"\n'
             'psycopg2.connect(host=os.environ.get(DB_VAR, "localhost"), port=5432)\n')


def findings(tmp_path: Path, app: str, environment: str = "", dockerfile_env: str = "") -> list[tuple[str, int]]:
    compose = "services:\n  worker:\n    build: .\n" + environment + "  db:\n    image: postgres:16\n"
    files = {"compose.yaml": compose, "conf.json": '{"DB_VAR": "DB_IP"}\n', "app.py": app,
             "Dockerfile": f'FROM python:3.12-slim\nWORKDIR /app\n{dockerfile_env}COPY . .\nCMD ["python", "app.py"]\n'}
    make(tmp_path, files, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).findings]


def test_a_computed_name_the_dockerfile_may_set_is_no_evidence(tmp_path):
    assert findings(tmp_path, APP, dockerfile_env="ARG DB_IP\nENV DB_IP=$DB_IP\n") == []


def test_a_computed_name_a_compose_variable_may_be_is_no_evidence(tmp_path):
    assert findings(tmp_path, APP, environment="    environment:\n      DB_IP: db\n") == []


def test_a_computed_name_in_a_container_that_sets_nothing_is_dialled(tmp_path):
    assert findings(tmp_path, APP) == [("DW101", 7)]


def test_runtime_variables_alone_leave_the_default_dialled(tmp_path):
    env = "    environment:\n      PYTHONUNBUFFERED: '1'\n      TZ: UTC\n"
    assert findings(tmp_path, APP, environment=env, dockerfile_env="ENV PIP_NO_CACHE_DIR=1\n") == [("DW101", 7)]


def test_a_module_constant_names_its_variable(tmp_path):
    # the variable is known: set elsewhere, the default is dead; unset, it is dialled
    assert findings(tmp_path, CONST_APP, environment="    environment:\n      OTHER: x\n") == [("DW101", 6)]
    assert findings(tmp_path, CONST_APP, environment="    environment:\n      DB_IP: db\n") == []


def test_a_name_a_function_receives_stays_its_callers(tmp_path):
    # (the callers name the variable: judged as before, not as a name computed at run time)
    app = ('import os\n\nimport psycopg2\n\n\ndef connect(var):\n'
           '    return psycopg2.connect(host=os.environ.get(var, "localhost"), port=5432)\n\n\nconnect("DB_IP")\n')
    assert findings(tmp_path, app, environment="    environment:\n      OTHER: x\n") == [("DW101", 7)]


def test_a_name_joined_from_module_constants_names_its_variable(tmp_path):
    # f"{PREFIX}_IP" and PREFIX + "_IP" are DB_IP: unset in the container, the default is dialled
    for read in ('f"{PREFIX}_IP"', 'PREFIX + "_IP"'):
        app = ('import os\n\nimport psycopg2\n\nPREFIX = "DB"\n'
               f'psycopg2.connect(host=os.environ.get({read}, "localhost"), port=5432)\n')
        assert findings(tmp_path, app, environment="    environment:\n      OTHER: x\n") == [("DW101", 6)]
        assert findings(tmp_path, app, environment="    environment:\n      DB_IP: db\n") == []


def test_a_name_bound_again_is_not_known(tmp_path):
    app = ('import os\n\nimport psycopg2\n\nDB_VAR = "DB_IP"\nif os.path.exists("/etc/alt"):\n    DB_VAR = "ALT_IP"\n'
           'psycopg2.connect(host=os.environ.get(DB_VAR, "localhost"), port=5432)\n')
    assert findings(tmp_path, app, environment="    environment:\n      ALT_IP: db\n") == []
    assert findings(tmp_path, app) == [("DW101", 8)]


def test_a_local_bound_once_names_its_variable(tmp_path):
    # `var = "DB_IP"` in the function that reads it: DB_IP, judged as a literal name is
    app = ('import os\n\nimport psycopg2\n\n\ndef connect():\n    var = "DB_IP"\n'
           '    return psycopg2.connect(host=os.environ.get(var, "localhost"), port=5432)\n\n\nconnect()\n')
    assert findings(tmp_path, app, environment="    environment:\n      OTHER: x\n") == [("DW101", 8)]
    assert findings(tmp_path, app, environment="    environment:\n      DB_IP: db\n") == []


def test_a_local_bound_twice_is_not_known(tmp_path):
    app = ('import os\n\nimport psycopg2\n\n\ndef connect(alt):\n    var = "DB_IP"\n    if alt:\n        var = "ALT_IP"\n'
           '    return psycopg2.connect(host=os.environ.get(var, "localhost"), port=5432)\n\n\nconnect(False)\n')
    assert findings(tmp_path, app, environment="    environment:\n      ALT_IP: db\n") == []
