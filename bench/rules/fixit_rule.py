"""The peers' rule for Fixit 2: "a string literal that holds a loopback / IP connect target".

Same regex as bench/rules/semgrep.yaml, the ripgrep row and the pure-Python floor in
bench/run.py. bench/run.py runs it as

    PYTHONPATH=bench/rules fixit --rules fixit_rule:LoopbackConnectTarget lint CORPUS
"""

from __future__ import annotations

import re

import libcst as cst
from fixit import Invalid, LintRule, Valid

PATTERN = re.compile(r"localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0")


class LoopbackConnectTarget(LintRule):
    """A string literal (plain or the literal part of an f-string) holding a loopback / IP target."""

    MESSAGE = "string literal holds a loopback / IP connect target"
    VALID = [
        Valid('engine = create_engine("postgresql://app@db:5432/app")'),
        Valid("# redis://localhost:6379 in a comment\nx = 1"),
    ]
    INVALID = [
        Invalid('engine = create_engine("postgresql://app@localhost:5432/app")'),
        Invalid('r = redis.Redis(host="127.0.0.1")'),
        Invalid('url = f"http://0.0.0.0:{port}/health"'),
    ]

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if PATTERN.search(node.value):
            self.report(node)

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        if PATTERN.search(node.value):
            self.report(node)
