"""The scan that blanks what ``focus`` cannot use before CPython parses (``extract/skeleton.py``).

What must hold: the masked source has the file's lines, kept lines unchanged; CPython's
tree of it holds exactly the file's statements where it keeps them (headers with their
fields, simple statements whole); the extraction from it equals the extraction after a
whole-file parse; and where the scan cannot be sure of the structure it gives up (None).
"""
from __future__ import annotations

import ast
import os
import random
from pathlib import Path

import pytest

from dockwise.source import SourceError, read_text
from dockwise.extract.python import extract_python
from dockwise.extract.skeleton import mask
from dockwise.knowledge import default_knowledge

STDLIB = Path(os.path.dirname(ast.__file__))

# The default run samples with one seed; the other three, slow, run in CI (`pytest -m slow`).
SEEDS = [0, *(pytest.param(seed, marks=pytest.mark.slow) for seed in (1, 2, 3))]


@pytest.fixture(scope="module")
def knowledge():
    return default_knowledge()


@pytest.fixture(autouse=True)
def mask_every_file(monkeypatch):
    """The extractor masks files of 10,000 characters or more; here, every file."""
    import dockwise.extract.limits as limits

    monkeypatch.setattr(limits, "MASK_MIN_CHARS", 0)


def _stdlib_sources(limit: int, seed: int):
    files = sorted(p for p in STDLIB.rglob("*.py") if "site-packages" not in p.parts)
    random.Random(seed).shuffle(files)
    out = []
    for path in files:
        try:
            source = read_text(path)
        except SourceError:
            continue
        if len(source) > 400_000:
            continue
        try:
            compile(source, str(path), "exec", ast.PyCF_ONLY_AST)
        except (SyntaxError, ValueError):
            continue
        out.append((path, source))
        if len(out) >= limit:
            break
    return out


def _header_fields(node: ast.AST) -> str:
    """The node without its bodies (and without end positions, which bodies move)."""
    parts = []
    for name, value in ast.iter_fields(node):
        if name in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        if isinstance(value, list):
            parts.append(f"{name}=[{', '.join(ast.dump(v, include_attributes=True) for v in value if isinstance(v, ast.AST))}]")
        elif isinstance(value, ast.AST):
            parts.append(f"{name}={ast.dump(value, include_attributes=True)}")
        else:
            parts.append(f"{name}={value!r}")
    return f"{type(node).__name__}({', '.join(parts)})"


def _statements(tree: ast.AST) -> dict[tuple[int, int], ast.stmt]:
    return {(n.lineno, n.col_offset): n for n in ast.walk(tree) if isinstance(n, ast.stmt)}


def _check_against_file(source: str, masked: str, label) -> None:
    lines, out = source.split("\n"), masked.split("\n")
    assert len(out) == len(lines), label
    for a, b in zip(lines, out):
        assert b in (a, "") or b.strip() == "pass", label
    full = _statements(compile(source, "f.py", "exec", ast.PyCF_ONLY_AST))
    part = compile(masked, "f.py", "exec", ast.PyCF_ONLY_AST)
    for (line, col), node in _statements(part).items():
        if isinstance(node, ast.Pass) and lines[line - 1].strip() != "pass":
            continue  # a body left empty
        twin = full.get((line, col))
        assert twin is not None and type(twin) is type(node), (label, line)
        if any(isinstance(getattr(node, f, None), list) for f in ("body", "handlers", "cases")):
            assert _header_fields(node) == _header_fields(twin), (label, line)
        else:
            assert ast.dump(node, include_attributes=True) == ast.dump(twin, include_attributes=True), (label, line)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_masked_tree_is_the_files_tree_where_it_keeps(seed):
    """Real code (a sample of the standard library), random candidate lines: what stays
    is the file's own statements, at their own positions, headers with their fields."""
    rng = random.Random(seed)
    checked = gave_up = 0
    for path, source in _stdlib_sources(50, seed):
        n = source.count("\n") + 1
        hot = frozenset(rng.sample(range(1, n + 1), k=min(n, rng.choice((1, 2, 5, 20)))))
        masked = mask(source, hot)
        if masked is None:
            gave_up += 1
            continue
        _check_against_file(source, masked, (path, sorted(hot)))
        checked += 1
    assert checked >= 40 and gave_up <= 5


# Slow (60 files of the standard library): the default run compares the two extractions
# on every line of TRICKY (test_every_line_of_a_file_of_tricky_forms).
@pytest.mark.slow
def test_the_extraction_from_the_mask_is_the_whole_files(knowledge):
    """Candidate lines on every string literal line of real files (the prefilter's worst
    case): the endpoints and errors are those of a whole-file parse, field for field."""
    rng = random.Random(11)
    compared = 0
    for path, source in _stdlib_sources(60, 3):
        text = source.split("\n")
        quoted = [i + 1 for i, line in enumerate(text) if '"' in line or "'" in line]
        if not quoted:
            continue
        hot = frozenset(rng.sample(quoted, k=min(len(quoted), 25)))
        a = extract_python(source, "f.py", knowledge, lines=hot)
        b = extract_python(source, "f.py", knowledge, lines=hot, whole=True)
        assert a == b, path
        compared += 1
    assert compared >= 40


TRICKY = '''\
import os, redis
from flask import Flask
app = Flask(__name__)
client = redis.Redis(
    host="cache",
)
def documented():
    """A docstring that looks like code:
def fake():
    return "localhost"
"""
    return 1
x = [1,
2]; y = "localhost"
if x: z = "127.0.0.1"
elif y:
    pass
else: z = 3
@decorator(
    arg="value",
)
def f(a,
      b="127.0.0.1"):
    s = \\
        "text"
    class Inner(Base):
        model_config = {"env_prefix": "APP_"}
        other = 1
    return s
async def g():
    async with open_session() as session:
        await session.get("http://localhost")
    for i in range(3):
        pass
    else:
        w = "10.0.0.1"
try:
    pass
except Exception:
    e = "localhost"
else:
    pass
finally:
    q = 2
match x:
    case 1:
        m = "localhost"
    case _:
        pass
client.ping()
app.run(host="0.0.0.0")
'''


@pytest.mark.parametrize("line", range(1, TRICKY.count("\n") + 1))
def test_every_line_of_a_file_of_tricky_forms(line, knowledge):
    """Each line of a file holding the forms the scan must read right, as the only
    candidate line: the tree is the file's where it keeps, the extraction the same."""
    masked = mask(TRICKY, {line})
    assert masked is not None
    _check_against_file(TRICKY, masked, line)
    a = extract_python(TRICKY, "f.py", knowledge, lines=frozenset({line}))
    b = extract_python(TRICKY, "f.py", knowledge, lines=frozenset({line}), whole=True)
    assert a == b


def test_what_stays_around_a_candidate():
    out = mask(TRICKY, {51}).split("\n")  # app.run(host="0.0.0.0")
    assert out[50] == 'app.run(host="0.0.0.0")'
    assert out[2] == "app = Flask(__name__)"  # the variable it calls through
    assert out[1] == "from flask import Flask" and out[0] == "import os, redis"  # every import
    assert out[3] == ""  # client = ...: not called through by the kept line
    assert out[9] == ""  # the docstring's "code" is a string, blanked with it
    out = mask(TRICKY, {50}).split("\n")  # client.ping()
    assert out[3:6] == ["client = redis.Redis(", '    host="cache",', ")"]
    out = mask(TRICKY, {40}).split("\n")  # e = "localhost" in an except clause
    assert out[36:43] == ["try:", "    pass", "except Exception:", '    e = "localhost"', "else:", "    pass", "finally:"]
    assert out[43] == "    pass"  # finally's body, emptied
    out = mask(TRICKY, {47}).split("\n")  # inside a match: it stays whole
    assert out[44:49] == TRICKY.split("\n")[44:49]


def test_a_decorator_keeps_what_it_decorates():
    src = "@app.get('/', host='localhost')\ndef index():\n    return hits()\n"
    assert mask(src, {1}) == "@app.get('/', host='localhost')\ndef index():\n    pass\n"


@pytest.mark.parametrize("source", [
    "x = 1\r\ny = 'localhost'\r\n",  # carriage returns
    "if x:\n\ty = 'localhost'\n",  # a tab in an indentation
    "x = 'unterminated\ny = 'localhost'\n",  # an unterminated string
    "x = (1,\ny = 'localhost'\n",  # an unclosed bracket
    "x = 1)\ny = 'localhost'\n",  # a closing bracket too many
    "x = 1 \\ y\ny = 'localhost'\n",  # a backslash outside a string, not before a newline
    'x = f"{d["k"]}"\ny = "localhost"\n',  # Python 3.12: a replacement field with the same quote
    "x = 1\x0c\ny = 'localhost'\n",  # a form feed
])
def test_the_scan_gives_up_where_it_cannot_be_sure(source):
    assert mask(source, {2}) is None


def test_fstrings_the_scan_can_read():
    src = 'a = f"{x:{w}} {{literal}} {d[\'k\']}"\nb = "localhost"\n'
    assert mask(src, {2}) == '\nb = "localhost"\n'


def test_a_mask_cpython_rejects_falls_back_to_the_whole_file(knowledge, monkeypatch):
    """Should the scan ever misread a file so that what it leaves does not parse, the
    whole file is parsed instead: the result is the whole file's, never an error."""
    import dockwise.extract.skeleton as skeleton

    src = "import redis\nr = redis.Redis(host='localhost')\n"
    expected = extract_python(src, "f.py", knowledge, lines=frozenset({2}), whole=True)
    monkeypatch.setattr(skeleton, "mask", lambda source, lines: "def (:\n")
    assert extract_python(src, "f.py", knowledge, lines=frozenset({2})) == expected
    assert expected.endpoints and not expected.errors


def test_a_syntax_error_where_no_rule_looks_is_reported_only_for_a_whole_parse(knowledge):
    """When a directory is checked, a broken statement far from every candidate in a big
    file is not parsed (not reported); a file named on the command line is parsed whole."""
    src = "import redis\nr = redis.Redis(host='localhost')\n\ndef broken():\n    x = = 1\n"
    lines = frozenset({2})
    assert not extract_python(src, "f.py", knowledge, lines=lines).errors
    errors = extract_python(src, "f.py", knowledge, lines=lines, whole=True).errors
    assert errors and "syntax error" in errors[0].message and errors[0].line == 5


def test_long_blocks_are_read_without_recursion():
    """Thousands of statements in one block, thousands of methods in one class."""
    body = "".join(f"    x{i} = {i}\n" for i in range(5000))
    src = "def f():\n" + body + '    y = "localhost"\n'
    out = mask(src, {5002}).split("\n")
    assert out[0] == "def f():" and out[5001] == '    y = "localhost"' and not any(out[1:5001])
    cls = "class C:\n" + "".join(f"    def m{i}(self):\n        return {i}\n" for i in range(3000))
    cls += '    def last(self):\n        h = "localhost"\n'
    n = cls.count("\n")
    out = mask(cls, {n}).split("\n")
    assert out[0] == "class C:" and out[n - 2:n] == ["    def last(self):", '        h = "localhost"']
    _check_against_file(cls, "\n".join(out), "methods")


def test_the_scan_reads_pathological_text():
    """Long runs of escaped quotes and deep brackets on one line: read, not choked on (the
    expressions are linear: each token is one match)."""
    src = ("x = '" + "\\'" * 50_000 + "'\n") * 10 + ("y = (" + "(" * 1000 + ")" * 1000 + ")\n") * 100 + "z = 'localhost'\n"
    masked = mask(src, {src.count("\n")})
    assert masked is not None and masked.endswith("z = 'localhost'\n")


def test_small_files_are_parsed_whole(knowledge, monkeypatch):
    """Below the size where masking pays, the whole file is parsed: its syntax errors are
    reported wherever they are."""
    import dockwise.extract.limits as limits

    monkeypatch.setattr(limits, "MASK_MIN_CHARS", 10_000)
    src = "import redis\nr = redis.Redis(host='localhost')\n\ndef broken():\n    x = = 1\n"
    assert extract_python(src, "f.py", knowledge, lines=frozenset({2})).errors
    big = src + "\n".join(f"v{i} = {i}" for i in range(2000)) + "\n"
    assert not extract_python(big, "f.py", knowledge, lines=frozenset({2})).errors
