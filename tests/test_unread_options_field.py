"""An address kept in a field of a plain options class (a dataclass) that nothing the
container runs reads: its default in the class body and the keyword giving it where the
class is built go nowhere, whatever the address's own form (a Docker host alias) says.  A
field the code reads, a class whose objects are read whole (`asdict`), or one handed on as a
class keeps the finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = ("services:\n  gateway:\n    build: .\n    command: python -m app.main\n"
           "    environment:\n      - UPSTREAM_HOST=upstream\n  upstream:\n    image: nginx:1.27\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD [\"python\", \"-m\", \"app.main\"]\n"


def _main(tail: str) -> str:
    return ("import os\nfrom dataclasses import dataclass, asdict\n\nimport httpx\n\n\n"
            "@dataclass\nclass Options:\n"
            "    listen_port: int = 8100\n"
            "    relay_url: str = \"http://host.docker.internal:18789\"\n\n\n"
            "class Server:\n    def __init__(self, options: Options):\n        self.options = options\n\n"
            "    def serve(self):\n        print(self.options.listen_port)\n\n\n"
            "def main():\n    options = Options(\n        listen_port=int(os.getenv(\"PORT\", \"8100\")),\n"
            "        relay_url=os.getenv(\"RELAY_URL\", \"http://host.docker.internal:18789\"),\n    )\n"
            f"{tail}"
            "    Server(options).serve()\n\n\nif __name__ == \"__main__\":\n    main()\n")


def _findings(tmp_path: Path, tail: str) -> list[tuple[str, str, int]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/main.py": _main(tail)}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    return sorted((f.code, f.span.path, f.span.line) for f in result.active)


def test_field_nothing_reads_dials_nothing(tmp_path: Path):
    assert _findings(tmp_path, "") == []


def test_field_the_code_dials_keeps_the_finding(tmp_path: Path):
    found = _findings(tmp_path, "    httpx.get(options.relay_url + \"/health\")\n")
    assert found and {code for code, _, _ in found} == {"DW106"}


def test_fields_read_whole_keep_the_finding(tmp_path: Path):
    found = _findings(tmp_path, "    httpx.post(\"http://upstream/config\", json=asdict(options))\n")
    assert found and {code for code, _, _ in found} == {"DW106"}


def test_class_handed_on_whole_keeps_the_finding(tmp_path: Path):
    found = _findings(tmp_path, "    print(Options)\n")
    assert found and {code for code, _, _ in found} == {"DW106"}
