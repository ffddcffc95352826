"""A run whose every path is missing checks nothing: it reports the missing paths and no
other error.  Before, the root fell back to the working directory and that project's layout
was loaded and its errors reported (an unreadable Compose file of a directory nobody named),
which from a large directory also took long."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

BROKEN = "services:\n  web:\n    build: .\n  web:\n    image: x\n"  # a duplicate key: an error line


def test_only_missing_paths_load_no_project(tmp_path, monkeypatch):
    here = make(tmp_path / "here", {"compose.yaml": BROKEN, "app.py": "x = 1\n"}, git=True)
    monkeypatch.chdir(here)
    result = run_check([tmp_path / "elsewhere" / "nothing"], Config(cache=False))
    assert [e.message for e in result.errors] == ["no such file or directory"]
    assert result.findings == () and result.files_checked == 0


def test_a_missing_path_beside_one_that_exists_still_loads_its_project(tmp_path, monkeypatch):
    here = make(tmp_path / "here", {"compose.yaml": BROKEN, "app.py": "x = 1\n"}, git=True)
    monkeypatch.chdir(here)
    result = run_check([here / "nothing.py", here / "app.py"], Config(cache=False))
    messages = [e.message for e in result.errors]
    assert "no such file or directory" in messages and len(messages) > 1  # the Compose file's error too
