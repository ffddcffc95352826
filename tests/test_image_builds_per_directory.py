"""Images built by one Makefile recipe per directory: a root Makefile loops over the
service directories (`make -C services/$$s images svc-name=$$s`) and each directory's
Makefile tags `acme-$(svc-name)-worker`.  The Make variable (hyphens allowed in its name) is
filled in at build time, so the tag is a pattern, and every directory builds under the same
pattern: a Compose service running `acme-ledger-worker` runs the build of the `ledger`
directory, the one the filled-in part names, not the first build found, and not "every file
it holds" (its bind mount) as an image the tree does not build."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.imagebuilds import find_image_builds
from tests.conftest import make

ROOT_MAKEFILE = "DIRS := billing ledger\n\nimages:\n\tfor s in $(DIRS); do make -C ./services/$$s images svc-name=$$s; done\n"
DIR_MAKEFILE = "images:\n\tdocker build -t acme-$(svc-name)-worker -f ./Worker.Dockerfile .\n"
WORKER_DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "worker.py"]\n'
LOOPBACK = 'import os\n\nimport redis\n\nr = redis.Redis(host=os.environ.get("CACHE_HOST", "127.0.0.1"), port=6379)\n'


def _service(name: str) -> str:
    return (f"  {name}:\n    image: acme-{name}-worker\n    volumes:\n      - ./services/{name}:/srv\n")


def _files() -> dict[str, str]:
    return {
        "compose.yaml": "services:\n" + _service("billing") + _service("ledger") + "  redis:\n    image: redis:7\n",
        "Makefile": ROOT_MAKEFILE,
        "services/billing/Makefile": DIR_MAKEFILE,
        "services/billing/Worker.Dockerfile": WORKER_DOCKERFILE,
        "services/billing/worker.py": "import time\n\nwhile True:\n    time.sleep(5)\n",
        # held by the billing container (its bind mount), imported by nothing it runs
        "services/billing/cache.py": LOOPBACK,
        "services/ledger/Makefile": DIR_MAKEFILE,
        "services/ledger/Worker.Dockerfile": WORKER_DOCKERFILE,
        "services/ledger/worker.py": "import cache\n\nprint(cache.r)\n",
        "services/ledger/cache.py": LOOPBACK,
    }


def test_each_service_runs_the_build_of_the_directory_its_image_names(tmp_path: Path):
    make(tmp_path, _files(), git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    # billing's cache module is never imported by its worker; ledger's is (recall guard)
    assert sorted((f.span.path, tuple(f.services)) for f in result.active) == [
        ("services/ledger/cache.py", ("ledger",))]


def _builds(tmp_path: Path, files: dict[str, str]):
    make(tmp_path, files, git=True)
    return find_image_builds(sorted(p for p in files if p.endswith("Makefile")),
                             lambda rel: (tmp_path / rel).read_text(), lambda rel: (tmp_path / rel).is_file())


def test_a_filled_in_part_naming_no_directory_picks_no_build(tmp_path: Path):
    files = _files()
    builds = _builds(tmp_path, files)
    assert builds.match("acme-ledger-worker").context == "services/ledger"
    assert builds.match("acme-billing-worker").context == "services/billing"
    # several builds fit and none is singled out: unknown, not the first one
    assert builds.match("acme-audit-worker") is None


def test_a_pattern_must_begin_with_a_name(tmp_path: Path):
    files = _files()
    for d in ("billing", "ledger"):
        files[f"services/{d}/Makefile"] = "images:\n\tdocker build -t $(svc-name)-worker -f ./Worker.Dockerfile .\n"
    builds = _builds(tmp_path, files)
    assert builds.patterns == [] and not builds.knows("ledger-worker")


def test_a_build_commented_out_builds_nothing(tmp_path: Path):
    files = _files()
    files["Makefile"] = "# base:\n#\tdocker build -t acme-base -f services/ledger/Worker.Dockerfile services/ledger\n" + ROOT_MAKEFILE
    builds = _builds(tmp_path, files)
    assert not builds.knows("acme-base")
    files["Makefile"] = files["Makefile"].replace("#\tdocker", "\tdocker")
    assert _builds(tmp_path, files).knows("acme-base")  # (recall guard)
