""""Am I in a container?" checks: a value behind one is what every container uses, and the
other branch never runs in a service (``rules/flow.yaml`` container_checks and markers)."""
from __future__ import annotations

from dockwise.flow import Flow
from dockwise.flow.results import FlowResult
from dockwise.knowledge import default_knowledge

K = default_knowledge()

HELPER = ('import os\n'
          'def running_here():\n'
          '    return os.path.exists("/.dockerenv")\n')


def flow_of(source: str, needle: str) -> FlowResult:
    lines = source.split("\n")
    line, column = next((i + 1, text.index(needle) + 1) for i, text in enumerate(lines) if needle in text)
    files = {"main.py": source}
    return Flow(K, files.get, files).of("main.py", line, column)


def binds(result: FlowResult) -> list[str]:
    return [s.role for s in result.sinks if s.role == "bind" and s.runs_with({}) is not False]


def test_the_loopback_branch_of_a_container_check_never_runs_in_a_container():
    for test in ("in_docker()", "utils.is_running_in_docker()", 'os.path.exists("/.dockerenv")',
                 'Path("/.dockerenv").exists()', "running_here()"):
        src = HELPER + f'import uvicorn\nuvicorn.run("app:app", host="0.0.0.0" if {test} else "127.0.0.1")\n'
        result = flow_of(src, "127.0.0.1")
        assert result.sinks == () and result.never, test
        assert binds(flow_of(src, "0.0.0.0")) == ["bind"], test


def test_a_negated_check_swaps_the_branches():
    src = 'import uvicorn\nuvicorn.run("app:app", host="127.0.0.1" if not in_docker() else "0.0.0.0")\n'
    assert flow_of(src, "127.0.0.1").sinks == ()


def test_a_statement_behind_a_container_check_holds_in_every_container():
    src = HELPER + ('import uvicorn\nif running_here():\n    host = "0.0.0.0"\nelse:\n    host = "127.0.0.1"\n'
                    'uvicorn.run("app:app", host=host)\n')
    assert binds(flow_of(src, "127.0.0.1")) == []
    assert binds(flow_of(src, "0.0.0.0")) == ["bind"]


def test_another_condition_stays_unknown():
    src = 'import uvicorn\nuvicorn.run("app:app", host="0.0.0.0" if public() else "127.0.0.1")\n'
    assert binds(flow_of(src, "127.0.0.1")) == ["bind"]
    src = HELPER.replace("/.dockerenv", "/etc/app.conf") + (
        'import uvicorn\nuvicorn.run("app:app", host="0.0.0.0" if running_here() else "127.0.0.1")\n')
    assert binds(flow_of(src, "127.0.0.1")) == ["bind"]
