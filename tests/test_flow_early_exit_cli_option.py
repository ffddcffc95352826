"""A dial behind an early exit on a parameter (``if not email_to: return`` above
``smtplib.SMTP("127.0.0.1")``) runs only where a call gives that parameter a value that
passes: where every call that may run leaves it at its default, or hands it a command-line
option (``options.alert_emails`` of optparse's or argparse's ``parse_args()``, handed on
through parameters) whose flag the start command does not give, the dial never runs.  The
option given in the start command, a call with a value, or a start command the shell fills in
keeps the finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

LOG = '''import smtplib


class Logger:
    def __init__(self, out):
        self.out = out

    def alert(self, email_to, message):
        if not email_to:
            return
        server = smtplib.SMTP("127.0.0.1")
        server.sendmail("robot@example.org", email_to, message)
        server.quit()
'''
OPTPARSE = '''#!/usr/bin/env python3
import sys
from optparse import OptionParser

from app.log import Logger


def check(logger, options):
    if not options.country:
        logger.alert(options.alert_emails, "no country")
        return 1
    return 0


def main(options):
    logger = Logger(sys.stdout)
    return check(logger, options)


if __name__ == "__main__":
    parser = OptionParser()
    parser.add_option("--country", dest="country", action="store")
    parser.add_option("--send-alert-email", dest="alert_emails", action="append")
    (options, args) = parser.parse_args()
    sys.exit(main(options))
'''
ARGPARSE = '''import argparse
import sys

from app.log import Logger


def main(args):
    logger = Logger(sys.stdout)
    logger.alert(args.alert_to, "started")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--country")
    parser.add_argument("--alert-to", default=None)
    args = parser.parse_args()
    main(args)
'''


def _findings(tmp_path: Path, script: str, command: str) -> list[tuple[str, str, int]]:
    compose = f"services:\n  job:\n    build: .\n    command: {command}\n"
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"run.py\"]\n",
        "app/__init__.py": "",
        "app/log.py": LOG,
        "run.py": script,
    }, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


FOUND = [("DW101", "app/log.py", 11)]


@pytest.mark.parametrize("script", [OPTPARSE, ARGPARSE])
def test_an_option_the_start_command_does_not_give_never_passes_the_exit(tmp_path, script):
    assert _findings(tmp_path, script, "python run.py --country=monaco") == []


def test_the_option_given_keeps_the_dial(tmp_path):
    assert _findings(tmp_path, OPTPARSE, "python run.py --send-alert-email=ops@example.org") == FOUND


def test_an_abbreviated_option_given_keeps_the_dial(tmp_path):
    assert _findings(tmp_path, OPTPARSE, "python run.py --send-alert ops@example.org") == FOUND


def test_the_argparse_option_given_keeps_the_dial(tmp_path):
    assert _findings(tmp_path, ARGPARSE, "python run.py --alert-to ops@example.org") == FOUND


def test_a_command_the_shell_fills_in_keeps_the_dial(tmp_path):
    assert _findings(tmp_path, OPTPARSE, "sh -c 'python run.py $$RUN_ARGS'") == FOUND


def test_a_call_with_a_constant_that_passes_keeps_the_dial(tmp_path):
    script = ARGPARSE.replace("logger.alert(args.alert_to,", 'logger.alert(["ops@example.org"],')
    assert _findings(tmp_path, script, "python run.py --country=monaco") == FOUND


def test_a_call_leaving_the_parameter_at_a_default_that_fails_never_dials(tmp_path):
    log = LOG.replace("def alert(self, email_to, message):", "def alert(self, message, email_to=None):")
    script = ARGPARSE.replace("logger.alert(args.alert_to, \"started\")", "logger.alert(\"started\")")
    compose = "services:\n  job:\n    build: .\n    command: python run.py\n"
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"run.py\"]\n",
        "app/__init__.py": "", "app/log.py": log, "run.py": script}, git=True)
    assert [f.code for f in run_check([tmp_path], Config(cache=False)).active] == []
