"""A branch gated by a parameterless function that returns a comparison of an environment
read (``def in_dev(): return os.environ.get("APP_DEV") == "1"``) runs only where the service's
environment makes that comparison true: a loopback default assigned behind it is no finding
in a container that leaves the flag off, and still is in one that turns it on."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CLIENT = """\
import os

import requests

LOCAL_SPEECH_URL = "http://127.0.0.1:5077"


def in_dev():
    return os.environ.get("APP_DEV") == "1"


def speech_url():
    url = (os.environ.get("SPEECH_URL") or "").strip()
    if not url and in_dev():
        url = LOCAL_SPEECH_URL
    return url


def transcribe(data):
    return requests.post(f"{speech_url()}/transcribe", data=data, timeout=10)
"""
COMPOSE = """\
services:
  api:
    build: .
    command: python main.py
    environment:
{env}
"""


def _codes(tmp_path: Path, env: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(env=env),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "main.py": "from speech import transcribe\ntranscribe(b'')\n",
        "speech.py": CLIENT,
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_flag_the_container_leaves_off_keeps_the_branch_dead(tmp_path):
    assert _codes(tmp_path, "      LOG_LEVEL: info") == []


@pytest.mark.parametrize("env", ["      APP_DEV: '1'", "      APP_DEV: '1'\n      SPEECH_URL: ''"])
def test_a_flag_the_container_turns_on_keeps_the_finding(tmp_path, env):
    assert _codes(tmp_path, env) == ["DW101"]
