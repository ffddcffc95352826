"""Worker processes give the same results as the serial run, with every start method,
and a crashing worker becomes a FileError instead of a hung or failed run."""
from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

import dockwise.parallel as parallel
from dockwise.analysis import Item
from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.knowledge import default_knowledge

N_FILES = parallel.MIN_FILES + 12

COMPOSE = """\
services:
  api:
    build: ./api
  db:
    image: postgres:16
    ports: ["15432:5432"]
  redis:
    image: redis:7
"""


def _project(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    api = root / "api"
    api.mkdir()
    (api / "Dockerfile").write_text("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n", encoding="utf-8")
    for i in range(N_FILES):
        kind = i % 4
        if kind == 0:
            text = f"import redis\nR{i} = redis.Redis(host='localhost', port=6379)\n"
        elif kind == 1:
            text = f"import psycopg2\nC{i} = psycopg2.connect(host='db', port=15432)\n"
        elif kind == 2:
            text = f"CACHE_URL = 'redis://reddis:6379/{i}'\n"
        else:
            text = f"def f{i}(:\n    return 'localhost'\n"  # a syntax error
        (api / f"m{i:03d}.py").write_text(text, encoding="utf-8")
    # a value dialled in another module: the judge follows it (in the worker that parsed it)
    (api / "conf.py").write_text('QUEUE_HOST = "localhost"\n', encoding="utf-8")
    (api / "use.py").write_text("import redis\nfrom conf import QUEUE_HOST\nq = redis.Redis(host=QUEUE_HOST)\n",
                                encoding="utf-8")
    return root


def _key(result):
    return (sorted([(f.span, f.code, f.message, f.suggestion, f.evidence) for f in result.findings], key=repr),
            sorted((e.path, e.message, e.line) for e in result.errors),
            sorted(result.sources))


@pytest.fixture(scope="module")
def serial_and_root(tmp_path_factory):
    root = _project(tmp_path_factory.mktemp("par") / "proj")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        serial = run_check([root], Config(cache=False, jobs=1))
    finally:
        os.chdir(cwd)
    return root, serial


@pytest.mark.parametrize("method", [m for m in ("fork", "spawn", "forkserver")
                                    if m in multiprocessing.get_all_start_methods()])
def test_pool_gives_the_serial_results(serial_and_root, method, monkeypatch):
    root, serial = serial_and_root
    monkeypatch.chdir(root)
    monkeypatch.setenv("DOCKWISE_START_METHOD", method)
    calls = []
    real = parallel.Analyser._start
    monkeypatch.setattr(parallel.Analyser, "_start", lambda self: calls.append(1) or real(self))
    pooled = run_check([root], Config(cache=False, jobs=2))
    assert calls, "the pool was not used"
    assert _key(pooled) == _key(serial)
    assert {f.code for f in serial.findings} >= {"DW101", "DW103", "DW105"}
    assert len(serial.errors) == N_FILES // 4
    assert any(f.span.path == "api/conf.py" and f.evidence.kind == "redis.Redis(host)" for f in serial.findings)


def test_forked_workers_judge_the_files_they_parse(serial_and_root, monkeypatch):
    # with fork, the workers inherit the layout and what each container runs: the parent
    # follows no value itself (its Judge.judge is never called), and the results are the same
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here")
    from dockwise.flow.judge import Judge

    root, serial = serial_and_root
    monkeypatch.chdir(root)
    monkeypatch.setenv("DOCKWISE_START_METHOD", "fork")
    parent = os.getpid()
    in_parent = []
    real = Judge.judge
    monkeypatch.setattr(Judge, "judge", lambda self, *a: (in_parent.append(1) if os.getpid() == parent else None)
                        or real(self, *a))
    pooled = run_check([root], Config(cache=False, jobs=2))
    assert _key(pooled) == _key(serial)
    assert not in_parent
    assert parallel._JUDGE_FILE is None  # not left behind for the next run


def test_few_files_stay_in_process(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel.Analyser, "_start", lambda self: pytest.fail("a pool for a handful of files"))
    items = [Item(f"m{i}.py", None, "HOST = 'localhost'\n") for i in range(5)]
    out = parallel.analyse_files(items, default_knowledge(), (), jobs=4)
    assert [o[0] for o in out] == [item.rel for item in items]
    assert all(o[1] is not None and o[1].endpoints for o in out)


def test_progress_is_reported_for_every_file(serial_and_root, monkeypatch):
    root, _ = serial_and_root
    monkeypatch.chdir(root)
    seen = []
    run_check([root], Config(cache=False, jobs=2), progress=lambda n, total: seen.append((n, total)))
    assert seen and seen[-1][0] == seen[-1][1] == N_FILES + 2  # and conf.py, use.py
    assert [n for n, _ in seen] == sorted(n for n, _ in seen)


def _crashing_analyse(item, knowledge, *rest):
    if item.rel == "crash.py":
        os._exit(3)  # a native crash in the parser, as far as the pool can tell
    return _REAL_ANALYSE(item, knowledge, *rest)


_REAL_ANALYSE = parallel.analyse_one


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_a_crashing_worker_becomes_a_file_error(monkeypatch):
    monkeypatch.setattr(parallel, "analyse_one", _crashing_analyse)  # inherited by forked workers
    items = [Item(f"m{i}.py", None, f"HOST_{i} = 'localhost'\n") for i in range(N_FILES)]
    items.insert(7, Item("crash.py", None, "HOST = 'localhost'\n"))
    out = parallel.analyse_files(items, default_knowledge(), (), jobs=2, start_method="fork")
    by_rel = {rel: (result, problem) for rel, result, problem, _, _ in out}
    assert set(by_rel) == {item.rel for item in items}
    result, problem = by_rel["crash.py"]
    (error,) = result.errors
    assert problem is None and error.kind == "internal" and "died" in error.message
    ok = [rel for rel, (r, _) in by_rel.items() if r is not None and not r.errors]
    assert len(ok) == N_FILES  # the others were retried and analysed


def test_jobs_option_reaches_the_config(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dockwise.cli import cli

    root = _project(tmp_path / "proj")
    monkeypatch.chdir(root)
    seen = {}
    real = parallel.Analyser.__init__

    def spy(self, knowledge, packs, **kw):
        seen["jobs"] = kw.get("jobs")
        return real(self, knowledge, packs, **kw)

    monkeypatch.setattr(parallel.Analyser, "__init__", spy)
    res = CliRunner().invoke(cli, ["check", "--no-cache", "--jobs", "1", "--format", "json"])
    assert res.exit_code == 2, res.output  # findings and syntax errors
    assert seen["jobs"] == 1
    assert CliRunner().invoke(cli, ["check", "--jobs", "0"]).exit_code == 2


def test_the_judge_takes_the_tree_the_extraction_just_made(tmp_path, monkeypatch):
    # each file is judged right after its extraction, so the judge follows its values over
    # the extractor's syntax tree (``flow.index.offer_tree``): a judged file is parsed once,
    # not once more for the judge after every other file was extracted
    import ast

    root = _project(tmp_path / "proj")
    monkeypatch.chdir(root)
    parsed: list[str] = []
    real = ast.parse
    monkeypatch.setattr(ast, "parse", lambda source, filename="<unknown>", *a, **k:
                        parsed.append(str(filename)) or real(source, filename, *a, **k))
    result = run_check([root], Config(cache=False, jobs=1))
    judged = {f.span.path for f in result.findings if f.span.path.startswith("api/m")}
    assert len(judged) > 2
    assert not judged & set(parsed)
