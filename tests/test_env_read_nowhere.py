"""A shared ``.env`` (``env_file: .env``) gives a device simulator's container the web
application's ``DATABASE_URL``.  Where that container's start command runs the project's
Python alone, its code never names the variable, starts no other program, and imports only
its own modules, the standard library and libraries that read no variable of that name on
their own (an MQTT client, python-dotenv; none listed in ``env_readers``), nothing
there reads it: the finding belongs to the service whose code dials it, not to the simulator
(``Judge._read_nowhere``, ``flow/libreaders.py``).  A library that may read the variable by
its documented name, a program the code starts, or code that names the variable keeps it."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

ENV = "DATABASE_URL=postgresql://app:pw@localhost:5432/app\n"
API_DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "-m", "api.main"]\n'
API_MAIN = 'import os\n\nimport psycopg\n\npsycopg.connect(os.environ["DATABASE_URL"])\n'
SIM_DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . ./sim/\nCMD ["python", "-m", "sim.main"]\n'
SIM_MAIN = ('import asyncio\nimport os\n\nimport aiomqtt\nfrom dotenv import load_dotenv\n\n'
            'from sim.sensor import reading\n\nload_dotenv()\n\n\n'
            'async def main():\n'
            '    async with aiomqtt.Client(os.getenv("MQTT_HOST", "broker"), 1883) as c:\n'
            '        await c.publish("t", reading())\n\n\n'
            'asyncio.run(main())\n')
SENSOR = 'import random\n\n\ndef reading():\n    return str(random.random())\n'


def findings(tmp_path: Path, sim_main: str = SIM_MAIN, sim_extra: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    compose = ("services:\n"
               "  api:\n    build: ./api\n    env_file: .env\n"
               "  sim:\n    build: ./sim\n    env_file: .env\n    environment:\n      MQTT_HOST: broker\n"
               "  broker:\n    image: eclipse-mosquitto:2\n")
    files = {"compose.yaml": compose, ".env": ENV,
             "api/Dockerfile": API_DOCKERFILE, "api/api/__init__.py": "", "api/api/main.py": API_MAIN,
             "sim/Dockerfile": SIM_DOCKERFILE, "sim/__init__.py": "", "sim/main.py": sim_main,
             "sim/sensor.py": SENSOR, **(sim_extra or {})}
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, ",".join(f.services)) for f in result.active)


def test_a_container_whose_code_reads_the_variable_nowhere_is_left_out(tmp_path):
    # the api's code dials DATABASE_URL: its finding stays; the simulator reads it nowhere
    assert findings(tmp_path) == [(".env", "DW101", "api")]


def test_code_that_names_the_variable_keeps_the_container(tmp_path):
    main = SIM_MAIN.replace('load_dotenv()\n', 'load_dotenv()\nARCHIVE = os.getenv("DATABASE_URL")\n')
    assert findings(tmp_path, main) == [(".env", "DW101", "api,sim")]


def test_a_library_that_may_read_it_by_its_documented_name_keeps_the_container(tmp_path):
    # dj_database_url.config() reads DATABASE_URL without the project writing the name
    main = SIM_MAIN.replace("import aiomqtt\n", "import aiomqtt\nimport dj_database_url\n") \
        + "DB = dj_database_url.config()\n"
    assert findings(tmp_path, main) == [(".env", "DW101", "api,sim")]


def test_a_program_the_code_starts_keeps_the_container(tmp_path):
    # a migration tool started by the code reads the environment it inherits
    main = SIM_MAIN.replace("import asyncio\n", "import asyncio\nimport subprocess\n") \
        .replace("load_dotenv()\n", 'load_dotenv()\nsubprocess.run(["alembic", "upgrade", "head"])\n')
    assert findings(tmp_path, main) == [(".env", "DW101", "api,sim")]


def test_a_start_script_keeps_the_container(tmp_path):
    extra = {"sim/start.sh": "#!/bin/sh\nprisma migrate deploy\nexec python -m sim.main\n",
             "sim/Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . ./sim/\nCMD ["sh", "sim/start.sh"]\n'}
    assert findings(tmp_path, SIM_MAIN, extra) == [(".env", "DW101", "api,sim")]


def test_a_value_set_for_the_container_itself_keeps_it(tmp_path):
    # the service's own `environment:` entry (not the shared file) is written for this container
    main = SIM_MAIN
    compose_extra = {"compose.override.yaml": "services:\n  sim:\n    environment:\n"
                     "      DATABASE_URL: postgresql://app:pw@localhost:5432/app\n"}
    got = findings(tmp_path, main, compose_extra)
    assert ("compose.override.yaml", "DW101", "sim") in got


def test_a_read_by_a_computed_name_keeps_the_container(tmp_path):
    # `os.getenv(key)` may read any variable; so may a config file filled from the environment
    main = SIM_MAIN.replace('load_dotenv()\n', 'load_dotenv()\nKEY = "ARCHIVE"\nARCHIVE = os.getenv(KEY + "_URL")\n')
    assert findings(tmp_path, main) == [(".env", "DW101", "api,sim")]
    expand = SIM_MAIN.replace('load_dotenv()\n', 'load_dotenv()\nCONF = os.path.expandvars(open("conf.ini").read())\n')
    assert findings(tmp_path / "x", expand) == [(".env", "DW101", "api,sim")]
    whole = SIM_MAIN.replace("from dotenv import load_dotenv\n", "from dotenv import dotenv_values, load_dotenv\n") \
        .replace('load_dotenv()\n', 'load_dotenv()\nSETTINGS = dotenv_values(".env")\n')
    assert findings(tmp_path / "y", whole) == [(".env", "DW101", "api,sim")]
