"""Clients of geospatial and research-data servers dial the address they are given: OWSLib's
OGC clients (`WebMapService(url)`, the catalogue's `CatalogueServiceWeb(url)`), pystac-client's
`Client.open(url)`, geopy's geocoders for a self-hosted server (`Nominatim(domain=...)`,
`Pelias(domain)`), girder_client's `GirderClient(apiUrl=...)`, ckanapi's `RemoteCKAN(address)`
and GeoServer's REST `Catalog(service_url)`.  A loopback address there, in a container beside
that server, is a finding with the service as the suggestion; the service's name is not; an
address the container serves itself (its own published port) is not either."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CASES = [
    ('from owslib.wms import WebMapService\n\nmaps = WebMapService("http://{h}:8080/geoserver/wms", version="1.3.0")\n',
     "maps", 8080),
    ('from owslib.csw import CatalogueServiceWeb\n\ncat = CatalogueServiceWeb(url="http://{h}:8000/csw")\n',
     "catalogue", 8000),
    ('from pystac_client import Client\n\nstac = Client.open("http://{h}:8082")\nprint(stac.id)\n', "stacapi", 8082),
    ('from geopy.geocoders import Nominatim\n\ncoder = Nominatim(user_agent="survey", domain="{h}:8088")\n'
     'print(coder.geocode("Lyon"))\n', "geocoder", 8088),
    ('from geopy.geocoders import Pelias\n\ncoder = Pelias("{h}:4000", scheme="http")\nprint(coder.geocode("Lyon"))\n',
     "pelias", 4000),
    ('import girder_client\n\ngc = girder_client.GirderClient(apiUrl="http://{h}:8081/api/v1")\n'
     'gc.authenticate("admin", "pw")\n', "archive", 8081),
    ('from ckanapi import RemoteCKAN\n\nportal = RemoteCKAN("http://{h}:5000")\nprint(portal.action.package_list())\n',
     "portal", 5000),
    ('from geoserver.catalog import Catalog\n\ncat = Catalog("http://{h}:8080/geoserver/rest", "admin", "pw")\n'
     'print(cat.get_layers())\n', "maps", 8080),
]

COMPOSE = ("services:\n  job:\n    build: .\n    command: python -m jobs.run\n"
           "  maps:\n    image: kartoza/geoserver:2.25.2\n    expose: [\"8080\"]\n"
           "  catalogue:\n    image: geopython/pycsw:latest\n    expose: [\"8000\"]\n"
           "  stacapi:\n    image: ghcr.io/stac-utils/stac-fastapi-pgstac:5.0.0\n    expose: [\"8082\"]\n"
           "  geocoder:\n    image: mediagis/nominatim:4.4\n    expose: [\"8088\"]\n"
           "  pelias:\n    image: pelias/api:master\n    expose: [\"4000\"]\n"
           "  archive:\n    image: girder/girder:latest\n    expose: [\"8081\"]\n"
           "  portal:\n    image: ckan/ckan-base:2.10\n    expose: [\"5000\"]\n")


def _findings(tmp_path: Path, code: str, compose: str = COMPOSE) -> list[tuple[str, str | None, int | None]]:
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "jobs/__init__.py": "",
        "jobs/run.py": code,
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None, f.suggestion.port if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("code, service, port", CASES)
def test_a_loopback_address_is_a_finding(tmp_path: Path, code: str, service: str, port: int) -> None:
    assert _findings(tmp_path, code.format(h="localhost")) == [("DW101", service, port)]


@pytest.mark.parametrize("code, service, port", CASES)
def test_the_service_name_is_not(tmp_path: Path, code: str, service: str, port: int) -> None:
    assert _findings(tmp_path, code.format(h=service)) == []


def test_the_container_s_own_server_is_its_own(tmp_path: Path) -> None:
    # a provisioning script run in the data server's own container, which listens on 8080
    compose = ("services:\n  archive:\n    build: .\n    command: sh -c \"python -m jobs.run && girder serve\"\n"
               "    ports: [\"8080:8080\"]\n")
    code = ('import girder_client\n\ngc = girder_client.GirderClient(apiUrl="http://localhost:8080/api/v1")\n'
            'gc.authenticate("admin", "pw")\n')
    assert _findings(tmp_path, code, compose) == []
