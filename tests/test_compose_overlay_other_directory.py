"""A Compose file a script merges onto a base in another directory.

``docker compose -f compose.yaml -f tools/extra/compose.yaml up`` loads the second file
after the root one, from the root: a network only the root file declares is declared.
Loaded alone in its own directory the file is refused, so it is not judged alone (no
error line for valid input), but merged, as the script runs it; nothing named, it is
judged alone and its problem is reported."""
from __future__ import annotations

import json

from click.testing import CliRunner

from dockwise.cli import cli
from tests.conftest import make

BASE = (
    "networks:\n  appnet:\n"
    "services:\n"
    "  db:\n    image: postgres:16\n    networks: [appnet]\n"
)
EXTRA = (
    "services:\n"
    "  extra:\n    image: example/extra:1\n    networks: [appnet]\n"
    "    environment:\n      DATABASE_URL: postgresql://u:p@localhost:5432/app\n"
)
MAKEFILE = "extra:\n\tdocker compose -f compose.yaml -f tools/extra/compose.yaml up -d\n"


def run(root):
    res = CliRunner().invoke(cli, ["check", str(root), "--no-cache", "--output-format", "json", "--exit-zero"],
                             catch_exceptions=False)
    return json.loads(res.stdout)


def test_overlay_in_other_directory_is_judged_merged(tmp_path):
    make(tmp_path, {"compose.yaml": BASE, "tools/extra/compose.yaml": EXTRA, "Makefile": MAKEFILE}, git=True)
    out = run(tmp_path)
    assert out["errors"] == []
    # the overlay's own service is still judged, against the base's services
    assert [(f["code"], f["service"]) for f in out["findings"]] == [("DW101", "extra")]


def test_unnamed_broken_file_is_still_reported(tmp_path):
    make(tmp_path, {"compose.yaml": BASE, "tools/extra/compose.yaml": EXTRA}, git=True)
    out = run(tmp_path)
    assert [e["message"] for e in out["errors"]] == ["service 'extra' uses undefined network 'appnet'"]
