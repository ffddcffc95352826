"""`&&` and `||` inside bash's conditional command (`[[ -z "$A" && "$B" == n ]]`) join the
test's expressions; they end no command.  Read as command separators, the operand after them
(`"${MODE:=n}"`, `-z`) was taken for a program nobody knows: a container that runs only
nginx fell back to running every file it holds, and got a finding on Python it never runs."""
from __future__ import annotations

from dockwise.knowledge import default_knowledge
from dockwise.layout.startcmd import analyze_command
from dockwise.model import Text
from tests.entrypoint_script import script_findings

SCRIPT = ('#!/bin/bash\n'
          'if [[ -z "$APP_HOME" && "${MODE:=n}" == n ]]; then\n  APP_HOME=/srv\nfi\n'
          'if [[ "$ROLE" == proxy || -n "$DEBUG" ]]; then\n  echo starting\nfi\n'
          '{start}\n')


def findings(tmp_path, start: str) -> list[tuple[str, tuple[str, ...]]]:
    return script_findings(tmp_path, SCRIPT.replace("{start}", start))


def test_a_container_that_starts_only_nginx_after_a_test_runs_no_python(tmp_path):
    assert findings(tmp_path, "exec nginx -g 'daemon off;'") == []


def test_the_python_it_starts_after_the_test_is_still_judged(tmp_path):
    # recall guard: the same script starting the app keeps the finding on its loopback cache
    assert findings(tmp_path, "exec python app.py") == [("app.py", ("web",))]


def test_the_test_is_one_command_and_the_chain_after_it_still_splits():
    knowledge = default_knowledge()
    words = 'if [[ -z "$A" && "${MODE:=n}" == n ]] && exec python app.py; then :; fi'
    info = analyze_command([Text("sh"), Text("-c"), Text(words)], knowledge)
    programs = [argv[0] for argv in info.argvs]
    assert "n" not in programs and "-z" not in programs
    assert [t.value for t in info.python_targets] == ["app.py"]
