"""pydantic v2 takes a settings class's configuration as class keywords too
(``class Cache(BaseSettings, env_prefix="app_")``), as it does from ``model_config``: the
field ``cache_url`` then reads ``APP_CACHE_URL``.  Without the keyword form the default was
judged as the fallback of ``CACHE_URL``, which no service sets, and reported where the
service sets the prefixed variable."""
from __future__ import annotations

import ast

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.flow.astfacts import env_name
from tests.conftest import make

CONFIG = ('from pydantic_settings import BaseSettings\n\n\n'
          'class Base(BaseSettings, env_file=".env", extra="ignore"):\n'
          '    """Read from the environment."""\n\n\n'
          'class _Cache(Base{keywords}):\n'
          '{body}'
          '    cache_url: str = "redis://localhost:6379/0"\n\n\n'
          'Cache = _Cache()\n')
MAIN = 'import redis\nfrom app.config import Cache\n\nclient = redis.Redis.from_url(Cache.cache_url)\n'


def findings(tmp_path, variable: str, keywords: str = ', env_prefix="app_"', body: str = "") -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": (f"services:\n  worker:\n    build: .\n    command: python -m app\n    environment:\n"
                         f"      {variable}: redis://cache:6379/0\n  cache:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/config.py": CONFIG.format(keywords=keywords, body=body),
        "app/__main__.py": MAIN,
    }, git=True)
    return [(f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_class_keyword_prefix_names_the_variable_the_service_sets(tmp_path):
    assert findings(tmp_path, "APP_CACHE_URL") == []


def test_the_default_still_counts_where_the_prefixed_variable_is_unset(tmp_path):
    # recall guard: the unprefixed name is not what the field reads
    assert findings(tmp_path, "CACHE_URL") == [("app/config.py", "DW101")]


def test_model_config_as_a_plain_dict_is_the_same(tmp_path):
    assert findings(tmp_path, "APP_CACHE_URL", keywords="", body='    model_config = {"env_prefix": "app_"}\n') == []


def test_the_flow_reads_every_form_of_the_prefix():
    for header, body in (('class S(BaseSettings, env_prefix="app_"):', ""),
                         ("class S(BaseSettings):", '    model_config = {"env_prefix": "app_"}\n'),
                         ("class S(BaseSettings):", '    model_config = SettingsConfigDict(env_prefix="app_")\n'),
                         ("class S(BaseSettings):", "")):
        cls = ast.parse(f"{header}\n{body}    cache_url: str = ''\n").body[0]
        assert isinstance(cls, ast.ClassDef)
        expected = "CACHE_URL" if not body and "env_prefix" not in header else "APP_CACHE_URL"
        assert env_name(None, cls, "cache_url") == expected, (header, body)  # type: ignore[arg-type]


# ------------------------------------------------------------- a settings base in another module

def lineage_findings(tmp_path, variable: str, base: str, sub: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": (f"services:\n  worker:\n    build: .\n    command: python -m app\n    environment:\n"
                         f"      {variable}: redis://cache:6379/0\n  cache:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/core/__init__.py": "",
        "app/core/base.py": f'from pydantic_settings import BaseSettings\n\n\nclass AppSettings(BaseSettings{base}):\n    pass\n',
        "app/config.py": ('from app.core.base import AppSettings\n\n\n'
                          f'class _Cache(AppSettings{sub}):\n    cache_url: str = "redis://localhost:6379/0"\n\n\n'
                          'Cache = _Cache()\n'),
        "app/__main__.py": MAIN,
    }, git=True)
    return [(f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_field_of_a_settings_class_whose_base_is_imported_falls_back_to_its_variable(tmp_path):
    assert lineage_findings(tmp_path, "CACHE_URL", "", "") == []


def test_the_subclass_prefix_and_the_inherited_prefix_both_count(tmp_path):
    assert lineage_findings(tmp_path, "APP_CACHE_URL", "", ', env_prefix="app_"') == []
    assert lineage_findings(tmp_path, "SVC_CACHE_URL", ', env_prefix="svc_"', "") == []
    # the class's own prefix wins over its base's
    assert lineage_findings(tmp_path, "APP_CACHE_URL", ', env_prefix="svc_"', ', env_prefix="app_"') == []


def test_an_imported_settings_base_still_reports_where_the_variable_is_unset(tmp_path):
    # recall guard: the default is what the container dials
    assert lineage_findings(tmp_path, "OTHER_URL", "", "") == [("app/config.py", "DW101")]
    assert lineage_findings(tmp_path, "CACHE_URL", ', env_prefix="svc_"', "") == [("app/config.py", "DW101")]


def test_a_plain_class_named_like_settings_is_no_environment_fallback(tmp_path):
    # recall guard: without BaseSettings up the lineage nothing fills the field from the environment
    make(tmp_path, {
        "compose.yaml": ("services:\n  worker:\n    build: .\n    command: python -m app\n    environment:\n"
                         "      CACHE_URL: redis://cache:6379/0\n  cache:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/core.py": "class AppSettings:\n    pass\n",
        "app/config.py": ('from app.core import AppSettings\n\n\n'
                          'class _Cache(AppSettings):\n    cache_url: str = "redis://localhost:6379/0"\n\n\n'
                          'Cache = _Cache()\n'),
        "app/__main__.py": MAIN,
    }, git=True)
    assert [(f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active] == [
        ("app/config.py", "DW101")]


# ------------------------------------------------- a field read through subclasses of other prefixes

ENDPOINT = ('from pydantic_settings import BaseSettings\n\n\n'
            'class RedisEndpoint(BaseSettings):\n    redis_url: str = "redis://localhost:6379/0"\n\n\n'
            'class CacheSettings(RedisEndpoint, env_prefix="cache_"):\n    pass\n\n\n'
            'class QueueSettings(RedisEndpoint, env_prefix="queue_"):\n    pass\n')
USES = ('import redis\nfrom app.config import CacheSettings, QueueSettings\n\n'
        'cache = redis.Redis.from_url(CacheSettings().redis_url)\n'
        'queue = redis.Redis.from_url(QueueSettings().redis_url)\n')


def variant_findings(tmp_path, env: str, config: str = ENDPOINT, main: str = USES) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  worker:\n    build: .\n    command: python -m app\n    environment:\n"
                         + "".join(f"      {v}: redis://cache:6379/0\n" for v in env.split())
                         + "  cache:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/config.py": config,
        "app/__main__.py": main,
    }, git=True)
    return [(f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_base_field_read_under_every_subclass_prefix_is_dead_where_all_are_set(tmp_path):
    assert variant_findings(tmp_path, "CACHE_REDIS_URL QUEUE_REDIS_URL") == []


def test_one_unset_subclass_variable_keeps_the_default_alive(tmp_path):
    # recall guard: the queue reads QUEUE_REDIS_URL, unset: it dials the default
    assert variant_findings(tmp_path, "CACHE_REDIS_URL") == [("app/config.py", "DW101")]


def test_the_base_built_itself_reads_its_own_variable_too(tmp_path):
    main = USES + 'plain = redis.Redis.from_url(app_config.RedisEndpoint().redis_url)\n'
    main = main.replace("import redis\n", "import redis\nimport app.config as app_config\n")
    assert variant_findings(tmp_path, "CACHE_REDIS_URL QUEUE_REDIS_URL", main=main) == [("app/config.py", "DW101")]
    assert variant_findings(tmp_path, "CACHE_REDIS_URL QUEUE_REDIS_URL REDIS_URL", main=main) == []


def test_a_subclass_that_declares_the_field_again_has_its_own_default(tmp_path):
    config = ENDPOINT.replace('class QueueSettings(RedisEndpoint, env_prefix="queue_"):\n    pass\n',
                              'class QueueSettings(RedisEndpoint, env_prefix="queue_"):\n'
                              '    redis_url: str = "redis://cache:6379/1"\n')
    # the base's default is read only through CacheSettings
    assert variant_findings(tmp_path, "CACHE_REDIS_URL", config=config) == []
