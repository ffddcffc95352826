"""A block indented with a tab and spaces (``"\\t    "``) under one indented with spaces is
valid Python (CPython measures tabs to 8-column stops), but LibCST's tokenizer refuses it
("no matching outer block for dedent"). Such a file is no syntax error: it is analysed with
its indentation's tabs expanded (``extract/tabindent.py``), its findings keep the file's own
columns, and a file CPython rejects is still reported."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.extract.python import extract_python
from dockwise.fix.apply import run_fix
from dockwise.fix.plan import attach_fixes
from dockwise.knowledge import default_knowledge

from tests.conftest import make

K = default_knowledge()

# line 5 and 6 are indented "\t    " and "\t        " under a block of four spaces
MIXED = ("import redis\n\n\ndef cache(on):\n    if on:\n\t    url = 'redis://localhost:6379/0'\n"
         "\t    if url:\n\t        return redis.Redis.from_url(url, socket_timeout=2)\n    return None\n\n\n"
         "CLIENT = cache(True)\n")
URL_LINE = 6


def test_mixed_tab_indentation_is_no_syntax_error_and_keeps_columns():
    result = extract_python(MIXED, "app.py", K)
    assert result.errors == ()
    [endpoint] = [e for e in result.endpoints if e.host == "localhost"]
    line = MIXED.splitlines()[URL_LINE - 1]
    assert endpoint.span.line == URL_LINE
    # the file's own column: the tab counts as one character, as an editor's column does
    assert endpoint.span.column == line.index("localhost") + 1
    assert endpoint.port_span is not None and endpoint.port_span.column == line.index("6379") + 1


def test_a_string_keeps_its_tabs():
    src = "def f(x):\n    if x:\n\t    return 'a\\tb' + '''\n\tkept'''\n    return ''\n"
    result = extract_python(src, "app.py", K)
    assert result.errors == ()


def test_what_cpython_rejects_is_still_a_syntax_error():
    bad = "def f(x):\n\tif x:\n        \treturn 1\n\t  return 2\n"
    result = extract_python(bad, "app.py", K)
    assert [e.message.startswith("syntax error") for e in result.errors] == [True]


def test_the_finding_in_the_container_is_kept(tmp_path: Path):
    make(tmp_path, {"compose.yaml": "services:\n  web:\n    build: .\n    command: python app.py\n"
                                    "  cache:\n    image: redis:7\n",
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
                    "app.py": MIXED}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    assert [(f.span.path, f.span.line, f.code) for f in result.active] == [("app.py", URL_LINE, "DW101")]


def test_a_finding_the_fix_command_cannot_edit_offers_no_fix(tmp_path: Path):
    # LibCST, which `dockwise fix` edits Python with, cannot parse the file as written: the
    # finding says no "(fixable)" and fix leaves the file as it is
    make(tmp_path, {"compose.yaml": "services:\n  web:\n    build: .\n    command: python app.py\n"
                                    "  cache:\n    image: redis:7\n",
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
                    "app.py": MIXED}, git=True)
    result = attach_fixes(run_check([tmp_path], Config(cache=False)))
    [finding] = result.active
    assert finding.suggestion is not None and finding.fix is None
    outcome = run_fix(result)
    assert not outcome.errors, outcome.errors
    assert (tmp_path / "app.py").read_text() == MIXED


def test_a_tab_indented_file_libcst_reads_keeps_its_fix(tmp_path: Path):
    tabbed = "import redis\n\n\ndef cache():\n\treturn redis.Redis.from_url('redis://localhost:6379/0')\n\n\nCLIENT = cache()\n"
    make(tmp_path, {"compose.yaml": "services:\n  web:\n    build: .\n    command: python app.py\n"
                                    "  cache:\n    image: redis:7\n",
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
                    "app.py": tabbed}, git=True)
    [finding] = attach_fixes(run_check([tmp_path], Config(cache=False))).active
    assert finding.fix is not None and finding.fix.edits[0].content == "cache"
