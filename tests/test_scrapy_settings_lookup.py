"""A Scrapy component reads the project's settings by name: ``crawler.settings.get("NAME")``
(or ``getlist``, or ``[...]``) is what the settings module ``scrapy.cfg`` names binds under
NAME, so an item pipeline built from it dials that value.  A loopback address there, in the
crawler's container beside the database's service, reaches the container itself.  Not where
the start command gives the setting a value of its own (``-s NAME=...``), nor where the
module read is no Scrapy settings module (no BOT_NAME / SPIDER_MODULES: a mapping of another
kind looked up the same way)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_SETTINGS = ('BOT_NAME = "harvest"\nSPIDER_MODULES = ["harvest.spiders"]\n'
             'ITEM_PIPELINES = {"harvest.pipelines.StorePipeline": 300}\n')

_PIPELINE = '''import pymongo


class StorePipeline:
    def __init__(self, uri, name):
        self.uri = uri
        self.name = name

    @classmethod
    def from_crawler(cls, crawler):
        return cls(uri={read}, name=crawler.settings.get("DOCS_DB", "pages"))

    def open_spider(self, spider):
        self.client = pymongo.MongoClient(self.uri)

    def process_item(self, item, spider):
        self.client[self.name]["pages"].insert_one(dict(item))
        return item
'''

_SPIDER = '''import scrapy


class PagesSpider(scrapy.Spider):
    name = "pages"
    start_urls = ["https://example.org/"]

    def parse(self, response):
        yield {"title": response.css("title::text").get()}
'''


def _findings(tmp_path: Path, value: str, read: str = 'crawler.settings.get("DOCS_URI")',
              command: str = "scrapy crawl pages", markers: str = _SETTINGS) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": (f"services:\n  crawl:\n    build: .\n    command: {command}\n"
                         "  docs:\n    image: mongo:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "scrapy.cfg": "[settings]\ndefault = harvest.settings\n",
        "harvest/__init__.py": "",
        "harvest/settings.py": markers + f'DOCS_URI = "{value}"\n',
        "harvest/pipelines.py": _PIPELINE.format(read=read),
        "harvest/spiders/__init__.py": "",
        "harvest/spiders/pages.py": _SPIDER,
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_loopback_setting_a_pipeline_looks_up_is_dialled(tmp_path):
    assert _findings(tmp_path, "mongodb://localhost:27017") == [("DW101", "docs")]


def test_a_subscript_lookup_reads_the_setting_too(tmp_path):
    assert _findings(tmp_path, "mongodb://127.0.0.1:27017",
                     read='crawler.settings["DOCS_URI"]') == [("DW101", "docs")]


def test_the_database_service_by_name_is_right(tmp_path):
    assert _findings(tmp_path, "mongodb://docs:27017") == []


def test_a_setting_the_start_command_sets_is_not_the_modules(tmp_path):
    command = "scrapy crawl pages -s DOCS_URI=mongodb://docs:27017"
    assert _findings(tmp_path, "mongodb://localhost:27017", command=command) == []


def test_a_module_that_is_no_scrapy_settings_module_is_not_looked_up(tmp_path):
    assert _findings(tmp_path, "mongodb://localhost:27017", markers='ITEM_PIPELINES = {}\n') == []
