"""The host-gateway entry a fix adds goes to the services the verdict holds for: a
same-named service of a variant file whose environment sets the variable the flagged default
stands in for never dials that default, and gets no ``extra_hosts`` edit."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.fix.plan import attach_fixes

from tests.conftest import make

APP = 'import os\n\nimport requests\n\nINDEX_URL = os.environ.get("INDEX_URL", "http://localhost:7700/")\nrequests.get(INDEX_URL)\n'
DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "app.py"]\n'
BASE = "services:\n  web:\n    build: .\n"
WITH_INDEX = ("services:\n  web:\n    build: .\n    environment:\n      - INDEX_URL=http://index:7700\n"
              "  index:\n    image: getmeili/meilisearch:v1.8\n")


def gateway_files(tmp_path, variant_env: str) -> list[str]:
    make(tmp_path, {"Dockerfile": DOCKERFILE, "app.py": APP, "compose.yaml": BASE,
                    "compose.index.yaml": variant_env}, git=True)
    result = attach_fixes(run_check([tmp_path], Config()))
    found = [f for f in result.active if f.code == "DW101"]
    assert len(found) == 1 and found[0].fix is not None
    return sorted(e.span.path for e in found[0].fix.edits if "extra_hosts" in e.content)


def test_variant_that_sets_the_variable_gets_no_gateway_entry(tmp_path):
    assert gateway_files(tmp_path, WITH_INDEX) == ["compose.yaml"]


def test_variant_that_dials_the_default_too_gets_the_entry(tmp_path):
    # recall guard: a same-named service that also dials the default gets the entry as well
    variant = "services:\n  web:\n    build: .\n    ports: ['8000:8000']\n"
    assert gateway_files(tmp_path, variant) == ["compose.index.yaml", "compose.yaml"]


def test_services_sent_back_by_a_worker_are_matched_by_value(tmp_path):
    # a worker process judges a file and sends its findings back pickled: the services the
    # verdict holds for are copies of the layout's, and still pick the right definitions
    import pickle

    from dockwise.fix.gateway import gateway_edits

    make(tmp_path, {"Dockerfile": DOCKERFILE, "app.py": APP, "compose.yaml": BASE,
                    "compose.index.yaml": WITH_INDEX}, git=True)
    result = run_check([tmp_path], Config())
    found = next(f for f in result.active if f.code == "DW101")
    copies = pickle.loads(pickle.dumps(found.runners))
    edits = gateway_edits(found.services, None, result.layout, lambda p: (tmp_path / p).read_text(), None, copies)
    assert sorted(e.span.path for e in edits) == ["compose.yaml"]
