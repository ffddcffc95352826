"""A start command is followed through ``su USER -c "cmd"`` (the value of ``-c`` is what its
shell runs: rules/commands.yaml ``command_options``) and through an argument that is a whole
variable the script set before (``uwsgi $ARGS`` after ``ARGS="--ini $INI"``): the uWSGI
configuration it names is read, so a Redis that its ``attach-daemon`` starts in the container
serves the app's ``localhost:6379`` (no DW101), and the module it names is the code judged.
Before, ``su`` was an unknown program and the variable a word nobody read: the container was
judged on every file it holds and the Redis it starts was not known."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = "import redis\n\ncache = redis.Redis(host='localhost', port=6379)\n\n\ndef application(env, start):\n    return []\n"

STARTS = {
    "su": 'su - app -c "exec uwsgi --ini /app/conf/uwsgi.ini"\n',
    "variables": 'INI=/app/conf/uwsgi.ini\nARGS="--ini $INI"\nexec uwsgi $ARGS\n',
    "both": 'INI=/app/conf/uwsgi.ini\nARGS="--ini $INI"\nsu - app -c "exec uwsgi $ARGS"\n',
}


def findings(tmp_path, start: str, daemon: bool) -> list[str]:
    ini = "[uwsgi]\nmodule = app:application\nhttp = 0.0.0.0:8000\n" + ("attach-daemon = redis-server\n" if daemon else "")
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    ports: ['8000:8000']\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . /app\nENTRYPOINT [\"/app/entrypoint.sh\"]\n",
        "entrypoint.sh": "#!/bin/bash\nset -e\n" + start,
        "conf/uwsgi.ini": ini,
        "app.py": APP,
        "jobs/seed.py": "import redis\n\nredis.Redis(host='localhost', port=6380)\n",
    }, git=True)
    return [f"{f.code}:{f.span.path}" for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("start", sorted(STARTS))
def test_the_redis_the_uwsgi_configuration_starts_serves_localhost(tmp_path, start):
    assert findings(tmp_path, STARTS[start], daemon=True) == []


@pytest.mark.parametrize("start", sorted(STARTS))
def test_without_it_the_app_module_still_dials_nothing_there(tmp_path, start):
    assert findings(tmp_path, STARTS[start], daemon=False) == ["DW101:app.py"]
