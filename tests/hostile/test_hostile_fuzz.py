"""Property tests (issue 7, "Fuzzing"): no exception escapes, every position points inside
the file, credentials never survive redaction.

Three targets: the endpoint parser (``extract/address.py``), the Python extractor
(``extract_python`` on arbitrary text and on generated code full of string literals, with
BOMs, CRLF / lone-CR line endings, tabs) and the Compose loader with everything behind it
(``run_check`` in-process on projects whose ``compose.yaml`` is arbitrary text or generated
nested data dumped with ``yaml.safe_dump``, then mangled).

CI runs the ``dockwise-ci`` Hypothesis profile (a bounded number of examples); the long run:

    DOCKWISE_FUZZ_EXAMPLES=20000 pytest tests/hostile -k fuzz

(see tests/hostile/conftest.py for the profiles).
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.extract.address import parse_any
from dockwise.extract.dsn import parse_dsn
from dockwise.extract.hostitem import Address
from dockwise.extract.hostkind import host_kind
from dockwise.extract.hostport import parse_hostport
from dockwise.extract.python import extract_python
from dockwise.extract.urls import find_urls, parse_url
from dockwise.knowledge import default_knowledge
from dockwise.model import HOLE
from dockwise.redact import redact

FUZZ = settings.get_profile("dockwise-fuzz" if os.environ.get("DOCKWISE_FUZZ_EXAMPLES") else "dockwise-ci")
K = default_knowledge()
PY_BREAK = re.compile(r"\r\n|\r|\n")
YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

# --------------------------------------------------------------------------- strategies

_PIECES = [
    "://", "http", "https", "postgresql", "postgresql+psycopg2", "redis", "mongodb+srv", "amqp", "jdbc:", "jdbc:mysql",
    "@", ":", "/", "//", "[", "]", "::1", "[::1]", ",", ";", "=", "host", "port", "password", "user", "'", '"', " ",
    "\\", "localhost", "127.0.0.1", "0.0.0.0", "172.17.0.2", "host.docker.internal", "docker.for.mac.localhost",
    "db", "5432", "6379", "99999", "0", "?", "#", "&", "%25", "%", "(", ")", "{", "}", "${", "$", "token",
    "api_key", "secret", "--", "Server", "tcp:", "\n", "\t", "é", "日本", "\x00", "-", ".", "_", "*", "~",
]
URLISH = st.lists(st.sampled_from(_PIECES), max_size=25).map("".join)
TEXT = st.one_of(st.text(max_size=200), URLISH)
SCHEMES = st.sampled_from(["postgresql", "postgresql+psycopg2", "mysql", "redis", "rediss", "mongodb", "amqp",
                           "http", "https", "nats", "kafka", "clickhouse", "bolt", "jdbc:postgresql", "jdbc:mysql"])
HOSTS = st.sampled_from(["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "0.0.0.0", "[::1]", "[::]", "db", "redis",
                         "172.17.0.5", "host.docker.internal", "docker.for.win.localhost", "example.com", "a-b.c"])
PASSWORDS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", min_size=8, max_size=16)


@st.composite
def urls(draw) -> tuple[str, str]:
    """(url, its password)."""
    password = "Zq" + draw(PASSWORDS)
    scheme = draw(SCHEMES)
    user = draw(st.sampled_from(["", "app", "u"]))
    hosts = draw(st.lists(st.tuples(HOSTS, st.one_of(st.none(), st.integers(0, 70000))), min_size=1, max_size=3))
    authority = ",".join(h + (f":{p}" if p is not None else "") for h, p in hosts)
    tail = draw(st.sampled_from(["", "/", "/db", "/0", "/x?sslmode=disable", "/v1?page=2&token=" + password]))
    return f"{scheme}://{user}:{password}@{authority}{tail}", password


def _literal(draw, value: str) -> str:
    style = draw(st.sampled_from(["repr", "dq", "sq", "raw", "triple", "fstring", "concat", "bytes"]))
    if style == "repr" or any(c in value for c in "\\'\"\r\n{}"):
        return repr(value)
    if style == "dq":
        return f'"{value}"'
    if style == "sq":
        return f"'{value}'"
    if style == "raw":
        return f'r"{value}"'
    if style == "triple":
        return f'"""{value}"""'
    if style == "fstring":
        return f'f"{value}{{x}}"'
    if style == "bytes":
        return f'b"{value}"' if value.isascii() else f'"{value}"'
    cut = draw(st.integers(0, len(value)))
    return f'"{value[:cut]}" "{value[cut:]}"'


@st.composite
def python_sources(draw) -> str:
    values = st.one_of(urls().map(lambda t: t[0]), URLISH.filter(lambda s: "\x00" not in s),
                       HOSTS, st.text(max_size=30).filter(lambda s: "\x00" not in s))
    templates = [
        "X = {lit}", "conn = psycopg2.connect({lit})", "r = redis.Redis(host={lit}, port={port})",
        "u = os.getenv('URL', {lit})", "u = os.environ.get('DATABASE_URL', {lit})",
        "DATABASES = {{'default': {{'HOST': {lit}, 'PORT': {port}}}}}", "s = socket.create_connection(({lit}, {port}))",
        "app.run(host={lit})", "uvicorn.run(app, host={lit}, port={port})", "# {raw}", "print({lit})",
        "if host == {lit}:\n    pass", "class Settings(BaseSettings):\n    url: str = {lit}",
        "CACHES = {{'default': {{'LOCATION': {lit}}}}}", "f({lit}, {lit})", "x = [{lit}, {lit}]",
        "def f(url={lit}):\n    return url", "bootstrap_servers = {lit}",
    ]
    lines = ["import os, redis, psycopg2, socket, uvicorn", "from flask import Flask", "app = Flask(__name__)"]
    for _ in range(draw(st.integers(1, 8))):
        template = draw(st.sampled_from(templates))
        value = draw(values)
        code = template.format(lit=_literal(draw, value), port=draw(st.integers(0, 70000)),
                               raw=value.replace("\n", " ").replace("\r", " "))
        if draw(st.booleans()):
            indent = draw(st.sampled_from(["    ", "\t", "  "]))
            code = "if True:\n" + "\n".join(indent + line for line in code.split("\n"))
        lines.append(code)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    source = newline.join("\n".join(lines).split("\n")) + draw(st.sampled_from([newline, ""]))
    if draw(st.booleans()):
        source = "# -*- coding: utf-8 -*-" + newline + source
    if draw(st.booleans()):
        source = "\ufeff" + source
    return source


# --------------------------------------------------------------------------- checks


def check_address(value: str, addr: Address | None) -> None:
    if addr is None:
        return
    assert isinstance(addr, Address)
    assert 0 <= addr.start <= addr.end <= len(value)
    for ref in addr.hosts:
        assert 0 <= ref.start <= ref.end <= len(value)
        assert value[ref.start:ref.end] == ref.host
        if ref.port is not None:
            assert 0 <= ref.port <= 65535
        if ref.port_start is not None:
            assert ref.port_end is not None and 0 <= ref.port_start <= ref.port_end <= len(value)


def check_span(span, lines: list[str], exact: bool = True) -> None:
    """1 <= line <= number of lines; columns within the line (end exclusive); start <= end."""
    assert 1 <= span.line <= len(lines), (span, len(lines))
    assert 1 <= span.end_line <= len(lines), (span, len(lines))
    assert (span.line, span.column) <= (span.end_line, span.end_column), span
    assert 1 <= span.column <= len(lines[span.line - 1]) + 1, (span, lines[span.line - 1])
    assert 1 <= span.end_column <= len(lines[span.end_line - 1]) + 1, (span, lines[span.end_line - 1])


def check_error(err, lines: list[str]) -> None:
    if err.line is None:
        return
    assert 1 <= err.line <= len(lines), (err, len(lines))
    if err.column is not None:
        assert 1 <= err.column <= len(lines[err.line - 1]) + 1, (err, lines[err.line - 1])


# --------------------------------------------------------------------------- the endpoint parser


@FUZZ
@given(TEXT)
def test_fuzz_address_parser_never_raises_and_offsets_are_exact(value):
    for addr in find_urls(value):
        check_address(value, addr)
    for parse in (parse_url, parse_dsn, parse_hostport, parse_any):
        check_address(value, parse(value))
    for start in range(0, len(value), 3):
        addr = parse_url(value, start)
        check_address(value, addr)
    assert isinstance(host_kind(value, K), str)
    out = redact(value)
    assert redact(out) == out


@FUZZ
@given(urls(), st.sampled_from(["{}", "connect to {} now", "URL={}", "'{}'", "`{}` inside", "--dsn {}", "{},{}"]))
def test_fuzz_generated_urls_parse_and_their_password_never_survives(url_password, frame):
    url, password = url_password
    value = frame.format(url, url) if frame.count("{}") == 2 else frame.format(url)
    found = find_urls(value)
    if not re.search(r":(6553[6-9]|655[4-9]\d|65[6-9]\d\d|6[6-9]\d{3}|[7-9]\d{4})\b", url):
        assert found, value  # (a port past 65535 makes it no URL)
    for addr in found:
        check_address(value, addr)
        assert password not in addr.text
    whole = parse_any(url)
    check_address(url, whole)
    assert password not in redact(value)
    assert password not in redact(redact(value))


# --------------------------------------------------------------------------- the Python extractor


def _check_python(source: str) -> None:
    result = extract_python(source, "app.py", K)
    text = source[1:] if source.startswith("\ufeff") else source
    lines = PY_BREAK.split(text)
    for ep in result.endpoints:
        check_span(ep.span, lines)
        if ep.port_span is not None:
            check_span(ep.port_span, lines)
        s = ep.span
        if s.line == s.end_line and HOLE not in ep.host and "\\" not in lines[s.line - 1]:
            shown = lines[s.line - 1][s.column - 1:s.end_column - 1].strip("[]")
            # the host text itself (its first piece when split over concatenated literals)
            assert shown and ep.host.strip("[]").startswith(shown), (shown, ep.host, s)
    for err in result.errors:
        check_error(err, lines)
    for line, _codes in result.suppressions:
        assert 1 <= line <= len(lines)


@FUZZ
@given(st.text(max_size=400))
def test_fuzz_python_extractor_on_arbitrary_text(source):
    _check_python(source)


@FUZZ
@given(python_sources())
def test_fuzz_python_extractor_on_generated_code(source):
    _check_python(source)


# --------------------------------------------------------------------------- the Compose loader (end to end)

KEYS = st.sampled_from([
    "services", "api", "db", "build", "image", "environment", "ports", "expose", "networks", "command", "entrypoint",
    "healthcheck", "test", "extends", "include", "env_file", "extra_hosts", "network_mode", "depends_on", "links",
    "aliases", "ipv4_address", "ipam", "config", "subnet", "x-common", "<<", "DATABASE_URL", "REDIS_HOST", "context",
    "dockerfile", "volumes", "profiles", "name", "file", "service", "path", "required",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-1, 70000), st.floats(allow_nan=False, allow_infinity=False),
    HOSTS, URLISH.filter(lambda s: "\x00" not in s), urls().map(lambda t: t[0]),
    st.sampled_from(["22:22", "5432:5432", "127.0.0.1:8080:80", "8000-8010:8000-8010", "${DB_URL}",
                     "${X:-redis://localhost:6379}", ".", "..", "../outside", "/etc/passwd", "host-gateway",
                     "host.docker.internal:host-gateway", "python app.py --host 127.0.0.1", "!reset", "service:db"]),
)
TREES = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)), max_leaves=30)


@st.composite
def compose_documents(draw) -> str:
    services = draw(st.dictionaries(st.sampled_from(["api", "db", "worker", "web"]), TREES, min_size=1, max_size=3))
    doc = {"services": services}
    if draw(st.booleans()):
        doc.update(draw(st.dictionaries(KEYS, TREES, max_size=3)))
    text = yaml.safe_dump(doc, default_flow_style=draw(st.sampled_from([None, False, True])), allow_unicode=True,
                          sort_keys=draw(st.booleans()))
    for _ in range(draw(st.integers(0, 3))):  # mangle it: YAML-ish
        if not text:
            break
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "cut"]))
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(["&a ", "*a", "<<: *a\n", ": ", "- ", "\t", "{", "]", "'", '"',
                                                     "!!python/name:os.system ", "!reset ", "${", "\r\n", "#"])) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)):]
        else:
            text = text[:at]
    if draw(st.booleans()):
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))
    return text


DOCKERFILE = 'FROM python:3.12\nWORKDIR /app\nCOPY . /app\nCMD ["python", "main.py"]\n'
MAIN = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'


def _check_project(compose: str, dotenv: str | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="dockwise-fuzz-") as tmp:
        root = Path(tmp)
        (root / "compose.yaml").write_bytes(compose.encode("utf-8", "surrogatepass"))
        (root / "Dockerfile").write_text(DOCKERFILE)
        (root / "main.py").write_text(MAIN)
        if dotenv is not None:
            (root / ".env").write_bytes(dotenv.encode("utf-8", "surrogatepass"))
        old = os.getcwd()
        os.chdir(root)
        try:
            result = run_check([Path(".")], Config(cache=False))  # never raises
        finally:
            os.chdir(old)
        texts = {}
        for rel in ("compose.yaml", ".env", "Dockerfile", "main.py"):
            path = root / rel
            if path.exists():
                texts[rel] = path.read_bytes().decode("utf-8", "replace")
        for f in result.findings:
            text = texts.get(f.span.path)
            assert text is not None, f
            breaks = PY_BREAK if f.span.path.endswith(".py") else YAML_BREAK
            check_span(f.span, breaks.split(text[1:] if text.startswith("\ufeff") else text))
        for e in result.errors:
            assert "internal error" not in e.message, e
            text = texts.get(e.path)
            if text is not None:
                check_error(e, YAML_BREAK.split(text))


@FUZZ
@given(compose_documents())
def test_fuzz_compose_loader_on_generated_documents(compose):
    _check_project(compose)


@FUZZ
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=100), URLISH))
def test_fuzz_compose_loader_on_arbitrary_text(compose, dotenv):
    _check_project(compose, dotenv)
