"""A Dockerfile no Compose file builds, whose image the tree deploys with a Kubernetes
manifest (a Helm chart's template): the manifest's `env:` gives the container the variables
it names, so a Dockerfile `ENV` of the same name is only the image's default, never the
value the project's own deployment runs with.  The image is tied to the Dockerfile as a
`docker run` is (the tree's build of it, else its name's last part is the Dockerfile's
directory), with the chart's `values.yaml` filling in `{{ .Values.x.y }}`.  A variable the
manifest does not set, or a manifest of another image, leaves the ENV judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.manifestenv import find_manifest_envs
from tests.conftest import make


def _dockerfile(var: str, url: str) -> str:
    return ('FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt ./\n'
            'RUN pip install -r requirements.txt\nCOPY poll.py ./\n'
            f'ENV {var}={url}\nENV POLL_SECONDS=60\nCMD ["python", "./poll.py"]\n')


def _poll(var: str) -> str:
    return ('import os\nimport time\n\nimport requests\n\n\n'
            'def main():\n'
            f'    base = os.getenv("{var}", "http://localhost:7001")\n'
            '    while True:\n'
            '        print(requests.get(f"{base}/api/specs", timeout=10).json())\n'
            '        time.sleep(int(os.getenv("POLL_SECONDS", "60")))\n\n\n'
            'if __name__ == "__main__":\n    main()\n')


CHART = "apiVersion: v2\nname: relay\nversion: 0.1.0\n"
VALUES = ("logLevel: INFO\n"
          "hub:\n  port: 7000\n"
          "syncer:\n  image: acme/relay-syncer:dev\n  pullPolicy: IfNotPresent\n"
          "sweeper:\n  image: acme/relay-sweeper:dev\n")


def _daemonset(component: str, env_names: list[str]) -> str:
    env = "".join(f"        - name: {n}\n          value: \"http://hub.{{{{ .Release.Namespace }}}}:"
                  f"{{{{ .Values.hub.port }}}}\"\n" for n in env_names)
    return ("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n"
            f"  name: relay-{component}\n"
            "spec:\n  template:\n    metadata:\n      labels:\n"
            "      {{- range $key, $val := .Values.labels }}\n"
            "        {{ $key }}: \"{{ $val }}\"\n"
            "      {{- end }}\n"
            "    spec:\n      containers:\n"
            f"      - name: relay-{component}\n"
            f"        image: {{{{ .Values.{component}.image }}}}\n"
            "        imagePullPolicy: IfNotPresent\n"
            "        env:\n"
            "        - name: LOG_LEVEL\n          value: {{ .Values.logLevel }}\n"
            f"{env}"
            "        - name: API_TOKEN\n          valueFrom:\n            secretKeyRef:\n"
            "              name: relay-secret\n              key: token\n")


def _files(syncer_env: list[str]) -> dict[str, str]:
    return {
        "images/syncer/Dockerfile": _dockerfile("HUB_URL", "http://localhost:7000"),
        "images/syncer/requirements.txt": "requests\n",
        "images/syncer/poll.py": _poll("HUB_URL"),
        "images/sweeper/Dockerfile": _dockerfile("SINK_URL", "http://localhost:7100"),
        "images/sweeper/requirements.txt": "requests\n",
        "images/sweeper/poll.py": _poll("SINK_URL"),
        "deploy/relay/Chart.yaml": CHART,
        "deploy/relay/values.yaml": VALUES,
        "deploy/relay/templates/syncer.yaml": _daemonset("syncer", syncer_env),
        # the sweeper is deployed too, but its manifest gives it no SINK_URL: the ENV runs
        "deploy/relay/templates/sweeper.yaml": _daemonset("sweeper", ["HUB_URL"]),
    }


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    return sorted((f.code, f.span.path, f.span.line) for f in result.active)


def test_manifest_env_replaces_the_image_default(tmp_path: Path):
    assert _findings(tmp_path, _files(["HUB_URL"])) == [("DW101", "images/sweeper/Dockerfile", 6)]


def test_manifest_without_the_variable_keeps_the_finding(tmp_path: Path):
    assert _findings(tmp_path, _files([])) == [
        ("DW101", "images/sweeper/Dockerfile", 6),
        ("DW101", "images/syncer/Dockerfile", 6),
    ]


def test_plain_manifest_with_a_written_image(tmp_path: Path):
    files = _files([])
    del files["deploy/relay/templates/syncer.yaml"]
    files["k8s/syncer.yaml"] = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: syncer\nspec:\n  template:\n    spec:\n"
        "      containers:\n        - env:\n            - name: HUB_URL\n              value: http://hub:7000\n"
        "          image: registry.example.com/acme/relay-syncer:1.4\n          name: main\n")
    assert _findings(tmp_path, files) == [("DW101", "images/sweeper/Dockerfile", 6)]


def test_manifest_variables_read_with_values_filled_in(tmp_path: Path):
    make(tmp_path, _files(["HUB_URL"]))
    paths = ["deploy/relay/templates/sweeper.yaml", "deploy/relay/templates/syncer.yaml"]

    def read(rel: str) -> str | None:
        f = tmp_path / rel
        return f.read_text() if f.is_file() else None

    envs = find_manifest_envs(paths, read)
    assert envs == (("acme/relay-sweeper:dev", ("LOG_LEVEL", "HUB_URL", "API_TOKEN")),
                    ("acme/relay-syncer:dev", ("LOG_LEVEL", "HUB_URL", "API_TOKEN")))
