"""A file named like a Dockerfile that is an archive of one (``Dockerfile.tar.gz``, the tarball
``docker build - < Dockerfile.tar.gz`` reads) is no Dockerfile: it is not read as one, so a
check reports no "not UTF-8 text" error line for it (``layout/paths.is_dockerfile_name``)."""
from __future__ import annotations

import gzip

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.paths import is_dockerfile_name
from tests.conftest import make


@pytest.mark.parametrize("name", ["Dockerfile.tar.gz", "Dockerfile.tgz", "Dockerfile.tar", "Dockerfile.zip",
                                  "api.Dockerfile.gz", "Containerfile.tar.xz"])
def test_an_archive_is_no_dockerfile(name):
    assert not is_dockerfile_name(name)


@pytest.mark.parametrize("name", ["Dockerfile", "Dockerfile.prod", "Dockerfile.gpu", "api.Dockerfile",
                                  "Containerfile.dev"])
def test_dockerfile_names_still_are(name):
    assert is_dockerfile_name(name)


def test_a_tarball_beside_the_dockerfile_is_no_error(tmp_path):
    # a Dockerfile with no Compose file, whose build unpacks the tarball into the image
    make(tmp_path, {
        "Dockerfile": "FROM nginx:1.27\nWORKDIR /usr/share/nginx/html\nADD Dockerfile.tar.gz ./\n",
    }, git=True)
    (tmp_path / "Dockerfile.tar.gz").write_bytes(gzip.compress(b"\x00\xff" * 64))
    result = run_check([tmp_path], Config(cache=False))
    assert [(e.path, e.message) for e in result.errors] == []
