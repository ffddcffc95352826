"""The engine's Python stage (every extraction form and non-target form of issue 2, through
``analysis.analyse_python``), source decoding, and run-level behaviour of ``run_check``."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.analysis import analyse_python
from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.source import SourceError, decode_source, display_path
from dockwise.knowledge import default_knowledge


@pytest.fixture(scope="module")
def knowledge():
    return default_knowledge()


def targets(source: str, knowledge) -> list[tuple[str, int | None, str]]:
    """(host, port, role) of every endpoint; each span must cover exactly the host text."""
    result = analyse_python(source, "app.py", knowledge)
    assert result.errors == ()
    lines = source.splitlines()
    out = []
    for ep in result.endpoints:
        assert ep.span.line == ep.span.end_line
        written = lines[ep.span.line - 1][ep.span.column - 1:ep.span.end_column - 1]
        assert written.strip("[]") == ep.host.strip("[]"), (written, ep.host)
        out.append((ep.host, ep.port, ep.role))
    return out


# --------------------------------------------------------------------------- URL literals


@pytest.mark.parametrize("url, host, port", [
    ("postgresql://u:p@localhost:5432/app", "localhost", 5432),
    ("postgresql+psycopg2://u:p@localhost/app", "localhost", 5432),
    ("postgres://localhost/app", "localhost", 5432),
    ("mysql+pymysql://root:pw@127.0.0.1:3306/db", "127.0.0.1", 3306),
    ("mysql://127.0.0.1/db", "127.0.0.1", 3306),
    ("mongodb://localhost:27017/db", "localhost", 27017),
    ("mongodb+srv://user:pw@localhost/db", "localhost", None),
    ("redis://localhost:6379/0", "localhost", 6379),
    ("rediss://:secret@localhost/0", "localhost", 6379),
    ("amqp://guest:guest@localhost:5672//", "localhost", 5672),
    ("amqps://localhost/vhost", "localhost", 5671),
    ("http://localhost:8000/api", "localhost", 8000),
    ("https://localhost/api", "localhost", 443),
    ("ws://localhost:8080/ws", "localhost", 8080),
    ("wss://localhost/ws", "localhost", 443),
    ("nats://localhost:4222", "localhost", 4222),
    ("kafka://localhost:9092", "localhost", 9092),
    ("mssql+pyodbc://sa:pw@localhost:1433/db?driver=ODBC", "localhost", 1433),
    ("clickhouse://localhost/default", "localhost", 8123),
    ("neo4j://localhost", "localhost", 7687),
    ("bolt://localhost:7687", "localhost", 7687),
    ("elasticsearch://localhost", "localhost", 9200),
    ("http://[::1]:8080/x", "::1", 8080),
    ("http://0.0.0.0:8000/", "0.0.0.0", 8000),
    ("redis://localhost:6379/0?ssl_cert_reqs=none&password=x", "localhost", 6379),
    ("jdbc:postgresql://localhost:5432/app", "localhost", 5432),
])
def test_url_literals(knowledge, url, host, port):
    got = targets(f'X = "{url}"\n', knowledge)
    assert got == [(host, port, "connect")]


def test_several_hosts(knowledge):
    got = targets('X = "mongodb://localhost:27017,127.0.0.1:27018/db?replicaSet=rs0"\nimport requests\nrequests.get(X)\n', knowledge)
    assert got == [("localhost", 27017, "connect"), ("127.0.0.1", 27018, "connect")]


def test_libpq_dsn(knowledge):
    got = targets('X = "host=localhost port=5433 dbname=app user=app password=secret"\n', knowledge)
    assert got == [("localhost", 5433, "connect")]


@pytest.mark.parametrize("code, port", [
    ('from kafka import KafkaProducer\np = KafkaProducer(bootstrap_servers="localhost:9092")\n', 9092),
    ('import grpc\nch = grpc.insecure_channel("localhost:50051")\n', 50051),
    ('from minio import Minio\nm = Minio("localhost:9000", access_key="a", secret_key="b")\n', 9000),
    ('from pymemcache.client.base import Client\nc = Client("localhost:11211")\n', 11211),
    ('CACHES = {"default": {"BACKEND": "x.MemcacheCache", "LOCATION": ["127.0.0.1:11211"]}}\n', 11211),
])
def test_host_port_strings_where_an_address_is_expected(knowledge, code, port):
    (got,) = targets(code, knowledge)
    assert got[1:] == (port, "connect") and got[0] in ("localhost", "127.0.0.1")


def test_bare_host_port_string_elsewhere_is_no_target(knowledge):
    assert targets('NOTE = "localhost:9092"\nx = f("localhost:9092")\n', knowledge) == []


@pytest.mark.parametrize("code", [
    'URL = f"postgresql://{user}:{pw}@localhost:{port}/db"\n',
    'URL = f"postgresql://{user}@localhost:5432/{db}"\n',
    'URL = "postgresql://" "localhost:5432/db"\n',
    'URL = "postgresql://" + "localhost:5432/db"\n',
    'URL = "postgresql://%s@localhost:5432/db" % user\n',
    'URL = "postgresql://{}@localhost:5432/db".format(user)\n',
])
def test_fstrings_and_concatenation(knowledge, code):
    got = targets(code, knowledge)
    assert [(h, r) for h, _, r in got] == [("localhost", "connect")]


def test_fstring_host_hole_is_not_judged(knowledge):
    assert targets('URL = f"postgresql://{host}:5432/db"\n', knowledge) == []


# --------------------------------------------------------------------------- client calls


@pytest.mark.parametrize("code, expected", [
    ('import redis\nr = redis.Redis(host="localhost", port=6380)\n', ("localhost", 6380)),
    ('import redis\nr = redis.StrictRedis("localhost", 6379)\n', ("localhost", 6379)),
    ('import psycopg2\nc = psycopg2.connect(host="localhost", dbname="x")\n', ("localhost", 5432)),
    ('import pymongo\nc = pymongo.MongoClient("localhost", 27017)\n', ("localhost", 27017)),
    ('import pika\np = pika.ConnectionParameters(host="localhost")\n', ("localhost", 5672)),
    ('import socket\ns = socket.create_connection(("127.0.0.1", 8080))\n', ("127.0.0.1", 8080)),
    ('import boto3\nc = boto3.client("s3", endpoint_url="http://localhost:9000")\n', ("localhost", 9000)),
    ('from redis import Redis as R\nr = R(host="127.0.0.1")\n', ("127.0.0.1", 6379)),
    ('import aiohttp\nasync def f(s):\n    await s.get("http://localhost:8000/")\n', ("localhost", 8000)),
])
def test_known_client_calls(knowledge, code, expected):
    got = targets(code, knowledge)
    assert [(h, p) for h, p, _ in got] == [expected]


# --------------------------------------------------------------------------- configuration mappings


def test_django_databases_and_caches(knowledge):
    code = ('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "localhost", "PORT": "5433"}}\n'
            'CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/1"}}\n')
    assert targets(code, knowledge) == [("localhost", 5433, "connect"), ("127.0.0.1", 6379, "connect")]


@pytest.mark.parametrize("code", [
    'CELERY_BROKER_URL = "redis://localhost:6379/0"\nimport requests\nrequests.get(CELERY_BROKER_URL)\n',
    'broker_url = "amqp://localhost//"\nimport requests\nrequests.get(broker_url)\n',
    'CELERY_RESULT_BACKEND = "redis://localhost:6379/1"\nimport requests\nrequests.get(CELERY_RESULT_BACKEND)\n',
    'app.conf.broker_url = "redis://localhost:6379/0"\n',
    'from celery import Celery\napp = Celery("x", broker="redis://localhost:6379/0")\n',
    'CONFIG = {"db_host": "localhost", "db_port": 5432}\n',
    'settings = {"api_url": "http://localhost:8000"}\n',
    'REDIS_HOST = "localhost"\n',
])
def test_settings_and_plain_dicts(knowledge, code):
    got = targets(code, knowledge)
    assert [h for h, _, _ in got] == ["localhost"]


# --------------------------------------------------------------------------- fallbacks


def test_getenv_and_environ_get_fallbacks(knowledge):
    code = ('import os\nA = os.getenv("REDIS_URL", "redis://localhost:6379/0")\n'
            'B = os.environ.get("DB_HOST", "localhost")\nC = os.environ.get("X_URL") or "http://localhost:8000"\n')
    result = analyse_python(code, "app.py", knowledge)
    assert [(e.host, e.fallback_for) for e in result.endpoints] == [
        ("localhost", "REDIS_URL"), ("localhost", "DB_HOST"), ("localhost", "X_URL")]


def test_pydantic_settings_defaults(knowledge):
    code = ('from pydantic_settings import BaseSettings, SettingsConfigDict\n\n'
            'class Settings(BaseSettings):\n'
            '    model_config = SettingsConfigDict(env_prefix="APP_")\n'
            '    redis_url: str = "redis://localhost:6379/0"\n'
            '    db_host: str = "localhost"\n')
    result = analyse_python(code, "app.py", knowledge)
    assert [(e.host, e.fallback_for) for e in result.endpoints] == [
        ("localhost", "APP_REDIS_URL"), ("localhost", "APP_DB_HOST")]


# --------------------------------------------------------------------------- never targets


@pytest.mark.parametrize("code", [
    '"""Connect to http://localhost:8000/ for the docs."""\n',
    'def f():\n    """postgresql://localhost:5432/app"""\n',
    '# REDIS_URL = "redis://localhost:6379"\n',
    'print("http://localhost:8000/")\n',
    'import logging\nlog = logging.getLogger()\nlog.warning("cannot reach redis://localhost:6379")\n',
    'raise RuntimeError("postgresql://localhost:5432/x is down")\n',
    'class DBError(Exception):\n    pass\nraise DBError("redis://localhost:6379")\n',
    'if host == "localhost":\n    pass\n',
    'if url.startswith("http://localhost"):\n    pass\n',
    'CORS_ORIGINS = ["http://localhost:3000"]\n',
    'CORS_ALLOWED_ORIGINS = ["http://127.0.0.1:3000"]\n',
    'ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]\n',
    'CSRF_TRUSTED_ORIGINS = ["http://localhost:8000"]\n',
    'LOGIN_REDIRECT_URL = "http://localhost:8000/home"\nimport requests\nrequests.get(LOGIN_REDIRECT_URL)\n',
    'OAUTH_CALLBACK_URL = "http://localhost:8000/cb"\nimport requests\nrequests.get(OAUTH_CALLBACK_URL)\n',
    'PUBLIC_URL = "http://localhost:8000"\nimport requests\nrequests.get(PUBLIC_URL)\n',
    'FRONTEND_URL = "http://localhost:3000"\nimport requests\nrequests.get(FRONTEND_URL)\n',
    'SITE_URL = "http://localhost:8000"\nimport requests\nrequests.get(SITE_URL)\n',
    'NEXT_PUBLIC_API_URL = "http://localhost:8000"\nimport requests\nrequests.get(NEXT_PUBLIC_API_URL)\n',
    'VITE_API_URL = "http://localhost:8000"\nimport requests\nrequests.get(VITE_API_URL)\n',
    'REACT_APP_API = "http://localhost:8000"\nimport requests\nrequests.get(REACT_APP_API)\n',
    'INTERNAL_IPS = ["127.0.0.1"]\n',
    'ip = request.META.get("REMOTE_ADDR", "127.0.0.1")\n',
    'fwd = request.headers.get("X-Forwarded-For", "127.0.0.1")\n',
    'TRUSTED = "127.0.0.0/8"\nNETS = ["10.0.0.0/8", "::1/128"]\n',
    'LOCAL = {"localhost", "127.0.0.1", "::1"}\n',
    'if h in ("localhost", "127.0.0.1"):\n    pass\n',
    'ADMIN_EMAIL = "dev@localhost"\nFROM = "noreply@localhost"\n',
    'SESSION_COOKIE_DOMAIN = "localhost"\n',
    'U = "http://app.localhost:8000/"\nimport requests\nrequests.get(U)\n',
    'DB = "postgresql:///app"\nimport requests\nrequests.get(DB)\n',
    'DB = "sqlite:///./app.db"\nM = "sqlite://"\n',
    'import argparse\np = argparse.ArgumentParser()\np.add_argument("--db", help="e.g. postgresql://localhost:5432/app")\n',
])
def test_never_targets(knowledge, code):
    assert targets(code, knowledge) == []


@pytest.mark.parametrize("code", [
    'import uvicorn\nuvicorn.run("main:app", host="0.0.0.0", port=8000)\n',
    'from aiohttp import web\nweb.run_app(app, host="0.0.0.0", port=8080)\n',
    'bind = "0.0.0.0:8000"\n',
])
def test_bind_addresses_are_binds_not_connects(knowledge, code):
    got = targets(code, knowledge)
    assert all(role == "bind" for _, _, role in got)


@pytest.mark.parametrize("code, role", [
    ('import uvicorn\nuvicorn.run("main:app", host="127.0.0.1", port=8000)\n', "bind"),
    ('from aiohttp import web\nweb.run_app(app, host="localhost")\n', "bind"),
    ('from http.server import HTTPServer, BaseHTTPRequestHandler\nHTTPServer(("127.0.0.1", 8000), BaseHTTPRequestHandler)\n', "bind"),
    ('bind = "127.0.0.1:8000"\n', "bind"),
    ('from flask import Flask\napp = Flask(__name__)\napp.run()\n', "bind-default"),
])
def test_loopback_binds(knowledge, code, role):
    got = targets(code, knowledge) if role == "bind" else [
        (e.host, e.port, e.role) for e in analyse_python(code, "app.py", knowledge).endpoints]
    assert [r for _, _, r in got] == [role]


def test_syntax_error_is_a_file_error(knowledge):
    result = analyse_python("def f(:\n    pass\n", "app.py", knowledge)
    assert result.endpoints == () and len(result.errors) == 1
    assert result.errors[0].line == 1 and "syntax" in result.errors[0].message


def test_suppressions_are_collected(knowledge):
    code = 'A = "redis://localhost"  # dockwise: ignore[DW101, dw102]\nB = "redis://localhost"  # dockwise: ignore\n'
    result = analyse_python(code, "app.py", knowledge)
    assert dict(result.suppressions) == {1: frozenset({"DW101", "DW102"}), 2: None}


# --------------------------------------------------------------------------- decoding


def test_decode_source():
    assert decode_source(b"\xef\xbb\xbfx = 1\n") == "x = 1\n"  # a BOM
    assert decode_source("# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n".encode("latin-1")) == "# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n"
    with pytest.raises(SourceError, match="NUL"):
        decode_source(b"x\x00y")
    with pytest.raises(SourceError, match="utf-8"):
        decode_source(b"x = 1\ny = 2\nz = '\xff'\n")
    with pytest.raises(SourceError):
        decode_source(b"# coding: klingon\nx = 1\n")


def test_display_path(tmp_path):
    assert display_path(tmp_path, "a/b.py", tmp_path) == "a/b.py"
    assert display_path(tmp_path, "a/b.py", tmp_path / "a") == "b.py"
    assert display_path(tmp_path / "p", "a/b.py", tmp_path / "q") == "../p/a/b.py"


# --------------------------------------------------------------------------- run_check


def _project(tmp_path: Path) -> Path:
    files = {
        ".git/HEAD": "",
        "compose.yaml": "services:\n  api:\n    build: ./api\n  redis:\n    image: redis:7\n",
        "api/Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . .\n",
        "api/app.py": ('A = "redis://app:s3cret@localhost:6379/0"\nB = "redis://localhost:6379/1"  # dockwise: ignore\n'
                       "import redis\nredis.from_url(A), redis.from_url(B)\n"),
        "api/tests/test_app.py": 'A = "redis://localhost:6379/0"\nimport requests\nrequests.get(A)\n',
        "scripts/seed.py": 'A = "redis://localhost:6379/0"\nimport requests\nrequests.get(A)\n',
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return tmp_path


def test_run_check_results(tmp_path):
    root = _project(tmp_path)
    result = run_check([root], Config())
    assert result.root == root and result.errors == ()
    assert [(f.span.path, f.span.line, f.suppressed) for f in result.findings] == [
        ("api/app.py", 1, False), ("api/app.py", 2, True)]
    assert [f.span.line for f in result.active] == [1]
    (f,) = result.active
    assert "s3cret" not in f.message and "****" in f.message
    assert result.files_checked >= 4


def test_run_check_include_tests(tmp_path):
    root = _project(tmp_path)
    result = run_check([root], Config(include_tests=True))
    assert "api/tests/test_app.py" in {f.span.path for f in result.active}


def test_run_check_stdin_override(tmp_path):
    root = _project(tmp_path)
    result = run_check([], Config(), stdin_source='X = "redis://localhost:6379"\nimport requests\nrequests.get(X)\n', stdin_filename=root / "api/new.py")
    assert [(f.span.path, f.suggestion.host) for f in result.active] == [("api/new.py", "redis")]


def test_run_check_select_and_per_file_ignores(tmp_path):
    root = _project(tmp_path)
    assert run_check([root], Config(select=("DW2",))).active == ()
    assert run_check([root], Config(ignore=("DW101",))).active == ()
    assert run_check([root], Config(per_file_ignores=(("api/*.py", ("DW1",)),))).active == ()
    assert len(run_check([root], Config(per_file_ignores=(("other/*.py", ("DW1",)),))).active) == 1
