"""An all-in-one container whose entrypoint starts PostgreSQL itself, then the Django app:
the settings' ``localhost:5432`` is the container's own server when the port pg_ctl hands
postgres is 5432.  That port is often written inside a longer word (``-o "-c
port=${PGPORT}"``), from a variable the script gives a default of its own
(``export PGPORT=${PGPORT:-5432}``, ``: "${PGPORT:=5432}"``: the service's value where it
sets one), inside the command string of ``su USER -c "..."`` and the like.  The references inside a word are
expanded (``startcmd_args.expand_within``) and a whole variable assigned is expanded when
it is assigned, as the shell does; a variable neither set nor defaulted stays unknown, and
the address stays reported where the port differs, is unknown, or no server is started."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.startcmd_args import expand_within
from dockwise.model import HOLE, Text
from tests.conftest import make

DOCKERFILE = ("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y postgresql\n"
              "WORKDIR /srv\nCOPY . .\nENTRYPOINT [\"/srv/docker/boot.sh\"]\n")
SETTINGS = ('DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n'
            '        "NAME": "shop",\n        "HOST": "localhost",\n        "PORT": "5432",\n    }\n}\n')
WSGI = ('import os\nfrom django.core.wsgi import get_wsgi_application\n\n'
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n'
        'application = get_wsgi_application()\n')
PG = "/usr/lib/postgresql/16/bin/pg_ctl -D $DATA_DIR"


def flagged(tmp_path: Path, lines: str, env: str = "") -> list[tuple[str, str]]:
    compose = ("services:\n  web:\n    build: .\n    ports: [\"8000:8000\"]\n    environment:\n"
               "      DB_OWNER: postgres\n" + env)
    script = (f"#!/bin/bash\nset -e\nexport DATA_DIR=/var/lib/postgresql/data\n{lines}\n"
              "exec gunicorn shop.wsgi --bind 0.0.0.0:8000\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "docker/boot.sh": script,
                    "shop/__init__.py": "", "shop/settings.py": SETTINGS, "shop/wsgi.py": WSGI}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("lines, env", [
    # the port inside a word, from a self-defaulting variable, in su's command string
    ("export DB_PORT=${DB_PORT:-5432}\n"
     f"su - \"$DB_OWNER\" -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", ""),
    (f"DB_PORT=${{DB_PORT:-5432}}\nsu -c \"{PG} -w start -o '-p $DB_PORT'\" postgres", ""),
    ("export DB_PORT=${DB_PORT:=5432}\n"
     f"su postgres -c \"{PG} start --options='-c listen_addresses=* -c port=${{DB_PORT}}'\"", ""),
    # the null command's expansion assigns the default
    (": \"${DB_PORT:=5432}\"\n"
     f"su - postgres -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", ""),
    # the service's value wins over the script's default
    ("export DB_PORT=${DB_PORT:-6000}\n"
     f"su - postgres -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", "      DB_PORT: \"5432\"\n"),
    # set by the service alone, no default in the script
    (f"su - postgres -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", "      DB_PORT: \"5432\"\n"),
    # a default written where the port is read
    (f"su - postgres -c \"{PG} start -o '-c port=${{DB_PORT:-5432}}'\"", ""),
    ("export DB_PORT=${DB_PORT:-5432}\n"
     f"runuser -u postgres -- {PG} start -o \"-c port=${{DB_PORT}}\"", ""),
    ("export DB_PORT=${DB_PORT:-5432}\n"
     f"sudo -u postgres sh -c \"{PG} start -o '-p ${{DB_PORT}}'\"", ""),
])
def test_a_port_written_in_a_word_from_a_defaulted_variable_is_read(tmp_path, lines, env):
    assert flagged(tmp_path, lines, env) == []


@pytest.mark.parametrize("lines, env", [
    # the script's default is another port
    ("export DB_PORT=${DB_PORT:-5434}\n"
     f"su - \"$DB_OWNER\" -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", ""),
    (": ${DB_PORT:=5434}\n"
     f"su - postgres -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", ""),
    # the service moves it
    (": \"${DB_PORT:=5432}\"\n"
     f"su - postgres -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", "      DB_PORT: \"5433\"\n"),
    ("export DB_PORT=${DB_PORT:-5432}\n"
     f"su - postgres -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", "      DB_PORT: \"5433\"\n"),
    # neither set nor defaulted: where it listens is not known
    (f"su - postgres -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", ""),
    ("export DB_PORT=${DB_PORT}\n"
     f"su - postgres -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", ""),
    # computed at run time
    (f"su - postgres -c \"{PG} start -o '-c port=$(cat /etc/pgport)'\"", ""),
    ("export DB_PORT=${DB_PORT:-5432}\n"
     f"su - postgres -c \"{PG} start -o '-c port=${{DB_PORT}}${{SUFFIX}}'\"", ""),
    # no server started
    ("export DB_PORT=${DB_PORT:-5432}\n"
     f"su - postgres -c \"{PG} status -o '-c port=${{DB_PORT}}'\" || true", ""),
    ("export DB_PORT=${DB_PORT:-5432}\necho \"waiting for port=${DB_PORT}\"", ""),
])
def test_another_or_unknown_port_or_no_server_is_reported(tmp_path, lines, env):
    assert flagged(tmp_path, lines, env) == [("shop/settings.py", "DW101")]


@pytest.mark.parametrize("word, env, expected", [
    ("-c port=${P}", {"P": Text("5433")}, "-c port=5433"),
    ("-c port=$P -k x", {"P": Text("5433")}, "-c port=5433 -k x"),
    ("port=${P:-5432}", {}, "port=5432"),
    ("port=${P:-5432}", {"P": Text("")}, "port=5432"),
    ("port=${P-5432}", {"P": Text("")}, "port="),
    ("port=${P:-$Q}", {"Q": Text("7")}, "port=7"),
    ("no variables", {}, "no variables"),
    ("port=${P}", {}, None),
    ("port=${P}", {"P": None}, None),
    ("port=${P}", {"P": Text(HOLE)}, None),
    ("port=$(cat f)", {}, None),
    ("port=$1", {}, None),
    ("port=${#P}", {"P": Text("5")}, None),
    ("port=${P%x}", {"P": Text("5")}, None),
])
def test_expand_within(word, env, expected):
    assert expand_within(word, env) == expected


# runuser without -u has su's form: `runuser [-l] USER -c "cmd"` runs cmd, not a program USER
# (the user `postgres` was read as the postgres server on its default port)
@pytest.mark.parametrize("lines, expected", [
    ("export DB_PORT=${DB_PORT:-5432}\n"
     f"runuser -l postgres -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", []),
    (f"runuser - postgres --command=\"{PG} start\"", []),
    ("export DB_PORT=${DB_PORT:-5434}\n"
     f"runuser -l postgres -c \"{PG} start -o '-c port=${{DB_PORT}}'\"", [("shop/settings.py", "DW101")]),
    (f"runuser -l postgres -c \"{PG} status\"", [("shop/settings.py", "DW101")]),
    # -u: the command follows the options; its own -c is the shell's
    ("runuser -u postgres -- sh -c \"pg_ctl -D /data start -o '-p 5434'\"", [("shop/settings.py", "DW101")]),
    ("runuser -u postgres -- sh -c \"pg_ctl -D /data start -o '-p 5432'\"", []),
])
def test_runuser_in_the_form_of_su_runs_its_command_string(tmp_path, lines, expected):
    assert flagged(tmp_path, lines) == expected
