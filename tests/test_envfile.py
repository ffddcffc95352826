"""dotenv parsing with located values, and endpoints of standalone .env files."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from dockwise.extract.envfile import extract_env_file, parse_env_entries, parse_env_text
from dockwise.knowledge import default_knowledge
from dockwise.model import Span, Text

from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def knowledge():
    return default_knowledge()


def at(source: str, span: Span) -> str:
    """The text of ``source`` (BOM excluded) at a one-line span."""
    if source.startswith("\ufeff"):
        source = source[1:]
    assert span.line == span.end_line
    line = source.split("\n")[span.line - 1].rstrip("\r")
    return line[span.column - 1 : span.end_column - 1]


def whole(text: Text) -> Span | None:
    return text.span(0, len(text.value))


def values(source: str) -> dict[str, str | None]:
    return {v.name: (v.value.value if v.value is not None else None) for v in parse_env_text(source, ".env")}


# --------------------------------------------------------------------------- syntax


def test_plain_assignments_are_located():
    src = "A=1\nDATABASE_URL=postgresql://app@db:5432/app\n"
    out = parse_env_text(src, "app.env")
    assert [v.name for v in out] == ["A", "DATABASE_URL"]
    assert all(v.origin == "env_file" for v in out)
    url = out[1].value
    assert url.value == "postgresql://app@db:5432/app"
    assert whole(url) == Span("app.env", 2, 14, 2, 42)
    assert at(src, whole(url)) == url.value
    assert out[1].name_span == Span("app.env", 2, 1, 2, 13)
    assert at(src, out[1].name_span) == "DATABASE_URL"


def test_export_prefix_and_yaml_like_form():
    src = "export REDIS_URL=redis://localhost:6379/0\n  KEY: value\nexported=1\n"
    out = {v.name: v for v in parse_env_text(src, ".env")}
    assert set(out) == {"REDIS_URL", "KEY", "exported"}
    assert at(src, whole(out["REDIS_URL"].value)) == "redis://localhost:6379/0"
    assert at(src, out["REDIS_URL"].name_span) == "REDIS_URL"
    assert at(src, whole(out["KEY"].value)) == "value"


def test_comments_and_blank_lines():
    src = "# a comment\n\n   # indented comment\nA=x # trailing comment\nB=a#b\nC=#c\nD=\t\n"
    assert values(src) == {"A": "x", "B": "a#b", "C": "#c", "D": ""}


def test_double_quotes_keep_hash_and_process_escapes():
    src = 'A="x # not a comment"\nB="line\\nnext" # comment\nC="say \\"hi\\""\nD="cost \\$5"\n'
    got = values(src)
    assert got["A"] == "x # not a comment"
    assert got["B"] == "line\nnext"
    assert got["C"] == 'say "hi"'
    assert got["D"] == "cost \\$5"  # left for the interpolation stage
    a = parse_env_text(src, ".env")[0].value
    assert at(src, whole(a)) == "x # not a comment"
    # characters made by an escape have no position; verbatim runs keep theirs
    b = parse_env_text(src, ".env")[1].value
    assert b.span(0, 4) == Span(".env", 2, 4, 2, 8)
    assert b.span(3, 6) is None


def test_single_quotes_are_literal():
    src = "A='raw \\n $HOME # x'\n"
    entries = parse_env_entries(src, ".env")
    assert entries[0].var.value.value == "raw \\n $HOME # x"
    assert entries[0].quote == "'"
    assert at(src, whole(entries[0].var.value)) == "raw \\n $HOME # x"


def test_escapes_as_compose_reads_them():
    src = "A='it\\'s'\nB=\"keep \\q and \\\\ one\"\nC=\"\\0101\"\nD:value\n"
    got = values(src)
    assert got["A"] == "it's"
    assert got["B"] == "keep \\q and \\ one"
    assert got["C"] == "A"
    assert got["D"] == "value"
    b = parse_env_text(src, ".env")[1].value
    i = b.value.index("\\q")
    assert at(src, b.span(i, i + 2)) == "\\q"


def test_multiline_quoted_value():
    src = 'A="first\nsecond"\nB=2\n'
    got = parse_env_text(src, ".env")
    assert got[0].value.value == "first\nsecond"
    assert got[0].value.span(0, 5) == Span(".env", 1, 4, 1, 9)
    assert got[0].value.span(6, 12) == Span(".env", 2, 1, 2, 7)
    assert got[1].name == "B" and got[1].value.value == "2"


def test_crlf_and_bom():
    src = "\ufeffA=redis://localhost:6379\r\nB=2\r\n"
    got = parse_env_text(src, ".env")
    assert [v.name for v in got] == ["A", "B"]
    assert got[0].value.value == "redis://localhost:6379"
    assert whole(got[0].value) == Span(".env", 1, 3, 1, 25)
    assert at(src, whole(got[0].value)) == "redis://localhost:6379"
    assert got[1].value.value == "2"


def test_bare_name_has_no_value():
    got = parse_env_text("FOO\nBAR # comment\n", ".env")
    assert [(v.name, v.value) for v in got] == [("FOO", None), ("BAR", None)]


def test_garbage_lines_are_skipped_never_raise():
    src = "not an assignment\n=novalue\n123=x\nK value\nGOOD=1\nU='unterminated\n"
    got = values(src)
    assert got["GOOD"] == "1"
    assert "U" in got
    for junk in ("", "\n\n", "=", "'", '"', "export", "export ", "A=\"\\", "\x00=\x00", "A" * 10000):
        parse_env_text(junk, ".env")
    assert parse_env_text(None, ".env") == ()  # type: ignore[arg-type]


def test_later_assignment_listed_after_earlier():
    got = parse_env_text("A=1\nA=2\n", ".env")
    assert [v.value.value for v in got] == ["1", "2"]


# --------------------------------------------------------------------------- endpoints


def test_extract_env_file_broker_url(knowledge):
    src = "CELERY_BROKER_URL=amqp://guest:guest@localhost:5672//\nCELERY_RESULT_BACKEND=rpc://\n"
    eps = extract_env_file(src, "worker.env", knowledge)
    assert len(eps) == 1
    ep = eps[0]
    assert ep.host == "localhost" and ep.port == 5672 and ep.port_source == "explicit"
    assert at(src, ep.span) == "localhost"
    assert at(src, ep.port_span) == "5672"
    assert ep.scheme == "amqp"
    assert ep.context == "env:CELERY_BROKER_URL"
    assert ep.role == "connect"
    assert ep.services == ()
    assert "guest:guest" not in ep.text and "localhost:5672" in ep.text


def test_extract_env_file_names_decide(knowledge):
    src = (
        "FRONTEND_URL=http://localhost:3000\n"
        "OAUTH_REDIRECT_URI=http://localhost:8000/cb\n"
        "INTERNAL_IPS=127.0.0.1\n"
        "REDIS_HOST=localhost\n"
        "REDIS_PORT=6380\n"
        "UVICORN_HOST=127.0.0.1\n"
        "LOG_LEVEL=info\n"
        "GREETING=localhost\n"
    )
    eps = extract_env_file(src, ".env", knowledge, services=("api",))
    by_ctx = {ep.context: ep for ep in eps}
    assert set(by_ctx) == {"env:REDIS_HOST", "env:UVICORN_HOST"}
    redis = by_ctx["env:REDIS_HOST"]
    assert redis.port == 6380 and redis.port_source == "argument"
    assert at(src, redis.port_span) == "6380"
    assert redis.services == ("api",)
    assert by_ctx["env:UVICORN_HOST"].role == "bind"
    assert at(src, by_ctx["env:UVICORN_HOST"].span) == "127.0.0.1"


def test_extract_env_file_interpolation_is_unknown(knowledge):
    src = "A_URL=redis://${REDIS_HOST}:6379/0\nB_URL=redis://$HOST:6379\nC_URL='redis://localhost:6379/${P}'\n"
    eps = extract_env_file(src, ".env", knowledge)
    # single quotes are not interpolated: only the third value has a literal host
    assert [(ep.host, ep.span.line) for ep in eps] == [("localhost", 3)]


def test_extract_env_file_only_last_assignment(knowledge):
    src = "REDIS_URL=redis://localhost:6379\nREDIS_URL=redis://redis:6379\n"
    eps = extract_env_file(src, ".env", knowledge)
    assert [(ep.host, ep.span.line) for ep in eps] == [("redis", 2)]


def test_extract_env_file_never_raises(knowledge):
    for junk in ("", "A=://", "A_URL=http://[::1", "A_HOST=:::", "A_URL=\x00://\x00", "KAFKA_ADVERTISED_LISTENERS=,,://"):
        extract_env_file(junk, ".env", knowledge)


def test_corpus_case_04_worker_env(knowledge):
    path = CORPUS / "04-celery-rabbitmq-env-file" / "worker.env"
    if not path.exists():
        pytest.skip("corpus not available")
    src = path.read_text()
    eps = extract_env_file(src, "worker.env", knowledge)
    assert [(ep.span.line, ep.host, ep.port) for ep in eps] == [(1, "localhost", 5672)]
    assert at(src, eps[0].span) == "localhost"


# --------------------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(list("AB_=:'\"#\\ \t\n\rx1$.{}/@") + ["export ", "\ufeff", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_located_values_map_back_to_the_source(source):
    text = source[1:] if source.startswith("\ufeff") else source
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    for var in parse_env_text(source, ".env"):
        if var.name_span is not None:
            line = lines[var.name_span.line - 1]
            assert line[var.name_span.column - 1 : var.name_span.end_column - 1] == var.name
        if var.value is None:
            continue
        for piece in var.value.pieces:
            line = lines[piece.line - 1]
            written = line[piece.column - 1 : piece.column - 1 + (piece.end - piece.start)]
            assert written == var.value.value[piece.start : piece.end]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["A_URL=", "B_HOST=", "KAFKA_ADVERTISED_LISTENERS=", "http://", "localhost", ":", "80",
                                 ",", "@", "[", "]", "::1", "$X", "\n", " ", "'", '"', "/", "x"]), max_size=30).map("".join))
def test_extract_env_file_spans_hold_the_host(source):
    knowledge = default_knowledge()
    for ep in extract_env_file(source, ".env", knowledge):
        assert at(source, ep.span) == ep.host
