"""The byte-level prefilter never loses a finding.

Every rule example (both variants) and every shared-corpus case is checked with and
without the prefilter, and the findings must be identical; plus unit tests of what the
prefilter keeps and skips.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.knowledge import default_knowledge
from dockwise.layout.model import Attachment, Layout, Network, Project, Service
from dockwise.prefilter import Prefilter

from tests.conftest import CORPUS, make
from tests.test_rule_entries import ENTRIES, _variant_files, _with_default_dockerfiles


def _key(result):
    findings = sorted((f.span.path, f.span.line, f.span.column, f.code, str(f.suggestion), f.suppressed)
                      for f in result.findings)
    errors = sorted((e.path, e.message) for e in result.errors)
    return findings, errors


def _same_with_and_without(root: Path, include_tests: bool = False) -> None:
    cfg = Config(cache=False, include_tests=include_tests)
    on = run_check([root], cfg, prefilter=True)
    off = run_check([root], cfg, prefilter=False)
    assert _key(on) == _key(off)


def _examples():
    for code, entry in sorted(ENTRIES.items()):
        for i, _ in enumerate(entry.get("examples") or []):
            for variant in ("invalid", "valid"):
                yield pytest.param(code, i, variant, id=f"{code}-{i}-{variant}")


@pytest.mark.parametrize("code,index,variant", list(_examples()))
def test_rule_examples_same_with_prefilter(code, index, variant, tmp_path, monkeypatch):
    root = tmp_path / "p"
    make(root, _with_default_dockerfiles(_variant_files(ENTRIES[code]["examples"][index], variant)), git=True)
    monkeypatch.chdir(root)
    _same_with_and_without(root)


def _cases():
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="the shared corpus is not available"))]
    return [pytest.param(p.name, id=p.name) for p in sorted(CORPUS.iterdir()) if (p / "expected.json").is_file()]


@pytest.mark.parametrize("case", _cases())
def test_corpus_same_with_prefilter(case, tmp_path, monkeypatch):
    root = tmp_path / case
    shutil.copytree(CORPUS / case, root)
    monkeypatch.chdir(root)
    _same_with_and_without(root, include_tests=True)


# --------------------------------------------------------------------------- units


def _layout() -> Layout:
    db = Service("postgres", "", networks=(Attachment("back", aliases=("database",), ipv4_address="10.9.0.5"),),
                 container_name="pg-main")
    api = Service("api", "", networks=(Attachment("back"),), hostname="api-host")
    sandbox = Service("sandbox", "", network_mode="none")
    nets = (Network("back", subnets=("10.9.0.0/24",)),)
    return Layout(root="/x", projects=(Project("", ("compose.yaml",), "x", (db, api, sandbox), nets),))


@pytest.fixture(scope="module")
def pf() -> Prefilter:
    return Prefilter(default_knowledge(), _layout())


@pytest.mark.parametrize("text", [
    'URL = "redis://localhost:6379"',
    'HOST = "LOCALHOST"',
    'h = "127.0.0.1"',
    'h = "127.1"',
    'bind = "0.0.0.0:8000"',
    'h = "[::1]:80"',
    'h = "::1"',
    'h = "[::]:80"',
    'h = "::"',
    'h = "0:0:0:0:0:0:0:1"',
    'h = "::ffff:7f00:1"',
    'u = "http://host.docker.internal:8000"',
    'u = "http://docker.for.mac.localhost"',
    'u = "http://172.17.0.3:80"',
    'u = "postgresql://u@10.9.0.7/db"',
])
def test_keeps_fixed_and_layout_tokens(pf, text):
    assert pf.keep(text.encode(), "fixed")


@pytest.mark.parametrize("text", [
    'c = "pg-main"',
    'c = "api-host:8000"',
    'u = "postgresql://postgres:5432/db"',
    'u = "postgresql://DATABASE:5432/db"',
])
def test_layout_names_count_in_code_a_compose_service_runs(pf, text):
    assert pf.keep(text.encode(), "names")
    # a container built outside Compose resolves no service names: nothing to judge there
    assert not pf.keep(text.encode(), "fixed")


@pytest.mark.parametrize("text", [
    "import os\n\ndef f(x):\n    return x[::2] + x[1:]\n",
    'VERSION = "1.2.3.4"\n',  # not in a subnet a rule flags
    'u = "https://example.com/v1/items"\n',
    'def postgresql(): pass\n',  # a layout name only inside a longer word
    '"""Usage::\n\n    run it\n"""\n',
])
def test_skips_unrelated_code(pf, text):
    assert not pf.keep(text.encode(), "fixed")


def test_typo_names_only_for_compose_services(pf):
    text = b'import psycopg2\nconn = psycopg2.connect(host="postgress")\n'
    assert pf.keep(text, "names")  # DW105 may report it
    assert not pf.keep(text, "fixed")  # an implicit container resolves no service names
    assert not pf.keep(b'LABEL = "postgress"\nprint(LABEL)\n', "names")  # nowhere a host can stand


def test_default_bind_calls_only_where_the_start_command_runs_the_file(pf):
    text = b"from flask import Flask\napp = Flask(__name__)\napp.run()\n"
    assert pf.keep(text, "fixed+entry")
    assert not pf.keep(text, "fixed")
    assert not pf.keep(b"import subprocess\nsubprocess.run(['ls'])\n", "fixed+entry")


def test_network_mode_none_keeps_everything(pf):
    layout = _layout()
    sandbox = layout.projects[0].service("sandbox")
    api = layout.projects[0].service("api")
    assert pf.profile([sandbox]) == "all"
    assert pf.profile([api]) == "names"
    assert pf.profile([Service("x", "d", implicit=True)], entry=True) == "fixed+entry"
    assert pf.keep(b'u = "https://example.com"', "all")


def test_signature_follows_the_layout():
    k = default_knowledge()
    a = Prefilter(k, _layout())
    b = Prefilter(k, Layout(root="/x"))
    assert a.signature != b.signature
    assert a.signature == Prefilter(k, _layout()).signature


# --------------------------------------------------------------------------- the graph's profile


def _graph(root: Path, prefilter) -> str:
    from dockwise.report import graph as report_graph

    return report_graph.render(run_check([root], Config(cache=False, include_tests=True), prefilter=prefilter), "json")


@pytest.mark.parametrize("case", _cases())
def test_graph_profile_draws_what_the_full_analysis_draws(case, tmp_path, monkeypatch):
    root = tmp_path / case
    shutil.copytree(CORPUS / case, root)
    monkeypatch.chdir(root)
    assert _graph(root, "hosts") == _graph(root, False)


def test_graph_profile_keeps_targets_no_rule_flags(tmp_path, monkeypatch):
    # an external API and a service name that resolves: no finding, but both are edges
    files = {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: python app.py\n  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "app.py": ('import httpx, redis\nc = httpx.Client(base_url="https://api.payments.example")\n'
                   'r = redis.Redis(host="cache", port=6379)\n'),
    }
    for rel, text in files.items():
        (tmp_path / rel).write_text(text)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    drawn = _graph(tmp_path, "hosts")
    assert "api.payments.example" in drawn and '"cache"' in drawn
    assert drawn == _graph(tmp_path, False)
    assert not list(run_check([tmp_path], Config(cache=False)).active)


def test_hosts_profile_keeps_lines_where_a_host_can_stand(pf):
    text = b'import httpx\n\nX = 1\nc = httpx.Client(base_url="https://api.payments.example")\n'
    assert not pf.keep(text, "fixed")
    assert pf.keep(text, "fixed+hosts")


_HOSTY = st.text(alphabet="ab-._:0123456789 \t\n\"'=,@/()hostservraddnpoicbkel", max_size=80)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_HOSTY, st.sampled_from([
    "host", "server", "addr", "address", "endpoint", "location", "broker", "node", "hosts",
    "://", ":8000", ":80", ":123456", ":5432.", " db:5432", "'redis:6379'", "=cache:11211",
    "host = 'x'", "server: (\"y\")", "ghost='z'", "a@b", "-x:80", ".y:80"])), max_size=12))
def test_host_words_finds_what_the_patterns_find(parts):
    # the fast scan (from the port, from the key words) against the reference patterns
    from dockwise.prefilter import _HOST_POSITIONS, host_words

    low = "".join(parts).encode()
    assert list(host_words(low)) == [(m.start(1), m.group(1)) for rx in _HOST_POSITIONS for m in rx.finditer(low)]


@pytest.mark.parametrize("text, kept", [
    (b"import redis\ncache = redis.Redis()\n", True),
    (b"import redis\ncache = redis.Redis(\n    decode_responses=True)\n", True),
    (b"from pymongo import MongoClient\nclient = MongoClient(connect=False)\n", True),
    # a positional first argument is the client's address: no default is dialled
    (b"from pymongo import MongoClient\nclient = MongoClient(MONGO_HOST, 27017)\n", False),
    (b"import redis\ncache = redis.Redis(REDIS_HOST)\n", False),
])
def test_client_calls_given_no_address(pf, text, kept):
    assert pf.keep(text, "fixed") is kept
