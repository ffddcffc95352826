"""A variant Compose file whose services only build images (``build`` and ``image``, nothing a
running container uses) that the directory's base project runs is the base's build half
(``docker compose -f docker-compose.build.yaml build``): nobody runs its containers, which
would start without the base's environment.  It was judged as a project of its own, so a
worker image got DW101 on the loopback default of a variable the base's services set (survey
hZ1).  A variant that configures a container, or builds only images the base does not run, is
still judged alone."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


BASE = ("services:\n"
        "  worker:\n"
        "    image: acme/worker:1\n"
        "    build: .\n"
        "    environment:\n"
        "      RUNNER_URL: http://runner:5002\n"
        "  runner:\n"
        "    image: acme/runner:1\n")

MAIN = ('import os\n'
        'import requests\n\n'
        'RUNNER = os.getenv("RUNNER_URL", "http://localhost:5002")\n'
        'requests.post(RUNNER + "/run")\n')


def findings(tmp_path, variant: str) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, {
        "docker-compose.yml": BASE,
        "docker-compose.build.yml": variant,
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": MAIN,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code, tuple(f.services))
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_file_that_only_builds_the_base_images_runs_nothing(tmp_path):
    variant = ("services:\n"
               "  worker:\n    image: acme/worker:1\n    build:\n      context: .\n"
               "  tool:\n    image: acme/tool:1\n    build:\n      context: .\n      target: tool\n")
    assert findings(tmp_path, variant) == []


def test_a_variant_that_configures_a_container_is_judged_alone(tmp_path):
    # recall guard: a command makes it a file someone runs (`-f docker-compose.build.yml up`)
    variant = "services:\n  worker:\n    image: acme/worker:1\n    build: .\n    command: python main.py\n"
    assert [f[:3] for f in findings(tmp_path, variant)] == [("main.py", 4, "DW101")]


def test_a_build_file_of_images_the_base_does_not_run_is_judged_alone(tmp_path):
    # recall guard: nothing in the base runs acme/other, so this file's containers are its own
    variant = "services:\n  other:\n    image: acme/other:1\n    build: .\n"
    assert [f[:3] for f in findings(tmp_path, variant)] == [("main.py", 4, "DW101")]
