"""``scrapy crawl NAME`` runs the Scrapy project of the closest scrapy.cfg: the settings module
its ``[settings] default`` names (resolved from that file's directory), every module of the
packages SPIDER_MODULES lists, and the classes the settings name (ITEM_PIPELINES).  A script
beside the project that nothing of it imports (a helper run by hand) does not run there;
before, the start command was not followed and the container was judged on every file."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MONGO = 'import pymongo\nclient = pymongo.MongoClient("mongodb://localhost:27017")\n'
COMPOSE = "services:\n  crawler:\n    build: .\n    command: scrapy crawl books\n  mongo:\n    image: mongo\n"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR {workdir}\nCOPY . /srv/\n"
CFG = "[settings]\ndefault = shelf.settings\n\n[deploy]\nproject = shelf\n"
SETTINGS = ('BOT_NAME = "shelf"\nSPIDER_MODULES = ["shelf.spiders"]\n'
            'ITEM_PIPELINES = {"shelf.pipelines.StorePipeline": 300}\n')
SPIDER = 'import scrapy\nimport redis\nr = redis.Redis(host="localhost")\n\nclass Books(scrapy.Spider):\n    name = "books"\n'
PIPELINE = ("import pymongo\n\nclass StorePipeline:\n    def open_spider(self, spider):\n"
            '        self.client = pymongo.MongoClient("mongodb://localhost:27017")\n')


def _flagged(tmp_path: Path, files: dict[str, str]) -> list[str]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted({f.span.path for f in result.active})


def _project(workdir: str = "/srv") -> dict[str, str]:
    return {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE.format(workdir=workdir), "scrapy.cfg": CFG,
            "shelf/__init__.py": "", "shelf/settings.py": SETTINGS, "shelf/pipelines.py": PIPELINE,
            "shelf/spiders/__init__.py": "", "shelf/spiders/books.py": SPIDER,
            "export_to_csv.py": MONGO}


def test_a_helper_beside_the_scrapy_project_is_not_judged(tmp_path):
    assert _flagged(tmp_path, _project()) == ["shelf/pipelines.py", "shelf/spiders/books.py"]


def test_the_closest_scrapy_cfg_above_the_working_directory_names_the_project(tmp_path):
    assert _flagged(tmp_path, _project("/srv/shelf")) == ["shelf/pipelines.py", "shelf/spiders/books.py"]


def test_recall_without_a_scrapy_cfg_the_container_is_judged_on_every_file(tmp_path):
    files = _project()
    del files["scrapy.cfg"]
    assert _flagged(tmp_path, files) == ["export_to_csv.py", "shelf/pipelines.py", "shelf/spiders/books.py"]
