"""dockwise.extract.python: connect targets, bind addresses and suppressions in Python code."""
from __future__ import annotations

import json
import textwrap
import time

import pytest

from dockwise.extract import python as pyx
from dockwise.extract.python import extract_python
from dockwise.knowledge import default_knowledge
from dockwise.model import Endpoint

from tests.conftest import CORPUS

K = default_knowledge()


def run(src: str, path: str = "app.py", **kw):
    src = textwrap.dedent(src)
    result = extract_python(src, path, K, **kw)
    check_spans(src, result.endpoints)
    return result


def eps(src: str, path: str = "app.py", **kw) -> list[Endpoint]:
    return list(run(src, path, **kw).endpoints)


def hosts(src: str, **kw) -> list[tuple[str, int]]:
    return [(e.host, e.span.line) for e in eps(src, **kw)]


def one(src: str, **kw) -> Endpoint:
    found = eps(src, **kw)
    assert len(found) == 1, found
    return found[0]


def slice_of(src: str, span) -> str:
    assert span.line == span.end_line
    return src.splitlines()[span.line - 1][span.column - 1:span.end_column - 1]


def check_spans(src: str, endpoints) -> None:
    """Every span points at the host text itself; every port span at the port."""
    for e in endpoints:
        assert e.span.path
        if e.role == "bind-default":
            continue
        assert slice_of(src, e.span) == e.host, e
        if e.port_span is not None:
            assert slice_of(src, e.port_span).strip("'\"") == str(e.port), e


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    "url, host, port, source, scheme",
    [
        ("postgresql+psycopg2://app:app@localhost:15432/app", "localhost", 15432, "explicit", "postgresql"),
        ("postgresql://app@db/app", "db", 5432, "scheme", "postgresql"),
        ("mysql+pymysql://u:p@127.0.0.1/shop", "127.0.0.1", 3306, "scheme", "mysql"),
        ("mongodb://localhost:27017/app", "localhost", 27017, "explicit", "mongodb"),
        ("mongodb+srv://cluster0.example.net/app", "cluster0.example.net", None, None, "mongodb+srv"),
        ("redis://localhost:6379/0", "localhost", 6379, "explicit", "redis"),
        ("rediss://cache:6380", "cache", 6380, "explicit", "rediss"),
        ("amqp://guest:guest@localhost//", "localhost", 5672, "scheme", "amqp"),
        ("amqps://rabbit", "rabbit", 5671, "scheme", "amqps"),
        ("http://localhost:8000/api?x=1", "localhost", 8000, "explicit", "http"),
        ("https://api.example.com/v1", "api.example.com", 443, "scheme", "https"),
        ("ws://127.0.0.1:8765", "127.0.0.1", 8765, "explicit", "ws"),
        ("wss://localhost/socket", "localhost", 443, "scheme", "wss"),
        ("nats://localhost:4222", "localhost", 4222, "explicit", "nats"),
        ("kafka://broker:9092", "broker", 9092, "explicit", "kafka"),
        ("mssql+pyodbc://sa:pw@localhost:1433/db", "localhost", 1433, "explicit", "mssql"),
        ("clickhouse://localhost:8123/default", "localhost", 8123, "explicit", "clickhouse"),
        ("bolt://localhost:7687", "localhost", 7687, "explicit", "bolt"),
        ("neo4j://graph", "graph", 7687, "scheme", "neo4j"),
        ("elasticsearch://localhost", "localhost", 9200, "scheme", "elasticsearch"),
    ],
)
def test_url_literals_of_any_scheme(url, host, port, source, scheme):
    e = one(f'x = "{url}"\n')
    assert (e.host, e.port, e.port_source, e.scheme, e.context, e.role) == (host, port, source, scheme, "url", "connect")
    assert e.text == url.replace(":app@", ":****@").replace(":p@", ":****@").replace(":guest@", ":****@").replace(":pw@", ":****@")


def test_url_credentials_redacted_in_text():
    e = one('DSN = "postgresql://app:s3cret@localhost:5432/app"\n')
    assert e.text == "postgresql://app:****@localhost:5432/app"
    assert "s3cret" not in repr(e)


def test_url_ipv6_in_brackets_span_inside_brackets():
    src = 'PUSH = "http://[::1]:9091/metrics/job/x"\n'
    e = one(src)
    assert (e.host, e.port, e.span.column) == ("::1", 9091, 17)


def test_url_with_several_hosts_and_query():
    found = eps('M = "mongodb://u:p@h1:27017,localhost:27018/db?replicaSet=rs0&authSource=admin"\n')
    assert [(e.host, e.port) for e in found] == [("h1", 27017), ("localhost", 27018)]


def test_jdbc_url():
    e = one('J = "jdbc:postgresql://localhost:5432/db"\n')
    assert (e.host, e.port, e.scheme, e.context) == ("localhost", 5432, "postgresql", "jdbc")


def test_libpq_dsn():
    e = one('conn = connect_somehow("host=localhost port=5432 dbname=app")\n')
    assert (e.host, e.port, e.port_source, e.context) == ("localhost", 5432, "explicit", "dsn")


def test_prose_containing_a_url_is_not_a_target():
    assert eps('x = "the API runs at http://localhost:8000 by default"\n') == []
    assert eps('x = "see: http://localhost:8000."\n') == []


def test_unix_socket_sqlite_and_file_urls_are_not_targets():
    assert eps('''
        A = "postgresql:///db"
        B = "sqlite:///tmp/app.db"
        DATABASE_URL = "sqlite://"
        C = "file://localhost/etc/hosts"
        D = "redis+unix:///tmp/redis.sock"
        E = "mem://some/schema"
    ''') == []


# --------------------------------------------------------------------------- located text


def test_fstring_with_literal_host():
    src = 'DSN = f"postgresql://{user}@localhost:{port}/db"\n'
    e = one(src)
    assert (e.host, e.port, e.port_source, e.scheme) == ("localhost", None, None, "postgresql")
    assert e.span.column == 29


def test_fstring_host_from_expression_is_skipped():
    assert eps('URL = f"redis://{host}:6379/0"\n') == []
    assert eps('URL = f"{BASE}/items"\n') == []


def test_fstring_doubled_braces_and_nested_quotes():
    e = one('URL = f"http://localhost:8000/{{id}}/{path!r:>10}"\n')
    assert (e.host, e.port) == ("localhost", 8000)


def test_implicit_concatenation_across_lines():
    src = 'URL = ("postgresql://app:app@"\n       "localhost:5432/app")\n'
    e = one(src)
    assert (e.host, e.span.line, e.span.column, e.port) == ("localhost", 2, 9, 5432)


def test_plus_concatenation_literal_and_dynamic_parts():
    e = one('URL = "http://" + "localhost" + ":8080"\n')
    assert (e.host, e.port) == ("localhost", 8080)
    e = one('URL = "http://localhost:" + str(port) + "/x"\n')
    assert (e.host, e.port, e.port_source) == ("localhost", None, None)
    assert eps('URL = "http://" + host + ":8080"\n') == []


def test_percent_and_format_templates():
    e = one('URL = "redis://localhost:%d/0" % port\n')
    assert (e.host, e.port) == ("localhost", None)
    e = one('URL = "http://localhost:{}/x".format(port)\n')
    assert (e.host, e.port) == ("localhost", None)
    assert eps('URL = "redis://%s:6379" % host\n') == []
    assert eps('URL = "http://{}:8000".format(host)\n') == []


def test_raw_bytes_and_prefixed_literals():
    found = eps('''
        A = r"http://localhost:9000"
        B = b"redis://localhost:6379"
        C = rb"amqp://127.0.0.1"
        D = u"nats://localhost"
        E = R'ws://localhost:1'
    ''')
    assert [(e.host, e.span.line) for e in found] == [
        ("localhost", 2), ("localhost", 3), ("127.0.0.1", 4), ("localhost", 5), ("localhost", 6)]


def test_triple_quoted_and_multiline_strings():
    src = 'A = """postgresql://localhost:5432/db"""\nB = """\n    mongodb://127.0.0.1:27017\n"""\n'
    found = eps(src)
    assert [(e.host, e.span.line, e.span.column) for e in found] == [("localhost", 1, 21), ("127.0.0.1", 3, 15)]


def test_escapes_before_the_host_keep_the_span_exact():
    src = 'A = "\\thttp://127.0.0.1:5000"\nB = "http:\\/\\/x"\nC = "\\x72edis://localhost:1"\n'
    found = eps(src)
    assert [(e.host, e.span.line, e.span.column) for e in found] == [("127.0.0.1", 1, 15), ("localhost", 3, 17)]


def test_escape_inside_the_host_still_reports_the_target():
    src = 'A = "http://local\\x68ost:80"\n'
    result = extract_python(src, "a.py", K)
    assert [e.host for e in result.endpoints] == ["localhost"]
    assert result.endpoints[0].span.line == 1


def test_crlf_and_tabs_and_unicode_columns_are_characters():
    src = '# é\r\nx = {"a": "ü", "b":\t"redis://localhost:6379"}\r\n'
    e = extract_python(src, "a.py", K).endpoints[0]
    line = src.split("\r\n")[1]
    assert line[e.span.column - 1:e.span.end_column - 1] == "localhost"


# --------------------------------------------------------------------------- known client calls

CALLS = [
    # (source, host, port, port source, role)
    ("import redis\nr = redis.Redis(host='localhost', port=6379)\n", "localhost", 6379, "argument", "connect"),
    ("import redis\nr = redis.StrictRedis('127.0.0.1', 6380)\n", "127.0.0.1", 6380, "argument", "connect"),
    ("import redis\nr = redis.Redis(host='cache')\n", "cache", 6379, "scheme", "connect"),
    ("import redis.asyncio as aioredis\nr = aioredis.Redis(host='localhost')\n", "localhost", 6379, "scheme", "connect"),
    ("from redis import asyncio as aioredis\nr = aioredis.from_url('redis://localhost')\n", "localhost", 6379, "scheme", "connect"),
    ("from redis.sentinel import Sentinel\ns = Sentinel([('localhost', 26379)])\n", "localhost", 26379, "argument", "connect"),
    ("import psycopg2\nc = psycopg2.connect(host='localhost', port='5433')\n", "localhost", 5433, "argument", "connect"),
    ("import psycopg2\nc = psycopg2.connect(dsn='dbname=x host=127.0.0.1')\n", "127.0.0.1", 5432, "scheme", "connect"),
    ("import psycopg\nc = await psycopg.AsyncConnection.connect('postgresql://localhost/db')\n", "localhost", 5432, "scheme", "connect"),
    ("from psycopg_pool import ConnectionPool\np = ConnectionPool('host=localhost')\n", "localhost", 5432, "scheme", "connect"),
    ("import asyncpg\np = await asyncpg.create_pool(host='localhost', port=5433)\n", "localhost", 5433, "argument", "connect"),
    ("import asyncpg\nc = await asyncpg.connect('postgresql://localhost/db')\n", "localhost", 5432, "scheme", "connect"),
    ("import pymysql\nc = pymysql.connect(host='127.0.0.1')\n", "127.0.0.1", 3306, "scheme", "connect"),
    ("import MySQLdb\nc = MySQLdb.connect('localhost', 'u', 'p', 'db')\n", "localhost", 3306, "scheme", "connect"),
    ("import mysql.connector\nc = mysql.connector.connect(host='localhost', port=3307)\n", "localhost", 3307, "argument", "connect"),
    ("from pymongo import MongoClient\nm = MongoClient('localhost', 27017)\n", "localhost", 27017, "argument", "connect"),
    ("from pymongo import MongoClient\nm = MongoClient('localhost:27018')\n", "localhost", 27018, "explicit", "connect"),
    ("from motor.motor_asyncio import AsyncIOMotorClient\nm = AsyncIOMotorClient(host=['localhost:27017'])\n", "localhost", 27017, "explicit", "connect"),
    ("import pika\np = pika.ConnectionParameters(host='localhost', port=5672)\n", "localhost", 5672, "argument", "connect"),
    ("import pika\np = pika.ConnectionParameters('localhost')\n", "localhost", 5672, "scheme", "connect"),
    ("import kombu\nc = kombu.Connection('localhost')\n", "localhost", 5672, "scheme", "connect"),
    ("from celery import Celery\napp = Celery('t', broker='amqp://localhost')\n", "localhost", 5672, "scheme", "connect"),
    ("from celery import Celery\napp = Celery('t', backend='redis://localhost:6379/1')\n", "localhost", 6379, "explicit", "connect"),
    ("from sqlalchemy import create_engine\ne = create_engine('postgresql://localhost/db')\n", "localhost", 5432, "scheme", "connect"),
    ("from sqlalchemy.ext.asyncio import create_async_engine\ne = create_async_engine(url='mysql+aiomysql://localhost/db')\n", "localhost", 3306, "scheme", "connect"),
    ("from sqlalchemy import URL\nu = URL.create('postgresql', 'u', 'p', 'localhost', 5432, 'db')\n", "localhost", 5432, "argument", "connect"),
    ("import socket\ns = socket.create_connection(('127.0.0.1', 8080))\n", "127.0.0.1", 8080, "argument", "connect"),
    ("import socket\ns = socket.socket()\ns.connect(('localhost', 9000))\n", "localhost", 9000, "argument", "connect"),
    ("import socket\nwith socket.socket() as s:\n    s.connect(('db', 5432))\n", "db", 5432, "argument", "connect"),
    ("import http.client\nh = http.client.HTTPConnection('localhost', 8080)\n", "localhost", 8080, "argument", "connect"),
    ("import http.client\nh = http.client.HTTPSConnection('localhost:8443')\n", "localhost", 8443, "explicit", "connect"),
    ("import smtplib\nm = smtplib.SMTP('localhost')\n", "localhost", 25, "scheme", "connect"),
    ("import smtplib\nm = smtplib.SMTP_SSL(host='127.0.0.1', port=465)\n", "127.0.0.1", 465, "argument", "connect"),
    ("import ftplib\nf = ftplib.FTP('localhost')\n", "localhost", 21, "scheme", "connect"),
    ("import requests\nrequests.get('http://localhost:8000/x', timeout=5).json()\n", "localhost", 8000, "explicit", "connect"),
    ("import requests\ns = requests.Session()\ns.post(url='http://127.0.0.1:9000/y')\n", "127.0.0.1", 9000, "explicit", "connect"),
    ("import httpx\nc = httpx.AsyncClient(base_url='http://localhost:8000')\n", "localhost", 8000, "explicit", "connect"),
    ("import aiohttp\ns = aiohttp.ClientSession('http://localhost:1234')\n", "localhost", 1234, "explicit", "connect"),
    ("import urllib.request\nurllib.request.urlopen('http://localhost/')\n", "localhost", 80, "scheme", "connect"),
    ("import boto3\ns3 = boto3.client('s3', endpoint_url='http://localhost:4566')\n", "localhost", 4566, "explicit", "connect"),
    ("import boto3\ns = boto3.session.Session()\ns3 = s.resource('s3', endpoint_url='http://localhost:9000')\n", "localhost", 9000, "explicit", "connect"),
    ("from minio import Minio\nm = Minio('localhost:9000', access_key='a')\n", "localhost", 9000, "explicit", "connect"),
    ("from elasticsearch import Elasticsearch\nes = Elasticsearch('localhost:9200')\n", "localhost", 9200, "explicit", "connect"),
    ("from elasticsearch import Elasticsearch\nes = Elasticsearch(hosts=['http://localhost:9201'])\n", "localhost", 9201, "explicit", "connect"),
    ("from elasticsearch import Elasticsearch\nes = Elasticsearch([{'host': 'localhost', 'port': 9202}])\n", "localhost", 9202, "argument", "connect"),
    ("from kafka import KafkaProducer\np = KafkaProducer(bootstrap_servers='localhost:9092')\n", "localhost", 9092, "explicit", "connect"),
    ("from kafka import KafkaConsumer\nc = KafkaConsumer('t', bootstrap_servers=['localhost'])\n", "localhost", 9092, "scheme", "connect"),
    ("from confluent_kafka import Producer\np = Producer({'bootstrap.servers': 'localhost:9092'})\n", "localhost", 9092, "explicit", "connect"),
    ("import grpc\nch = grpc.insecure_channel('localhost:50051')\n", "localhost", 50051, "explicit", "connect"),
    ("import grpc\nch = grpc.aio.secure_channel(target='127.0.0.1:443', credentials=c)\n", "127.0.0.1", 443, "explicit", "connect"),
    ("from pymemcache.client.base import Client\nm = Client(('localhost', 11211))\n", "localhost", 11211, "argument", "connect"),
    ("from pymemcache.client.base import Client\nm = Client('localhost:11212')\n", "localhost", 11212, "explicit", "connect"),
    ("import memcache\nm = memcache.Client(['127.0.0.1:11211'])\n", "127.0.0.1", 11211, "explicit", "connect"),
    ("import nats\nnc = await nats.connect('nats://localhost:4222')\n", "localhost", 4222, "explicit", "connect"),
    ("import aio_pika\nc = await aio_pika.connect_robust('amqp://guest:guest@localhost/')\n", "localhost", 5672, "scheme", "connect"),
    ("import aio_pika\nc = await aio_pika.connect(host='localhost', port=5673)\n", "localhost", 5673, "argument", "connect"),
    ("import clickhouse_connect\nc = clickhouse_connect.get_client(host='localhost', port=8123)\n", "localhost", 8123, "argument", "connect"),
    ("from neo4j import GraphDatabase\nd = GraphDatabase.driver('bolt://localhost:7687')\n", "localhost", 7687, "explicit", "connect"),
    ("from cassandra.cluster import Cluster\nc = Cluster(['127.0.0.1'], port=9042)\n", "127.0.0.1", 9042, "argument", "connect"),
    ("from influxdb_client import InfluxDBClient\nc = InfluxDBClient(url='http://localhost:8086')\n", "localhost", 8086, "explicit", "connect"),
    ("from influxdb import InfluxDBClient\nc = InfluxDBClient('localhost', 8086)\n", "localhost", 8086, "argument", "connect"),
    ("import websockets\nws = await websockets.connect('ws://localhost:8765')\n", "localhost", 8765, "explicit", "connect"),
    ("import paramiko\nc = paramiko.SSHClient()\nc.connect('localhost', port=2222)\n", "localhost", 2222, "argument", "connect"),
    ("import ldap3\ns = ldap3.Server('localhost', port=389)\n", "localhost", 389, "argument", "connect"),
    ("import ldap3\ns = ldap3.Server('ldap://localhost:1389')\n", "localhost", 1389, "explicit", "connect"),
    # servers
    ("import uvicorn\nuvicorn.run(app, host='127.0.0.1', port=8000)\n", "127.0.0.1", 8000, "argument", "bind"),
    ("from aiohttp import web\nweb.run_app(app, host='127.0.0.1')\n", "127.0.0.1", None, None, "bind"),
    ("from http.server import HTTPServer\ns = HTTPServer(('127.0.0.1', 8000), H)\n", "127.0.0.1", 8000, "argument", "bind"),
    ("from http.server import ThreadingHTTPServer\ns = ThreadingHTTPServer(('localhost', 8001), H)\n", "localhost", 8001, "argument", "bind"),
    ("import socketserver\ns = socketserver.TCPServer(('127.0.0.1', 9999), H)\n", "127.0.0.1", 9999, "argument", "bind"),
    ("import socket\nsock = socket.socket()\nsock.bind(('127.0.0.1', 8000))\n", "127.0.0.1", 8000, "argument", "bind"),
    ("import waitress\nwaitress.serve(app, listen='127.0.0.1:8080')\n", "127.0.0.1", 8080, "explicit", "bind"),
    ("import waitress\nwaitress.serve(app, host='127.0.0.1', port=8081)\n", "127.0.0.1", 8081, "argument", "bind"),
    ("from flask import Flask\napp = Flask(__name__)\napp.run(host='127.0.0.1', port=5001)\n", "127.0.0.1", 5001, "argument", "bind"),
    ("from flask import Flask\nfrom flask_socketio import SocketIO\napp = Flask(__name__)\nsio = SocketIO(app)\nsio.run(app, host='127.0.0.1')\n",
     "127.0.0.1", None, None, "bind"),
]


@pytest.mark.parametrize("src, host, port, port_source, role", CALLS)
def test_known_client_calls(src, host, port, port_source, role):
    e = one(src)
    assert (e.host, e.port, e.port_source, e.role) == (host, port, port_source, role)


def test_sibling_port_argument_span_and_quoted_whole():
    src = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'
    e = one(src)
    assert e.context == "kwarg:host" and e.quoted_whole and e.scheme == "redis"
    assert (e.span.line, e.span.column, e.span.end_column) == (2, 23, 32)
    assert (e.port_span.line, e.port_span.column, e.port_span.end_column) == (2, 40, 44)


def test_port_argument_before_the_host_and_equal_numbers_elsewhere():
    src = 'import redis\nx = 6379 + 16379\nr = redis.Redis(port=6379, db=0, host="localhost")\n'
    e = one(src)
    assert e.port == 6379 and e.port_span.line == 3 and e.port_span.column == 22


def test_dynamic_port_argument_is_unknown():
    e = one('import redis\nr = redis.Redis(host="localhost", port=PORT)\n')
    assert (e.port, e.port_source) == (None, None)


def test_import_aliases_resolve_calls():
    e = one('import redis as r\nfrom psycopg2 import connect as pg\nc = r.Redis("localhost")\n')
    assert (e.host, e.port, e.context) == ("localhost", 6379, "arg:redis.Redis")
    e = one('from psycopg2 import connect as pg\nc = pg(host="db")\n')
    assert (e.host, e.port) == ("db", 5432)


def test_bare_host_for_an_undescribed_positional_argument_is_not_a_target():
    assert eps('import redis\nr = redis.Redis.from_url(URL, "localhost")\nfoo("localhost")\n') == []
    # "word:port" anywhere is a candidate the layout decides on: a target only when the word
    # names a service (issue 13: DW103/DW104/DW105 need no client list)
    (e,) = eps('bar("db:5432")\n')
    assert (e.host, e.port, e.context) == ("db", 5432, "hostport-free")


def test_generic_keywords_in_unknown_calls():
    e = one('client = make_client(host="localhost", port=7000)\n')
    assert (e.host, e.port, e.port_source, e.context, e.role) == ("localhost", 7000, "argument", "kwarg:host", "connect")
    e = one('c = Thing(bootstrap_servers="localhost:9092")\n')
    assert (e.host, e.port) == ("localhost", 9092)
    assert eps('c = Thing(name="localhost")\n') == []


def test_unspecified_host_given_to_unknown_code_is_a_bind_address():
    e = one('server.start(host="0.0.0.0", port=80)\n')
    assert e.role == "bind"
    e = one('import redis\nr = redis.Redis(host="0.0.0.0")\n')
    assert e.role == "connect"  # a known client connecting to 0.0.0.0
    e = one('import requests\nrequests.post("http://0.0.0.0:8000/done")\n')
    assert e.role == "connect"


def test_known_call_reached_through_a_function_parameter_default():
    e = one('def connect(host="localhost", port=6380):\n    pass\n')
    assert (e.host, e.port, e.port_source, e.context) == ("localhost", 6380, "argument", "param:host")


# --------------------------------------------------------------------------- names and mappings


def test_target_named_variables_and_attributes():
    found = eps('''
        REDIS_HOST = "localhost"
        DB_URL = "postgresql://localhost/db"
        KAFKA_BOOTSTRAP_SERVERS = "localhost:9092,kafka:29092"
        MEMCACHED_SERVERS = ["127.0.0.1:11211"]
        app.conf.broker_url = "amqp://localhost"
        settings["CACHE_HOST"] = "cache"
        REDIS_ADDR = ("localhost", 6379)
        HOST, PORT = "localhost", 8000
    ''')
    assert [(e.host, e.span.line, e.context, e.role) for e in found] == [
        ("localhost", 2, "var:REDIS_HOST", "connect"),
        ("localhost", 3, "url", "connect"),
        ("localhost", 4, "hostport", "connect"),
        ("kafka", 4, "hostport", "connect"),
        ("127.0.0.1", 5, "hostport", "connect"),
        ("localhost", 6, "url", "connect"),
        ("cache", 7, "var:CACHE_HOST", "connect"),
        ("localhost", 8, "var:REDIS_ADDR", "connect"),
        ("localhost", 9, "var:HOST", "bind"),  # names.yaml: a HOST variable is a listen address
    ]


def test_urls_assigned_to_unclassified_names_are_targets_but_bare_hosts_are_not():
    assert hosts('x = "redis://localhost:6379"\ny = "localhost"\nz = "localhost:8000"\n') == [("localhost", 1)]


def test_bind_named_settings_and_gunicorn_config():
    e = one('bind = "127.0.0.1:8000"\nworkers = 4\n', path="gunicorn.conf.py")
    assert (e.host, e.port, e.role) == ("127.0.0.1", 8000, "bind")
    e = one('config.bind = ["127.0.0.1:8001"]\n', path="hypercorn_config.py")
    assert (e.host, e.role) == ("127.0.0.1", "bind")
    e = one('UVICORN_HOST = "127.0.0.1"\n')
    assert e.role == "bind"


DJANGO_SETTINGS = '''\
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key")
DEBUG = True

ALLOWED_HOSTS = ["localhost", "127.0.0.1", "web"]
CSRF_TRUSTED_ORIGINS = ["http://localhost:8000"]
CORS_ALLOWED_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"]
FRONTEND_URL = os.environ.get("FRONTEND_URL", "http://localhost:3000")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "corsheaders",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "django",
        "HOST": os.environ.get("POSTGRES_HOST", "db"),
        "PORT": 5432,
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
}
'''


def test_django_settings_corpus_file():
    path = CORPUS / "03-django-settings-advertised-urls/mysite/settings.py"
    if path.is_file():
        assert path.read_text() == DJANGO_SETTINGS
    found = eps(DJANGO_SETTINGS, path="mysite/settings.py")
    loopback = [(e.host, e.span.line, e.port, e.context) for e in found if e.host in ("localhost", "127.0.0.1")]
    assert loopback == [("127.0.0.1", 33, 6379, "url")]
    db = [e for e in found if e.host == "db"]
    assert len(db) == 1
    assert (db[0].span.line, db[0].fallback_for, db[0].port, db[0].port_source) == (25, "POSTGRES_HOST", 5432, "argument")
    assert len(found) == 2


def test_django_databases_host_and_port_siblings():
    found = eps('''
        DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "HOST": "localhost", "PORT": "3307"},
                     "replica": {"HOST": "10.0.0.5"}}
        CACHES = {"default": {"BACKEND": "x.MemcacheCache", "LOCATION": ["127.0.0.1:11211", "cache:11211"]},
                  "local": {"BACKEND": "x.LocMemCache", "LOCATION": "unique-snowflake"},
                  "files": {"LOCATION": "/var/tmp/django_cache"}}
    ''')
    assert [(e.host, e.port, e.port_source, e.context) for e in found] == [
        ("localhost", 3307, "argument", "dict:HOST"),
        ("10.0.0.5", None, None, "dict:HOST"),
        ("127.0.0.1", 11211, "explicit", "hostport"),
        ("cache", 11211, "explicit", "hostport"),
    ]


def test_celery_settings():
    found = eps('''
        CELERY_BROKER_URL = "amqp://localhost:5672//"
        CELERY_RESULT_BACKEND = "redis://localhost/0"
        broker_url = "redis://127.0.0.1:6379/0"
        result_backend = "rpc://"
        app.conf.update(broker_url="amqp://rabbit")
    ''')
    assert [(e.host, e.span.line) for e in found] == [("localhost", 2), ("localhost", 3), ("127.0.0.1", 4), ("rabbit", 6)]


def test_plain_dicts_whose_keys_name_a_host():
    found = eps('''
        REDIS = {"host": "localhost", "port": 6380, "db": 0}
        cfg = {"api_url": "http://localhost:8000", "name": "localhost"}
        client = Redis(**{"host": "127.0.0.1", "port": 6390})
        value = config.get("redis_host", "localhost")
    ''')
    assert [(e.host, e.port, e.context) for e in found] == [
        ("localhost", 6380, "dict:host"),
        ("localhost", 8000, "url"),
        ("127.0.0.1", 6390, "dict:host"),
        ("localhost", None, "dict:redis_host"),
    ]


# --------------------------------------------------------------------------- fallbacks


def test_environment_fallbacks():
    found = eps('''
        import os
        from os import getenv, environ
        import environ as djenv
        from decouple import config
        A = os.getenv("REDIS_URL", "redis://localhost:6379/0")
        B = os.environ.get("CACHE_HOST", "localhost")
        C = getenv("DB_HOST", default="127.0.0.1")
        D = environ.get("X", "postgresql://localhost/db")
        env = djenv.Env()
        E = env("DATABASE_URL", default="postgres://localhost:5432/app")
        F = env.str("BROKER_URL", default="amqp://localhost")
        G = config("MEMCACHE_SERVERS", default="127.0.0.1:11211")
        os.environ.setdefault("SEARCH_URL", "http://localhost:9200")
        H = os.getenv("AMQP_URL") or "amqp://localhost"
        KAFKA_SERVERS = os.getenv("KAFKA", "localhost:9092").split(",")
    ''')
    assert [(e.host, e.span.line, e.fallback_for) for e in found] == [
        ("localhost", 6, "REDIS_URL"),
        ("localhost", 7, "CACHE_HOST"),
        ("127.0.0.1", 8, "DB_HOST"),
        ("localhost", 9, "X"),
        ("localhost", 11, "DATABASE_URL"),
        ("localhost", 12, "BROKER_URL"),
        ("127.0.0.1", 13, "MEMCACHE_SERVERS"),
        ("localhost", 14, "SEARCH_URL"),
        ("localhost", 15, "AMQP_URL"),
        ("localhost", 16, "KAFKA"),
    ]
    assert found[1].context == "env:CACHE_HOST"


def test_fallbacks_that_are_not_targets():
    assert eps('''
        import os
        LOG_LEVEL = os.getenv("LOG_LEVEL", "debug")
        FRONTEND_URL = os.environ.get("FRONTEND_URL", "http://localhost:3000")
        X = os.getenv("PUBLIC_API_URL", "http://localhost:8000")
        FLAG = os.getenv("PIP_NO_PARTIAL_CLONE_FOR_BROKEN_GIT_SERVER", "no")
        os.getenv("localhost")
    ''') == []


def test_pydantic_settings_defaults():
    found = eps('''
        from pydantic import Field
        from pydantic_settings import BaseSettings, SettingsConfigDict

        class Settings(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="APP_")
            redis_url: str = "redis://localhost:6379"
            db_host: str = "localhost"
            broker_url: str = Field(default="amqp://localhost:5672")
            cache_url: str = Field("redis://127.0.0.1/2", description="the cache")
            frontend_url: str = "http://localhost:3000"
            other: str = Field(default="x", description="see http://localhost:8000")

        class Mongo(BaseSettings):
            mongo_uri: str = Field("mongodb://localhost", validation_alias="MONGO_URL")
            class Config:
                env_prefix = "SVC_"

        class Child(Settings):
            search_url: str = "http://localhost:9200"

        class Plain:
            redis_url: str = "redis://localhost:6379"
    ''')
    assert [(e.host, e.span.line, e.fallback_for) for e in found] == [
        ("localhost", 7, "APP_REDIS_URL"),
        ("localhost", 8, "APP_DB_HOST"),
        ("localhost", 9, "APP_BROKER_URL"),
        ("127.0.0.1", 10, "APP_CACHE_URL"),
        ("localhost", 15, "MONGO_URL"),
        ("localhost", 20, "APP_SEARCH_URL"),
        ("localhost", 23, None),
    ]


# --------------------------------------------------------------------------- default binds


def test_flask_app_run_without_host_is_a_default_bind():
    src = 'from flask import Flask\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(debug=True)\n'
    e = one(src)
    assert (e.role, e.host, e.context) == ("bind-default", "127.0.0.1", "default:flask.Flask.run")
    assert (e.span.line, e.span.column, e.span.end_column) == (5, 5, 12)
    assert slice_of(textwrap.dedent(src), e.span) == "app.run"


def test_flask_factory_app_and_other_frameworks():
    e = one("from flask import Flask\nfrom myapp import create_app\napp = create_app()\napp.run(port=5000)\n")
    assert (e.role, e.port, e.port_source) == ("bind-default", 5000, "argument")
    assert eps("from fastapi import FastAPI\napp = FastAPI()\napp.run()\n") == []
    assert eps("app.run()\n") == []  # no flask import: not known to be Flask
    assert eps("from flask import Flask\napp = Flask(__name__)\napp.run(**options)\n") == []
    e = one("from flask import Flask\napp = Flask(__name__)\napp.run('0.0.0.0')\n")
    assert (e.role, e.host) == ("bind", "0.0.0.0")


def test_uvicorn_run_default_host():
    e = one('import uvicorn\nuvicorn.run("main:app", port=8000)\n')
    assert (e.role, e.host, e.port) == ("bind-default", "127.0.0.1", 8000)


# --------------------------------------------------------------------------- never targets

NEVER = {
    "docstrings": '''
        """Module: redis://localhost:6379"""
        def f():
            """Connect to http://localhost:8000"""
        class C:
            """postgresql://localhost/db"""
        "http://localhost:1234"
    ''',
    "comments": '''
        # redis://localhost:6379
        x = 1  # http://localhost:8000
    ''',
    "print_and_logging": '''
        import logging, warnings
        log = logging.getLogger(__name__)
        print("http://localhost:8000")
        print(f"see http://127.0.0.1:{port}/x")
        log.info("progress at http://localhost:5555/tasks")
        log.warning("redis://localhost")
        logging.error(f"redis://localhost:{port}")
        warnings.warn("http://localhost")
        click.echo("http://localhost:8000")
    ''',
    "exceptions": '''
        raise ValueError("http://localhost:8000")
        raise RuntimeError(f"cannot reach redis://localhost:{port}")
        err = ConnectionError("redis://localhost:6379")
        w = DeprecationWarning("http://localhost")
        e = MyException("postgresql://localhost/db")
        assert ok, "http://localhost:8000"
    ''',
    "comparisons": '''
        if host == "localhost": pass
        if host in ("localhost", "127.0.0.1"): pass
        if url != "http://localhost:8000": pass
        ok = request.client.host == "127.0.0.1"
        x = "localhost" if a == "127.0.0.1" else b
    ''',
    "match_case": '''
        match url:
            case "http://localhost:8000":
                pass
            case {"host": "localhost"}:
                pass
    ''',
    "guard_sets": '''
        LOCAL_HOSTS = {"localhost", "127.0.0.1"}
        LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
        SKIP = ["localhost", "127.0.0.1"]
        REDIS_HOSTS = {"localhost", "127.0.0.1"}
        _KEYWORDS_SERVER = ("add", "all", "alter", "and", "any", "as", "asc", "authorization", "backup", "begin",
                            "between", "break", "browse", "bulk", "by", "cascade", "case", "check", "checkpoint",
                            "close", "clustered")
    ''',
    "advertised": '''
        ALLOWED_HOSTS = ["localhost", "127.0.0.1", "web"]
        CSRF_TRUSTED_ORIGINS = ["http://localhost:8000"]
        CORS_ALLOWED_ORIGINS = ["http://localhost:3000"]
        FRONTEND_URL = "http://localhost:3000"
        OAUTH_REDIRECT_URI = "http://localhost:8000/callback"
        LOGIN_REDIRECT_URL = "http://localhost:3000/home"
        SOCIAL_AUTH_CALLBACK_URL = "http://localhost/cb"
        PUBLIC_URL = "http://localhost"
        SITE_URL = "http://localhost:8000"
        NEXT_PUBLIC_API_URL = "http://localhost:8000"
        VITE_API_URL = "http://localhost:8000"
        REACT_APP_API_URL = "http://localhost:8000"
        app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:5173"])
        return RedirectResponse(url="http://localhost:3000")
        cfg = {"redirect_uri": "http://localhost:8000/cb", "public_url": "http://localhost"}
    ''',
    "data_values": '''
        INTERNAL_IPS = ["127.0.0.1"]
        ip = request.META.get("REMOTE_ADDR", "127.0.0.1")
        xff = request.headers.get("X-Forwarded-For", "127.0.0.1")
        REMOTE_ADDR = "127.0.0.1"
        TRUSTED_PROXIES = ["127.0.0.1"]
        NO_PROXY = "localhost,127.0.0.1"
        SESSION_COOKIE_DOMAIN = "localhost"
        response.set_cookie("sid", sid, domain="localhost")
        ADMIN_EMAIL = "dev@localhost"
        SERVER_EMAIL = "root@localhost"
    ''',
    "cidr_email_localhost_subdomains": '''
        NET = "127.0.0.0/8"
        import ipaddress
        n = ipaddress.ip_network("127.0.0.0/8")
        REDIS_HOST = "127.0.0.0/8"
        DB_HOST = "dev@localhost"
        API_HOST = "api.localhost"
        API_URL = "http://api.localhost:8000"
        WEB_HOST = "*.localhost"
    ''',
    "unix_sockets_and_sqlite": '''
        DATABASE_URL = "postgresql:///app"
        SQLALCHEMY_DATABASE_URI = "sqlite:///app.db"
        CACHE_URL = "sqlite://"
        REDIS_URL = "unix:///tmp/redis.sock"
    ''',
    "help_text_and_cli_options": '''
        import argparse, click
        p = argparse.ArgumentParser(description="Talks to the API at http://localhost:8000")
        p.add_argument("--url", help="e.g. http://localhost:8000", default="http://localhost:8000")
        @click.option("--redis", default="redis://localhost:6379", help="redis://localhost:6379")
        def main(redis): pass
        HELP = "http://localhost:8000"
        REDIS_URL_HELP = "redis://localhost:6379"
        f(help="http://localhost")
    ''',
    "annotations_all_keys_subscripts": '''
        x: "http://localhost" = 1
        def f(a: "redis://localhost") -> "http://localhost": pass
        __all__ = ["localhost", "http://localhost:8000"]
        d = {"localhost": 1, "http://localhost:8000": 2}
        v = d["localhost"]
        w = cfg["http://localhost:8000"]
        del cache["redis://localhost"]
    ''',
    "regex_and_string_methods": '''
        import re
        pat = re.compile(r"^https?://localhost(:\\d+)?$")
        m = re.match("http://localhost", url)
        URL_PATTERN = "http://localhost:8000"
        ok = url.startswith("http://localhost")
        u = url.replace("localhost", "db")
        u2 = url.replace("http://localhost:8000", base)
        n = "http://localhost:8000".startswith("http")
        s = "http://localhost:8000".join(items)
    ''',
    "parsing_is_not_connecting": '''
        from urllib.parse import urlparse, urlsplit
        u = urlparse("http://localhost:8000")
        v = urlsplit("redis://localhost")
    ''',
    "templates_with_dynamic_hosts": '''
        URL = f"http://{host}:{port}"
        DSN = "postgresql://%s:%s@%s/db" % (u, p, h)
        API = "{}://{}:{}".format(scheme, host, port)
    ''',
    "message_text_that_is_not_an_address": '''
        MESSAGE = "connect to localhost:6379"
        label = "localhost:8000"
        name = "localhost"
        t = "12:30"
        v = "3.11"
        ports = "15432:5432"
    ''',
}


@pytest.mark.parametrize("name", sorted(NEVER))
def test_never_targets(name):
    assert eps(NEVER[name]) == [], name


# --------------------------------------------------------------------------- errors, suppressions, options


def test_syntax_error_gives_a_file_error_and_no_endpoints():
    result = extract_python('URL = "redis://localhost"\ndef f(:\n    pass\n', "bad.py", K)
    assert result.endpoints == ()
    assert len(result.errors) == 1
    err = result.errors[0]
    assert err.path == "bad.py" and err.message.startswith("syntax error: ") and err.line == 2


def test_unclosed_bracket_and_bad_indentation():
    for src, line in (("x = (\n", 1), ("x = 1\n  y = 2\n", 2)):
        result = extract_python(src, "bad.py", K)
        assert result.errors and result.errors[0].line == line and not result.endpoints


def test_suppression_comments():
    src = textwrap.dedent('''
        A = "redis://localhost"  # dockwise: ignore[DW101, DW102]
        B = ("redis://"
             "localhost:6379")  # dockwise: ignore
        C = "http://localhost"  # a comment mentioning "# dockwise: ignore" in quotes: still a comment
        D = "# dockwise: ignore"
    ''')
    result = extract_python(src, "a.py", K)
    assert result.suppressions == ((2, frozenset({"DW101", "DW102"})), (4, None), (5, None))
    assert [e.span.line for e in result.endpoints] == [2, 4, 5]


def test_include_all_hosts_false_keeps_fixed_meaning_hosts_only():
    src = 'A = "redis://redis:6379"\nB = "http://localhost"\nC = "http://api.example.com"\nD = "http://172.17.0.2"\nE = "http://docker.for.mac.localhost"\n'
    assert [e.host for e in eps(src)] == ["redis", "localhost", "api.example.com", "172.17.0.2", "docker.for.mac.localhost"]
    assert [e.host for e in eps(src, include_all_hosts=False)] == ["localhost", "172.17.0.2", "docker.for.mac.localhost"]


def test_bom_and_empty_sources():
    assert extract_python("", "a.py", K).endpoints == ()
    e = extract_python('\ufeffX_URL = "http://localhost:1"\n', "a.py", K).endpoints[0]
    assert (e.span.line, e.span.column) == (1, 17)


def test_position_fallback_when_the_token_search_loses_its_way(monkeypatch):
    src = textwrap.dedent('''
        import redis
        # a comment with "localhost"
        r = redis.Redis(host="localhost", port=6379)  # dockwise: ignore
        URL = f"postgresql://{user}@localhost:{port}/db"
        X = ("http://" "127.0.0.1:8000")
        from flask import Flask
        app = Flask(__name__)
        app.run()
    ''')
    expected = extract_python(src, "a.py", K)

    def lost(self, value):
        raise pyx._Desync

    monkeypatch.setattr(pyx._Extractor, "_anchor", lost)
    again = extract_python(src, "a.py", K)
    assert again == expected
    assert len(expected.endpoints) == 4


def test_comments_and_strings_that_look_alike_do_not_shift_spans():
    src = textwrap.dedent('''
        x = foo(a,  # "redis://localhost:6379"
                "redis://localhost:6379")
        y = "redis://localhost:6379"  # "redis://localhost:6379"
        z = ("x "  # "http://localhost:8000"
             "http://localhost:8000")
        w = f"{'http://localhost:1'}" + " http://localhost:2"
        v = (  # "redis://localhost:6379"
            "redis://localhost:6379")
    ''')
    found = eps(src)  # spans checked against the source text
    assert [(e.host, e.span.line, e.span.column) for e in found] == [
        ("localhost", 3, 18), ("localhost", 4, 14), ("localhost", 9, 14)]


def test_large_literal_tables_stay_linear():
    items = ",\n".join(f'    "key{i}": "value {i}"' for i in range(6000))
    src = f"TABLE = {{\n{items}\n}}\nREDIS_URL = 'redis://localhost'\n"
    start = time.perf_counter()
    found = extract_python(src, "big.py", K).endpoints
    assert [e.host for e in found] == ["localhost"]
    assert time.perf_counter() - start < 20


# --------------------------------------------------------------------------- the shared corpus

# Python files whose loopback targets are decided by other stages (host-side scripts outside
# every build context, network_mode host/service:, a service calling its own port).
CONTEXT_DECIDED = {
    "02-fastapi-postgres-published-port/scripts/seed.py",
    "09-network-mode-host/agent/collector.py",
    "10-self-call-and-sidecar/api/app/main.py",
    "10-self-call-and-sidecar/sidecar/scrape.py",
    "13-copy-narrowed-context/scripts/reset_db.py",
}
LOOPBACK_CODES = {"DW101", "DW201"}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not available")
def test_corpus_python_loopback_targets_match_expected_findings():
    for case in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        expected = json.loads((case / "expected.json").read_text())["findings"]
        for path in sorted(case.rglob("*.py")):
            rel = path.relative_to(case).as_posix()
            result = extract_python(path.read_text(), rel, K)
            assert not result.errors, (case.name, rel)
            src = path.read_text()
            check_spans(src, result.endpoints)
            got = {e.span.line for e in result.endpoints
                   if e.host.lower() in ("localhost", "127.0.0.1", "::1", "0.0.0.0")}
            want = {f["line"] for f in expected if f["path"] == rel and f["code"] in LOOPBACK_CODES}
            key = f"{case.name}/{rel}"
            if key in CONTEXT_DECIDED:
                assert want <= got, key
            elif key == "05-getenv-fallback/api/app/config.py":
                assert want <= got and got - want == {4}, key  # DATABASE_URL is set by Compose
            else:
                assert got == want, key
            # every expected Python finding has an endpoint on its line
            lines = {e.span.line for e in result.endpoints}
            for f in expected:
                if f["path"] == rel:
                    assert f["line"] in lines, (key, f)
