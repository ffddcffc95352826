"""Variables an entrypoint script exports before ``exec "$@"`` are set for what it runs: a
Python default for one of them never applies in that container (dockwise.layout.entryexports)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.entryexports import _exported_before_exec

from tests.conftest import make

APP = ('import os\nimport psycopg\n'
       'conn = psycopg.connect(os.environ.get("STORE_DSN", "postgresql://u@localhost:5432/app"))\n')


def flagged(tmp_path: Path, script: str) -> list[tuple[str, int, str]]:
    files = {
        "compose.yaml": "services:\n  app:\n    build: .\n    environment:\n      STORE_HOST: db\n"
                        "  db:\n    image: postgres:16\n",
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\nCOPY boot.sh /boot.sh\n"
                       'ENTRYPOINT ["/boot.sh"]\nCMD ["python", "app.py"]\n'),
        "boot.sh": script,
        "app.py": APP,
    }
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_variable_the_entrypoint_exports_overrides_the_code_default(tmp_path):
    script = '#!/bin/sh\nset -e\nexport STORE_DSN="postgresql://u@$STORE_HOST:5432/app"\nexec "$@"\n'
    assert flagged(tmp_path, script) == []


@pytest.mark.parametrize("script", [
    '#!/bin/sh\nif [ -n "$X" ]; then\n  export STORE_DSN="postgresql://u@db/app"\nfi\nexec "$@"\n',  # may not run
    '#!/bin/sh\nexec "$@"\nexport STORE_DSN="postgresql://u@db/app"\n',  # after the hand-over
    '#!/bin/sh\nexport OTHER=1\nexec "$@"\n',
])
def test_exports_that_may_not_reach_the_app_leave_the_default_judged(tmp_path, script):
    assert flagged(tmp_path, script) == [("app.py", 3, "DW101")]


def test_the_script_reader_counts_top_level_exports_before_exec_only():
    text = ('#!/bin/bash\nwait_db() {\n  export IN_FUNC=1\n}\nA=1\nexport A\nexport B="x y" C=$D\n'
            'for i in 1 2; do export LOOP=1; done\ncat <<EOF\nexport IN_HEREDOC=1\nEOF\n'
            'if [ -z "$E" ]; then export ONE_LINE=1; fi\nexec "$@"\nexport LATE=1\n')
    assert _exported_before_exec(text) == ["A", "B", "C"]


def test_a_line_that_is_no_export_gives_nothing():
    # the shape that made an earlier pattern backtrack exponentially (a run never ended): no
    # timing here (speed is measured by bench/), but with that pattern this test never returns
    text = "#!/bin/sh\nexport " + "A" * 40 + " B" * 20 + " (\nexec \"$@\"\n"
    assert _exported_before_exec(text) == []


def test_a_variable_the_service_sets_and_the_entrypoint_exports_again_is_no_error(tmp_path):
    # STORE_HOST comes twice: from Compose (a value) and from the script (unknown); the
    # service's key must order them without comparing a value with None
    script = '#!/bin/sh\nexport STORE_HOST=${STORE_HOST:-}\nexec "$@"\n'
    assert flagged(tmp_path, script) == [("app.py", 3, "DW101")]


def test_a_variable_the_service_sets_keeps_its_value_when_the_entrypoint_exports_it_again(tmp_path):
    from dockwise.knowledge import default_knowledge
    from dockwise.layout.build import load_layout

    make(tmp_path, {
        "compose.yaml": "services:\n  app:\n    build: .\n    environment:\n      STORE_HOST: db\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY boot.sh /boot.sh\nENTRYPOINT ["/boot.sh"]\nCMD ["python", "app.py"]\n',
        "boot.sh": '#!/bin/sh\nexport STORE_HOST=${STORE_HOST:-}\nexport STORE_PORT=5432\nexec "$@"\n',
    }, git=True)
    app = next(s for p in load_layout(tmp_path, default_knowledge()).projects for s in p.services if s.name == "app")
    got = [(v.name, v.value.value if v.value is not None else None) for v in app.environment]
    assert ("STORE_HOST", "db") in got and ("STORE_HOST", None) not in got
    assert ("STORE_PORT", None) in got  # exported only by the script: set, value unknown
