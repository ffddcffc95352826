"""Clinical and imaging systems' Python clients dial the server they are given: a FHIR server
(fhirpy's ``SyncFHIRClient(url)`` / ``AsyncFHIRClient(url)``), an Orthanc archive's REST API
(pyorthanc's ``Orthanc(url)``), a DICOMweb endpoint (dicomweb-client's ``DICOMwebClient(url)``),
a DICOM peer (pynetdicom's ``ae.associate(addr, port)``) and an HL7 v2 MLLP listener
(python-hl7's ``MLLPClient(host, port)``).  A loopback address there is dialled; the service's
name at its container port is right, and its published port inside the network is not.  The
servers of the same libraries (pynetdicom's ``ae.start_server((host, port))``, hl7apy's
``MLLPServer(host, port, handlers)``) bind: a loopback there is a loopback bind, every interface
is silent."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = ("services:\n  portal:\n    build: .\n    command: python app/main.py\n"
           "    ports:\n      - \"11112:11112\"\n      - \"2575:2575\"\n"
           "  records:\n    image: hapiproject/hapi:v7.2.0\n    ports:\n      - \"18080:8080\"\n"
           "  archive:\n    image: orthancteam/orthanc:24.12.0\n"
           "    ports:\n      - \"18042:8042\"\n      - \"14242:4242\"\n"
           "  relay:\n    build: ./relay\n    command: python listener.py\n"
           "    expose:\n      - \"6661\"\n")


def _findings(tmp_path: Path, body: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/main.py": body,
        "relay/Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "relay/listener.py": "import time\n\nwhile True:\n    time.sleep(60)\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize(("body", "meant"), [
    ('from fhirpy import SyncFHIRClient\n\nclient = SyncFHIRClient("http://localhost:8080/fhir")\n', "records"),
    ('import fhirpy\n\nclient = fhirpy.AsyncFHIRClient(url="http://127.0.0.1:8080/fhir", authorization="t")\n',
     "records"),
    ('import pyorthanc\n\nclient = pyorthanc.Orthanc("http://localhost:8042", username="u", password="p")\n',
     "archive"),
    ('from dicomweb_client.api import DICOMwebClient\n\n'
     'client = DICOMwebClient(url="http://localhost:8042/dicom-web")\n', "archive"),
    ('from pynetdicom import AE\n\nae = AE(ae_title="PORTAL")\nassoc = ae.associate("localhost", 4242)\n',
     "archive"),
])
def test_a_loopback_clinical_server_is_dialled(tmp_path, body, meant):
    assert _findings(tmp_path, body) == [("DW101", meant)]


def test_a_loopback_mllp_listener_is_dialled(tmp_path):
    body = 'from hl7.client import MLLPClient\n\nwith MLLPClient("localhost", 6661) as client:\n    client.send(b"")\n'
    assert _findings(tmp_path, body) == [("DW101", "relay")]


@pytest.mark.parametrize("body", [
    'import pyorthanc\n\nclient = pyorthanc.Orthanc("http://archive:8042")\n',
    'from fhirpy import SyncFHIRClient\n\nclient = SyncFHIRClient("http://records:8080/fhir")\n',
    'from pynetdicom import AE\n\nae = AE()\nassoc = ae.associate("archive", 4242)\n',
    'from hl7.client import MLLPClient\n\nclient = MLLPClient("relay", 6661)\n',
])
def test_the_service_name_at_its_container_port_is_right(tmp_path, body):
    assert _findings(tmp_path, body) == []


def test_the_published_port_inside_the_network_is_flagged(tmp_path):
    body = 'import pyorthanc\n\nclient = pyorthanc.Orthanc("http://archive:18042")\n'
    assert [code for code, _ in _findings(tmp_path, body)] == ["DW103"]


@pytest.mark.parametrize("body", [
    'from pynetdicom import AE\n\nae = AE()\nae.start_server(("127.0.0.1", 11112), block=True)\n',
    'from hl7apy.mllp import MLLPServer\n\nserver = MLLPServer("localhost", 2575, {})\nserver.serve_forever()\n',
])
def test_a_loopback_clinical_listener_is_a_loopback_bind(tmp_path, body):
    assert [code for code, _ in _findings(tmp_path, body)] == ["DW201"]


@pytest.mark.parametrize("body", [
    'from pynetdicom import AE\n\nae = AE()\nae.start_server(("0.0.0.0", 11112), block=True)\n',
    'from hl7apy.mllp import MLLPServer\n\nserver = MLLPServer("0.0.0.0", 2575, {})\nserver.serve_forever()\n',
])
def test_a_clinical_listener_on_every_interface_is_silent(tmp_path, body):
    assert _findings(tmp_path, body) == []
