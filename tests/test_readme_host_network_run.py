"""A Dockerfile no Compose file builds, whose root README says how to run it: build it
(`docker build -t chat-ui .`), then `docker run --network host chat-ui`.  That container
shares the host's network stack, so `localhost:11434` there is a model server on the Docker
host, not the container itself: no finding.  Where the README also shows the image run
without host networking, or runs another image on the host network, or gives no way to tie
the image to the Dockerfile, the container stays on a bridge network and the finding stays."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.imageruns import find_documented_host_runs
from tests.conftest import make

DOCKERFILE = ('FROM python:3.12-slim\nWORKDIR /srv\nCOPY app/ ./app/\n'
              'CMD ["python", "app/main.py"]\n')
MAIN = ('import requests\n\nMODEL_SERVER = "http://localhost:11434"\n\n\n'
        'def ask(prompt):\n'
        '    return requests.post(MODEL_SERVER + "/api/generate", json={"prompt": prompt}, timeout=60).json()\n\n\n'
        'if __name__ == "__main__":\n    print(ask("hello"))\n')


def _readme(*commands: str) -> str:
    body = "\n".join(commands)
    return f"# Chat UI\n\nStart the model server on the host first.\n\n## Docker\n\n```bash\n{body}\n```\n"


def _findings(tmp_path: Path, readme: str) -> list[tuple[str, str]]:
    make(tmp_path, {"Dockerfile": DOCKERFILE, "app/main.py": MAIN, "README.md": readme}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    return sorted((f.code, f.span.path) for f in result.active)


def test_readme_runs_the_image_on_the_host_network(tmp_path: Path):
    readme = _readme("docker build -t chat-ui .",
                     'docker run -d --restart=unless-stopped --network host -v "$(pwd)/data:/srv/data" chat-ui')
    assert _findings(tmp_path, readme) == []


def test_readme_run_with_prompt_and_tag(tmp_path: Path):
    readme = _readme("$ docker build -t chat-ui:latest .", "$ docker run -it --net=host chat-ui:latest")
    assert _findings(tmp_path, readme) == []


def test_readme_also_shows_a_bridge_run_keeps_the_finding(tmp_path: Path):
    readme = _readme("docker build -t chat-ui .", "docker run --network host chat-ui",
                     "docker run -p 8080:8080 chat-ui")
    assert _findings(tmp_path, readme) == [("DW101", "app/main.py")]


def test_readme_bridge_run_keeps_the_finding(tmp_path: Path):
    readme = _readme("docker build -t chat-ui .", "docker run -p 8080:8080 chat-ui")
    assert _findings(tmp_path, readme) == [("DW101", "app/main.py")]


def test_readme_host_run_of_another_image_keeps_the_finding(tmp_path: Path):
    readme = _readme("docker build -t chat-ui .", "docker run -d --network host ollama/ollama",
                     "docker run -d -p 8080:8080 chat-ui")
    assert _findings(tmp_path, readme) == [("DW101", "app/main.py")]


def test_readme_host_run_of_an_image_it_does_not_build_keeps_the_finding(tmp_path: Path):
    # no `docker build -t` ties `chat-ui` to the root Dockerfile
    readme = _readme("docker run --network host chat-ui")
    assert _findings(tmp_path, readme) == [("DW101", "app/main.py")]


def test_documented_runs_commented_out_or_mixed_are_not_host_runs(tmp_path: Path):
    make(tmp_path, {"README.md": _readme("# docker run --network host a", "docker run --network host b",
                                         "docker run --network host c", "docker run c")})
    runs = find_documented_host_runs(["README.md"], lambda rel: (tmp_path / rel).read_text())
    assert runs == ("b",)
