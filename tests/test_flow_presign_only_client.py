"""An S3 client that only signs URLs sends nothing.  botocore's ``generate_presigned_url``
and ``generate_presigned_post`` compute the URL from the client's endpoint and credentials
locally; a browser opens it.  A stack with MinIO often builds two clients: one with the
address the containers reach (``http://files:9000``) and one with the address the browser
reaches (the published port on ``localhost``), used only to sign.  The second dials nothing
from the container, so its loopback endpoint is no finding (``rules/flow.yaml``
signing_clients, signing_methods; ``Climb._signs_only``); a client that also uploads, or that
another module uses to upload, keeps its finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n"
           "  web:\n    build: .\n    command: python -m shop.main\n    environment:\n"
           "      BLOB_SIGN_ENDPOINT_URL: http://localhost:9000\n"
           "      BLOB_ENDPOINT_URL: {inner}\n"
           "  files:\n    image: minio/minio\n    command: server /data\n    ports:\n      - \"9000:9000\"\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
BLOBS = ('import os\n\nimport boto3\n\n'
         'SIGNER = boto3.client("s3", endpoint_url=os.environ["BLOB_SIGN_ENDPOINT_URL"])\n'
         'STORE = boto3.client("s3", endpoint_url=os.environ["BLOB_ENDPOINT_URL"])\n\n\n'
         'def put(key, data):\n    STORE.put_object(Bucket="b", Key=key, Body=data)\n\n\n'
         'def link(key):\n'
         '    return SIGNER.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": key})\n\n\n'
         'def thumb_link(key):\n'
         '    local = boto3.client("s3", endpoint_url="http://localhost:9000")\n'
         '    return local.generate_presigned_post("b", key)\n')
MAIN = ('from shop import blobs\nfrom shop.blobs import SIGNER\n\n'
        'blobs.put("a", b"x")\nprint(blobs.link("a"), blobs.thumb_link("a"))\n'
        'print(SIGNER.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "c"}))\n')


def findings(tmp_path: Path, blobs: str = BLOBS, main: str = MAIN,
             inner: str = "http://files:9000") -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(inner=inner), "Dockerfile": DOCKERFILE,
                    "shop/__init__.py": "", "shop/blobs.py": blobs, "shop/main.py": main}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_client_that_only_signs_dials_nothing(tmp_path):
    assert findings(tmp_path) == []


def test_the_client_that_stores_keeps_its_loopback_endpoint(tmp_path):
    assert findings(tmp_path, inner="http://localhost:9000") == [("compose.yaml", 7, "DW101")]


def test_a_signer_that_another_module_uploads_with_dials(tmp_path):
    main = MAIN + 'SIGNER.upload_file("/tmp/x", "b", "x")\n'
    assert findings(tmp_path, main=main) == [("compose.yaml", 6, "DW101")]


def test_a_local_client_that_also_downloads_dials(tmp_path):
    blobs = BLOBS.replace("    return local.generate_presigned_post(\"b\", key)\n",
                          "    local.download_file(\"b\", key, \"/tmp/k\")\n"
                          "    return local.generate_presigned_post(\"b\", key)\n")
    assert findings(tmp_path, blobs=blobs) == [("shop/blobs.py", 18, "DW101")]


LINKS = ('import boto3\n\n\n'
         'class Links:\n'
         '    def __init__(self):\n'
         '        self._s3 = boto3.client("s3", endpoint_url="http://localhost:9000")\n\n'
         '    def get(self, key):\n'
         '        return self._s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": key})\n')


def test_an_attribute_that_only_signs_dials_nothing(tmp_path):
    main = MAIN + 'from shop.links import Links\nprint(Links().get("a"))\n'
    make(tmp_path, {"shop/links.py": LINKS})
    assert findings(tmp_path, main=main) == []


def test_an_attribute_read_another_way_dials(tmp_path):
    main = MAIN + 'from shop.links import Links\nprint(Links().get("a"))\n'
    links = LINKS + '\n    def size(self, key):\n        return self._s3.head_object(Bucket="b", Key=key)\n'
    make(tmp_path, {"shop/links.py": links})
    assert findings(tmp_path, main=main) == [("shop/links.py", 6, "DW101")]
