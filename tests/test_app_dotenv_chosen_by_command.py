"""A dotenv file whose name the application builds from a word it is given
(``load_dotenv(f".env.{run_env}")`` with ``run_env`` from a ``--env`` option or an
environment variable): where the service's start command or its environment gives a word
that names one of the files the template matches (``--env=docker`` beside ``.env.docker``),
that file is the one loaded, and the variables it sets replace the code's defaults
(``flow/appdotenv.py``).  Where nothing names a file, or the file named gives the variable a
loopback address, the default is judged as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
{extra}  cache:
    image: redis:7
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD {cmd}\n"
APP = """\
import argparse
import os

import redis
from dotenv import load_dotenv

parser = argparse.ArgumentParser()
parser.add_argument("--env", default="")
args, _ = parser.parse_known_args()
run_env = args.env or os.environ.get("RUN_ENV", "") or "dev"
env_file = {template}
load_dotenv(env_file)
cache = redis.Redis(host=os.getenv("CACHE_HOST", "127.0.0.1"), port=6379)
"""
FILES = {".env.docker": "CACHE_HOST = 'cache'\n", ".env.dev": "CACHE_HOST=127.0.0.1\n"}


def _findings(tmp_path: Path, cmd: str, extra: str = "", template: str = 'f".env.{run_env}"') -> list[tuple[str, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(extra=extra), "Dockerfile": DOCKERFILE.format(cmd=cmd),
                    "app/main.py": APP.format(template=template), **FILES}, git=True)
    return [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_file_the_start_command_names_sets_the_variable(tmp_path):
    assert _findings(tmp_path, '["python", "app/main.py", "--env=docker"]') == []


def test_a_concatenated_template_too(tmp_path):
    assert _findings(tmp_path, '["python", "app/main.py", "--env", "docker"]', template='".env." + run_env') == []


def test_the_file_the_environment_names_sets_the_variable(tmp_path):
    extra = "    environment:\n      RUN_ENV: docker\n"
    assert _findings(tmp_path, '["python", "app/main.py"]', extra=extra) == []


def test_a_named_file_that_gives_a_loopback_address_keeps_the_finding(tmp_path):
    assert _findings(tmp_path, '["python", "app/main.py", "--env=dev"]') == [("DW101", "app/main.py")]


def test_no_file_named_keeps_the_finding(tmp_path):
    assert _findings(tmp_path, '["python", "app/main.py"]') == [("DW101", "app/main.py")]


def test_files_named_by_several_words_must_all_set_the_variable(tmp_path):
    extra = "    environment:\n      RUN_ENV: dev\n"
    assert _findings(tmp_path, '["python", "app/main.py", "--env=docker"]', extra=extra) == [("DW101", "app/main.py")]
