"""The result cache: what each change invalidates, and that it can never break a run.

Which files were (re-)parsed is observed by counting calls of the extraction
(``dockwise.analysis.analyse_python``), never by timing.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import dockwise
import dockwise.analysis
from dockwise.cache import FILE_NAME, ResultCache, decode_result, encode_result
from dockwise.cli import cli
from dockwise.config import Config, load_config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: ./api
  db:
    image: postgres:16
    ports: ["${DB_PUBLISHED:-15432}:5432"]
"""
# no CMD: the service runs every file it holds (what it runs is not what these tests are about)
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
FILES = {
    "compose.yaml": COMPOSE,
    "api/Dockerfile": DOCKERFILE,
    "api/main.py": "import redis\nr = redis.Redis(host='localhost', port=6379)\n",
    "api/db.py": "import psycopg2\nconn = psycopg2.connect(host='db', port=15432)\n",
    "api/util.py": "def add(a, b):\n    return a + b\n",
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    root.mkdir()
    (root / ".git").mkdir()
    make(root, FILES)
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return root


@pytest.fixture
def parsed(monkeypatch):
    """Counts the files handed to the (expensive) extraction."""
    counter: Counter[str] = Counter()
    real = dockwise.analysis.analyse_python

    def counting(source, rel, knowledge, lines=None, whole=False):
        counter[rel] += 1
        return real(source, rel, knowledge, lines, whole=whole)

    monkeypatch.setattr(dockwise.analysis, "analyse_python", counting)
    return counter


def check(root: Path, cfg: Config | None = None):
    cfg = cfg or load_config(root)
    return run_check([root], cfg)


def codes(result) -> set[tuple[str, str]]:
    return {(f.span.path, f.code) for f in result.active}


def cache_files(base: Path) -> list[Path]:
    return sorted(base.rglob(FILE_NAME)) if base.exists() else []


def test_second_run_parses_nothing_and_reports_the_same(project, parsed, tmp_path):
    first = check(project)
    assert codes(first) == {("api/main.py", "DW101"), ("api/db.py", "DW103")}
    assert set(parsed) == {"api/main.py", "api/db.py"}  # util.py: skipped by the prefilter
    assert len(cache_files(tmp_path / "xdg" / "dockwise")) == 1
    parsed.clear()
    second = check(project)
    assert not parsed
    assert [(f.span, f.code, f.message, f.suggestion) for f in second.findings] == \
        [(f.span, f.code, f.message, f.suggestion) for f in first.findings]
    assert second.sources.keys() == first.sources.keys()


def test_editing_a_file_reparses_that_file_only(project, parsed):
    check(project)
    parsed.clear()
    make(project, {"api/main.py": "import redis\n\nr = redis.Redis(host='127.0.0.1', port=6379)\n"})
    result = check(project)
    assert set(parsed) == {"api/main.py"}
    assert codes(result) == {("api/main.py", "DW101"), ("api/db.py", "DW103")}
    assert [f.span.line for f in result.active if f.span.path == "api/main.py"] == [3]
    parsed.clear()
    # (not `redis.Redis(host=...)`: a client call that may be given no address is kept, its
    # default may be dialled)
    make(project, {"api/main.py": "import os\n\nimport redis\nr = redis.from_url(os.environ['CACHE_URL'])\n"})
    result = check(project)
    assert not parsed  # nothing a rule can flag any more: the prefilter skips it
    assert codes(result) == {("api/db.py", "DW103")}


def test_editing_a_skipped_file_retests_it(project, parsed):
    check(project)
    parsed.clear()
    make(project, {"api/util.py": "import requests\nrequests.get('http://localhost:8000')\n"})
    result = check(project)
    assert set(parsed) == {"api/util.py"}
    assert ("api/util.py", "DW101") in codes(result)


def test_compose_change_rejudges_without_reparsing(project, parsed):
    check(project)
    parsed.clear()
    make(project, {"compose.yaml": COMPOSE.replace("15432:5432", "5432:5432").replace("${DB_PUBLISHED:-15432}", "5432")
                    + "  cache:\n    image: redis:7\n"})
    result = check(project)
    assert not parsed  # no file holds the new name: the extractions stand
    # db:15432 no longer a published port; localhost:6379 now has a service to suggest
    assert codes(result) == {("api/main.py", "DW101")}
    assert [f.suggestion.host for f in result.active] == ["cache"]


def test_a_new_layout_name_reextracts_the_files_that_hold_it(project, parsed):
    """Only the statements on the prefilter's candidate lines are parsed, and a layout
    name makes candidate lines: a service named like a word of a file re-extracts that
    file, and only that one."""
    check(project)
    parsed.clear()
    make(project, {"compose.yaml": COMPOSE + "  redis:\n    image: redis:7\n"})
    result = check(project)
    assert set(parsed) == {"api/main.py"}  # "import redis" / "redis.Redis" are new candidate lines
    assert [f.suggestion.host for f in result.active if f.code == "DW101"] == ["redis"]
    parsed.clear()
    check(project)
    assert not parsed


def test_dotenv_change_rejudges(project, parsed):
    check(project)
    parsed.clear()
    make(project, {".env": "DB_PUBLISHED=5432\n"})  # a .env that did not exist before
    result = check(project)
    assert not parsed
    assert ("api/db.py", "DW103") not in codes(result)
    make(project, {".env": "DB_PUBLISHED=15432\n"})
    assert ("api/db.py", "DW103") in codes(check(project))
    assert not parsed


def test_new_service_name_retests_skipped_files(project, parsed):
    make(project, {"api/jobs.py": "QUEUE = 'cache'\nBROKER_URL = 'amqp://rabbit:5672'\n"})
    check(project)
    assert "api/jobs.py" not in parsed  # no token, no layout name: skipped
    parsed.clear()
    make(project, {"compose.yaml": COMPOSE + "  rabbitmq:\n    image: rabbitmq:3\n"})
    result = check(project)
    assert set(parsed) == {"api/jobs.py"}  # "rabbit" is now a name one edit... two edits from a service
    assert ("api/jobs.py", "DW105") in codes(result)


def test_config_change_applies_without_reparsing(project, parsed):
    check(project)
    parsed.clear()
    (project / "pyproject.toml").write_text("[tool.dockwise]\nselect = [\"DW103\"]\n", encoding="utf-8")
    result = check(project)
    assert not parsed
    assert codes(result) == {("api/db.py", "DW103")}


def test_rule_pack_change_reparses(project, parsed, tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("keywords:\n  target_host: host\n", encoding="utf-8")
    (project / "pyproject.toml").write_text(f"[tool.dockwise]\nrule-packs = [{str(pack)!r}]\n", encoding="utf-8")
    check(project)
    parsed.clear()
    check(project)
    assert not parsed
    pack.write_text("keywords:\n  target_host: host\n  other_host: host\n", encoding="utf-8")
    check(project)
    assert set(parsed) == {"api/main.py", "api/db.py"}


def test_version_change_reparses_everything(project, parsed, monkeypatch):
    check(project)
    parsed.clear()
    monkeypatch.setattr(dockwise, "__version__", "999.0")
    check(project)
    assert set(parsed) == {"api/main.py", "api/db.py"}
    parsed.clear()
    check(project)
    assert not parsed


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"\x00\xff" * 100, b'{"namespace": 1, "files": []}',
                                     b'[1, 2, 3]'])
def test_corrupt_cache_file_is_ignored_and_replaced(project, parsed, tmp_path, garbage):
    first = check(project)
    (path,) = cache_files(tmp_path / "xdg" / "dockwise")
    path.write_bytes(garbage)
    parsed.clear()
    again = check(project)
    assert codes(again) == codes(first)
    assert set(parsed) == {"api/main.py", "api/db.py"}
    json.loads(path.read_bytes())  # rewritten whole
    parsed.clear()
    check(project)
    assert not parsed


def test_corrupt_entry_is_ignored(project, parsed, tmp_path):
    first = check(project)
    (path,) = cache_files(tmp_path / "xdg" / "dockwise")
    doc = json.loads(path.read_bytes())
    doc["files"]["api/main.py"][3] = ["api/main.py", [["bad"]], [], []]
    path.write_text(json.dumps(doc), encoding="utf-8")
    parsed.clear()
    assert codes(check(project)) == codes(first)
    assert set(parsed) == {"api/main.py"}


def test_unwritable_cache_dir_is_skipped_silently(project, parsed, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    cfg = Config(cache_dir=str(blocker / "cache"))
    first = run_check([project], cfg)
    assert codes(first) == {("api/main.py", "DW101"), ("api/db.py", "DW103")}
    assert not first.errors
    parsed.clear()
    run_check([project], cfg)
    assert set(parsed) == {"api/main.py", "api/db.py"}  # nothing could be kept


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permission bits")
def test_read_only_cache_dir_is_skipped_silently(project, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        result = run_check([project], Config(cache_dir=str(ro)))
        assert codes(result) == {("api/main.py", "DW101"), ("api/db.py", "DW103")}
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o700)


def test_no_cache_writes_nothing(project, tmp_path):
    res = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    assert res.exit_code == 1, res.output
    assert not (tmp_path / "xdg").exists()
    (project / "pyproject.toml").write_text("[tool.dockwise]\ncache = false\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", "--format", "json"])
    assert res.exit_code == 1, res.output
    assert not (tmp_path / "xdg").exists()


def test_project_local_cache_dir_gets_a_gitignore(project, parsed, tmp_path):
    (project / "pyproject.toml").write_text("[tool.dockwise]\ncache-dir = \".dockwise_cache\"\n", encoding="utf-8")
    check(project)
    local = project / ".dockwise_cache"
    assert (local / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    assert len(cache_files(local)) == 1
    assert not (tmp_path / "xdg").exists()
    parsed.clear()
    result = check(project)
    assert not parsed
    assert all(not f.span.path.startswith(".dockwise_cache") for f in result.findings)


def test_one_file_run_keeps_the_other_entries(project, parsed, tmp_path):
    check(project)
    run_check([project / "api" / "main.py"], load_config(project))
    parsed.clear()
    check(project)
    assert not parsed


def test_syntax_errors_are_cached_too(project, parsed):
    make(project, {"api/broken.py": "def f(:\n    host = 'localhost'\n"})
    first = check(project)
    assert [e.path for e in first.errors] == ["api/broken.py"]
    parsed.clear()
    second = check(project)
    assert not parsed
    assert second.errors == first.errors


def test_a_partial_parse_does_not_serve_a_file_named_on_the_command_line(project, parsed):
    """A big file's cached result from a directory run, where only the statements near its
    candidates were parsed (``extract/skeleton.py``), misses a syntax error elsewhere in it.
    Named on the command line (pre-commit), the file is parsed whole: the cached result is
    not used, and the error is reported; that whole result then serves both kinds of run."""
    filler = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n" for i in range(400))
    make(project, {"api/big.py": "import redis\nr = redis.Redis(host='localhost')\n" + filler
                    + "def broken():\n    x = = 1\n"})
    assert len((project / "api/big.py").read_text()) > 10_000
    first = check(project)
    assert not [e for e in first.errors if e.path == "api/big.py"]
    assert ("api/big.py", "DW101") in codes(first)
    parsed.clear()
    named = run_check([project / "api/big.py"], load_config(project))
    assert parsed["api/big.py"] == 1
    assert [e.message.startswith("syntax error") for e in named.errors if e.path.endswith("big.py")] == [True]
    parsed.clear()
    again = run_check([project / "api/big.py"], load_config(project))
    assert not parsed and again.errors == named.errors
    assert [e.path for e in check(project).errors] == ["api/big.py"]
    assert not parsed


def test_codec_round_trips(project):
    result = run_check([project], Config(cache=False))
    from dockwise.analysis import analyse_python
    from dockwise.knowledge import default_knowledge

    fr = analyse_python((project / "api/db.py").read_text(), "api/db.py", default_knowledge())
    assert fr.endpoints
    assert decode_result(json.loads(json.dumps(encode_result(fr)))) == fr
    assert result.findings


def test_disabled_cache_is_a_null_cache(project):
    assert not ResultCache.open(project, Config(cache=False)).enabled
    assert ResultCache.open(project, Config()).enabled


def test_the_parsed_rule_packs_are_cached_and_a_corrupt_copy_is_ignored(tmp_path, monkeypatch):
    """The bundled packs' parsed documents are kept as JSON under a hash of their bytes:
    the knowledge built from the copy equals the one built from the YAML, and a broken
    copy is parsed again (and replaced)."""
    from dockwise.knowledge import load_knowledge

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    fresh = load_knowledge()
    (stored,) = (tmp_path / "xdg" / "dockwise" / "knowledge").glob("*.json")
    assert load_knowledge() == fresh  # from the copy
    stored.write_bytes(b"{not json")
    assert load_knowledge() == fresh
    assert stored.read_bytes().startswith(b"[")  # replaced


# --------------------------------------------------------------------------- evidence and scans


@pytest.fixture
def judged(monkeypatch):
    """Counts the judge's searches (``Judge.judge``): a warm run in the same world makes none."""
    from dockwise.flow.judge import Judge

    counter: Counter[str] = Counter()
    real = Judge.judge

    def counting(self, rel, ep, services):
        counter[rel] += 1
        return real(self, rel, ep, services)

    monkeypatch.setattr(Judge, "judge", counting)
    return counter


FLOW_FILES = {
    "compose.yaml": "services:\n  api:\n    build: ./api\n    command: python main.py\n",
    "api/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
    "api/config.py": 'REDIS_HOST = "localhost"\n',
    "api/main.py": "import redis\nfrom config import REDIS_HOST\nr = redis.Redis(host=REDIS_HOST, port=6379)\n",
}


def test_a_warm_run_in_the_same_world_takes_every_judgement_from_the_cache(tmp_path, monkeypatch, judged):
    root = tmp_path / "proj"
    root.mkdir()
    (root / ".git").mkdir()
    make(root, FLOW_FILES)
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cold = check(root)
    assert codes(cold) == {("api/config.py", "DW101")} and judged["api/config.py"] == 1
    judged.clear()
    warm = check(root)
    assert [(f.code, f.span, f.evidence, f.suggestion) for f in warm.active] == \
        [(f.code, f.span, f.evidence, f.suggestion) for f in cold.active]
    assert not judged  # nothing followed again
    assert warm.active[0].evidence.kind == "redis.Redis(host)"


def test_an_edit_of_the_module_that_dials_is_judged_afresh(tmp_path, monkeypatch, judged):
    # the literal's own file is unchanged; the module that dialled it no longer does
    root = tmp_path / "proj"
    root.mkdir()
    (root / ".git").mkdir()
    make(root, FLOW_FILES)
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert codes(check(root)) == {("api/config.py", "DW101")}
    (root / "api/main.py").write_text("from config import REDIS_HOST\nprint(REDIS_HOST)\n", encoding="utf-8")
    judged.clear()
    assert codes(check(root)) == set() and judged["api/config.py"] == 1


def test_a_layout_change_is_judged_afresh(tmp_path, monkeypatch, judged):
    # the service stops running the module that dials: another world
    root = tmp_path / "proj"
    root.mkdir()
    (root / ".git").mkdir()
    files = dict(FLOW_FILES)
    files["api/other.py"] = "print('idle')\n"
    make(root, files)
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert codes(check(root)) == {("api/config.py", "DW101")}
    (root / "compose.yaml").write_text(FLOW_FILES["compose.yaml"].replace("main.py", "other.py"), encoding="utf-8")
    assert codes(check(root)) == set()


def test_module_scans_are_cached_under_the_stat_signature(tmp_path, monkeypatch):
    import dockwise.runs.build as build

    root = tmp_path / "proj"
    root.mkdir()
    (root / ".git").mkdir()
    make(root, FLOW_FILES)
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    scanned: list[int] = []
    real = build.scan_module
    monkeypatch.setattr(build, "scan_module", lambda text, *rest: scanned.append(1) or real(text, *rest))
    check(root)
    first = len(scanned)
    assert first >= 2
    check(root)
    assert len(scanned) == first  # nothing scanned again
    (root / "api/main.py").write_text("import config\nimport redis\nredis.Redis(host=config.REDIS_HOST)\n",
                                      encoding="utf-8")
    assert codes(check(root)) == {("api/config.py", "DW101")}
    assert len(scanned) == first + 1  # only the edited module


def test_error_kind_survives_the_cache_and_only_problems_are_cached():
    """A FileError's kind is typed data (not a message prefix): it round-trips through the
    cache encoding, and the engine caches only results whose errors are the input's."""
    from dockwise.cache import decode_result, encode_result
    from dockwise.pystage import _internal
    from dockwise.model import FileError, FileResult

    problem = FileResult("a.py", errors=(FileError("a.py", "syntax error: invalid syntax", 3, 1),))
    limit = FileResult("b.py", errors=(FileError("b.py", "too deeply nested to analyse", kind="limit"),))
    internal = FileResult("c.py", errors=(FileError("c.py", "internal error: boom", kind="internal"),))
    for result in (problem, limit, internal):
        assert decode_result(encode_result(result)) == result
    assert [_internal(r) for r in (problem, limit, internal)] == [False, True, True]
