"""A Compose file kept beside its Dockerfiles, deep in the tree, whose services build "from the
project root" with a `context:` one directory short of it (`../..` from `pkg/ops/compose/` is
`pkg/`, not the root): the `dockerfile:` each names, written with its directories, is then not
in the tree from that context, so Compose cannot build it as written, but it is from the
directory above, where the Dockerfile is.  The service was meant to run that image, and the
variables it sets replace the image's `ENV` defaults: an `ENV QUEUE_URL=redis://localhost...`
there is the image's default, not an address any container of the project dials.  A Dockerfile
no service means, and a variable the service does not set, stay judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _dockerfile(var: str, url: str, module: str) -> str:
    return ("FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
            "RUN pip install -r requirements.txt\nCOPY tally/ ./tally/\nENV PYTHONPATH=/app\n"
            f"ENV {var}={url}\nENV SHARD=default\n"
            f'CMD ["python", "-m", "tally.{module}"]\n')


def _consumer(var: str) -> str:
    return ("import os\n\nimport redis\n\n\n"
            "def main():\n"
            f'    conn = redis.Redis.from_url(os.environ["{var}"])\n'
            '    while True:\n'
            '        print(conn.blpop("jobs", timeout=5))\n\n\n'
            'if __name__ == "__main__":\n    main()\n')


def _compose(drain_env: str, context: str = "../..") -> str:
    return ("services:\n"
            "  queue:\n    image: redis:7-alpine\n"
            "  drain:\n    build:\n"
            f"      context: {context}  # the project root\n"
            "      dockerfile: tally/ops/compose/Dockerfile.drain\n"
            f"    environment:\n{drain_env}"
            "    depends_on:\n      - queue\n")


def _files(drain_env: str, context: str = "../..") -> dict[str, str]:
    return {
        "requirements.txt": "redis\n",
        "tally/__init__.py": "",
        "tally/drain.py": _consumer("QUEUE_URL"),
        "tally/sweep.py": _consumer("SINK_URL"),
        "tally/ops/compose/docker-compose.yml": _compose(drain_env, context),
        "tally/ops/compose/Dockerfile.drain": _dockerfile("QUEUE_URL", "redis://localhost:6379/0", "drain"),
        # built by hand (`docker build -f ...`), named by no Compose service: its ENV is what it runs with
        "tally/ops/compose/Dockerfile.sweep": _dockerfile("SINK_URL", "redis://localhost:6379/1", "sweep"),
    }


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.code, f.span.path, f.span.line) for f in result.active)


SWEEP = ("DW101", "tally/ops/compose/Dockerfile.sweep", 7)
DRAIN = ("DW101", "tally/ops/compose/Dockerfile.drain", 7)


def test_service_meant_to_build_the_image_sets_the_variable(tmp_path: Path):
    assert _findings(tmp_path, _files("      - QUEUE_URL=redis://queue:6379/0\n")) == [SWEEP]


def test_variable_the_service_does_not_set_keeps_the_image_default(tmp_path: Path):
    assert _findings(tmp_path, _files("      - SHARD=east\n")) == [DRAIN, SWEEP]


def test_a_context_that_reaches_no_such_dockerfile_names_none(tmp_path: Path):
    # from `other/`, nor from any directory above it, is there an `other/...` path: the
    # service names a Dockerfile the tree does not hold, and the ENV stays judged
    files = _files("      - QUEUE_URL=redis://queue:6379/0\n")
    files["tally/ops/compose/docker-compose.yml"] = files["tally/ops/compose/docker-compose.yml"].replace(
        "dockerfile: tally/ops/compose/Dockerfile.drain", "dockerfile: other/Dockerfile.drain")
    assert _findings(tmp_path, files) == [DRAIN, SWEEP]
