"""Project root, file discovery (.gitignore, skipped directories) and files given by name."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dockwise.cli import cli
from dockwise.config import Config
from dockwise.discover import IgnoreRules, find_root, is_test_path, walk
from dockwise.engine import run_check

from tests.conftest import make


def rels(paths, root: Path) -> list[str]:
    return sorted(Path(p).relative_to(root).as_posix() for p in paths)


def check(*args: str):
    res = CliRunner().invoke(cli, ["check", "--format", "json", *args], catch_exceptions=False)
    return res.exit_code, json.loads(res.stdout)


# --------------------------------------------------------------------------- project root


@pytest.mark.parametrize("marker", [".git", "pyproject.toml", "compose.yaml", "compose.yml",
                                    "docker-compose.yaml", "docker-compose.yml"])
def test_root_is_nearest_ancestor_with_a_marker(tmp_path, marker):
    top = tmp_path / "top"
    make(top, {"a/b/c/x.py": ""})
    if marker == ".git":
        (top / "a" / ".git").mkdir()
    else:
        (top / "a" / marker).write_text("services: {}\n" if "compose" in marker else "")
    assert find_root([top / "a/b/c/x.py"]) == top / "a"
    assert find_root([top / "a/b/c"]) == top / "a"
    assert find_root([top / "a"]) == top / "a"


def test_root_is_the_repository(tmp_path):
    # `cd svc && dockwise check .` judges svc/ exactly as a run at the repository's root does
    (tmp_path / ".git").mkdir()
    make(tmp_path, {"svc/compose.yaml": "services: {}\n", "svc/app/x.py": ""})
    assert find_root([tmp_path / "svc/app/x.py"]) == tmp_path
    assert find_root([tmp_path / "svc/app/x.py", tmp_path / "other.py"]) == tmp_path


def test_root_outside_a_repository_is_the_nearest_compose_project(tmp_path):
    make(tmp_path, {"top/compose.yaml": "services: {}\n", "top/svc/compose.yaml": "services: {}\n", "top/svc/app/x.py": ""})
    assert find_root([tmp_path / "top/svc/app/x.py"]) == tmp_path / "top/svc"


def test_root_without_marker_is_the_common_directory(tmp_path):
    make(tmp_path, {"a/x.py": "", "a/b/y.py": ""})
    root = find_root([tmp_path / "a/x.py", tmp_path / "a/b/y.py"])
    # no marker anywhere up to / in tmp dirs is not guaranteed, so only check it's an ancestor
    assert root == tmp_path / "a" or root in (tmp_path / "a").parents


def test_paths_stay_relative_to_cwd_not_root(tmp_path, monkeypatch):
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: ./api\n  redis:\n    image: redis:7\n",
        "api/Dockerfile": "FROM python:3.12\nCOPY . /app\n",
        "api/pkg/app.py": 'U = "redis://localhost:6379/0"\nimport requests\nrequests.get(U)\n',
    })
    monkeypatch.chdir(tmp_path / "api" / "pkg")
    _, data = check("app.py")
    (f,) = data["findings"]
    assert f["path"] == "app.py"
    assert f["suggestion"] == {"host": "redis", "port": 6379}  # the root (and its compose.yaml) was found


def test_single_file_below_a_nested_pyproject_is_judged_against_the_repo_layout(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: ./api\n  redis:\n    image: redis:7\n",
        "api/Dockerfile": "FROM python:3.12\nCOPY . /app\n",
        "api/pyproject.toml": "[project]\nname = 'api'\n",
        "api/app.py": 'U = "redis://localhost:6379/0"\nimport requests\nrequests.get(U)\n',
    })
    monkeypatch.chdir(tmp_path)
    whole = {f["path"]: f["suggestion"] for f in check(".")[1]["findings"]}
    single = {f["path"]: f["suggestion"] for f in check("api/app.py")[1]["findings"]}
    assert whole == {"api/app.py": {"host": "redis", "port": 6379}}
    assert single == whole


# --------------------------------------------------------------------------- walking


def test_skipped_directories(tmp_path):
    make(tmp_path, {
        "app.py": "",
        ".git/hooks/x.py": "",
        "node_modules/pkg/x.py": "",
        "pkg/__pycache__/x.py": "",
        "env/pyvenv.cfg": "home = /usr/bin\n",  # a virtual environment under any name
        "env/lib/x.py": "",
        ".venv/lib/x.py": "",
        "venv/lib/x.py": "",
        "pkg/mod.py": "",
        "pkg/compose.yaml": "",
        "pkg/Dockerfile": "",
        "pkg/.env": "",
        "pkg/README.md": "",
        "pkg/data.json": "",
    })
    found = walk([tmp_path], tmp_path, IgnoreRules(tmp_path))
    assert rels(found.files, tmp_path) == ["app.py", "pkg/.env", "pkg/Dockerfile", "pkg/compose.yaml", "pkg/mod.py"]


def test_gitignore_respected_nested_and_negated(tmp_path):
    make(tmp_path, {
        ".gitignore": "build/\n*.gen.py\n/top_only.py\n",
        "a.py": "",
        "x.gen.py": "",
        "top_only.py": "",
        "sub/top_only.py": "",  # anchored pattern: only at the root
        "build/b.py": "",
        "sub/.gitignore": "secret*.py\n!secret_ok.py\n",
        "sub/secret1.py": "",
        "sub/secret_ok.py": "",
        "sub/deeper/secret2.py": "",
        "other/secret3.py": "",  # the nested .gitignore applies below its directory only
    })
    found = walk([tmp_path], tmp_path, IgnoreRules(tmp_path))
    assert rels(found.files, tmp_path) == ["a.py", "other/secret3.py", "sub/secret_ok.py", "sub/top_only.py"]


def test_gitignore_can_be_turned_off(tmp_path):
    make(tmp_path, {".gitignore": "*.py\n", "a.py": ""})
    assert rels(walk([tmp_path], tmp_path, IgnoreRules(tmp_path, gitignore=False)).files, tmp_path) == ["a.py"]


def test_excludes_are_gitignore_style(tmp_path):
    make(tmp_path, {"legacy/a.py": "", "b.generated.py": "", "c.py": "", "sub/legacy/d.py": ""})
    found = walk([tmp_path], tmp_path, IgnoreRules(tmp_path, ["/legacy/", "*.generated.py"]))
    assert rels(found.files, tmp_path) == ["c.py", "sub/legacy/d.py"]


def test_files_given_by_name_are_taken_as_given(tmp_path):
    make(tmp_path, {".gitignore": "ignored.py\n", "ignored.py": "", "node_modules/x.py": "", "notes.txt": ""})
    given = [tmp_path / "ignored.py", tmp_path / "node_modules/x.py", tmp_path / "notes.txt"]
    found = walk(given, tmp_path, IgnoreRules(tmp_path))
    assert rels(found.files, tmp_path) == ["ignored.py", "node_modules/x.py", "notes.txt"]
    assert found.missing == ()
    assert walk([tmp_path / "nope.py"], tmp_path, IgnoreRules(tmp_path)).missing == (str(tmp_path / "nope.py"),)


def test_symlink_loop_terminates(tmp_path):
    make(tmp_path, {"a/x.py": ""})
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    assert rels(walk([tmp_path], tmp_path, IgnoreRules(tmp_path)).files, tmp_path) == ["a/x.py"]


@pytest.mark.parametrize("rel, expected", [
    ("tests/a.py", True), ("pkg/test/a.py", True), ("test_a.py", True), ("pkg/a_test.py", True),
    ("conftest.py", True), ("pkg/app.py", False), ("pkg/testing_utils.py", False), ("contest.py", False),
    ("latest/app.py", False),
])
def test_is_test_path(rel, expected):
    assert is_test_path(rel) is expected


# --------------------------------------------------------------------------- end to end

PROJECT = {
    "compose.yaml": "services:\n  api:\n    build: ./api\n    environment:\n      CACHE_URL: redis://localhost:6379/1\n"
                    "  redis:\n    image: redis:7\n",
    "api/Dockerfile": "FROM python:3.12\nCOPY . /app\n",
    "api/app.py": 'U = "redis://localhost:6379/0"\nimport requests\nrequests.get(U)\n',
    "api/other.py": 'V = "redis://localhost:6379/2"\nimport requests\nrequests.get(V)\n',
    "api/.gitignore": "generated/\n",
    "api/generated/g.py": 'W = "redis://localhost:6379/3"\nimport requests\nrequests.get(W)\n',
    "api/node_modules/n.py": 'W = "redis://localhost:6379/4"\nimport requests\nrequests.get(W)\n',
    "api/.venv/pyvenv.cfg": "",
    "api/.venv/lib/v.py": 'W = "redis://localhost:6379/5"\nimport requests\nrequests.get(W)\n',
}


def test_walk_end_to_end_skips_ignored_and_vendored(tmp_path, monkeypatch):
    make(tmp_path, PROJECT)
    monkeypatch.chdir(tmp_path)
    _, data = check()
    assert sorted(f["path"] for f in data["findings"]) == ["api/app.py", "api/other.py", "compose.yaml"]


def test_pre_commit_style_files_filter_reports_not_layout(tmp_path, monkeypatch):
    make(tmp_path, PROJECT)
    monkeypatch.chdir(tmp_path)
    _, data = check("api/app.py")
    (f,) = data["findings"]
    assert f["path"] == "api/app.py" and f["service"] == "api"
    assert f["suggestion"] == {"host": "redis", "port": 6379}  # judged against the whole layout
    _, data = check("compose.yaml")
    assert [(f["path"], f["line"]) for f in data["findings"]] == [("compose.yaml", 5)]
    # several names at once, as pre-commit passes them
    _, data = check("api/other.py", "compose.yaml", "api/Dockerfile")
    assert sorted(f["path"] for f in data["findings"]) == ["api/other.py", "compose.yaml"]
    # an ignored file given by name is taken as given
    _, data = check("api/generated/g.py")
    assert [f["path"] for f in data["findings"]] == ["api/generated/g.py"]


def test_run_check_directory_scope(tmp_path, monkeypatch):
    make(tmp_path, PROJECT)
    make(tmp_path, {"api/sub/s.py": 'S = "redis://localhost:6379/6"\nimport requests\nrequests.get(S)\n'})
    monkeypatch.chdir(tmp_path)
    result = run_check([Path("api/sub")], Config())
    assert result.root == tmp_path
    assert sorted(f.span.path for f in result.findings) == ["api/sub/s.py"]
    assert result.layout is not None and any(p.services for p in result.layout.projects)


def test_a_directory_named_on_the_command_line_is_checked_even_if_ignored_above(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    make(tmp_path, {
        ".gitignore": ".work/\n",
        ".work/c/Dockerfile": "FROM python:3.12\nCOPY . /app\n",
        ".work/c/a.py": 'U = "redis://localhost:6379/0"\nimport requests\nrequests.get(U)\n',
        ".work/c/skip/.gitignore": "*.py\n",
        ".work/c/skip/b.py": 'U = "redis://localhost:6379/0"\nimport requests\nrequests.get(U)\n',
    })
    monkeypatch.chdir(tmp_path)
    assert check(".")[1]["findings"] == []  # ignored when walking the project
    found = [f["path"] for f in check(".work/c")[1]["findings"]]
    assert found == [".work/c/a.py"]  # named explicitly: checked; ignore files inside it still apply


def test_the_layout_from_discoverys_listing_equals_its_own_walk(tmp_path):
    """One walk of the tree serves discovery and the layout: the layout built from the
    listing equals the one built by walking (ignored directories hold Compose files too)."""
    from dockwise.discover import IgnoreRules, walk
    from dockwise.knowledge import default_knowledge
    from dockwise.layout.build import load_layout

    files = {
        ".gitignore": "deploy/\n*.override.yml\n",
        "compose.yaml": "services:\n  api:\n    build: ./api\n  db:\n    image: postgres:16\n",
        "compose.override.yml": "services:\n  api:\n    ports: ['8000:8000']\n",
        "api/Dockerfile": "FROM python:3.12\nCOPY . /app\n",
        "api/app.py": "x = 1\n",
        "deploy/compose.yaml": "services:\n  web:\n    image: nginx\n",
        "tools/Dockerfile.dev": "FROM python:3.12\nCOPY . /src\n",
        ".venv/pyvenv.cfg": "home = /usr\n",
        ".venv/compose.yaml": "services: {}\n",
        "env/pyvenv.cfg": "home = /usr\n",
        "env/Dockerfile": "FROM scratch\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    found = walk([tmp_path], tmp_path, IgnoreRules(tmp_path))
    assert found.listing is not None and "deploy" in found.listing
    assert not any("deploy" in str(p) for p in found.files)
    knowledge = default_knowledge()
    assert load_layout(tmp_path, knowledge, listing=found.listing) == load_layout(tmp_path, knowledge)
