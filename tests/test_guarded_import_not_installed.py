"""A dial inside ``try: from some_library import Client ... except ImportError:`` runs only where
the import succeeds.  An image built FROM a bare interpreter that installs only what the
project declares (``pip install .``), where no declared distribution provides the module, never
dials it: the loopback default there is no finding.  Where the project declares the library
(the exporter's distribution, or a meta-distribution whose name it extends), or the Dockerfile
installs it by name, the dial is judged as before; so is a service whose image installs from a
file the tree does not hold."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    ports: ["8000:8000"]
  collector:
    image: otel/opentelemetry-collector-contrib:0.100.0
    ports: ["4317:4317"]
"""
DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /srv
COPY . .
RUN pip install --no-cache-dir .
CMD ["python", "-m", "svc.main"]
"""
TRACING = """\
import os


def exporter():
    try:
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
        endpoint = os.getenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317")
        return OTLPSpanExporter(endpoint=endpoint, insecure=True)
    except ImportError:
        return None


EXPORTER = exporter()
"""
MAIN = """\
from svc import tracing

print(tracing.EXPORTER)
"""


def _pyproject(*deps: str) -> str:
    listed = ", ".join(f'"{d}"' for d in deps)
    return f'[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = [{listed}]\n'


def _run(tmp_path: Path, pyproject: str, dockerfile: str = DOCKERFILE) -> set[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": dockerfile,
        "pyproject.toml": pyproject,
        "svc/__init__.py": "",
        "svc/tracing.py": TRACING,
        "svc/main.py": MAIN,
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return {f"{f.span.path}:{f.span.line}" for f in found}


def test_an_exporter_the_image_does_not_install_dials_nothing(tmp_path: Path) -> None:
    assert _run(tmp_path, _pyproject("opentelemetry-sdk>=1.20", "opentelemetry-api")) == set()


def test_a_declared_meta_distribution_provides_the_module(tmp_path: Path) -> None:
    got = _run(tmp_path, _pyproject("opentelemetry-sdk>=1.20", "opentelemetry-exporter-otlp>=1.20"))
    assert got == {"svc/tracing.py:7"}


def test_a_package_the_dockerfile_installs_by_name(tmp_path: Path) -> None:
    dockerfile = DOCKERFILE.replace("RUN pip install --no-cache-dir .",
                                    "RUN pip install --no-cache-dir . opentelemetry-exporter-otlp-proto-grpc")
    got = _run(tmp_path, _pyproject("opentelemetry-sdk>=1.20"), dockerfile)
    assert got == {"svc/tracing.py:7"}


def test_a_requirements_file_the_tree_lacks_keeps_it_judged(tmp_path: Path) -> None:
    dockerfile = DOCKERFILE.replace("RUN pip install --no-cache-dir .",
                                    "RUN pip install --no-cache-dir -r /tmp/extra-requirements.txt .")
    got = _run(tmp_path, _pyproject("opentelemetry-sdk>=1.20"), dockerfile)
    assert got == {"svc/tracing.py:7"}


def test_a_declared_distribution_that_installs_the_exporter(tmp_path: Path) -> None:
    got = _run(tmp_path, _pyproject("opentelemetry-sdk>=1.20", "opentelemetry-distro[otlp]"))
    assert got == {"svc/tracing.py:7"}
