"""A build script kept in a subdirectory and run by a Makefile (``image: ; @tools/image.sh``
in ``svc/Makefile``) runs with the Makefile's directory as its working directory: its
``docker build -t shopapi:"$VERSION" .`` builds ``svc/``, not the script's own directory
nor the repository root.  An image-only Compose service running ``shopapi:1.4.0`` then runs
``svc/Dockerfile``'s code: its loopback Redis is judged in that service, beside the ``cache``
service (``cache:6379``), not as a Dockerfile no Compose service runs (``host.docker.internal``).
A script no Makefile names keeps its own directory and the root only: its image stays unknown,
and the Dockerfile is judged on its own, as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.imagebuilds import find_image_builds
from tests.conftest import make

SCRIPT = '#!/usr/bin/env bash\nset -e\ndocker build -t shopapi:"$VERSION" .\n'
DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "main.py"]\n'
MAIN = 'import redis\n\nr = redis.Redis(host="localhost", port=6379)\nr.ping()\n'
COMPOSE = ("services:\n  api:\n    image: shopapi:1.4.0\n    ports:\n      - \"8000:8000\"\n"
           "  cache:\n    image: redis:7\n")


def _files(makefile: str | None) -> dict[str, str]:
    files = {
        "compose.yaml": COMPOSE,
        "svc/tools/image.sh": SCRIPT,
        "svc/Dockerfile": DOCKERFILE,
        "svc/main.py": MAIN,
    }
    if makefile is not None:
        files["svc/Makefile"] = makefile
    return files


def test_a_script_run_by_a_makefile_builds_the_makefiles_directory(tmp_path: Path):
    make(tmp_path, _files("VERSION ?= 1.4.0\n\nimage:  ## build the image\n\t@tools/image.sh\n"), git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    assert [(f.span.path, f.code, tuple(f.services), f.suggestion and f.suggestion.host) for f in result.active] == [
        ("svc/main.py", "DW101", ("api",), "cache")]


def test_the_dotted_and_shell_invoked_forms_count_too(tmp_path: Path):
    for recipe in ("\t./tools/image.sh\n", "\tbash tools/image.sh\n"):
        root = tmp_path / str(abs(hash(recipe)))
        root.mkdir()
        make(root, _files("image:\n" + recipe), git=True)
        builds = find_image_builds(["svc/Makefile", "svc/tools/image.sh"],
                                   lambda rel, r=root: (r / rel).read_text(), lambda rel, r=root: (r / rel).is_file())
        build = builds.match("shopapi:1.4.0")
        assert build is not None and build.context == "svc" and build.dockerfile == "svc/Dockerfile"


def test_a_script_no_makefile_names_builds_nothing_known(tmp_path: Path):
    # same tree, the Makefile runs something else (or names the script only in a comment):
    # the script's `.` is its own directory or the root, neither holds a Dockerfile; the
    # Dockerfile is judged as an image no Compose service runs (a true finding still)
    make(tmp_path, _files("# tools/image.sh builds the image\nlint:\n\truff check .\n"), git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    assert [(f.span.path, f.code, tuple(f.services), f.suggestion and f.suggestion.host) for f in result.active] == [
        ("svc/main.py", "DW101", (), "host.docker.internal")]


def test_the_scripts_own_directory_wins_where_it_holds_the_dockerfile(tmp_path: Path):
    files = _files("image:\n\t@tools/image.sh\n")
    files["svc/tools/Dockerfile"] = DOCKERFILE
    make(tmp_path, files, git=True)
    builds = find_image_builds(["svc/Makefile", "svc/tools/image.sh"],
                               lambda rel: (tmp_path / rel).read_text(), lambda rel: (tmp_path / rel).is_file())
    build = builds.match("shopapi:1.4.0")
    assert build is not None and build.context == "svc/tools"
