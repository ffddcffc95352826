"""Evidence that a value is dialled (dockwise.flow): each class of issue 13 on small sources.

The first part runs ``Flow`` over in-memory modules (no files, no layout): where a string
literal goes.  The second part runs whole projects through ``run_check`` for the classes
that need a layout (environment, services, binds, evidence in the reports)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.flow import Flow
from dockwise.knowledge import default_knowledge

from tests.conftest import make

K = default_knowledge()


def flow_of(files: dict[str, str], rel: str, needle: str, occurrence: int = 0):
    """Where the string literal holding ``needle`` in ``rel`` goes."""
    text = files[rel]
    lines = text.split("\n")
    hits = [(i + 1, line.index(needle) + 1) for i, line in enumerate(lines) if needle in line]
    line, column = hits[occurrence]
    return Flow(K, files.get, files).of(rel, line, column)


def kinds(result) -> list[str]:
    return [s.kind for s in result.sinks]


# --------------------------------------------------------------------------- reaching a sink


def test_direct_sink_argument():
    files = {"a.py": 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'}
    assert kinds(flow_of(files, "a.py", "localhost")) == ["redis.Redis(host)"]


def test_constant_in_another_module():
    files = {
        "app/config.py": 'REDIS_URL = "redis://localhost:6379/0"\n',
        "app/cache.py": "import redis\nfrom app.config import REDIS_URL\nr = redis.from_url(REDIS_URL)\n",
    }
    r = flow_of(files, "app/config.py", "localhost")
    assert kinds(r) == ["redis.from_url(#0)"] and r.sinks[0].span.path == "app/cache.py"


def test_module_attribute_of_an_imported_module():
    files = {
        "app/settings.py": 'STATSD_HOST = "127.0.0.1"\n',
        "app/__init__.py": "from statsd import StatsClient\nfrom app import settings\n"
                           "statsd = StatsClient(host=settings.STATSD_HOST, port=8125)\n",
    }
    r = flow_of(files, "app/settings.py", "127.0.0.1")
    assert "statsd.StatsClient(host)" in kinds(r) and r.port == 8125


def test_settings_field_read_through_the_settings_object():
    files = {
        "core/config.py": "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n"
                          '    daemon_health_host: str = "localhost"\n    daemon_health_port: int = 9091\n\n'
                          "def get_settings():\n    return Settings()\n",
        "core/router.py": "import requests\nfrom core.config import get_settings\n\n"
                          "def status():\n    s = get_settings()\n    host = s.daemon_health_host\n"
                          "    port = s.daemon_health_port\n    return requests.get(f\"http://{host}:{port}/status\")\n",
    }
    r = flow_of(files, "core/config.py", "localhost")
    assert kinds(r) == ["requests.get(#0)"] and r.port == 9091


def test_settings_attribute_read_in_another_package_through_a_local_settings_object():
    # `settings.daemon_health_host`: the search for `.daemon_health_host` must match right
    # after an identifier (only a whole-word search on its identifier part)
    files = {
        "core/config.py": "from functools import lru_cache\nfrom pydantic_settings import BaseSettings\n\n"
                          "class Settings(BaseSettings):\n"
                          '    daemon_health_host: str = "localhost"\n    daemon_health_port: int = 9091\n\n'
                          "@lru_cache\ndef get_settings() -> Settings:\n    return Settings()\n",
        "core/ingestion/router.py": "import aiohttp\nfrom core.config import get_settings\n\n"
                                    "def _url() -> str:\n    settings = get_settings()\n"
                                    "    host = settings.daemon_health_host\n    port = settings.daemon_health_port\n"
                                    '    return f"http://{host}:{port}/status"\n\n'
                                    "async def fetch():\n    url = _url()\n"
                                    "    async with aiohttp.ClientSession() as session:\n"
                                    "        async with session.get(url) as resp:\n            return await resp.json()\n",
    }
    r = flow_of(files, "core/config.py", "localhost")
    assert kinds(r) == ["aiohttp.ClientSession.get(#0)"] and r.port == 9091


def test_lazy_index_finds_names_in_headers_and_one_line_bodies():
    # the module index visits only the statements on the lines that name a word: a name in
    # a compound statement's header, a one-line body and a decorator must all be found
    from dockwise.flow.index import parse_module

    text = ("import requests\n\nURL = 'http://localhost:8000'\n\n"
            "@decorate(URL)\ndef f(u=URL):\n    if URL: requests.get(URL)\n\n"
            "class C:\n    def g(self):\n        x = 1; y = URL\n")
    mod = parse_module("a.py", text)
    lines = sorted(n.lineno for n in mod.loads("URL"))
    assert lines == [5, 6, 7, 7, 11]
    assert all(mod.parent(n) is not None for n in mod.loads("URL"))
    node = mod.string_at(3, 8)
    assert node is not None and node.value == "http://localhost:8000"
    assert mod.scope(mod.loads("URL")[-1]).name == "g"


def test_parameter_default_reaches_the_sink_inside_the_function():
    files = {"a.py": 'import psycopg2\n\ndef connect(host="localhost"):\n    return psycopg2.connect(host=host)\n'}
    assert kinds(flow_of(files, "a.py", "localhost")) == ["psycopg2.connect(host)"]


def test_return_value_goes_back_to_its_caller_only():
    # a helper's default must not flow into what another call site does with the helper's result
    files = {"a.py": "import os, requests, pymongo\n\n"
                     "def env(name, default=None):\n    return os.environ.get(name, default)\n\n"
                     'MONGO = env("MONGO_URI", "mongodb://localhost:27017")\n'
                     'API = env("API_URL", "http://api:8000")\n'
                     "requests.get(API)\n"}
    assert kinds(flow_of(files, "a.py", "mongodb://")) == []


def test_through_fstring_concatenation_format_and_urljoin():
    files = {"a.py": "import requests\nfrom urllib.parse import urljoin\n"
                     'BASE = "http://localhost:8000"\n'
                     'requests.get(urljoin(BASE + "/api/", "v1/{}".format(1)))\n'}
    assert kinds(flow_of(files, "a.py", "localhost")) == ["requests.get(#0)"]


def test_framework_settings_are_sinks():
    files = {"mysite/settings.py": 'DATABASES = {"default": {"ENGINE": "x", "HOST": "localhost", "PORT": 5432}}\n'
                                   'CELERY_BROKER_URL = "redis://localhost:6379/0"\n'}
    assert kinds(flow_of(files, "mysite/settings.py", "localhost")) == ["setting DATABASES.default.HOST"]
    assert kinds(flow_of(files, "mysite/settings.py", "redis://")) == ["setting CELERY_BROKER_URL"]


def test_environment_written_for_a_child_process_under_a_strong_name():
    files = {"a.py": 'import os\nos.environ["DATABASE_URL"] = "postgresql://localhost:5432/app"\n'}
    assert kinds(flow_of(files, "a.py", "localhost")) == ["env:DATABASE_URL"]


# --------------------------------------------------------------------------- never a target


@pytest.mark.parametrize("code", [
    # returned from a request handler
    '@app.get("/info")\ndef info():\n    return {"ui": "http://localhost:8088"}\n',
    # ORM lookups and records
    'c = Client.objects.create(hostname="localhost")\n',
    'q = Host.objects.filter(name="localhost").first()\n',
    # comparisons and membership tests
    'ok = url.startswith("http://localhost:4200/")\n',
    'if host in ("localhost", "127.0.0.1"):\n    pass\n',
    # origins however they are built
    'CSRF_TRUSTED_ORIGINS.append("http://localhost:4200")\n',
    # JSON-schema, form and argparse defaults
    'SCHEMA = {"host": {"type": "string", "default": "127.0.0.1"}}\n',
    'parser.add_argument("--host", default="localhost")\n',
    # links, logs, e-mail text
    'logger.info("connect to http://localhost:8000")\n',
    'html = render_template("x.html", url="http://localhost:8000")\n',
])
def test_never_targets(code):
    files = {"a.py": code}
    needle = next(n for n in ("localhost", "127.0.0.1") if n in code)
    assert flow_of(files, "a.py", needle).sinks == ()


# --------------------------------------------------------------------------- fallbacks that never run


def test_nested_environment_reads_record_every_variable():
    files = {"a.py": 'import os, redis\nU = os.environ.get("APP_REDIS_URL", os.environ.get("REDIS_URL", "redis://localhost"))\n'
                     "r = redis.from_url(U)\n"}
    assert set(flow_of(files, "a.py", "redis://").fallbacks) == {"APP_REDIS_URL", "REDIS_URL"}


@pytest.mark.parametrize("code", [
    'host = settings.redis_host or "localhost"\nredis.Redis(host=host)\n',  # an operator's setting
    'host = cfg.get("host", "localhost")\nredis.Redis(host=host)\n',  # a rendered configuration
    'def serve(args):\n    host = "127.0.0.1"\n    if args:\n        host, port = args[0].split(":")\n'
    '    redis.Redis(host=host)\n',  # a default the function replaces
])
def test_operator_defaults_are_not_reported(code):
    r = flow_of({"a.py": "import redis\n" + code}, "a.py", "localhost" if "localhost" in code else "127.0.0.1")
    assert r.sinks == () and r.operator


def test_parameter_default_every_call_overrides():
    files = {"a.py": "import redis\n\nclass Cache:\n"
                     '    def __init__(self, host="localhost"):\n        self.r = redis.Redis(host=host)\n\n'
                     'c = Cache(host="redis")\nd = Cache("redis")\n'}
    r = flow_of(files, "a.py", "localhost")
    assert r.overridden and r.sinks == ()


def test_fallback_assigned_after_a_check_still_counts():
    files = {"a.py": 'import os\nfrom langchain_community.chat_models.ollama import ChatOllama\n'
                     'url = os.getenv("LLM_URL")\nif not url:\n    url = "http://localhost:11434"\n'
                     "llm = ChatOllama(base_url=url)\n"}
    assert kinds(flow_of(files, "a.py", "localhost")) == ["langchain_community.chat_models.ollama.ChatOllama(base_url)"]


def test_a_branch_behind_an_environment_flag():
    files = {"s.py": 'import os\nENGINE = os.getenv("DB_ENGINE", "sqlite")\n'
                     'HOST = os.getenv("DB_HOST", "localhost")\n'
                     'if ENGINE == "postgres":\n    DATABASES = {"default": {"HOST": HOST}}\n'}
    (sink,) = flow_of(files, "s.py", "localhost").sinks
    assert not sink.runs_with({})  # DB_ENGINE unset: sqlite, the branch never runs
    assert sink.runs_with({"DB_ENGINE": "postgres"})


def test_a_test_only_branch():
    files = {"s.py": 'import sys, redis\nTESTING = sys.argv[1:2] == ["test"]\n'
                     'if TESTING:\n    r = redis.Redis(host="localhost")\n'}
    (sink,) = flow_of(files, "s.py", "localhost").sinks
    assert not sink.runs_with({})


# --------------------------------------------------------------------------- binds and probes


def test_unix_socket_clients_have_no_host():
    files = {"a.py": 'from xmlrpc.client import ServerProxy\n'
                     'p = ServerProxy("http://localhost", transport=UnixTransport("/run/x.sock"))\n'}
    assert flow_of(files, "a.py", "localhost").sinks == ()


def test_a_probe_of_a_port_is_a_probe():
    files = {"a.py": 'import socket\ndef in_use(port, host="localhost"):\n'
                     '    with socket.socket() as s:\n        return s.connect_ex((host, port)) == 0\n'}
    assert [s.role for s in flow_of(files, "a.py", "localhost").sinks] == ["probe"]


# --------------------------------------------------------------------------- through whole projects

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"


def findings(root: Path, files: dict[str, str]):
    make(root, files, git=True)
    result = run_check([root], Config(cache=False))
    assert result.errors == (), result.errors
    return list(result.active)


def test_weak_names_alone_are_not_evidence(tmp_path):
    compose = ("services:\n  api:\n    build: .\n    command: python main.py\n    environment:\n"
               "      CACHE_HOST: localhost\n      PUBLIC_BASE_URL: http://localhost:8000\n      REDIS_URL: redis://localhost:6379\n"
               "  redis:\n    image: redis:7\n")
    got = findings(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "main.py": "x = 1\n"})
    assert [(f.span.line, f.code) for f in got] == [(8, "DW101")]  # REDIS_URL only: a client URL by its name


def test_a_variable_the_code_reads_and_dials(tmp_path):
    compose = ("services:\n  api:\n    build: .\n    command: python main.py\n    environment:\n"
               "      SEARCH_HOST: localhost\n      SITE_HOST: localhost\n  search:\n    image: elasticsearch:8.13.0\n")
    code = ("import os\nfrom elasticsearch import Elasticsearch\n"
            'es = Elasticsearch(hosts=[f"http://{os.environ[\'SEARCH_HOST\']}:9200"])\n'
            'LINK = "https://" + os.environ["SITE_HOST"] + "/welcome"\nprint(LINK)\n')
    got = findings(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "main.py": code})
    assert [(f.span.line, f.code) for f in got] == [(6, "DW101")]  # SITE_HOST is only linked
    assert got[0].evidence.sink.path == "main.py" and got[0].evidence.sink.line == 3


def test_a_service_name_literal_in_an_unknown_call(tmp_path):
    compose = ("services:\n  api:\n    build: .\n    command: python main.py\n"
               "  db:\n    image: postgres:16\n    ports: ['15432:5432']\n")
    code = 'import mylib\nclient = mylib.Thing("db:15432")\n'
    got = findings(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "main.py": code})
    assert [(f.code, f.suggestion.host, f.suggestion.port) for f in got] == [("DW103", "db", 5432)]


def test_dotenv_port_that_only_feeds_a_published_port(tmp_path):
    compose = ("services:\n  api:\n    build: .\n    command: python main.py\n    ports: ['${API_PORT}:8000']\n"
               "    environment:\n      CACHE_HOST: ${CACHE_HOST}\n      CACHE_PORT: ${CACHE_PORT}\n")
    dotenv = "API_PORT=8000\nCACHE_HOST=localhost\nCACHE_PORT=6380\n"
    code = ("import os, redis\n"
            "r = redis.Redis(host=os.environ['CACHE_HOST'], port=int(os.environ['CACHE_PORT']))\n")
    got = findings(tmp_path, {"compose.yaml": compose, ".env": dotenv, "Dockerfile": DOCKERFILE, "main.py": code})
    # CACHE_HOST is read and dialled with CACHE_PORT; API_PORT only publishes a port
    assert [(f.span.path, f.span.line, f.code, f.target_port) for f in got] == [(".env", 2, "DW101", 6380)]


def test_bind_environment_the_server_reads(tmp_path):
    compose = ("services:\n  api:\n    build: .\n    command: uvicorn main:app\n    ports: ['8000:8000']\n"
               "    environment:\n      UVICORN_HOST: 127.0.0.1\n      LISTENERS: PLAINTEXT://127.0.0.1:9092\n")
    got = findings(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "main.py": "app = 1\n"})
    assert [(f.span.line, f.code) for f in got] == [(7, "DW201")]  # the server reads UVICORN_HOST


def test_evidence_in_json_text_and_sarif(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dockwise.cli import cli

    compose = "services:\n  api:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n  redis:\n    image: redis:7\n"
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/main.py": "from app import cache\n", "app/config.py": 'REDIS = "redis://localhost:6379/0"\n',
                    "app/cache.py": "import redis\nfrom app.config import REDIS\nr = redis.from_url(REDIS)\n"}, git=True)
    monkeypatch.chdir(tmp_path)
    data = json.loads(CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"]).output)
    (f,) = data["findings"]
    ev = f["evidence"]
    assert ev["sink"] == {"path": "app/cache.py", "line": 3, "column": 5} and ev["kind"] == "redis.from_url(#0)"
    assert ev["entry"] == "uvicorn: app.main" and ev["chain"] == ["app/main.py", "app/cache.py", "app/config.py"]
    text = CliRunner().invoke(cli, ["check", "--no-cache"]).output
    assert "via: app/cache.py:3 redis.from_url(#0); runs: uvicorn: app.main -> app/main.py -> app/cache.py -> app/config.py" in text
    sarif = json.loads(CliRunner().invoke(cli, ["check", "--no-cache", "--format", "sarif"]).output)
    result = sarif["runs"][0]["results"][0]
    locations = result["codeFlows"][0]["threadFlows"][0]["locations"]
    assert locations[-1]["location"]["physicalLocation"]["artifactLocation"]["uri"] == "app/cache.py"
    assert result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_a_container_no_compose_service_declares_shows_its_evidence_too(tmp_path):
    """A Dockerfile alone: the finding names no service, and still says where the value is
    dialled (it was dropped: the evidence was looked up by service name)."""
    from dockwise.config import Config
    from dockwise.engine import run_check

    make(tmp_path, {"Dockerfile": DOCKERFILE + 'CMD ["python", "cli.py"]\n',
                    "cli.py": 'import httpx\nURL = "http://localhost:9999/v1"\nhttpx.get(URL)\n'}, git=True)
    (f,) = run_check([tmp_path], Config(cache=False)).active
    assert f.services == () and f.evidence is not None
    assert (f.evidence.sink.path, f.evidence.sink.line) == ("cli.py", 3)


# --------------------------------------------------------------------------- what an image dials


def test_an_image_only_service_is_judged_by_what_its_image_dials(tmp_path):
    from dockwise.config import Config
    from dockwise.engine import run_check

    (tmp_path / ".git").mkdir()
    (tmp_path / "compose.yaml").write_text(
        "services:\n  blog:\n    image: wordpress:6\n    environment:\n"
        "      WORDPRESS_DB_HOST: localhost:3306\n      BLOG_SERVER: localhost\n"
        "  db:\n    image: mysql:8\n")
    result = run_check([tmp_path], Config(cache=False))
    found = [(f.code, f.span.line, f.evidence.kind if f.evidence else None) for f in result.active]
    # the image's documented variable is a target; a weak name the image does not read is not
    assert found == [("DW101", 5, "the wordpress:6 image reads WORDPRESS_DB_HOST as an address")]
    assert result.active[0].suggestion is not None and result.active[0].suggestion.host == "db"


def test_a_server_image_given_the_shared_settings_does_not_dial_them(tmp_path):
    """`env_file: .env` on the app and on postgres: the strong-named broker URL is the app's
    target, not the database's (postgres reads no broker URL, and needs no extra_hosts)."""
    from dockwise.config import Config
    from dockwise.engine import run_check

    make(tmp_path, {
        "compose.yaml": ("services:\n  app:\n    build: .\n    command: python app.py\n    env_file: .env\n"
                         "  db:\n    image: postgres:16\n    env_file: .env\n"),
        "Dockerfile": DOCKERFILE,
        # Celery reads CELERY_BROKER_URL by its documented name: the app dials it unnamed
        "app.py": "import celery\n\napp = celery.Celery('app')\n",
        ".env": "CELERY_BROKER_URL=redis://localhost:6379/0\nPOSTGRES_PASSWORD=x\n",
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    assert [(f.span.path, f.services) for f in found] == [(".env", ("app",))]
    assert "`db`" not in found[0].message


def test_a_strong_name_the_service_code_reads_is_judged_by_its_uses(tmp_path):
    """`REDIS_URL` is a client address by its name, but where the code the service runs reads
    it, its uses decide: only shown to the user (a response), or dialled only behind a
    branch this container turns off, it is no target there; dialled, it is."""
    from dockwise.config import Config
    from dockwise.engine import run_check

    def found(app: str, extra_env: str = "") -> list[str]:
        root = tmp_path / str(len(list(tmp_path.iterdir())))
        make(root, {
            "compose.yaml": ("services:\n  web:\n    build: .\n    command: python app.py\n    environment:\n"
                             "      REDIS_URL: redis://localhost:6379/0\n" + extra_env),
            "Dockerfile": DOCKERFILE,
            "app.py": app,
        }, git=True)
        return [f.code for f in run_check([root], Config(cache=False)).active]

    shown = ("import os\nfrom flask import Flask\napp = Flask(__name__)\n@app.get('/about')\n"
             "def about():\n    return {'cache': os.environ['REDIS_URL']}\n")
    assert found(shown) == []
    gated = ("import os, redis\nif os.getenv('USE_CACHE') == '1':\n"
             "    r = redis.from_url(os.environ['REDIS_URL'])\n")
    assert found(gated) == []
    assert found(gated, "      USE_CACHE: '1'\n") == ["DW101"]
    dialled = "import os, redis\nr = redis.from_url(os.environ['REDIS_URL'])\n"
    assert found(dialled) == ["DW101"]


def test_image_dials_in_a_rule_pack_must_be_names(tmp_path):
    import pytest as _pytest

    from dockwise.knowledge import KnowledgeError, load_knowledge

    pack = tmp_path / "pack.yaml"
    pack.write_text("images:\n  - {match: [acme/app], ports: [80], dials: [1, 2]}\n")
    with _pytest.raises(KnowledgeError, match="dials"):
        load_knowledge([pack])
    pack.write_text("images:\n  - {match: [acme/app], ports: [80], dials: [ACME_DB_HOST]}\n")
    assert load_knowledge([pack]).image_dialled_names("registry.example.com/acme/app:2") == ("ACME_DB_HOST",)


def test_import_filter_names_every_import_form():
    from dockwise.flow.astfacts import imports_module

    for text in ("from pymongo.pool import Connection", "from .pool import *", "from . import pool",
                 "from pymongo import (\n    helpers,\n    pool,\n)", "import pymongo.pool as p",
                 "from pymongo import a, \\\n    pool", "    from .pool import Connection", "import os, pool",
                 "x = 1\ndef f():\n    from pymongo import \\\n        pool\n", "from pymongo.pool \\\n    import C\n"):
        assert imports_module(text, "pool"), text
    for text in ("x = pool.Connection()", "from pymongo import poolx", "# from pymongo import pool", "",
                 "x = 'import pool'", "from pymongo import other  # pool", "print('from here'); pool()"):
        assert not imports_module(text, "pool"), text


def test_the_extractors_tree_is_reused_only_for_the_same_text():
    import ast as _ast

    from dockwise.flow.index import offer_tree, parse_module

    text = 'import redis\nr = redis.Redis(host="localhost")\n'
    tree = _ast.parse(text)
    offer_tree("a.py", text, tree)
    assert parse_module("b.py", text).tree is not tree  # another file: its own parse
    assert parse_module("a.py", text + "\n").tree is not tree  # other text: parsed again
    assert parse_module("a.py", text).tree is tree  # the same file and text: one parse
    assert parse_module("a.py", text).tree is not tree  # offered once
