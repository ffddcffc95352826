"""Endpoints of standalone .env files (their syntax: tests/test_dotenv.py)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from dockwise.extract.envfile import extract_env_file
from dockwise.knowledge import default_knowledge
from dockwise.model import Span

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

@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["A_URL=", "B_HOST=", "KAFKA_ADVERTISED_LISTENERS=", "http://", "localhost", ":", "80",
                                 ",", "@", "[", "]", "::1", "$X", "\n", " ", "'", '"', "/", "x"]), max_size=30).map("".join))
def test_extract_env_file_spans_hold_the_host(source):
    knowledge = default_knowledge()
    for ep in extract_env_file(source, ".env", knowledge):
        assert at(source, ep.span) == ep.host
