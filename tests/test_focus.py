"""The per-literal prefilter (``extract/focus.py``): LibCST parses only the statements on
the prefilter's candidate lines, and what gives them context.

What must hold: the focused source parses, keeps every line number, keeps kept lines
byte for byte, and the extraction from it reports every endpoint on a candidate line
exactly as the whole file does.  Rule examples and the shared corpus are compared with
and without the prefilter in ``test_prefilter.py``; here it is real code: the standard
library, whose files hold every statement form there is.
"""
from __future__ import annotations

import ast
import os
import random
import types
from pathlib import Path

import pytest

from dockwise.source import SourceError, read_text
from dockwise.extract.focus import focus
from dockwise.extract.limits import inspect
from dockwise.extract.python import extract_python
from dockwise.knowledge import default_knowledge
from dockwise.prefilter import Prefilter

STDLIB = Path(os.path.dirname(ast.__file__))

# The default run samples with one seed; the other three, slow, run in CI (`pytest -m slow`).
SEEDS = [0, *(pytest.param(seed, marks=pytest.mark.slow) for seed in (1, 2, 3))]


def _focus(source: str, lines) -> str:
    refused, tree = inspect(source)
    assert refused is None and tree is not None
    text, _, line_map = focus(source, tree, frozenset(lines))
    return _expand(text, line_map, source.count("\n") + 1)


def _expand(text: str, line_map, n: int) -> str:
    """The focused source with each line back at its original number (empty lines between)."""
    if line_map is None:
        return text
    out = [""] * n
    for line, number in zip(text.split("\n"), line_map):
        out[number - 1] = line
    return "\n".join(out)


def _layout(*names: str):
    svc = [types.SimpleNamespace(name=n, container_name=None, hostname=None, networks=(), links=(),
                                 external_links=(), network_mode=None, implicit=False) for n in names]
    return types.SimpleNamespace(projects=[types.SimpleNamespace(services=svc, networks=[])])


@pytest.fixture(scope="module")
def knowledge():
    return default_knowledge()


@pytest.fixture(scope="module")
def pf(knowledge):
    return Prefilter(knowledge, _layout("db", "redis", "cache", "api", "web", "worker"))


def _stdlib_files(limit: int, seed: int) -> list[Path]:
    files = sorted(p for p in STDLIB.rglob("*.py") if "site-packages" not in p.parts)
    random.Random(seed).shuffle(files)
    return files[:limit]


# ----------------------------------------------------------------- the masking itself

TRICKY = '''\
import os, redis
from flask import Flask
import requests as rq
x = 1; y = "localhost"
if x: z = 2
else: z = 3
@decorator(
    arg="value",
)
def f(a,
      b="127.0.0.1"):
    """A docstring with localhost in it."""
    s = \\
        "text"
    t = """multi
line"""
    class Inner:
        model_config = {"env_prefix": "APP_"}
        other = 1
    return s
async def g():
    async with rq.Session() as session:
        await session.get("http://localhost")
    match x:
        case 1:
            pass
        case _:
            w = 4
try:
    pass
except Exception:
    e = 1
finally:
    q = 2
client = redis.Redis()
client.ping()
'''


def test_kept_lines_are_unchanged_and_the_numbering_holds():
    hot = {4, 23}  # y = "localhost" and the session.get line
    out = _focus(TRICKY, hot)
    src_lines, out_lines = TRICKY.split("\n"), out.split("\n")
    assert len(out_lines) == len(src_lines)
    for n in hot:
        assert out_lines[n - 1] == src_lines[n - 1]
    compile(out, "<focused>", "exec")
    assert "decorator" not in out  # decorators without candidate text go
    assert "multi" not in out and '"text"' not in out
    assert "async with rq.Session() as session:" in out  # the header of a kept statement
    assert "import requests as rq" in out  # the kept code calls through rq
    assert "from flask import Flask" in out  # flask imports always stay (app.run() guesses)
    assert "import os, redis" not in out  # nothing kept uses os or redis


def test_context_statements_stay():
    src = (
        "import redis\n"
        "client = redis.Redis()\n"
        "client = other()\n"
        "def f():\n"
        "    client.connection_pool.reset()\n"
        "    client.connect(host='localhost')\n"
        "class Settings(BaseSettings):\n"
        "    model_config = SettingsConfigDict(env_prefix='APP_')\n"
        "    name: str = 'x'\n"
        "    host: str = 'localhost'\n"
    )
    out = _focus(src, {6, 10}).split("\n")
    assert out[0] == "import redis"
    assert out[1] == "client = redis.Redis()"  # the first assignment types the variable
    assert out[2].strip() == "pass"
    assert out[4].strip() == "pass"
    assert out[7] == "    model_config = SettingsConfigDict(env_prefix='APP_')"
    assert out[8].strip() in ("pass", "")


def test_shared_lines_and_one_liners_stay_whole():
    src = "a = 1; b = 'localhost'\nif a: c = 'localhost'\nfor i in x: pass\n"
    out = _focus(src, {1, 2})
    assert out.split("\n")[:2] == src.split("\n")[:2]
    compile(out, "<focused>", "exec")


def test_blank_and_hash_lines_inside_a_kept_string_stay():
    """A decorator's triple-quoted string with an empty line and a line starting with "#":
    both are the string's text, not blank lines or comments to leave out."""
    src = (
        "import textwrap\n"
        "X = 1\n"
        "\n"
        "@router.get(\n"
        "    '/users',\n"
        "    extra={'sample': textwrap.dedent(\"\"\"\n"
        "        client = Client('http://localhost:7272')\n"
        "\n"
        "        # the client keeps its tokens\"\"\"),\n"
        "    },\n"
        ")\n"
        "def users():\n"
        "    return []\n"
    )
    refused, tree = inspect(src)
    assert refused is None and tree is not None
    text, _, line_map = focus(src, tree, frozenset({7}))
    compile(text, "<focused>", "exec")
    out = _expand(text, line_map, src.count("\n") + 1).split("\n")
    assert out[8] == "        # the client keeps its tokens\"\"\"),"


def test_a_body_on_the_line_a_multi_line_header_ends_keeps_the_header():
    """`def f(\n    a=1,\n) -> int: return ...`: the body shares its line with the end of the
    header, so the header cannot be shortened to `def _():` (that left a lone `)`)."""
    src = ("import requests\n"
           "def ping(\n"
           "    timeout: int = 3,\n"
           ") -> int: return requests.get('http://localhost:8000/').status_code\n"
           "def other(\n"
           "    x,\n"
           "):\n"
           "    return x\n")
    refused, tree = inspect(src)
    assert refused is None and tree is not None
    text, _, _ = focus(src, tree, frozenset({4}))
    compile(text, "<focused>", "exec")
    assert "def ping(" in text


def test_a_focusing_error_falls_back_to_the_unfocused_file(monkeypatch):
    """A bug guard: CPython read the file, so if the focused source does not parse, the
    extractor reads the file unfocused instead of reporting a syntax error."""
    import dockwise.extract.python as extract_module

    src = "import redis\n" + "X = 1\n" * 50 + "r = redis.Redis(host='localhost', port=6379)\n"
    monkeypatch.setattr(extract_module, "focus",
                        lambda source, tree, lines: ("r = (\n", [(tree, 1)], list(range(1, 3))))
    result = extract_python(src, "app.py", default_knowledge(), lines=frozenset({52}))
    assert result.errors == () and [e.host for e in result.endpoints] == ["localhost"]


def test_carriage_returns_leave_the_source_alone():
    src = "a = 1\r\nb = 'localhost'\r\n"
    assert _focus(src, {2}) == src


@pytest.mark.parametrize("seed", SEEDS)
def test_any_choice_of_lines_gives_a_valid_module_of_the_same_lines(seed):
    """Structural property over real files: whatever the candidate lines, the focused
    source compiles, has the same number of lines, and the candidate lines are intact."""
    rng = random.Random(seed)
    for path in _stdlib_files(60, seed):
        try:
            source = read_text(path)
        except SourceError:
            continue
        refused, tree = inspect(source)
        if tree is None or "\r" in source:
            continue
        lines = source.split("\n")
        hot = frozenset(rng.sample(range(1, len(lines) + 1), k=min(len(lines), rng.choice((1, 3, 10, 40)))))
        focused, _, line_map = focus(source, tree, hot)
        compile(focused, str(path), "exec", ast.PyCF_ONLY_AST)
        out = _expand(focused, line_map, len(lines))
        out_lines = out.split("\n")
        assert len(out_lines) == len(lines), path
        kept = sum(1 for a, b in zip(lines, out_lines) if a == b and a.strip())
        assert kept <= sum(1 for a in lines if a.strip())


# ----------------------------------------------------------------- same endpoints

def _differential(paths, pf, knowledge, profile="names+entry"):
    checked = 0
    for path in paths:
        try:
            data = path.read_bytes()
            source = read_text(path)
        except (SourceError, OSError):
            continue
        if len(source) > 300_000 or not pf.keep(data, profile):
            continue
        lines = pf.lines(data, profile)
        full = extract_python(source, "f.py", knowledge)
        focused = extract_python(source, "f.py", knowledge, lines=lines)
        assert bool(full.errors) == bool(focused.errors), path
        whole, part = set(full.endpoints), set(focused.endpoints)
        assert part <= whole, (path, part - whole)
        missing = [e for e in whole - part if e.span.line in lines]
        assert not missing, (path, missing)
        checked += 1
    return checked


# Slow (400 files of the standard library, ~5-15 s): the default run compares the focused and
# the whole extraction on every rule example (test_prefilter.py) and on the forms above.
@pytest.mark.slow
def test_focused_extraction_reports_what_the_whole_file_does_on_candidate_lines(pf, knowledge):
    """Every endpoint of the whole file on a candidate line, and nothing else, comes out
    of the focused source (a sample of the standard library: ~40 files with candidates)."""
    paths = [p for p in _stdlib_files(2000, 7) if "test" not in p.parts][:400]
    assert _differential(paths, pf, knowledge) >= 20


def test_focus_keeps_default_bind_calls(knowledge):
    pf = Prefilter(knowledge, _layout("api"))
    src = (
        "from flask import Flask\n"
        "app = Flask(__name__)\n"
        "def unrelated():\n"
        "    return compute(1, 2)\n"
        "if __name__ == '__main__':\n"
        "    app.run()\n"
    )
    data = src.encode()
    lines = pf.lines(data, "fixed+entry")
    assert 6 in lines
    full = extract_python(src, "app.py", knowledge)
    focused = extract_python(src, "app.py", knowledge, lines=lines)
    assert [e.role for e in focused.endpoints] == [e.role for e in full.endpoints] == ["bind-default"]


def test_the_bounds_apply_to_what_libcst_is_given(knowledge):
    """A pathological expression LibCST would choke on is refused when it sits on a
    candidate line, and costs nothing when it sits elsewhere (it is never parsed)."""
    chain = "x = " + "+".join(["1"] * 600) + "\n"
    far = "import redis\n" + chain + "r = redis.Redis(host='localhost')\n"
    result = extract_python(far, "app.py", knowledge, lines=frozenset({3}))
    assert not result.errors
    assert [e.host for e in result.endpoints] == ["localhost"]
    near = "import redis\n" + "r = redis.Redis(host='localhost', port=" + "+".join(["1"] * 600) + ")\n"
    result = extract_python(near, "app.py", knowledge, lines=frozenset({2}))
    assert result.errors and "too" in result.errors[0].message
