"""A .gitignore line that is no pattern, a lone ``!`` (a negation of nothing) or a lone
trailing backslash, is skipped by git, which applies the file's other lines; pathspec
rejects the whole file for it.  dockwise leaves such lines out: no internal error, and the
file's other patterns still hide what they name (``git status --ignored`` agrees)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.discover import IgnoreRules, walk
from dockwise.engine import run_check
from tests.conftest import make


def _rels(paths, root: Path) -> list[str]:
    return sorted(Path(p).relative_to(root).as_posix() for p in paths)


def test_lines_git_skips_leave_the_other_patterns(tmp_path: Path) -> None:
    make(tmp_path, {
        ".gitignore": "out/\n!\n*.tmp.py\n\\\n!out/keep.py\n",
        "app.py": "",
        "scratch.tmp.py": "",
        "out/gen.py": "",
        "sub/.gitignore": "!\n",
        "sub/mod.py": "",
    })
    found = walk([tmp_path], tmp_path, IgnoreRules(tmp_path))
    # `out/` excludes the directory, so git does not re-include a file in it either
    assert _rels(found.files, tmp_path) == ["app.py", "sub/mod.py"]


def test_check_runs_without_an_internal_error(tmp_path: Path) -> None:
    make(tmp_path, {
        ".gitignore": "build/\n!\n",
        "compose.yaml": "services:\n  web:\n    build: .\n    command: python app.py\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app.py": "import redis\n\nredis.Redis(host='localhost').ping()\n",
    }, git=True)
    result = run_check([tmp_path], Config())
    assert not result.errors, result.errors
    assert [f.code for f in result.findings] == ["DW101"]
