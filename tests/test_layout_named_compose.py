"""Compose files a project names outside Compose: ``docker compose -f local.yml up`` in a
Makefile, a script or a CI workflow, or ``COMPOSE_FILE=local.yml`` there, makes local.yml a
Compose project, although its name is none Compose looks for; a command's ``-f`` list is
merged in its order.  A named file that is missing or no Compose file, one outside the root,
and a YAML file nothing names stay unread, silently."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nCMD ["python", "main.py"]\n'
MAIN = 'import psycopg\n\npsycopg.connect("postgresql://app@localhost:5432/app")\n'
LOCAL = ("services:\n  web:\n    build: .\n    depends_on: [db]\n"
         "  db:\n    image: postgres:16\n")


def findings(tmp_path) -> list[tuple[str, int, str]]:
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def layout(tmp_path):
    return load_layout(tmp_path, default_knowledge())


def services(tmp_path) -> dict[tuple[str, ...], list[str]]:
    return {p.files: sorted(s.name for s in p.services) for p in layout(tmp_path).projects}


def test_a_makefile_naming_local_yml_makes_it_a_project(tmp_path):
    make(tmp_path, {
        "Makefile": "up:\n\tdocker compose -f local.yml up\n\nlogs:\n\tdocker compose -f local.yml logs -f web\n",
        "local.yml": LOCAL,
        "Dockerfile": DOCKERFILE,
        "main.py": MAIN,
    }, git=True)
    assert services(tmp_path) == {("local.yml",): ["db", "web"]}
    assert findings(tmp_path) == [("main.py", 3, "DW101")]


def test_a_script_and_a_workflow_name_files_where_they_run(tmp_path):
    make(tmp_path, {
        "scripts/deploy.sh": "#!/bin/sh\nset -e\ndocker-compose --file production.yml build\n",
        "production.yml": LOCAL,
        "deploy/stack.yml": "services:\n  worker:\n    image: busybox\n",
        ".github/workflows/ci.yml": ("jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                                    "      - run: podman-compose -f stack.yml up -d\n"
                                    "        working-directory: deploy\n"),
        "Dockerfile": DOCKERFILE,
        "main.py": MAIN,
    }, git=True)
    assert services(tmp_path) == {("production.yml",): ["db", "web"], ("deploy/stack.yml",): ["worker"]}


def test_compose_file_exported_in_a_justfile(tmp_path):
    make(tmp_path, {
        "justfile": 'export COMPOSE_FILE := "docker/dev.yml"\n\nup:\n    docker compose up\n',
        "docker/dev.yml": "services:\n  web:\n    image: busybox\n",
    }, git=True)
    assert services(tmp_path) == {("docker/dev.yml",): ["web"]}


@pytest.mark.parametrize("order, mode", [("-f base.yml -f overlay.yml", "overlay"),
                                         ("-f overlay.yml -f base.yml", "base")])
def test_the_f_list_of_one_command_is_merged_in_its_order(tmp_path, order, mode):
    make(tmp_path, {
        "Makefile": f"DC = docker compose {order}\n\nup:\n\t$(DC) up\n",
        "base.yml": "services:\n  web:\n    image: busybox\n    environment:\n      MODE: base\n",
        "overlay.yml": "services:\n  web:\n    environment:\n      MODE: overlay\n",
    }, git=True)
    (project,) = layout(tmp_path).projects
    assert project.files == tuple(w for w in order.split() if w != "-f")
    (web,) = project.services
    var = web.env("MODE")
    assert var is not None and var.value.value == mode


def test_a_missing_named_file_is_ignored_without_an_error(tmp_path):
    make(tmp_path, {
        "Makefile": ("up:\n\tdocker compose -f generated.yml up\n\tdocker compose -f notes.yml up\n"
                     "\tdocker compose -f local.yml -f generated.override.yml up\n"),
        "notes.yml": "title: not compose\nitems: [1, 2]\n",
        "local.yml": "services:\n  web:\n    image: busybox\n",
    }, git=True)
    result = layout(tmp_path)
    assert {p.files for p in result.projects} == {("local.yml",)} and result.errors == ()


def test_a_named_file_outside_the_root_is_refused(tmp_path):
    make(tmp_path / "outside", {"shared.yml": LOCAL})
    make(tmp_path / "proj", {
        "Makefile": ("up:\n\tdocker compose -f ../outside/shared.yml up\n"
                     "\tdocker compose -f local.yml up\n"),
        "local.yml": "services:\n  web:\n    image: busybox\n",
    }, git=True)
    result = layout(tmp_path / "proj")
    assert {p.files for p in result.projects} == {("local.yml",)}
    assert result.errors == ()


def test_a_yaml_file_nothing_names_stays_ignored(tmp_path):
    make(tmp_path, {
        "Makefile": "up:\n\tdocker compose -f local.yml up\n",
        "local.yml": "services:\n  web:\n    image: busybox\n",
        "other.yml": LOCAL,
    }, git=True)
    assert services(tmp_path) == {("local.yml",): ["web"]}


def test_a_scripts_assignments_are_read_once_not_per_line(tmp_path, monkeypatch):
    # a long script's variables were read again for each of its lines: quadratic in its size
    # (seconds on a release script of some thousand lines)
    import dockwise.layout.namedcompose as namedcompose

    calls: list[int] = []
    real = namedcompose._variables
    monkeypatch.setattr(namedcompose, "_variables", lambda text: calls.append(1) or real(text))
    script = "#!/bin/sh\nDC=local.yml\n" + "".join(f"echo step {i}\n" for i in range(300)) + \
        "docker compose -f $DC up -d\n"
    make(tmp_path, {"deploy.sh": script, "local.yml": LOCAL, "Dockerfile": DOCKERFILE, "main.py": MAIN})
    assert services(tmp_path)[("local.yml",)] == ["db", "web"]
    assert len(calls) == 1
