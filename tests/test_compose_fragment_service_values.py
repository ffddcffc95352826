"""A Compose service with neither an image nor a build is a fragment: Compose refuses to create
it as it stands ("has neither an image nor a build context specified"), so its file is merged
onto another that gives the image (`docker compose -f compose.yaml -f contrib/auth/compose.yaml
up`), and its networks, network mode and the rest of its environment are written there.  The
values of its environment are not judged against the file alone (a `shares no network` drawn
from a fragment's missing `networks` key is wrong once merged).  A complete service of the
same file is still judged, but not as unreachable from a fragment whose networks it cannot see."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

BASE = ("services:\n"
        "  proxy:\n    image: nginx:1.27\n    networks: [net]\n"
        "  backend:\n    build: .\n    networks: [net]\n"
        "networks:\n  net:\n")

OVERLAY = ("services:\n"
           "  proxy:\n    environment:\n      UPSTREAM_URL: http://auth:8000\n"
           "  backend:\n    environment:\n      AUTH_API_URL: http://auth:8000\n"
           "  auth:\n    image: ghcr.io/acme/auth:1\n    networks: [net]\n"
           "networks:\n  net:\n")


def findings(tmp_path, overlay: str) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": BASE,
        "contrib/auth/compose.yaml": overlay,
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": "print('hi')\n",
    }, git=True)
    return [(f.span.path, f.span.line, f.code, tuple(f.services))
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_values_of_fragment_services_are_not_judged_alone(tmp_path):
    assert findings(tmp_path, OVERLAY) == []


def test_a_complete_service_of_the_same_file_is_still_judged(tmp_path):
    overlay = OVERLAY.replace(
        "networks:\n  net:\n",
        "  probe:\n    image: curlimages/curl:8\n    environment:\n      AUTH_API_URL: http://auth:8000\n"
        "networks:\n  net:\n")
    assert findings(tmp_path, overlay) == [("contrib/auth/compose.yaml", 14, "DW104", ("probe",))]


def test_a_fragment_named_by_a_complete_service_is_not_unreachable(tmp_path):
    overlay = OVERLAY.replace(
        "networks:\n  net:\n",
        "  probe:\n    image: curlimages/curl:8\n    networks: [net]\n"
        "    environment:\n      PROXY_URL: http://proxy:80\n      AUTH_API_URL: http://auht:8000\n"
        "networks:\n  net:\n")
    assert findings(tmp_path, overlay) == [("contrib/auth/compose.yaml", 16, "DW105", ("probe",))]
