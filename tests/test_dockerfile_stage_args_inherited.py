"""A stage built FROM an earlier stage inherits the ARGs declared there, as it inherits its ENV
and WORKDIR (Docker's build-variables guide: arguments and variables are inherited from parent
stages); a stage FROM an image does not.  A shared base stage that declares `ARG APP_DIR=/srv`
and two stages FROM it, one copying the project and the last `COPY --from=build $APP_DIR ./`,
ship the project: before, `$APP_DIR` was empty in the child stages, the copy carried nothing,
and the service ran "no project code" (nothing it runs was judged)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.dockerfile import parse_dockerfile
from tests.conftest import make


def test_child_stage_sees_the_parent_stage_arg():
    df = parse_dockerfile("FROM python:3.12 AS base\nARG PORT=9000\nFROM base AS app\nEXPOSE $PORT\n", "Dockerfile")
    assert df.expose == (9000,)


def test_a_stage_from_an_image_does_not():
    df = parse_dockerfile("FROM python:3.12 AS base\nARG PORT=9000\nFROM python:3.12 AS app\nEXPOSE $PORT\n",
                          "Dockerfile")
    assert df.expose == ()


def test_the_argument_can_be_given_again_in_the_child():
    df = parse_dockerfile("FROM python:3.12 AS base\nARG PORT=9000\nFROM base AS app\nARG PORT=7000\nEXPOSE $PORT\n",
                          "Dockerfile")
    assert df.expose == (7000,)


DOCKERFILE = ("FROM python:3.12-slim AS common\nARG APP_DIR=/srv\nWORKDIR $APP_DIR\n\n"
              "FROM common AS build\nCOPY . ./\nRUN pip install --no-cache-dir redis\n\n"
              "FROM common AS app\nCOPY --from=build $APP_DIR ./\nCMD [\"python\", \"-m\", \"shop.main\"]\n")


def test_the_project_copied_from_the_build_stage_by_an_inherited_arg_runs(tmp_path: Path) -> None:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n  cache:\n    image: redis:7\n",
        "Dockerfile": DOCKERFILE,
        "shop/__init__.py": "",
        "shop/main.py": 'import redis\n\nstore = redis.Redis(host="localhost", port=6379)\nstore.ping()\n',
    }, git=True)
    got = [(f.span.path, f.span.line, f.code, f.suggestion.host if f.suggestion else None)
           for f in run_check([tmp_path], Config(cache=False)).active]
    assert got == [("shop/main.py", 3, "DW101", "cache")]
