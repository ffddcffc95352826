"""A Dockerfile no Compose file builds, run by the project's own install script on the
host's network stack (`docker create --net=host ... org/acme-bootstrap:$VERSION`): loopback
in that container is the Docker host, where the other containers it drives publish their
servers, so a loopback target there is no evidence of a missed server.  The same image run
without `--net=host`, or a host-network run of another image, leaves it on a bridge network:
the finding stays."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.imageruns import find_host_network_runs
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /srv\nWORKDIR /srv\nCMD ["python", "main.py"]\n'
MAIN = ('import requests\n\n\ndef probe():\n'
        '    return requests.get("http://localhost/api/v1/status", timeout=5).json()\n\n\n'
        'if __name__ == "__main__":\n    print(probe())\n')


def _install(run_line: str) -> str:
    return ('#!/bin/sh\nset -e\nVERSION=${VERSION:-1.0}\n'
            'IMAGE="$OWNER/acme-bootstrap:$VERSION"\n'
            'docker pull $IMAGE\n'
            f'{run_line}\n')


def _files(run_line: str) -> dict[str, str]:
    return {
        "bootstrap/Dockerfile": DOCKERFILE,
        "bootstrap/main.py": MAIN,
        "install/install.sh": _install(run_line),
    }


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    return sorted((f.code, f.span.path) for f in result.active)


def test_install_script_runs_the_image_on_the_host_network(tmp_path: Path):
    run = ("docker create \\\n    -t \\\n    --restart unless-stopped \\\n    --name acme-bootstrap \\\n"
           "    --net=host \\\n    -v /var/run/docker.sock:/var/run/docker.sock \\\n    $IMAGE")
    assert _findings(tmp_path, _files(run)) == []


def test_network_option_given_as_a_separate_word(tmp_path: Path):
    run = "docker run -dit --rm --network host -e MODE=prod $IMAGE"
    assert _findings(tmp_path, _files(run)) == []


def test_same_image_run_on_a_bridge_network_keeps_the_finding(tmp_path: Path):
    run = "docker create -t --restart unless-stopped --name acme-bootstrap -p 8080:80 $IMAGE"
    assert _findings(tmp_path, _files(run)) == [("DW101", "bootstrap/main.py")]


def test_host_network_run_of_another_image_keeps_the_finding(tmp_path: Path):
    run = "docker run -d --net=host --name proxy acme/edge-proxy:1.2"
    assert _findings(tmp_path, _files(run)) == [("DW101", "bootstrap/main.py")]


def test_commented_out_run_runs_nothing(tmp_path: Path):
    run = "# docker run --net=host $IMAGE\ndocker run -d $IMAGE"
    assert _findings(tmp_path, _files(run)) == [("DW101", "bootstrap/main.py")]


def test_runs_found_with_their_variables_filled_in(tmp_path: Path):
    make(tmp_path, {"run.sh": _install("docker run --network=host --name b $IMAGE\ndocker run -d web:1")})
    runs = find_host_network_runs(["run.sh"], lambda rel: (tmp_path / rel).read_text())
    assert runs == ("*/acme-bootstrap:*",)
