"""django-elasticsearch-dsl reads ``ELASTICSEARCH_DSL`` as its app loads only to configure the
connection (``connections.configure``: nothing dialled); the cluster is dialled by a Document
that a module of the project defines (the app imports each installed app's ``documents``
module), or by the project's own elasticsearch-dsl code.  Where no module the container runs
imports either library, the setting is an installed app's unused default (``rules/flow.yaml``
setting_readers)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = """\
SECRET_KEY = "x"
INSTALLED_APPS = ["django.contrib.contenttypes", "django_elasticsearch_dsl", "shop"]
ELASTICSEARCH_DSL = {"default": {"hosts": "localhost:9200"}}
"""
DOCUMENTS = """\
from django_elasticsearch_dsl import Document
from django_elasticsearch_dsl.registries import registry

from shop.models import Product


@registry.register_document
class ProductDocument(Document):
    class Index:
        name = "products"

    class Django:
        model = Product
"""


def _findings(tmp_path: Path, extra: dict[str, str]) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: gunicorn -b 0.0.0.0:8000 site_pkg.wsgi\n"
                        "    environment:\n      DJANGO_SETTINGS_MODULE: site_pkg.settings\n"
                        "  search:\n    image: elasticsearch:8.13.0\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "site_pkg/__init__.py": "",
        "site_pkg/settings.py": SETTINGS,
        "site_pkg/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
        "shop/__init__.py": "",
        "shop/models.py": "from django.db import models\n\n\nclass Product(models.Model):\n    name = models.CharField(max_length=80)\n",
        **extra,
    }, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_an_installed_app_with_no_document_dials_nothing(tmp_path):
    assert _findings(tmp_path, {}) == []


def test_a_document_of_an_installed_app_dials_the_cluster(tmp_path):
    assert _findings(tmp_path, {"shop/documents.py": DOCUMENTS}) == [("site_pkg/settings.py", 3, "DW101")]


def test_the_projects_own_search_code_dials_it_too(tmp_path):
    views = ("from elasticsearch_dsl import Search\n\n\n"
             "def products(request):\n    return Search(index=\"products\").execute()\n")
    urls = "from django.urls import path\n\nfrom shop import views\n\nurlpatterns = [path(\"p\", views.products)]\n"
    settings = SETTINGS + 'ROOT_URLCONF = "shop.urls"\n'
    assert _findings(tmp_path, {"shop/views.py": views, "shop/urls.py": urls, "site_pkg/settings.py": settings}) \
        == [("site_pkg/settings.py", 3, "DW101")]
