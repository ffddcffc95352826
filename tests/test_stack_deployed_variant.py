"""A variant Compose file that a script deploys alone as a Swarm stack
(``docker stack deploy -c docker-compose.swarm.yml app``) is judged alone, even where one of
its services ``depends_on`` a service only the base file defines: Swarm ignores
``depends_on``, so that key does not make the file an overlay of the base.  Merged onto the
base, its services (on a network of their own) were said not to reach the base's database;
that pairing is one nobody runs.  Without the script, the file still leans on the base and
the merged project's finding stays."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dockwise.cli import cli
from tests.conftest import make

BASE = (
    "services:\n"
    "  store:\n    image: postgres:16\n"
    "  api:\n    image: acme/api:1\n"
    "    environment:\n      DATABASE_URL: postgresql://u:p@store:5432/app\n"
)
SWARM = (
    "services:\n"
    "  api:\n    image: acme/api:1\n    depends_on: [store]\n    networks: [edge]\n"
    "    environment:\n      DATABASE_URL: postgresql://u:p@store:5432/app\n"
    "    deploy:\n      replicas: 2\n"
    "networks:\n  edge:\n"
)
DEPLOY = (
    "#!/bin/sh\n"
    "set -e\n"
    "ssh \"$HOST\" \"docker pull acme/api:1 && \\\n"
    "    docker stack deploy -c docker-compose.swarm.yml \\\n"
    "                        -c docker-compose.swarm.local.yml app\"\n"
)


def run(root):
    res = CliRunner().invoke(cli, ["check", str(root), "--no-cache", "--output-format", "json", "--exit-zero"],
                             catch_exceptions=False)
    return json.loads(res.stdout)


def found(out):
    return sorted((f["path"].rsplit("/", 1)[-1], f["line"], f["code"]) for f in out["findings"])


@pytest.mark.parametrize("script", ["tools/deploy.sh", "bin/ship"])
def test_variant_deployed_alone_as_a_stack_is_not_merged_onto_the_base(tmp_path, script):
    # (a deploy script is often an executable without an extension)
    make(tmp_path, {"docker-compose.yml": BASE, "docker-compose.swarm.yml": SWARM, script: DEPLOY}, git=True)
    out = run(tmp_path)
    assert out["errors"] == []
    assert [f for f in found(out) if f[0] == "docker-compose.swarm.yml"] == []


def test_variant_leaning_on_the_base_without_a_stack_deploy_stays_merged(tmp_path):
    make(tmp_path, {"docker-compose.yml": BASE, "docker-compose.swarm.yml": SWARM}, git=True)
    out = run(tmp_path)
    assert ("docker-compose.swarm.yml", 7, "DW104") in found(out)
