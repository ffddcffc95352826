"""Tests for dockwise.extract.address: URL / DSN / host:port parsing with exact offsets,
host classification and credential redaction."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockwise.extract.address import parse_any
from dockwise.extract.dsn import parse_dsn
from dockwise.extract.hostitem import Address, HostRef
from dockwise.extract.hostkind import host_kind, parse_ip
from dockwise.extract.hostport import parse_hostport
from dockwise.extract.urls import find_urls, parse_url
from dockwise.knowledge import HostTables, Knowledge, default_knowledge
from dockwise.model import HOLE
from dockwise.redact import redact

K = default_knowledge()


def hosts(value: str, addr: Address | None) -> list[tuple[str, int | None]]:
    """(host, port) of every host, after checking that each offset points at its text."""
    assert addr is not None
    check(value, addr)
    return [(h.host, h.port) for h in addr.hosts]


def check(value: str, addr: Address | None) -> None:
    if addr is None:
        return
    assert 0 <= addr.start <= addr.end <= len(value)
    for h in addr.hosts:
        assert 0 <= h.start <= h.end <= len(value)
        assert value[h.start : h.end] == h.host
        if h.port_start is not None:
            assert h.port_end is not None
            assert 0 <= h.port_start <= h.port_end <= len(value)
            if h.port is not None:
                assert int(value[h.port_start : h.port_end]) == h.port
        if h.port is not None:
            assert 0 <= h.port <= 65535
            assert not h.port_hole
    assert redact(addr.text) == addr.text


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    "value, scheme, expected",
    [
        ("postgresql://app:app@localhost:5432/app", "postgresql", [("localhost", 5432)]),
        ("postgresql+psycopg2://app:app@localhost:15432/app", "postgresql+psycopg2", [("localhost", 15432)]),
        ("mysql+pymysql://root:pw@db/shop?charset=utf8mb4", "mysql+pymysql", [("db", None)]),
        ("mongodb://h1:27017,h2:27017/db?replicaSet=rs", "mongodb", [("h1", 27017), ("h2", 27017)]),
        ("mongodb+srv://user:pw@cluster0.example.net/db", "mongodb+srv", [("cluster0.example.net", None)]),
        ("redis://localhost:6379/0", "redis", [("localhost", 6379)]),
        ("rediss://:secret@cache.internal:6380", "rediss", [("cache.internal", 6380)]),
        ("amqp://guest:guest@localhost:5672//", "amqp", [("localhost", 5672)]),
        ("amqps://rabbitmq", "amqps", [("rabbitmq", None)]),
        ("http://localhost:8000/metrics", "http", [("localhost", 8000)]),
        ("https://api.example.com", "https", [("api.example.com", None)]),
        ("ws://127.0.0.1:9000/socket", "ws", [("127.0.0.1", 9000)]),
        ("wss://host:443", "wss", [("host", 443)]),
        ("nats://nats:4222", "nats", [("nats", 4222)]),
        ("kafka://broker:9092", "kafka", [("broker", 9092)]),
        ("mssql://sa:pw@sqlserver:1433/db", "mssql", [("sqlserver", 1433)]),
        ("clickhouse://default@clickhouse:8123/db", "clickhouse", [("clickhouse", 8123)]),
        ("neo4j://neo4j:7687", "neo4j", [("neo4j", 7687)]),
        ("bolt://localhost:7687", "bolt", [("localhost", 7687)]),
        ("elasticsearch://es:9200", "elasticsearch", [("es", 9200)]),
        ("HTTP://LOCALHOST:80/", "http", [("LOCALHOST", 80)]),
        ("redis://localhost:6379?db=0", "redis", [("localhost", 6379)]),
        ("http://localhost#frag", "http", [("localhost", None)]),
        ("http://localhost:0", "http", [("localhost", 0)]),
        ("http://localhost:65535", "http", [("localhost", 65535)]),
        ("http://localhost:/x", "http", [("localhost", None)]),
        ("http://user@host:1", "http", [("host", 1)]),
        ("http://h1,h2:2,,h3/", "http", [("h1", None), ("h2", 2), ("h3", None)]),
        ("file://server/share", "file", [("server", None)]),
    ],
)
def test_parse_url_forms(value: str, scheme: str, expected: list) -> None:
    addr = parse_url(value)
    assert addr is not None
    assert addr.form == "url"
    assert addr.scheme == scheme
    assert (addr.start, addr.end) == (0, len(value))
    assert hosts(value, addr) == expected


def test_url_offsets_of_host_and_port() -> None:
    value = "postgresql://app:pw@localhost:5432/app"
    (h,) = parse_url(value).hosts
    assert value[h.start : h.end] == "localhost"
    assert value[h.port_start : h.port_end] == "5432"
    assert h.port == 5432 and not h.port_hole


@pytest.mark.parametrize(
    "value, host, port",
    [
        ("http://[::1]:9091/metrics/job/importer", "::1", 9091),
        ("http://[::1]/", "::1", None),
        ("http://[0:0:0:0:0:0:0:1]:80", "0:0:0:0:0:0:0:1", 80),
        ("http://[fe80::1%25eth0]:8080/", "fe80::1%25eth0", 8080),
        ("redis://[::ffff:127.0.0.1]:6379", "::ffff:127.0.0.1", 6379),
        ("http://::1/", "::1", None),  # unbracketed (invalid, but unambiguous) IPv6
    ],
)
def test_url_ipv6(value: str, host: str, port: int | None) -> None:
    addr = parse_url(value)
    assert hosts(value, addr) == [(host, port)]
    h = addr.hosts[0]
    if value[h.start - 1] == "[":
        assert value[h.end] == "]"


@pytest.mark.parametrize(
    "value, expected",
    [
        # the password may hold ':' and '@': the LAST '@' of the authority ends it
        ("postgresql://user:p@ss:w@rd@db:5432/x", [("db", 5432)]),
        ("redis://:password@redis:6379/0", [("redis", 6379)]),
        ("redis://:@redis", [("redis", None)]),
        ("redis://user@redis", [("redis", None)]),
        # an unencoded '/' in a password ("sloppy" URL)
        ("postgresql://user:pa/ss@db/x", [("db", None)]),
        # ... but "host:port/path@x" is a path, not a password
        ("http://host:8080/@foo", [("host", 8080)]),
        ("https://medium.com/@user", [("medium.com", None)]),
    ],
)
def test_url_userinfo(value: str, expected: list) -> None:
    assert hosts(value, parse_url(value)) == expected


@pytest.mark.parametrize(
    "value, text",
    [
        ("postgresql://app:secret@localhost:5432/app", "postgresql://app:****@localhost:5432/app"),
        ("redis://:secret@redis:6379", "redis://:****@redis:6379"),
        ("postgresql://user:p@ss:w@rd@db:5432/x", "postgresql://user:****@db:5432/x"),
        ("postgresql://user:pa/ss@db/x", "postgresql://user:****@db/x"),
        ("http://localhost/?token=abc&page=2", "http://localhost/?token=****&page=2"),
        ("redis://user@redis", "redis://user@redis"),
    ],
)
def test_url_text_is_redacted(value: str, text: str) -> None:
    assert parse_url(value).text == text


@pytest.mark.parametrize(
    "value", ["postgresql:///db", "postgresql://", "sqlite:///x.db", "sqlite:////abs/x.db", "rpc://", "http://:8080/"]
)
def test_url_without_host(value: str) -> None:
    addr = parse_url(value)
    assert addr is not None and addr.hosts == ()


@pytest.mark.parametrize(
    "value",
    [
        "http://foo:bar/",  # non-numeric port
        "http://localhost:65536",  # out of range
        "http://localhost:123456",
        "http://localhost:80a",
        "http://[::1",  # unclosed bracket
        "http://[::1]x",
        "http://{host}:8000",  # str.format template
        "http://a:1:2/",
        "not a url",
        "://localhost",
        "1http://x",
        "",
    ],
)
def test_url_rejects(value: str) -> None:
    assert parse_url(value) is None


def test_parse_url_start_offset_and_bounds() -> None:
    value = "DATABASE_URL=postgresql://app@db:5432/app trailing"
    addr = parse_url(value, 13)
    assert addr.start == 13 and value[addr.start : addr.end] == "postgresql://app@db:5432/app"
    assert hosts(value, addr) == [("db", 5432)]
    assert parse_url(value, 0) is None
    assert parse_url(value, 14) is None or parse_url(value, 14).start == 14
    assert parse_url(value, len(value)) is None
    assert parse_url(value, -1) is None
    assert parse_url(value, 10**9) is None


@pytest.mark.parametrize(
    "value, scheme, expected",
    [
        ("jdbc:postgresql://db:5432/app", "postgresql", [("db", 5432)]),
        ("JDBC:MySQL://h1:3306,h2:3307/shop", "mysql", [("h1", 3306), ("h2", 3307)]),
        ("jdbc:mysql:loadbalance://h1,h2/db", "mysql", [("h1", None), ("h2", None)]),
        ("jdbc:sqlserver://localhost:1433;databaseName=x;password=y", "sqlserver", [("localhost", 1433)]),
        ("jdbc:sqlserver://localhost\\SQLEXPRESS:1433;databaseName=x", "sqlserver", [("localhost", 1433)]),
        ("jdbc:oracle:thin:@//oracle:1521/svc", "oracle", [("oracle", 1521)]),
    ],
)
def test_jdbc(value: str, scheme: str, expected: list) -> None:
    addr = parse_url(value)
    assert addr.form == "jdbc" and addr.scheme == scheme
    assert hosts(value, addr) == expected
    assert "password=y" not in addr.text


# --------------------------------------------------------------------------- HOLE


def test_hole_host_is_returned() -> None:
    value = f"postgresql://{HOLE}:5432/app"
    addr = parse_url(value)
    assert hosts(value, addr) == [(HOLE, 5432)]


def test_hole_port() -> None:
    value = f"http://api:{HOLE}/x"
    (h,) = parse_url(value).hosts
    assert h.host == "api" and h.port is None and h.port_hole
    assert value[h.port_start : h.port_end] == HOLE
    value = f"http://api:80{HOLE}"
    (h,) = parse_url(value).hosts
    assert h.port is None and h.port_hole


def test_hole_everywhere() -> None:
    value = f"postgresql://{HOLE}:{HOLE}@{HOLE}:{HOLE}/{HOLE}"
    addr = parse_url(value)
    (h,) = addr.hosts
    assert h.host == HOLE and h.port is None and h.port_hole
    assert value[h.start : h.end] == HOLE
    assert "****" in addr.text


def test_hole_scheme() -> None:
    value = f"{HOLE}://localhost:8000/x"
    addr = parse_url(value)
    assert addr.scheme is None
    assert hosts(value, addr) == [("localhost", 8000)]
    assert [a.scheme for a in find_urls(f"url = {value}")] == [None]


# --------------------------------------------------------------------------- find_urls


def texts(value: str) -> list[str]:
    found = find_urls(value)
    for a in found:
        check(value, a)
    return [value[a.start : a.end] for a in found]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("celery -A tasks worker --broker=redis://localhost:6379/0 --loglevel=info", ["redis://localhost:6379/0"]),
        ('["CMD", "curl", "-fsS", "http://localhost:8000/health"]', ["http://localhost:8000/health"]),
        ("see <http://localhost:8000/docs> for details", ["http://localhost:8000/docs"]),
        ("the Flower UI is then at http://localhost:5555.", ["http://localhost:5555"]),
        ("(see http://localhost:8000/docs), then", ["http://localhost:8000/docs"]),
        ("wiki http://x/Foo_(bar) ok", ["http://x/Foo_(bar)"]),
        ("[link](http://localhost:3000)", ["http://localhost:3000"]),
        ("${REDIS_URL:-redis://localhost:6379/0}", ["redis://localhost:6379/0"]),
        ("try http://a:1, http://b:2; or http://c:3!", ["http://a:1", "http://b:2", "http://c:3"]),
        ("http://[::1]:9091/metrics and http://[::1]]", ["http://[::1]:9091/metrics", "http://[::1]"]),
        ("'http://localhost:8000'", ["http://localhost:8000"]),
        ("`http://localhost:8000`", ["http://localhost:8000"]),
        ("url:http://x:1", ["http://x:1"]),
        ("DATABASE_URL=postgresql://app:pw@db:5432/app", ["postgresql://app:pw@db:5432/app"]),
        (
            "PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092",
            ["PLAINTEXT://kafka:29092", "PLAINTEXT_HOST://localhost:9092"],
        ),
        ("amqp://a;amqp://b", ["amqp://a", "amqp://b"]),
        ("mongodb://h1:1,h2:2/db", ["mongodb://h1:1,h2:2/db"]),
        ("jdbc:postgresql://db:5432/x and more", ["jdbc:postgresql://db:5432/x"]),
        ("CELERY_RESULT_BACKEND=rpc://", ["rpc://"]),
        ("no urls here, just localhost:6379", []),
        ("protocol-relative //cdn.example.com/x.js", []),
        ("http://{host}:8000/ then http://ok:1", ["http://ok:1"]),
        ("", []),
    ],
)
def test_find_urls(value: str, expected: list[str]) -> None:
    assert texts(value) == expected


def test_find_urls_offsets_in_prose() -> None:
    value = "Outside Docker, start Redis on localhost:6379; the UI is at http://localhost:5555/tasks."
    (addr,) = find_urls(value)
    (h,) = addr.hosts
    assert value[h.start : h.end] == "localhost" and h.port == 5555
    assert value[addr.start : addr.end] == "http://localhost:5555/tasks"


def test_find_urls_redacts_text() -> None:
    (addr,) = find_urls('psql "postgresql://app:hunter2@db:5432/app?sslpassword=x" -c "select 1"')
    assert "hunter2" not in addr.text and addr.text == "postgresql://app:****@db:5432/app?sslpassword=****"


# --------------------------------------------------------------------------- DSNs


@pytest.mark.parametrize(
    "value, expected",
    [
        ("host=localhost port=5432 dbname=app", [("localhost", 5432)]),
        ("dbname=app host=db", [("db", None)]),
        ("host=h1,h2 port=5432,5433 dbname=app", [("h1", 5432), ("h2", 5433)]),
        ("host=h1,h2 port=5432", [("h1", 5432), ("h2", 5432)]),
        ("host=h1,h2,h3 port=1,2", [("h1", None), ("h2", None), ("h3", None)]),
        ("host='db' port='5432'", [("db", 5432)]),
        ("host = db  port = 5432", [("db", 5432)]),
        ("HOST=db PORT=5432", [("db", 5432)]),
        ("host=::1 port=5432", [("::1", 5432)]),
        ("hostaddr=127.0.0.1 host=db port=5432", [("127.0.0.1", 5432)]),
        ("host=/var/run/postgresql dbname=app", []),
        ("host=localhost port=abc", [("localhost", None)]),
        ("host=db user=app password='a b c' dbname=x", [("db", None)]),
        ("  host=db  ", [("db", None)]),
        # ';'-separated: ADO.NET / ODBC / Npgsql / MySQL
        ("Server=tcp:localhost,1433;Database=x;User Id=sa;Password=p", [("localhost", 1433)]),
        ("Server=localhost;Database=x", [("localhost", None)]),
        ("Data Source=db\\SQLEXPRESS,1433;Initial Catalog=x", [("db", 1433)]),
        ("Data Source=db\\SQLEXPRESS;Initial Catalog=x", [("db", None)]),
        ("Host=localhost;Port=5432;Database=app;Username=u;Password=p", [("localhost", 5432)]),
        ("Host=h1:5433,h2;Port=5432;Database=app", [("h1", 5433), ("h2", 5432)]),
        ("server=localhost;port=3306;database=shop;uid=root;pwd=x", [("localhost", 3306)]),
        ("Server=h1,h2;Database=x", [("h1", None), ("h2", None)]),
        ("DRIVER={ODBC Driver 18 for SQL Server};SERVER=db,1433;PWD={p;w}", [("db", 1433)]),
        ("Address=mysql;Port=3306", [("mysql", 3306)]),
        ("Server=np:\\\\.\\pipe\\sql\\query;Database=x", []),
    ],
)
def test_parse_dsn(value: str, expected: list) -> None:
    addr = parse_dsn(value)
    assert addr is not None and addr.form == "dsn" and addr.scheme is None
    assert hosts(value, addr) == expected


def test_dsn_port_offsets_and_holes() -> None:
    value = f"host={HOLE} port={HOLE} dbname=app"
    (h,) = parse_dsn(value).hosts
    assert h.host == HOLE and h.port is None and h.port_hole
    value = "dbname=x host=db port=6432"
    (h,) = parse_dsn(value).hosts
    assert value[h.port_start : h.port_end] == "6432"


def test_dsn_text_redacted() -> None:
    assert parse_dsn("host=db password='a b' dbname=x").text == "host=db password=**** dbname=x"
    assert parse_dsn("Server=db;Password=p;Database=x").text == "Server=db;Password=****;Database=x"


@pytest.mark.parametrize(
    "value",
    [
        "dbname=app user=app",  # no host key
        "hello world",
        "",
        "host",
        "host=db garbage",
        "host='unterminated",
        "a;b;c",
        "Database=x;User Id=sa",
        "=;=;",
    ],
)
def test_dsn_rejects(value: str) -> None:
    assert parse_dsn(value) is None


# --------------------------------------------------------------------------- host:port


@pytest.mark.parametrize(
    "value, expected",
    [
        ("localhost:6379", [("localhost", 6379)]),
        ("localhost", [("localhost", None)]),
        ("db", [("db", None)]),
        ("  redis:6379 ", [("redis", 6379)]),
        ("[::1]:9000", [("::1", 9000)]),
        ("[::1]", [("::1", None)]),
        ("::1", [("::1", None)]),
        ("0.0.0.0:8000", [("0.0.0.0", 8000)]),
        ("0:8000", [("0", 8000)]),
        ("127.0.0.1", [("127.0.0.1", None)]),
        ("h1:9092,h2:9092", [("h1", 9092), ("h2", 9092)]),
        ("h1:9092, h2:9092", [("h1", 9092), ("h2", 9092)]),
        ("h1:11211;h2:11211", [("h1", 11211), ("h2", 11211)]),
        ("h1:11211 h2:11211", [("h1", 11211), ("h2", 11211)]),
        ("localhost,127.0.0.1,[::1]", [("localhost", None), ("127.0.0.1", None), ("::1", None)]),
        ("shop-redis:6379", [("shop-redis", 6379)]),
        ("host.docker.internal:11434", [("host.docker.internal", 11434)]),
        ("localhost.:80", [("localhost.", 80)]),
        (f"{HOLE}:{HOLE}", [(HOLE, None)]),
        (f"redis:{HOLE}", [("redis", None)]),
    ],
)
def test_parse_hostport(value: str, expected: list) -> None:
    addr = parse_hostport(value)
    assert addr is not None and addr.form == "hostport"
    assert hosts(value, addr) == expected
    assert value[addr.start : addr.end] == value.strip()


def test_hostport_hole_port_flag() -> None:
    (h,) = parse_hostport(f"redis:{HOLE}").hosts
    assert h.port_hole and h.port is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        ",",
        "hello world",  # a whitespace list needs a port on every item
        "localhost:6379/0",
        "user@host",
        "a=b",
        "localhost:",
        "localhost:abc",
        "localhost:99999",
        "15432:5432",  # a port mapping
        "8080",
        "3.11",  # a version
        "1.2.3",
        "10:30:00",
        "C:\\path",
        '"localhost"',
        "{host}:8000",
        "[::1]x",
        "[nothex]:80",
        "-h",
        ".env",
        "a..b",
        "http://localhost",
    ],
)
def test_hostport_rejects(value: str) -> None:
    assert parse_hostport(value) is None


# --------------------------------------------------------------------------- parse_any


@pytest.mark.parametrize(
    "value, form, expected",
    [
        ("redis://localhost:6379/0", "url", [("localhost", 6379)]),
        ("  redis://localhost:6379/0\n", "url", [("localhost", 6379)]),
        ("jdbc:postgresql://db/app", "jdbc", [("db", None)]),
        ("host=db port=5432", "dsn", [("db", 5432)]),
        ("Server=db,1433;Database=x", "dsn", [("db", 1433)]),
        ("localhost:27017", "hostport", [("localhost", 27017)]),
        ("kafka1:9092,kafka2:9092", "hostport", [("kafka1", 9092), ("kafka2", 9092)]),
        ("[::1]:5432", "hostport", [("::1", 5432)]),
    ],
)
def test_parse_any(value: str, form: str, expected: list) -> None:
    addr = parse_any(value)
    assert addr is not None and addr.form == form
    assert hosts(value, addr) == expected


@pytest.mark.parametrize(
    "value",
    ["", "   ", "hello world", "http://a http://b", "see http://localhost:8000", "a/b/c", "http://foo:bar/", "x = 1"],
)
def test_parse_any_rejects(value: str) -> None:
    assert parse_any(value) is None


def test_parse_any_url_with_surrounding_whitespace_offsets() -> None:
    value = "  http://localhost:8000  "
    addr = parse_any(value)
    assert value[addr.start : addr.end] == "http://localhost:8000"


# --------------------------------------------------------------------------- host_kind


@pytest.mark.parametrize(
    "host, kind",
    [
        ("localhost", "loopback"),
        ("LOCALHOST", "loopback"),
        ("localhost.", "loopback"),
        ("localhost.localdomain", "loopback"),
        ("ip6-localhost", "loopback"),
        ("127.0.0.1", "loopback"),
        ("127.0.0.53", "loopback"),
        ("127.255.255.254", "loopback"),
        ("127.1", "loopback"),  # inet_aton shorthand
        ("::1", "loopback"),
        ("[::1]", "loopback"),
        ("0:0:0:0:0:0:0:1", "loopback"),
        ("0000:0000:0000:0000:0000:0000:0000:0001", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::FFFF:7f00:1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("0:0:0:0:0:0:0:0", "unspecified"),
        ("0", "unspecified"),
        ("docker.for.mac.localhost", "deprecated-alias"),
        ("Docker.For.Win.Localhost", "deprecated-alias"),
        ("docker.for.mac.host.internal", "deprecated-alias"),
        ("host.docker.internal", "host-gateway"),
        ("HOST.DOCKER.INTERNAL.", "host-gateway"),
        ("gateway.docker.internal", "gateway"),
        ("172.17.0.2", "ipv4"),
        ("10.0.0.5", "ipv4"),
        ("192.168.1.10", "ipv4"),
        ("fe80::1", "ipv6"),
        ("fe80::1%eth0", "ipv6"),
        ("fe80::1%25eth0", "ipv6"),
        ("2001:db8::1", "ipv6"),
        ("app.localhost", "localhost-subdomain"),
        ("a.b.localhost.", "localhost-subdomain"),
        ("db", "name"),
        ("redis", "name"),
        ("shop-redis", "name"),
        ("my_service", "name"),
        ("db.", "name"),
        ("api.example.com", "dns"),
        ("cluster0.example.net", "dns"),
        ("", "invalid"),
        ("a b", "invalid"),
        (HOLE, "invalid"),
        (f"db{HOLE}", "invalid"),
        ("{host}", "invalid"),
        ("localhost:5432", "invalid"),
        ("a..b", "invalid"),
        ("-db", "invalid"),
        ("999.1.1.1", "invalid"),
        ("http://x", "invalid"),
    ],
)
def test_host_kind(host: str, kind: str) -> None:
    assert host_kind(host, K) == kind


def test_host_kind_reads_the_knowledge_tables() -> None:
    custom = Knowledge(
        hosts=HostTables(
            loopback_names=("myloop",),
            host_gateway_names=("host.example",),
            gateway_names=(),
            deprecated_aliases={"old.alias": "host.example"},
            loopback_domains=("test",),
        )
    )
    assert host_kind("myloop", custom) == "loopback"
    assert host_kind("localhost", custom) == "name"  # not a loopback name there
    assert host_kind("127.0.0.1", custom) == "loopback"  # IP semantics are not data
    assert host_kind("host.example", custom) == "host-gateway"
    assert host_kind("old.alias", custom) == "deprecated-alias"
    assert host_kind("x.test", custom) == "localhost-subdomain"
    assert host_kind("host.docker.internal", custom) == "dns"
    assert host_kind("localhost", Knowledge(hosts=HostTables(loopback_names=()))) == "name"
    assert host_kind("localhost", K) == "loopback"  # the bundled knowledge


def test_parse_ip() -> None:
    assert str(parse_ip("127.1")) == "127.0.0.1"
    assert str(parse_ip("[::1]")) == "::1"
    assert str(parse_ip("0")) == "0.0.0.0"
    assert parse_ip("db") is None
    assert parse_ip(HOLE) is None
    assert parse_ip("") is None


# --------------------------------------------------------------------------- redact


@pytest.mark.parametrize(
    "text, expected",
    [
        ("postgresql://app:secret@localhost:5432/app", "postgresql://app:****@localhost:5432/app"),
        ("redis://:secret@redis:6379", "redis://:****@redis:6379"),
        ("amqp://guest:guest@localhost:5672//", "amqp://guest:****@localhost:5672//"),
        ("https://x-access-token:ghp_abc@github.com/o/r.git", "https://x-access-token:****@github.com/o/r.git"),
        ("jdbc:mysql://root:pw@db/x", "jdbc:mysql://root:****@db/x"),
        ("postgresql://u:p@ss@db/x", "postgresql://u:****@db/x"),
        (
            "celery worker --broker=amqp://u:p@rabbit:5672// --result=redis://:q@redis/1",
            "celery worker --broker=amqp://u:****@rabbit:5672// --result=redis://:****@redis/1",
        ),
        ("cannot connect to redis://:pw@redis:6379: refused", "cannot connect to redis://:****@redis:6379: refused"),
        # libpq
        ("host=db password=secret dbname=app", "host=db password=**** dbname=app"),
        ("host=db password='a b c' dbname=app", "host=db password=**** dbname=app"),
        ("host=db password = 'x\\'y' dbname=app", "host=db password = **** dbname=app"),
        ("host=db passwd=x", "host=db passwd=****"),
        # ';' styles
        ("Server=db;Password=p;Database=x", "Server=db;Password=****;Database=x"),
        ("server=db;PWD=p", "server=db;PWD=****"),
        ('Server=db;Password="a;b";Database=x', "Server=db;Password=****;Database=x"),
        ("DRIVER={x};SERVER=db;PWD={a;b}", "DRIVER={x};SERVER=db;PWD=****"),
        # query parameters
        ("http://api/x?api_key=1&apikey=2&access_key=3&secret_key=4", "http://api/x?api_key=****&apikey=****&access_key=****&secret_key=****"),
        ("http://api/x?token=t&auth=a&sig=s&signature=g&page=2", "http://api/x?token=****&auth=****&sig=****&signature=****&page=2"),
        ("https://s3/b?X-Amz-Credential=c&X-Amz-Signature=s&X-Amz-Security-Token=t", "https://s3/b?X-Amz-Credential=****&X-Amz-Signature=****&X-Amz-Security-Token=****"),
        ("mongodb://db/app?authSource=admin&password=x", "mongodb://db/app?authSource=admin&password=****"),
        ("http://x/?client_secret=s#frag", "http://x/?client_secret=****"),
        # env assignments and options
        ("DB_PASSWORD=hunter2", "DB_PASSWORD=****"),
        ("export API_TOKEN=abc", "export API_TOKEN=****"),
        ("--db-password=x --host=db", "--db-password=**** --host=db"),
        ("mysql --password hunter2 --host db", "mysql --password **** --host db"),
        ("curl -H 'Authorization: Bearer abc.def' http://x", "curl -H 'Authorization: Bearer ****' http://x"),
        ("opts=password=x", "opts=password=****"),
        ("password=\\'a host=h", "password=**** host=h"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected
    assert redact(expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "redis://localhost:6379/0",
        "postgresql://app@db:5432/app",
        "http://user@host/",
        "mongodb://db/app?authSource=admin&replicaSet=rs",
        "host=db port=5432 dbname=app user=app",
        "Server=db;Database=x;User Id=sa",
        "Outside Docker, start Redis on localhost:6379 and run celery",
        "email me@example.com",
        "http://localhost:8000/@user",
        "password=",
        "password=''",
        "if key == other: pass",
        "x = 1; y = 2",
        "the author wrote a design",
        "postgresql://u:****@db/x",
        "password=****",
    ],
)
def test_redact_leaves_text_without_secrets(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://app:s3cr3t@db/x?sslpassword=p2&token=t3",
        "password='a'b=c token=\"q\" --secret s4",
        "http://u:x;token=/;@h",
    ],
)
def test_redact_hides_all_secrets(text: str) -> None:
    out = redact(text)
    for secret in ("s3cr3t", "p2", "t3", "s4"):
        assert secret not in out
    assert redact(out) == out


# --------------------------------------------------------------------------- corpus shapes


@pytest.mark.parametrize(
    "value, host, port",
    [
        ("redis://localhost:6379/0", "localhost", 6379),
        ("postgresql+psycopg2://app:app@localhost:15432/app", "localhost", 15432),
        ("amqp://guest:guest@localhost:5672//", "localhost", 5672),
        ("http://0.0.0.0:8000/api/images/done", "0.0.0.0", 8000),
        ("redis://172.28.0.11:6379/0", "172.28.0.11", 6379),
        ("http://host.docker.internal:11434", "host.docker.internal", 11434),
        ("http://[::1]:9091/metrics/job/importer", "::1", 9091),
        ("postgresql://app:app@db:15432/analytics", "db", 15432),
        ("redis://reddis:6379/1", "reddis", 6379),
        ("localhost:27017", "localhost", 27017),
    ],
)
def test_corpus_values(value: str, host: str, port: int) -> None:
    addr = parse_any(value)
    assert hosts(value, addr) == [(host, port)]


# --------------------------------------------------------------------------- fuzzing

_PIECES = st.sampled_from(
    [
        "://", "http", "jdbc:", "postgresql", "@", ":", "/", "[", "]", "::1", ",", ";", "=", "host",
        "port", "password", "'", '"', " ", "\\", "localhost", "5432", "99999", HOLE, "?", "#", "&",
        "(", ")", "{", "}", "token", "--", "Server", "tcp:", "Authorization: Bearer ", "%25", ".",
        "\n", "0", "a", "é", "127.0.0.1", "-",
    ]
)
_TEXT = st.one_of(st.text(), st.lists(_PIECES, max_size=30).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_fuzz_never_raises_and_offsets_are_exact(value: str) -> None:
    for addr in find_urls(value):
        check(value, addr)
        assert value[addr.start : addr.end]
    for fn in (parse_url, parse_dsn, parse_hostport, parse_any):
        addr = fn(value)
        assert addr is None or isinstance(addr, Address)
        check(value, addr)
    for i in range(0, len(value), 2):
        addr = parse_url(value, i)
        check(value, addr)
        assert addr is None or addr.start == i
    assert host_kind(value, K) in {
        "loopback", "unspecified", "deprecated-alias", "host-gateway", "gateway", "ipv4", "ipv6",
        "localhost-subdomain", "name", "dns", "invalid",
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_fuzz_redact_is_idempotent(value: str) -> None:
    out = redact(value)
    assert redact(out) == out
    low = value.lower()
    if "@" not in value and not any(w in low for w in ("pass", "pw", "secret", "token", "cred", "key", "auth", "sig")):
        assert out == value


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["postgresql", "redis", "http", "mongodb+srv", "jdbc:mysql"]),
    st.sampled_from(["", "u@", "u:p@", ":p@", "u:p@ss@"]),
    st.lists(
        st.tuples(
            st.sampled_from(["localhost", "db", "127.0.0.1", "[::1]", "shop-redis", HOLE, "a.b.c"]),
            st.one_of(st.none(), st.integers(0, 65535)),
        ),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["", "/", "/db", "/db?x=1", "?password=z", "#f"]),
)
def test_fuzz_generated_urls(scheme: str, userinfo: str, items: list, tail: str) -> None:
    hostlist = ",".join(h if p is None else f"{h}:{p}" for h, p in items)
    value = f"{scheme}://{userinfo}{hostlist}{tail}"
    addr = parse_url(value)
    assert addr is not None
    got = hosts(value, addr)
    assert got == [(h.strip("[]"), p) for h, p in items]
    if "p@" in userinfo:
        assert ":p@" not in addr.text and "****" in addr.text
    prose = f"see {value}. "
    (found,) = find_urls(prose)
    assert [(h.host, h.port) for h in found.hosts] == got


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["localhost", "db", "127.0.0.1", "[::1]", "kafka-1", "0"]),
            st.integers(0, 65535),
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from([",", ";", " ", ", "]),
)
@settings(max_examples=200, deadline=None)
def test_fuzz_generated_hostport_lists(items: list, sep: str) -> None:
    value = sep.join(f"{h}:{p}" for h, p in items)
    got = hosts(value, parse_hostport(value))
    assert got == [(h.strip("[]"), p) for h, p in items]


def test_hostref_is_frozen_and_hashable() -> None:
    ref = HostRef("db", 0, 2, 5432, 3, 7)
    assert hash(ref) == hash(HostRef("db", 0, 2, 5432, 3, 7))
    with pytest.raises(AttributeError):
        ref.host = "x"  # type: ignore[misc]
