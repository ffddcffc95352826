"""A value written in a Compose file that other Compose files of its directory ``extends``.

``compose.shared.yaml`` holds the service definitions and loads alone (a variant, judged as a
project of its own); ``compose.yaml`` and ``compose.split.yaml`` take their services from it
with ``extends``.  ``docker compose -f compose.split.yaml up`` runs the ``relay`` service on
the ``inner`` network only, where ``queue`` (on the default network) does not resolve: the
value written in the shared file is wrong there, although it is right in the shared file's
own project and in ``compose.yaml``.  A value the split file writes itself was always judged
there; one in the shared file was judged only for the first project holding the service."""
from __future__ import annotations

import json

from click.testing import CliRunner

from dockwise.cli import cli
from tests.conftest import make

SHARED = (
    "services:\n"
    "  queue:\n    image: redis:7\n"
    "  relay:\n    image: example/relay:2\n"
    "    environment:\n"
    "      - BROKER_URL=redis://queue:6379/0\n"
)
DEFAULT = (
    "services:\n"
    "  queue:\n    extends:\n      file: compose.shared.yaml\n      service: queue\n"
    "  relay:\n    extends:\n      file: compose.shared.yaml\n      service: relay\n"
)
SPLIT = (
    "services:\n"
    "  queue:\n    extends:\n      file: compose.shared.yaml\n      service: queue\n"
    "  relay:\n    extends:\n      file: compose.shared.yaml\n      service: relay\n"
    "    networks: [inner]\n"
    "    environment:\n"
    "      - CACHE_URL=redis://queue:6379/1\n"
    "networks:\n  inner:\n"
)


def run(root):
    res = CliRunner().invoke(cli, ["check", str(root), "--no-cache", "--output-format", "json", "--exit-zero"],
                             catch_exceptions=False)
    return json.loads(res.stdout)


def found(out):
    return sorted((f["path"].rsplit("/", 1)[-1], f["line"], f["code"]) for f in out["findings"])


def test_value_of_extended_file_is_judged_in_the_extending_project(tmp_path):
    make(tmp_path, {"compose.shared.yaml": SHARED, "compose.yaml": DEFAULT, "compose.split.yaml": SPLIT}, git=True)
    out = run(tmp_path)
    assert out["errors"] == []
    assert found(out) == [
        ("compose.shared.yaml", 7, "DW104"),  # the inherited value, for the isolated service
        ("compose.split.yaml", 12, "DW104"),  # the split file's own value (found before too)
    ]


def test_extending_projects_on_one_network_stay_silent(tmp_path):
    shared_net = SPLIT.replace("    networks: [inner]\n", "")
    make(tmp_path, {"compose.shared.yaml": SHARED, "compose.yaml": DEFAULT, "compose.split.yaml": shared_net},
         git=True)
    assert found(run(tmp_path)) == []
