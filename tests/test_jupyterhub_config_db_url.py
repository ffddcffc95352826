"""JupyterHub runs its configuration file with the configuration object ``c`` in scope (``c =
get_config()`` in files it generates), and connects to ``c.JupyterHub.db_url`` through
SQLAlchemy (rules/flow.yaml attribute_sinks).  A database host the hub's service hands that
file through its environment is judged there: a loopback host reaches the hub's own container,
not the database service.  The service's own name is right."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = (
    "import os\n\n{binding}"
    "db_host = os.environ.get(\"POSTGRES_HOST\", \"db\")\n"
    "c.JupyterHub.db_url = f\"postgresql://hub:secret@{{db_host}}:5432/hub\"\n"
    "c.JupyterHub.bind_url = \"http://0.0.0.0:8000\"\n"
)


def _findings(tmp_path: Path, host: str, binding: str) -> list[tuple[str, int, str, str | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        f"  hub:\n    build: hub\n    ports: [\"8000:8000\"]\n    environment:\n      POSTGRES_HOST: {host}\n"
                        "  db:\n    image: postgres:16\n",
        "hub/Dockerfile": "FROM jupyterhub/jupyterhub:5\nCOPY jupyterhub_config.py /srv/jupyterhub/\n"
                          "CMD [\"jupyterhub\", \"-f\", \"/srv/jupyterhub/jupyterhub_config.py\"]\n",
        "hub/jupyterhub_config.py": CONFIG.format(binding=binding),
    }, git=True)
    return [(f.span.path, f.span.line, f.code, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("binding", ["c = get_config()  # noqa\n", ""], ids=["get_config", "implicit"])
def test_a_loopback_database_host_of_the_hub(tmp_path, binding):
    assert _findings(tmp_path, "127.0.0.1", binding) == [("compose.yaml", 6, "DW101", "db:5432")]


def test_the_database_service_name(tmp_path):
    assert _findings(tmp_path, "db", "c = get_config()  # noqa\n") == []
