"""A start script's `case` arm patterns (`true | yes | on)`) and the elements of an array written
over several lines (`vars=(` newline `DATA_DIR` newline `)`) are shell syntax, not programs
(``layout/shellsyntax.py``).  Read as commands, they were programs nobody knows: a container whose
script starts only nginx fell back to running every file it holds, and got a finding on Python
it never runs."""
from __future__ import annotations

from dockwise.knowledge import default_knowledge
from dockwise.layout.shellsyntax import without_syntax_words
from dockwise.layout.startcmd import analyze_command
from dockwise.model import Text
from tests.entrypoint_script import script_findings

SCRIPT = ('#!/bin/bash\n'
          'flag() {\n  case "${1,,}" in\n    true | yes | on)\n      echo True\n      ;;\n\n'
          '    false | no | off) echo False ;;\n  esac\n}\n'
          'checked_vars=(\n  DATA_DIR\n  CACHE_DIR\n)\n'
          'DEBUG="$(flag "$DEBUG")"\n'
          '{start}\n')


def findings(tmp_path, start: str) -> list[tuple[str, tuple[str, ...]]]:
    return script_findings(tmp_path, SCRIPT.replace("{start}", start))


def test_a_container_that_starts_only_nginx_runs_no_python(tmp_path):
    assert findings(tmp_path, "exec nginx -g 'daemon off;'") == []


def test_the_python_the_script_starts_is_still_judged(tmp_path):
    # recall guard: the same script starting the app keeps the finding on its loopback cache
    assert findings(tmp_path, "exec python app.py") == [("app.py", ("web",))]


def test_an_arm_written_on_its_patterns_line_runs_its_command():
    # `web) exec python app.py ;;`: the pattern goes, the arm's command stays
    words = 'case "$ROLE" in\n  web | api) exec python app.py ;;\n  *) exec nginx ;;\nesac'
    info = analyze_command([Text("sh"), Text("-c"), Text(words)], default_knowledge())
    assert [t.value for t in info.python_targets] == ["app.py"]
    assert [a[0] for a in info.argvs] == ["case", "python", "nginx"]


def _kept(script: str) -> list[str]:
    from dockwise.layout.shell import split_words
    words = split_words(Text(script), newline_is_separator=True)
    toks, ops = without_syntax_words([w.text for w in words], [w.control for w in words])
    return [t.value for t, o in zip(toks, ops, strict=True) if not o]


def test_only_syntax_words_go():
    assert _kept("case $x in\n  a | b)\n    run\n    ;;\n  esac") == ["case", "$x", "in", "run", "esac"]
    # what follows `;;` that is no pattern (a command, `esac`) is kept as written
    assert _kept("case $x in\n  a) run ;;\nesac\nnext") == ["case", "$x", "in", "run", "esac", "next"]
    # an array's elements go, on one line or several; one never closed is left alone
    assert _kept("A=(one two)\nrun") == ["A=(one", "run"]
    assert _kept("A=(\n one\n") == ["A=(", "one"]
    assert _kept("A=(\n one\n two\n)\nrun") == ["A=(", "run"]
    # a `|` outside a case is a pipeline, `x)` outside one a word
    assert _kept("ps aux | grep x)") == ["ps", "aux", "grep", "x)"]


ARITHMETIC_LOOP = ('#!/bin/bash\n'
                   'for (( i=0; i<${WORKERS:-2}; i++ ))\ndo\n  nginx -g "daemon off;" &\ndone\n'
                   'for ((n=0;n<2;n++)); do sleep 1; done\n'
                   '{start}\n')


def test_an_arithmetic_loop_header_names_no_program(tmp_path):
    """`for (( i=0; i<N; i++ ))`: split at its `;`, the header read as programs `i` and `i++`
    nobody knows, and the container fell back to running every file it holds."""
    assert script_findings(tmp_path, ARITHMETIC_LOOP.replace("{start}", "wait")) == []
    assert _kept("for (( i=0; i<N; i++ ))\ndo\n  run\ndone") == ["for", "((", "do", "run", "done"]
    assert _kept("for ((i=0;i<3;i++)); do run; done") == ["for", "((i=0", "do", "run", "done"]


def test_the_python_an_arithmetic_loop_script_starts_is_still_judged(tmp_path):
    start = "exec python app.py"
    assert script_findings(tmp_path, ARITHMETIC_LOOP.replace("{start}", start)) == [("app.py", ("web",))]
