"""A variant Compose file whose services all name an image is still an overlay of the base
file where it leans on it: a service attached to a network only the base defines, or
depending on a service only the base defines, is run with ``-f base -f variant``.  It is
judged merged onto the base, not alone with an 'undefined network' error."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

BASE = ("services:\n"
        "  db:\n    image: postgres:16\n    networks: [back]\n"
        "  web:\n    image: shop/web:1\n    networks: [back]\n"
        "networks:\n  back:\n")


def run(tmp_path, variant: str):
    make(tmp_path, {"docker-compose.yml": BASE, "docker-compose-jobs.yml": variant}, git=True)
    return run_check([tmp_path], Config(cache=False))


def test_a_variant_on_the_base_network_is_no_error(tmp_path):
    variant = ("services:\n  jobs:\n    image: shop/web:1\n    depends_on: [db]\n"
               "    networks: [back]\n    environment:\n      DATABASE_URL: postgresql://u:p@db:5432/shop\n")
    result = run(tmp_path, variant)
    assert [e.message for e in result.errors] == []
    assert list(result.active) == []  # db is a service of the merged project


def test_a_self_contained_variant_with_its_own_undefined_network_is_still_an_error(tmp_path):
    variant = "services:\n  jobs:\n    image: shop/web:1\n    networks: [elsewhere]\n"
    assert any("undefined network 'elsewhere'" in e.message for e in run(tmp_path, variant).errors)
