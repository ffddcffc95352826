"""An Orthanc server listens on 8042 (REST, DICOMweb) and 4242 (DICOM), a HAPI FHIR server on
8080, whether or not the Compose file publishes them (rules/images.yaml).  A Python plugin the
Orthanc process loads runs in the server's own container: ``localhost:8042`` there is the
server itself, written in a script mounted into the image or copied into one built FROM it,
and is no finding; another address on the loopback there is still dialled.  Another service
dialling ``localhost:8042`` is told the server's service name, not the Docker host."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

PLUGIN = ('import orthanc\nimport requests\n\n\n'
          'def on_change(change_type, level, resource):\n'
          '    requests.get("http://localhost:8042/studies/" + resource)\n'
          '    requests.post("http://localhost:9100/score", json={"id": resource})\n\n\n'
          'orthanc.RegisterOnChangeCallback(on_change)\n')
SCORER = "  scorer:\n    image: python:3.12-slim\n    command: python -m http.server 9100\n"


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str, str | None]]:
    make(tmp_path, files, git=True)
    return sorted((f.span.path, f.span.line, f.code, f.suggestion.host if f.suggestion else None)
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_plugin_mounted_into_the_server_dials_the_server_itself(tmp_path):
    compose = ("services:\n  archive:\n    image: orthancteam/orthanc:24.12.0\n"
               "    volumes:\n      - ./plugin:/python\n"
               "    environment:\n      ORTHANC__PYTHON_SCRIPT: /python/hook.py\n" + SCORER)
    assert _findings(tmp_path, {"compose.yaml": compose, "plugin/hook.py": PLUGIN}) == [
        ("plugin/hook.py", 7, "DW101", "scorer")]


def test_a_plugin_copied_into_an_image_built_from_the_server_dials_the_server_itself(tmp_path):
    compose = "services:\n  archive:\n    build: ./archive\n" + SCORER
    dockerfile = ("FROM jodogne/orthanc-python:1.12.5\nCOPY hook.py /python/hook.py\n"
                  "ENV ORTHANC__PYTHON_SCRIPT=/python/hook.py\n")
    assert _findings(tmp_path, {"compose.yaml": compose, "archive/Dockerfile": dockerfile,
                                "archive/hook.py": PLUGIN}) == [("archive/hook.py", 7, "DW101", "scorer")]


def test_another_service_is_told_the_servers_name(tmp_path):
    compose = ("services:\n  viewer:\n    build: .\n    command: python app.py\n"
               "  archive:\n    image: orthancteam/orthanc:24.12.0\n"
               "  records:\n    image: hapiproject/hapi:v7.2.0\n")
    app = ('import requests\n\nrequests.get("http://localhost:8042/system")\n'
           'requests.get("http://localhost:8080/fhir/metadata")\n')
    assert _findings(tmp_path, {"compose.yaml": compose, "Dockerfile": "FROM python:3.12-slim\nCOPY . /srv\nWORKDIR /srv\n",
                                "app.py": app}) == [("app.py", 3, "DW101", "archive"), ("app.py", 4, "DW101", "records")]
