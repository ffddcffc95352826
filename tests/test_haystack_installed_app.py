"""django-haystack alone reads ``HAYSTACK_CONNECTIONS``: Django never opens it.  The search
backend's URL is dialled where haystack runs: listed among the installed apps (Django imports
each as it sets up; haystack then serves its search views, ``include("haystack.urls")``, and
indexes through its management commands, none of them an import statement of the project), or
imported by code the container runs.  A project that keeps the setting with the app commented
out of ``INSTALLED_APPS`` and an unused ``search_indexes`` module (which only haystack's own
autodiscovery would import) dials nothing (``rules/flow.yaml`` setting_readers, reader_apps)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = """\
SECRET_KEY = "x"
THIRD_PARTY_APPS = [
    "crispy_forms",
    {haystack}
]
INSTALLED_APPS = ["django.contrib.contenttypes"] + THIRD_PARTY_APPS + ["catalog"]
ROOT_URLCONF = "catalog.urls"

HAYSTACK_CONNECTIONS = {{
    "default": {{
        "ENGINE": "haystack.backends.solr_backend.SolrEngine",
        "URL": "http://127.0.0.1:8983/solr",
    }},
}}
"""
INDEXES = """\
from haystack import indexes

from catalog.models import Book


class BookIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, use_template=True)

    def get_model(self):
        return Book
"""
URLS = """\
from django.urls import include, path

urlpatterns = [path("search/", include("haystack.urls"))]
"""


def _findings(tmp_path: Path, haystack: str, extra: dict[str, str] | None = None) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: gunicorn -b 0.0.0.0:8000 site_pkg.wsgi\n"
                        "    environment:\n      DJANGO_SETTINGS_MODULE: site_pkg.settings\n"
                        "  solr:\n    image: solr:9\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "site_pkg/__init__.py": "",
        "site_pkg/settings.py": SETTINGS.format(haystack=haystack),
        "site_pkg/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
        "catalog/__init__.py": "",
        "catalog/models.py": "from django.db import models\n\n\nclass Book(models.Model):\n    title = models.CharField(max_length=80)\n",
        "catalog/search_indexes.py": INDEXES,
        "catalog/urls.py": URLS,
        **(extra or {}),
    }, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_app_commented_out_dials_nothing(tmp_path):
    urls = "from django.urls import path\n\nurlpatterns = []\n"
    assert _findings(tmp_path, '# "haystack",', {"catalog/urls.py": urls}) == []


def test_the_installed_app_dials_the_backend(tmp_path):
    assert _findings(tmp_path, '"haystack",') == [("site_pkg/settings.py", 12, "DW101")]


def test_an_installed_app_config_path_counts_too(tmp_path):
    assert _findings(tmp_path, '"haystack.apps.HaystackConfig",') == [("site_pkg/settings.py", 12, "DW101")]


def test_code_that_searches_dials_it_without_the_app_listed(tmp_path):
    views = ("from haystack.query import SearchQuerySet\n\n\n"
             "def find(request):\n    return SearchQuerySet().filter(content=request.GET[\"q\"])\n")
    urls = "from django.urls import path\n\nfrom catalog import views\n\nurlpatterns = [path(\"find\", views.find)]\n"
    assert _findings(tmp_path, "", {"catalog/views.py": views, "catalog/urls.py": urls}) \
        == [("site_pkg/settings.py", 12, "DW101")]


def test_an_app_appended_to_the_list_counts_too(tmp_path):
    settings = SETTINGS.format(haystack="") + 'INSTALLED_APPS.append("haystack")\n'
    assert _findings(tmp_path, "", {"site_pkg/settings.py": settings}) == [("site_pkg/settings.py", 12, "DW101")]
