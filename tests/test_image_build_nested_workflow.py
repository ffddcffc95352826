"""A GitHub workflow under a subproject's own ``.github/workflows/`` (a repository vendored
into the tree with its CI) builds from that subproject's checkout: its ``context: .`` is the
subproject's directory, never the tree's root, whose Dockerfile is another image."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.imagebuilds import find_image_builds
from tests.conftest import make

ROOT_DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "api.py"]\n'
UI_DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /ui\nCOPY . .\nCMD ["python", "ui.py"]\n'
LOOPBACK = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'
WORKFLOW = ("on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: docker/build-push-action@v5\n        with:\n          context: .\n"
            "          tags: acme/panel:latest\n")
RUN_WORKFLOW = ("on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: docker build -t acme/panel:latest .\n")


def _builds(tmp_path: Path, files: dict[str, str], workflow: str):
    make(tmp_path, files, git=True)
    return find_image_builds([workflow], lambda rel: (tmp_path / rel).read_text(),
                             lambda rel: (tmp_path / rel).is_file())


def _flagged(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, tuple(sorted(f.services))) for f in result.active)


def test_a_nested_workflow_builds_its_own_directory(tmp_path):
    builds = _builds(tmp_path, {"panel/.github/workflows/ci.yml": WORKFLOW, "Dockerfile": ROOT_DOCKERFILE,
                                "panel/Dockerfile": UI_DOCKERFILE}, "panel/.github/workflows/ci.yml")
    build = builds.match("acme/panel:latest")
    assert build is not None and (build.context, build.dockerfile) == ("panel", "panel/Dockerfile")


def test_a_nested_workflow_run_step_builds_its_own_directory(tmp_path):
    builds = _builds(tmp_path, {"panel/.github/workflows/ci.yml": RUN_WORKFLOW, "Dockerfile": ROOT_DOCKERFILE,
                                "panel/Dockerfile": UI_DOCKERFILE}, "panel/.github/workflows/ci.yml")
    build = builds.match("acme/panel:latest")
    assert build is not None and build.context == "panel"


def test_a_nested_workflow_never_falls_back_to_the_root_dockerfile(tmp_path):
    # the subproject has no Dockerfile of its own here: the tree's root one is another image
    builds = _builds(tmp_path, {"panel/.github/workflows/ci.yml": WORKFLOW, "Dockerfile": ROOT_DOCKERFILE},
                     "panel/.github/workflows/ci.yml")
    assert builds.match("acme/panel:latest") is None


def test_the_root_workflow_still_builds_the_root(tmp_path):
    builds = _builds(tmp_path, {".github/workflows/ci.yml": WORKFLOW, "Dockerfile": ROOT_DOCKERFILE},
                     ".github/workflows/ci.yml")
    build = builds.match("acme/panel:latest")
    assert build is not None and (build.context, build.dockerfile) == ("", "Dockerfile")


def test_the_service_runs_the_subproject_not_the_root_app(tmp_path):
    files = {"panel/.github/workflows/ci.yml": WORKFLOW, "Dockerfile": ROOT_DOCKERFILE, "api.py": LOOPBACK,
             "panel/Dockerfile": UI_DOCKERFILE, "panel/ui.py": "print('ui')\n",
             "panel/compose.yaml": "services:\n  panel:\n    image: acme/panel:latest\n  redis:\n    image: redis\n"}
    assert [f for f in _flagged(tmp_path, files) if "panel" in f[1]] == []


def test_recall_the_subproject_code_is_still_judged(tmp_path):
    files = {"panel/.github/workflows/ci.yml": WORKFLOW, "Dockerfile": ROOT_DOCKERFILE, "api.py": "print(1)\n",
             "panel/Dockerfile": UI_DOCKERFILE, "panel/ui.py": LOOPBACK,
             "panel/compose.yaml": "services:\n  panel:\n    image: acme/panel:latest\n  redis:\n    image: redis\n"}
    assert _flagged(tmp_path, files) == [("panel/ui.py", ("panel",))]
